"""Provision numbers for a new office with the python-bandwidth (Catapult) SDK.

    python provision.py 919 3
"""

import sys

import bandwidth

from settings import AUTH, USER_ID

api = bandwidth.client("catapult", USER_ID, *AUTH)


def find_numbers(area_code, quantity=3):
    """Available local numbers in an area code."""
    return api.search_available_local_numbers(area_code=area_code, quantity=quantity)


def buy_numbers(area_code, quantity):
    """Search and order in one V1 call: the numbers are ours when it returns."""
    return api.search_and_order_local_numbers(area_code=area_code, quantity=quantity)


def release_all(prefix):
    """Release every number whose name starts with ``prefix``."""
    for number in api.list_phone_numbers(size=1000):
        if number.get("name", "").startswith(prefix):
            api.delete_phone_number(number["id"])


if __name__ == "__main__":
    area, count = sys.argv[1], int(sys.argv[2])
    print([n["number"] for n in find_numbers(area, count)])
    print(buy_numbers(area, count))
