"""The Python API and the CLI: start/stop, options, credentials, the shared sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from sandbox_helpers import V1, V2, clean_env

import numkit.sandbox as nks

CANARY_PASSWORD = "canary-pw-7Hq2"
CANARY_SECRET = "canary-secret-9Zx4"
CANARY_TOKEN = "canary-token-3Kd8"


def test_import_is_light() -> None:
    code = "import sys, numkit.sandbox; print('tornado' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=clean_env()
    ).stdout.split()
    assert out == ["False", "False"]


def test_start_stop_context_manager_and_temp_state() -> None:
    with nks.start(order_delay=0.5, max_disconnect=7, env=clean_env()) as sb:
        assert sb.url.startswith("http://127.0.0.1:")
        assert sb.v1_url == sb.url + "/v1" and sb.v2_url == sb.url + "/api"
        assert os.path.exists(sb.state_path)
        health = requests.get(sb.url + "/_sandbox/health", timeout=5).json()
        assert health == {
            **health,
            "ok": True,
            "order_delay": 0.5,
            "max_disconnect": 7,
            "pid": sb.pid,
        }
        index = requests.get(sb.url + "/", timeout=5).json()
        assert index["v2"] == sb.v2_url
        assert requests.get(sb.url + "/elsewhere", timeout=5).status_code == 404
        state = sb.state_path
    assert not os.path.exists(state)
    with pytest.raises(requests.ConnectionError):
        requests.get(sb.url + "/_sandbox/health", timeout=2)


def test_fault_options_at_start(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox(fault_rate=0.5, fault_kinds=["503", "slow"], seed=3, latency=0.05)
    assert nks.get_faults(sb) == {
        "rate": 0.5,
        "kinds": ["503", "slow"],
        "seed": 3,
        "latency": 0.05,
        "slow_seconds": 2.0,
    }


def test_bad_options() -> None:
    with pytest.raises(TypeError, match="order_dlay"):
        nks.start(order_dlay=1)
    with pytest.raises(ValueError):
        nks.get_faults("not a url")
    with pytest.raises(nks.SandboxError):
        nks.get_faults("http://127.0.0.1:9")
    with pytest.raises(nks.SandboxError, match="did not start"):
        nks.start(fault_kinds=["teapot"], env=clean_env(), timeout=20)


def test_environment_credentials_replace_the_primary_customer(
    make_sandbox: Callable[..., nks.Sandbox],
) -> None:
    env = {
        **clean_env(),
        "NUMKIT_V2_ACCOUNT_ID": "5551234",
        "NUMKIT_V2_USERNAME": "alice",
        "NUMKIT_V2_PASSWORD": CANARY_PASSWORD,
        "BANDWIDTH_USER_ID": "u-alice",
        "BANDWIDTH_API_TOKEN": CANARY_TOKEN,
        "BANDWIDTH_API_SECRET": CANARY_SECRET,
    }
    sb = make_sandbox(env=env)
    assert V2(sb).get("/sites").status_code in (401, 403)
    alice = V2(sb, auth=("alice", CANARY_PASSWORD), account="5551234")
    sites = alice.get("/sites")
    assert sites.status_code == 200 and b"<Id>100</Id>" in sites.content
    assert (
        V1(sb, auth=(CANARY_TOKEN, CANARY_SECRET), user="u-alice")
        .get("/users/u-alice/phoneNumbers")
        .status_code
        == 200
    )
    assert V1(sb).get("/users/u-demo/phoneNumbers").status_code == 401
    assert V2.other(sb).get("/sites").status_code == 200
    log = sb.log_text()
    assert "alice" in log and "u-alice" in log and "****" in log
    for secret in (CANARY_PASSWORD, CANARY_SECRET, CANARY_TOKEN):
        assert secret not in log


@pytest.fixture
def numkit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in list(os.environ):
        if key.startswith(("NUMKIT_V1_", "NUMKIT_V2_", "BANDWIDTH_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path))
    yield tmp_path
    nks.stop_running()


def test_ensure_running_reuses_restarts_on_new_credentials_and_stops(
    numkit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = nks.ensure_running(port=0, order_delay=0.2)
    assert first.shared and first.state_path.startswith(str(numkit_home / "data"))
    assert nks.ensure_running().pid == first.pid
    record = json.loads((numkit_home / "run" / "sandbox.json").read_text())
    assert record["pid"] == first.pid and record["url"] == first.url

    monkeypatch.setenv("NUMKIT_V2_PASSWORD", CANARY_PASSWORD)
    second = nks.ensure_running(port=0)
    assert second.pid != first.pid
    if second.url == first.url:  # same port reused: it must be the new process answering
        assert requests.get(first.url + "/_sandbox/health", timeout=2).json()["pid"] == second.pid
    else:
        with pytest.raises(requests.ConnectionError):
            requests.get(first.url + "/_sandbox/health", timeout=2)
    on_disk = (numkit_home / "run" / "sandbox.json").read_text()
    assert CANARY_PASSWORD not in on_disk
    assert V2(second, auth=("demo", CANARY_PASSWORD)).get("/sites").status_code == 200
    assert nks.stop_running() is True
    assert nks.stop_running() is False


def test_two_callers_agree_on_one_sandbox(numkit_home: Path) -> None:
    pids: list[int] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            pids.append(nks.ensure_running(port=0).pid)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    code = "import numkit.sandbox as n; print(n.ensure_running(port=0).pid)"
    env = {**clean_env(), "NUMKIT_HOME": str(numkit_home)}
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    for t in threads:
        t.join()
    assert not errors
    assert len({*pids, int(other.stdout.strip())}) == 1


def test_cli_detach_and_stop(numkit_home: Path) -> None:
    env = {**clean_env(), "NUMKIT_HOME": str(numkit_home)}
    run = [sys.executable, "-m", "numkit.sandbox"]
    out = subprocess.run(
        [*run, "--detach", "--port", "0", "--order-delay", "0.1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert "V1 base URL:" in out and "V2 base URL:" in out
    url = out.split("running at ", 1)[1].split()[0]
    assert requests.get(url + "/_sandbox/health", timeout=5).json()["order_delay"] == 0.1
    stopped = subprocess.run(
        [*run, "sandbox", "--stop"], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert "stopped" in stopped.stdout
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/_sandbox/health", timeout=2)


@pytest.mark.parametrize(
    "args",
    [
        ["--fault-kinds", "teapot"],
        ["--fault-rate", "2"],
        ["--order-delay", "-1"],
        ["--detach", "--stop"],
    ],
)
def test_cli_rejects_bad_flags(args: list[str]) -> None:
    from numkit.sandbox.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)"])
def test_private_sandbox_does_not_outlive_its_parent(exit_call: str) -> None:
    code = (
        "import os, sys, numkit.sandbox as n\n"
        "sb = n.start()\n"
        "print(sb.pid, sb.url, flush=True)\n"
        f"{exit_call}\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=60
    ).stdout.split()
    pid, url = int(out[0]), out[1]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/_sandbox/health", timeout=1)
        except requests.ConnectionError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        pytest.fail("the sandbox outlived its parent")
