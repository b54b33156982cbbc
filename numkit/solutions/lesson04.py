"""Exercises of lesson 04-disconnect."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, must_be_final, status_of


def _j04_1(answer: Any, ns: Mapping[str, Any]) -> str:
    status = status_of(answer, "disconnect")
    if "Disconnect" not in type(answer).__name__:
        raise Wrong(
            f"that is an order's status ({status}); give the number back with "
            "`kit.v2.disconnect([...])` and wait with `kit.v2.wait_for_disconnect`"
        )
    must_be_final(status, "disconnect", "kit.v2.wait_for_disconnect")
    if status != "COMPLETE":
        raise Wrong(f"the disconnect ended {status}: give back a number you own")
    return "COMPLETE: the number has left your account and is aging"


def _j04_2(answer: Any, ns: Mapping[str, Any]) -> str:
    if not isinstance(answer, str):
        raise Wrong(f"expected the state's name (a string), got {type(answer).__name__}")
    if answer.lower() == "aging":
        return "Aging: only its last owner may order it back until aging ends"
    if answer.lower() in {"available", "inservice"}:
        raise Wrong(
            f"{answer}: a disconnected number is not back on sale at once — "
            "read `.status` of `tn_details(...)` for it"
        )
    raise Wrong(f"{answer!r}: read `.status` of `kit.v2.tn_details(number)`")


EXERCISES = [
    Exercise(
        "04-1",
        "answer_04_1",
        'bought = kit.v2.wait_for_order(kit.v2.order_search(area_code="919", quantity=1))\n'
        "answer_04_1 = kit.v2.wait_for_disconnect(kit.v2.disconnect(bought.completed_numbers))",
        _j04_1,
    ),
    Exercise(
        "04-2",
        "answer_04_2",
        "answer_04_2 = kit.v2.tn_details(bought.completed_numbers[0]).status",
        _j04_2,
    ),
]
