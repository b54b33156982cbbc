"""The one exception tree of numkit.

::

    NumkitError
      ConfigurationError      missing/invalid credentials, base URL or option (also ValueError)
      ValidationError         bad input caught before sending: field, value, rule (also ValueError)
      TransportError          the request never got an HTTP answer (wraps the cause)
        Timeout               connect or read timeout
        OutcomeUnknown        a non-repeatable request's answer was lost and could not be
                              reconciled; ``check`` says how to find out
      ApiError                the server answered with an error envelope
        AuthenticationError   401
        PermissionDenied      403
        NotFound              404
        RateLimited           429 (retry_after seconds)
        ServerError           5xx
      ResponseParseError      the body is not the JSON/XML we expect
      PollTimeout             an order/disconnect did not reach a final state in time
        PollStopped           the caller stopped waiting (e.g. a panel's "Stop waiting")

Order outcomes (COMPLETE, PARTIAL, FAILED, BACKORDERED) are results, never exceptions:
a FAILED order is an answer the caller must look at, not a crash.

Every ``str(error)`` is one readable line, and no error ever carries a secret: messages
are built from method, URL (which never contains credentials), status, code and
description only.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ApiError",
    "AuthenticationError",
    "ConfigurationError",
    "NotFound",
    "NumkitError",
    "OutcomeUnknown",
    "PermissionDenied",
    "PollStopped",
    "PollTimeout",
    "RateLimited",
    "ResponseParseError",
    "ServerError",
    "Timeout",
    "TransportError",
    "ValidationError",
    "error_class_for_status",
]


class NumkitError(Exception):
    """Root of every error numkit raises on purpose.

    ``created_ids`` is set only when a call that creates several things (a disconnect
    split into batches) fails part-way: the ids already created, so none is lost track of.
    """

    created_ids: list[str]


class ConfigurationError(NumkitError, ValueError):
    """Credentials, base URL or an option is missing or invalid."""


class ValidationError(NumkitError, ValueError):
    """Input rejected before anything was sent.

    ``field`` names the argument, ``value`` is what was given and ``rule`` says what
    it must satisfy, so a panel can highlight the right box.
    """

    def __init__(self, field: str, value: Any, rule: str) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        super().__init__(f"{field}={value!r}: {rule}")


class TransportError(NumkitError):
    """The request got no HTTP answer (DNS, refused, reset, TLS...).

    ``sent`` is False only when the request certainly never reached a server (no
    connection could be made), which is what lets an order be re-sent without a doubt.
    """

    sent: bool = True


class Timeout(TransportError):
    """Connect or read timeout."""


class OutcomeUnknown(TransportError):
    """A request that must not be repeated blindly (an order, a disconnect) lost its
    answer, and looking it up did not settle whether the server acted on it.

    numkit did not send it again. ``check`` is a call or URL that finds out.
    """

    def __init__(self, message: str, *, check: str = "") -> None:
        self.check = check
        super().__init__(message)


class ApiError(NumkitError):
    """The API answered with an error.

    ``code`` is Bandwidth's own error code (``"5022"`` on V2, ``"user-access-denied"`` on
    V1) and is distinct from ``http_status``. ``errors`` keeps every per-number error
    of an ``ErrorList`` as (code, description, telephone_number) tuples.
    """

    def __init__(
        self,
        *,
        http_status: int,
        code: str | None = None,
        description: str | None = None,
        method: str = "",
        url: str = "",
        body: bytes | str | None = None,
        errors: list[tuple[str | None, str | None, str | None]] | None = None,
        api: str = "",
    ) -> None:
        self.http_status = http_status
        self.code = code
        self.description = description
        self.method = method
        self.url = url
        self.body = body
        self.errors = list(errors or [])
        self.api = api
        super().__init__(self._line())

    def _line(self) -> str:
        where = " ".join(p for p in (self.api, self.method, _path_of(self.url)) if p)
        what = ": ".join(p for p in (self.code, self.description) if p) or "no error details"
        return f"HTTP {self.http_status} from {where}: {what}".replace(" from :", ":")


class AuthenticationError(ApiError):
    """401: wrong credentials (or, on V1, a userId the credentials do not own)."""


class PermissionDenied(ApiError):
    """403: the user lacks the role or the account feature."""


class NotFound(ApiError):
    """404: unknown id, or a resource that is gone."""


class RateLimited(ApiError):
    """429: slow down; ``retry_after`` is in seconds (None when the server did not say)."""

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class ServerError(ApiError):
    """5xx: the server failed; idempotent calls were already retried."""


class ResponseParseError(NumkitError):
    """The body is not the JSON/XML shape we expect (or is hostile XML)."""


class PollTimeout(NumkitError):
    """Waiting ran out before a final state; ``last_status`` is what we saw last.

    The order still exists and may still finish: wait again with its id.
    """

    def __init__(self, message: str, last_status: Any = None) -> None:
        self.last_status = last_status
        super().__init__(message)


class PollStopped(PollTimeout):
    """The caller asked to stop waiting; the order or disconnect carries on regardless."""


_BY_STATUS: dict[int, type[ApiError]] = {
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    429: RateLimited,
}


def error_class_for_status(status: int) -> type[ApiError]:
    """The ApiError subclass for an HTTP status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


def _path_of(url: str) -> str:
    """Keep messages short: the path and query, not scheme and host."""
    if "://" in url:
        rest = url.split("://", 1)[1]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"
    return url
