"""The webhook receiver over real sockets: the Basic challenge, wrong credentials,
hostile bodies, duplicates, other methods and paths, the record of exchanges, and
running inside an already-running asyncio loop (as in a notebook kernel)."""

from __future__ import annotations

import asyncio
import pickle
import threading

import pytest
import requests

from numkit.errors import ConfigurationError, PollTimeout, ValidationError
from numkit.notifications import Receiver


def body(order_id: str = "o-1", status: str = "COMPLETE", when: str = "01") -> bytes:
    return (
        "<?xml version='1.0'?><Notification><SubscriptionId>s-1</SubscriptionId>"
        f"<OrderId>{order_id}</OrderId><OrderType>orders</OrderType><Status>{status}</Status>"
        "<CompletedTelephoneNumbers><TelephoneNumber>9195551212</TelephoneNumber>"
        f"</CompletedTelephoneNumbers><LastModifiedDate>2026-01-{when}T00:00:00.000Z"
        "</LastModifiedDate></Notification>"
    ).encode()


def post(rx: Receiver, data: bytes, auth=None, path: str = "") -> requests.Response:
    return requests.post(rx.url + path, data=data, auth=auth, timeout=5)


def test_the_challenge_then_the_credentials(receiver) -> None:
    rx = receiver(username="hook", password="pw-1")
    first = post(rx, body())
    assert first.status_code == 401
    assert first.headers["WWW-Authenticate"].startswith("Basic ")
    assert rx.notifications == []
    second = post(rx, body(), auth=("hook", "pw-1"))
    assert second.status_code == 200
    assert [n.order_id for n in rx.notifications] == ["o-1"]
    # the inspector's view of the round-trip: masked, never the password
    statuses = [e.status for e in rx.exchanges]
    assert statuses == [401, 200]
    assert "Authorization" not in {k.title() for k in rx.exchanges[0].request_headers}
    shown = {k.lower(): v for k, v in rx.exchanges[1].request_headers.items()}
    assert shown["authorization"] == "Basic ***"
    assert "pw-1" not in repr(list(rx.exchanges)) + rx.exchanges[1].as_curl()


@pytest.mark.parametrize(
    "auth", [("hook", "wrong"), ("other", "pw-1"), ("hook", "pw-1x"), ("", ""), ("hook", "")]
)
def test_wrong_credentials_are_401_and_nothing_is_recorded(receiver, auth) -> None:
    rx = receiver(username="hook", password="pw-1")
    answer = post(rx, body(), auth=auth)
    assert answer.status_code == 401
    assert rx.notifications == [] and len(rx.to_frame()) == 0


def test_garbage_authorization_header_is_401(receiver) -> None:
    rx = receiver(username="hook", password="pw-1")
    for header in ("Basic !!!", "Bearer abc", "Basic " + "A" * 5000):
        r = requests.post(rx.url, data=body(), headers={"Authorization": header}, timeout=5)
        assert r.status_code == 401
    assert rx.notifications == []


@pytest.mark.parametrize(
    "data",
    [
        b"<Notification><OrderId>x</OrderId>",
        b'<!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><Notification>'
        b"<OrderId>&x;</OrderId></Notification>",
        b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b"<Notification><OrderId>&b;</OrderId></Notification>",
        b"<Notification><OrderId>" + b"9" * 1_000_000 + b"</OrderId></Notification>",
        b"\xff\xfe\x00garbage",
        b"",
        b"<OrderResponse><OrderId>x</OrderId></OrderResponse>",
    ],
    ids=["malformed", "xxe", "billion-laughs", "huge", "binary", "empty", "wrong-root"],
)
def test_hostile_bodies_are_400_and_nothing_is_recorded(receiver, data) -> None:
    rx = receiver(username="hook", password="pw-1")
    assert post(rx, data, auth=("hook", "pw-1")).status_code == 400
    assert rx.notifications == []
    open_rx = receiver()  # no credentials: still 400
    assert post(open_rx, data).status_code == 400
    assert open_rx.notifications == []


def test_duplicates_are_acknowledged_and_dropped(receiver) -> None:
    rx = receiver()
    for _ in range(3):
        assert post(rx, body()).status_code == 200
    assert post(rx, body(when="02")).status_code == 200  # a later state change is new
    assert len(rx.notifications) == 2
    frame = rx.to_frame()
    assert list(frame.columns) == [
        "received_at",
        "subscription_id",
        "order_type",
        "order_id",
        "customer_order_id",
        "status",
        "message",
        "completed_numbers",
    ]
    assert frame["completed_numbers"][0] == ["9195551212"]
    assert str(frame["received_at"].dtype) == "datetime64[ns, UTC]"


def test_other_methods_and_paths(receiver) -> None:
    rx = receiver()
    assert requests.get(rx.url, timeout=5).status_code == 405
    assert requests.put(rx.url, data=body(), timeout=5).status_code == 405
    assert post(rx, body(), path="elsewhere").status_code == 404
    assert rx.notifications == []


def test_public_url_path_is_served_and_is_the_url(receiver) -> None:
    rx = receiver(public_url="https://abc.tunnel.example/hooks/numkit")
    assert rx.url == "https://abc.tunnel.example/hooks/numkit"
    local = f"http://127.0.0.1:{rx.port}/hooks/numkit"
    assert requests.post(local, data=body(), timeout=5).status_code == 200
    assert len(rx.notifications) == 1


def test_wait_returns_the_notification_or_times_out(receiver) -> None:
    rx = receiver()
    with pytest.raises(PollTimeout):
        rx.wait("o-9", timeout=0.05)
    timer = threading.Timer(0.05, lambda: post(rx, body("o-9")))
    timer.start()
    try:
        assert rx.wait("o-9", timeout=10).order_id == "o-9"
    finally:
        timer.join()
    with pytest.raises(ValidationError):
        rx.wait("o-9", timeout=0)


def test_works_inside_a_running_event_loop(receiver) -> None:
    """A notebook kernel's loop is busy running the cell: the receiver has its own."""

    async def cell() -> int:
        rx = receiver(username="u", password="p")
        # a blocking call from the loop's own thread, as a cell that waits would make
        answer = await asyncio.to_thread(post, rx, body(), ("u", "p"))
        rx.wait("o-1", timeout=5)  # blocks this loop; the receiver still answers
        return answer.status_code

    assert asyncio.run(cell()) == 200


def test_secrets_stay_out_of_repr_and_pickle(receiver) -> None:
    rx = receiver(username="hook", password="pw-canary-77")
    assert "pw-canary-77" not in repr(rx) and "password=***" in repr(rx)
    with pytest.raises(ConfigurationError):
        pickle.dumps(rx)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"username": "u"},
        {"password": "p"},
        {"username": "a:b", "password": "p"},
        {"port": -1},
        {"public_url": "ftp://x"},
        {"host": ""},
    ],
)
def test_bad_configuration(kwargs) -> None:
    with pytest.raises(ConfigurationError):
        Receiver(**kwargs)


def test_url_before_start_and_busy_port(receiver) -> None:
    with pytest.raises(ConfigurationError):
        _ = Receiver().url
    rx = receiver()
    with pytest.raises(ConfigurationError):
        Receiver(port=rx.port).start()
    rx.stop()
    assert not rx.running
