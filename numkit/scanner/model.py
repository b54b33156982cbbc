"""The scanner's results: one :class:`Finding` per V1 usage, a :class:`ScanReport` for a scan.

Plain dataclasses (no pandas until ``to_frame()``), so ``numkit scan`` and CI stay light.
The columns and the JSON shape are contract (documented in the README and ``docs/``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["COLUMNS", "FileError", "Finding", "ScanReport"]

#: ``to_frame()`` columns and the fields of every JSON finding, in this order
COLUMNS = (
    "path",
    "line",
    "cell",
    "language",
    "kind",
    "v1_call",
    "scope",
    "v2_method",
    "v2_path",
    "v2_code",
    "notes",
    "confidence",
)
_RANK = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Finding:
    """One V1 usage. ``cell`` is the notebook cell index (None outside notebooks) and
    ``line`` the line in that cell; ``source`` is the V1 line as written (shown in the
    reports and the panel, never part of the contract's columns)."""

    path: str
    line: int
    cell: int | None
    language: str
    kind: str
    v1_call: str
    scope: str
    v2_method: str
    v2_path: str
    v2_code: str
    notes: str
    confidence: str
    source: str = field(default="", compare=False)

    @property
    def gating(self) -> bool:
        """True for what ``--fail-on-found`` fails on: numbers scope, high or medium."""
        return self.scope == "numbers" and self.confidence in {"high", "medium"}

    @property
    def where(self) -> str:
        cell = f" cell {self.cell}" if self.cell is not None else ""
        return f"{self.path}:{self.line}" if not cell else f"{self.path}{cell}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {name: data[name] for name in COLUMNS}


@dataclass(frozen=True)
class FileError:
    """A file the scan could not read or parse, and why (the scan went on)."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass
class ScanReport:
    """What ``numkit.scan`` found: ``findings`` in path/line order and ``errors``."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    files_scanned: int = 0
    bytes_scanned: int = 0
    files_parsed: int = 0
    seconds: float = 0.0

    # -- views ---------------------------------------------------------------------------
    @property
    def gating(self) -> list[Finding]:
        """Findings that make ``--fail-on-found`` exit 1."""
        return [f for f in self.findings if f.gating]

    def exit_code(self, fail_on_found: bool) -> int:
        """0, or 1 when failing on found and a gating finding exists (errors never count)."""
        return 1 if fail_on_found and self.gating else 0

    def counts(self) -> dict[str, int]:
        by = Counter(f"{f.scope}/{f.confidence}" for f in self.findings)
        return dict(sorted(by.items()))

    def by_file(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.path, []).append(finding)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        """The ``--format json`` document: ``{"findings": [...], "errors": [...]}``."""
        return {
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
        }

    def to_frame(self) -> Any:
        """One row per finding with the contract's columns (``cell`` is ``<NA>`` outside
        notebooks)."""
        import pandas as pd

        rows = [f.to_dict() for f in self.findings]
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["line"] = frame["line"].astype("Int64")
        frame["cell"] = frame["cell"].astype("Int64")
        for name in COLUMNS:
            if name not in {"line", "cell"}:
                frame[name] = frame[name].astype("string")
        return frame

    def summary(self) -> str:
        numbers = sum(1 for f in self.findings if f.scope == "numbers")
        return (
            f"{len(self.findings)} V1 finding(s) ({numbers} numbers API, "
            f"{len(self.findings) - numbers} other) in {len(self.by_file())} file(s); "
            f"{self.files_scanned} file(s) scanned, {len(self.errors)} could not be read"
        )

    def __repr__(self) -> str:
        return f"<ScanReport: {self.summary()}>"

    def _repr_html_(self) -> str:
        from .report import render_html

        return render_html(self, full_page=False)

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (f.path, f.cell if f.cell is not None else -1, f.line))
        self.errors.sort(key=lambda e: e.path)
