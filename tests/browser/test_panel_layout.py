"""Every panel in a real JupyterLab: no clipped label, no typeset math, one screenshot each.

A notebook holding one panel per cell (V2 and V1 variants, a search with results, a
credentials panel showing its red error line, the side-by-side view and the
credentials explanation that lessons 01 and 05 show, and the walkthrough with each of
its tabs opened) is run with Run All at JupyterLab's default width. For each output:

- no visible label, button, description or HTML line is clipped (``scrollWidth >
  clientWidth``), and no input's placeholder is wider than its box;
- no typeset math (``mjx-container``, ``.MathJax``) appears anywhere: the kit's text
  holds ``$`` (``$NUMKIT_V1_API_TOKEN:…``) that MathJax would typeset;
- a screenshot is saved as ``test-artifacts/browser/panel-<name>.png``.

The "lessons" helper extends this file to run every lesson the same way.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from .cells import ARTIFACTS, cell_output

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

KERNEL_IDLE = "Python 3 (ipykernel) | Idle"

#: (name, cell source). The name tags the cell so its output can be found.
PANELS: list[tuple[str, str]] = [
    ("credentials", "numkit.CredentialsPanel()"),
    (
        "credentials-error",
        "bad = numkit.CredentialsPanel(target='production', env={})\nbad.test()\nbad",
    ),
    (
        "search-v2",
        "search = numkit.SearchPanel(kit.v2)\nsearch.fields['area_code'].value = '919'\n"
        "search.search()\nsearch",
    ),
    ("search-v1", "numkit.SearchPanel(kit.v1)"),
    ("order-v2", "numkit.OrderPanel(kit.v2, source=search)"),
    ("order-v1", "order_v1 = numkit.OrderPanel(kit.v1)\norder_v1.mode.value = 'search'\norder_v1"),
    ("disconnect-v2", "numkit.DisconnectPanel(kit.v2)"),
    ("disconnect-v1", "numkit.DisconnectPanel(kit.v1)"),
    ("inspector", "numkit.ExchangeInspector(kit)"),
    (
        "side-by-side",
        "sbs = numkit.SideBySidePanel(kit.v1, kit.v2)\nsbs.translate_only.value = True\n"
        "sbs.run()\nsbs",
    ),
    ("explain-credentials", "numkit.migrate.explain_credentials()"),
    (
        "plan",
        "numkit.migrate.translate_v1('GET', '/v1/availableNumbers/local',\n"
        "                            params={'areaCode': '919', 'quantity': 1}, v2=kit.v2)",
    ),
    (
        # a server's words in a status line: "$" pairs must stay text (Labels are typeset)
        "dollar-status",
        "priced = numkit.SearchPanel(kit.v2)\npriced.fields['area_code'].value = '12'\n"
        "priced.search()  # fails: the status line quotes the rule\n"
        "priced.status.value = 'V1 price $0.35 and $1.00 per number'\npriced",
    ),
    ("walkthrough", "view = numkit.walkthrough(kit)\nview"),
]

_CHECK = """
(root) => {
  const bad = [];
  const visible = (el) => el.offsetParent !== null && el.getClientRects().length > 0;
  const what = (el) => (el.className || el.tagName) + ': ' + el.textContent.trim().slice(0, 80);
  const labels = root.querySelectorAll(
    '.widget-label, .widget-label-basic, .widget-button, .widget-toggle-button, ' +
    '.widget-html-content, .widget-checkbox label, .jupyter-widgets label, button'
  );
  for (const el of labels) {
    if (!visible(el) || !el.textContent.trim()) continue;
    if (el.scrollWidth > el.clientWidth + 1) bad.push('clipped ' + what(el));
  }
  const ctx = document.createElement('canvas').getContext('2d');
  for (const el of root.querySelectorAll('input[placeholder]')) {
    if (!visible(el) || el.value) continue;
    const cs = getComputedStyle(el);
    ctx.font = cs.font;
    const need = ctx.measureText(el.placeholder).width
      + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
    if (need > el.clientWidth + 1) bad.push('placeholder clipped: ' + el.placeholder);
  }
  const math = root.querySelectorAll('mjx-container, .MathJax, .MathJax_Display, .katex');
  for (const el of math) bad.push('typeset math: ' + el.textContent.slice(0, 80));
  return bad;
}
"""


def _notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    cells = [nbformat.v4.new_code_cell("import numkit\nkit = numkit.connect(target='sandbox')")]
    for name, source in PANELS:
        cells.append(nbformat.v4.new_code_cell(f"# panel [{name}]\n{source}"))
    nb.cells = cells
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, str(path))


def _output(page, name: str):
    return cell_output(page, f"# panel [{name}]")


def _check(out, name: str) -> list[str]:
    out.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out.screenshot(path=str(ARTIFACTS / f"panel-{name}.png"))
    return [f"{name}: {p}" for p in out.evaluate(_CHECK)]


def test_every_panel_fits_and_shows_no_math(page, lab_server):
    folder = lab_server["root"] / "panels"
    folder.mkdir(exist_ok=True)
    _notebook(folder / "panels.ipynb")
    started = time.monotonic()
    page.goto(f"{lab_server['url']}/lab/tree/panels/panels.ipynb?token={lab_server['token']}&reset")
    page.get_by_text(KERNEL_IDLE).wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    last = _output(page, PANELS[-1][0])
    last.locator(".lm-TabBar-tab").first.wait_for(timeout=180_000)
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=180_000)
    errors = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    # the red credentials line is there to be measured
    _output(page, "credentials-error").get_by_text(re.compile("failed")).first.wait_for()

    problems: list[str] = []
    for name, _source in PANELS:
        out = _output(page, name)
        if name == "walkthrough":
            tabs = out.locator(".lm-TabBar-tab")
            for index in range(tabs.count()):
                title = tabs.nth(index).inner_text().strip()
                tabs.nth(index).click()
                expect(tabs.nth(index)).to_have_class(re.compile(r"\blm-mod-current\b"))
                slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
                problems += _check(out, f"walkthrough-{slug}")
        else:
            problems += _check(out, name)
    # anywhere on the page, too (MathJax may typeset outside the measured outputs)
    problems += [f"page: {p}" for p in page.locator("body").evaluate(_CHECK) if "typeset math" in p]
    print(f"panels notebook: {time.monotonic() - started:.1f} s")
    assert not problems, "\n".join(problems)
