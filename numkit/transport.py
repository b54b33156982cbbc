"""HTTP for both API generations: the only module that imports requests.

One :class:`Transport` per client owns a ``requests.Session`` with Basic Auth, a
timeout on every call, a retry policy that only ever repeats idempotent requests, and a
bounded record of every exchange for the inspector panel.

Why a policy object on top of urllib3's ``Retry``: urllib3 retries connection errors
that happen *before* a request is sent (safe for any method, so it is mounted on the
adapter), but it knows neither an overall deadline shared with a polling loop nor V1's
``X-RateLimit-Reset`` header (epoch milliseconds). Those live in :class:`RetryPolicy`.

Hostile or broken servers (issue 12): ``read`` in ``timeout=(connect, read)`` bounds the
whole response from sending (:mod:`numkit.httpwatch`), bodies are streamed and capped
after decompression (:data:`MAX_BODY_BYTES`), a redirect is an error (never followed: it
could carry the credentials elsewhere) and an HTML page is not an API answer.

Secrets: the password only ever sits in the session's auth object. Errors are raised
without the requests exception chained to them: its frames hold the prepared request,
whose ``Authorization`` header a verbose traceback would print. Exchange records keep
``Authorization: Basic ***`` and :meth:`Exchange.as_curl` writes an environment-variable
reference instead of the secret. A secret sent in a request *body* (the Dashboard
password of a V1 import) is masked when the exchange is recorded
(:func:`numkit.bodies.mask_secrets`).
"""

from __future__ import annotations

import collections
import ipaddress
import json as _json
import math
import os
import random
import re
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeAlias
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.retry import Retry

from . import __version__
from .bodies import mask_secrets
from .envvars import ALLOW_INSECURE_HTTP
from .errors import (
    ApiError,
    ConfigurationError,
    RateLimited,
    ResponseParseError,
    ServerError,
    Timeout,
    TransportError,
)
from .httpwatch import Watch, WatchingAdapter, watching

__all__ = [
    "DEFAULT_TIMEOUT",
    "Exchange",
    "RetryPolicy",
    "Transport",
    "check_base_url",
    "check_timeout",
    "mask_url",
    "retry_after_seconds",
]

DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 30.0)
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MASK = "***"
_BODY_KEEP = 200_000  # characters of a body kept in an exchange record
#: Largest response body read, counted after decompression (a 5,000-number detailed V2
#: search is about 3 MB; the hardened XML parser's own cap is 64 MiB).
MAX_BODY_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024
_USERINFO = re.compile(r"[^\s/?#]*@")  # "user:pw@" wherever it sits, scheme typo or not
_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)

ErrorMapper = Callable[[requests.Response, str, str], ApiError]
#: ``timeout=``: seconds for both phases, or (connect, read).
TimeoutArg: TypeAlias = float | tuple[float, float]


def mask_url(url: object) -> str:
    """``url`` as text with any ``user:password@`` replaced by ``***@`` (for messages)."""
    return _USERINFO.sub(f"{MASK}@", str(url))


def check_timeout(timeout: object) -> tuple[float, float]:
    """Normalise ``timeout`` to (connect, read); zero, negative or junk is a ConfigurationError."""
    if isinstance(timeout, int | float) and not isinstance(timeout, bool):
        pair: tuple[Any, Any] = (timeout, timeout)
    elif isinstance(timeout, tuple | list) and len(timeout) == 2:
        pair = (timeout[0], timeout[1])
    else:
        raise ConfigurationError(
            f"timeout must be seconds or a (connect, read) pair, not {timeout!r}"
        )
    for part in pair:
        if not isinstance(part, int | float) or isinstance(part, bool) or not 0 < part < math.inf:
            raise ConfigurationError(f"timeout values must be positive seconds, got {timeout!r}")
    return float(pair[0]), float(pair[1])


def _is_loopback(host: str) -> bool:
    if host in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, env: Mapping[str, str] | None = None) -> str:
    """Refuse plain http:// to anything but loopback unless NUMKIT_ALLOW_INSECURE_HTTP=1.

    Basic Auth over plain HTTP hands the password to anyone on the path; a sandbox on a
    workshop LAN is the one legitimate case, and it has to be asked for by name.
    """
    env = os.environ if env is None else env
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError("base_url must be a non-empty http(s) URL")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:  # a bad port or bracket: say so without echoing the secret
        raise ConfigurationError(
            f"base_url is not a valid URL: {mask_url(url.strip())!r}"
        ) from None
    if parts.scheme not in {"http", "https"} or not host:
        raise ConfigurationError(
            f"base_url must be an http(s) URL with a host, not {mask_url(url.strip())!r}"
        )
    if parts.username or parts.password:
        raise ConfigurationError("base_url must not contain credentials; pass them separately")
    if parts.scheme == "http" and not _is_loopback(host) and env.get(ALLOW_INSECURE_HTTP) != "1":
        raise ConfigurationError(
            f"refusing plain http:// to non-loopback host {host!r}: credentials would "
            "travel unencrypted. Use https://, or set NUMKIT_ALLOW_INSECURE_HTTP=1 for a "
            "workshop sandbox on a LAN."
        )
    return url.strip().rstrip("/")


def retry_after_seconds(response: requests.Response, now: float | None = None) -> float | None:
    """Seconds to wait: ``Retry-After`` (V2, seconds) or ``X-RateLimit-Reset`` (V1, epoch ms)."""
    value = response.headers.get("Retry-After")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
    reset = response.headers.get("X-RateLimit-Reset")
    if reset:
        try:
            reset_s = float(reset) / 1000.0
        except ValueError:
            return None
        now = time.time() if now is None else now
        return max(0.0, reset_s - now)
    return None


@dataclass
class RetryPolicy:
    """When and how long to wait before repeating an idempotent request.

    Exponential backoff with full jitter from ``backoff`` up to ``cap`` seconds, at most
    ``attempts`` tries, never past ``deadline`` seconds after the first try (or past a
    caller's absolute deadline, e.g. a polling loop's).
    """

    attempts: int = 4
    backoff: float = 0.25
    cap: float = 5.0
    deadline: float = 30.0

    def delay(self, attempt: int, hint: float | None = None) -> float:
        base = min(self.cap, self.backoff * (2 ** (attempt - 1)))
        jittered = base / 2 + random.uniform(0, base / 2)
        return max(jittered, hint or 0.0)


@dataclass
class Exchange:
    """One request/response pair, as the inspector shows it (Authorization masked)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int | None = None
    reason: str = ""
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    elapsed: float = 0.0
    attempt: int = 1
    error: str | None = None
    secret_hint: str = "$PASSWORD"  # noqa: S105 (a placeholder, not a secret)
    api: str = ""
    user: str = "USER"

    def as_curl(self) -> str:
        """A copy-paste curl command; the secret is an environment-variable reference."""
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.url)]
        parts += ["-u", f'"{self.user}:{self.secret_hint}"']
        for name, value in self.request_headers.items():
            if name.lower() in {"authorization", "content-length"}:
                continue
            if name.lower() in {"accept-encoding", "connection", "user-agent", "accept"}:
                continue
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body:
            parts += ["--data-binary", shlex.quote(self.request_body)]
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<Exchange {self.method} {self.url} -> {self.status or self.error}>"


class Transport:
    """Session + auth + timeouts + retries + exchange log for one API base URL."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        api: str,
        error_mapper: ErrorMapper,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
        max_body: int = MAX_BODY_BYTES,
        secret_hint: str = "$PASSWORD",  # noqa: S107 (placeholder)
        default_headers: Mapping[str, str] | None = None,
        display_user: str | None = None,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        history: int = 50,
    ) -> None:
        self.base_url = check_base_url(base_url, env)
        self.timeout = check_timeout(timeout)
        self.api = api
        # What reprs and curl show as the user; V1's "user" is its API token, a credential.
        self.username = display_user or username
        self.policy = policy or RetryPolicy()
        self.secret_hint = secret_hint
        self.max_body = max_body
        self._map_error = error_mapper
        self._sleep = sleep
        self._clock = clock
        self.exchanges: collections.deque[Exchange] = collections.deque(maxlen=history)
        #: Called with each exchange once it has finished (answered or failed): how a
        #: lesson shows every poll as it happens (numkit.lesson_tools.watch_polls).
        self.watchers: list[Callable[[Exchange], None]] = []
        self.session = requests.Session()
        self.session.auth = (username, password)
        self.session.trust_env = False  # never pick up proxies/netrc credentials silently
        self.session.headers["User-Agent"] = f"numkit/{__version__} (+requests)"
        self.session.headers.update(default_headers or {})
        # Connection errors before the request is sent are safe to retry for any method.
        adapter = WatchingAdapter(
            max_retries=Retry(
                total=None, connect=2, read=False, redirect=0, status=0, other=0, backoff_factor=0.1
            )
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __repr__(self) -> str:
        api, url = getattr(self, "api", "?"), getattr(self, "base_url", "?")
        return f"<Transport {api} {url} user={getattr(self, 'username', '?')!r}>"

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise ConfigurationError(
            "a numkit transport cannot be pickled: it holds live credentials. Build a new "
            "client in the other process (from the environment, e.g. V2Client())."
        )

    def close(self) -> None:
        self.session.close()

    def url_for(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return urljoin(self.base_url + "/", path_or_url.lstrip("/"))

    # -- the one request path ------------------------------------------------------------
    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | str | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        deadline: float | None = None,
    ) -> requests.Response:
        """Send one request; retry only if idempotent; raise ApiError/TransportError.

        ``deadline`` is an absolute ``clock()`` value; retries (and each attempt's read
        timeout) never go past it, so a caller's own timeout stays honest.
        """
        method = method.upper()
        url = self.url_for(path_or_url)
        if idempotent is None:
            idempotent = method in IDEMPOTENT
        start = self._clock()
        limit = start + self.policy.deadline
        if deadline is not None:
            limit = min(limit, deadline)
        if json is not None:
            data = _json.dumps(json)
            headers = {"Content-Type": "application/json", **(headers or {})}
        clean_params = {k: _wire(v) for k, v in (params or {}).items() if v is not None}
        attempt = 0
        while True:
            attempt += 1
            remaining = limit - self._clock()
            connect, read = self.timeout
            if deadline is not None:
                read = max(0.05, min(read, remaining))
            try:
                response = self._send(method, url, clean_params, data, headers, (connect, read))
            except TransportError:
                if not idempotent or not self._may_retry(attempt, limit, None):
                    raise
                self._sleep(self._wait_for(attempt, limit, None))
                continue
            if response.status_code < 300:
                self._refuse_html(response, method)
                return response
            if response.status_code < 400:
                raise self._redirect_error(response, method)
            error = self._map_error(response, method, response.url)
            retryable = isinstance(error, RateLimited | ServerError)
            hint = retry_after_seconds(response) if retryable else None
            if idempotent and retryable and self._may_retry(attempt, limit, hint):
                self._sleep(self._wait_for(attempt, limit, hint))
                continue
            raise error

    def _redirect_error(self, response: requests.Response, method: str) -> ApiError:
        """A 3xx is never success: numkit does not follow redirects (they could carry the
        credentials elsewhere), and a redirect is not the answer the API documents."""
        where = mask_url(response.headers.get("Location") or "nowhere")
        return ApiError(
            http_status=response.status_code,
            code=None,
            description=f"unexpected redirect to {where}; numkit does not follow redirects "
            "(check the base URL: a proxy or login page may sit in front of the API)",
            method=method,
            url=mask_url(response.url),
            body=response.content,
            api=self.api,
        )

    def _refuse_html(self, response: requests.Response, method: str) -> None:
        """An HTML page with status 200 (a captive portal, a proxy's login page) is not an
        API answer; reading it as XML would look like "0 numbers found"."""
        ctype = response.headers.get("Content-Type", "").lower()
        if "text/html" in ctype or _HTML.match(response.content[:4096]):
            raise ResponseParseError(
                f"{self.api} {method} {_path(response.url)}: the server answered "
                f"{response.status_code} with an HTML page, not the API's XML/JSON (check the "
                "base URL: a proxy or login page may sit in front of the API)"
            )

    def _may_retry(self, attempt: int, limit: float, hint: float | None) -> bool:
        if attempt >= self.policy.attempts:
            return False
        return self._clock() + (hint or 0.0) < limit

    def _wait_for(self, attempt: int, limit: float, hint: float | None) -> float:
        return max(0.0, min(self.policy.delay(attempt, hint), limit - self._clock()))

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str],
        data: bytes | str | None,
        headers: Mapping[str, str] | None,
        timeout: tuple[float, float],
    ) -> requests.Response:
        prepared = self.session.prepare_request(
            requests.Request(method, url, params=params, data=data, headers=dict(headers or {}))
        )
        record = Exchange(
            method=method,
            url=prepared.url or url,
            request_headers=_masked(prepared.headers),
            # Secrets sent in a body (a V1 import's Dashboard password) are masked
            # here, before any record, watcher, inspector or curl can see them.
            request_body=_text(mask_secrets(_body_of(prepared), prepared.headers)),
            secret_hint=self.secret_hint,
            api=self.api,
            user=self.username,
        )
        self.exchanges.append(record)
        began = time.perf_counter()
        watch = Watch(timeout[1])
        failure: TransportError | ResponseParseError | None = None
        response: requests.Response | None = None
        try:
            with watching(watch):
                response = self.session.send(
                    prepared, timeout=timeout, allow_redirects=False, stream=True
                )
                self._read_body(response)
                if watch.fired:  # the shut socket ended the answer early: it is cut short
                    raise requests.Timeout("whole-response deadline")
        except ResponseParseError as exc:
            failure = exc
        except requests.RequestException as exc:
            failure, record.error = self._transport_error(exc, watch, method, url, timeout)
        finally:
            watch.close()
            if failure is not None and response is not None:
                response.close()
        record.elapsed = time.perf_counter() - began
        if failure is not None:
            # Raised here, outside the except block: the requests/urllib3 exception (and its
            # traceback frames, which hold the prepared request with the Authorization
            # header) is not chained to what the caller sees.
            if record.error is None:
                record.error = type(failure).__name__
            if response is not None:
                record.status = response.status_code
            self._finished(record)
            raise failure
        assert response is not None
        record.status = response.status_code
        record.reason = response.reason or ""
        record.response_headers = dict(response.headers)
        record.response_body = _text(response.content)
        self._finished(record)
        return response

    def _finished(self, record: Exchange) -> None:
        for watcher in list(self.watchers):
            watcher(record)

    def _read_body(self, response: requests.Response) -> None:
        """Read the streamed body into ``response.content``, at most ``max_body`` bytes
        after decompression (a small gzip answer can inflate to gigabytes)."""
        limit = self.max_body
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(response, limit)
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_content(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise self._too_large(response, limit)
            chunks.append(chunk)
        response._content = b"".join(chunks)  # what .content/.text/.json() read

    def _too_large(self, response: requests.Response, limit: int) -> ResponseParseError:
        return ResponseParseError(
            f"{self.api} {response.request.method} {_path(response.url)}: the response body "
            f"is larger than numkit's limit of {limit:,} bytes (after decompression); it was "
            "not read further"
        )

    def _transport_error(
        self,
        exc: requests.RequestException,
        watch: Watch,
        method: str,
        url: str,
        timeout: tuple[float, float],
    ) -> tuple[TransportError, str]:
        """The numkit error for a requests failure, and a short note for the record."""
        where = f"{self.api} {method} {_path(url)}"
        if watch.fired:
            error: TransportError = Timeout(
                f"{where}: the whole answer did not arrive within the read timeout "
                f"({timeout[1]:g} s, counted from sending)"
            )
            detail = "timeout: whole-response deadline"
        elif isinstance(exc, requests.Timeout):
            error = Timeout(f"{where}: no answer within the timeout {timeout}")
            detail = f"timeout: {type(exc).__name__}"
        else:
            error = TransportError(f"{where}: connection failed ({type(exc).__name__})")
            detail = type(exc).__name__
        error.sent = not _never_sent(exc)
        return error, detail


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request certainly never reached a server (no connection was made)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason: object = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _masked(headers: Mapping[str, str | bytes]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, raw in headers.items():
        value = raw.decode("latin-1") if isinstance(raw, bytes) else raw
        if name.lower() == "authorization":
            scheme = value.split(" ", 1)[0] if value else ""
            out[name] = f"{scheme} {MASK}".strip()
        else:
            out[name] = value
    return out


def _body_of(prepared: requests.PreparedRequest) -> bytes | str | None:
    body = prepared.body
    return body if isinstance(body, bytes | str) else None


def _text(body: bytes | str | None) -> str | None:
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return body if len(body) <= _BODY_KEEP else body[:_BODY_KEEP] + "\n… (truncated)"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
