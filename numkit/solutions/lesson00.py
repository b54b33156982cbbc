"""Exercises of lesson 00-start-here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, number_list


def _j00_1(answer: Any, ns: Mapping[str, Any]) -> str:
    numbers = number_list(answer, "numbers")
    if len(numbers) != 2:
        raise Wrong(f"{len(numbers)} numbers: ask for exactly two with `quantity=2`")
    outside = [n for n in numbers if not n.startswith("910")]
    if outside:
        raise Wrong(f'{outside[0]} is not in area code 910: search with `area_code="910"`')
    return "two numbers from area code 910, as 10-digit strings (no +1 on V2)"


def _j00_2(answer: Any, ns: Mapping[str, Any]) -> str:
    from .. import sandbox

    if answer is sandbox.reset:
        return "numkit.sandbox.reset(url) — or `numkit sandbox --reset --yes` in a terminal"
    if answer is sandbox.stop_running:
        raise Wrong(
            "stop_running() stops the sandbox, but its state file keeps every order: "
            "reset returns it to a fresh start"
        )
    if callable(answer):
        raise Wrong(f"{getattr(answer, '__name__', answer)} does not reset the sandbox")
    raise Wrong(
        "give the function itself (no parentheses): calling it here would reset "
        "the sandbox for every lesson"
    )


def _j00_3(answer: Any, ns: Mapping[str, Any]) -> str:
    if not isinstance(answer, str):
        answer = number_list(answer, "numbers")[0] if answer else None
    if not isinstance(answer, str):
        raise Wrong("expected one number (a string)")
    if answer.isdigit() and len(answer) == 10:
        raise Wrong(f'{answer} is 10 digits: make the client with `numbers="e164"`')
    if not (answer.startswith("+1919") and len(answer) == 12):
        raise Wrong(f"{answer} is not an E.164 number from area code 919 (+1919…)")
    return "E.164 mode: the same Dashboard API, every number with +1"


EXERCISES = [
    Exercise(
        "00-1",
        "answer_00_1",
        'answer_00_1 = kit.v2.search(area_code="910", quantity=2).numbers',
        _j00_1,
    ),
    Exercise("00-2", "answer_00_2", "answer_00_2 = numkit.sandbox.reset", _j00_2),
    Exercise(
        "00-3",
        "answer_00_3",
        'e164 = numkit.V2Client(base_url=kit.v2.base_url, numbers="e164")\n'
        'answer_00_3 = e164.search(area_code="919", quantity=1).numbers[0]',
        _j00_3,
    ),
]
