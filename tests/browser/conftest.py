"""Real JupyterLab in Debian's Chromium, driven by Playwright (the recipe's fixtures).

Everything is isolated per session: Jupyter's config/data/runtime folders and IPython's
folder live in a temporary directory, the server listens on loopback with a random token
and ``port_retries=0``, news and update checks are off, and the kernel reaches a private
sandbox through ``NUMKIT_V1_BASE_URL`` / ``NUMKIT_V2_BASE_URL`` in the server's
environment. Each test works on its own copy of a notebook (JupyterLab reuses one kernel
per notebook path and autosaves into ``root_dir``; the shipped notebooks are never served).

Chromium is Debian's ``/usr/bin/chromium`` (``scripts/test.sh`` installs it); it is never
downloaded by ``playwright install``. A missing browser is a failure, not a skip: the
browser tier must run in CI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("NUMKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser_sandbox():
    """A private sandbox for the lab's kernels (fast orders, short aging)."""
    from numkit import sandbox

    with sandbox.start(order_delay=0.5, aging=3) as running:
        yield running


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory, browser_sandbox) -> dict:
    from numkit.lab import write_lab_config

    base = tmp_path_factory.mktemp("lab")
    for sub in ("config", "data", "runtime", "ipython", "root"):
        (base / sub).mkdir()
    write_lab_config(base / "config")  # the same override `numkit lab` ships
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "IPYTHONDIR": str(base / "ipython"),
        "JUPYTER_TOKEN": token,
        "NUMKIT_HOME": str(base / "numkit-home"),  # never the user's shared sandbox
        "NUMKIT_V1_BASE_URL": browser_sandbox.v1_url,
        "NUMKIT_V2_BASE_URL": browser_sandbox.v2_url,
    }
    env.pop("NUMKIT_TARGET", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    return {"base": base, "root": base / "root", "token": token, "env": env}


@pytest.fixture(scope="session")
def lab_server(jupyter_env) -> Iterator[dict]:
    from numkit.lab import build_command

    port = _free_port()
    cmd = build_command(jupyter_env["root"], port=port, open_browser=False)
    cmd.append("--LabApp.expose_app_in_browser=True")
    log_path = jupyter_env["base"] / "lab.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        cmd,
        env=jupyter_env["env"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=jupyter_env["root"],
    )
    url = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"token {jupyter_env['token']}"}
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            log.close()
            pytest.fail(
                f"JupyterLab exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}"
            )
        try:
            if requests.get(f"{url}/api/status", headers=auth, timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"JupyterLab did not answer within 60 s:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    yield {"url": url, "token": jupyter_env["token"], "root": jupyter_env["root"], "log": log_path}
    try:
        requests.post(f"{url}/api/shutdown", headers=auth, timeout=10)
        proc.wait(15)
    except (requests.RequestException, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    log.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(log_path, ARTIFACTS / "lab.log")


@pytest.fixture(scope="package")
def browser():
    # Package scope, not session: Playwright's sync API keeps an event loop running in
    # the main thread while it lives, which would break later tests that call asyncio.run.
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # only this run's screenshots
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser test needs Debian's chromium "
            "(scripts/test.sh installs it: apt-get install chromium). It is never skipped."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.console_errors = console  # type: ignore[attr-defined]
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    try:
        pg.screenshot(
            path=str(ARTIFACTS / f"{name}{'-FAILED' if failed else '-final'}.png"), full_page=True
        )
    except Exception as exc:  # a dead page must not hide the real failure
        print(f"screenshot failed: {exc}", file=sys.stderr)
    (ARTIFACTS / f"{name}-console.json").write_text(json.dumps(console, indent=1))
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def notebook_copy(lab_server, request):
    """Copy a shipped notebook to ``root/<test>/``: its own path, so its own kernel."""

    def make(name: str) -> str:
        folder = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
        dest = lab_server["root"] / folder
        dest.mkdir(exist_ok=True)
        shutil.copy(REPO / "notebooks" / name, dest / name)
        return f"{folder}/{name}"

    return make
