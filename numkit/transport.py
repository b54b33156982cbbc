"""HTTP for both API generations: the only module that imports requests.

One :class:`Transport` per client owns a ``requests.Session`` with Basic Auth, a
timeout on every call, a retry policy that only ever repeats idempotent requests, and a
bounded record of every exchange for the inspector panel.

Why a policy object on top of urllib3's ``Retry``: urllib3 retries connection errors
that happen *before* a request is sent (safe for any method, so it is mounted on the
adapter), but it knows neither an overall deadline shared with a polling loop nor V1's
``X-RateLimit-Reset`` header (epoch milliseconds). Those live in :class:`RetryPolicy`.

Secrets: the password only ever sits in the session's auth object. Exchange records keep
``Authorization: Basic ***`` and :meth:`Exchange.as_curl` writes an environment-variable
reference instead of the secret.
"""

from __future__ import annotations

import collections
import ipaddress
import json as _json
import os
import random
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from . import __version__
from .errors import ApiError, ConfigurationError, RateLimited, ServerError, Timeout, TransportError

__all__ = [
    "DEFAULT_TIMEOUT",
    "Exchange",
    "RetryPolicy",
    "Transport",
    "check_base_url",
    "check_timeout",
    "retry_after_seconds",
]

DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 30.0)
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MASK = "***"
_BODY_KEEP = 200_000  # characters of a body kept in an exchange record

ErrorMapper = Callable[[requests.Response, str, str], ApiError]


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
        if not isinstance(part, int | float) or isinstance(part, bool) or not part > 0:
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
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(f"base_url must be an http(s) URL with a host, not {url!r}")
    if parts.username or parts.password:
        raise ConfigurationError("base_url must not contain credentials; pass them separately")
    if (
        parts.scheme == "http"
        and not _is_loopback(parts.hostname)
        and env.get("NUMKIT_ALLOW_INSECURE_HTTP") != "1"
    ):
        raise ConfigurationError(
            f"refusing plain http:// to non-loopback host {parts.hostname!r}: credentials would "
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
        timeout: object = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
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
        self._map_error = error_mapper
        self._sleep = sleep
        self._clock = clock
        self.exchanges: collections.deque[Exchange] = collections.deque(maxlen=history)
        self.session = requests.Session()
        self.session.auth = (username, password)
        self.session.trust_env = False  # never pick up proxies/netrc credentials silently
        self.session.headers["User-Agent"] = f"numkit/{__version__} (+requests)"
        self.session.headers.update(default_headers or {})
        # Connection errors before the request is sent are safe to retry for any method.
        adapter = HTTPAdapter(
            max_retries=Retry(
                total=None, connect=2, read=False, redirect=0, status=0, other=0, backoff_factor=0.1
            )
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"<Transport {self.api} {self.base_url} user={self.username!r}>"

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
            if response.status_code < 400:
                return response
            error = self._map_error(response, method, response.url)
            retryable = isinstance(error, RateLimited | ServerError)
            hint = retry_after_seconds(response) if retryable else None
            if idempotent and retryable and self._may_retry(attempt, limit, hint):
                self._sleep(self._wait_for(attempt, limit, hint))
                continue
            raise error

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
            request_body=_text(prepared.body),
            secret_hint=self.secret_hint,
            api=self.api,
            user=self.username,
        )
        self.exchanges.append(record)
        began = time.perf_counter()
        try:
            response = self.session.send(prepared, timeout=timeout, allow_redirects=False)
        except requests.Timeout as exc:
            record.elapsed = time.perf_counter() - began
            record.error = f"timeout: {type(exc).__name__}"
            raise Timeout(
                f"{self.api} {method} {_path(url)}: no answer within the timeout {timeout}"
            ) from exc
        except requests.RequestException as exc:
            record.elapsed = time.perf_counter() - began
            record.error = f"{type(exc).__name__}"
            raise TransportError(
                f"{self.api} {method} {_path(url)}: connection failed ({type(exc).__name__})"
            ) from exc
        record.elapsed = time.perf_counter() - began
        record.status = response.status_code
        record.reason = response.reason or ""
        record.response_headers = dict(response.headers)
        record.response_body = _text(response.content)
        return response


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _masked(headers: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for name, value in headers.items():
        if name.lower() == "authorization":
            scheme = value.split(" ", 1)[0] if value else ""
            out[name] = f"{scheme} {MASK}".strip()
        else:
            out[name] = value
    return out


def _text(body: bytes | str | None) -> str | None:
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return body if len(body) <= _BODY_KEEP else body[:_BODY_KEEP] + "\n… (truncated)"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def encode_query(params: Mapping[str, Any]) -> str:
    """Query string exactly as the transport sends it (for plans and docs)."""
    return urlencode({k: _wire(v) for k, v in params.items() if v is not None})
