"""The ONE send-and-reconcile loop: POST something that must happen once, and when the
answer is lost, find out what happened before anything is sent again.

Used by V2 orders and disconnects (looked up by CustomerOrderId) and by V1
``order_number`` (looked up by the number, which cannot be allocated twice). V1
search-and-order has no key to look anything up by and never comes here.

Why a *window* and not one look-up (issue 12.1): when a POST times out, the server may
still be working on it. A look-up right then finds nothing, and sending again would buy
twice. "Not found yet" is not "certainly absent". So after a lost answer the look-up is
repeated with backoff for ``window`` seconds:

* found → that is the answer (no second POST);
* the loss was a refusal (429, 503, or the request never left: nothing was processed)
  and one look-up finds nothing → sending again is safe;
* ``resend_safe`` (V1 ``order_number``: a second POST of the same number is a 409 that
  the caller reconciles) and a look-up answered "absent" → sending again is safe;
* otherwise, still absent (or the look-ups keep failing) when the window closes →
  :class:`~numkit.errors.OutcomeUnknown` naming the check to run. Never a plain
  ``Timeout``: that would read as "nothing happened, try again".

``sleep`` and ``clock`` are injected (the client's own), so tests run in microseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import (
    ApiError,
    NumkitError,
    OutcomeUnknown,
    RateLimited,
    ResponseParseError,
    ServerError,
    TransportError,
)

__all__ = ["DEFAULT_WINDOW", "LOST", "Reconciled", "is_refusal", "send_and_reconcile"]

R = TypeVar("R")
F = TypeVar("F")

#: Seconds a lost POST is looked up before the outcome is declared unknown (contract).
DEFAULT_WINDOW = 60.0
#: Failures after which the request may or may not have been acted on.
LOST: tuple[type[BaseException], ...] = (TransportError, ServerError, RateLimited)
FIRST_LOOK = 0.5
LOOK_CAP = 5.0


@dataclass(frozen=True)
class Reconciled(Generic[R, F]):
    """What happened: ``response`` when a POST was answered, else ``found`` (the thing a
    look-up found after a lost answer). ``attempts`` counts the POSTs sent."""

    response: R | None
    found: F | None
    attempts: int


def is_refusal(error: BaseException) -> bool:
    """True when the server certainly did not act: 429, 503, or the request never left."""
    if isinstance(error, RateLimited):
        return True
    if isinstance(error, ServerError):
        return error.http_status == 503
    return isinstance(error, TransportError) and not getattr(error, "sent", True)


def send_and_reconcile(
    send: Callable[[], R],
    look_up: Callable[[], F | None],
    *,
    what: str,
    check: str,
    attempts: int = 3,
    window: float = DEFAULT_WINDOW,
    resend_safe: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    first: float = FIRST_LOOK,
    cap: float = LOOK_CAP,
) -> Reconciled[R, F]:
    """Send at most once per *certain* absence; see the module docstring for the rules.

    ``send()`` performs the POST (errors in :data:`LOST` mean its answer was lost or
    refused; anything else propagates). ``look_up()`` returns what the POST would have
    created, or None when the server answered that it does not exist; its transient
    errors are retried inside the window. ``what`` names the request in messages and
    ``check`` is the call that finds out (``OutcomeUnknown.check``).
    """
    sent = 0
    while True:
        sent += 1
        lost: NumkitError
        try:
            return Reconciled(send(), None, sent)
        except (TransportError, ServerError, RateLimited) as exc:
            lost = exc
        except ApiError as exc:
            if not 300 <= exc.http_status < 400:
                raise
            lost = exc  # a redirect is no answer: the server may or may not have acted
        found, settled = _look(
            look_up, lost, what, check, window, resend_safe, sleep, clock, first, cap
        )
        if found is not None:
            return Reconciled(None, found, sent)
        if not settled:
            raise _unknown(what, check, lost, window) from lost
        if sent >= attempts:
            lost.add_note(
                f"{what}: looked up after each of {sent} attempts and it does not exist; "
                "trying again later is safe."
            )
            raise lost
        hint = lost.retry_after if isinstance(lost, RateLimited) else None
        sleep(hint if hint is not None else min(cap, first * 2 ** (sent - 1)))


def _look(
    look_up: Callable[[], F | None],
    lost: NumkitError,
    what: str,
    check: str,
    window: float,
    resend_safe: bool,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    first: float,
    cap: float,
) -> tuple[F | None, bool]:
    """(found, settled): ``settled`` means absence is certain enough to send again."""
    quick = resend_safe or is_refusal(lost)
    end = clock() + window
    delay = first
    last_error: BaseException | None = None
    while True:
        try:
            found = look_up()
        except LOST as exc:
            last_error = exc
        except (ApiError, ResponseParseError) as exc:
            raise _unknown(what, check, lost, window, look_error=exc) from exc
        else:
            last_error = None
            if found is not None:
                return found, True
            if quick:
                return None, True
        remaining = end - clock()
        if remaining <= 0:
            if last_error is not None:
                raise _unknown(what, check, lost, window, look_error=last_error) from last_error
            return None, False
        sleep(min(delay, remaining))
        delay = min(cap, delay * 2)


def _unknown(
    what: str,
    check: str,
    lost: BaseException,
    window: float,
    *,
    look_error: BaseException | None = None,
) -> OutcomeUnknown:
    if look_error is not None:
        why = f"and looking it up failed too ({look_error})"
    else:
        why = f"and it did not show up in look-ups for {window:g} s (the server may still act)"
    return OutcomeUnknown(
        f"{what}: no usable answer ({lost}), {why}. It may or may not have happened; numkit "
        f"did not send it again. To find out, call {check}.",
        check=check,
    )


def check_window(value: object) -> float:
    """``reconcile_window``: non-negative seconds (0 = one look-up only)."""
    from .errors import ConfigurationError

    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ConfigurationError(f"reconcile_window must be seconds >= 0, not {value!r}")
    if value == float("inf"):
        raise ConfigurationError("reconcile_window must be finite")
    return float(value)
