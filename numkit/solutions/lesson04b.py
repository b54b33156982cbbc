"""Exercises of lesson 04b-notifications."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, need

#: The lesson's own orders, and why none of them is the answer to 04b-1.
_LESSON_ORDERS = {
    "polled": "section 2 followed that order by polling (the receiver still heard of it: "
    "a subscription covers every order of the account)",
    "notified": "that is section 2's order",
    "lost": "notify-drop lost that order's notification in section 4: the safety-net "
    "poll ended its wait, no notification did",
    "twice": "that is section 5's order",
}


def _j04b_1(answer: Any, ns: Mapping[str, Any]) -> str:
    rx = need(ns, "rx")
    if hasattr(answer, "order_id") and hasattr(answer, "subscription_id"):
        raise Wrong("that is the whole notification; its `.order_id` is the id asked for")
    if not isinstance(answer, str):
        raise Wrong(f"expected an order id (a string), got {type(answer).__name__}")
    for name, why in _LESSON_ORDERS.items():
        if getattr(ns.get(name), "id", None) == answer:
            raise Wrong(f"{why}: order a new number and wait with `notifications=rx`")
    heard = [n for n in rx.notifications if n.order_id == answer]
    if not heard:
        raise Wrong(
            f"no notification for {answer!r} reached `rx`: wait with "
            "`v2.wait_for_order(order, notifications=rx)` and look in `rx.notifications`"
        )
    return f"{answer}: its {heard[0].status} notification woke the wait; one GET confirmed it"


def _j04b_2(answer: Any, ns: Mapping[str, Any]) -> str:
    rx = need(ns, "rx")
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise Wrong(f"expected a count (an int), got {type(answer).__name__}")
    accepted = sum(e.status == 200 for e in list(rx.exchanges))
    kept = len(rx.notifications)
    if answer == accepted - kept:
        return (
            f"{answer}: {accepted} deliveries answered 200, {kept} kept — a duplicate "
            "is acknowledged (so it is not resent) but never kept twice"
        )
    if answer == kept:
        raise Wrong(f"{answer} is how many it kept (`rx.notifications`), duplicates left out")
    if answer == accepted:
        raise Wrong(f"{answer} counts every delivery it answered 200, the kept ones too")
    raise Wrong(
        f"{answer}: count the 200 answers in `rx.exchanges` and take away what "
        "`rx.notifications` kept"
    )


EXERCISES = [
    Exercise(
        "04b-1",
        "answer_04b_1",
        'extra = v2.order_search(area_code="919", quantity=1)\n'
        "v2.wait_for_order(extra, notifications=rx)\n"
        "answer_04b_1 = next(n.order_id for n in rx.notifications if n.order_id == extra.id)",
        _j04b_1,
    ),
    Exercise(
        "04b-2",
        "answer_04b_2",
        "answer_04b_2 = sum(e.status == 200 for e in rx.exchanges) - len(rx.notifications)",
        _j04b_2,
    ),
]
