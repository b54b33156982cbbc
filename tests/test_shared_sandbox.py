"""The user's shared sandbox survives a damaged run file and a frozen lock holder.

Issue 12 items 9 and 11; issue 17 item 2 (who started / used it). Every test points
``NUMKIT_HOME`` at its own temporary folder and stops what it starts.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

import numkit.sandbox as nks
from numkit.sandbox import shared

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for key in list(os.environ):
        if key.startswith(("NUMKIT_V1_", "NUMKIT_V2_", "BANDWIDTH_", "NUMKIT_SESSION")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path))
    yield tmp_path
    nks.stop_running(lock_timeout=30)


def _run_file(home: Path) -> Path:
    return home / "run" / "sandbox.json"


def _answers(sb: nks.Sandbox) -> bool:
    health = requests.get(sb.url + "/_sandbox/health", timeout=5).json()
    return health["pid"] == sb.pid


def _gone(url: str) -> bool:
    try:
        requests.get(url + "/_sandbox/health", timeout=2)
    except requests.ConnectionError:
        return True
    return False


GARBAGE = {
    "not JSON": "{not json",
    "a JSON list": "[1, 2, 3]",
    "a bad salt and pid": json.dumps(
        {"pid": "abc", "salt": "zz-not-hex", "url": "http://127.0.0.1:1", "credentials": 5}
    ),
    "a negative pid": json.dumps({"pid": -5, "url": "ftp://[bad", "salt": "00"}),
}


@pytest.mark.parametrize("content", GARBAGE.values(), ids=GARBAGE.keys())
def test_a_damaged_run_file_is_reported_and_replaced(home, content, caplog):
    run = _run_file(home)
    run.parent.mkdir(parents=True, exist_ok=True)
    run.write_text(content)
    with caplog.at_level(logging.WARNING, logger="numkit.sandbox"):
        sb = nks.ensure_running(port=0)
    assert sb.started and _answers(sb)
    assert str(run) in caplog.text and "starting a new sandbox" in caplog.text
    record = json.loads(run.read_text())  # replaced by a sound one
    assert record["pid"] == sb.pid and bytes.fromhex(record["salt"])
    assert nks.ensure_running().pid == sb.pid  # and reused from then on


def test_stop_with_a_damaged_run_file_says_so_and_exits_cleanly(home):
    run = _run_file(home)
    run.parent.mkdir(parents=True, exist_ok=True)
    run.write_text("{garbage")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    res = subprocess.run(
        [sys.executable, "-m", "numkit.cli", "sandbox", "--stop"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert "No shared numkit sandbox was running." in res.stdout
    assert "run file" in res.stderr and "not a JSON object" in res.stderr
    assert not run.exists()


def test_a_bad_salt_restarts_the_running_sandbox_it_names(home, caplog):
    first = nks.ensure_running(port=0)
    run = _run_file(home)
    record = json.loads(run.read_text())
    run.write_text(json.dumps({**record, "salt": "not-hex"}))
    with caplog.at_level(logging.WARNING, logger="numkit.sandbox"):
        second = nks.ensure_running(port=0)
    assert second.pid != first.pid and second.started
    assert "'salt'" in caplog.text and f"pid {first.pid}" in caplog.text
    assert _answers(second)
    if second.url != first.url:
        assert _gone(first.url)


def test_a_pid_that_is_not_the_sandbox_is_never_stopped(home):
    """A forged or stale record naming a live process (here: this test) and another
    sandbox's URL: nothing is stopped on its word; a new shared sandbox starts."""
    with nks.start() as private:
        run = _run_file(home)
        run.parent.mkdir(parents=True, exist_ok=True)
        forged = {
            "pid": os.getpid(),
            "url": private.url,
            "v1_url": private.v1_url,
            "v2_url": private.v2_url,
            "state_path": private.state_path,
            "salt": "00" * 16,
            "credentials": "00",
        }
        run.write_text(json.dumps(forged))
        assert nks.stop_running() is False
        run.write_text(json.dumps(forged))
        sb = nks.ensure_running(port=0)
        assert sb.pid not in (os.getpid(), private.pid) and _answers(sb)
        assert _answers(private)  # the private sandbox was left alone


def test_a_frozen_lock_holder_is_a_clear_error_not_a_hang(home):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from numkit.sandbox import shared, paths\n"
            "with shared._locked(paths.runtime_dir(), None):\n"
            "    print('locked', flush=True)\n"
            "    sys.stdin.read()\n",  # frozen until the test closes stdin
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        began = time.monotonic()
        with pytest.raises(nks.SandboxError) as info:
            nks.ensure_running(port=0, lock_timeout=0.5)
        assert time.monotonic() - began < 30  # gave up; did not wait for the holder
        message = str(info.value)
        assert f"process {holder.pid}" in message and "sandbox.lock" in message
        with pytest.raises(nks.SandboxError):
            nks.stop_running(lock_timeout=0.2)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(30)
    assert nks.stop_running(lock_timeout=30) is False  # the lock is free again


def test_stop_if_unused_stops_only_what_the_session_started_alone(home, monkeypatch):
    assert nks.stop_if_unused("lab-1") == "not-running"
    monkeypatch.setenv("NUMKIT_SESSION", "lab-1")
    sb = nks.ensure_running(port=0)
    assert sb.started
    assert nks.stop_if_unused("lab-2") == "not-ours"
    monkeypatch.setenv("NUMKIT_SESSION", "kernel-elsewhere")
    assert nks.ensure_running().pid == sb.pid
    assert not nks.ensure_running().started
    assert nks.stop_if_unused("lab-1") == "used"
    assert _answers(sb)
    record = json.loads(_run_file(home).read_text())
    assert record["started_by"] == "lab-1"
    assert record["used_by"] == ["kernel-elsewhere", "lab-1"]
    # Used by nobody else: stopped.
    nks.stop_running()
    monkeypatch.setenv("NUMKIT_SESSION", "lab-3")
    again = nks.ensure_running(port=0)
    assert nks.stop_if_unused("lab-3") == "stopped"
    assert _gone(again.url) and not _run_file(home).exists()


def test_a_port_taken_between_check_and_bind_falls_back_to_a_free_port(home, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(shared, "_port_free", lambda host, port: True)  # lose the race
        sb = nks.ensure_running(port=port)
        assert f":{port}" not in sb.url and _answers(sb)
