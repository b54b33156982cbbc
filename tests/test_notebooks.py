"""Every shipped notebook, executed top to bottom with nbclient against a private sandbox.

Each notebook gets its own sandbox (``numkit.sandbox.start()``) so notebooks cannot
disturb each other; the kernel finds it through ``NUMKIT_V1_BASE_URL`` /
``NUMKIT_V2_BASE_URL`` (the kernel inherits this process's environment), exactly as a
user would point the kit at a workshop sandbox. No error output may appear — neither in a
cell nor inside a widget's Output (panels render errors there) — and a few outputs that
prove each lesson really happened are checked. The executed notebooks are saved under
``test-artifacts/notebooks/`` for a look.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import signal
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
ARTIFACTS = REPO / "test-artifacts" / "notebooks"
CELL_TIMEOUT = 120  # seconds per cell: generous, a slow CI machine is fine

pytestmark = [pytest.mark.notebooks, pytest.mark.timeout(900)]

#: Texts each notebook's outputs must contain (proof the lesson's calls really ran).
KEY_OUTPUTS: dict[str, list[str]] = {
    "00-start-here": ["V1 → sandbox", "V2 → sandbox", "setup check passed", "'+1919"],
    "01-credentials": ["NUMKIT_V2_PASSWORD", "Basic ", "wrong password → AuthenticationError"],
    "02-search": ["full_number", "rate_center", "national_number", "searched every V2 type"],
    "03-order-and-poll": [
        "POST /users/u-demo/phoneNumbers → 201",
        "201 Created\nLocation: http",
        "→ 200  RECEIVED",
        "→ 200  COMPLETE",
        "order_status",
        "BACKORDERED → FAILED",
        "COMPLETE",
        "PARTIAL",
        "FAILED",
        "BACKORDERED",
        "faults are off again",
        "one order, not two",
    ],
    "04-disconnect": [
        "404",
        "Aging",
        "COMPLETE",
        "back in the pool",
        "(not on V1 yet)",
        '"providerName": "bandwidth-dashboard"',
        '"password": "***"',
        "on V2 after the V1 DELETE: Inservice",
    ],
    "04b-notifications": [
        "seen",
        "1 GET(s)",
        "POST 401 Authorization: (none)",
        "Authorization: Basic ***",
        "200 OK",
        "delivered twice, kept 1",
        "cannot reach a loopback or private address",
        "faults are off again",
        "subscription removed, receiver stopped",
    ],
    "05-v1-vs-v2": [
        "/availableNumbers",
        "<Order>",
        "DisconnectTelephoneNumberOrder",
        "RECEIVED",
        "all in 540-551: True",
        "movetns",
        "→ peer 1001 Messaging app",
        "not sent",
    ],
    "06-scan-your-code": [
        "GET /v1/availableNumbers/local",
        "v2.search(area_code=area_code, quantity=quantity, details=True)",
        "provision.py: 4 → 3 V1 calls to migrate",
    ],
}


#: Lessons that draw pictures, and how many at least.
PLOTS = {"02-search": 1, "03-order-and-poll": 1}


def _texts(nb: nbformat.NotebookNode) -> list[str]:
    """Every text shown: streams, plain/HTML results, and what widgets' Outputs hold."""
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in state.get("state", {}).values():
        outputs += model.get("state", {}).get("outputs", []) or []
        for key in ("value", "description"):
            value = model.get("state", {}).get(key)
            if isinstance(value, str):
                outputs.append({"output_type": "stream", "text": html.unescape(value)})
    texts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            texts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            texts.append("\n".join(out.get("traceback", [])))
        else:
            data = out.get("data", {})
            texts += [str(data.get(k, "")) for k in ("text/plain", "text/markdown")]
            texts.append(html.unescape(str(data.get("text/html", ""))))
    return texts


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model_id, model in state.get("state", {}).items():
        for out in model.get("state", {}).get("outputs", []) or []:
            if out.get("output_type") == "error":
                found.append(f"widget {model_id}: {out.get('ename')}: {out.get('evalue')}")
    return found


def _marked_pids(marker: str) -> set[int]:
    """Pids of live processes whose environment carries ``marker`` (Linux /proc).

    The kernel and everything it starts inherit the marker, so this finds exactly the
    processes a notebook run left behind, and never another test's.
    """
    needle = marker.encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if needle in environ and state != "Z":
            found.add(int(entry.name))
    return found


def _reap(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def private_sandbox(monkeypatch, tmp_path):
    from numkit import sandbox

    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path / "numkit-home"))  # never the user's

    with sandbox.start(order_delay=0.5, aging=3) as running:
        monkeypatch.setenv("NUMKIT_V1_BASE_URL", running.v1_url)
        monkeypatch.setenv("NUMKIT_V2_BASE_URL", running.v2_url)
        monkeypatch.delenv("NUMKIT_TARGET", raising=False)
        yield running


def test_all_six_notebooks_are_tested():
    assert sorted(KEY_OUTPUTS) == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, private_sandbox, tmp_path, monkeypatch):
    marker = f"NUMKIT_NOTEBOOK_RUN={uuid.uuid4().hex}"
    monkeypatch.setenv(*marker.split("=", 1))  # inherited by the kernel and its children
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
        store_widget_state=True,
        shutdown_kernel="immediate",
    )
    started = time.monotonic()
    try:
        client.execute()
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, ARTIFACTS / path.name)
        # the kernel is reaped: nbclient shut it down and no process is left
        assert client.km is None or not client.km.has_kernel
        # and so is anything the notebook started (a sandbox outlives a killed kernel)
        time.sleep(0.2)
        leftovers = _marked_pids(marker) - {os.getpid()}
        _reap(leftovers)
    assert not leftovers, f"{path.name} left processes running: {sorted(leftovers)}"
    elapsed = time.monotonic() - started
    (ARTIFACTS / f"{path.stem}.time.json").write_text(json.dumps({"seconds": round(elapsed, 2)}))

    assert _errors(nb) == []
    text = "\n".join(_texts(nb))
    missing = [want for want in KEY_OUTPUTS[path.stem] if want not in text]
    assert not missing, f"{path.name}: expected outputs not found: {missing}"
    # a notebook never leaks the sandbox's demo password into a shown Authorization header
    assert "Basic ZGVtbzpkZW1v" not in text
    # shipped unanswered, every exercise's hidden check says so (and never raises)
    checks = [c for c in nb.cells if re.fullmatch(r"\d\d[a-z]?-ex\dc", c.get("id", ""))]
    for cell in checks:
        shown = "".join(o.get("text", "") for o in cell.outputs)
        assert "not answered yet" in shown, f"{path.name} {cell.id}: {shown!r}"
    # a plot is drawn where the lesson says so (show, don't only print)
    pngs = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert pngs >= PLOTS.get(path.stem, 0), f"{path.name}: {pngs} picture(s)"
