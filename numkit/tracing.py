"""Watch a client's requests as they happen: the lessons' window on polling.

Why this exists: ``wait_for_order`` calls ``on_progress`` only when the status changes,
so a learner sees two lines and has to take "it polled" on trust. A :class:`Trace` hooks
the client's transport (``Transport.watchers``) and sees every request the unchanged
client makes — each poll with its time, request and answer — then tabulates them and
draws the order's timeline. Nothing is faked or re-sent: the trace only reads the
exchange records the transport keeps anyway (Authorization already masked).

pandas and matplotlib load only when a table or a picture is asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .bodies import pretty_body

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .transport import Exchange

__all__ = ["Trace", "TracedRequest", "show_exchange", "trace"]

#: Order states, in the order a timeline draws them (bottom to top).
STATES = ("RECEIVED", "PROCESSING", "BACKORDERED", "FAILED", "PARTIAL", "COMPLETE")


@dataclass(frozen=True)
class TracedRequest:
    """One finished request: when (seconds since the trace began), what, and the answer."""

    at: float
    method: str
    path: str
    http_status: int | None
    order_status: str | None
    seconds: float
    error: str | None = None

    def line(self) -> str:
        answer = self.http_status if self.http_status is not None else self.error
        state = f"  {self.order_status}" if self.order_status else ""
        return f"{self.at:6.2f} s  {self.method} {self.path} → {answer}{state}"


def _path(url: str) -> str:
    """The part of a URL after the API base (``/api`` or ``/v1``), query included."""
    parts = urlsplit(url)
    path = parts.path
    for marker in ("/api/v2", "/api", "/v1"):
        if marker in path:
            path = path.split(marker, 1)[1] or "/"
            break
    return path + (f"?{parts.query}" if parts.query else "")


def _order_status(exchange: Exchange) -> str | None:
    """The ``<OrderStatus>`` an order or disconnect answer carries, else None."""
    body = exchange.response_body or ""
    if "<OrderStatus>" not in body:
        return None
    start = body.index("<OrderStatus>") + len("<OrderStatus>")
    end = body.find("</OrderStatus>", start)
    if end < start:
        return None
    return body[start:end].strip() or None


class Trace:
    """Records (and by default prints) every request ``client`` makes while active.

    Use as a context manager::

        with trace(kit.v2) as polls:
            kit.v2.wait_for_order(order)
        polls.to_frame()   # the whole exchange as a table
        polls.plot()       # the order's timeline, one point per poll
    """

    def __init__(
        self,
        client: Any,
        *,
        show: bool = True,
        out: Callable[[str], Any] = print,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transport = client.transport
        self._show = show
        self._out = out
        self._clock = clock
        self._began = clock()
        self.requests: list[TracedRequest] = []
        #: The exchange records themselves (for :func:`show_exchange`), in order.
        self.exchanges: list[Exchange] = []

    def __enter__(self) -> Trace:
        self._began = self._clock()
        self._transport.watchers.append(self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._seen in self._transport.watchers:
            self._transport.watchers.remove(self._seen)

    def _seen(self, exchange: Exchange) -> None:
        request = TracedRequest(
            at=self._clock() - self._began,
            method=exchange.method,
            path=_path(exchange.url),
            http_status=exchange.status,
            order_status=_order_status(exchange),
            seconds=exchange.elapsed,
            error=exchange.error,
        )
        self.requests.append(request)
        self.exchanges.append(exchange)
        if self._show:
            self._out(request.line())

    def __len__(self) -> int:
        return len(self.requests)

    def __repr__(self) -> str:
        return f"<Trace: {len(self.requests)} request(s)>"

    def polls(self) -> list[TracedRequest]:
        """The GETs: what a wait loop sent."""
        return [r for r in self.requests if r.method == "GET"]

    def to_frame(self) -> pd.DataFrame:
        """Columns: at (s since the trace began), method, path, http_status,
        order_status, seconds (how long the answer took), error."""
        import pandas as pd

        rows = [
            {**vars(r), "at": round(r.at, 3), "seconds": round(r.seconds, 3)} for r in self.requests
        ]
        columns = ["at", "method", "path", "http_status", "order_status", "seconds", "error"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype(
            {
                "at": "Float64",
                "method": "string",
                "path": "string",
                "http_status": "Int64",
                "order_status": "string",
                "seconds": "Float64",
                "error": "string",
            }
        )

    def plot(self, title: str = "The order, poll by poll") -> Figure:
        """The order's timeline: one point per answer that carried a status, joined as
        steps, time across and state up. Returns the figure (shown once in a notebook)."""
        return timeline(self.requests, title=title)


def trace(client: Any, *, show: bool = True) -> Trace:
    """A :class:`Trace` of ``client`` (a V1Client or V2Client): use it in a ``with``."""
    return Trace(client, show=show)


def timeline(requests: Iterable[TracedRequest], *, title: str) -> Figure:
    """Draw traced order statuses over time (matplotlib, imported here only)."""
    import matplotlib.pyplot as plt

    points = [(r.at, r.order_status) for r in requests if r.order_status]
    states = [s for s in STATES if any(p[1] == s for p in points)]
    states += sorted({p[1] for p in points if p[1] not in STATES})
    level = {state: i for i, state in enumerate(states)}
    xs = [p[0] for p in points]
    ys = [level[p[1]] for p in points]
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.45 * max(len(states), 1)))
    ax.step(xs, ys, where="post", color="#a6bddb", zorder=1)
    ax.scatter(xs, ys, color="#2b8cbe", zorder=2, label="one request")
    ax.set_yticks(range(len(states)), states)
    ax.set_ylim(-0.5, len(states) - 0.5)
    ax.set_xlabel("seconds since the trace began")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    plt.close(fig)  # shown once, as the cell's result, not again by the inline backend
    return fig


def show_exchange(
    exchange: Exchange,
    *,
    request_body: bool = False,
    headers: Iterable[str] = ("Location",),
    out: Callable[[str], Any] = print,
) -> None:
    """Print one recorded exchange as the migration guide shows it: the request line
    (and body), the status line, the named response headers, the response body."""
    out(f"{exchange.method} {exchange.url}")
    if request_body and exchange.request_body:
        out(pretty_body(exchange.request_body, exchange.request_headers))
        out("")
    out(f"{exchange.status if exchange.status is not None else exchange.error} {exchange.reason}")
    shown: Mapping[str, str] = {k.lower(): v for k, v in exchange.response_headers.items()}
    for name in headers:
        if name.lower() in shown:
            out(f"{name}: {shown[name.lower()]}")
    body = pretty_body(exchange.response_body, exchange.response_headers)
    if body:
        out(body)
