"""V2 (Dashboard) numbers code: must never be flagged as V1."""

import requests
from lxml import etree

DASHBOARD = "https://dashboard.bandwidth.com/api"
ACCOUNT = "9900000"


def search(area_code):
    url = f"{DASHBOARD}/accounts/{ACCOUNT}/availableNumbers"
    return etree.fromstring(requests.get(url, params={"areaCode": area_code}).content)


def order(numbers, site_id):
    body = "<Order><SiteId>%s</SiteId></Order>" % site_id
    return requests.post(f"{DASHBOARD}/accounts/{ACCOUNT}/orders", data=body)


def in_service():
    return requests.get(DASHBOARD + "/accounts/" + ACCOUNT + "/inserviceNumbers")


def disconnect(tn):
    return requests.post(f"{DASHBOARD}/accounts/{ACCOUNT}/disconnects", data=tn)
