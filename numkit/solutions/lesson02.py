"""Exercises of lesson 02-search."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong, need


def _j02_1(answer: Any, ns: Mapping[str, Any]) -> str:
    if not hasattr(answer, "columns"):
        raise Wrong(
            f"expected a DataFrame (`.to_frame()` of a search), got {type(answer).__name__}"
        )
    if "rate_center" not in answer.columns:
        raise Wrong("no rate_center column: search with `details=True` before `.to_frame()`")
    if len(answer) == 0 or len(answer) > 20:
        raise Wrong(f"{len(answer)} rows: ask for up to 20 with `quantity=20`")
    wrong = [n for n in answer["full_number"] if not str(n).startswith("910")]
    if wrong:
        raise Wrong(f"{wrong[0]} is not in area code 910")
    return f"{len(answer)} numbers from 910 with their details"


def _j02_2(answer: Any, ns: Mapping[str, Any]) -> str:
    batch = need(ns, "batch")
    counts = batch["rate_center"].value_counts()
    top = counts.max()
    leaders = sorted(str(rc) for rc, n in counts.items() if n == top)
    if answer in leaders:
        return f"{answer} offers {top} numbers, the most in the batch"
    if answer in counts.index:
        raise Wrong(f"{answer} offers {counts[answer]} numbers, but {leaders[0]} offers {top}")
    raise Wrong(f"{answer!r} is not a rate center of `batch`")


EXERCISES = [
    Exercise(
        "02-1",
        "answer_02_1",
        'answer_02_1 = kit.v2.search(area_code="910", quantity=20, details=True).to_frame()',
        _j02_1,
    ),
    Exercise(
        "02-2",
        "answer_02_2",
        'answer_02_2 = batch["rate_center"].value_counts().idxmax()',
        _j02_2,
    ),
]
