"""More V2 equivalents in the sandbox (contract: "More V2 equivalents", API notes §6.6,
§6.8): SIP peers and ``movetns``, reservations, ``/api/v2`` with E.164 numbers, and
``GET /orders/totals``. Plain requests + lxml over real sockets, independent of numkit's
clients.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import requests
from lxml import etree
from sandbox_helpers import V1, V2, error_codes, existing_order, search_order, xml

import numkit.sandbox as nks


def _peer_numbers(v2: V2, peer: str, site: str = "100") -> list[str]:
    r = v2.get(f"/sites/{site}/sippeers/{peer}/tns")
    assert r.status_code == 200, r.text
    root = xml(r)
    assert root.tag == "SipPeerTelephoneNumbersResponse"
    return [e.text or "" for e in root.iter("FullNumber")]


def _move(v2: V2, numbers: list[str], peer: str, site: str = "100") -> requests.Response:
    body = (
        "<SipPeerTelephoneNumbers>"
        + "".join(f"<FullNumber>{n}</FullNumber>" for n in numbers)
        + "</SipPeerTelephoneNumbers>"
    )
    return v2.post(f"/sites/{site}/sippeers/{peer}/movetns", body)


# ---- SIP peers and movetns ----------------------------------------------------------
def test_each_site_has_two_peers(v2: V2) -> None:
    root = xml(v2.get("/sites/100/sippeers"))
    peers = {p.findtext("PeerId"): p for p in root.iter("SipPeer")}
    assert set(peers) == {"1000", "1001"}
    assert peers["1000"].findtext("IsDefaultPeer") == "true"
    assert peers["1001"].findtext("PeerName") == "Messaging app"
    assert peers["1001"].findtext("IsDefaultPeer") == "false"
    other = V2.other(v2.sb)
    ids = [p.findtext("PeerId") for p in xml(other.get("/sites/200/sippeers")).iter("SipPeer")]
    assert ids == ["2000", "2001"]


def test_unknown_peer_is_400_13563_and_unknown_site_404_12016(v2: V2) -> None:
    r = v2.get("/sites/100/sippeers/4242")
    assert r.status_code == 400
    assert xml(r).findtext("ResponseStatus/ErrorCode") == "13563"
    r = _move(v2, ["9195551212"], "4242")
    assert r.status_code == 400 and xml(r).findtext("ResponseStatus/ErrorCode") == "13563"
    r = _move(v2, ["9195551212"], "1001", site="999")
    assert r.status_code == 404 and xml(r).findtext("ResponseStatus/ErrorCode") == "12016"
    # The other customer's peer is unknown here.
    r = _move(v2, ["9195551212"], "2001")
    assert r.status_code == 400 and "13563" in r.text


def test_movetns_moves_numbers_between_peers(v2: V2, v1: V1) -> None:
    numbers = v2.search(areaCode="512", quantity="3")
    v2.buy(numbers)
    assert set(numbers) <= set(_peer_numbers(v2, "1000"))
    assert not set(numbers) & set(_peer_numbers(v2, "1001"))
    r = _move(v2, numbers[:2], "1001")
    assert r.status_code == 200 and r.content == b""
    assert set(numbers[:2]) <= set(_peer_numbers(v2, "1001"))
    assert not set(numbers[:2]) & set(_peer_numbers(v2, "1000"))
    assert numbers[2] in _peer_numbers(v2, "1000")
    details = xml(
        v2.http.get(f"{v2.sb.v2_url}/tns/{numbers[0]}/tndetails", auth=v2.auth, timeout=30)
    )
    assert details.findtext(".//SipPeer/PeerId") == "1001"
    # Back again; E.164 accepted in the body.
    assert _move(v2, ["+1" + numbers[0]], "1000").status_code == 200
    assert numbers[0] in _peer_numbers(v2, "1000")


def test_movetns_refuses_numbers_not_on_the_account(v2: V2) -> None:
    mine = v2.search(areaCode="512", quantity="1")
    v2.buy(mine)
    free = v2.search(areaCode="214", quantity="1")[0]
    r = _move(v2, [mine[0], free], "1001")
    assert r.status_code == 400 and xml(r).findtext("ResponseStatus/ErrorCode") == "15610"
    assert mine[0] not in _peer_numbers(v2, "1001")  # nothing moved
    assert _move(v2, [], "1001").status_code == 400
    assert xml(_move(v2, ["12"], "1001")).findtext("ResponseStatus/ErrorCode") == "5070"


def test_v1_applications_follow_the_peers(v2: V2, v1: V1) -> None:
    e164 = v1.get("/availableNumbers/local", areaCode="210", quantity=1).json()[0]["number"]
    r = v1.post(v1.numbers_path, json={"number": e164, "applicationId": "a-sms"})
    assert r.status_code == 201
    number = e164[2:]
    assert number in _peer_numbers(v2, "1001")
    assert _move(v2, [number], "1000").status_code == 200
    assert v1.get(r.headers["Location"]).json()["applicationId"] == "a-voice"


# ---- reservations ---------------------------------------------------------------------
def _reserve(v2: V2, number: str, path: str = "/tnreservation") -> requests.Response:
    return v2.post(path, f"<Reservation><ReservedTn>{number}</ReservedTn></Reservation>")


def test_reservation_create_read_delete(v2: V2) -> None:
    number = v2.search(areaCode="305", quantity="1")[0]
    r = _reserve(v2, number, "/TnReservation")  # both spellings are accepted
    assert r.status_code == 201
    location = r.headers["Location"]
    rid = location.rsplit("/", 1)[1]
    for url in (location, location.replace("/tnreservation/", "/TnReservation/")):
        got = xml(v2.get(url))
        assert got.tag == "ReservationResponse"
        assert got.findtext("Reservation/ReservationId") == rid
        assert got.findtext("Reservation/ReservedTn") == number
        assert got.findtext("Reservation/AccountId") == "9900000"
        assert 14000 < int(got.findtext("Reservation/ReservationExpires") or 0) <= 14400
    assert number not in v2.search(areaCode="305", quantity="5000")
    # Not available twice, nor to the other customer.
    r = _reserve(v2, number)
    assert r.status_code == 400 and xml(r).findtext("ResponseStatus/ErrorCode") == "5041"
    assert V2.other(v2.sb).get(location.replace("9900000", "9900099")).status_code == 404
    deleted = v2.http.delete(location, auth=v2.auth, timeout=30)
    assert deleted.status_code == 200
    assert v2.get(location).status_code == 404
    assert number in v2.search(areaCode="305", quantity="5000")


def test_reserving_an_unavailable_number_is_5041(v2: V2) -> None:
    number = v2.search(areaCode="305", quantity="1")[0]
    v2.buy([number])
    r = _reserve(v2, number)
    assert r.status_code == 400 and xml(r).findtext("ResponseStatus/ErrorCode") == "5041"
    r = _reserve(v2, "12")
    assert r.status_code == 400 and xml(r).tag == "ReservationResponse"


def test_a_reserved_number_is_unavailable_to_other_customers(v2: V2, v1: V1) -> None:
    number, spare = v2.search(areaCode="407", quantity="2")
    assert _reserve(v2, number).status_code == 201
    other = V2.other(v2.sb)
    status = other.wait(other.order(existing_order([number], site="200")))
    assert status.findtext("OrderStatus") == "FAILED" and error_codes(status) == ["5005"]
    other_v1 = V1(v2.sb, auth=("t-other", "s-other"), user="u-other")
    r = other_v1.post(other_v1.numbers_path, json={"number": "+1" + number})
    assert r.status_code == 409
    # The reserving account may order it without the reservation id …
    assert v2.buy([number]).findtext("OrderStatus") == "COMPLETE"
    # … or with it.
    r = _reserve(v2, spare)
    rid = r.headers["Location"].rsplit("/", 1)[1]
    body = existing_order([spare]).replace(
        "</TelephoneNumberList>",
        f"</TelephoneNumberList><ReservationIdList><ReservationId>{rid}</ReservationId></ReservationIdList>",
    )
    assert v2.wait(v2.order(body)).findtext("OrderStatus") == "COMPLETE"
    assert v2.get(r.headers["Location"]).status_code == 404  # used up by the order


def test_reservation_hold_option(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    """With --reservation-hold 1 the hold runs out (with the default 14400 s it could
    not within this test); every answer before that reports at most the hold."""
    sb = make_sandbox(reservation_hold=1, order_delay=0.0)
    v2 = V2(sb)
    number = v2.search(areaCode="407", quantity="1")[0]
    location = _reserve(v2, number).headers["Location"]
    deadline = time.monotonic() + 15
    while (r := v2.get(location)).status_code == 200:
        assert int(xml(r).findtext(".//ReservationExpires") or 99) <= 1
        assert time.monotonic() < deadline, "the reservation never expired"
        time.sleep(0.1)
    assert r.status_code == 404
    assert V2.other(sb).buy([number]).findtext("OrderStatus") == "COMPLETE"


# ---- /api/v2: E.164 everywhere --------------------------------------------------------
@pytest.fixture
def e164(v2: V2) -> V2:
    caller = V2(v2.sb)
    caller.sb = nks.Sandbox(
        v2.sb.url, v2.sb.v1_url, v2.sb.url + "/api/v2", v2.sb.pid, v2.sb.state_path
    )
    return caller


def _all_numbers(root: etree._Element) -> list[str]:
    tags = ("TelephoneNumber", "FullNumber", "ReservedTn")
    return [e.text or "" for e in root.iter(*tags) if e.text and e.text.strip()[-1:].isdigit()]


def test_api_v2_answers_e164_and_accepts_both_forms(e164: V2) -> None:
    plain = e164.search(areaCode="919", quantity="3")
    assert plain and all(n.startswith("+1") and len(n) == 12 for n in plain)
    detail = xml(e164.get("/availableNumbers", areaCode="919", quantity="2", enableTNDetail="true"))
    assert all(n.startswith("+1") for n in _all_numbers(detail))
    ten = plain[0][2:]
    status = e164.buy([ten, plain[1]])  # 10-digit and E.164 in one request
    assert status.findtext("OrderStatus") == "COMPLETE"
    numbers = _all_numbers(status)
    assert numbers and all(n.startswith("+1") for n in numbers)
    assert set(plain[:2]) <= set(numbers)
    listing = xml(e164.get("/inserviceNumbers"))
    assert all(n.startswith("+1") for n in _all_numbers(listing))
    for tn in (ten, plain[0]):
        r = e164.http.get(f"{e164.sb.v2_url}/tns/{tn}", auth=e164.auth, timeout=30)
        assert r.status_code == 200 and xml(r).findtext("TelephoneNumber") == plain[0]
    assert e164.get(f"/inserviceNumbers/{plain[0]}").status_code == 200
    r = e164.post(
        "/tnreservation", f"<Reservation><ReservedTn>{plain[2]}</ReservedTn></Reservation>"
    )
    assert r.status_code == 201 and "/api/v2/" in r.headers["Location"]
    assert xml(e164.get(r.headers["Location"])).findtext(".//ReservedTn") == plain[2]
    done = e164.disconnect([plain[0], ten[:0] + plain[1][2:]])
    assert done.findtext("OrderStatus") == "COMPLETE"
    assert all(n.startswith("+1") for n in _all_numbers(done))
    # The /api answer of the same order stays 10-digit.
    order_id = status.findtext("Order/id")
    legacy = xml(
        V2(e164.sb).http.get(
            f"{e164.sb.url}/api/accounts/9900000/orders/{order_id}", auth=e164.auth, timeout=30
        )
    )
    assert ten in _all_numbers(legacy)


# ---- orders/totals -------------------------------------------------------------------
def test_orders_totals_is_a_count_not_an_order_id(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox(order_delay=0.0)
    v2 = V2(sb)
    fields = {"AreaCode": "919", "Quantity": "1"}
    v2.wait(v2.order(search_order("AreaCodeSearchAndOrderType", fields)))
    v2.wait(
        v2.order(
            search_order("AreaCodeSearchAndOrderType", fields, CustomerOrderId="scenario-failed")
        )
    )
    r = v2.get("/orders/totals")
    assert r.status_code == 200
    assert xml(r).findtext("ListOrderIdUserIdDate/TotalCount") == "2"
    assert xml(v2.get("/orders/totals", status="failed")).findtext(".//TotalCount") == "1"
    assert v2.get("/orders/totals", status="nonsense").status_code == 400
    assert xml(V2.other(sb).get("/orders/totals")).findtext(".//TotalCount") == "0"
