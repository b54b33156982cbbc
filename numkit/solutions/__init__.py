"""The lessons' exercises: their solutions and the checks behind "run this to check".

Why solutions live here and not in the notebooks: a lesson shows the exercise and a
check cell whose source is hidden; the answer stays one call away
(``solutions.show("03-1")``) without spoiling the page, and the tests can inject every
solution into its lesson and prove that each check confirms it.

A check never raises — a learner's half-finished answer must not turn the check cell
red. It prints one of three things: "not answered yet", what is wrong and why, or a
confirmation. Checks judge the answer against the live sandbox (the learner's own
``kit``), never against hard-coded numbers, because every run buys different numbers.

One module per lesson (``lesson03`` …) holds its judges and solutions; this package
gathers them and runs the checks.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from typing import Any

from . import lesson00, lesson01, lesson02, lesson03, lesson04, lesson04b, lesson05, lesson06
from .core import NOT_ANSWERED, RIGHT, WRONG, Exercise, Wrong

__all__ = ["EXERCISES", "Exercise", "Wrong", "check", "show", "verdict"]

_LESSONS = (lesson00, lesson01, lesson02, lesson03, lesson04, lesson04b, lesson05, lesson06)

EXERCISES: dict[str, Exercise] = {e.key: e for lesson in _LESSONS for e in lesson.EXERCISES}


def verdict(key: str, namespace: Mapping[str, Any]) -> str:
    """The check's text for exercise ``key`` given the lesson's variables. Never raises."""
    try:
        exercise = EXERCISES[key]
    except KeyError:
        return f"{WRONG} no exercise {key!r} (known: {', '.join(EXERCISES)})"
    answer = namespace.get(exercise.variable, ...)
    if answer is ...:
        return (
            f"… exercise {key}: {NOT_ANSWERED} — replace the `...` after "
            f"`{exercise.variable} =` and run that cell"
        )
    try:
        confirmed = exercise.judge(answer, namespace)
    except Wrong as why:
        return f"{WRONG} exercise {key}: not quite — {why}"
    except Exception as exc:  # a check must never raise (a learner's answer can be anything)
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return f"{WRONG} exercise {key}: could not check this answer ({detail})"
    return f"{RIGHT} exercise {key}: right — {confirmed}"


def check(key: str, namespace: Mapping[str, Any]) -> None:
    """Print the verdict: what a lesson's hidden check cell calls (``globals()``)."""
    print(verdict(key, namespace))


def show(key: str) -> None:
    """Print the solution of exercise ``key`` (peek only after trying)."""
    exercise = EXERCISES.get(key)
    print(exercise.solution if exercise else f"no exercise {key!r}")
