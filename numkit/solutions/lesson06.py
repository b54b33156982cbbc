"""Exercises of lesson 06-scan-your-code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, need

#: The V1 call exercise 06-2 asks about.
V1_DELETE = "DELETE /v1/users/{userId}/phoneNumbers/{numberId}"


def _j06_1(answer: Any, ns: Mapping[str, Any]) -> str:
    report = need(ns, "report")
    if isinstance(answer, list | tuple):
        raise Wrong("that is the list of findings; its length is the count asked for")
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise Wrong(f"expected a count (an int), got {type(answer).__name__}")
    gating = len(report.gating)
    if answer == gating:
        return (
            f"{answer} numbers-API findings of high or medium confidence: "
            "`--fail-on-found` exits 1 until they are migrated"
        )
    if answer == len(report.findings):
        raise Wrong(
            f"{answer} counts every finding; the low-confidence ones (credential "
            "variables, the bare V1 base URL) never fail CI — see `report.gating`"
        )
    after = ns.get("after")
    if after is not None and answer == len(after.gating):
        raise Wrong(f"{answer} is after section 5's migration (`after`); count `report`'s")
    raise Wrong(f"{answer}: count the findings that make `--fail-on-found` fail")


def _j06_2(answer: Any, ns: Mapping[str, Any]) -> str:
    report = need(ns, "report")
    if not isinstance(answer, str):
        raise Wrong(f'expected one string like "GET /accounts/…", got {type(answer).__name__}')
    rows = [f for f in report.findings if f.v1_call == V1_DELETE]
    if not rows:
        raise Wrong(f"`report` has no finding for {V1_DELETE}: scan the sample project")
    method, path = rows[0].v2_method, rows[0].v2_path
    given = answer.split()
    if given == [method, path]:
        return f"{answer}: V2 gives a number back with a disconnect order, not a DELETE"
    if given in ([method], [path]):
        raise Wrong("give both, the method and the path, as one string")
    if given[-1:] == [path]:
        raise Wrong(
            f"{given[0]}: V2 has no DELETE for a number — a disconnect is an order you {method}"
        )
    raise Wrong(f"{answer!r}: read `v2_method` and `v2_path` on the row for {V1_DELETE}")


EXERCISES = [
    Exercise(
        "06-1",
        "answer_06_1",
        "answer_06_1 = len(report.gating)",
        _j06_1,
    ),
    Exercise(
        "06-2",
        "answer_06_2",
        'row = table[table["v1_call"] == "DELETE /v1/users/{userId}/phoneNumbers/{numberId}"]\n'
        'answer_06_2 = f"{row.v2_method.iloc[0]} {row.v2_path.iloc[0]}"',
        _j06_2,
    ),
]
