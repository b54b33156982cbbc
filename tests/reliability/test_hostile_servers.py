"""Servers that try to hang, bloat or fool the clients (issue 12.2, 12.3, 12.5, 12.6).

Each server is a real socket on 127.0.0.1 (``rawserver.serve``) writing exactly the bytes
a hostile or broken server would: a one-byte drip, a gzip bomb, an endless chunked body,
redirects, an HTML login page, JSON nested deeper than Python recurses, a connection
closed without an answer. The printed figures are the ones the issue asks for.
"""

from __future__ import annotations

import base64
import gzip
import pickle
import socket
import threading
import time
import traceback
import tracemalloc
from collections.abc import Iterator

import pytest
from rawserver import answer, serve

from numkit import V1Client, V2Client
from numkit.errors import (
    ApiError,
    ConfigurationError,
    NumkitError,
    OutcomeUnknown,
    PollTimeout,
    ResponseParseError,
    Timeout,
    TransportError,
)
from numkit.transport import MAX_BODY_BYTES

CANARY = "canary-Pw-7f3a91"  # the password every client here carries
pytestmark = pytest.mark.timeout(120)


def v2_at(root: str, **kwargs) -> V2Client:
    return V2Client("9900000", "demo", CANARY, base_url=f"{root}/api", **kwargs)


def v1_at(root: str, **kwargs) -> V1Client:
    return V1Client("u-1", "t-token", CANARY, base_url=f"{root}/v1", **kwargs)


# -- 12.2 whole-response deadline ---------------------------------------------------------
def drip(head: bytes, every: float = 0.1):
    """Send ``head`` then one byte every ``every`` s, forever (until the client leaves)."""

    def handle(conn: socket.socket, _req: bytes, stop: threading.Event) -> None:
        conn.sendall(head)
        while not stop.wait(every):
            conn.sendall(b"x")

    return handle


DRIP_HEADERS = drip(b"HTTP/1.1 200 OK\r\nX-Slow: ")
DRIP_BODY = drip(
    b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 99999\r\n\r\n"
)


@pytest.mark.parametrize("handler", [DRIP_HEADERS, DRIP_BODY], ids=["headers", "body"])
def test_one_request_ends_within_its_read_timeout_however_slow_the_drip(handler) -> None:
    read = 1.0
    with serve(handler) as root, v2_at(root, timeout=(1.0, read)) as v2:
        began = time.monotonic()
        with pytest.raises(Timeout, match="whole answer"):
            v2.transport.request("GET", "accounts/9900000/sites", idempotent=False)
        took = time.monotonic() - began
    print(
        f"drip {(handler is DRIP_HEADERS and 'headers') or 'body'}: one request, read "
        f"timeout {read} s, ended after {took:.2f} s (overshoot {took - read:+.3f} s)"
    )
    assert took < read + read  # its timeout plus one read timeout, at most


@pytest.mark.parametrize("handler", [DRIP_HEADERS, DRIP_BODY], ids=["headers", "body"])
def test_wait_for_order_against_a_drip_server_ends_on_time(handler) -> None:
    timeout, read = 3.0, 1.0
    with serve(handler) as root, v2_at(root, timeout=(1.0, read)) as v2:
        began = time.monotonic()
        with pytest.raises(PollTimeout):
            v2.wait_for_order("order-1", timeout=timeout)
        took = time.monotonic() - began
    print(
        f"drip: wait_for_order(timeout={timeout}) ended after {took:.2f} s "
        f"(past its timeout by {took - timeout:+.3f} s; read timeout {read} s)"
    )
    assert took < timeout + read


# -- 12.3 body cap after decompression ------------------------------------------------------
def gzip_bomb(gib: int) -> bytes:
    """``gib`` GiB of zeros as a multi-member gzip body of a few MB."""
    member = gzip.compress(b"\0" * (1 << 20), compresslevel=9)
    return member * (1024 * gib)


def test_a_gzip_bomb_is_stopped_at_the_cap_with_bounded_memory() -> None:
    bomb = gzip_bomb(4)  # 4 GiB inflated
    handler = answer(
        "200 OK", bomb, {"Content-Type": "application/xml", "Content-Encoding": "gzip"}
    )
    with serve(handler) as root, v2_at(root) as v2:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseParseError) as info:
                v2.search(area_code="919")
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert f"{MAX_BODY_BYTES:,} bytes" in str(info.value) and "decompression" in str(info.value)
    print(
        f"gzip bomb: {len(bomb) / 2**20:.1f} MiB on the wire, 4 GiB inflated; stopped at "
        f"the {MAX_BODY_BYTES / 2**20:.0f} MiB cap; peak traced memory {peak / 2**20:.1f} MiB"
    )
    assert peak < 3 * MAX_BODY_BYTES


def test_a_declared_huge_body_is_refused_before_reading() -> None:
    def handle(conn: socket.socket, _req: bytes, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n"
            b"Content-Length: 209715200\r\n\r\n<a>"
        )
        stop.wait(5)

    with serve(handle) as root, v2_at(root, timeout=(1, 10)) as v2:
        began = time.monotonic()
        with pytest.raises(ResponseParseError, match="limit"):
            v2.sites()
        assert time.monotonic() - began < 2  # nothing was waited for


def test_an_endless_chunked_body_stops_at_the_cap() -> None:
    def handle(conn: socket.socket, _req: bytes, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n%s\r\n" % (1 << 20, b" " * (1 << 20))
        while not stop.is_set():
            conn.sendall(chunk)

    with serve(handle) as root, v1_at(root) as v1, pytest.raises(ResponseParseError, match="limit"):
        v1.list_numbers()


def test_a_5000_number_detail_search_fits_the_cap_with_room(v2) -> None:
    found = v2.search(state="NC", quantity=5000, details=True)
    assert len(found.numbers) == 5000 and found.has_details
    body = v2.transport.request(
        "GET",
        f"accounts/{v2.account_id}/availableNumbers",
        params={"state": "NC", "quantity": 5000, "enableTNDetail": "true"},
    ).content
    print(
        f"5,000-number detail search: {len(body) / 2**20:.1f} MiB "
        f"(cap {MAX_BODY_BYTES / 2**20:.0f} MiB)"
    )
    assert len(body) * 4 < MAX_BODY_BYTES


# -- 12.6 redirects, HTML, deep JSON ----------------------------------------------------------
@pytest.mark.parametrize("status", ["302 Found", "307 Temporary Redirect"])
def test_a_redirect_is_never_success(status: str) -> None:
    moved = answer(status, b"", {"Location": "http://user:pw@evil.example/v1/x/n-123"})
    with serve(moved) as root:
        with v2_at(root) as v2, pytest.raises(ApiError) as info:
            v2.search(area_code="919")
        assert 300 <= info.value.http_status < 400 and "pw@" not in str(info.value)
        with v1_at(root) as v1:
            with pytest.raises(ApiError):
                v1.delete_number("n-123")
            with pytest.raises(ApiError):
                v1.search_local(area_code="919")
            with pytest.raises(OutcomeUnknown):  # never "ordered" with an id from Location
                v1.order_number("+19195550100")


@pytest.mark.parametrize(
    "ctype", ["text/html; charset=utf-8", "application/xml"], ids=["html-type", "xml-type"]
)
def test_an_html_page_with_status_200_is_not_an_empty_answer(ctype: str) -> None:
    page = b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>"
    with serve(answer("200 OK", page, {"Content-Type": ctype})) as root, v2_at(root) as v2:
        with pytest.raises(ResponseParseError, match="HTML"):
            v2.search(area_code="919")
        with pytest.raises(ResponseParseError, match="HTML"):
            v2.in_service_list()


def test_json_nested_deeper_than_python_recurses_is_a_parse_error() -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    handler = answer("200 OK", deep, {"Content-Type": "application/json"})
    with serve(handler) as root, v1_at(root) as v1:
        with pytest.raises(ResponseParseError):
            v1.list_numbers()
        with pytest.raises(ResponseParseError):
            v1.search_local(area_code="919")


# -- 12.5 no credentials in exception chains -------------------------------------------------
def hang_up(conn: socket.socket, _req: bytes, _stop: threading.Event) -> None:
    conn.close()  # no answer at all


def chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [error]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [e for e in (item.__cause__, item.__context__) if e is not None]


def assert_no_credentials(error: BaseException) -> None:
    secrets_ = [CANARY, base64.b64encode(f"demo:{CANARY}".encode()).decode()]
    secrets_.append(base64.b64encode(f"t-token:{CANARY}".encode()).decode())
    for item in chain(error):
        request = getattr(item, "request", None)
        headers = getattr(request, "headers", None) or {}
        assert "Authorization" not in headers, type(item)
    verbose = "".join(
        traceback.TracebackException.from_exception(error, capture_locals=True).format()
    )
    for secret in secrets_:
        assert secret not in verbose


def test_transport_errors_carry_no_credentials_even_in_verbose_tracebacks() -> None:
    with serve(hang_up) as root:
        with v2_at(root, sleep=lambda s: None) as v2, pytest.raises(TransportError) as info:
            v2.sites()
        assert_no_credentials(info.value)
        with v1_at(root) as v1, pytest.raises(NumkitError) as info1:
            v1.search_and_order_local(area_code="919", quantity=1)
        assert isinstance(info1.value, OutcomeUnknown)
        assert_no_credentials(info1.value)


def test_outcome_unknown_after_the_window_carries_no_credentials() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with (
        serve(hang_up) as root,
        v2_at(root, sleep=sleep, clock=lambda: now[0]) as v2,
        pytest.raises(OutcomeUnknown) as info,
    ):
        v2.order_numbers(["9195550100"], site_id="1", customer_order_id="leak-check")
    assert info.value.check == "v2.find_order('leak-check')"
    assert now[0] >= v2.reconcile_window  # looked up for the whole window first
    assert_no_credentials(info.value)


def test_clients_cannot_be_pickled_and_urls_with_secrets_are_masked() -> None:
    with v2_at("http://127.0.0.1:9") as v2, pytest.raises(ConfigurationError):
        pickle.dumps(v2)
    with v1_at("http://127.0.0.1:9") as v1, pytest.raises(ConfigurationError):
        pickle.dumps(v1)
    for bad in (
        f"htps://user:{CANARY}@dashboard.example/api",
        f"https://user:{CANARY}@/api",
        f"user:{CANARY}@dashboard.example/api",
        f"https://user:{CANARY}@[::1/api",
        f"https://user:{CANARY}@host:99999999/api",
    ):
        with pytest.raises(ConfigurationError) as info:
            V2Client("1", "u", "p", base_url=bad)
        assert CANARY not in str(info.value), bad
