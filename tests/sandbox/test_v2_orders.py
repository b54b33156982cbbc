"""V2 orders: creation, life cycle, every order type, sub-resources, lists and errors."""

from __future__ import annotations

import random
import time

import pytest
from lxml import etree
from sandbox_helpers import (
    V2,
    completed,
    error_codes,
    existing_order,
    search_order,
    xml,
)

SEED_ORDER = """<Order>
    <AreaCodeSearchAndOrderType>
        <AreaCode>910</AreaCode>
        <Quantity>1</Quantity>
    </AreaCodeSearchAndOrderType>
    <SiteId>100</SiteId>
</Order>"""


def test_seed_guide_order_flow(v2: V2) -> None:
    posted = time.monotonic()
    r = v2.post("/orders", SEED_ORDER)
    assert r.status_code == 201
    root = xml(r)
    assert root.tag == "OrderResponse"
    order_id = root.findtext("Order/id")
    assert order_id and r.headers["Location"].endswith(f"/api/accounts/9900000/orders/{order_id}")
    assert root.findtext("OrderStatus") == "RECEIVED"
    assert root.findtext("Order/BackOrderRequested") == "false"
    assert root.findtext("Order/PartialAllowed") == "true"
    assert root.findtext("Order/AreaCodeSearchAndOrderType/AreaCode") == "910"
    assert root.findtext("Order/OrderCreateDate", "").endswith("Z")

    # Still RECEIVED right away (order_delay 0.2 s), then COMPLETE. (On a machine so busy
    # that the GET came later than the delay, only the final state can be checked.)
    early = xml(v2.get(r.headers["Location"]))
    if time.monotonic() - posted < 0.15:
        assert early.findtext("OrderStatus") == "RECEIVED"
    done = v2.wait(r.headers["Location"])
    assert done.findtext("OrderStatus") == "COMPLETE"
    assert done.findtext("CompletedQuantity") == "1" and done.findtext("FailedQuantity") == "0"
    assert done.findtext("CreatedByUser") == "demo"
    assert done.findtext("Order/PeerId") == "1000" and done.findtext("Order/SiteId") == "100"
    number = completed(done)[0]
    assert number.startswith("910")
    assert done.findtext("Summary") == "1 number ordered in (910)"
    assert done.findtext("OrderCompleteDate") and done.findtext("LastModifiedDate")
    assert done.find("ErrorList") is None


def test_existing_order_and_tndetail(v2: V2) -> None:
    numbers = v2.search(areaCode="804", quantity=2)
    root = v2.buy(numbers, Name="two in richmond", CustomerOrderId="cust-1")
    assert root.findtext("OrderStatus") == "COMPLETE"
    assert sorted(completed(root)) == sorted(numbers)
    assert root.findtext("Order/Name") == "two in richmond"
    assert root.findtext("Order/CustomerOrderId") == "cust-1"
    order_id = root.findtext("Order/id")
    detail = xml(v2.get(f"/orders/{order_id}", tndetail="true"))
    tn = detail.find("CompletedNumbers/TelephoneNumber")
    assert tn is not None and tn.findtext("State") == "VA" and tn.findtext("LATA")


@pytest.mark.parametrize(
    ("type_name", "fields", "prefix"),
    [
        ("AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "2"}, "919"),
        ("RateCenterSearchAndOrderType", {"RateCenter": "CARY", "State": "NC", "Quantity": "2"}, "919"),
        ("NPANXXSearchAndOrderType", {"NpaNxx": "919228", "Quantity": "2"}, "919228"),
        ("TollFreeVanitySearchAndOrderType", {"TollFreeVanity": "BEER", "Quantity": "1"}, "8"),
        ("TollFreeWildCharSearchAndOrderType", {"TollFreeWildCardPattern": "84*", "Quantity": "2"}, "844"),
        ("StateSearchAndOrderType", {"State": "VA", "Quantity": "2"}, ""),
        ("CitySearchAndOrderType", {"City": "RALEIGH", "State": "NC", "Quantity": "2"}, "9"),
        ("ZIPSearchAndOrderType", {"Zip": "__ZIP__", "Quantity": "1"}, "919"),
        ("LATASearchAndOrderType", {"Lata": "248", "Quantity": "2"}, "804"),
        ("CombinedSearchAndOrderType", {"AreaCode": "919", "City": "DURHAM", "State": "NC", "Quantity": "2"}, "919"),
        ("CombinedSearchAndOrderType", {"NpaNxxX": "9192288", "Quantity": "1"}, "9192288"),
        ("CombinedSearchAndOrderType", {"AreaCode": "919", "LocalVanity": "CARS", "Quantity": "1"}, "919"),
    ],
)  # fmt: skip
def test_every_search_and_order_type(
    v2: V2, type_name: str, fields: dict[str, str], prefix: str
) -> None:
    if fields.get("Zip") == "__ZIP__":
        from numkit.sandbox.inventory import Inventory

        ex = Inventory().exchange("919228")
        assert ex is not None
        fields = {**fields, "Zip": ex.zip}
    root = v2.wait(v2.order(search_order(type_name, fields)))
    assert root.findtext("OrderStatus") == "COMPLETE", etree.tostring(root)
    numbers = completed(root)
    assert len(numbers) == int(fields["Quantity"])
    assert all(n.startswith(prefix) for n in numbers)
    echo = root.find(f"Order/{type_name}")
    assert echo is not None and echo.findtext("Quantity") == fields["Quantity"]


@pytest.mark.parametrize(
    "body",
    [
        # Element-name variants published SDKs send (v2 notes §8.1), in shuffled order.
        "<Order><NpanxxSearchAndOrderType><Quantity>1</Quantity><NpaNxx>919228</NpaNxx>"
        "<EnableLca>false</EnableLca></NpanxxSearchAndOrderType><SiteId>100</SiteId></Order>",
        "<Order><SiteId>100</SiteId><LataSearchAndOrderType><LATA>426</LATA>"
        "<Quantity>1</Quantity></LataSearchAndOrderType></Order>",
        "<Order><ZipSearchAndOrderType><Quantity>1</Quantity><Zip>__ZIP__</Zip>"
        "</ZipSearchAndOrderType><SiteId>100</SiteId></Order>",
        "<Order><TollFreeWildCharSearchAndOrderType><TollFreeWildCharPattern>87*"
        "</TollFreeWildCharPattern><Quantity>1</Quantity></TollFreeWildCharSearchAndOrderType>"
        "<SiteId>100</SiteId></Order>",
        "<order><siteid>100</siteid><name>lower case</name><areacodesearchandordertype>"
        "<quantity>1</quantity><areacode>804</areacode></areacodesearchandordertype></order>",
    ],
)
def test_sdk_element_variants_are_accepted(v2: V2, body: str) -> None:
    if "__ZIP__" in body:
        from numkit.sandbox.inventory import Inventory

        ex = Inventory().exchange("804200")
        assert ex is not None
        body = body.replace("__ZIP__", ex.zip)
    root = v2.wait(v2.order(body))
    assert root.findtext("OrderStatus") == "COMPLETE", etree.tostring(root)
    assert len(completed(root)) == 1
    echo = root.find("Order")
    assert echo is not None
    # Emitted in the preferred forms.
    names = {c.tag for c in echo}
    assert names & {
        "NPANXXSearchAndOrderType",
        "LATASearchAndOrderType",
        "ZIPSearchAndOrderType",
        "TollFreeWildCharSearchAndOrderType",
        "AreaCodeSearchAndOrderType",
    }
    lata = echo.find("LATASearchAndOrderType")
    if lata is not None:
        assert lata.findtext("Lata") == "426"


def test_child_order_does_not_matter(v2: V2) -> None:
    numbers = v2.search(areaCode="703", quantity=1)
    parts = [
        "<SiteId>100</SiteId>",
        "<PartialAllowed>false</PartialAllowed>",
        "<CustomerOrderId>shuffled</CustomerOrderId>",
        "<ExistingTelephoneNumberOrderType><TelephoneNumberList>"
        f"<TelephoneNumber>{numbers[0]}</TelephoneNumber></TelephoneNumberList>"
        "</ExistingTelephoneNumberOrderType>",
    ]
    random.Random(4).shuffle(parts)
    root = v2.wait(v2.order("<Order>" + "".join(parts) + "</Order>"))
    assert root.findtext("OrderStatus") == "COMPLETE"
    assert root.findtext("Order/PartialAllowed") == "false"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (search_order("AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "1"}).replace(
            "<SiteId>100</SiteId>", ""), "5022"),
        (search_order("AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "1"}).replace(
            "<SiteId>100</SiteId>", "<SiteId>200</SiteId>"), "5016"),
        (search_order("AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "1"},
                      PeerId="2000"), "5023"),
        ("<Order><SiteId>100</SiteId></Order>", "5087"),
        ("<Order><SiteId>100</SiteId><FooSearchAndOrderType/></Order>", "5087"),
        ("<NotAnOrder/>", "5087"),
        (existing_order(["9195551212"], CustomerOrderId="x" * 41), "5052"),
        (existing_order(["9195551212"], CustomerOrderId="bad_chars!"), "5052"),
        (existing_order([]), "5212"),
        (existing_order(["9195551212", "9195551212"]), "5093"),
        (existing_order(["919555"]), "5070"),
        (search_order("AreaCodeSearchAndOrderType", {"AreaCode": "919"}), "5198"),
        (search_order("AreaCodeSearchAndOrderType", {"Quantity": "1"}), "5198"),
        (search_order("StateSearchAndOrderType", {"State": "NC", "Quantity": "5001"}), "5215"),
        (search_order("StateSearchAndOrderType", {"State": "NC", "Quantity": "0"}), "5009"),
        (search_order("AreaCodeSearchAndOrderType", {"AreaCode": "911", "Quantity": "1"}), "5002"),
        (search_order("CombinedSearchAndOrderType", {"Quantity": "1"}), "5002"),
        (search_order("CombinedSearchAndOrderType",
                      {"AreaCode": "919", "NpaNxx": "919228", "Quantity": "1"}), "5002"),
        (existing_order(["9195551212"], BackOrderRequested="true"), "5522"),
        (search_order("NPANXXSearchAndOrderType", {"NpaNxx": "919228", "Quantity": "1"},
                      BackOrderRequested="true"), "5522"),
        (existing_order(["9195551212"], PartialAllowed="perhaps"), "5217"),
    ],
)  # fmt: skip
def test_synchronous_errors_are_400_error_list(v2: V2, body: str, code: str) -> None:
    r = v2.post("/orders", body)
    assert r.status_code == 400, r.text
    root = xml(r)
    assert root.tag == "OrderResponse"
    assert code in error_codes(root)
    assert all(e.findtext("Description") for e in root.findall("ErrorList/Error"))


@pytest.mark.parametrize(
    "body",
    [b"", b"not xml", b"<Order>", b"\xff\xfe\x00<", b'<?xml version="1.0"?><!DOCTYPE o><Order/>'],
)
def test_malformed_bodies_are_400(v2: V2, body: bytes) -> None:
    r = v2.post("/orders", body)
    assert r.status_code == 400
    assert xml(r).findtext("ErrorList/Error/Code") == "1003"


def test_number_already_sold_fails_5005(v2: V2) -> None:
    numbers = v2.search(areaCode="704", quantity=2)
    assert v2.buy(numbers[:1]).findtext("OrderStatus") == "COMPLETE"
    again = v2.buy(numbers)  # PartialAllowed defaults to true
    assert again.findtext("OrderStatus") == "PARTIAL"
    assert completed(again) == numbers[1:]
    assert [f.text for f in again.findall("FailedNumbers/FullNumber")] == numbers[:1]
    err = again.find("ErrorList/Error")
    assert err is not None and err.findtext("Code") == "5005"
    assert err.findtext("TelephoneNumber") == numbers[0]
    assert again.findtext("FailedQuantity") == "1"


def test_unknown_number_fails_not_partial_when_partial_disallowed(v2: V2) -> None:
    numbers = v2.search(areaCode="336", quantity=1)
    root = v2.buy([numbers[0], "3365550100"], PartialAllowed="false")
    assert root.findtext("OrderStatus") == "FAILED"
    assert completed(root) == []
    assert numbers[0] in v2.search(areaCode="336", quantity=5000)


def test_order_not_found_and_foreign_orders_are_404(v2: V2) -> None:
    assert v2.get("/orders/00000000-0000-0000-0000-000000000000").status_code == 404
    loc = v2.order(search_order("AreaCodeSearchAndOrderType", {"AreaCode": "252", "Quantity": "1"}))
    order_id = loc.rsplit("/", 1)[1]
    other = V2.other(v2.sb)
    r = other.get(f"/orders/{order_id}")
    assert r.status_code == 404 and xml(r).findtext("ResponseStatus/Description")


def test_orders_list_paging_and_filter(v2: V2) -> None:
    r = v2.get("/orders")
    assert r.status_code == 404
    assert "page" in (xml(r).findtext("ResponseStatus/Description") or "")
    ids = []
    for i in range(3):
        body = search_order(
            "AreaCodeSearchAndOrderType",
            {"AreaCode": "828", "Quantity": "1"},
            CustomerOrderId=f"list-{i}",
        )
        ids.append(v2.order(body).rsplit("/", 1)[1])
    root = xml(v2.get("/orders", page="1", size="2", customerOrderId="list-1"))
    items = root.findall("ListOrderIdUserIdDate/OrderIdUserIdDate")
    assert len(items) == 1 and items[0].findtext("orderId") == ids[1]
    assert items[0].findtext("CustomerOrderId") == "list-1"
    assert items[0].findtext("OrderType") == "new_number"
    assert items[0].findtext("userId") == "demo"
    # Walk every page of the full list through the <next> links.
    seen: list[str] = []
    page: str | None = "1"
    while page:
        wrapper = xml(v2.get("/orders", page=page, size="2")).find("ListOrderIdUserIdDate")
        assert wrapper is not None
        total = int(wrapper.findtext("TotalCount") or 0)
        seen += [i.findtext("orderId") or "" for i in wrapper.findall("OrderIdUserIdDate")]
        first = wrapper.findtext("Links/first") or ""
        assert first.startswith("Link=<http") and first.endswith(';rel="first";')
        nxt = wrapper.findtext("Links/next")
        page = nxt.split("page=", 1)[1].split("&", 1)[0] if nxt else None
    assert len(seen) == total and set(ids) <= set(seen)
    bad = v2.get("/orders", page="1", size="5", status="weird")
    assert bad.status_code == 400


def test_history_tns_reports_and_notes(v2: V2) -> None:
    numbers = v2.search(areaCode="336", quantity=2)
    root = v2.buy(numbers)
    order_id = root.findtext("Order/id")
    history = xml(v2.get(f"/orders/{order_id}/history"))
    statuses = [h.findtext("Status") for h in history.findall("OrderHistory")]
    assert history.tag == "OrderHistoryWrapper" and statuses == ["RECEIVED", "COMPLETE"]
    tns = xml(v2.get(f"/orders/{order_id}/tns"))
    assert tns.findtext("Count") == "2"
    assert sorted(t.text or "" for t in tns.findall("TelephoneNumber")) == sorted(numbers)
    totals = xml(v2.get(f"/orders/{order_id}/totals"))
    assert totals.findtext("TelephoneDetailsReport/Count") == "2"
    codes = xml(v2.get(f"/orders/{order_id}/areaCodes"))
    assert codes.findtext("TelephoneDetailsReport/AreaCode") == "336"

    assert v2.get(f"/orders/{order_id}/notes").status_code == 204
    r = v2.post(
        f"/orders/{order_id}/notes",
        "<Note><UserId>demo</UserId><Description>hi</Description></Note>",
    )
    assert r.status_code == 201 and r.content == b"" and "/notes/" in r.headers["Location"]
    notes = xml(v2.get(f"/orders/{order_id}/notes"))
    assert notes.findtext("Note/Description") == "hi" and notes.findtext("Note/UserId") == "demo"
    bad = v2.post(f"/orders/{order_id}/notes", "<Note><Description>x</Description></Note>")
    assert bad.status_code == 400
    assert xml(bad).findtext("ResponseStatus/ErrorCode") == "12501"
    assert v2.get("/orders/nope/history").status_code == 404


def test_put_changes_name_and_rejects_closing_non_backorders(v2: V2) -> None:
    loc = v2.order(search_order("AreaCodeSearchAndOrderType", {"AreaCode": "434", "Quantity": "1"}))
    v2.wait(loc)
    r = v2.put(loc, "<Order><CloseOrder>true</CloseOrder></Order>")
    assert r.status_code == 400 and "5060" in error_codes(xml(r))
    r = v2.put(loc, "<Order><Name>renamed</Name><CustomerOrderId>new-id</CustomerOrderId></Order>")
    assert r.status_code == 200 and xml(r).tag == "OrderResponse"
    root = xml(v2.get(loc))
    assert root.findtext("Order/Name") == "renamed"
    history = xml(v2.get(loc + "/history"))
    assert any("new-id" in (d.text or "") for d in history.iter("Difference"))


def test_order_completion_time_follows_order_delay(v2: V2) -> None:
    loc = v2.order(search_order("AreaCodeSearchAndOrderType", {"AreaCode": "757", "Quantity": "1"}))
    t0 = time.monotonic()
    root = v2.wait(loc)
    assert 0.1 < time.monotonic() - t0 < 3.0
    created = root.findtext("Order/OrderCreateDate") or ""
    done = root.findtext("OrderCompleteDate") or ""
    assert done > created
