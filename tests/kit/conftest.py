"""Shared fixtures for the kit tests: a clean copy of the repository, the wheel built from
it, and ONE wheelhouse per test run that the wheel, Binder and hub tests install from.

Downloads happen once (``pip download``; PyPI is reachable in CI) into the session's
wheelhouse; every virtual environment is then created in a temporary folder outside the
checkout and installed with ``--no-index --find-links``, so no install reads the index,
the machine's pip configuration or the checkout by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BINDER = REPO / "binder"


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test with the end of its output."""
    res = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=None if env is None else dict(env),
        cwd=cwd,
    )
    if check and res.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {res.returncode}:\n{(res.stdout + res.stderr)[-4000:]}"
        )
    return res


def clean_copy(dest: Path) -> Path:
    """The files a clone would have: tracked plus untracked-but-not-ignored."""
    listed = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, timeout=60)
    for rel in filter(None, listed.stdout.split("\0")):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def pip_env(**extra: str) -> dict[str, str]:
    """The environment for pip in a test venv: the machine's pip configuration (extra
    indexes, find-links, constraints) ignored, so only our flags decide."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def binder_pins(path: Path = BINDER / "requirements.txt") -> list[str]:
    """The requirement lines of binder/requirements.txt, comments dropped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


@dataclass
class Build:
    repo: Path  # clean copy of the checkout
    wheel: Path
    wheelhouse: Path
    seconds: dict[str, float]


@pytest.fixture(scope="session")
def kit_build(tmp_path_factory) -> Build:
    """A wheel built from a clean copy, and a wheelhouse holding everything its [lab]
    extra and Binder's pins need (plus setuptools to build ``.`` offline)."""
    base = tmp_path_factory.mktemp("kit-build")
    seconds: dict[str, float] = {}
    t0 = time.monotonic()
    repo = clean_copy(base / "numkit")
    dist = base / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, repo], timeout=300)
    (wheel,) = dist.glob("numkit_bandwidth-*.whl")
    seconds["build wheel"] = time.monotonic() - t0

    t0 = time.monotonic()
    wheelhouse = base / "wheelhouse"
    pins = [p for p in binder_pins(repo / "binder" / "requirements.txt") if p not in {".", "-e ."}]
    (base / "pins.txt").write_text("\n".join(pins) + "\n")
    run(
        [
            sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:",
            "-d", wheelhouse, f"{wheel}[lab]", "setuptools>=77", "-r", base / "pins.txt",
        ],
        timeout=600,
    )  # fmt: skip
    seconds["download wheelhouse"] = time.monotonic() - t0
    return Build(repo=repo, wheel=wheel, wheelhouse=wheelhouse, seconds=seconds)


def make_venv(where: Path) -> Path:
    """A fresh virtual environment without pip of its own (:func:`pip_in` installs into
    it from outside, which saves bootstrapping pip every time); returns its bin/
    (Scripts\\ on Windows) folder."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(where)
    return where / ("Scripts" if os.name == "nt" else "bin")


def pip_in(bindir: Path, *args: str | os.PathLike[str]) -> list[str | os.PathLike[str]]:
    """A pip command acting on the environment of ``bindir`` (pip's ``--python``)."""
    return [sys.executable, "-m", "pip", "--python", bindir / "python", *args]


def offline_install(bindir: Path, wheelhouse: Path, *requirements: str | os.PathLike[str]) -> list:
    """``pip install`` from the wheelhouse only. ``--no-compile``: bytecode is written
    on first import instead, for the few modules a test imports (much faster here)."""
    return pip_in(
        bindir,
        "install",
        "-q",
        "--no-compile",
        "--no-index",
        "--find-links",
        wheelhouse,
        *requirements,
    )


def isolated_env(bindir: Path, home: Path, **extra: str) -> dict[str, str]:
    """An environment for running the venv's programs: its bin first on PATH, numkit's
    and Jupyter's folders under ``home`` (never the user's), no PYTHONPATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NUMKIT_", "JUPYTER", "PYTHON", "VIRTUAL_ENV", "PIP_"))
    }
    env.update(
        PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(bindir.parent),
        NUMKIT_HOME=str(home / "numkit-home"),
        NUMKIT_WORKSPACE=str(home / "workspace"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter" / "config"),
        JUPYTER_DATA_DIR=str(home / "jupyter" / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter" / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        **extra,
    )
    return env


def du(path: Path) -> int:
    """Bytes under ``path`` (files only, symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture
def stop_shared_sandbox() -> Iterator[list[tuple[Path, dict[str, str]]]]:
    """Register (numkit executable, env) pairs; their shared sandboxes are stopped after
    the test, whatever happened."""
    registered: list[tuple[Path, dict[str, str]]] = []
    yield registered
    for exe, env in registered:
        subprocess.run(
            [str(exe), "sandbox", "--stop"], env=env, capture_output=True, timeout=60, check=False
        )


#: Run with a venv's python: execute one notebook under nbclient, in its own folder.
NOTEBOOK_RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
path, workdir = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=120, startup_timeout=90, kernel_name="python3",
               resources={"metadata": {"path": workdir}}).execute()
errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
assert not errors, errors
print("cells run:", sum(1 for c in nb.cells if c.cell_type == "code"))
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(
    proc: subprocess.Popen[bytes],
    url: str,
    log: Path,
    *,
    headers: Mapping[str, str] | None = None,
    timeout: float = 90,
) -> None:
    """Until ``url`` answers 200; fails at once (with the log) if ``proc`` exits."""
    import requests

    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            pytest.fail(
                f"exited {proc.returncode} before {url} answered:\n{log.read_text()[-4000:]}"
            )
        try:
            if requests.get(url, headers=dict(headers or {}), timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer within {timeout} s:\n{log.read_text()[-4000:]}")
        time.sleep(0.25)


def stop_process(
    proc: subprocess.Popen[bytes], timeout: float = 20, *, signal_first: bool = True
) -> int:
    """SIGTERM to the process (numkit passes it on to Jupyter) unless ``signal_first`` is
    False (it was asked to stop some other way), then its exit code; the whole process
    group is killed if it does not exit in time."""
    import signal

    if signal_first and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return proc.wait(10)
