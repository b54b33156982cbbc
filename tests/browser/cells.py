"""Finding a notebook's code cells in JupyterLab's page, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def cell_output(page, source_snippet: str, *, timeout_ms: int = 180_000):
    """The output area of the one code cell whose source contains ``source_snippet``.

    JupyterLab renders a long notebook's cells progressively, so the cell is waited for
    before it is counted: an immediate count can miss cells not rendered yet.
    """
    cell = page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea", has_text=source_snippet))
    cell.first.wait_for(state="attached", timeout=timeout_ms)
    assert cell.count() == 1, f"expected one cell containing {source_snippet!r}"
    return cell.locator(".jp-Cell-outputArea")


def shot(page, name: str) -> None:
    """Save a screenshot of the page under test-artifacts/browser/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


KERNEL_IDLE = "Python 3 (ipykernel) | Idle"


def open_and_run_all(page, lab_server: dict, rel: str) -> None:
    """Open a notebook in JupyterLab and start Run All from the Run menu, as a user would."""
    page.goto(f"{lab_server['url']}/lab/tree/{rel}?token={lab_server['token']}&reset")
    page.get_by_text(KERNEL_IDLE).wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def assert_no_traceback(page) -> None:
    """No output area on the page shows a Python traceback."""
    errors = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
