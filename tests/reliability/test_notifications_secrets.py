"""Canary callback passwords appear nowhere: not in subscription answers, exchange
records or curl renderings, reprs, errors, the receiver's records, the notifications
view's widget state, the process's logs, nor the sandbox's log; the state file that
must keep them (to answer the challenge after a restart) has mode 0600."""

from __future__ import annotations

import base64
import json
import logging
import stat
from pathlib import Path

import pytest
from ipywidgets.widgets import widget as _widget_module
from reliability_helpers import v2_for

from numkit.errors import NumkitError
from numkit.notifications import Receiver

pytestmark = pytest.mark.timeout(180)

CANARY = "cb-canary-pw-6d1f03"
OTHER_CANARY = "cb-canary-other-8a77e2"


def _forms(secret: str, user: str = "hook") -> list[str]:
    return [secret, base64.b64encode(f"{user}:{secret}".encode()).decode()]


def test_callback_passwords_appear_nowhere(start_sandbox, caplog, tmp_path) -> None:
    caplog.set_level(logging.DEBUG)
    sb = start_sandbox(order_delay=0.1, state=tmp_path / "state.sqlite")
    v2 = v2_for(sb)
    blobs: list[str] = []
    with Receiver(username="hook", password=CANARY) as rx:
        from numkit.ui.notifications import NotificationsPanel

        panel = NotificationsPanel(v2, receiver=rx, safety_net=(30, 60))
        sub = v2.subscribe(rx.url, username="hook", password=CANARY)
        refused = v2.subscribe(
            "https://hooks.example.com/x", username="hook", password=OTHER_CANARY
        )
        order = v2.order_search(area_code="919", quantity=1)
        done = v2.wait_for_order(order, notifications=rx, safety_net=(30, 60))
        assert done.status == "COMPLETE" and len(rx.notifications) == 1
        panel.inspector.refresh()
        try:  # an error that carries the password argument
            v2.subscribe("ftp://nowhere", username="hook", password=CANARY)
        except NumkitError as exc:
            blobs += [str(exc), repr(exc), repr(vars(exc))]
        listing = v2.subscriptions()
        blobs += [repr(listing), repr(sub), repr(refused), repr(rx), repr(v2), repr(done)]
        blobs += [repr(n) for n in rx.notifications] + [rx.to_frame().to_string()]
        for record in [*v2.exchanges, *rx.exchanges]:
            blobs += [json.dumps(vars(record), default=str), record.as_curl(), repr(record)]
        blobs += [
            json.dumps(w.get_state(), default=str) for w in _widget_module._instances.values()
        ]
        blobs.append(repr(panel))
        panel.stop()
    blobs += [r.getMessage() + repr(r.args) for r in caplog.records]
    sb.stop()
    blobs.append(sb.log_text())
    for secret in (CANARY, OTHER_CANARY):
        for form in _forms(secret):
            leaks = [b[:200] for b in blobs if form in b]
            assert not leaks, f"{secret} leaked: {leaks}"
    # the state file keeps them (the challenge after a restart), readable by us only
    state = Path(sb.state_path)
    stored = b"".join(p.read_bytes() for p in (state, Path(f"{state}-wal")) if p.exists())
    assert CANARY.encode() in stored
    for path in (state, Path(f"{state}-wal"), Path(f"{state}-shm")):
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
