"""Score the scanner against the hand-labelled corpus (``corpus_labels.json``).

Used by the tests (which require every label found and nothing else) and by the
benchmark runner (which reports recall and precision in the results table).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"
LABELS = Path(__file__).resolve().parent / "corpus_labels.json"


@dataclass(frozen=True)
class Label:
    path: str
    cell: int | None
    line: int
    v1_call: str
    kind: str


@dataclass
class Score:
    labels: list[Label]
    found: list[Any]
    missed: list[Label] = field(default_factory=list)
    unexpected: list[Any] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / len(self.labels) if self.labels else 1.0

    @property
    def precision(self) -> float:
        return 1 - len(self.unexpected) / len(self.found) if self.found else 1.0

    def numbers_subset(self) -> tuple[float, float]:
        """(recall, precision) restricted to numbers-API calls (not credentials/URLs)."""

        def is_numbers(v1_call: str, kind: str) -> bool:
            return kind in {"sdk-call", "http-call"} and (
                "availableNumbers" in v1_call or "phoneNumbers" in v1_call
            )

        labels = [lab for lab in self.labels if is_numbers(lab.v1_call, lab.kind)]
        missed = [lab for lab in self.missed if is_numbers(lab.v1_call, lab.kind)]
        found = [f for f in self.found if is_numbers(f.v1_call, f.kind)]
        unexpected = [f for f in self.unexpected if is_numbers(f.v1_call, f.kind)]
        recall = 1 - len(missed) / len(labels) if labels else 1.0
        precision = 1 - len(unexpected) / len(found) if found else 1.0
        return recall, precision


def _cell_sources(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]
    ]


def load_labels(root: Path = CORPUS) -> list[Label]:
    data = json.loads(LABELS.read_text())
    labels = []
    for rel, cell, needle, v1_call, kind in data["labels"]:
        path = root / rel
        text = _cell_sources(path)[cell] if cell is not None else path.read_text()
        at = text.find(needle)
        if at < 0 or text.count(needle) > 1:  # a label points at exactly one place
            raise AssertionError(f"label text missing or not unique in {rel}: {needle!r}")
        labels.append(Label(rel, cell, text.count("\n", 0, at) + 1, v1_call, kind))
    return labels


def _matches(label: Label, finding: Any, rel: str) -> bool:
    if (rel, finding.cell, finding.line, finding.kind) != (
        label.path,
        label.cell,
        label.line,
        label.kind,
    ):
        return False
    if label.kind == "credential":
        return finding.v1_call.startswith(label.v1_call)
    if label.kind == "url":  # a URL on its own says nothing sure about the method
        return finding.v1_call.split(" ")[-1] == label.v1_call.split(" ")[-1]
    return finding.v1_call == label.v1_call


def score(report: Any, root: Path = CORPUS) -> Score:
    labels = load_labels(root)
    prefix = str(root).rstrip("/") + "/"
    found = [f for f in report.findings]
    result = Score(labels=labels, found=found)

    def rel(finding: Any) -> str:
        return finding.path[len(prefix) :] if finding.path.startswith(prefix) else finding.path

    used: set[int] = set()
    for label in labels:
        hit = next(
            (i for i, f in enumerate(found) if i not in used and _matches(label, f, rel(f))),
            None,
        )
        if hit is None:
            result.missed.append(label)
        else:
            used.add(hit)
    result.unexpected = [f for i, f in enumerate(found) if i not in used]
    return result
