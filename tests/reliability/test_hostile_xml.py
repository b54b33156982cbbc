"""Hostile XML to numkit's parsers, to the V2 client over HTTP, and to the sandbox.

External entities (file and network, also as parameter entities and in UTF-16), external
DTDs (also hidden after 8 KB of comment), billion laughs, quadratic blow-up, deep
nesting, huge bodies and text nodes, invalid UTF-8: each ends in a clean error —
ResponseParseError in the client, a 4xx envelope from the sandbox — with no file read
(the canary file's content appears nowhere), no network (a loopback listener the
documents point at is never connected to), bounded time and bounded memory. The sandbox
is still healthy afterwards.
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hostile import INERT, MB, hostile_documents, oversized
from reliability_helpers import HERE, v2_for

from numkit import V2Client, demo
from numkit.errors import ApiError, ResponseParseError
from numkit.xmlsafe import parse_xml

pytestmark = pytest.mark.timeout(180)

CANARY_TEXT = "FILE-CANARY-7c1e52d0-never-read"
PER_DOCUMENT_SECONDS = 5.0  # generous: a correct parser needs milliseconds
MEMORY_BUDGET_KIB = 256 * 1024  # peak growth while parsing every document


@pytest.fixture
def canary_file(tmp_path) -> str:
    path = tmp_path / "secret.txt"
    path.write_text(CANARY_TEXT)
    return str(path)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A loopback socket that records every connection made to it (there must be none)."""
    hits: list[bytes] = []
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    hits.append(conn.recv(1024) or b"(connected)")
                except OSError:
                    hits.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(2)
    server.close()


# ---- the client's parsers -------------------------------------------------------------
def test_every_v2_parser_refuses_hostile_xml_in_bounded_time_and_memory(
    canary_file, listener
) -> None:
    port, hits = listener
    code = (
        "import json, sys, hostile; "
        "print(json.dumps(hostile.client_battery(sys.argv[1], int(sys.argv[2]))))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run(
        [sys.executable, "-c", code, canary_file, str(port)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    results = report["results"]
    assert len(results) > 100
    unexpected = [r for r in results if r[2].startswith("UNEXPECTED")]
    assert not unexpected, unexpected[:5]
    accepted = [r for r in results if r[2] == "parsed" and r[0] not in INERT]
    assert not accepted, f"hostile documents parsed without an error: {accepted[:5]}"
    leaked = [r for r in results if r[4]]
    assert not leaked, f"the canary file's content came back: {leaked[:3]}"
    slow = [r for r in results if r[3] > PER_DOCUMENT_SECONDS]
    assert not slow, slow[:3]
    grown = report["rss_after"] - report["rss_before"]
    assert grown < MEMORY_BUDGET_KIB, f"parsing hostile XML grew the peak RSS by {grown} KiB"
    assert hits == [], f"a parser reached the network: {hits}"


class _HostileServer(http.server.BaseHTTPRequestHandler):
    """Answers every request with the document and status set on the server."""

    def do_GET(self) -> None:
        body, status = self.server.payload  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_v2_client_over_http_turns_hostile_answers_into_clean_errors(canary_file, listener) -> None:
    port, hits = listener
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HostileServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/api"
    p = demo.PRIMARY
    client = V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=base)
    try:
        for name, document in hostile_documents(canary_file, port, root="SearchResult"):
            for status in (200, 400):
                server.payload = (document, status)  # type: ignore[attr-defined]
                began = time.perf_counter()
                try:
                    client.search(area_code="919", quantity=1)
                except ResponseParseError as exc:
                    assert status == 200
                    message = str(exc)
                except ApiError as exc:  # an error status with an unreadable body
                    assert status == 400
                    message = f"{exc} {exc.description}"
                else:
                    assert name in INERT and status == 200, name
                    message = ""
                assert time.perf_counter() - began < PER_DOCUMENT_SECONDS, name
                assert CANARY_TEXT not in message, name
        for exchange in client.exchanges:
            assert CANARY_TEXT not in (exchange.response_body or "")
    finally:
        client.close()
        server.shutdown()
        server.server_close()
    assert hits == [], f"the client reached the network: {hits}"


# ---- the sandbox ------------------------------------------------------------------------
def _v2_envelope(response: requests.Response) -> str:
    """The error envelope's text; fails unless it is one of the V2 envelopes."""
    assert response.headers.get("Content-Type", "").startswith("application/xml"), response
    root = parse_xml(response.content)
    text = " ".join(root.itertext())
    names = {el.tag for el in root.iter() if isinstance(el.tag, str)}
    assert names & {"ErrorList", "Error", "ResponseStatus"}, response.content[:300]
    return text


def test_sandbox_answers_hostile_bodies_with_4xx_envelopes_and_stays_healthy(
    start_sandbox, canary_file, listener
) -> None:
    port, hits = listener
    sb = start_sandbox(order_delay=0.2)
    p = demo.PRIMARY
    session = requests.Session()
    session.auth = (p.v2_username, p.v2_password)
    account = f"{sb.v2_url}/accounts/{p.v2_account_id}"

    v2 = v2_for(sb)
    order = v2.order_search(area_code="919", quantity=1, customer_order_id="scenario-backorder-1")
    targets = [
        ("POST", f"{account}/orders", "Order"),
        ("POST", f"{account}/disconnects", "DisconnectTelephoneNumberOrder"),
        ("PUT", f"{account}/orders/{order.id}", "Order"),
        ("POST", f"{account}/orders/{order.id}/notes", "Note"),
    ]
    outcomes = []
    for method, url, root in targets:
        for name, document in hostile_documents(canary_file, port, root=root):
            began = time.perf_counter()
            response = session.request(
                method, url, data=document, headers={"Content-Type": "application/xml"}, timeout=30
            )
            elapsed = time.perf_counter() - began
            outcomes.append((method, url.rsplit("/", 1)[-1], name, response.status_code))
            assert CANARY_TEXT not in response.text
            if name in INERT:  # well-formed; whatever it means, the include is not followed
                assert response.status_code < 500, (method, url, name, response.content[:300])
                continue
            assert 400 <= response.status_code < 500, (method, url, name, response.content[:300])
            _v2_envelope(response)
            assert elapsed < PER_DOCUMENT_SECONDS, (name, elapsed)

    # over the body limit: with Content-Length, and streamed without one (chunked)
    big = oversized(10 * MB)
    response = session.post(f"{account}/orders", data=big, timeout=60)
    assert response.status_code == 413, response.status_code
    _v2_envelope(response)
    chunks = (big[i : i + MB] for i in range(0, len(big), MB))
    response = session.post(f"{account}/orders", data=chunks, timeout=60)
    assert response.status_code == 413, response.status_code

    # V1 takes JSON: the same discipline for its bodies
    v1_session = requests.Session()
    v1_session.auth = (p.v1_token, p.v1_secret)
    v1_numbers = f"{sb.v1_url}/users/{p.v1_user_id}/phoneNumbers"
    v1_bodies = {
        "deep_json": b"[" * 100_000 + b"]" * 100_000,
        "invalid_utf8": b'{"number": "\xff\xfe"}',
        "xml_with_entities": next(hostile_documents(canary_file, port))[1],
        "huge": b'{"name": "' + b"x" * (11 * MB) + b'"}',
    }
    for name, body in v1_bodies.items():
        response = v1_session.post(
            v1_numbers, data=body, headers={"Content-Type": "application/json"}, timeout=60
        )
        assert response.status_code in (400, 413), (name, response.status_code)
        error = response.json()
        assert {"category", "code", "message"} <= set(error), error
        assert CANARY_TEXT not in response.text

    assert hits == [], f"the sandbox reached the network: {hits}"
    # still healthy: control endpoint, a real search, and no traceback in its log
    assert requests.get(f"{sb.url}/_sandbox/health", timeout=5).json()["ok"] is True
    assert len(v2.search(area_code="910", quantity=3).numbers) == 3
    log = sb.log_text()
    assert "Traceback" not in log and "unexpected error" not in log, log[-2000:]
    assert CANARY_TEXT not in log
    v2.close()
    print(f"{len(outcomes)} hostile requests, statuses: {sorted({o[3] for o in outcomes})}")


def test_canary_file_is_really_readable(canary_file) -> None:
    """Guards the test above: the canary would be found if a parser read it."""
    assert Path(canary_file).read_text() == CANARY_TEXT
