"""V1 (Catapult) contract: searches, validation messages, ordering, listing, deleting."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from sandbox_helpers import V1, V2

JSON = "application/json; charset=utf-8"


def _error(r: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"] == JSON
    body = r.json()
    assert set(body) == {"category", "code", "message", "details"}
    assert body["code"] == code
    names = [d["name"] for d in body["details"]]
    assert names == ["requestMethod", "remoteAddress", "requestPath"]
    assert not body["details"][2]["value"].startswith(("/", "v1/"))
    return body


def test_seed_guide_local_search(v1: V1) -> None:
    r = v1.get("/availableNumbers/local", areaCode="910", quantity=1)
    assert r.status_code == 200 and r.headers["Content-Type"] == JSON
    (item,) = r.json()
    assert set(item) == {"number", "nationalNumber", "city", "lata", "rateCenter", "state", "price"}
    assert re.fullmatch(r"\+1910\d{7}", item["number"])
    assert item["nationalNumber"] == f"(910) {item['number'][5:8]}-{item['number'][8:]}"
    assert item["state"] == "NC" and isinstance(item["price"], str)


def test_default_quantity_is_10_and_search_types(v1: V1) -> None:
    assert len(v1.get("/availableNumbers/local", areaCode="919").json()) == 10
    by_state = v1.get("/availableNumbers/local", state="VA", quantity=5).json()
    assert {i["state"] for i in by_state} == {"VA"}
    by_city = v1.get("/availableNumbers/local", state="NC", city="Raleigh", quantity=5).json()
    assert {i["city"] for i in by_city} == {"RALEIGH"}
    local = v1.get("/availableNumbers/local", areaCode="919", localNumber="228", quantity=5).json()
    assert all(i["number"].startswith("+1919228") for i in local)
    widened = v1.get(
        "/availableNumbers/local",
        areaCode="540",
        localNumber="551",
        inLocalCallingArea="true",
        quantity=20,
    ).json()
    assert len(widened) > len(
        v1.get("/availableNumbers/local", areaCode="540", localNumber="551", quantity=20).json()
    )
    from numkit.sandbox.inventory import Inventory

    ex = Inventory().exchange("919228")
    assert ex is not None
    by_zip = v1.get("/availableNumbers/local", zip=ex.zip, quantity=5).json()
    assert by_zip and all(i["state"] == "NC" for i in by_zip)


def test_pattern_and_pattern_match(v1: V1) -> None:
    items = v1.get("/availableNumbers/local", areaCode="919", pattern="*2?9*", quantity=5).json()
    assert items
    for item in items:
        assert re.fullmatch(r"\d*2\d9\d*", item["number"][2:])
        assert len(item["patternMatch"]) == len(item["nationalNumber"])
        assert set(item["patternMatch"]) <= {" ", "2", "9"}
    words = v1.get("/availableNumbers/local", areaCode="919", pattern="*CAR*", quantity=3).json()
    assert all("227" in i["number"][2:] for i in words)


def test_toll_free_search(v1: V1) -> None:
    items = v1.get("/availableNumbers/tollFree", quantity=3, pattern="8**").json()
    assert len(items) == 3
    for item in items:
        assert set(item) == {"number", "nationalNumber", "patternMatch", "price"}
        assert item["number"][2:5] in {"800", "833", "844", "855", "866", "877", "888"}
    assert len(v1.get("/availableNumbers/tollFree").json()) == 10


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({}, "invalid-available-number-search", "Specify a State ZIP Code or Area Code with your query."),
        ({"city": "Raleigh"}, "invalid-available-number-search", "For searching by City the State is also required."),
        ({"city": "Raleigh", "zip": "27606"}, "invalid-available-number-search", "A query cannot combine City with ZIP Code."),
        ({"city": "Raleigh", "state": "NC", "areaCode": "919"}, "invalid-available-number-search", "A query cannot combine City with Area Code or Local Number."),
        ({"zip": "27606", "state": "NC"}, "invalid-available-number-search", "A query cannot combine ZIP Code with State."),
        ({"zip": "27606", "areaCode": "919"}, "invalid-available-number-search", "A query cannot combine ZIP Code with Area Code or Local Number."),
        ({"zip": "27606", "state": "NC", "areaCode": "919"}, "invalid-available-number-search", "A query cannot combine ZIP Code and State with Area Code or Local Number."),
        ({"state": "NC", "areaCode": "919"}, "invalid-available-number-search", "A query cannot combine State with Area Code or Local Number."),
        ({"areaCode": "91"}, "invalid-available-number-search", "An Area Code must be 3 digits."),
        ({"areaCode": "919", "localNumber": "22"}, "invalid-available-number-search", "Local Number must contains at least 3 digits."),
        ({"areaCode": "919", "localNumber": "22888"}, "invalid-available-number-search", "localNumber must contain a maximum of 4 digits"),
        ({"areaCode": "919", "quantity": "5001"}, "invalid-available-number-search", "The maximum quantity of numbers is 5000"),
        ({"areaCode": "919", "quantity": "0"}, "validation-error", "Quantity must be greater than zero."),
        ({"areaCode": "919", "quantity": "lots"}, "validation-error", "Bad parameters"),
        ({"zip": "00000"}, "invalid-zip-code", "The ZIP code 00000 did not map to a location where telephone numbers are available"),
    ],
)  # fmt: skip
def test_local_search_validation_messages(
    v1: V1, params: dict[str, str], code: str, message: str
) -> None:
    body = _error(v1.get("/availableNumbers/local", **params), 400, code)
    assert body["message"] == message
    assert body["category"] in ("bad-request",)


def test_unknown_city_is_403_invalid_rate_center(v1: V1) -> None:
    body = _error(
        v1.get("/availableNumbers/local", city="Atlantis", state="NC"), 403, "invalid-rate-center"
    )
    assert body["message"] == "The city Atlantis in the state NC was not found"


def test_search_and_order(v1: V1, v2: V2) -> None:
    r = v1.post("/availableNumbers/local", areaCode="984", quantity=2)
    assert r.status_code == 201
    items = r.json()
    assert len(items) == 2
    for item in items:
        assert {"number", "nationalNumber", "price", "location"} <= set(item)
        got = v1.get(item["location"])
        assert got.status_code == 200 and got.json()["number"] == item["number"]
    # One pool, one owner: the same customer sees them on V2.
    assert v2.get(f"/inserviceNumbers/{items[0]['number'][2:]}").status_code == 200
    body = _error(
        v1.post("/availableNumbers/local", areaCode="984", quantity=11),
        400,
        "invalid-available-number-search-order",
    )
    assert "10" in body["message"]
    body = _error(
        v1.post("/availableNumbers/local", areaCode="984", pattern="9*"),
        400,
        "invalid-available-number-search-order",
    )
    assert body["message"] == "A query and order numbers cannot contain pattern"
    tf = v1.post("/availableNumbers/tollFree")
    assert tf.status_code == 201 and len(tf.json()) == 1


def test_search_and_order_never_allocates_a_partial_quantity(v1: V1) -> None:
    def left() -> int:
        return len(
            v1.get("/availableNumbers/local", state="NC", city="SPARTA", quantity=5000).json()
        )

    while left() >= 10:
        assert v1.post("/availableNumbers/local", state="NC", city="SPARTA").status_code == 201
    before = left()
    r = v1.post("/availableNumbers/local", state="NC", city="SPARTA", quantity=10)
    _error(r, 404, "order-number-quantity-unavailable")
    assert left() == before


def test_order_get_update_delete(v1: V1) -> None:
    number = v1.get("/availableNumbers/local", areaCode="312", quantity=1).json()[0]["number"]
    r = v1.post(v1.numbers_path, json={"number": number, "name": "desk", "applicationId": None})
    assert r.status_code == 201 and r.content == b""
    assert "Content-Type" not in r.headers
    location = r.headers["Location"]
    assert location.startswith("http") and re.search(r"/phoneNumbers/n-[a-z0-9]{24}$", location)
    got = v1.get(location).json()
    assert got["number"] == number and got["name"] == "desk" and got["numberState"] == "enabled"
    assert got["id"] == location.rsplit("/", 1)[1] and got["createdTime"].endswith("Z")
    assert "applicationId" not in got
    by_number = v1.get(f"{v1.numbers_path}/%2B{number[1:]}")
    assert by_number.status_code == 200 and by_number.json()["id"] == got["id"]

    up = v1.post(location, json={"applicationId": "a-123", "name": None, "fallbackNumber": None})
    assert up.status_code == 200 and up.content == b""
    got = v1.get(location).json()
    assert got["applicationId"] == "a-123" and got["name"] == "desk"
    assert got["application"].endswith("/applications/a-123")
    v1.post(location, json={"applicationId": ""})
    assert "applicationId" not in v1.get(location).json()

    dup = _error(v1.post(v1.numbers_path, json={"number": number}), 409, "duplicate-number")
    assert got["id"] in dup["message"]

    deleted = v1.delete(location)
    assert deleted.status_code == 200 and deleted.content == b""
    _error(v1.get(location), 404, "number-not-found")
    _error(v1.delete(location), 404, "number-not-found")
    # The V1 user that released it cannot order it back (it is aging).
    _error(v1.post(v1.numbers_path, json={"number": number}), 404, "number-not-found")


def test_order_validation_and_foreign_numbers(v1: V1) -> None:
    _error(v1.post(v1.numbers_path, json={"number": "12"}), 400, "validation-error")
    _error(v1.post(v1.numbers_path, json={}), 400, "validation-error")
    bad_json = v1.http.post(v1.url(v1.numbers_path), data=b"{not json", auth=v1.auth, timeout=10)
    _error(bad_json, 400, "validation-error")
    _error(v1.post(v1.numbers_path, json=["+19195551212"]), 400, "validation-error")
    number = v1.get("/availableNumbers/local", areaCode="773", quantity=1).json()[0]["number"]
    other = V1(v1.sb, auth=("t-other", "s-other"), user="u-other")
    assert other.post(other.numbers_path, json={"number": number}).status_code == 201
    _error(v1.post(v1.numbers_path, json={"number": number}), 404, "number-not-found")
    _error(v1.get(f"{v1.numbers_path}/%2B{number[1:]}"), 404, "number-not-found")


def test_list_paging_with_link_headers(v1: V1) -> None:
    other = V1(v1.sb, auth=("t-other", "s-other"), user="u-other")
    bought = []
    for _ in range(3):
        items = other.post("/availableNumbers/local", areaCode="801", quantity=10).json()
        bought += [i["number"] for i in items]
    r = other.get(other.numbers_path)
    assert r.status_code == 200 and len(r.json()) == 25
    link = r.headers["Link"]
    assert re.fullmatch(
        r'<http://[^>]+\?page=0&size=25>; rel="first", <http://[^>]+>; rel="next"', link
    )
    seen: list[str] = []
    url: str | None = other.url(other.numbers_path) + "?size=7"
    while url:
        page = other.get(url)
        seen += [n["number"] for n in page.json()]
        links = dict(
            (rel, u) for u, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', page.headers["Link"])
        )
        assert links["first"].startswith("http")
        url = links.get("next")
    assert set(bought) <= set(seen) and len(seen) == len(set(seen))
    _error(other.get(other.numbers_path, size="1001"), 400, "validation-error")
    nc = other.get(other.numbers_path, state="UT", size="1000").json()
    assert len(nc) >= 30
    assert other.get(other.numbers_path, state="NC").json() == []


def test_auth_errors(v1: V1) -> None:
    body = _error(
        requests.get(v1.url("/users/u-demo/phoneNumbers"), auth=("t-demo", "nope"), timeout=10),
        401,
        "unauthorized",
    )
    assert body["category"] == "authentication"
    body = _error(v1.get("/users/u-other/phoneNumbers"), 401, "user-access-denied")
    assert body["message"] == "User u-demo does not have permission to access user u-other"
    for path in ["/availableNumbers/local?areaCode=919", "/availableNumbers/tollFree"]:
        assert requests.get(v1.url(path), timeout=10).status_code == 401
    _error(v1.get("/users/u-demo/nothing"), 404, "resource-not-found")
