"""V2 ``availableNumbers``: the seed guide's search, every search type, both shapes, errors."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sandbox_helpers import V2, xml


def test_seed_guide_search_npanxx_540551_quantity_7(v2: V2) -> None:
    r = v2.get("/availableNumbers", npaNxx="540551", quantity=7)
    assert r.status_code == 200
    root = xml(r)
    assert root.tag == "SearchResult"
    numbers = [t.text for t in root.findall("TelephoneNumberList/TelephoneNumber")]
    assert root.findtext("ResultCount") == "7" and len(numbers) == 7
    assert all(n and len(n) == 10 and n.startswith("540") for n in numbers)
    # LCA is on by default: the exchange itself comes first, neighbours may follow.
    assert numbers[0].startswith("540551")


def test_lca_false_keeps_exact_digits(v2: V2) -> None:
    numbers = v2.search(npaNxx="540551", quantity=50, LCA="false")
    assert numbers and all(n.startswith("540551") for n in numbers)
    widened = v2.search(npaNxx="540551", quantity=50)
    assert len(widened) > len(numbers)


def test_detail_shape_has_documented_children(v2: V2) -> None:
    root = xml(v2.get("/availableNumbers", areaCode="919", quantity=3, enableTNDetail="true"))
    details = root.findall("TelephoneNumberDetailList/TelephoneNumberDetail")
    assert len(details) == 3
    for d in details:
        assert [c.tag for c in d] == [
            "City", "LATA", "RateCenter", "State", "FullNumber", "Tier", "VendorId", "VendorName",
        ]  # fmt: skip
        assert d.findtext("State") == "NC" and d.findtext("FullNumber", "").startswith("919")
        assert d.findtext("VendorName") == "Bandwidth CLEC" and d.findtext("Tier") == "0"


def test_default_quantity_is_5000_and_fast_with_detail(v2: V2) -> None:
    start = time.monotonic()
    r = v2.get("/availableNumbers", state="NC", enableTNDetail="true")
    elapsed = time.monotonic() - start
    root = xml(r)
    assert root.findtext("ResultCount") == "5000"
    assert len(root.findall("TelephoneNumberDetailList/TelephoneNumberDetail")) == 5000
    assert elapsed < 3.0


def test_empty_result_is_bare_search_result(v2: V2) -> None:
    r = v2.get("/availableNumbers", areaCode="458")  # a valid NPA the sandbox does not stock
    assert r.status_code == 200
    root = xml(r)
    assert root.tag == "SearchResult" and len(root) == 0


def test_location_data_is_consistent_across_search_types(v2: V2) -> None:
    root = xml(v2.get("/availableNumbers", npaNxx="919228", LCA="false", enableTNDetail="true"))
    d = root.find("TelephoneNumberDetailList/TelephoneNumberDetail")
    assert d is not None
    city, rc, state, lata = (d.findtext(k) for k in ("City", "RateCenter", "State", "LATA"))
    number = d.findtext("FullNumber")
    assert number in v2.search(city=city, state=state)
    assert number in v2.search(rateCenter=rc, state=state, LCA="false")
    assert number in v2.search(lata=lata, quantity=5000, areaCode="919")


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"areaCode": "910"}, lambda n: n.startswith("910")),
        ({"npaNxxx": "9192288", "LCA": "false"}, lambda n: n.startswith("9192288")),
        ({"state": "VA"}, lambda n: n[:3] in {"540", "804", "703", "571", "757", "434"}),
        ({"areaCode": "919", "state": "NC"}, lambda n: n.startswith("919")),
        ({"tollFreeWildCardPattern": "83*"}, lambda n: n.startswith("833")),
        ({"tollFreeWildCardPattern": "8**"}, lambda n: n[:3] in {"800", "833", "844", "855", "866", "877", "888"}),
    ],
)  # fmt: skip
def test_search_types(v2: V2, params: dict[str, str], check: Callable[[str], bool]) -> None:
    numbers = v2.search(quantity=20, **params)
    assert numbers and all(check(n) for n in numbers)


def test_zip_search(v2: V2) -> None:
    # ZIPs are synthesised per city; the inventory module is the reference for them.
    from numkit.sandbox.inventory import Inventory

    ex = Inventory().exchange("919228")
    assert ex is not None
    numbers = v2.search(zip=ex.zip, quantity=5000)
    assert numbers and any(n.startswith("919228") for n in numbers)
    assert v2.search(zip=ex.zip + "-1234", quantity=5) == numbers[:5]
    assert v2.search(zip="99999") == []


def test_local_vanity_keypad_letters_and_ends_in(v2: V2) -> None:
    numbers = v2.search(localVanity="CARS", areaCode="919", quantity=50)
    assert numbers and all("2277" in n[3:] for n in numbers)
    ending = v2.search(localVanity="CARS", endsIn="true", quantity=50)
    assert ending and all(n.endswith("2277") for n in ending)


def test_toll_free_vanity(v2: V2) -> None:
    numbers = v2.search(tollFreeVanity="BEER", quantity=20)
    assert all(n[:3] in {"800", "833", "844", "855", "866", "877", "888"} for n in numbers)
    assert numbers and all("2337" in n[3:] for n in numbers)


@pytest.mark.parametrize("order_by", ["fullNumber", "npaNxx", "npaNxxx", "areaCode"])
def test_order_by(v2: V2, order_by: str) -> None:
    numbers = v2.search(city="RALEIGH", state="NC", orderBy=order_by, quantity=200)
    width = {"fullNumber": 10, "npaNxx": 6, "npaNxxx": 7, "areaCode": 3}[order_by]
    keys = [n[:width] for n in numbers]
    assert keys == sorted(keys)


def test_parameter_names_are_case_insensitive(v2: V2) -> None:
    assert v2.search(npanxx="919228", lca="false", quantity=3) == v2.search(
        npaNxx="919228", LCA="false", quantity=3
    )


def test_xml_whatever_accept_says(v2: V2) -> None:
    r = v2.http.get(
        v2.base + "/availableNumbers",
        params={"areaCode": "919", "quantity": 1},
        auth=v2.auth,
        headers={"Accept": "application/json"},
    )
    assert xml(r).tag == "SearchResult"


@pytest.mark.parametrize("prefix", ["/api", "/api/v1", "/v1.0"])
def test_all_v2_prefixes(v2: V2, prefix: str) -> None:
    url = f"{v2.sb.url}{prefix}/accounts/9900000/availableNumbers"
    r = v2.http.get(url, params={"areaCode": "919", "quantity": 2}, auth=v2.auth)
    assert xml(r).findtext("ResultCount") == "2"


@pytest.mark.parametrize(
    ("params", "code", "text"),
    [
        ({}, "4010", "null or empty"),
        ({"quantity": "5"}, "4010", "null or empty"),
        ({"areaCode": "12"}, "4000", "3 digits"),
        ({"areaCode": "911"}, "4000", "end with 11"),
        ({"areaCode": "191"}, "4000", "begin with"),
        ({"npaNxx": "91922"}, "4002", "not valid"),
        ({"npaNxx": "919128"}, "4002", "NXX"),
        ({"npaNxxx": "919228"}, "4002", "not valid"),
        ({"state": "XX"}, "4006", "The state abbreviation XX is not valid."),
        ({"zip": "2760"}, "4007", "The zip code 2760 is not valid."),
        ({"lata": "abc"}, "4008", "The lata abc is not valid"),
        ({"city": "RALEIGH"}, "4010", "Please also specify state"),
        ({"rateCenter": "CARY"}, "4010", "Please also specify state"),
        ({"rateCenter": "C4RY", "state": "NC"}, "4001", "ratecenter"),
        ({"tollFreeVanity": "AB"}, "4003", "toll free vanity"),
        ({"tollFreeWildCardPattern": "9**"}, "4004", "Tollfree Wild Card search invalid format."),
        ({"areaCode": "919", "npaNxx": "919228"}, "4010", "combination"),
        ({"tollFreeVanity": "FLOWERS", "areaCode": "919"}, "4010", "combination"),
        ({"localVanity": "CARS", "zip": "27606"}, "4010", "combination"),
        ({"areaCode": "919", "endsIn": "true"}, "4010", "Ends In is meaningless"),
        ({"areaCode": "919", "quantity": "0"}, "4010", "quantity"),
        ({"areaCode": "919", "quantity": "5001"}, "4010", "5000"),
        ({"areaCode": "919", "quantity": "x"}, "4010", "quantity"),
        ({"areaCode": "919", "enableTNDetail": "maybe"}, "4010", "enabletndetail"),
        ({"npaNxx": "919228", "orderBy": "price"}, "4020", "orderBy"),
        ({"areaCode": "919", "orderBy": "fullNumber"}, "4021", "orderBy"),
        ({"areaCode": "919", "protected": "SOME"}, "4022", "protected"),
        ({"localVanity": "AB"}, "4010", "localVanity"),
    ],
)
def test_search_errors_use_search_result_error(
    v2: V2, params: dict[str, str], code: str, text: str
) -> None:
    r = v2.get("/availableNumbers", **params)
    assert r.status_code == 400
    root = xml(r)
    assert root.tag == "SearchResult"
    assert root.findtext("Error/Code") == code
    assert text.lower() in (root.findtext("Error/Description") or "").lower()


def test_search_excludes_numbers_in_service(v2: V2) -> None:
    first = v2.search(npaNxx="910241", LCA="false", quantity=1)
    root = v2.buy(first)
    assert root.findtext("OrderStatus") == "COMPLETE"
    assert first[0] not in v2.search(npaNxx="910241", LCA="false")
