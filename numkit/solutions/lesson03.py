"""Exercises of lesson 03-order-and-poll."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, must_be_final, need, status_of


def _j03_1(answer: Any, ns: Mapping[str, Any]) -> str:
    status = status_of(answer, "order")
    must_be_final(status, "order", "kit.v2.wait_for_order")
    if status != "COMPLETE":
        raise Wrong(f"the order ended {status}; order one available number from 910")
    numbers = list(getattr(answer, "completed_numbers", []))
    if len(numbers) != 1 or not numbers[0].startswith("910"):
        raise Wrong(f"completed {numbers}: order exactly one number from area code 910")
    return f"COMPLETE: {numbers[0]} is yours"


def _j03_2(answer: Any, ns: Mapping[str, Any]) -> str:
    status = status_of(answer, "order")
    if status == "PARTIAL":
        return (
            f"PARTIAL: {len(answer.completed_numbers)} completed, "
            f"{len(answer.failed_numbers)} failed — a result, not an exception"
        )
    must_be_final(status, "order", "kit.v2.wait_for_order")
    raise Wrong(
        f"the order ended {status}: give it a CustomerOrderId starting with "
        "`scenario-partial-` and ask for more than one number"
    )


def _j03_3(answer: Any, ns: Mapping[str, Any]) -> str:
    polls = need(ns, "polls")
    gets = [r for r in polls.polls() if "/orders/" in r.path]
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise Wrong(f"expected a count (an int), got {type(answer).__name__}")
    if answer != len(gets):
        raise Wrong(
            f"{answer}, but the trace shows {len(gets)} GETs of the order "
            "(count the rows of `polls.to_frame()` whose method is GET and path "
            "holds /orders/)"
        )
    return f"{answer} polls: the first at once, then 0.25 s, 0.5 s, 1 s … apart"


EXERCISES = [
    Exercise(
        "03-1",
        "answer_03_1",
        'answer_03_1 = kit.v2.wait_for_order(kit.v2.order_search(area_code="910", quantity=1))',
        _j03_1,
    ),
    Exercise(
        "03-2",
        "answer_03_2",
        "order = kit.v2.order_search(\n"
        '    area_code="919", quantity=2, customer_order_id=f"scenario-partial-{tag}-x"\n'
        ")\n"
        "answer_03_2 = kit.v2.wait_for_order(order)",
        _j03_2,
    ),
    Exercise(
        "03-3",
        "answer_03_3",
        'answer_03_3 = sum(1 for r in polls.polls() if "/orders/" in r.path)',
        _j03_3,
    ),
]
