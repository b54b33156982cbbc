"""Order notifications: deciding what falls due, and delivering it.

Two halves, joined by the ``deliveries`` table (:mod:`.notify_store`):

* :func:`enqueue` runs *inside* the transaction that moves an order or disconnect to a
  notified state and writes one delivery row per matching subscription. The state
  change and the promise to notify commit together, so a SIGKILL can lose neither one
  without the other; a row that fell due while the sandbox was down is simply still
  pending when it comes back. The notification faults are drawn here and stored with
  the row (``notify-drop``: never sent; ``notify-dup``: sent twice; ``notify-late``:
  due 2 s later), so a restart does not re-draw them.
* :class:`Notifier` runs on the server's IOLoop, claims due rows (marking them
  ``sending`` first: attempted once, never twice) and POSTs them with Tornado's
  non-blocking client and a short timeout, so a slow receiver never slows the API.

The Basic challenge, exactly as documented: the first POST carries no
``Authorization``; only a ``401`` with ``WWW-Authenticate: Basic …`` earns one re-send
with the subscription's credentials; nothing is retried after that. The subscription's
``<Status>`` records the last outcome (``200 OK``, ``401 Unauthorized``, ``refused: host
not allowed``, ``error: …``).

Where deliveries may go: loopback, and the hosts named by ``--callback-hosts``. Anything
else is refused (a workshop sandbox must not become a tool for POSTing anywhere).
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import notify_store as ns
from .timefmt import iso
from .xmlio import el, leaf, sub, to_bytes

if TYPE_CHECKING:
    from .store import OrderRow
    from .world import World

__all__ = [
    "LATE_SECONDS",
    "NOTIFIED",
    "Notifier",
    "enqueue",
    "host_allowed",
    "notification_xml",
]

log = logging.getLogger("numkit.sandbox")

#: Notified states per order type (docs ``orderWebhook``).
NOTIFIED: dict[str, frozenset[str]] = {
    "orders": frozenset({"COMPLETE", "PARTIAL", "BACKORDERED", "FAILED"}),
    "disconnects": frozenset({"COMPLETE", "PARTIAL", "FAILED"}),
}
ORDER_TYPE = {"order": "orders", "disconnect": "disconnects"}
LATE_SECONDS = 2.0
CONNECT_TIMEOUT = 2.0
REQUEST_TIMEOUT = 5.0
REFUSED = "refused: host not allowed"
_MESSAGES = {
    "COMPLETE": "Order is complete.",
    "PARTIAL": "Order partially completed.",
    "FAILED": "Order failed.",
    "BACKORDERED": "Order backordered - awaiting additional numbers.",
}


def host_allowed(url: str | None, allowed: Iterable[str] = ()) -> bool:
    """Loopback hosts always; other hosts only when named (case-insensitive)."""
    if not url:
        return False
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host.lower() in {h.strip().lower() for h in allowed if h.strip()}:
        return True
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def callback_hosts(world: World) -> list[str]:
    return list(getattr(world.options, "callback_hosts", None) or [])


def _number(number: str, number_format: str) -> str:
    if number_format == "e164" and not number.startswith("+"):
        return "+1" + number
    return number


def notification_xml(sub_row: ns.SubscriptionRow, order: OrderRow) -> bytes:
    """The ``<Notification>`` body (docs ``orderWebhook``)."""
    result = order.result or {}
    completed = [str(n) for n in result.get("completed") or []]
    requested = result.get("requested")
    note = f"{len(completed)} of {requested} number(s) completed." if requested else None
    numbers = el("CompletedTelephoneNumbers")
    for n in completed:
        sub(numbers, "TelephoneNumber", _number(n, sub_row.number_format))
    root = el(
        "Notification",
        leaf("SubscriptionId", sub_row.id),
        leaf("Message", _MESSAGES.get(order.status, order.status)),
        leaf("OrderId", order.id),
        leaf("OrderType", ORDER_TYPE.get(order.kind, order.kind)),
        leaf("CustomerOrderId", order.customer_order_id),
        leaf("Status", order.status),
        leaf("Note", note),
        numbers,
        leaf("LastModifiedDate", iso(order.last_modified)),
    )
    return to_bytes(root)


def enqueue(world: World, order: OrderRow, now: float | None = None) -> int:
    """Write the deliveries ``order``'s current state calls for; returns how many.

    Call inside the transaction that stored the state (idempotent: one row per
    (subscription, order, state), whatever calls it twice).
    """
    order_type = ORDER_TYPE.get(order.kind)
    if order_type is None or order.status not in NOTIFIED[order_type]:
        return 0
    now = time.time() if now is None else now
    store = world.store
    made = 0
    for s in ns.list_subscriptions(store, order.customer, order_type=order_type):
        if s.kind != "callback" or (s.order_id and s.order_id != order.id):
            continue
        if s.expires_at is not None and s.expires_at <= now:
            continue
        fault = _draw(world)
        due, copies, outcome = now, 1, ns.PENDING
        if fault == "notify-drop":
            outcome = "dropped (fault notify-drop)"
        elif fault == "notify-dup":
            copies = 2
        elif fault == "notify-late":
            due = now + LATE_SECONDS
        made += ns.add_delivery(
            store,
            subscription_id=s.id,
            order_id=order.id,
            state=order.status,
            due_at=due,
            copies=copies,
            body=notification_xml(s, order),
            outcome=outcome,
        )
    if made:
        notifier = getattr(world, "notifier", None)
        if notifier is not None:
            notifier.kick()
    return made


def _draw(world: World) -> str | None:
    draw = getattr(world.faults, "draw_notify", None)
    return draw() if draw is not None else None


def _literal_resolver() -> Any:
    """A resolver that answers IP literals at once (no thread-pool hop per POST; a
    notification is only as prompt as its slowest hop) and looks names up as usual."""
    import socket

    from tornado import netutil

    class Literal(netutil.Resolver):
        def initialize(self) -> None:
            self._names = netutil.DefaultExecutorResolver()

        async def resolve(
            self, host: str, port: int, family: socket.AddressFamily = socket.AF_UNSPEC
        ) -> list[tuple[int, Any]]:
            try:
                ip = ipaddress.ip_address(host.strip("[]"))
            except ValueError:
                return await self._names.resolve(host, port, family)
            if ip.version == 6:
                return [(socket.AF_INET6, (str(ip), port, 0, 0))]
            return [(socket.AF_INET, (str(ip), port))]

        def close(self) -> None:
            self._names.close()

    return Literal()


class Notifier:
    """Delivers due notifications on the running IOLoop (never on a request's path)."""

    def __init__(self, world: World, *, interval: float = 0.05) -> None:
        self.world = world
        self.interval = interval
        self._periodic: Any = None
        self._loop: Any = None
        self._client: Any = None
        self._scheduled = False
        self._timer_at: float | None = None

    def start(self) -> None:
        from tornado.httpclient import AsyncHTTPClient
        from tornado.ioloop import IOLoop, PeriodicCallback

        self._loop = IOLoop.current()
        self._client = AsyncHTTPClient(
            force_instance=True, max_clients=32, resolver=_literal_resolver()
        )
        self.world.notifier = self  # type: ignore[attr-defined]
        self._periodic = PeriodicCallback(self._pump, self.interval * 1000)
        self._periodic.start()
        self.kick()  # what fell due while we were down goes out at once

    def stop(self) -> None:
        if self._periodic is not None:
            self._periodic.stop()
        if self._client is not None:
            self._client.close()

    def kick(self) -> None:
        """Look for due deliveries soon (safe from any thread)."""
        if self._loop is not None and not self._scheduled:
            self._scheduled = True
            self._loop.add_callback(self._pump)

    def _pump(self) -> None:
        self._scheduled = False
        try:
            due = ns.claim_due(self.world.store, time.time())
            self._time_next_resolution()
        except Exception:
            log.exception("could not read due notifications")
            return
        for delivery in due:
            self._loop.spawn_callback(self._deliver, delivery)

    def _time_next_resolution(self) -> None:
        """Resolve the next order at its due time, not at the next 50 ms tick: a
        notification is only as prompt as the state change it reports."""
        due = self.world.store.next_due_at()
        if due is None or (self._timer_at is not None and self._timer_at <= due):
            return
        wait = due - time.time()
        if wait > 2 * self.interval:
            return  # a later pump will time it
        self._timer_at = due
        self._loop.call_later(max(0.0, wait), self._resolve_now)

    def _resolve_now(self) -> None:
        self._timer_at = None
        try:
            self.world.tick()
        except Exception:
            log.exception("order resolution failed")

    async def _deliver(self, delivery: ns.Delivery) -> None:
        store = self.world.store
        s = ns.get_subscription(store, delivery.subscription_id, customer=None)
        if s is None:
            ns.finish_delivery(store, delivery.id, "skipped: subscription removed")
            return
        if not host_allowed(s.url, callback_hosts(self.world)):
            outcome = REFUSED
        else:
            outcome = ""
            for _ in range(max(1, delivery.copies)):
                outcome = await self._post(s, delivery.body)
        ns.finish_delivery(store, delivery.id, outcome)
        ns.set_status(store, s.id, outcome)

    async def _post(self, s: ns.SubscriptionRow, body: bytes) -> str:
        """One delivery: the first POST without credentials, one re-send on the challenge."""
        from tornado.httpclient import HTTPClientError, HTTPRequest

        assert s.url is not None
        headers = {"Content-Type": "application/xml; charset=utf-8", "User-Agent": "numkit-sandbox"}
        for attempt in (1, 2):
            request = HTTPRequest(
                s.url,
                method="POST",
                body=body,
                headers=dict(headers),
                connect_timeout=CONNECT_TIMEOUT,
                request_timeout=REQUEST_TIMEOUT,
                follow_redirects=False,
            )
            try:
                response = await self._client.fetch(request, raise_error=False)
            except HTTPClientError as exc:  # pragma: no cover - raise_error=False
                return f"{exc.code} {exc.message or ''}".strip()
            except Exception as exc:  # connection refused, timeout, DNS…
                return f"error: {type(exc).__name__}"
            code = response.code
            if code == 599:  # Tornado's "no HTTP answer" (timeout, refused)
                return f"error: {type(response.error).__name__ if response.error else 'no answer'}"
            challenge = response.headers.get("WWW-Authenticate", "")
            if (
                attempt == 1
                and code == 401
                and challenge.strip().lower().startswith("basic")
                and s.username is not None
                and s.password is not None
            ):
                token = base64.b64encode(f"{s.username}:{s.password}".encode()).decode("ascii")
                headers["Authorization"] = f"Basic {token}"
                continue
            return f"{code} {response.reason or ''}".strip()
        return "error: unreachable"  # pragma: no cover
