"""Notebooks, cell by cell: code cells by syntax tree (IPython magics and ``!shell``
lines neutralised first, the shell lines themselves scanned as text), markdown cells and
cell magics (``%%bash``, ``%%writefile``) as text. Findings carry the cell index (as in
``nbformat``: every cell counts) and the line inside the cell.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from .hits import Hit
from .pyscan import PyContext, collect, scan_python
from .textscan import scan_text

__all__ = ["NotebookError", "scan_notebook"]

_ASSIGN_MAGIC = re.compile(r"^(\s*)([\w.,\s]+?)\s*=\s*[!%]")
_HELP = re.compile(r"^\s*[\w.]+\?{1,2}\s*$")
_TIMED = re.compile(r"^%(?:time|timeit|prun)\s+(?:-\w+\s*\d*\s+)*(.+)$")
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


class NotebookError(ValueError):
    """The file is not a notebook (bad JSON or not the nbformat shape)."""


def _cells(text: str) -> tuple[list[dict[str, Any]], str]:
    try:
        nb = json.loads(text)
    except ValueError as exc:
        raise NotebookError(f"invalid notebook: not JSON ({exc})") from exc
    if not isinstance(nb, dict):
        raise NotebookError("invalid notebook: the top level is not an object")
    cells = nb.get("cells")
    if cells is None and isinstance(nb.get("worksheets"), list):  # nbformat 3
        cells = [c for ws in nb["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])]
    if not isinstance(cells, list):
        raise NotebookError("invalid notebook: no list of cells")
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    lang = ""
    for key in ("kernelspec", "language_info"):
        section = meta.get(key) if isinstance(meta, dict) else None
        if isinstance(section, dict):
            lang = str(section.get("language") or section.get("name") or lang)
            if lang:
                break
    return cells, lang.lower()


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", cell.get("input", ""))
    if isinstance(source, list):
        return "".join(str(s) for s in source)
    return str(source) if source is not None else ""


def scan_notebook(text: str) -> tuple[list[Hit], list[str]]:
    """Hits for every cell, and problems (cells that do not parse) for ``report.errors``."""
    cells, kernel_language = _cells(text)
    python = kernel_language in {"", "python", "python3", "ipython", "ipython3"}
    hits: list[Hit] = []
    problems: list[str] = []
    parsed: list[tuple[int, ast.Module, str]] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            problems.append(f"cell {index}: not a cell object")
            continue
        source = _source(cell)
        if not source.strip():
            continue
        cell_type = cell.get("cell_type", "code")
        if cell_type != "code" or not python:
            hits += scan_text(source, "markdown", cell=index)
            continue
        hits += _code_cell(source, index, problems, parsed)
    context = PyContext()
    for _index, tree, code in parsed:
        collect(tree, code, context, focus=False)  # cells are short; names cross cells
    for index, tree, code in parsed:
        for hit in scan_python(tree, code, context):
            hit.cell = index
            hits.append(hit)
    hits.sort(key=lambda h: (h.cell or 0, h.line))
    return hits, problems


def _code_cell(
    source: str, index: int, problems: list[str], parsed: list[tuple[int, ast.Module, str]]
) -> list[Hit]:
    """Shell-line hits now; the parsed cell goes to ``parsed`` for the two passes."""
    lines = source.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if len(first) > 2 else ""
        if magic not in _PYTHON_CELL_MAGICS:
            # %%bash, %%sh, %%script, %%writefile, %%html, %%javascript …: text
            return scan_text(source, "shell", cell=index)
        lines = ["", *lines[1:]]
    python_lines: list[str] = []
    shell: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        assigned = _ASSIGN_MAGIC.match(line)
        timed = _TIMED.match(stripped)
        if timed:
            python_lines.append(indent + timed.group(1))  # %time stmt: the stmt is Python
        elif stripped.startswith(("!", "%")):
            shell.append((number, stripped.lstrip("!%")))
            python_lines.append(indent + "pass")
        elif assigned:
            shell.append((number, line))
            python_lines.append(f"{assigned.group(1)}{assigned.group(2)} = None")
        elif _HELP.match(line):
            python_lines.append(indent + "pass")
        else:
            python_lines.append(line)
    code = "\n".join(python_lines)
    hits: list[Hit] = []
    for number, line in shell:
        for hit in scan_text(line, "shell", cell=index, line_offset=number - 1):
            hits.append(hit)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else ""
        message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        problems.append(f"cell {index}: syntax error{where}: {message}; scanned as text")
        return hits + scan_text(code, "python", cell=index)
    except RecursionError:
        problems.append(f"cell {index}: too deeply nested to parse; scanned as text")
        return hits + scan_text(code, "python", cell=index)
    parsed.append((index, tree, code))
    return hits
