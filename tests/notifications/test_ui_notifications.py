"""The notifications view, driven through its public controls against a real sandbox:
start a receiver, subscribe, order and wait; the feed fills in, the inspector shows the
challenge round-trip, and the generated receiver password is nowhere in widget state."""

from __future__ import annotations

import json
import logging

import ipywidgets as widgets
import pytest
from ipywidgets.widgets import widget as _widget_module

from numkit.ui.notifications import NotificationsPanel

pytestmark = pytest.mark.timeout(120)


def _states() -> str:
    return "\n".join(
        json.dumps(w.get_state(), default=str) for w in list(_widget_module._instances.values())
    )


def test_start_subscribe_order_and_watch(nv2, caplog) -> None:
    caplog.set_level(logging.WARNING)
    panel = NotificationsPanel(nv2, safety_net=(30, 60))
    try:
        assert panel.subscribe_button.disabled and panel.order_button.disabled
        panel.start_button.click()
        assert panel.receiver is not None and panel.receiver.running
        assert "listening" in panel.status.value
        panel.subscribe_button.click()
        assert "Subscribed" in panel.status.value
        kinds = sorted(s.order_type for s in nv2.subscriptions())
        assert kinds == ["disconnects", "orders"]
        panel.quantity.value = 2
        panel.order_button.click()
        assert panel.wait(60)
        assert panel.result is not None and panel.result.status == "COMPLETE", panel._messages
        assert panel.result.id in panel.feed.value
        assert "COMPLETE" in panel.status.value
        inspector = panel.inspector
        assert inspector is not None
        inspector.refresh()
        shown = [inspector._summary(i, r) for i, r in enumerate(inspector._records)]
        assert any("401" in s for s in shown) and any("200" in s for s in shown)
        secret = panel.receiver._password
        assert secret and secret not in _states() and secret not in repr(panel)
        assert secret not in inspector.curl.value
        assert not [r for r in caplog.records if r.name.startswith(("traitlets", "ipywidgets"))]
        assert "error" not in [o.get("output_type") for o in panel._out.outputs]
    finally:
        panel.stop()
    assert not panel.receiver.running


def test_a_given_receiver_is_used_and_not_stopped(nv2, receiver) -> None:
    rx = receiver()
    panel = NotificationsPanel(nv2, receiver=rx)
    assert panel.receiver is rx and not panel.order_button.disabled
    assert "WITHOUT credentials" in panel.status.value
    panel.stop()
    assert rx.running
    assert isinstance(panel, widgets.VBox)
