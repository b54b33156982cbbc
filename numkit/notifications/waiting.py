"""Waiting for an order or disconnect with notifications and a safety-net poll.

``V2Client.wait_for_order(..., notifications=rx, safety_net=(5, 30))`` (and
``wait_for_disconnect``) delegate here. The rules (contract "Order notifications"):

* **Who subscribes.** A live subscription of ``rx.url`` for that order type on this
  account is used as it is; when none exists, one narrowed to the order (``OrderId``)
  is created and removed afterwards. Because that one may come after the final state,
  the order is read once right after subscribing.
* **A notification only wakes the wait.** It ends only when the order, read back with
  one GET, is final: a spoofed, stale or early notification never ends it (the result
  is the read-back, so it is identical to what polling returns).
* **The safety net.** Order notifications are not retried by Bandwidth; a lost one is
  caught by a slow poll, first after ``safety_net[0]`` s, doubling to ``safety_net[1]``,
  driven by the client's ``sleep`` and ``clock`` (injectable, so tests run fast). With
  the real ``time.sleep`` the pause is cut short by an arriving notification.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from ..errors import (
    ConfigurationError,
    NumkitError,
    RateLimited,
    ServerError,
    TransportError,
    ValidationError,
)
from ..poll import _default_key, _stopped, _timeout, check_wait_timeout
from . import subscribe as subs

__all__ = ["DEFAULT_SAFETY_NET", "check_safety_net", "wait"]

S = TypeVar("S")
DEFAULT_SAFETY_NET = (5.0, 30.0)
TRANSIENT: tuple[type[BaseException], ...] = (TransportError, ServerError, RateLimited)
#: Longest single request window handed to ``fetch`` when the wait has no deadline.
_MAX_WINDOW = 300.0
_STOP_SLICE = 0.1


def check_safety_net(value: Any) -> tuple[float, float]:
    if (
        not isinstance(value, tuple | list)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
        or not all(math.isfinite(v) and v > 0 for v in value)
        or value[0] > value[1]
    ):
        raise ValidationError(
            "safety_net", value, "a (first, cap) pair of positive seconds with first <= cap"
        )
    return float(value[0]), float(value[1])


def _ensure_subscriptions(
    client: Any, receiver: Any, order_type: str, ids: Sequence[str]
) -> tuple[list[str], bool]:
    """Subscription ids created for this wait (to remove afterwards), and whether any
    was created (then the order is read once: it may have finished before)."""
    url = receiver.url
    missing = [i for i in ids if subs.live_for(client, url, order_type, i) is None]
    if missing:
        subs.subscriptions(client)  # refresh what the account really has
        missing = [i for i in ids if subs.live_for(client, url, order_type, i) is None]
    created = []
    for ident in missing:
        made = subs.subscribe(client, receiver, order_type=order_type, order_id=ident)
        created.append(made.id)
    return created, bool(created)


def wait(
    client: Any,
    receiver: Any,
    *,
    order_type: str,
    ids: Sequence[str],
    fetch: Callable[[float], S],
    is_final: Callable[[S], bool],
    timeout: Any = 120,
    safety_net: Any = DEFAULT_SAFETY_NET,
    on_progress: Callable[[S], Any] | None = None,
    key: Callable[[S], Hashable] | None = None,
    stop: threading.Event | None = None,
    what: str = "the order",
    resume_hint: str = "",
) -> S:
    """Return ``fetch``'s first final status, woken by notifications for ``ids``."""
    first, cap = check_safety_net(safety_net)
    checked = check_wait_timeout(timeout)
    limit = math.inf if checked is None else checked
    if not (hasattr(receiver, "since") and hasattr(receiver, "url")):
        raise ConfigurationError("notifications= takes a numkit.notifications.Receiver")
    if not receiver.running:
        raise ConfigurationError("the receiver is not listening: call receiver.start() first")
    sleep: Callable[[float], None] = client._sleep
    clock: Callable[[], float] = client._clock
    real_time = sleep is time.sleep
    key = key or _default_key
    wanted = set(ids)
    deadline = clock() + limit
    state: dict[str, Any] = {"last": None, "key": object(), "error": None}

    def check() -> S | None:
        """One read-back; the status when final, else None (progress reported)."""
        window = min(max(deadline - clock(), 0.1), _MAX_WINDOW)
        try:
            status = fetch(window)
        except TRANSIENT as exc:
            state["error"] = exc
            return None
        state["error"] = None
        state["last"] = status
        current = key(status)
        if current != state["key"]:
            state["key"] = current
            if on_progress is not None:
                on_progress(status)
        return status if is_final(status) else None

    created, read_now = _ensure_subscriptions(client, receiver, order_type, list(ids))
    try:
        if read_now and (done := check()) is not None:
            return done
        cursor = 0
        delay = first
        next_poll = clock() + delay
        while True:
            if stop is not None and stop.is_set():
                raise _stopped(what, state["last"], resume_hint)
            fresh, cursor = receiver.since(cursor)
            woken = any(_relevant(n, wanted, order_type) for n in fresh)
            if woken and (done := check()) is not None:
                return done
            if clock() >= next_poll:
                if (done := check()) is not None:
                    return done
                delay = min(cap, delay * 2)
                next_poll = clock() + delay
            left = deadline - clock()
            if left <= 0:
                raise _timeout(what, limit, state["last"], state["error"], resume_hint)
            pause = max(0.0, min(next_poll, deadline) - clock())
            if real_time:
                if stop is not None:
                    pause = min(pause, _STOP_SLICE)
                receiver.wait_for_more(cursor, pause)
            elif pause > 0:
                sleep(pause)
    finally:
        for sub_id in created:
            with contextlib.suppress(NumkitError):  # best effort: it expires anyway
                subs.unsubscribe(client, sub_id)


def _relevant(n: Any, wanted: set[str], order_type: str) -> bool:
    return n.order_id in wanted and (n.order_type in (None, order_type))
