"""The webhook receiver under attack: every hostile document of the reliability corpus
(XXE, entity expansion, huge, deep, malformed…) is answered 400 and nothing is
recorded; wrong credentials are 401 and nothing is recorded; the canary file and the
trap port are never touched."""

from __future__ import annotations

import socket

import pytest
import requests
from hostile import hostile_documents

from numkit.notifications import Receiver

pytestmark = pytest.mark.timeout(180)

CANARY = "notify-file-canary-3e9a"


@pytest.fixture
def trap() -> socket.socket:
    """A loopback listener nothing may connect to (an XXE's network target)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.setblocking(False)
    yield sock
    sock.close()


def test_hostile_notification_bodies_are_400_and_never_recorded(tmp_path, trap) -> None:
    canary = tmp_path / "secret.txt"
    canary.write_text(CANARY)
    port = trap.getsockname()[1]
    with Receiver(username="hook", password="hook-pw") as rx:
        for name, document in hostile_documents(str(canary), port, root="Notification"):
            answer = requests.post(rx.url, data=document, auth=("hook", "hook-pw"), timeout=60)
            assert answer.status_code == 400, name
            assert CANARY not in answer.text, name
        assert rx.notifications == []
        assert len(rx.to_frame()) == 0
        for record in rx.exchanges:
            assert CANARY not in (record.request_body or "") + (record.response_body or "")
    with pytest.raises(BlockingIOError):
        trap.accept()  # nobody ever connected


def test_wrong_credentials_are_401_and_never_recorded() -> None:
    good = (
        b"<Notification><OrderId>o-1</OrderId><OrderType>orders</OrderType>"
        b"<Status>COMPLETE</Status></Notification>"
    )
    with Receiver(username="hook", password="hook-pw") as rx:
        for auth in (None, ("hook", "nope"), ("HOOK", "hook-pw"), ("hook", "hook-pw ")):
            assert requests.post(rx.url, data=good, auth=auth, timeout=10).status_code == 401
        assert rx.notifications == []
        assert requests.post(rx.url, data=good, auth=("hook", "hook-pw"), timeout=10).ok
        assert len(rx.notifications) == 1
