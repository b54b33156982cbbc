"""Every lesson, Run All in a real JupyterLab: no error, no clipped label, no typeset math.

All eight lessons (00 … 06, 04b included) are opened one after the other in ONE
JupyterLab server (the session's ``lab_server``), each from its own copy (its own
kernel, shut down after the lesson so they do not pile up), and run with **Run ▸ Run All
Cells** as a learner would. Then, from the notebook's own model (so cells that
JupyterLab has not drawn yet count too):

- every code cell has run and no cell has an error output or a stderr stream;

and, cell by cell, after scrolling it into view (widgets and plots are drawn only then):

- nothing in its output shows a traceback or a red stderr block (inside widgets' Output
  areas too: panels print their errors there);
- no visible label, button or placeholder is clipped, and no math is typeset
  (``_CHECK`` of ``test_panel_layout.py``);
- each output holding a panel or a picture is saved as
  ``test-artifacts/browser/lesson-<lesson>-<cell id>.png``, and the lesson's last view as
  ``lesson-<lesson>.png``.

Per-lesson run times are printed and written to ``lesson-times.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests

from .test_panel_layout import _CHECK

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
LESSONS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
RUN_ALL_TIMEOUT_MS = 300_000

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

#: The open notebook, from JupyterLab's own objects (``expose_app_in_browser``).
_NOTEBOOK = "window.jupyterapp.shell.currentWidget.content"

#: Code cells: index, id, whether it has run, what its outputs hold.
_CELLS = f"""
() => {{
  const nb = {_NOTEBOOK};
  const out = [];
  nb.widgets.forEach((cell, index) => {{
    const m = cell.model;
    if (m.type !== 'code') return;
    const outputs = m.outputs.toJSON();
    out.push({{
      index, id: m.id, ran: m.executionCount !== null,
      errors: outputs.filter(o => o.output_type === 'error'
                                  || (o.output_type === 'stream' && o.name === 'stderr'))
                     .map(o => o.ename ? o.ename + ': ' + o.evalue : String(o.text).slice(0, 300)),
      shown: outputs.some(o => o.data && (o.data['application/vnd.jupyter.widget-view+json']
                                          || o.data['image/png'])),
      any: outputs.length > 0,
    }});
  }});
  return out;
}}
"""

#: True once every code cell has run, or one failed (Run All stops there).
_DONE = f"""
() => {{
  const cells = {_NOTEBOOK}.widgets.filter(c => c.model.type === 'code');
  const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  return failed || cells.every(c => c.model.executionCount !== null);
}}
"""

#: Select and scroll to cell ``index`` (drawn now if JupyterLab deferred it).
_SHOW = f"""
async (index) => {{
  const nb = {_NOTEBOOK};
  nb.activeCellIndex = index;
  if (nb.scrollToItem) {{ await nb.scrollToItem(index, 'center'); }}
  else {{ await nb.scrollToCell(nb.widgets[index]); }}
}}
"""

#: Red blocks inside an output (cell errors and errors printed into widgets' Outputs).
_RED = """
(root) => [...root.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(el => el.textContent.trim().slice(0, 300)).filter(Boolean)
"""

_times: dict[str, float] = {}


def _shut_kernels(lab_server) -> None:
    """Close every kernel session: one lesson's kernel must not slow the next."""
    auth = {"Authorization": f"token {lab_server['token']}"}
    for session in requests.get(
        f"{lab_server['url']}/api/sessions", headers=auth, timeout=10
    ).json():
        requests.delete(
            f"{lab_server['url']}/api/sessions/{session['id']}", headers=auth, timeout=30
        )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda n: n.removesuffix(".ipynb"))
def test_lesson_runs_all_clean_in_jupyterlab(lesson, page, lab_server, notebook_copy):
    stem = lesson.removesuffix(".ipynb")
    rel = notebook_copy(lesson)
    started = time.monotonic()
    page.goto(f"{lab_server['url']}/lab/tree/{rel}?token={lab_server['token']}&reset")
    page.get_by_text(KERNEL_IDLE).wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_DONE, timeout=RUN_ALL_TIMEOUT_MS, polling=250)
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=RUN_ALL_TIMEOUT_MS)
    ran_all = time.monotonic() - started

    cells = page.evaluate(_CELLS)
    problems = [f"cell {c['id']}: {e}" for c in cells for e in c["errors"]]
    problems += [f"cell {c['id']}: did not run" for c in cells if not c["ran"]]
    assert not problems, f"{lesson}:\n" + "\n".join(problems)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = []
    for cell in cells:
        if not cell["any"]:
            continue
        page.evaluate(_SHOW, cell["index"])
        out = page.locator(".jp-Notebook .jp-Cell.jp-mod-active .jp-Cell-outputArea")
        out.wait_for(state="visible")
        if cell["shown"]:
            # a panel or a picture: wait until it is drawn, then measure and keep it
            out.locator(".jupyter-widgets:visible, img:visible").first.wait_for()
            name = f"lesson-{stem}-{cell['id']}.png"
            out.screenshot(path=str(ARTIFACTS / name))
            shots.append(name)
        problems += [f"cell {cell['id']}: {p}" for p in out.evaluate(_CHECK)]
        problems += [f"cell {cell['id']}: red output: {t}" for t in out.evaluate(_RED)]
    page.screenshot(path=str(ARTIFACTS / f"lesson-{stem}.png"))
    problems += [f"page: {p}" for p in page.locator("body").evaluate(_CHECK) if "math" in p]
    _shut_kernels(lab_server)

    _times[stem] = round(time.monotonic() - started, 1)
    print(
        f"{lesson}: Run All {ran_all:.1f} s, checked {len(cells)} code cells, "
        f"{len(shots)} screenshots, total {_times[stem]} s"
    )
    times = ARTIFACTS / "lesson-times.json"
    known = json.loads(times.read_text()) if times.exists() else {}
    times.write_text(json.dumps({**known, **_times}, indent=1, sort_keys=True))
    assert not problems, f"{lesson}:\n" + "\n".join(problems)
