"""Shipped notebooks are committed clean: no outputs, execution counts or widget state.

The check is nbstripout's own (``nbstripout --keep-id --verify``; ``--keep-id`` keeps the
lessons' readable cell ids). Fix a failure with ``nbstripout --keep-id notebooks/*.ipynb``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "00-start-here.ipynb",
    "01-credentials.ipynb",
    "02-search.ipynb",
    "03-order-and-poll.ipynb",
    "04-disconnect.ipynb",
    "04b-notifications.ipynb",
    "05-v1-vs-v2.ipynb",
    "06-scan-your-code.ipynb",
]


STRIP = "nbstripout --keep-id notebooks/*.ipynb"


def _nbstripout(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_every_notebook_is_shipped():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stripped(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, f"saved widget state: run {STRIP}"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has outputs: run {STRIP}"
            assert cell.execution_count is None, f"cell {i} has an execution count"
        assert "execution" not in cell.metadata, f"cell {i} has run metadata"


def test_nbstripout_would_change_no_notebook():
    res = _nbstripout("--verify", *NOTEBOOKS)
    assert res.returncode == 0, f"run {STRIP}:\n{res.stdout}{res.stderr}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shape(path):
    """The lesson shape of style.md: a title, an overview, a summary and what's next."""
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "start with a title"
    headings = [
        line.strip().lower()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    ]
    for wanted in ("## overview", "## prerequisites", "## summary", "## what's next"):
        assert any(h.startswith(wanted) for h in headings), f"missing {wanted!r} section"
    code = [c for c in nb.cells if c.cell_type == "code"]
    too_long = [c.source for c in code if len(c.source.splitlines()) > 15]
    assert not too_long, f"cells should be short (one thing each): {too_long[0][:200]}"


def test_the_strip_command_removes_outputs_counts_and_widget_state(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    cell.id = "00-01"
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)
    ]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert _nbstripout("--verify", path).returncode == 1
    assert _nbstripout(path).returncode == 0
    assert _nbstripout("--verify", path).returncode == 0
    clean = nbformat.read(path, as_version=4)
    assert clean.cells[1].outputs == [] and clean.cells[1].execution_count is None
    assert "widgets" not in clean.metadata and "execution" not in clean.cells[1].metadata
    assert clean.cells[1].id == "00-01"  # readable ids stay


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_production_only_in_the_marked_opt_in_cell(path):
    """Run All never reaches production: every connect() asks for the sandbox, except in
    the one clearly marked opt-in cell, which is off (``USE_PRODUCTION = False``)."""
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    opt_in = [src for src in code if "USE_PRODUCTION" in src]
    talks_to_an_api = any(re.search(r"(?<!\w)connect\(|Client\(", src) for src in code)
    if not opt_in and not talks_to_an_api:  # e.g. 06-scan-your-code only reads files
        assert not any("production" in src for src in code)
        return
    assert len(opt_in) == 1, "exactly one opt-in cell"
    assert "USE_PRODUCTION = False" in opt_in[0]
    assert "if USE_PRODUCTION:" in opt_in[0]
    marked = [
        i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "Opt-in cell" in c.source
    ]
    assert marked, "the opt-in cell needs a marked heading above it"
    for src in code:
        if src in opt_in:
            continue
        assert "production" not in src, src
        for args in re.findall(r"(?<!\w)connect\(([^)]*)\)", src):
            assert args == 'target="sandbox"', src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_opts_in_to_one_line_errors_where_it_imports_numkit(path):
    """``import numkit`` changes nothing in IPython; each lesson asks for short errors."""
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    first = next(src for src in code if re.search(r"^import numkit$", src, re.M))
    assert "numkit.short_errors()" in first or "%load_ext numkit" in first
