"""In a real kernel, numkit errors show as one readable line; the cell still fails."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.timeout(180)


def _run(*sources: str, env_cell: str = "") -> list:
    nb = nbformat.v4.new_notebook()
    cells = ([env_cell] if env_cell else []) + ["import numkit", *sources]
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return [cell.outputs for cell in nb.cells[-len(sources) :]]


def test_numkit_error_is_one_line_and_other_errors_keep_their_traceback():
    numkit_error, full, other_error = _run(
        'numkit.validate.v2_search(area_code="911")',
        "%tb",
        "def f():\n    return 1 / 0\nf()",
    )
    (out,) = [o for o in numkit_error if o.output_type == "error"]
    assert out.ename == "ValidationError"
    text = "\n".join(out.traceback)
    assert "area code cannot end with 11" in text and "%tb" in text
    assert len(out.traceback) == 2 and "File " not in text
    (again,) = [o for o in full if o.output_type == "error"]
    assert len(again.traceback) > 2  # %tb still shows every frame
    (other,) = [o for o in other_error if o.output_type == "error"]
    assert other.ename == "ZeroDivisionError"
    assert len(other.traceback) > 2


def test_full_tracebacks_on_request():
    (outputs,) = _run(
        'numkit.validate.v2_search(area_code="911")',
        env_cell="import os; os.environ['NUMKIT_FULL_TRACEBACKS'] = '1'",
    )
    (out,) = [o for o in outputs if o.output_type == "error"]
    assert len(out.traceback) > 2
