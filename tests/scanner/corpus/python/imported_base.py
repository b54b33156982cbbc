"""The base URL comes from another module: found by its V1-only path."""

import requests

from .config import V1_URL, auth


def local(area):
    return requests.get(V1_URL + "/availableNumbers/local", params={"areaCode": area}, auth=auth)


def cnam(number):
    return requests.get(f"{V1_URL}/phoneNumbers/numberInfo/{number}", auth=auth)
