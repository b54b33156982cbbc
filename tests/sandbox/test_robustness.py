"""Malformed input never becomes a 500, and a bad ``--state`` is explained, not dumped.

Every probe here is an HTTP request over a real socket to a real sandbox process (or a
real ``numkit sandbox`` command): issue 12 items 7, 9 (server part) and 11.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from sandbox_helpers import V1, V2, clean_env, search_order, xml

import numkit.sandbox as nks

V2_LISTS = ["/orders", "/disconnects", "/inserviceNumbers"]


@pytest.mark.parametrize("param", ["size", "page"])
@pytest.mark.parametrize("value", ["²", "٣", "-1", "1e3", ""])
def test_odd_paging_values_are_4xx_envelopes(sandbox: nks.Sandbox, param: str, value: str) -> None:
    v2, v1 = V2(sandbox), V1(sandbox)
    for path in V2_LISTS:
        params = {"page": "1", "size": "5", param: value}
        r = v2.get(path, **params)
        assert r.status_code < 500, (path, r.text)
        if r.content:  # 204 (nothing in service) has no body
            xml(r)
    r = v2.http.get(sandbox.v2_url + "/tns", params={param: value}, auth=v2.auth, timeout=30)
    assert r.status_code < 500 and xml(r) is not None
    r = v1.get(v1.numbers_path, **{param: value})
    assert r.status_code < 500
    if r.status_code >= 400:
        assert r.json()["category"] == "bad-request"


def test_superscript_size_is_a_400_not_a_500(sandbox: nks.Sandbox) -> None:
    """The exact probe of the issue: '²' passes str.isdigit() but not int()."""
    v2 = V2(sandbox)
    r = v2.get("/orders", page="1", size="²")
    assert r.status_code == 400 and xml(r).tag == "ErrorResponse"
    r = v2.get("/disconnects", size="²")
    assert r.status_code == 400 and xml(r).tag == "ErrorResponse"
    r = v2.get("/inserviceNumbers", size="²")
    assert r.status_code == 404 and xml(r).tag == "ErrorResponse"  # the spec's code here
    r = v2.http.get(sandbox.v2_url + "/tns", params={"size": "²"}, auth=v2.auth, timeout=30)
    assert r.status_code == 400 and xml(r).findtext("ResponseStatus/ErrorCode") == "1006"


def test_a_huge_slow_scenario_is_capped_not_a_500(sandbox: nks.Sandbox) -> None:
    v2 = V2(sandbox)
    fields = {"AreaCode": "919", "Quantity": "1"}
    body = search_order("AreaCodeSearchAndOrderType", fields, Name="scenario-slow-" + "9" * 5000)
    r = v2.post("/orders", body)
    assert r.status_code == 201, r.text[:300]
    status = xml(v2.get(r.headers["Location"]))
    assert status.findtext("OrderStatus") == "RECEIVED"  # due in a day, not never
    coid = search_order(
        "AreaCodeSearchAndOrderType", fields, CustomerOrderId="scenario-slow-" + "9" * 5000
    )
    r = v2.post("/orders", coid)
    assert r.status_code == 400 and "5052" in r.text


@pytest.mark.parametrize("size_mib", [11, 70])
def test_oversized_bodies_are_413_in_each_envelope(sandbox: nks.Sandbox, size_mib: int) -> None:
    body = b"x" * (size_mib * 1024 * 1024)
    v2, v1 = V2(sandbox), V1(sandbox)
    r = v2.post("/orders", body)
    assert r.status_code == 413 and xml(r).tag == "ErrorResponse"
    r = v1.http.post(v1.url(v1.numbers_path), data=body, auth=v1.auth, timeout=60)
    assert r.status_code == 413 and r.json()["code"] == "request-too-large"


def test_an_oversized_chunked_body_is_413(sandbox: nks.Sandbox) -> None:
    chunks = (b"<" * (1024 * 1024) for _ in range(11))  # no Content-Length: chunked
    v2 = V2(sandbox)
    r = v2.http.post(v2.url("/orders"), data=chunks, auth=v2.auth, timeout=60)
    assert r.status_code == 413 and xml(r).tag == "ErrorResponse"


def test_edge_answers_keep_the_envelope(sandbox: nks.Sandbox) -> None:
    v2, v1 = V2(sandbox), V1(sandbox)
    r = v2.http.request("PATCH", v2.url("/sites"), auth=v2.auth, timeout=30)
    assert r.status_code == 405 and xml(r).tag == "ErrorResponse"
    r = v2.http.options(v2.url("/sites"), auth=v2.auth, timeout=30)
    assert r.status_code == 405 and xml(r).tag == "ErrorResponse"
    r = v2.http.get(sandbox.v2_url + "/accounts/%ff/sites", auth=v2.auth, timeout=30)
    assert r.status_code == 400 and xml(r).tag == "ErrorResponse"
    r = v2.get("/no-such-resource")
    assert r.status_code == 404 and xml(r).tag == "ErrorResponse"
    r = v1.http.request("PATCH", v1.url(v1.numbers_path), auth=v1.auth, timeout=30)
    assert r.status_code == 405 and r.json()["category"] == "bad-request"
    r = v1.get("/users/u-demo/%ff")
    assert r.status_code == 404 and r.json()["code"] == "resource-not-found"
    r = requests.get(sandbox.url + "/elsewhere", timeout=30)
    assert r.status_code == 404 and "error" in r.json()


# ---- the state file -----------------------------------------------------------------
def _run_cli(state: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env()
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.run(
        [sys.executable, "-m", "numkit.sandbox", "--port", "0", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def _assert_explained(proc: subprocess.CompletedProcess[str], state: Path, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "sqlite3." not in proc.stderr
    assert str(state) in proc.stderr
    assert "--state" in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


def test_a_folder_as_state_is_explained(tmp_path: Path) -> None:
    _assert_explained(_run_cli(tmp_path), tmp_path, "is a folder")


def test_a_foreign_file_as_state_is_explained(tmp_path: Path) -> None:
    state = tmp_path / "notes.txt"
    state.write_text("these are my notes, not a database\n" * 200)
    _assert_explained(_run_cli(state), state, "damaged", "Move it away")
    assert state.read_text().startswith("these are my notes")  # never overwritten


def test_an_unwritable_place_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    state = blocker / "state.sqlite"  # its folder would have to be a file
    _assert_explained(_run_cli(state), state, "cannot create the folder")
    if os.geteuid() != 0:  # root may write anything; the check above covers everyone
        ro = tmp_path / "ro.sqlite"
        ro.write_bytes(b"")
        ro.chmod(0o400)
        _assert_explained(_run_cli(ro), ro, "cannot be read and written")


def test_a_file_damaged_in_the_middle_is_refused_at_start(
    tmp_path: Path, make_sandbox: Callable[..., nks.Sandbox]
) -> None:
    state = tmp_path / "state.sqlite"
    sb = make_sandbox(state=str(state), order_delay=0.0)
    v2 = V2(sb)
    for n in range(4):
        body = search_order(
            "AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "200"}, Name=f"bulk-{n}"
        )
        v2.wait(v2.order(body))
    sb.stop()
    data = bytearray(state.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) > 6 * page  # enough pages that the middle holds table data
    middle = len(data) // 2 // page * page
    data[middle : middle + page] = b"\xa5" * page
    state.write_bytes(bytes(data))
    _assert_explained(_run_cli(state), state, "damaged")
    with pytest.raises(nks.SandboxError) as caught:
        nks.start(state=str(state), env=clean_env(), timeout=60)
    assert "damaged" in str(caught.value) and str(state) in str(caught.value)


def test_reset_returns_to_a_fresh_start(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox(order_delay=0.0, fault_kinds=["503"])
    v2, v1 = V2(sb), V1(sb)
    numbers = v2.search(areaCode="919", quantity="2")
    v2.buy(numbers)
    assert (
        v1.post(
            v1.numbers_path, json={"number": "+1" + v2.search(areaCode="910", quantity="1")[0]}
        ).status_code
        == 201
    )
    nks.set_faults(sb, rate=0.5, latency=0.01)
    answer = nks.reset(sb.v2_url)
    assert answer["ok"] is True
    assert nks.get_faults(sb) == {
        **nks.get_faults(sb),
        "rate": 0.0,
        "latency": 0.0,
        "kinds": ["503"],
    }
    assert v2.get("/inserviceNumbers").status_code == 204
    assert (
        xml(v2.get("/orders", page="1", size="10")).findtext("ListOrderIdUserIdDate/TotalCount")
        == "0"
    )
    assert v1.get(v1.numbers_path).json() == []
    assert set(numbers) <= set(v2.search(areaCode="919", quantity="50"))  # back in the pool
    r = requests.post(sb.url + "/_sandbox/reset", data=json.dumps({}), timeout=10)
    assert r.status_code == 200


def _numkit_sandbox(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = clean_env()
    env["NUMKIT_HOME"] = str(home)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.run(
        [sys.executable, "-m", "numkit.sandbox", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )


def test_cli_reset_asks_unless_yes(tmp_path: Path) -> None:
    """``numkit sandbox --reset [--yes]`` on a shared sandbox kept under NUMKIT_HOME."""
    home = tmp_path / "home"
    assert _numkit_sandbox(home, "--reset", "--yes").returncode == 1  # nothing running
    started = _numkit_sandbox(home, "--detach", "--port", "0", "--order-delay", "0")
    assert started.returncode == 0, started.stderr
    try:
        info = json.loads((home / "run" / "sandbox.json").read_text())
        sb = nks.Sandbox(info["url"], info["v1_url"], info["v2_url"], info["pid"], "")
        v2 = V2(sb)
        v2.buy(v2.search(areaCode="919", quantity="1"))
        refused = _numkit_sandbox(home, "--reset", stdin="n\n")
        assert refused.returncode == 1 and "Reset the shared numkit sandbox" in refused.stdout
        assert v2.get("/inserviceNumbers").status_code == 200  # still there
        agreed = _numkit_sandbox(home, "--reset", stdin="y\n")
        assert agreed.returncode == 0, agreed.stderr
        assert v2.get("/inserviceNumbers").status_code == 204
        v2.buy(v2.search(areaCode="919", quantity="1"))
        assert _numkit_sandbox(home, "--reset", "--yes").returncode == 0
        assert v2.get("/inserviceNumbers").status_code == 204
    finally:
        assert _numkit_sandbox(home, "--stop").returncode == 0
