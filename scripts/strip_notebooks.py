#!/usr/bin/env python3
"""Strip notebooks before committing: outputs, execution counts, widget state, run metadata.

    python scripts/strip_notebooks.py              # strip notebooks/*.ipynb in place
    python scripts/strip_notebooks.py --check      # exit 1 and name the files that need it
    python scripts/strip_notebooks.py a.ipynb b.ipynb

Removed: every code cell's ``outputs`` and ``execution_count``; per-cell run metadata
(``execution``, ``collapsed``, ``scrolled``, ``jupyter.outputs_hidden``); the notebook's
``metadata.widgets`` (saved widget state); kernel ``language_info`` version details stay.
Written in nbformat's canonical layout, so ``git diff`` stays quiet between runs.
``tests/test_notebooks_clean.py`` runs :func:`needs_strip` on every shipped notebook.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CELL_METADATA_DROP = ("execution", "collapsed", "scrolled", "ExecuteTime")


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip ``nb`` in place and return it."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in CELL_METADATA_DROP:
            cell.metadata.pop(key, None)
        jupyter = cell.metadata.get("jupyter")
        if isinstance(jupyter, dict):
            jupyter.pop("outputs_hidden", None)
            if not jupyter:
                cell.metadata.pop("jupyter")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def canonical(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def needs_strip(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    return canonical(strip(nb)) != text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    p.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any needs stripping"
    )
    args = p.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("*.ipynb"))
    dirty = []
    for path in paths:
        if not needs_strip(path):
            continue
        dirty.append(path)
        if not args.check:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(strip(nb))
            path.write_text(canonical(nb), encoding="utf-8")
    verb = "need stripping" if args.check else "stripped"
    for path in dirty:
        print(f"{verb}: {path}")
    return 1 if (dirty and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
