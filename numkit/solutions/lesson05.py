"""Exercises of lesson 05-v1-vs-v2."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, need, number_list


def _j05_1(answer: Any, ns: Mapping[str, Any]) -> str:
    if hasattr(answer, "v2_request"):
        raise Wrong("that is the whole plan; its `.v2_request.params` is what was asked")
    if not isinstance(answer, Mapping):
        raise Wrong(f"expected a dict of query parameters, got {type(answer).__name__}")
    if answer.get("areaCode") != "910" or str(answer.get("quantity")) != "2":
        raise Wrong(f"{dict(answer)}: translate areaCode=910 with quantity=2")
    return "the V2 query: " + ", ".join(f"{k}={v}" for k, v in answer.items())


def _j05_2(answer: Any, ns: Mapping[str, Any]) -> str:
    kit = need(ns, "kit")
    numbers = number_list(answer, "numbers")
    if not numbers:
        raise Wrong(
            "the list is empty: move a number first with "
            '`kit.v2.move_numbers([...], site_id="100", peer_id="1001")`'
        )
    on_peer = set(kit.v2.peer_numbers(site_id="100", peer_id="1001"))
    if not set(numbers) - set(ns.get("to_move", [])):
        raise Wrong(
            "only the two numbers moved in section 5 are there: buy one more and move it "
            'with `kit.v2.move_numbers([...], site_id="100", peer_id="1001")`'
        )
    strays = [n for n in numbers if n not in on_peer]
    if strays:
        raise Wrong(
            f"{strays[0]} is not on peer 1001: list that peer with "
            '`kit.v2.peer_numbers(site_id="100", peer_id="1001")`'
        )
    return f'{len(numbers)} number(s) on peer 1001 ("Messaging app"), where V1 set applicationId'


EXERCISES = [
    Exercise(
        "05-1",
        "answer_05_1",
        'plan = migrate.translate_v1("GET", "/v1/availableNumbers/local",\n'
        '                            params={"areaCode": "910", "quantity": 2}, v2=kit.v2)\n'
        "answer_05_1 = plan.v2_request.params",
        _j05_1,
    ),
    Exercise(
        "05-2",
        "answer_05_2",
        'extra = kit.v2.wait_for_order(kit.v2.order_search(area_code="919", quantity=1))\n'
        'kit.v2.move_numbers(extra.completed_numbers, site_id="100", peer_id="1001")\n'
        'answer_05_2 = kit.v2.peer_numbers(site_id="100", peer_id="1001")',
        _j05_2,
    ),
]
