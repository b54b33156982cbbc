"""The real thing: JupyterLab in Chromium, Run All, then search → tick → order → disconnect.

A copy of ``03-order-and-poll`` is opened in a real JupyterLab (see ``conftest.py``),
all cells are run as a user would, and then the panels at the end of the notebook are
driven through their rendered controls only: the text box, the Search button, the
multi-select, the Order button, and the Refresh / Disconnect… / Yes buttons of the
disconnect panel. Tables and status lines are read from the page. Screenshots of every
step are saved in ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
import time

import pytest

from .cells import KERNEL_IDLE, assert_no_traceback, cell_output, open_and_run_all, shot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "03-order-and-poll.ipynb"


def test_search_order_and_disconnect_through_the_panels(page, lab_server, notebook_copy):
    rel = notebook_copy(NOTEBOOK)
    started = time.monotonic()
    open_and_run_all(page, lab_server, rel)
    # The last code cell is the opt-in one; once the panels exist and the kernel is idle
    # again, every cell has run.
    search_out = cell_output(page, "numkit.SearchPanel(kit.v2)")
    search_out.locator(".jupyter-widgets.widget-button", has_text="Search").wait_for(
        timeout=180_000
    )
    disconnect_out = cell_output(page, "numkit.DisconnectPanel(kit.v2)")
    disconnect_out.locator(".jupyter-widgets.widget-button", has_text="Refresh").wait_for(
        timeout=180_000
    )
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=180_000)
    ran_all = time.monotonic() - started
    assert_no_traceback(page)
    assert page.locator(".jp-OutputArea-output", has_text="one order, not two").count() == 1
    assert page.locator(".jp-OutputArea-output", has_text="faults are off again").count() == 1
    shot(page, "01-ran-all")

    # --- search: type an area code, press Search, read the table -----------------------
    area_code = search_out.get_by_placeholder("3 digits, e.g. 919")
    area_code.fill("919")
    area_code.press("Enter")
    search_out.locator(".jupyter-widgets.widget-button", has_text="Search").click()
    search_out.get_by_text(re.compile(r"\d+ numbers? found on V2")).wait_for()
    table = search_out.locator("table").first
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() >= 2
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert "full_number" in headers and "rate_center" in headers, headers
    search_out.scroll_into_view_if_needed()
    shot(page, "02-searched")

    # --- tick two numbers in the multi-select -----------------------------------------
    select = search_out.locator(".widget-select-multiple select")
    labels = select.locator("option").all_inner_texts()
    assert len(labels) >= 2, labels
    select.select_option(index=[0, 1])
    picked = [label.split()[0] for label in labels[:2]]
    assert all(re.fullmatch(r"\d{10}", n) for n in picked), picked

    # --- order them and wait for COMPLETE ----------------------------------------------
    order_out = cell_output(page, "numkit.OrderPanel(kit.v2, source=search)")
    order_out.get_by_text(re.compile(r"Will order\s*2")).wait_for()
    order_out.locator(".jupyter-widgets.widget-button", has_text="Order").first.click()
    order_out.get_by_text(re.compile(r"COMPLETE\b.*\b2 completed, 0 failed")).first.wait_for(
        timeout=120_000
    )
    result_table = order_out.locator("table").first
    result_table.wait_for()
    text = result_table.inner_text()
    for number in picked:
        assert number in text, (number, text)
    assert "completed" in text
    order_out.scroll_into_view_if_needed()
    shot(page, "03-ordered")

    # --- disconnect them: refresh, tick, Disconnect…, confirm, wait ---------------------
    disconnect_out.locator(".jupyter-widgets.widget-button", has_text="Refresh").click()
    in_service = disconnect_out.locator(".widget-select-multiple select")
    for number in picked:
        in_service.locator("option", has_text=number).wait_for(state="attached")
    options = in_service.locator("option").all_inner_texts()
    wanted = [label for label in options if label.split()[0] in picked]
    in_service.select_option(label=wanted)
    disconnect_out.locator(".jupyter-widgets.widget-button", has_text="Disconnect").first.click()
    confirm = disconnect_out.locator(".jupyter-widgets.widget-button", has_text="Yes, disconnect")
    confirm.wait_for()
    question = disconnect_out.get_by_text(picked[0]).first
    question.wait_for()
    shot(page, "04-confirm-disconnect")
    confirm.click()
    disconnect_out.get_by_text(
        re.compile(r"COMPLETE\b.*\b2 disconnected, 0 failed")
    ).first.wait_for(timeout=120_000)
    outcome = disconnect_out.locator("table").first
    outcome.wait_for()
    for number in picked:
        assert number in outcome.inner_text()
    # and they have left the in-service list the panel shows
    disconnect_out.locator(".jupyter-widgets.widget-button", has_text="Refresh").click()
    for number in picked:
        in_service.locator("option", has_text=number).wait_for(state="detached")
    disconnect_out.scroll_into_view_if_needed()
    shot(page, "05-disconnected")

    assert_no_traceback(page)
    print(f"run-all took {ran_all:.1f} s; whole flow {time.monotonic() - started:.1f} s")
