"""Deliveries end to end over real sockets: sandbox → receiver → wait.

The challenge round-trip, what ``<Status>`` records, refused hosts, disconnects,
order-scoped subscriptions, spoofed notifications, E.164 under ``/api/v2``, backorders,
and each notification fault kind on its own (rate 1.0, so the outcome is certain).
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from notify_helpers import client_for

from numkit import sandbox
from numkit.notifications import Receiver

pytestmark = pytest.mark.timeout(120)


def until(predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
    """The first truthy ``predicate()`` (an event we wait for), or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("the awaited event did not happen")


def status_of(client: Any, sub_id: str) -> str | None:
    return {s.id: s.status for s in client.subscriptions()}.get(sub_id)


def settled(client: Any, sub_id: str) -> Callable[[], str | None]:
    return lambda: s if (s := status_of(client, sub_id)) != "READY" else None


def test_challenge_round_trip_and_wait(nv2, receiver) -> None:
    rx = receiver(username="hook", password="hook-pw-1")
    sub = nv2.subscribe(rx.url, username="hook", password="hook-pw-1")
    order = nv2.order_search(area_code="919", quantity=2)
    before = len(nv2.exchanges)
    done = nv2.wait_for_order(order, notifications=rx, safety_net=(30, 60))
    assert done.status == "COMPLETE" and len(done.completed_numbers) == 2
    gets = [e for e in list(nv2.exchanges)[before:] if e.method == "GET"]
    assert len(gets) == 1  # the read-back only
    assert [e.status for e in rx.exchanges] == [401, 200]  # first without Authorization
    assert "authorization" not in {k.lower() for k in rx.exchanges[0].request_headers}
    (n,) = rx.notifications
    assert (n.order_id, n.status, n.subscription_id) == (order.id, "COMPLETE", sub.id)
    assert n.customer_order_id == order.customer_order_id
    assert sorted(n.completed_numbers) == sorted(done.completed_numbers)
    assert until(settled(nv2, sub.id)) == "200 OK"
    # the same result as polling gives for the same order
    polled = nv2.wait_for_order(order.id)
    assert (polled.status, polled.completed_numbers, polled.errors) == (
        done.status,
        done.completed_numbers,
        done.errors,
    )


def test_wrong_subscription_credentials_are_recorded_as_401(nv2, receiver) -> None:
    rx = receiver(username="hook", password="right")
    wrong = nv2.subscribe(rx.url, username="hook", password="wrong")
    order = nv2.order_search(area_code="910", quantity=1)
    assert until(settled(nv2, wrong.id)) == "401 Unauthorized"
    assert rx.notifications == []
    assert [e.status for e in rx.exchanges] == [401, 401]  # challenge, one re-send, no retry
    nv2.unsubscribe(wrong)
    assert nv2.get_order(order).status == "COMPLETE"


def test_no_credentials_means_no_resend(nv2, receiver) -> None:
    rx = receiver(username="hook", password="right")
    bare = nv2.subscribe(rx.url)
    nv2.order_search(area_code="910", quantity=1)
    assert until(settled(nv2, bare.id)) == "401 Unauthorized"
    assert [e.status for e in rx.exchanges] == [401]


class _Plain401(http.server.BaseHTTPRequestHandler):
    hits: list[str | None] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).hits.append(self.headers.get("Authorization"))
        self.send_response(401)  # no WWW-Authenticate: never delivered (docs)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


def test_401_without_challenge_header_is_not_answered_with_credentials(nv2) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Plain401)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sub = nv2.subscribe(
            f"http://127.0.0.1:{server.server_address[1]}/", username="u", password="p"
        )
        nv2.order_search(area_code="910", quantity=1)
        assert until(settled(nv2, sub.id)) == "401 Unauthorized"
        assert _Plain401.hits == [None]
    finally:
        server.shutdown()


def test_other_hosts_are_refused_unless_named(nsb, nv2) -> None:
    sub = nv2.subscribe("http://hooks.example.com/numkit")
    nv2.order_search(area_code="919", quantity=1)
    assert until(settled(nv2, sub.id)) == "refused: host not allowed"
    nv2.unsubscribe(sub)


def test_callback_hosts_flag_allows_a_host(nv2) -> None:
    sub = nv2.subscribe("http://hooks.invalid:9/x")  # named by --callback-hosts (conftest)
    nv2.order_search(area_code="919", quantity=1)
    outcome = until(settled(nv2, sub.id))
    assert outcome.startswith("error:")  # attempted (the name does not resolve), not refused


def test_disconnect_notifications(nv2, receiver) -> None:
    rx = receiver()
    nv2.subscribe(rx.url, order_type="disconnects")
    numbers = nv2.wait_for_order(nv2.order_search(area_code="704", quantity=2)).completed_numbers
    disc = nv2.disconnect(numbers)
    done = nv2.wait_for_disconnect(disc, notifications=rx, safety_net=(30, 60))
    assert done.status == "COMPLETE"
    (n,) = rx.notifications
    assert n.order_type == "disconnects" and n.order_id == disc.id and n.status == "COMPLETE"


def test_order_scoped_subscription_is_made_and_removed(nv2, receiver) -> None:
    rx = receiver(username="a", password="b")
    assert nv2.subscriptions() == []
    order = nv2.order_search(
        area_code="919", quantity=1, customer_order_id="scenario-slow-600-scoped"
    )
    done = nv2.wait_for_order(order, notifications=rx, safety_net=(30, 60))
    assert done.status == "COMPLETE"
    assert [n.order_id for n in rx.notifications] == [order.id]
    assert nv2.subscriptions() == []  # removed afterwards


def test_a_spoofed_notification_never_ends_the_wait(nv2, receiver) -> None:
    rx = receiver()  # no credentials: anyone may POST (the docs say: set them)
    nv2.subscribe(rx.url)
    order = nv2.order_search(area_code="919", quantity=1, customer_order_id="scenario-slow-1500-s")
    fake = (
        f"<Notification><OrderId>{order.id}</OrderId><OrderType>orders</OrderType>"
        "<Status>COMPLETE</Status><LastModifiedDate>2020-01-01T00:00:00Z</LastModifiedDate>"
        "</Notification>"
    ).encode()
    assert requests.post(rx.url, data=fake, timeout=5).status_code == 200
    seen: list[str] = []
    done = nv2.wait_for_order(
        order, notifications=rx, safety_net=(30, 60), on_progress=lambda s: seen.append(s.status)
    )
    assert seen == ["RECEIVED", "COMPLETE"]  # the spoof was read back and not believed
    assert done.status == "COMPLETE" and done.elapsed >= 1.4


def test_e164_subscription_gets_plus_one_numbers(nsb, receiver) -> None:
    client = client_for(nsb, base_url=nsb.url + "/api/v2")
    rx = receiver()
    sub = client.subscribe(rx.url)
    try:
        order = client.order_search(area_code="919", quantity=1)
        n = rx.wait(order.id, timeout=15)
        assert b"<TelephoneNumber>+1" in n.raw
        assert n.completed_numbers[0].isdigit() and len(n.completed_numbers[0]) == 10
    finally:
        client.unsubscribe(sub)


def test_backorder_then_close_notifies_both_states(nv2, receiver) -> None:
    rx = receiver()
    nv2.subscribe(rx.url)
    order = nv2.order_search(area_code="919", quantity=2, customer_order_id="scenario-backorder-n")
    first = nv2.wait_for_order(order, notifications=rx, safety_net=(30, 60))
    assert first.status == "BACKORDERED"
    closed = requests.put(  # (V2Client.close_order is another helper's; the wire is enough)
        f"{nv2.base_url}/accounts/{nv2.account_id}/orders/{order.id}",
        data=b"<Order><CloseOrder>true</CloseOrder></Order>",
        auth=("demo", "demo"),
        timeout=10,
    )
    assert closed.status_code == 200
    until(lambda: len(rx.notifications) == 2)
    assert [n.status for n in rx.notifications] == ["BACKORDERED", "FAILED"]


@pytest.mark.parametrize("kind", ["notify-drop", "notify-dup", "notify-late"])
def test_each_notification_fault(nsb, nv2, receiver, kind: str) -> None:
    sandbox.set_faults(nsb.url, rate=1.0, kinds=[kind])
    try:
        _one_fault(nv2, receiver(), kind)
    finally:
        sandbox.set_faults(nsb.url, rate=0.0, kinds=["503"])


def _one_fault(client: Any, rx: Any, kind: str) -> None:
    sub = client.subscribe(rx.url)
    order = client.order_search(area_code="919", quantity=1)
    started = time.monotonic()
    done = client.wait_for_order(order, notifications=rx, safety_net=(0.5, 1))
    took = time.monotonic() - started
    assert done.status == "COMPLETE"
    if kind == "notify-drop":
        # decided when the order resolved (same transaction): never attempted at all
        assert status_of(client, sub.id) == "READY"
        assert rx.notifications == [] and len(rx.exchanges) == 0
        assert took >= 0.5  # caught by the safety net
    elif kind == "notify-dup":
        until(lambda: len(rx.exchanges) == 2)
        assert len(rx.notifications) == 1
    else:
        n = rx.wait(order.id, timeout=10)
        assert n.received_at is not None
        assert took >= 0.5  # the safety net came first; the late one still arrived


def test_expired_subscription_is_not_delivered(nv2, receiver) -> None:
    rx = receiver()
    sub = nv2.subscribe(rx.url, expiry=1)
    order = nv2.order_search(area_code="919", quantity=1, customer_order_id="scenario-slow-1300-e")
    assert nv2.wait_for_order(order).status == "COMPLETE"
    assert status_of(nv2, sub.id) == "READY"  # no delivery was ever due
    assert rx.notifications == []


def test_receiver_type_is_checked(nv2) -> None:
    from numkit.errors import ConfigurationError

    order = nv2.order_search(area_code="919", quantity=1)
    with pytest.raises(ConfigurationError):
        nv2.wait_for_order(order, notifications="http://127.0.0.1:1/")
    with pytest.raises(ConfigurationError):
        nv2.wait_for_order(order, notifications=Receiver())  # not started


def test_a_slow_receiver_never_slows_the_api(nv2) -> None:
    """A receiver that accepts the connection and never answers holds a delivery in
    flight; meanwhile searches and orders are answered as usual (deliveries run off the
    request path, with their own short timeout)."""
    import socket

    accepted = threading.Event()
    release = threading.Event()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def hold() -> None:
        conn, _ = server.accept()
        accepted.set()
        release.wait(30)
        conn.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    try:
        sub = nv2.subscribe(f"http://127.0.0.1:{server.getsockname()[1]}/slow")
        nv2.order_search(area_code="919", quantity=1)
        assert accepted.wait(15)  # the delivery is in flight and stuck
        fast = client_for_timeout(nv2)
        assert fast.search(area_code="919", quantity=2).numbers  # answered meanwhile
        order = fast.order_search(area_code="910", quantity=1)
        assert fast.wait_for_order(order, timeout=15).status == "COMPLETE"
        assert status_of(nv2, sub.id) == "READY"  # still in flight: no outcome yet
        fast.close()
    finally:
        release.set()
        holder.join(10)
        server.close()
    assert until(settled(nv2, sub.id)).startswith("error:")  # the receiver hung up


def client_for_timeout(v2: Any) -> Any:
    """A client with a short read timeout: a blocked sandbox would fail it, not hang."""
    from numkit import V2Client

    return V2Client("9900000", "demo", "demo", base_url=v2.base_url, timeout=(2, 3))
