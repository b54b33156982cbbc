"""The scan itself: walk, pre-filter, parse, classify, translate — one file at a time,
every problem turned into a reason in ``report.errors``.

Cost model: most files in a real tree hold no V1 at all, so each file is read once as
bytes and checked with one compiled pre-filter (``patterns.prefilter``); only the few
that match are decoded and parsed. Nothing in the tree is imported, executed or
written.
"""

from __future__ import annotations

import ast
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .focus import focus_source
from .hits import Hit
from .model import FileError, Finding, ScanReport
from .notebook import NotebookError, scan_notebook
from .patterns import prefilter
from .pyscan import scan_python
from .textscan import scan_text
from .translate import to_finding
from .walk import (
    DEFAULT_MAX_BYTES,
    Candidate,
    Skip,
    bom_encoding,
    decode,
    looks_binary,
    os_reason,
    read_bytes,
    shebang_language,
    walk,
)

__all__ = ["Progress", "scan", "scan_file"]

#: ``progress(done, total, path)`` after each file
Progress = Callable[[int, int, str], None]


def scan(
    *paths: str | os.PathLike[str],
    exclude: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    gitignore: bool = True,
    progress: Progress | None = None,
) -> ScanReport:
    """Find every V1 (Catapult) usage under ``paths`` (files or folders; default ``.``).

    ``exclude`` globs skip files or folders (``"tests/*"``, ``"*.min.js"``); ``.git``,
    virtual environments, ``node_modules`` and git-ignored files are skipped anyway
    (``gitignore=False`` scans ignored files too). Files over ``max_bytes`` are listed in
    ``report.errors``, like every file that cannot be read or parsed; the scan goes on.
    Scanned code is read, never imported or run.
    """
    from ..errors import ValidationError

    if isinstance(exclude, str):
        exclude = (exclude,)
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ValidationError("max_bytes", max_bytes, "a positive number of bytes")
    for p in paths:
        if not isinstance(p, str | os.PathLike):
            raise ValidationError("paths", p, "file or folder paths (str or pathlib.Path)")
    roots = [os.fspath(p) for p in paths] or ["."]
    began = time.perf_counter()
    report = ScanReport(roots=roots)
    skips: list[Skip] = []
    candidates = list(
        walk(roots, exclude=tuple(exclude), gitignore=gitignore, on_skip=skips.append)
    )
    report.errors += [FileError(s.shown, s.reason) for s in skips]
    total = len(candidates)
    for done, candidate in enumerate(candidates, start=1):
        findings, errors, parsed, size = scan_file(candidate, max_bytes=max_bytes)
        report.findings += findings
        report.errors += errors
        report.files_scanned += 1
        report.files_parsed += parsed
        report.bytes_scanned += size
        if progress is not None:
            progress(done, total, candidate.shown)
    report.sort()
    report.seconds = time.perf_counter() - began
    return report


def scan_file(
    candidate: Candidate, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Finding], list[FileError], int, int]:
    """``(findings, errors, parsed (0/1), bytes read)`` for one file."""
    shown = candidate.shown
    if candidate.size > max_bytes:
        reason = f"over the size limit ({candidate.size:,} bytes > {max_bytes:,}); not scanned"
        return [], [FileError(shown, reason)], 0, 0
    try:
        # sized from the listing: a huge read size would allocate that much per file
        data = read_bytes(candidate.path, min(candidate.size, max_bytes) + 1)
    except OSError as exc:
        return [], [FileError(shown, os_reason(exc))], 0, 0
    if len(data) > max_bytes:  # grew since it was listed
        return [], [FileError(shown, f"over the size limit (> {max_bytes:,} bytes)")], 0, 0
    language = candidate.language or shebang_language(data[:256])
    if not language:
        return [], [], 0, len(data)
    if looks_binary(data):
        return [], [FileError(shown, "binary file (NUL bytes), not scanned")], 0, len(data)
    wide = bom_encoding(data) in {"utf-16", "utf-32"}
    probe = data.decode(str(bom_encoding(data)), "replace").encode() if wide else data
    if not prefilter(probe, language):
        return [], [], 0, len(data)
    text, problem = decode(data, language)
    errors = [FileError(shown, problem)] if problem else []
    hits, problems = _hits(text, language)
    errors += [FileError(shown, p) for p in problems]
    findings = _findings(hits, shown, language)
    return findings, errors, 1, len(data)


def _hits(text: str, language: str) -> tuple[list[Hit], list[str]]:
    if language == "python":
        try:
            try:
                tree = ast.parse(focus_source(text))
            except (SyntaxError, ValueError):
                tree = ast.parse(text)  # the cut went wrong: the whole module, to be sure
        except SyntaxError as exc:
            where = f" at line {exc.lineno}" if exc.lineno else ""
            return scan_text(text, "python"), [f"syntax error{where}: {exc.msg}; scanned as text"]
        except (ValueError, RecursionError, MemoryError) as exc:
            reason = "too deeply nested" if isinstance(exc, RecursionError) else str(exc)
            return scan_text(text, "python"), [f"cannot parse ({reason}); scanned as text"]
        return scan_python(tree, text), []
    if language == "notebook":
        try:
            return scan_notebook(text)
        except NotebookError as exc:
            return [], [str(exc)]
        except RecursionError:
            return [], ["invalid notebook: nested too deeply"]
    return scan_text(text, language), []


def _findings(hits: list[Hit], shown: str, language: str) -> list[Finding]:
    hits = _merge_credentials(hits)
    out: list[Finding] = []
    seen: set[tuple[int | None, int, str, str]] = set()
    for hit in hits:
        finding = to_finding(hit, path=shown, language=language)
        if finding is None:
            continue
        key = (finding.cell, finding.line, finding.kind, finding.v1_call)
        if key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return out


def _merge_credentials(hits: list[Hit]) -> list[Hit]:
    """One credential finding per line, naming every V1 variable on it."""
    merged: dict[tuple[int | None, int], Hit] = {}
    out: list[Hit] = []
    for hit in hits:
        if hit.kind != "credential":
            out.append(hit)
            continue
        key = (hit.cell, hit.line)
        first = merged.get(key)
        if first is None:
            merged[key] = hit
            out.append(hit)
        elif hit.target not in first.target.split(", "):
            first.target += ", " + hit.target
    return out


def sample_project() -> Path:
    """The folder of the sample V1 project shipped with numkit (read it, never run it)."""
    return Path(__file__).resolve().parent.parent / "samples" / "v1_project"
