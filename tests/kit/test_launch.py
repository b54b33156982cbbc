"""``numkit lab`` / ``numkit app`` around their Jupyter child: which sandbox they start,
and when they stop it on the way out (issue 17, item 2). The child here is a small
Python program standing in for Jupyter's kernels, so the rule is tested against real
sandboxes and real run files without starting a Jupyter server (test_wheel.py does that).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from numkit import app, launch
from numkit import sandbox as sandboxes

#: A kernel of this session using the shared sandbox (it inherits NUMKIT_SESSION).
SAME_SESSION = "import numkit.sandbox as s; s.ensure_running()"
#: Some other numkit process using it meanwhile (no session tag: recorded by its pid).
OTHER_PROCESS = (
    "import os, numkit.sandbox as s; os.environ.pop('NUMKIT_SESSION'); s.ensure_running()"
)


@pytest.fixture
def own_home(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path / "numkit-home"))
    monkeypatch.delenv(launch.SESSION_VAR, raising=False)
    yield tmp_path
    sandboxes.stop_running()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),
        ({"NUMKIT_TARGET": "production"}, False),
        (
            {
                "NUMKIT_V1_BASE_URL": "http://10.0.0.5:8765/v1",
                "NUMKIT_V2_BASE_URL": "http://10.0.0.5:8765/api",
            },
            False,
        ),
        ({"NUMKIT_V2_BASE_URL": "http://10.0.0.5:8765/api"}, True),  # V1 still needs it
    ],
)
def test_the_sandbox_is_started_only_when_connect_would_use_it(env, expected):
    assert launch.wants_shared_sandbox(env) is expected


def test_launcher_stops_the_sandbox_it_started_when_only_its_own_kernels_used_it(own_home, capsys):
    code = launch.serve("numkit lab", "numkit", [sys.executable, "-c", SAME_SESSION])
    out = capsys.readouterr().out
    assert code == 0
    assert "sandbox running at http://127.0.0.1:" in out
    assert "stopped the sandbox it started" in out
    assert sandboxes.running_info() is None


def test_launcher_leaves_the_sandbox_running_when_another_process_used_it(own_home, capsys):
    code = launch.serve("numkit app", "numkit", [sys.executable, "-c", OTHER_PROCESS])
    out = capsys.readouterr().out
    assert code == 0
    assert "left the shared sandbox running" in out and "numkit sandbox --stop" in out
    assert sandboxes.running_info() is not None


def test_launcher_never_stops_a_sandbox_it_did_not_start(own_home, capsys):
    before = sandboxes.ensure_running()  # already running, e.g. from a notebook elsewhere
    os.environ.pop(launch.SESSION_VAR, None)
    launch.serve("numkit lab", "numkit", [sys.executable, "-c", SAME_SESSION])
    out = capsys.readouterr().out
    assert "it was not started by this command" in out
    info = sandboxes.running_info()
    assert info is not None and info["pid"] == before.pid


def test_launcher_passes_the_child_exit_code_and_refuses_without_the_lab_extra(own_home, capsys):
    assert launch.serve("numkit lab", "numkit", [sys.executable, "-c", "raise SystemExit(3)"]) == 3
    assert launch.serve("numkit app", "surely_not_installed_module", ["true"]) == 1
    assert "numkit-bandwidth[lab]" in capsys.readouterr().err


def test_app_notebook_and_command(tmp_path):
    path = app.write_app_notebook(tmp_path)
    nb = json.loads(path.read_text())
    assert nb["nbformat"] == 4
    assert [c["source"] for c in nb["cells"]] == [app.APP_SOURCE]
    assert "numkit.walkthrough()" in app.APP_SOURCE
    cmd = app.build_command(path, port=9999, open_browser=False)
    assert cmd[1:4] == ["-m", "voila", str(path)]
    for flag in (
        "--Voila.ip=127.0.0.1",
        "--port=9999",
        "--Voila.port_retries=0",
        "--no-browser",
        "--token",
    ):
        assert flag in cmd


def test_cli_version_and_app_print_command(tmp_path):
    env = {**os.environ, "NUMKIT_HOME": str(tmp_path / "home")}
    version = subprocess.run(
        [sys.executable, "-m", "numkit.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    from numkit import __version__

    assert version.stdout == f"numkit {__version__}\n"
    printed = subprocess.run(
        [sys.executable, "-m", "numkit.cli", "app", "--print-command", "--no-browser"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert printed.returncode == 0, printed.stderr
    assert "-m voila" in printed.stdout and str(tmp_path / "home") in printed.stdout


def test_launcher_names_a_bad_target_without_a_traceback(own_home, monkeypatch, capsys):
    monkeypatch.setenv("NUMKIT_TARGET", "prod")
    assert launch.serve("numkit lab", "numkit", [sys.executable, "-c", "pass"]) == 2
    err = capsys.readouterr().err
    assert "NUMKIT_TARGET" in err and "Traceback" not in err
