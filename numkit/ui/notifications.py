"""The notifications view: start a receiver, subscribe, order, and watch the
notification arrive beside the order's progress (issue 14).

Why its own panel: the order panel teaches polling; this one shows the recommended
path side by side with it — the order's status line, the notifications table filling
in live, and the wire inspector on the receiver showing the Basic challenge
(``401`` then ``200``). The receiver's credentials are generated here and never typed,
so no password can land in saved widget state.
"""

from __future__ import annotations

import html
import secrets
from typing import Any

import ipywidgets as widgets

from ..notifications.receiver import Receiver
from ._common import FIELD_WIDTH, Job, Panel, frame_html
from .inspector import ExchangeInspector

__all__ = ["NotificationsPanel"]

RECEIVER_USER = "numkit"


class NotificationsPanel(Panel):
    """``NotificationsPanel(client, receiver=None)`` for a V2 client.

    Public controls: ``start_button`` (start the receiver; credentials generated),
    ``subscribe_button`` (subscribe it for orders and disconnects), ``area_code`` and
    ``quantity`` with ``order_button`` (order, then ``wait_for_order(notifications=…)``),
    ``feed`` (HTML table of the notifications received, live), ``progress_line`` (the
    order's status), ``status``, ``receiver``, ``result`` (the last order status),
    ``inspector`` (an ExchangeInspector on the receiver, once started). ``stop()`` stops
    the receiver if the panel started it.
    """

    def __init__(
        self, client: Any, receiver: Receiver | None = None, *, safety_net: Any = (5, 30)
    ) -> None:
        super().__init__()
        self._client = client
        self._owned = receiver is None
        self.receiver: Receiver | None = receiver
        self.safety_net = safety_net
        self.result: Any = None
        self.start_button = widgets.Button(description="Start receiver", icon="play")
        self.subscribe_button = widgets.Button(
            description="Subscribe", icon="bell", disabled=receiver is None
        )
        self.area_code = widgets.Text(
            value="919", description="Area code", layout=widgets.Layout(width="200px")
        )
        self.quantity = widgets.BoundedIntText(
            value=1, min=1, max=50, description="Quantity", layout=widgets.Layout(width="200px")
        )
        self.order_button = widgets.Button(
            description="Order and wait", icon="shopping-cart", disabled=receiver is None
        )
        self.progress_line = widgets.HTML(layout=widgets.Layout(width=FIELD_WIDTH))
        self.feed = widgets.HTML()
        self.inspector: ExchangeInspector | None = None
        self._inspector_box = widgets.VBox()
        self._compose(
            widgets.HTML("<b>Order notifications</b> (the Dashboard POSTs; you stop polling)"),
            widgets.HBox([self.start_button, self.subscribe_button]),
            widgets.HBox([self.area_code, self.quantity, self.order_button]),
            self.status,
            self.progress_line,
            widgets.HTML("<b>Notifications received</b> (newest last)"),
            self.feed,
            self._inspector_box,
        )
        if receiver is not None:
            self._attach(receiver)
        self._refresh_feed()

    def _wire(self) -> None:
        self.start_button.on_click(self._on_start)
        self.subscribe_button.on_click(self._on_subscribe)
        self.order_button.on_click(self._on_order)

    # -- public -------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop the receiver if this panel started it."""
        if self._owned and self.receiver is not None:
            self.receiver.stop()

    # -- callbacks ----------------------------------------------------------------------
    def _on_start(self, _button: Any) -> None:
        with self._callback("Start the receiver", self.start_button):
            if self.receiver is None:
                rx = Receiver(username=RECEIVER_USER, password=secrets.token_urlsafe(18))
                self._attach(rx.start())
            self.start_button.disabled = True
            self.subscribe_button.disabled = False
            self.order_button.disabled = False

    def _on_subscribe(self, _button: Any) -> None:
        with self._callback("Subscribe", self.subscribe_button):
            assert self.receiver is not None
            made = [
                self._client.subscribe(self.receiver, order_type=kind)
                for kind in ("orders", "disconnects")
            ]
            self._set_status(
                f"Subscribed {self.receiver.url} for orders and disconnects "
                f"({', '.join(s.id[:8] + '…' for s in made)}); Basic credentials set.",
                "ok",
            )

    def _on_order(self, _button: Any) -> None:
        with self._callback("Order"):
            area = self.area_code.value.strip()
            quantity = int(self.quantity.value)
            self._start_job(
                "Order", lambda job: self._order(job, area, quantity), buttons=[self.order_button]
            )

    # -- logic --------------------------------------------------------------------------
    def _attach(self, rx: Receiver) -> None:
        self.receiver = rx
        rx.on_notification(lambda _n: self._refresh_feed())
        self.inspector = ExchangeInspector(rx)
        self._inspector_box.children = [
            widgets.HTML("<b>On the wire at the receiver</b> (the challenge: 401, then 200)"),
            self.inspector,
        ]
        where = rx.url
        auth = "with Basic credentials" if rx.username else "WITHOUT credentials"
        self._set_status(f"Receiver listening at {where} ({auth}).", "ok")

    def _order(self, job: Job, area: str, quantity: int) -> None:
        assert self.receiver is not None
        order = self._client.order_search(area_code=area, quantity=quantity)
        self._progress(f"Order {order.id}: {order.status}; waiting for its notification…")

        def on_progress(status: Any) -> None:
            self._progress(f"Order {status.id}: {status.status} (read back after a wake-up)")

        status = self._client.wait_for_order(
            order,
            notifications=self.receiver,
            safety_net=self.safety_net,
            on_progress=on_progress,
            stop=job.stop,
        )
        self.result = status
        self._refresh_feed()
        if self.inspector is not None:
            self.inspector.refresh()
        self._set_status(
            f"Order {status.id}: {status.status} after {job.elapsed():.1f} s; "
            f"{len(status.completed_numbers)} number(s).",
            "ok" if status.status == "COMPLETE" else "warn",
        )

    def _progress(self, text: str) -> None:
        with self._ui_lock:
            # HTML, not a Label: ipywidgets typesets a Label's "$…$" as math.
            self.progress_line.value = (
                f"<span class='tex2jax_ignore'>{html.escape(text)}</span>" if text else ""
            )

    def _refresh_feed(self) -> None:
        rx = self.receiver
        if rx is None or not rx.notifications:
            self.feed.value = "<i>none yet</i>"
            return
        frame = rx.to_frame()
        frame["completed_numbers"] = frame["completed_numbers"].map(", ".join)
        with self._ui_lock:
            self.feed.value = frame_html(frame)
