"""The walkthrough as an app: `numkit.walkthrough()` rendered by Voilà in Chromium.

Voilà runs every cell while serving the page and hides the code, so this is what a
workshop gets from a "dashboard" link. The kernel reaches the session's private sandbox
through the same environment as the JupyterLab test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

APP = "import numkit\nnumkit.walkthrough(numkit.connect(target='sandbox'))"


def _notebook(path) -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "app",
                "metadata": {},
                "outputs": [],
                "source": APP,
            }
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def voila_app(jupyter_env, tmp_path):
    folder = tmp_path / "app"
    folder.mkdir()
    _notebook(folder / "walkthrough.ipynb")
    port = _free_port()
    token = jupyter_env["token"]
    voila = os.path.join(os.path.dirname(sys.executable), "voila")
    log_path = tmp_path / "voila.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            voila,
            str(folder / "walkthrough.ipynb"),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            "--Voila.port_retries=0",
            f"--token={token}",
            "--show_tracebacks=True",
        ],
        env=jupyter_env["env"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=folder,
    )
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            log.close()
            pytest.fail(f"voila exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"voila did not listen within 60 s:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/?token={token}"
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    log.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "voila.log").write_text(log_path.read_text())


def test_walkthrough_works_under_voila(voila_app, page):
    # Voilà's template asks a CDN for icon fonts; this machine (and a workshop) may be offline.
    page.route(re.compile(r"^https://"), lambda route: route.abort())
    page.goto(voila_app)
    tab = page.locator(".lm-TabBar-tab", has_text="Search")
    tab.first.wait_for()
    page.get_by_text("numkit: from V1 (Catapult) to V2 (Dashboard)").wait_for()
    assert page.get_by_text("Traceback (most recent call last)").count() == 0
    tab.first.click()  # the walkthrough opens on the Credentials tab
    area_code = page.get_by_placeholder("3 digits, e.g. 919").filter(visible=True).first
    area_code.fill("910")
    area_code.press("Enter")
    page.locator(".jupyter-widgets.widget-button", has_text="Search").filter(
        visible=True
    ).first.click()
    page.get_by_text(re.compile(r"\d+ numbers? found on V2")).wait_for()
    options = (
        page.locator(".widget-select-multiple select").filter(visible=True).first.locator("option")
    )
    assert options.count() > 0
    assert all(re.search(r"\b910\d{7}\b", text) for text in options.all_inner_texts()[:5])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "voila-walkthrough.png"), full_page=True)
