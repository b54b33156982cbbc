"""The V2 calls a migration needs beyond search/order/disconnect, over real sockets to a
private sandbox: closing a backorder, moving numbers to a location (SIP peer),
reservations, and the E.164 mode (contract "More V2 equivalents")."""

from __future__ import annotations

import uuid

import pytest

from numkit import V2Client, demo
from numkit.errors import ApiError, ConfigurationError, NotFound, ValidationError
from numkit.models import Reservation


def coid(word: str) -> str:
    return f"{word}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def other(sandbox):
    p = demo.OTHER
    client = V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=sandbox.v2_url)
    yield client
    client.close()


def bought(v2: V2Client, n: int, area_code: str) -> list[str]:
    numbers = v2.search(area_code=area_code, quantity=n).numbers
    status = v2.wait_for_order(v2.order_numbers(numbers), timeout=30)
    assert status.status == "COMPLETE", status
    return status.completed_numbers


def release(v2: V2Client, numbers) -> None:
    if numbers:
        v2.wait_for_disconnect(v2.disconnect(numbers), timeout=30)


# -- close a backorder ----------------------------------------------------------------------------
def test_close_order_ends_a_backorder(v2):
    order = v2.order_search(
        quantity=2,
        area_code="910",
        back_order_requested=True,
        customer_order_id=coid("scenario-backorder"),
    )
    parked = v2.wait_for_order(order, timeout=30)
    assert parked.status == "BACKORDERED" and parked.completed_numbers == []
    closed = v2.close_order(order)
    assert closed.id == order.id
    assert closed.status == "FAILED"  # nothing was allocated, so closing fails it
    put = [e for e in v2.exchanges if e.method == "PUT"][-1]
    assert "<CloseOrder>true</CloseOrder>" in put.request_body
    with pytest.raises(ApiError) as caught:  # only a backordered order can be closed
        v2.close_order(order.id)
    assert caught.value.http_status == 400 and caught.value.code == "5060"


# -- numbers to a location -----------------------------------------------------------------------
def test_move_numbers_to_the_second_peer_and_back(v2):
    p = demo.PRIMARY
    numbers = bought(v2, 2, "919")
    try:
        on_default = v2.peer_numbers(site_id=p.site_id, peer_id=p.peer_id)
        assert set(numbers) <= set(on_default)
        moved = v2.move_numbers(numbers, site_id=p.site_id, peer_id="1001")
        assert moved == numbers
        assert set(numbers) <= set(v2.peer_numbers(site_id=p.site_id, peer_id="1001"))
        assert not set(numbers) & set(v2.peer_numbers(site_id=p.site_id, peer_id=p.peer_id))
        post = [e for e in v2.exchanges if e.method == "POST"][-1]
        assert post.url.endswith(f"/sites/{p.site_id}/sippeers/1001/movetns")
        assert "<SipPeerTelephoneNumbers><FullNumber>" in post.request_body
        # moving again is harmless (idempotent), and back to the default peer works
        v2.move_numbers(numbers[:1], site_id=p.site_id, peer_id="1001")
        v2.move_numbers(numbers, site_id=p.site_id, peer_id=p.peer_id)
        assert set(numbers) <= set(v2.peer_numbers(site_id=p.site_id, peer_id=p.peer_id))
    finally:
        release(v2, numbers)


def test_move_numbers_errors(v2):
    p = demo.PRIMARY
    with pytest.raises(ApiError) as peer:
        v2.move_numbers(["9195550100"], site_id=p.site_id, peer_id="9999")
    assert (peer.value.http_status, peer.value.code) == (400, "13563")
    with pytest.raises(NotFound) as site:
        v2.move_numbers(["9195550100"], site_id="999", peer_id=p.peer_id)
    assert site.value.code == "12016"
    with pytest.raises(ValidationError):
        v2.move_numbers(["junk"], site_id=p.site_id, peer_id=p.peer_id)
    with pytest.raises(ValidationError):
        v2.move_numbers(["9195550100"], site_id="../x", peer_id=p.peer_id)


# -- reservations --------------------------------------------------------------------------------
def test_reserve_holds_a_number_for_this_account_only(v2, other):
    (number,) = v2.search(area_code="919", quantity=1).numbers
    reservation = v2.reserve(number)
    assert isinstance(reservation, Reservation)
    assert reservation.number == number and reservation.id
    assert reservation.expires_in is not None and 0 < reservation.expires_in <= 14400
    assert v2.reservation(reservation.id).number == number
    # another customer cannot have it: its order fails for that number (5005)
    theirs = other.wait_for_order(other.order_numbers([number]), timeout=30)
    assert theirs.status == "FAILED" and theirs.failed_numbers == [number]
    assert theirs.errors[0][0] == "5005"
    # reserving it twice is refused (5041)
    with pytest.raises(ApiError) as again:
        v2.reserve(number)
    assert (again.value.http_status, again.value.code) == (400, "5041")
    # the reserving account orders it, naming the reservation
    order = v2.order_numbers([number], reservation_ids=[reservation])
    sent = [e for e in v2.exchanges if e.method == "POST"][-1]
    assert f"<ReservationId>{reservation.id}</ReservationId>" in sent.request_body
    mine = v2.wait_for_order(order, timeout=30)
    try:
        assert mine.status == "COMPLETE" and mine.completed_numbers == [number]
    finally:
        release(v2, mine.completed_numbers)


def test_release_reservation(v2):
    (number,) = v2.search(area_code="910", quantity=1).numbers
    reservation = v2.reserve(number)
    v2.release_reservation(reservation)
    with pytest.raises(NotFound):
        v2.reservation(reservation.id)
    with pytest.raises(NotFound):
        v2.release_reservation(reservation.id)
    # released: reserving it again works
    again = v2.reserve(number)
    v2.release_reservation(again.id)
    with pytest.raises(ValidationError):
        v2.release_reservation("a/b")


# -- E.164 mode ----------------------------------------------------------------------------------
def e164_client(sandbox, base_url: str, numbers: str | None = None) -> V2Client:
    p = demo.PRIMARY
    return V2Client(
        p.v2_account_id, p.v2_username, p.v2_password, base_url=base_url, numbers=numbers
    )


def test_api_v2_base_url_means_e164_everywhere(sandbox):
    with e164_client(sandbox, sandbox.v2_url + "/v2") as v2:
        assert (v2.numbers, v2.wire) == ("e164", "e164")
        found = v2.search(area_code="919", quantity=2, details=True)
        assert all(n.startswith("+1919") and len(n) == 12 for n in found.numbers)
        frame = found.to_frame()
        assert list(frame["full_number"]) == found.numbers
        assert set(frame["npa"]) == {"919"} and all(len(x) == 3 for x in frame["nxx"])
        assert found.details[0].full_number == found.numbers[0]
        order = v2.order_numbers(found.numbers)  # +1 numbers go back in as they are
        sent = [e for e in v2.exchanges if e.method == "POST"][-1]
        assert f"<TelephoneNumber>{found.numbers[0]}</TelephoneNumber>" in sent.request_body
        status = v2.wait_for_order(order, timeout=30)
        assert status.status == "COMPLETE"
        assert sorted(status.completed_numbers) == sorted(found.numbers)
        assert list(status.to_frame()["telephone_number"]) == status.completed_numbers
        in_service = v2.in_service_list()
        assert set(found.numbers) <= set(in_service) and all(n.startswith("+1") for n in in_service)
        done = v2.wait_for_disconnect(v2.disconnect(found.numbers), timeout=30)
        assert sorted(done.completed_numbers) == sorted(found.numbers)


def test_e164_on_api_only_changes_python_side(sandbox):
    with e164_client(sandbox, sandbox.v2_url, numbers="e164") as v2:
        assert (v2.numbers, v2.wire) == ("e164", "10digit")
        (number,) = v2.search(area_code="910", quantity=1).numbers
        assert number.startswith("+1910")
        reservation = v2.reserve(number)
        sent = [e for e in v2.exchanges if e.method == "POST"][-1]
        assert f"<ReservedTn>{number[2:]}</ReservedTn>" in sent.request_body
        assert reservation.number == number
        v2.release_reservation(reservation)


def test_numbers_argument_is_checked(sandbox):
    with pytest.raises(ConfigurationError, match="/api/v2"):
        e164_client(sandbox, sandbox.v2_url + "/v2", numbers="10digit")
    with pytest.raises(ConfigurationError, match="numbers must be"):
        e164_client(sandbox, sandbox.v2_url, numbers="E164 please")
