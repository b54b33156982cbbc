"""Fault injection: each kind on both APIs, latency, seeding and the control endpoint."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
import requests
from sandbox_helpers import V1, V2, clean_env, search_order, xml

import numkit.sandbox as nks

ALL_KINDS = ["503", "429", "drop", "commit-drop", "slow"]


@pytest.fixture(scope="module")
def faulty() -> Iterator[nks.Sandbox]:
    sb = nks.start(order_delay=0.1, env=clean_env())
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def sb(faulty: nks.Sandbox) -> Iterator[nks.Sandbox]:
    nks.set_faults(faulty, rate=0.0, kinds=ALL_KINDS, latency=0.0)
    yield faulty
    nks.set_faults(faulty, rate=0.0, kinds=ALL_KINDS, latency=0.0)


def test_control_shape_and_defaults(sb: nks.Sandbox) -> None:
    assert nks.get_faults(sb.v2_url) == {
        "rate": 0.0,
        "kinds": ALL_KINDS,
        "seed": None,
        "latency": 0.0,
        "slow_seconds": 2.0,
    }
    changed = nks.set_faults(sb.v1_url, rate=0.25, kinds="503,drop")
    assert changed == {
        "rate": 0.25,
        "kinds": ["503", "drop"],
        "seed": None,
        "latency": 0.0,
        "slow_seconds": 2.0,
    }
    assert nks.set_faults(sb.url, latency=0.1)["kinds"] == ["503", "drop"]
    health = requests.get(sb.url + "/_sandbox/health", timeout=5).json()
    assert health["ok"] is True and health["version"] and health["order_delay"] == 0.1
    assert health["max_disconnect"] == 5000


@pytest.mark.parametrize(
    "body",
    [
        b'{"rate": 2}',
        b'{"rate": "high"}',
        b'{"kinds": ["teapot"]}',
        b'{"kinds": 5}',
        b'{"latency": -1}',
        b'{"slow_seconds": -1}',
        b'{"kinds": ["notify-everything"]}',
        b'{"seed": "x"}',
        b'{"colour": "red"}',
        b"[1, 2]",
        b"not json",
    ],
)
def test_put_faults_validates(sb: nks.Sandbox, body: bytes) -> None:
    r = requests.put(sb.url + "/_sandbox/faults", data=body, timeout=5)
    assert r.status_code == 400 and "error" in r.json()
    assert nks.get_faults(sb)["rate"] == 0.0


def test_503_on_both_apis(sb: nks.Sandbox) -> None:
    nks.set_faults(sb, rate=1.0, kinds=["503"])
    r = V2(sb).get("/sites")
    assert r.status_code == 503 and xml(r).tag == "ErrorResponse"
    r = V1(sb).get("/availableNumbers/tollFree")
    assert r.status_code == 503 and r.json()["category"] == "unavailable"


def test_429_headers_and_bodies(sb: nks.Sandbox) -> None:
    nks.set_faults(sb, rate=1.0, kinds=["429"])
    r = V2(sb).get("/sites")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    r = V1(sb).get("/availableNumbers/tollFree")
    assert r.status_code == 429
    reset = r.headers["X-RateLimit-Reset"]
    assert len(reset) == 13 and int(reset) > time.time() * 1000
    body = r.json()
    assert body["category"] == "too-many-requests" and body["code"] == "rate-limit-reached"
    assert "message" not in body
    assert body["details"][0] == {"name": "rateLimitResetTime", "value": reset}


def test_drop_closes_without_answer_and_changes_nothing(sb: nks.Sandbox) -> None:
    v2 = V2(sb)
    nks.set_faults(sb, rate=1.0, kinds=["drop"])
    with pytest.raises(requests.ConnectionError):
        v2.get("/sites")
    body = search_order(
        "AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "1"}, CustomerOrderId="drop-1"
    )
    with pytest.raises(requests.ConnectionError):
        v2.post("/orders", body)
    nks.set_faults(sb, rate=0.0)
    listing = xml(v2.get("/orders", page="1", size="10", customerOrderId="drop-1"))
    assert listing.findtext("ListOrderIdUserIdDate/TotalCount") == "0"


def test_commit_drop_commits_then_closes(sb: nks.Sandbox) -> None:
    v2, v1 = V2(sb), V1(sb)
    nks.set_faults(sb, rate=1.0, kinds=["commit-drop"])
    for _ in range(5):  # GET is never commit-dropped
        assert v2.get("/sites").status_code == 200
    body = search_order(
        "AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "1"}, CustomerOrderId="cd-1"
    )
    with pytest.raises(requests.ConnectionError):
        v2.post("/orders", body)
    number = v1.get("/availableNumbers/local", areaCode="804", quantity=1).json()[0]["number"]
    with pytest.raises(requests.ConnectionError):
        v1.post(v1.numbers_path, json={"number": number})
    nks.set_faults(sb, rate=0.0)
    listing = xml(v2.get("/orders", page="1", size="10", customerOrderId="cd-1"))
    assert listing.findtext("ListOrderIdUserIdDate/TotalCount") == "1"
    got = v1.get(f"{v1.numbers_path}/%2B{number[1:]}")
    assert got.status_code == 200
    nks.set_faults(sb, rate=1.0, kinds=["commit-drop"])
    with pytest.raises(requests.ConnectionError):
        v1.delete(f"{v1.numbers_path}/{got.json()['id']}")
    nks.set_faults(sb, rate=0.0)
    assert v1.get(f"{v1.numbers_path}/{got.json()['id']}").status_code == 404


def test_slow_and_latency(sb: nks.Sandbox) -> None:
    v2 = V2(sb)
    nks.set_faults(sb, rate=1.0, kinds=["slow"])
    t0 = time.monotonic()
    assert v2.get("/sites").status_code == 200
    assert time.monotonic() - t0 >= 1.9
    nks.set_faults(sb, rate=0.0, latency=0.3)
    t0 = time.monotonic()
    assert V1(sb).get("/availableNumbers/tollFree").status_code == 200
    assert time.monotonic() - t0 >= 0.3
    t0 = time.monotonic()
    assert requests.get(sb.url + "/_sandbox/health", timeout=5).status_code == 200
    assert time.monotonic() - t0 < 0.3


def test_slow_commit_holds_writes_then_processes_them(sb: nks.Sandbox) -> None:
    """POST/DELETE only: held slow_seconds, then processed even though the client gave up
    (the case that tempts a client into a second purchase)."""
    v2 = V2(sb)
    nks.set_faults(sb, rate=1.0, kinds=["slow-commit"], slow_seconds=30)
    try:
        # A GET is never drawn: it answers although a hold would last 30 s.
        r = requests.get(v2.url("/sites"), auth=v2.auth, timeout=10)
        assert r.status_code == 200
        nks.set_faults(sb, slow_seconds=1.0)
        body = search_order(
            "AreaCodeSearchAndOrderType",
            {"AreaCode": "919", "Quantity": "1"},
            CustomerOrderId="sc-1",
        )
        with pytest.raises(requests.ReadTimeout):
            requests.post(v2.url("/orders"), data=body, auth=v2.auth, timeout=(5, 0.2))
        deadline = time.monotonic() + 15
        while True:  # the held POST is processed after the hold, answer or not
            listing = xml(v2.get("/orders", page="1", size="10", customerOrderId="sc-1"))
            if listing.findtext("ListOrderIdUserIdDate/TotalCount") == "1":
                break
            assert time.monotonic() < deadline, "the held order was never created"
            time.sleep(0.1)
    finally:
        nks.set_faults(sb, rate=0.0, slow_seconds=2.0)


def test_slow_commit_is_not_a_default_kind(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox(slow_seconds=0.5, fault_kinds=["slow-commit", "503"])
    faults = nks.get_faults(sb)
    assert faults["slow_seconds"] == 0.5 and faults["kinds"] == ["slow-commit", "503"]


def test_control_endpoints_are_never_faulted(sb: nks.Sandbox) -> None:
    nks.set_faults(sb, rate=1.0, kinds=["503", "429", "drop", "slow"])
    for _ in range(10):
        assert requests.get(sb.url + "/_sandbox/health", timeout=5).status_code == 200
        assert nks.get_faults(sb)["rate"] == 1.0


def test_seed_makes_fault_draws_repeatable(sb: nks.Sandbox) -> None:
    v2 = V2(sb)

    def run() -> list[int]:
        nks.set_faults(sb, rate=0.5, kinds=["503", "429"], seed=42)
        return [v2.get("/sites").status_code for _ in range(30)]

    first, second = run(), run()
    assert first == second
    assert {200, 503, 429} <= set(first)


def test_faults_at_a_rate_never_become_500(sb: nks.Sandbox) -> None:
    v2 = V2(sb)
    nks.set_faults(sb, rate=0.5, kinds=["503", "429", "drop", "commit-drop"], seed=1)
    statuses = set()
    for i in range(40):
        try:
            r = v2.post(
                "/orders",
                search_order(
                    "StateSearchAndOrderType", {"State": "CO", "Quantity": "1"}, Name=f"n{i}"
                ),
            )
            statuses.add(r.status_code)
        except requests.ConnectionError:
            statuses.add(0)
    assert statuses <= {0, 201, 429, 503} and {0, 201} <= statuses


@pytest.mark.parametrize(
    ("remote_ip", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.1.2.3", False),
        ("192.168.0.7", False),
        ("203.0.113.5", False),
        ("::ffff:10.0.0.1", False),
        ("fe80::1%eth0", False),
        ("", False),
        (None, False),
        ("not-an-ip", False),
    ],
)
def test_control_endpoints_loopback_predicate(remote_ip: str | None, allowed: bool) -> None:
    """Which peers the control endpoints answer. (Tests send traffic to loopback only, so
    the refusal of a remote peer is proved on the predicate the handler calls.)"""
    from numkit.sandbox.base import is_loopback_client

    assert is_loopback_client(remote_ip) is allowed


def test_control_endpoints_answer_loopback_peers(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox()
    port = sb.url.rsplit(":", 1)[1]
    assert requests.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=5).status_code == 200
    assert nks.get_faults(sb)["rate"] == 0.0
