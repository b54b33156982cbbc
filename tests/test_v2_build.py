"""V2 request bodies: every order type, the always-sent flags, disconnects, search params."""

from __future__ import annotations

import pytest
from lxml import etree

from numkit import validate
from numkit.errors import ValidationError
from numkit.v2 import build
from numkit.v2.criteria import OrderRequest


def tree(body: bytes) -> etree._Element:
    assert body.startswith(b"<?xml")
    return etree.fromstring(body)


def children(element: etree._Element) -> dict[str, str | None]:
    return {child.tag: child.text for child in element}


def order(**criteria) -> etree._Element:
    request = OrderRequest.from_validated(validate.v2_order(**criteria))
    return tree(build.order_xml(request.complete(site_id="100", customer_order_id="nk-1")))


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


def test_typed_criteria_come_from_the_validated_dicts():
    from numkit.v2.criteria import SearchCriteria

    search = SearchCriteria.of(area_code=919, quantity="5", details=True)
    assert search.area_code == "919" and search.quantity == 5 and search.details is True
    assert search.as_dict() == validate.v2_search(area_code=919, quantity="5", details=True)
    assert search.params() == {"areaCode": "919", "quantity": 5, "enableTNDetail": True}
    with pytest.raises(ValidationError):
        SearchCriteria.of(city="CARY")  # city needs state
    request = OrderRequest.of(quantity=2, rate_center="cary", state="nc", name="n")
    assert request.numbers == () and request.search is not None
    assert request.search.rate_center == "CARY" and request.order_type == (
        "RateCenterSearchAndOrderType"
    )
    done = request.complete(site_id="100", customer_order_id="nk-2")
    assert (done.site_id, done.customer_order_id, done.name) == ("100", "nk-2", "n")
    # a value already in the request wins over the default
    mine = OrderRequest.of(numbers=["9195551212"], site_id=200, customer_order_id="mine")
    assert mine.complete(site_id="100", customer_order_id="nk-3").site_id == "200"
    assert mine.complete(site_id="100", customer_order_id="nk-3").customer_order_id == "mine"


def test_order_xml_refuses_an_incomplete_request():
    with pytest.raises(ValueError, match="site_id and customer_order_id"):
        build.order_xml(OrderRequest.of(numbers=["9195551212"]))


def test_reservation_ids_go_with_the_numbers():
    root = order(numbers=["9195551212"], reservation_ids=["r-1", "r-2", "r-1"])
    ids = root.find("ExistingTelephoneNumberOrderType/ReservationIdList")
    assert [i.text for i in ids] == ["r-1", "r-2"]
    assert root.find("ExistingTelephoneNumberOrderType/TelephoneNumberList") is not None
    with pytest.raises(Exception, match="reservation holds specific numbers"):
        validate.v2_order(quantity=1, area_code="919", reservation_ids=["r-1"])
    for bad in ("r-1", [""], ["a/b"], [1]):
        with pytest.raises(Exception, match="reservation"):
            validate.v2_order(numbers=["9195551212"], reservation_ids=bad)


def test_e164_wire_writes_plus_one_everywhere():
    request = OrderRequest.of(numbers=["9195551212"]).complete(site_id="1", customer_order_id="c")
    root = tree(build.order_xml(request, wire="e164"))
    assert [t.text for t in root.iter("TelephoneNumber")] == ["+19195551212"]
    assert b"+19195551212" in build.disconnect_xml(
        ["9195551212"], customer_order_id="c", wire="e164"
    )
    assert tree(build.reservation_xml("9195551212", wire="e164")).findtext("ReservedTn") == (
        "+19195551212"
    )


def test_movetns_reservation_and_close_bodies():
    moved = tree(build.movetns_xml(["9195551212", "9195551213"]))
    assert moved.tag == "SipPeerTelephoneNumbers"
    assert [e.tag for e in moved] == ["FullNumber", "FullNumber"]
    assert [e.text for e in moved] == ["9195551212", "9195551213"]
    reservation = tree(build.reservation_xml("9195551212"))
    assert reservation.tag == "Reservation" and children(reservation) == {
        "ReservedTn": "9195551212"
    }
    close = tree(build.close_order_xml())
    assert close.tag == "Order" and children(close) == {"CloseOrder": "true"}
