"""The ``binder/`` folder: repo2docker accepts it, and its requirements really install.

repo2docker cannot build an image without a Docker engine, but ``--no-build`` runs its
whole detection and Dockerfile generation (the recipe's Docker-free check). The install
test then does what the generated Dockerfile would do — ``pip install -r
binder/requirements.txt`` from the repository root — in a fresh venv, on a clean copy of
the repository (only the files git would ship), and checks the result works.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"


def _clean_copy(dest: Path) -> Path:
    """The files a clone would have: tracked + untracked-but-not-ignored."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
            timeout=60,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, files):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.fixture(scope="module")
def clean_repo(tmp_path_factory) -> Path:
    return _clean_copy(tmp_path_factory.mktemp("clone") / "numkit")


def _repo2docker() -> str:
    exe = Path(sys.executable).parent / "repo2docker"
    if exe.exists():
        return str(exe)
    found = shutil.which("repo2docker")
    if not found:
        pytest.fail("repo2docker is missing: install the test extra (pip install -e '.[test]')")
    return found


def test_binder_files_follow_the_conventions():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (REPO / ".binder").exists(), "binder/ and .binder/ together is an error"
    assert not (BINDER / "environment.yml").exists(), (
        "environment.yml would silently skip requirements.txt"
    )
    reqs = [
        line.strip()
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    pins = dict(re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", r).groups() for r in reqs if "==" in r)
    assert "jupyterlab" in pins and "ipywidgets" in pins, reqs
    assert "." in reqs or "-e ." in reqs, "the package itself must be installed from the repo"


def test_binder_start_script():
    start = BINDER / "start"
    assert os.access(start, os.X_OK), "binder/start must be executable"
    text = start.read_text()
    assert text.startswith("#!/bin/bash")
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines[-1].strip() == 'exec "$@"'
    assert any("numkit sandbox --detach" in line for line in lines)
    subprocess.run(["bash", "-n", str(start)], check=True, timeout=30)


def test_binder_start_runs_the_sandbox_then_the_command(tmp_path):
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NUMKIT_HOME": str(tmp_path / "numkit-home"),  # never the user's shared sandbox
    }
    try:
        res = subprocess.run(
            [str(BINDER / "start"), "echo", "jupyter-would-start-here"],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert res.returncode == 0, res.stderr
        assert res.stdout.strip().endswith("jupyter-would-start-here")
        assert "http://127.0.0.1:" in res.stdout  # the sandbox printed its URLs
    finally:
        subprocess.run(
            [sys.executable, "-m", "numkit.cli", "sandbox", "--stop"],
            env=env,
            capture_output=True,
            timeout=60,
        )


def test_repo2docker_accepts_the_binder_folder(clean_repo):
    res = subprocess.run(
        [
            _repo2docker(),
            "--no-build",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            str(clean_repo),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = res.stdout + res.stderr
    assert res.returncode == 0, out[-4000:]
    assert "python=3.11" in out or "python 3.11" in out.lower(), out[-4000:]
    assert "binder/requirements.txt" in out
    assert "binder/start" in out  # the ENTRYPOINT wrapper


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_binder_requirements_install_into_a_fresh_venv(clean_repo, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    res = subprocess.run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
            "-r",
            "binder/requirements.txt",
        ],
        cwd=clean_repo,
        capture_output=True,
        text=True,
        timeout=840,
    )
    assert res.returncode == 0, (res.stdout + res.stderr)[-4000:]
    check = subprocess.run(
        [
            str(py),
            "-c",
            "import numkit, ipywidgets, jupyterlab, pandas, lxml, tornado; print(numkit.__version__)",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert check.returncode == 0, check.stderr
    ext = subprocess.run(
        [str(env_dir / "bin" / "jupyter"), "labextension", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert "@jupyter-widgets/jupyterlab-manager" in ext.stdout + ext.stderr
    assert (env_dir / "bin" / "numkit").exists()
