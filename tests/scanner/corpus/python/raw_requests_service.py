"""Numbers service for the call-center app (raw HTTP against Catapult V1)."""

import logging
import os

import requests

log = logging.getLogger(__name__)

CATAPULT_API = "https://api.catapult.inetwork.com"
API_VERSION = "v1"
USER_ID = os.getenv("CATAPULT_USER_ID")
TOKEN = os.getenv("CATAPULT_API_TOKEN")
SECRET = os.getenv("CATAPULT_API_SECRET")


class NumberService:
    def __init__(self, session=None):
        self.session = session or requests.Session()
        self.session.auth = (TOKEN, SECRET)
        self.base = "{}/{}".format(CATAPULT_API, API_VERSION)

    def search(self, area_code, quantity=10):
        resp = self.session.get(
            self.base + "/availableNumbers/local",
            params={"areaCode": area_code, "quantity": quantity},
        )
        resp.raise_for_status()
        return resp.json()

    def search_toll_free(self, pattern="8**"):
        url = "%s/availableNumbers/tollFree?pattern=%s" % (self.base, pattern)
        return self.session.get(url).json()

    def buy(self, number, name=None):
        resp = self.session.post(
            f"{self.base}/users/{USER_ID}/phoneNumbers",
            json={"number": number, "name": name},
        )
        location = resp.headers["Location"]
        log.info("bought %s -> %s", number, location)
        return location.rsplit("/", 1)[-1]

    def bulk_buy(self, state, quantity):
        return self.session.post(
            self.base + "/availableNumbers/local?state=" + state + "&quantity=" + str(quantity)
        ).json()

    def get(self, number_id):
        return self.session.get(f"{self.base}/users/{USER_ID}/phoneNumbers/{number_id}").json()

    def rename(self, number_id, name):
        self.session.post(
            f"{self.base}/users/{USER_ID}/phoneNumbers/{number_id}", json={"name": name}
        )

    def release(self, number_id):
        self.session.delete(f"{self.base}/users/{USER_ID}/phoneNumbers/{number_id}")

    def send_sms(self, to, text):
        return self.session.post(
            f"{self.base}/users/{USER_ID}/messages",
            json={"from": "+19195551212", "to": to, "text": text},
        )
