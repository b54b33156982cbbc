"""The kit as a user installs it: the wheel, with its [lab] extra, in a fresh virtual
environment outside the checkout (issue 17, item 1).

One session builds the wheel from a clean copy of the repository and downloads the
[lab] dependencies once (tests/kit/conftest.py); the environment here installs from
that wheelhouse with ``--no-index``, lives in a temporary folder with its own
``NUMKIT_HOME``, and runs what the README promises: ``numkit lab``, ``numkit app``, a
lesson from the installed copy, and the Quick start block verbatim.
"""

from __future__ import annotations

import re
import secrets
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from .conftest import (
    NOTEBOOK_RUNNER,
    REPO,
    du,
    free_port,
    isolated_env,
    make_venv,
    offline_install,
    pip_env,
    run,
    stop_process,
    wait_for_http,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

SHIPPED = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))


@dataclass
class Installed:
    bindir: Path
    home: Path
    env: dict[str, str]
    site: Path  # the installed numkit package folder

    @property
    def numkit(self) -> Path:
        return self.bindir / "numkit"

    @property
    def python(self) -> Path:
        return self.bindir / "python"


@pytest.fixture(scope="module")
def installed(kit_build, tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("wheel-user")
    assert REPO not in root.parents, "the test environment must live outside the checkout"
    t0 = time.monotonic()
    bindir = make_venv(root / "venv")
    run(
        offline_install(bindir, kit_build.wheelhouse, f"{kit_build.wheel}[lab]"),
        env=pip_env(),
        timeout=600,
    )
    kit_build.seconds["venv + install wheel[lab]"] = time.monotonic() - t0
    home = root / "home"
    env = isolated_env(bindir, home)
    where = run(
        [
            bindir / "python",
            "-c",
            "import numkit, pathlib; print(pathlib.Path(numkit.__file__).parent)",
        ],
        env=env,
        cwd=root,
        timeout=60,
    )
    site = Path(where.stdout.strip())
    print(
        f"\nwheel {kit_build.wheel.stat().st_size / 1e3:.0f} kB; "
        f"venv with [lab] {du(root / 'venv') / 1e6:.0f} MB; timings {kit_build.seconds}"
    )
    return Installed(bindir=bindir, home=home, env=env, site=site)


def test_wheel_carries_the_package_the_notebooks_and_the_license(kit_build):
    names = set(zipfile.ZipFile(kit_build.wheel).namelist())
    assert sorted(n.split("/")[-1] for n in names if n.startswith("numkit/notebooks/")) == SHIPPED
    source = kit_build.repo  # the clean copy the wheel was built from
    shipped = [
        p.relative_to(source).as_posix() for p in (source / "numkit").rglob("*") if p.is_file()
    ]
    missing = [f for f in shipped if f not in names]
    assert not missing, f"files under numkit/ that the wheel leaves out: {missing}"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    meta = (
        zipfile.ZipFile(kit_build.wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert re.search(r"^Name: numkit-bandwidth$", meta, re.M)
    assert re.search(r"^License-Expression: MIT$", meta, re.M)
    assert "example.invalid" not in meta and "YOUR-ORG" not in meta
    base = [
        line for line in meta.splitlines() if line.startswith("Requires-Dist:") and ";" not in line
    ]
    assert not [r for r in base if "jupyterlab" in r or "voila" in r], (
        base
    )  # not in the base install
    assert any("ipywidgets" in r for r in base)
    lab = [line for line in meta.splitlines() if 'extra == "lab"' in line]
    assert any("jupyterlab" in r for r in lab) and any("voila" in r for r in lab), lab


def test_installed_copy_is_used_and_reports_its_version(installed):
    assert REPO not in installed.site.parents  # site-packages, not the checkout
    assert sorted(p.name for p in (installed.site / "notebooks").glob("*.ipynb")) == SHIPPED
    res = run(
        [installed.numkit, "--version"], env=installed.env, cwd=installed.home.parent, timeout=60
    )
    assert re.fullmatch(r"numkit \d+\.\d+\.\d+\S*\n", res.stdout), res.stdout


def test_numkit_lab_serves_the_installed_notebooks(installed, stop_shared_sandbox, tmp_path):
    stop_shared_sandbox.append((installed.numkit, installed.env))
    port, token = free_port(), secrets.token_hex(16)
    env = {**installed.env, "JUPYTER_TOKEN": token}
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [installed.numkit, "lab", "--no-browser", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True,
        )  # fmt: skip
        url, auth = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
        try:
            wait_for_http(proc, f"{url}/api/status", log, headers=auth)
            listing = requests.get(f"{url}/api/contents", headers=auth, timeout=10).json()
            served = sorted(i["name"] for i in listing["content"] if i["type"] == "notebook")
            assert served == SHIPPED
        finally:
            requests.post(f"{url}/api/shutdown", headers=auth, timeout=10)
            code = stop_process(proc, timeout=30, signal_first=False)
    text = log.read_text()
    assert code == 0, text[-3000:]
    assert "sandbox running at http://127.0.0.1:" in text
    # it started the sandbox and nothing else used it: stopped on the way out
    assert "stopped the sandbox it started" in text, text[-3000:]


def test_numkit_app_serves_the_walkthrough(installed, stop_shared_sandbox, tmp_path):
    stop_shared_sandbox.append((installed.numkit, installed.env))
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [installed.numkit, "app", "--no-browser", "--port", str(port), f"--Voila.token={token}"],
            env=installed.env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
            start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/?token={token}"
            wait_for_http(proc, url, log)
            page = requests.get(url, timeout=120).text  # Voila runs the cell while serving
        finally:
            code = stop_process(proc, timeout=30)
    assert "application/vnd.jupyter.widget-view+json" in page, page[-3000:]
    assert "Traceback" not in page and "jp-OutputArea-output error" not in page
    text = log.read_text()
    assert code in (0, -15, 143), text[-3000:]
    assert "sandbox running at http://127.0.0.1:" in text


def test_a_lesson_runs_from_the_installed_copy(installed, stop_shared_sandbox, tmp_path):
    stop_shared_sandbox.append((installed.numkit, installed.env))
    notebook = installed.site / "notebooks" / "02-search.ipynb"
    res = run(
        [installed.python, "-c", NOTEBOOK_RUNNER, notebook, tmp_path],
        env=installed.env,
        cwd=tmp_path,
        timeout=400,
    )
    assert "cells run:" in res.stdout


def quick_start_block(readme: Path = REPO / "README.md") -> str:
    """The first ```python block under the README's "Quick start" heading."""
    text = readme.read_text()
    section = text[text.index("## Quick start") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README has no Quick start python block"
    return match.group(1)


def test_readme_quick_start_runs_verbatim_against_the_installed_kit(
    installed, stop_shared_sandbox, tmp_path
):
    stop_shared_sandbox.append((installed.numkit, installed.env))
    script = tmp_path / "quick_start.py"
    script.write_text(quick_start_block())
    res = run([installed.python, script], env=installed.env, cwd=tmp_path, timeout=300)
    assert "sandbox" in res.stdout  # connect() says where each client points
