"""Scenario inputs (contract table) and the PartialAllowed x BackOrderRequested table."""

from __future__ import annotations

import time

import pytest
from lxml import etree
from sandbox_helpers import V2, completed, error_codes, search_order, xml


def _failed(root: etree._Element) -> list[str]:
    return [f.text or "" for f in root.findall("FailedNumbers/FullNumber")]


def test_partial_existing_first_half_completes(v2: V2) -> None:
    numbers = v2.search(areaCode="512", quantity=4)
    root = v2.buy(numbers, CustomerOrderId="scenario-partial-3f9c2a")
    assert root.findtext("OrderStatus") == "PARTIAL"
    assert completed(root) == numbers[:2]
    assert _failed(root) == numbers[2:]
    assert error_codes(root) == ["5005", "5005"]
    assert [e.findtext("TelephoneNumber") for e in root.findall("ErrorList/Error")] == numbers[2:]
    # The failed half was not allocated.
    assert set(numbers[2:]) <= set(v2.search(areaCode="512", quantity=5000))


def test_partial_with_one_number_is_failed(v2: V2) -> None:
    numbers = v2.search(areaCode="512", quantity=1)
    root = v2.buy(numbers, CustomerOrderId="scenario-partial")
    assert root.findtext("OrderStatus") == "FAILED"
    assert error_codes(root) == ["5005"]


def test_partial_search_and_order(v2: V2) -> None:
    body = search_order(
        "AreaCodeSearchAndOrderType",
        {"AreaCode": "214", "Quantity": "4"},
        CustomerOrderId="scenario-partial-x",
    )
    root = v2.wait(v2.order(body))
    assert root.findtext("OrderStatus") == "PARTIAL"
    assert len(completed(root)) == 2 and len(_failed(root)) == 2
    assert error_codes(root) == ["5005", "5005"]
    assert root.findtext("FailedQuantity") == "2"


def test_failed_existing_and_search(v2: V2) -> None:
    numbers = v2.search(areaCode="713", quantity=2)
    root = v2.buy(numbers, CustomerOrderId="scenario-failed-1")
    assert root.findtext("OrderStatus") == "FAILED"
    assert completed(root) == [] and _failed(root) == numbers
    assert error_codes(root) == ["5005", "5005"]
    body = search_order(
        "StateSearchAndOrderType",
        {"State": "TX", "Quantity": "3"},
        CustomerOrderId="scenario-failed",
    )
    root = v2.wait(v2.order(body))
    assert root.findtext("OrderStatus") == "FAILED"
    assert error_codes(root) == ["5018"] and root.findtext("FailedQuantity") == "3"


def test_backorder_search_types_park_without_numbers(v2: V2) -> None:
    for type_name, fields in [
        ("AreaCodeSearchAndOrderType", {"AreaCode": "210", "Quantity": "2"}),
        ("CombinedSearchAndOrderType", {"City": "RALEIGH", "State": "NC", "Quantity": "2"}),
    ]:
        body = search_order(type_name, fields, CustomerOrderId="scenario-backorder-9")
        loc = v2.order(body)
        root = v2.wait(loc)
        assert root.findtext("OrderStatus") == "BACKORDERED"
        assert completed(root) == [] and root.findtext("PendingQuantity") == "2"
        assert v2.put(loc, "<Order><CloseOrder>true</CloseOrder></Order>").status_code == 200
        closed = xml(v2.get(loc))
        assert closed.findtext("OrderStatus") == "FAILED"


@pytest.mark.parametrize(
    ("type_name", "fields"),
    [
        ("ExistingTelephoneNumberOrderType", None),
        ("NPANXXSearchAndOrderType", {"NpaNxx": "919228", "Quantity": "1"}),
        ("TollFreeWildCharSearchAndOrderType", {"TollFreeWildCardPattern": "8**", "Quantity": "1"}),
        ("TollFreeVanitySearchAndOrderType", {"TollFreeVanity": "BEER", "Quantity": "1"}),
        ("CombinedSearchAndOrderType", {"NpaNxx": "919228", "Quantity": "1"}),
        ("CombinedSearchAndOrderType", {"AreaCode": "919", "LocalVanity": "CARS", "Quantity": "1"}),
    ],
)
def test_backorder_other_types_is_400_5522(
    v2: V2, type_name: str, fields: dict[str, str] | None
) -> None:
    from sandbox_helpers import existing_order

    if fields is None:
        body = existing_order(["9195551212"], CustomerOrderId="scenario-backorder")
    else:
        body = search_order(type_name, fields, CustomerOrderId="scenario-backorder")
    r = v2.post("/orders", body)
    assert r.status_code == 400 and "5522" in error_codes(xml(r))


def test_slow_scenario_sets_the_delay(v2: V2) -> None:
    body = search_order(
        "AreaCodeSearchAndOrderType",
        {"AreaCode": "305", "Quantity": "1"},
        CustomerOrderId="scenario-slow-2500-a",
    )
    t0 = time.monotonic()
    loc = v2.order(body)
    time.sleep(0.6)
    assert xml(v2.get(loc)).findtext("OrderStatus") == "RECEIVED"
    root = v2.wait(loc)
    assert root.findtext("OrderStatus") == "COMPLETE"
    assert time.monotonic() - t0 >= 2.4


def test_name_is_read_when_customer_order_id_is_not_a_scenario(v2: V2) -> None:
    numbers = v2.search(areaCode="407", quantity=2)
    root = v2.buy(numbers, CustomerOrderId="plain-id", Name="scenario-failed")
    assert root.findtext("OrderStatus") == "FAILED"
    root = v2.buy(numbers, CustomerOrderId="scenario-partial", Name="scenario-failed")
    assert root.findtext("OrderStatus") == "PARTIAL"


def test_real_unavailability_wins_over_scenario(v2: V2) -> None:
    numbers = v2.search(areaCode="813", quantity=4)
    assert v2.buy(numbers[:1]).findtext("OrderStatus") == "COMPLETE"
    root = v2.buy(numbers, CustomerOrderId="scenario-partial")
    assert completed(root) == numbers[1:2]
    assert _failed(root) == [numbers[0], *numbers[2:]]


def _city_count(v2: V2, city: str) -> int:
    return len(v2.search(city=city, state="NC", quantity=5000))


@pytest.mark.parametrize(
    ("city", "partial", "backorder", "status", "allocated", "closed"),
    [
        ("WALKERTOWN", "true", "true", "BACKORDERED", True, "PARTIAL"),
        ("LIBERTY", "false", "true", "BACKORDERED", False, "FAILED"),
        ("DOBSON", "true", "false", "PARTIAL", True, None),
        ("DANBURY", "false", "false", "FAILED", False, None),
    ],
)
def test_partial_allowed_by_backorder_requested_table(
    v2: V2,
    city: str,
    partial: str,
    backorder: str,
    status: str,
    allocated: bool,
    closed: str | None,
) -> None:
    available = _city_count(v2, city)
    assert available > 0
    body = search_order(
        "CitySearchAndOrderType",
        {"City": city, "State": "NC", "Quantity": str(available + 1)},
        PartialAllowed=partial,
        BackOrderRequested=backorder,
    )
    loc = v2.order(body)
    root = v2.wait(loc)
    assert root.findtext("OrderStatus") == status
    assert len(completed(root)) == (available if allocated else 0)
    assert _city_count(v2, city) == (0 if allocated else available)
    if status == "FAILED":
        assert error_codes(root) == ["5018"]
    if closed:
        assert v2.put(loc, "<Order><CloseOrder>true</CloseOrder></Order>").status_code == 200
        assert xml(v2.get(loc)).findtext("OrderStatus") == closed
