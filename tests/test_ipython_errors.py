"""In a real kernel: ``import numkit`` leaves IPython's error display alone; after
``%load_ext numkit`` or ``numkit.short_errors()`` numkit errors show as one line (the
cell still fails, ``%tb`` still prints everything, other errors keep their traceback)."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.timeout(180)

NUMKIT_ERROR = 'numkit.connect(target="prod")'  # raised before anything starts


def _run(*sources: str) -> list:
    """Run ``sources`` as cells of one notebook in a fresh kernel; their outputs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return [cell.outputs for cell in nb.cells]


def _error(outputs: list):
    (out,) = [o for o in outputs if o.output_type == "error"]
    return out


def _text(outputs: list) -> str:
    return "".join(
        o.get("text", "") or str(o.get("data", {}).get("text/plain", "")) for o in outputs
    )


def _assert_one_line(outputs: list) -> None:
    out = _error(outputs)
    assert out.ename == "ConfigurationError"
    text = "\n".join(out.traceback)
    assert "target must be 'sandbox' or 'production', not 'prod'" in text and "%tb" in text
    assert len(out.traceback) == 2 and "File " not in text


def test_import_changes_nothing_and_the_extension_switches_one_line_errors_on_and_off():
    outputs = _run(
        "import numkit\nget_ipython().custom_exceptions",
        NUMKIT_ERROR,
        "%load_ext numkit",
        "get_ipython().custom_exceptions",
        NUMKIT_ERROR,
        "%tb",
        "def f():\n    return 1 / 0\nf()",
        "%unload_ext numkit\nget_ipython().custom_exceptions",
        NUMKIT_ERROR,
    )
    after_import, plain, _load, loaded, short, full, other, unloaded, plain_again = outputs
    assert _text(after_import) == "()"  # import numkit replaced nothing
    assert len(_error(plain).traceback) > 2  # IPython's own traceback
    assert "NumkitError" in _text(loaded)
    _assert_one_line(short)
    assert len(_error(full).traceback) > 2  # %tb still shows every frame
    assert _error(other).ename == "ZeroDivisionError" and len(_error(other).traceback) > 2
    assert _text(unloaded) == "()"
    assert len(_error(plain_again).traceback) > 2


def test_the_explicit_call_the_lessons_make_and_the_opt_out():
    switched, short, opted_out, full = _run(
        "import numkit\nnumkit.short_errors()",
        NUMKIT_ERROR,
        "import os\nos.environ['NUMKIT_FULL_TRACEBACKS'] = '1'\n"
        "get_ipython().set_custom_exc((), None)\nnumkit.short_errors()",
        NUMKIT_ERROR,
    )
    assert _text(switched) == "True"
    _assert_one_line(short)
    assert _text(opted_out) == "False"
    assert len(_error(full).traceback) > 2
