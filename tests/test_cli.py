"""``numkit lab`` and ``numkit doctor`` (the sandbox CLI has its own tests)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from numkit import cli, doctor, lab

REPO = Path(__file__).resolve().parent.parent
CANARY = "canary-" + "x7Q9pL2m"  # a value that must never be printed


def _numkit(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "numkit.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=REPO,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _own_home(tmp_path: Path) -> dict[str, str]:
    """An environment whose shared sandbox lives under tmp_path (never the user's)."""
    return {**os.environ, "NUMKIT_HOME": str(tmp_path / "numkit-home")}


# --- dispatch -------------------------------------------------------------------------


def test_cli_help_lists_lab_and_doctor(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "lab" in out and "doctor" in out


def test_lab_help_shows_contract_flags():
    res = _numkit("lab", "--help")
    assert res.returncode == 0, res.stderr
    for flag in ("--no-browser", "--port", "--ip"):
        assert flag in res.stdout


# --- workspace copy -------------------------------------------------------------------


def _shipped(tmp_path: Path) -> Path:
    src = tmp_path / "shipped"
    src.mkdir()
    for name in ("00-start-here.ipynb", "01-credentials.ipynb"):
        (src / name).write_text(json.dumps({"shipped": name}), encoding="utf-8")
    (src / "notes.txt").write_text("not a notebook", encoding="utf-8")
    return src


def test_copy_notebooks_first_run_copies_every_notebook(tmp_path):
    src, ws = _shipped(tmp_path), tmp_path / "ws"
    report = lab.copy_notebooks(src, ws)
    assert report.copied == ["00-start-here.ipynb", "01-credentials.ipynb"]
    assert report.kept == []
    assert sorted(p.name for p in ws.iterdir()) == report.copied  # notebooks only


def test_copy_notebooks_never_overwrites_user_edits(tmp_path):
    src, ws = _shipped(tmp_path), tmp_path / "ws"
    lab.copy_notebooks(src, ws)
    edited = ws / "00-start-here.ipynb"
    edited.write_text('{"mine": true}', encoding="utf-8")
    (ws / "01-credentials.ipynb").unlink()  # deleting one gets a fresh copy
    report = lab.copy_notebooks(src, ws)
    assert edited.read_text(encoding="utf-8") == '{"mine": true}'
    assert report.kept == ["00-start-here.ipynb"]
    assert report.copied == ["01-credentials.ipynb"]


def test_copy_notebooks_missing_source_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="NUMKIT_NOTEBOOKS"):
        lab.copy_notebooks(tmp_path / "nope", tmp_path / "ws")


def test_shipped_notebooks_come_from_the_repo_checkout():
    assert lab.shipped_notebooks_dir(env={}) == REPO / "notebooks"
    assert lab.shipped_notebooks_dir(env={"NUMKIT_NOTEBOOKS": "/x/nb"}) == Path("/x/nb")


def test_workspace_resolution(tmp_path):
    assert lab.workspace_dir(env={"NUMKIT_WORKSPACE": str(tmp_path)}) == tmp_path
    assert lab.workspace_dir(env={}) == (Path.home() / "numkit-workspace").resolve()
    assert lab.workspace_dir(env={"NUMKIT_WORKSPACE": "/a"}, given=str(tmp_path)) == tmp_path


# --- the jupyter command --------------------------------------------------------------


def test_build_command_is_offline_and_loopback(tmp_path):
    (tmp_path / "00-start-here.ipynb").write_text("{}", encoding="utf-8")
    cmd = lab.build_command(tmp_path, port=9999, open_browser=False, as_root=False)
    assert cmd[1:3] == ["-m", "jupyterlab"]
    for opt in lab.OFFLINE_LAB_OPTIONS:
        assert opt in cmd
    assert "--ip=127.0.0.1" in cmd
    assert "--port=9999" in cmd and "--ServerApp.port_retries=0" in cmd
    assert "--no-browser" in cmd
    assert "--allow-root" not in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert "--LabApp.default_url=/lab/tree/00-start-here.ipynb" in cmd


def test_build_command_adds_allow_root_only_for_root(tmp_path):
    assert "--allow-root" in lab.build_command(tmp_path, as_root=True)
    assert "--allow-root" not in lab.build_command(tmp_path, as_root=False)
    expected = os.geteuid() == 0
    assert ("--allow-root" in lab.build_command(tmp_path)) is expected


def test_lab_config_turns_off_news_and_update_toast(tmp_path):
    path = lab.write_lab_config(tmp_path)
    assert path == tmp_path / "labconfig" / "default_setting_overrides.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    notification = data["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    env = lab.build_env(tmp_path, env={"JUPYTER_CONFIG_PATH": "/other"})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(tmp_path), "/other"]


def test_lab_print_command_copies_and_starts_nothing(tmp_path):
    env = {
        **_own_home(tmp_path),
        "NUMKIT_WORKSPACE": str(tmp_path / "ws"),
        "NUMKIT_NOTEBOOKS": str(_shipped(tmp_path)),
    }
    res = _numkit("lab", "--print-command", "--no-browser", "--port", "8899", env=env)
    assert res.returncode == 0, res.stderr
    assert "copied: 00-start-here.ipynb, 01-credentials.ipynb" in res.stdout
    assert "-m jupyterlab" in res.stdout and "--port=8899" in res.stdout
    assert "--LabApp.news_url=None" in res.stdout
    res = _numkit("lab", "--print-command", env=env)
    assert "kept your copy of: 00-start-here.ipynb, 01-credentials.ipynb" in res.stdout


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_numkit_lab_serves_the_workspace_for_real(tmp_path):
    """The README's first command, for real: sandbox + JupyterLab on a fresh workspace."""
    port, token = _free_port(), secrets.token_hex(16)
    ws = tmp_path / "ws"
    env = {
        **os.environ,
        "NUMKIT_HOME": str(tmp_path / "numkit-home"),  # a shared sandbox of its own
        "NUMKIT_WORKSPACE": str(ws),
        "JUPYTER_TOKEN": token,
        "JUPYTER_DATA_DIR": str(tmp_path / "jdata"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jrun"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jconf"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "numkit.cli", "lab", "--no-browser", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=tmp_path,
    )
    url, auth = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"numkit lab exited {proc.returncode}:\n{(tmp_path / 'lab.log').read_text()[-3000:]}"
                )
            try:
                if requests.get(f"{url}/api/status", headers=auth, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    "JupyterLab did not answer:\n" + (tmp_path / "lab.log").read_text()[-3000:]
                )
            time.sleep(0.3)
        shipped = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
        listing = requests.get(f"{url}/api/contents", headers=auth, timeout=10).json()
        served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
        assert served == shipped
        # the numkit-owned override reached JupyterLab: no news toast, no update checks
        settings = requests.get(
            f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification",
            headers=auth,
            timeout=10,
        ).json()
        props = settings["schema"]["properties"]
        assert props["fetchNews"]["default"] == "false"
        assert props["checkForUpdates"]["default"] is False
        # "/" opens the first notebook
        home = requests.get(f"{url}/", headers=auth, timeout=10, allow_redirects=False)
        assert home.headers.get("Location", "").startswith("/lab/tree/00-start-here.ipynb")
        text = (tmp_path / "lab.log").read_text()
        assert "sandbox running at http://127.0.0.1:" in text
    finally:
        try:
            requests.post(f"{url}/api/shutdown", headers=auth, timeout=10)
            proc.wait(20)
        except Exception:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        log.close()
        subprocess.run(
            [sys.executable, "-m", "numkit.cli", "sandbox", "--stop"],
            env=env,
            timeout=60,
            capture_output=True,
        )


# --- doctor ---------------------------------------------------------------------------


def test_doctor_names_set_credentials_and_never_their_values(monkeypatch):
    env = {
        **os.environ,
        "NUMKIT_V2_ACCOUNT_ID": CANARY + "a",
        "NUMKIT_V2_USERNAME": CANARY + "u",
        "NUMKIT_V2_PASSWORD": CANARY + "p",
        "BANDWIDTH_API_SECRET": CANARY + "s",
    }
    res = _numkit("doctor", env=env)
    assert res.returncode == 0, res.stderr
    out = res.stdout + res.stderr
    assert CANARY not in out
    for name in (
        "NUMKIT_V2_ACCOUNT_ID",
        "NUMKIT_V2_USERNAME",
        "NUMKIT_V2_PASSWORD",
        "BANDWIDTH_API_SECRET",
    ):
        assert name in out
    assert "incomplete" in out  # V1 has only the secret
    for package in ("python", "numkit", "jupyterlab", "ipywidgets", "pandas", "lxml", "tornado"):
        assert f"\n  {package} " in out


def test_doctor_json_and_target(monkeypatch):
    env = {
        **os.environ,
        "NUMKIT_TARGET": "production",
        "NUMKIT_V1_BASE_URL": "http://u:pw@127.0.0.1:1/v1",
    }
    res = _numkit("doctor", "--json", env=env)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["versions"]["jupyterlab"]
    assert info["target"]["V2"].startswith("PRODUCTION https://dashboard.bandwidth.com/api")
    assert "NUMKIT_V1_BASE_URL is set" in info["target"]["V1"]
    assert "pw" not in info["target"]["V1"]
    assert info["settings"][:2] == ["NUMKIT_TARGET", "NUMKIT_V1_BASE_URL"]
    assert "NUMKIT_V2_BASE_URL" not in info["settings"]


def test_doctor_does_not_start_the_sandbox(tmp_path):
    env = _own_home(tmp_path)
    res = _numkit("doctor", "--json", env=env)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert not info["sandbox"].get("running")
    # nothing was left behind for a sandbox: no state file, no runtime record
    left = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert left == [], left


def test_doctor_reports_a_running_sandbox(tmp_path):
    env = _own_home(tmp_path)
    started = _numkit("sandbox", "--detach", env=env)
    assert started.returncode == 0, started.stderr
    try:
        info = json.loads(_numkit("doctor", "--json", env=env).stdout)
        assert info["sandbox"]["running"] is True
        assert info["sandbox"]["url"].startswith("http://127.0.0.1:")
        assert "running at http://127.0.0.1:" in _numkit("doctor", env=env).stdout
    finally:
        _numkit("sandbox", "--stop", env=env)


def test_doctor_collect_in_process():
    info = doctor.collect(env={}, probe_sandbox=False)
    assert info["credentials"] == {"V1": [], "V2": []}
    assert "the shared sandbox" in info["target"]["V1"]
