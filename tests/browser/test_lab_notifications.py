"""Lesson 04b in a real JupyterLab (Chromium): Run All, then the notifications view is
driven through its rendered buttons — start a receiver, subscribe, order and wait — and
the notification shows up in the feed and the challenge in the wire inspector.

Why in a browser as well as under nbclient: the receiver must answer while the
kernel's own event loop is busy, and the view updates from the receiver's thread.
"""

from __future__ import annotations

import re
import time

import pytest

from .cells import KERNEL_IDLE, assert_no_traceback, cell_output, open_and_run_all, shot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "04b-notifications.ipynb"


def test_lesson_04b_and_the_notifications_view(page, lab_server, notebook_copy):
    rel = notebook_copy(NOTEBOOK)
    started = time.monotonic()
    open_and_run_all(page, lab_server, rel)
    page.locator(
        ".jp-OutputArea-output", has_text="subscription removed, receiver stopped"
    ).wait_for(timeout=240_000)
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
    assert_no_traceback(page)
    for proof in ("1 GET(s)", "delivered twice, kept 1", "faults are off again"):
        assert page.locator(".jp-OutputArea-output", has_text=proof).count() >= 1, proof
    shot(page, "04b-01-ran-all")

    view = cell_output(page, "numkit.NotificationsPanel(v2)")
    view.scroll_into_view_if_needed()
    view.locator(".jupyter-widgets.widget-button", has_text="Start receiver").click()
    view.get_by_text(re.compile(r"Receiver listening at http://127\.0\.0\.1:\d+/")).wait_for()
    view.locator(".jupyter-widgets.widget-button", has_text="Subscribe").click()
    view.get_by_text(re.compile(r"Subscribed http://127\.0\.0\.1:\d+/")).wait_for()
    view.locator(".jupyter-widgets.widget-button", has_text="Order and wait").click()
    view.get_by_text(re.compile(r"Order [0-9a-f-]{36}: COMPLETE after")).wait_for(timeout=120_000)
    feed = view.locator("table").first
    feed.wait_for()
    assert "COMPLETE" in feed.inner_text()
    # the inspector on the receiver: its history list holds the challenge round-trip
    history = " | ".join(view.locator("select option").all_inner_texts()).replace("\xa0", " ")
    assert re.search(r"POST / → 401", history), history
    assert re.search(r"POST / → 200", history), history
    shot(page, "04b-02-notified")
    assert_no_traceback(page)
    print(f"lesson 04b in the browser: {time.monotonic() - started:.1f} s")
