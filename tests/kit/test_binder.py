"""The ``binder/`` folder: repo2docker accepts it, its pins are complete and agree with
pyproject.toml, and a fresh environment from exactly those pins runs lesson 00
(issue 17, item 4).

repo2docker cannot build an image without a Docker engine, but ``--no-build`` runs its
detection and Dockerfile generation (the recipe's Docker-free check). The install test
does what the generated Dockerfile does — ``pip install -r binder/requirements.txt``
from the repository root — from the session's wheelhouse with ``--no-index`` (so
nothing unpinned can sneak in from the index), on a clean copy of the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import (
    BINDER,
    NOTEBOOK_RUNNER,
    REPO,
    binder_pins,
    isolated_env,
    make_venv,
    offline_install,
    pip_env,
    pip_in,
    run,
)

PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)")


def _pins() -> dict[str, str]:
    """canonical name -> pinned version; fails on any line that is not a pin or ``.``."""
    pins: dict[str, str] = {}
    for line in binder_pins():
        if line == ".":
            continue
        match = PIN.fullmatch(line)
        assert match, f"binder/requirements.txt line is not an exact pin: {line!r}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [
        Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["lab"]]
    ]


def test_binder_files_follow_the_conventions():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (REPO / ".binder").exists(), "binder/ and .binder/ together is an error"
    assert not (BINDER / "environment.yml").exists(), (
        "environment.yml would silently skip requirements.txt"
    )
    lines = binder_pins()
    assert lines[-1] == ".", "the package itself is installed last, from the repository"
    header = (BINDER / "requirements.txt").read_text()
    assert "scripts/lock_binder.py" in header and "--dry-run" in header  # how it was made


def test_binder_pins_satisfy_pyproject_and_cover_every_dependency():
    pins = _pins()
    assert len(pins) >= 50, "expected the whole resolved closure, not a few top-level pins"
    for req in _project_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} (a dependency in pyproject.toml) is not pinned"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{req.name}=={pins[name]} does not satisfy pyproject's {req}"
        )


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


def _repo2docker() -> str:
    exe = Path(sys.executable).parent / "repo2docker"
    if exe.exists():
        return str(exe)
    found = shutil.which("repo2docker")
    if not found:
        pytest.fail("repo2docker is missing: install the test extra (pip install -e '.[lab,test]')")
    return found


def test_repo2docker_accepts_the_binder_folder(kit_build):
    res = subprocess.run(
        [
            _repo2docker(),
            "--no-build",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            str(kit_build.repo),
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
def test_fresh_environment_from_the_pins_runs_lesson_00(kit_build, tmp_path):
    t0 = time.monotonic()
    bindir = make_venv(tmp_path / "venv")
    run(
        offline_install(bindir, kit_build.wheelhouse, "-r", "binder/requirements.txt"),
        env=pip_env(),
        cwd=kit_build.repo,  # repo2docker runs pip from the repository root
        timeout=600,
    )
    kit_build.seconds["venv + install binder pins"] = time.monotonic() - t0
    env = isolated_env(bindir, tmp_path / "home")
    # exactly the pinned set: nothing more, nothing at another version
    frozen = run(pip_in(bindir, "list", "--format=freeze"), env=pip_env(), timeout=60)
    installed = {
        canonicalize_name(n): v
        for n, v in (line.split("==") for line in frozen.stdout.splitlines() if "==" in line)
    }
    installed.pop("numkit-bandwidth")
    pins = _pins()
    for tool in ("pip", "setuptools", "wheel"):  # installers, unless Binder pins them
        if tool not in pins:
            installed.pop(tool, None)
    assert installed == pins
    run(pip_in(bindir, "check"), env=pip_env(), timeout=60)
    ext = run([bindir / "jupyter", "labextension", "list"], env=env, cwd=tmp_path, timeout=120)
    assert "@jupyter-widgets/jupyterlab-manager" in ext.stdout + ext.stderr
    try:
        res = run(
            [
                bindir / "python",
                "-c",
                NOTEBOOK_RUNNER,
                kit_build.repo / "notebooks" / "00-start-here.ipynb",
                tmp_path,
            ],
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
    finally:
        subprocess.run(
            [str(bindir / "numkit"), "sandbox", "--stop"], env=env, capture_output=True, timeout=60
        )
    assert "cells run:" in res.stdout
    print(f"\ntimings {kit_build.seconds}")
