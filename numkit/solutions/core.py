"""What every lesson's exercises share: the Exercise record and the judges' helpers.

A judge raises :class:`Wrong` with an explanation or returns a confirmation; the
helpers here turn the common mistakes (the whole result object instead of its list, a
status kept before the wait) into that explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

NOT_ANSWERED = "not answered yet"
RIGHT = "✓"
WRONG = "✗"


class Wrong(Exception):
    """Raised by a judge: the message explains what is wrong with the answer."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: the variable the learner fills in, the solution (code that sets it)
    and a judge that raises :class:`Wrong` with an explanation, or returns a confirmation."""

    key: str
    variable: str
    solution: str
    judge: Callable[[Any, Mapping[str, Any]], str]


def need(ns: Mapping[str, Any], name: str) -> Any:
    """The lesson variable ``name`` a judge compares with; Wrong if the lesson did not run."""
    if name not in ns:
        raise Wrong(f"this check needs `{name}` from the lesson: run the lesson's cells first")
    return ns[name]


def number_list(value: Any, what: str) -> list[str]:
    """The answer as a list of number strings, or Wrong saying what was given instead."""
    if hasattr(value, "numbers") and not isinstance(value, list | tuple):
        raise Wrong(f"that is the whole result object; its `.numbers` is the list of {what}")
    if not isinstance(value, list | tuple) or not all(isinstance(n, str) for n in value):
        raise Wrong(f"expected a list of {what} (strings), got {type(value).__name__}")
    return list(value)


def status_of(value: Any, kind: str) -> str:
    """The ``.status`` of an order/disconnect answer, or Wrong saying what was given."""
    status = getattr(value, "status", None)
    if not isinstance(status, str):
        raise Wrong(
            f"expected a {kind} status object (it has `.status`), got {type(value).__name__}"
        )
    return status


def must_be_final(status: str, what: str, wait: str) -> None:
    """An answer still RECEIVED/PROCESSING was kept before the wait: say so."""
    if status in {"RECEIVED", "PROCESSING"}:
        raise Wrong(
            f"{status}: that is the {what} before it finished; wait for it with "
            f"`{wait}(...)` and keep what that returns"
        )
