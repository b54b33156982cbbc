"""V2 request bodies: every order type, the always-sent flags, disconnects, search params."""

from __future__ import annotations

import pytest
from lxml import etree

from numkit import validate
from numkit.v2 import build


def tree(body: bytes) -> etree._Element:
    assert body.startswith(b"<?xml")
    return etree.fromstring(body)


def children(element: etree._Element) -> dict[str, str | None]:
    return {child.tag: child.text for child in element}


def order(**criteria) -> etree._Element:
    checked = validate.v2_order(**criteria)
    return tree(
        build.order_xml(
            checked,
            site_id="100",
            customer_order_id="nk-1",
            peer_id=checked.get("peer_id"),
            name=checked.get("name"),
            partial_allowed=checked.get("partial_allowed", True),
            back_order_requested=checked.get("back_order_requested", False),
        )
    )


def test_existing_numbers_order_always_sends_flags_and_id():
    root = order(numbers=["+1 (919) 555-1212", "9195551213"], name="run <1> & co", peer_id=1000)
    assert root.tag == "Order"
    top = children(root)
    assert top["SiteId"] == "100" and top["PeerId"] == "1000"
    assert top["CustomerOrderId"] == "nk-1"
    assert top["PartialAllowed"] == "true" and top["BackOrderRequested"] == "false"
    assert top["Name"] == "run <1> & co"  # escaped by lxml, read back intact
    tns = root.find("ExistingTelephoneNumberOrderType/TelephoneNumberList")
    assert [t.text for t in tns] == ["9195551212", "9195551213"]


@pytest.mark.parametrize(
    ("criteria", "element", "expected"),
    [
        ({"area_code": "919"}, "AreaCodeSearchAndOrderType", {"AreaCode": "919"}),
        (
            {"rate_center": "cary", "state": "nc"},
            "RateCenterSearchAndOrderType",
            {"RateCenter": "CARY", "State": "NC"},
        ),
        (
            {"rate_center": "CARY", "state": "NC", "lca": False},
            "RateCenterSearchAndOrderType",
            {"RateCenter": "CARY", "State": "NC", "EnableLCA": "false"},
        ),
        ({"npa_nxx": "919-228"}, "NPANXXSearchAndOrderType", {"NpaNxx": "919228"}),
        (
            {"city": "Raleigh", "state": "NC"},
            "CitySearchAndOrderType",
            {"City": "RALEIGH", "State": "NC"},
        ),
        ({"state": "NC"}, "StateSearchAndOrderType", {"State": "NC"}),
        ({"zip": "27606"}, "ZIPSearchAndOrderType", {"Zip": "27606"}),
        ({"lata": 426}, "LATASearchAndOrderType", {"Lata": "426"}),
        (
            {"toll_free_vanity": "newcars"},
            "TollFreeVanitySearchAndOrderType",
            {"TollFreeVanity": "NEWCARS"},
        ),
        (
            {"toll_free_wildcard": "8**"},
            "TollFreeWildCharSearchAndOrderType",
            {"TollFreeWildCardPattern": "8**"},
        ),
        ({"npa_nxxx": "9192281"}, "CombinedSearchAndOrderType", {"NpaNxxX": "9192281"}),
        (
            {"local_vanity": "CARS", "area_code": "919", "ends_in": True},
            "CombinedSearchAndOrderType",
            {"LocalVanity": "CARS", "AreaCode": "919", "EndsIn": "true"},
        ),
        (
            {"area_code": "919", "city": "CARY", "state": "NC"},
            "CombinedSearchAndOrderType",
            {"AreaCode": "919", "City": "CARY", "State": "NC"},
        ),
        (
            {"state": "NC", "lca": True},
            "CombinedSearchAndOrderType",
            {"State": "NC", "EnableLCA": "true"},
        ),
    ],
)
def test_search_and_order_types(criteria, element, expected):
    root = order(quantity=2, **criteria)
    (kind,) = [c for c in root if c.tag.endswith("OrderType")]
    assert kind.tag == element
    got = children(kind)
    assert got.pop("Quantity") == "2"
    assert got == expected


def test_backorder_flag_is_sent():
    root = order(area_code="919", quantity=3, back_order_requested=True, partial_allowed=False)
    top = children(root)
    assert top["BackOrderRequested"] == "true" and top["PartialAllowed"] == "false"


def test_disconnect_body():
    root = tree(build.disconnect_xml(["9195551212"], customer_order_id="c-1", name="bye"))
    assert root.tag == "DisconnectTelephoneNumberOrder"
    assert children(root)["Name"] == "bye" and children(root)["CustomerOrderId"] == "c-1"
    tns = root.find("DisconnectTelephoneNumberOrderType/TelephoneNumberList")
    assert [t.text for t in tns] == ["9195551212"]
    assert root.find("name") is None


def test_generated_customer_order_id():
    ids = {build.new_customer_order_id() for _ in range(100)}
    assert len(ids) == 100
    for coid in ids:
        assert len(coid) <= 40 and not coid.startswith("scenario-")
        assert validate.customer_order_id(coid) == coid


def test_search_params_use_wire_names():
    criteria = validate.v2_search(
        npa_nxx="919228", lca=False, order_by="full_number", quantity=5, details=True
    )
    assert validate.search_params(criteria) == {
        "npaNxx": "919228",
        "LCA": False,
        "orderBy": "fullNumber",
        "quantity": 5,
        "enableTNDetail": True,
    }
    wild = validate.search_params(validate.v2_search(toll_free_wildcard="83*"))
    assert wild == {"tollFreeWildCardPattern": "83*"}
