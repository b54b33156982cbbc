"""The one backoff wait loop, for orders, disconnects and anything else that finishes
asynchronously.

Contract ("Client API details"): ask at once, then wait 0.25 s, doubling to a 5 s cap; a
server's ``Retry-After`` wins over the backoff; ``on_progress(status)`` on every change;
stop on a final status, else :class:`~numkit.errors.PollTimeout` carrying the last status.

Why the loop passes the *remaining* seconds to ``fetch``: each fetch may retry inside the
transport, and those retries must not carry the wait past ``timeout``. The caller turns
the remaining time into the transport's own ``deadline``. Transient failures (no answer,
5xx, 429) are survived until the timeout: the order exists on the server whatever the
network does, so giving up early would only lose track of it.

``sleep`` and ``clock`` are injectable so tests run in microseconds.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

from .errors import (
    PollStopped,
    PollTimeout,
    RateLimited,
    ServerError,
    TransportError,
    ValidationError,
)

__all__ = ["CAP", "FIRST_WAIT", "TRANSIENT", "backoff_delays", "check_wait_timeout", "wait"]

S = TypeVar("S")

FIRST_WAIT = 0.25
CAP = 5.0
#: Errors a poll survives (the next attempt may well succeed).
TRANSIENT: tuple[type[BaseException], ...] = (TransportError, ServerError, RateLimited)
#: Below this many seconds left, another request could not get an answer in time.
MIN_REQUEST_WINDOW = 0.1
#: How often a stop event is looked at while a request is in flight.
STOP_CHECK = 0.02


def check_wait_timeout(timeout: object) -> float | None:
    """``timeout=`` of the waits: positive finite seconds, or None for no deadline
    (Bandwidth advises against fixed timeouts). A string, zero, a negative number, NaN
    or infinity is a ValidationError (contract)."""
    if timeout is None:
        return None
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise ValidationError(
            "timeout", timeout, "must be positive seconds (a number), or None for no deadline"
        )
    return float(timeout)


def backoff_delays(first: float = FIRST_WAIT, cap: float = CAP) -> Iterator[float]:
    """0.25, 0.5, 1, 2, 4, 5, 5, … (an endless generator)."""
    delay = first
    while True:
        yield delay
        delay = min(cap, delay * 2)


def _default_key(status: Any) -> Hashable:
    return (
        getattr(status, "status", status),
        len(getattr(status, "completed_numbers", ()) or ()),
        len(getattr(status, "failed_numbers", ()) or ()),
    )


def wait(
    fetch: Callable[[float | None], S],
    *,
    is_final: Callable[[S], bool],
    timeout: float | None,
    on_progress: Callable[[S], Any] | None = None,
    key: Callable[[S], Hashable] = _default_key,
    retry_after: Callable[[S], float | None] | None = None,
    what: str = "the order",
    resume_hint: str = "",
    first: float = FIRST_WAIT,
    cap: float = CAP,
    transient: tuple[type[BaseException], ...] = TRANSIENT,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    stop: threading.Event | None = None,
) -> S:
    """Call ``fetch(remaining_seconds)`` until ``is_final(status)``; return that status.

    ``timeout=None`` waits without a deadline (``fetch`` then gets None).

    * ``on_progress(status)`` runs for the first status and whenever ``key(status)``
      changes (default: the status string and the completed/failed counts).
    * Waits follow :func:`backoff_delays`; a ``Retry-After`` (from ``retry_after(status)``
      or a :class:`RateLimited` error) replaces the backoff step when given.
    * Errors in ``transient`` are survived until ``timeout``; any other error propagates.
    * When time runs out, :class:`PollTimeout` with ``last_status`` (None if no fetch
      ever answered).
    * ``stop`` (a ``threading.Event``) ends the wait early: it is checked before every
      fetch and interrupts the sleep; :class:`PollStopped` (a PollTimeout) is raised.
      The order itself is untouched, which is why a panel's "Stop waiting" is safe. A
      request in flight is not waited for (it runs on in the background and its answer is
      dropped), so "Stop" answers at once even under heavy latency.
    """
    timeout = check_wait_timeout(timeout)
    deadline = math.inf if timeout is None else clock() + timeout
    delays = backoff_delays(first, cap)
    last: S | None = None
    last_key: Hashable = object()
    last_error: BaseException | None = None
    while True:
        if stop is not None and stop.is_set():
            raise _stopped(what, last, resume_hint)
        hint: float | None = None
        left = None if timeout is None else max(deadline - clock(), MIN_REQUEST_WINDOW)
        try:
            status = _fetch(fetch, left, stop, functools.partial(_stopped, what, last, resume_hint))
        except transient as exc:
            last_error = exc
            if isinstance(exc, RateLimited) and exc.retry_after is not None:
                hint = exc.retry_after
        else:
            last_error = None
            last = status
            current = key(status)
            if current != last_key:
                last_key = current
                if on_progress is not None:
                    on_progress(status)
            if is_final(status):
                return status
            if retry_after is not None:
                hint = retry_after(status)
        step = next(delays)
        remaining = deadline - clock()
        if remaining <= MIN_REQUEST_WINDOW + 1e-6:  # (the epsilon absorbs float rounding)
            raise _timeout(what, timeout or 0.0, last, last_error, resume_hint)
        # Leave a window for the next request to answer inside the deadline.
        pause = max(0.0, min(step if hint is None else hint, remaining - MIN_REQUEST_WINDOW))
        if stop is not None:
            if stop.wait(pause):
                raise _stopped(what, last, resume_hint)
        else:
            sleep(pause)


def _fetch(
    fetch: Callable[[float | None], S],
    left: float | None,
    stop: threading.Event | None,
    stopped: Callable[[], PollStopped],
) -> S:
    """``fetch(left)``; with a ``stop`` event, in a helper thread so that setting the
    event ends the wait without waiting for the request's answer."""
    if stop is None:
        return fetch(left)
    done = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fetch(left)
        except BaseException as exc:  # handed to the waiting thread below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="numkit-poll-fetch", daemon=True).start()
    while not done.wait(STOP_CHECK):
        if stop.is_set():
            raise stopped()
    if "error" in box:
        error: BaseException = box.pop("error")
        raise error
    value: S = box["value"]
    return value


def _stopped(what: str, last: Any, hint: str) -> PollStopped:
    message = f"stopped waiting for {what}; it carries on at the server"
    if hint:
        message += f": resume with {hint}"
    return PollStopped(message, last_status=last)


def _timeout(
    what: str, timeout: float, last: Any, error: BaseException | None, hint: str
) -> PollTimeout:
    seen = getattr(last, "status", None) if last is not None else None
    message = f"{what} did not reach a final state within {timeout:g} s"
    message += f" (last status: {seen})" if seen else " (no status received)"
    if error is not None:
        message += f"; last error: {error}"
    if hint:
        message += f". It may still finish: {hint}"
    return PollTimeout(message, last_status=last)
