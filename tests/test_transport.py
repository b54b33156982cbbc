"""Transport policy over real sockets: a scripted HTTP server on 127.0.0.1 answers with
the statuses each test needs (the API sandbox is exercised by the client tests)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from numkit.errors import (
    ApiError,
    ConfigurationError,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
    error_class_for_status,
)
from numkit.transport import (
    Exchange,
    RetryPolicy,
    Transport,
    check_base_url,
    check_timeout,
    mask_url,
    retry_after_seconds,
)

SECRET = "canary-secret-7f3a"


class Script:
    """What the server answers next: a list of (status, headers, body) or 'drop'."""

    def __init__(self) -> None:
        self.replies: list = []
        self.seen: list[tuple[str, str, dict]] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    script: Script

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.script.seen.append((self.command, self.path, dict(self.headers)))
        reply = self.script.replies.pop(0) if self.script.replies else (200, {}, b"ok")
        if reply == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if reply == "sleep":
            time.sleep(1.0)
            reply = (200, {}, b"late")
        status, headers, body = reply
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()
    handler = type("H", (_Handler,), {"script": script})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api", script
    httpd.shutdown()
    httpd.server_close()


def _mapper(response, method, url):
    cls = error_class_for_status(response.status_code)
    kwargs = dict(http_status=response.status_code, method=method, url=url, body=response.content)
    if cls is RateLimited:
        return RateLimited(retry_after=retry_after_seconds(response), **kwargs)
    return cls(**kwargs)


def _transport(url: str, sleeps: list[float] | None = None, **kw) -> Transport:
    return Transport(
        url,
        "demo",
        SECRET,
        api="V2",
        error_mapper=_mapper,
        sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
        **kw,
    )


def test_get_retries_on_503_then_succeeds(server):
    url, script = server
    script.replies = [(503, {}, b""), (503, {}, b""), (200, {}, b"<ok/>")]
    sleeps: list[float] = []
    response = _transport(url, sleeps).request("GET", "accounts/1/sites")
    assert response.content == b"<ok/>"
    assert len(script.seen) == 3
    assert len(sleeps) == 2


def test_post_is_never_retried(server):
    url, script = server
    script.replies = [(503, {}, b""), (200, {}, b"never")]
    with pytest.raises(ServerError) as info:
        _transport(url).request("POST", "accounts/1/orders", data="<Order/>")
    assert info.value.http_status == 503
    assert len(script.seen) == 1


def test_post_connection_drop_is_a_transport_error_not_a_retry(server):
    url, script = server
    script.replies = ["drop", (200, {}, b"never")]
    with pytest.raises(TransportError):
        _transport(url).request("POST", "accounts/1/orders", data="<Order/>")
    assert len(script.seen) == 1


def test_retry_after_is_honoured(server):
    url, script = server
    script.replies = [(429, {"Retry-After": "2"}, b""), (200, {}, b"fine")]
    sleeps: list[float] = []
    _transport(url, sleeps).request("GET", "x")
    assert sleeps and sleeps[0] >= 2.0


def test_v1_rate_limit_reset_in_epoch_ms(server):
    url, script = server
    reset = int((time.time() + 1.5) * 1000)
    script.replies = [(429, {"X-RateLimit-Reset": str(reset)}, b"{}"), (200, {}, b"[]")]
    sleeps: list[float] = []
    _transport(url, sleeps).request("GET", "x")
    assert 1.0 <= sleeps[0] <= 1.6


def test_retry_gives_up_at_the_deadline(server):
    url, script = server
    script.replies = [(429, {"Retry-After": "100"}, b"")] * 3
    with pytest.raises(RateLimited) as info:
        _transport(url, policy=RetryPolicy(deadline=5)).request("GET", "x")
    assert info.value.retry_after == 100
    assert len(script.seen) == 1


def test_read_timeout_respects_caller_deadline(server):
    url, script = server
    script.replies = ["sleep", "sleep", "sleep"]
    transport = _transport(url, policy=RetryPolicy(attempts=2))
    began = time.monotonic()
    with pytest.raises(Timeout):
        transport.request("GET", "x", deadline=time.monotonic() + 0.3)
    assert time.monotonic() - began < 1.5


def test_exchange_record_masks_authorization_and_curl_hides_secret(server):
    url, script = server
    transport = _transport(url, secret_hint="$NUMKIT_V2_PASSWORD")
    transport.request(
        "POST",
        "accounts/1/orders",
        data="<Order/>",
        idempotent=False,
        headers={"Content-Type": "application/xml"},
    )
    sent_auth = script.seen[0][2]["Authorization"]
    assert sent_auth.startswith("Basic ")
    record = transport.exchanges[-1]
    assert isinstance(record, Exchange)
    assert record.request_headers["Authorization"] == "Basic ***"
    assert record.status == 200 and record.elapsed >= 0
    curl = record.as_curl()
    assert "$NUMKIT_V2_PASSWORD" in curl and "-X POST" in curl and "<Order/>" in curl
    everything = repr(transport) + repr(record) + str(vars(record)) + curl
    assert SECRET not in everything
    assert sent_auth.split()[1] not in everything


def test_params_drop_none_and_render_booleans(server):
    url, script = server
    _transport(url).request("GET", "availableNumbers", params={"a": None, "LCA": False, "q": 3})
    assert script.seen[0][1] == "/api/availableNumbers?LCA=false&q=3"


def test_error_line_is_readable():
    err = ApiError(
        http_status=400,
        code="5022",
        description="SiteId is a required field.",
        method="POST",
        url="http://h/api/accounts/1/orders",
        api="V2",
    )
    assert (
        str(err)
        == "HTTP 400 from V2 POST /api/accounts/1/orders: 5022: SiteId is a required field."
    )


@pytest.mark.parametrize(
    "bad", [0, -1, (1, 0), (None, 3), "3", True, (1, 2, 3), float("inf"), (float("nan"), 1)]
)
def test_non_positive_or_junk_timeout_is_configuration_error(bad):
    with pytest.raises(ConfigurationError):
        check_timeout(bad)


def test_timeout_forms():
    assert check_timeout(5) == (5.0, 5.0)
    assert check_timeout((3.05, 30)) == (3.05, 30.0)


@pytest.mark.parametrize(
    "url",
    ["http://192.168.1.20:8765/api", "http://example.com/api", "http://10.0.0.1/v1"],
)
def test_plain_http_to_non_loopback_refused_without_opt_in(url):
    with pytest.raises(ConfigurationError, match="NUMKIT_ALLOW_INSECURE_HTTP"):
        check_base_url(url, {})
    assert check_base_url(url, {"NUMKIT_ALLOW_INSECURE_HTTP": "1"}) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/api",
        "http://localhost/api",
        "http://[::1]:9/api",
        "https://x.com/api",
    ],
)
def test_loopback_and_https_allowed(url):
    assert check_base_url(url, {}) == url


@pytest.mark.parametrize(
    "url", ["", "ftp://x/api", "dashboard.bandwidth.com/api", "https://u:p@x/api"]
)
def test_bad_base_urls(url):
    with pytest.raises(ConfigurationError):
        check_base_url(url, {})


def test_every_request_carries_a_timeout(server, monkeypatch):
    """Spy (not fake): the real send runs; we only record the timeout it was given."""
    url, _ = server
    transport = _transport(url)
    seen = []
    real_send = transport.session.send

    def spy(request, **kwargs):
        seen.append(kwargs.get("timeout"))
        return real_send(request, **kwargs)

    monkeypatch.setattr(transport.session, "send", spy)
    transport.request("GET", "x")
    transport.request("POST", "y", data="z")
    assert len(seen) == 2 and all(t and all(part > 0 for part in t) for t in seen)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@host/api", "https://***@host/api"),
        ("htps://user:pw@host/api", "htps://***@host/api"),
        ("user:pw@host/api", "***@host/api"),
        ("http:/user:pw@host", "http:/***@host"),
        ("https://u:p@ss@host/x?y=1", "https://***@host/x?y=1"),
        ("https://host/api", "https://host/api"),
    ],
)
def test_mask_url_hides_userinfo_whatever_the_scheme_looks_like(url, shown):
    assert mask_url(url) == shown
