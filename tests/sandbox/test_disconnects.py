"""V2 disconnect orders, aging, the per-order limit and their scenarios."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from lxml import etree
from sandbox_helpers import V1, V2, disconnect_order, error_codes, xml

import numkit.sandbox as nks

SEED_DISCONNECT = """<?xml version="1.0"?>
<DisconnectTelephoneNumberOrder>
    <name>training run</name>
    <DisconnectTelephoneNumberOrderType>
        <TelephoneNumberList>
            <TelephoneNumber>{a}</TelephoneNumber>
            <TelephoneNumber>{b}</TelephoneNumber>
        </TelephoneNumberList>
    </DisconnectTelephoneNumberOrderType>
</DisconnectTelephoneNumberOrder>"""


def _disconnected(root: etree._Element) -> list[str]:
    return [t.text or "" for t in root.findall("DisconnectedTelephoneNumberList/TelephoneNumber")]


def test_seed_guide_disconnect_with_lower_case_name(v2: V2) -> None:
    numbers = v2.search(areaCode="540", quantity=2)
    assert v2.buy(numbers).findtext("OrderStatus") == "COMPLETE"
    r = v2.post("/disconnects", SEED_DISCONNECT.format(a=numbers[0], b=numbers[1]))
    assert r.status_code == 201
    root = xml(r)
    assert root.tag == "DisconnectTelephoneNumberOrderResponse"
    disc_id = root.findtext("orderRequest/id")
    assert disc_id and r.headers["Location"].endswith(f"/disconnects/{disc_id}")
    assert root.findtext("orderRequest/OrderCreateDate")
    assert (
        root.findtext("orderRequest/DisconnectTelephoneNumberOrderType/DisconnectMode") == "normal"
    )
    assert root.findtext("OrderStatus") == "RECEIVED"
    assert root.findtext("orderRequest/Name") == "training run"
    done = v2.wait(r.headers["Location"])
    assert done.findtext("OrderStatus") == "COMPLETE"
    assert _disconnected(done) == numbers
    assert done.find("ErrorList") is not None and len(done.find("ErrorList")) == 0
    # Aging: out of service, still visible to its last owner, not offered to anyone.
    assert v2.get(f"/inserviceNumbers/{numbers[0]}").status_code == 404
    tn = xml(v2.get(f"{v2.sb.v2_url}/tns/{numbers[0]}"))
    assert tn.findtext("Status") == "Aging"
    assert numbers[0] not in v2.search(areaCode="540", quantity=5000)


def test_disconnect_of_foreign_number_fails_5006(v2: V2) -> None:
    mine = v2.search(areaCode="571", quantity=1)
    v2.buy(mine)
    root = v2.disconnect([mine[0], "5715550100"])
    assert root.findtext("OrderStatus") == "PARTIAL"
    assert _disconnected(root) == mine
    err = root.find("ErrorList/Error")
    assert err is not None and err.findtext("Code") == "5006"
    assert err.findtext("TelephoneNumber") == "5715550100"
    root = v2.disconnect(["5715550101"])
    assert root.findtext("OrderStatus") == "FAILED"
    assert root.find("DisconnectedTelephoneNumberList") is None


def test_disconnect_scenarios(v2: V2) -> None:
    numbers = v2.search(areaCode="202", quantity=4)
    v2.buy(numbers)
    root = v2.disconnect(numbers, CustomerOrderId="scenario-partial-disc")
    assert root.findtext("OrderStatus") == "PARTIAL"
    assert _disconnected(root) == numbers[:2]
    assert [e.findtext("TelephoneNumber") for e in root.findall("ErrorList/Error")] == numbers[2:]
    root = v2.disconnect(numbers[2:], Name="scenario-failed")
    assert root.findtext("OrderStatus") == "FAILED"
    r = v2.post("/disconnects", disconnect_order(numbers[2:], CustomerOrderId="scenario-backorder"))
    assert r.status_code == 400 and "5522" in error_codes(xml(r))
    body = disconnect_order(numbers[2:], CustomerOrderId="scenario-slow-3000")
    loc = v2.post("/disconnects", body).headers["Location"]
    time.sleep(0.4)
    assert xml(v2.get(loc)).findtext("OrderStatus") == "RECEIVED"
    assert v2.wait(loc).findtext("OrderStatus") == "COMPLETE"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<DisconnectTelephoneNumberOrder><Name>x</Name></DisconnectTelephoneNumberOrder>", "5001"),
        (
            "<DisconnectTelephoneNumberOrder><TelephoneNumberList><TelephoneNumber>9195551212"
            "</TelephoneNumber></TelephoneNumberList></DisconnectTelephoneNumberOrder>",
            "5001",
        ),
        (disconnect_order(["919"]), "5070"),
        (disconnect_order(["9195551212", "9195551212"]), "5093"),
        (disconnect_order(["9195551212"], CustomerOrderId="y" * 41), "5052"),
        (
            disconnect_order(["9195551212"]).replace(
                "</TelephoneNumberList>",
                "</TelephoneNumberList><DisconnectMode>zap</DisconnectMode>",
            ),
            "5084",
        ),
        (
            disconnect_order(["9195551212"]).replace(
                "</TelephoneNumberList>", "</TelephoneNumberList><Protected>MAYBE</Protected>"
            ),
            "5108",
        ),
        ("garbage", "1003"),
    ],
)
def test_disconnect_errors(v2: V2, body: str, code: str) -> None:
    r = v2.post("/disconnects", body)
    assert r.status_code == 400
    root = xml(r)
    assert root.tag == "DisconnectTelephoneNumberOrderResponse" and code in error_codes(root)


def test_list_filter_and_notes(v2: V2) -> None:
    numbers = v2.search(areaCode="215", quantity=1)
    v2.buy(numbers)
    r = v2.post("/disconnects", disconnect_order(numbers, CustomerOrderId="disc-filter-1"))
    disc_id = xml(r).findtext("orderRequest/id")
    root = xml(v2.get("/disconnects", customerOrderId="disc-filter-1"))
    items = root.findall("ListOrderIdUserIdDate/OrderIdUserIdDate")
    assert [i.findtext("OrderId") for i in items] == [disc_id]
    assert items[0].findtext("OrderType") == "disconnect"
    missing = v2.get("/disconnects", customerOrderId="no-such-order")
    assert missing.status_code == 404 and xml(missing).tag == "Links"
    assert v2.get(f"/disconnects/{disc_id}/notes").status_code == 204
    note = "<Note><UserId>demo</UserId><Description>bye</Description></Note>"
    assert v2.post(f"/disconnects/{disc_id}/notes", note).status_code == 201
    assert xml(v2.get(f"/disconnects/{disc_id}/notes")).findtext("Note/Description") == "bye"
    assert v2.get("/disconnects/not-an-id").status_code == 404


def test_fresh_account_lists_and_limits(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox(order_delay=0.05, max_disconnect=2, aging=0.6)
    v2 = V2(sb)
    r = v2.get("/disconnects")
    assert r.status_code == 404
    assert (xml(r).findtext("first") or "").startswith("Link=<")
    assert v2.get("/inserviceNumbers").status_code == 204
    health = v2.http.get(sb.url + "/_sandbox/health").json()
    assert health["max_disconnect"] == 2 and health["order_delay"] == 0.05

    numbers = v2.search(areaCode="919", quantity=3)
    v2.buy(numbers)
    r = v2.post("/disconnects", disconnect_order(numbers))
    assert r.status_code == 400 and "5095" in error_codes(xml(r))
    assert "maximum size of 2" in r.text

    # Aging: the other customer cannot take it; after --aging it is back in the pool.
    v2.disconnect(numbers[:1])
    other = V2.other(sb)
    blocked = other.buy(numbers[:1])
    assert blocked.findtext("OrderStatus") == "FAILED" and error_codes(blocked) == ["5005"]
    time.sleep(0.7)
    assert numbers[0] in v2.search(areaCode="919", quantity=5)
    assert other.buy(numbers[:1]).findtext("OrderStatus") == "COMPLETE"
    assert v2.get(f"{sb.v2_url}/tns/{numbers[0]}").status_code == 404


def test_last_owner_may_reorder_while_aging(v2: V2, v1: V1) -> None:
    numbers = v2.search(areaCode="615", quantity=2)
    v2.buy(numbers)
    v2.disconnect(numbers)
    other = V2.other(v2.sb)
    assert other.buy(numbers[:1]).findtext("OrderStatus") == "FAILED"
    assert v2.buy(numbers[:1]).findtext("OrderStatus") == "COMPLETE"
    # The same customer through V1 may take back a number aging after a V2 disconnect.
    r = v1.post(v1.numbers_path, json={"number": "+1" + numbers[1]})
    assert r.status_code == 201
