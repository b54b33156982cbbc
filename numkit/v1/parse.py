"""V1 (Catapult) JSON → numkit models, and the ONE V1 error mapper.

Pure functions over bytes/dicts (plus a ``requests.Response`` for the mapper), so they
are tested with fixture files and reused by the translator.

V1 wire facts that shape this module:

* errors are ``{"category", "code", "message", "details": [{"name", "value"}]}``, but the
  429 body has **no** ``message`` (python-bandwidth crashed on it with a KeyError) and
  its ``code`` is ``rate-limit-reached``; proxies and load balancers answer with HTML or
  plain text, so a non-JSON error body must still become a readable ApiError;
* ``Content-Type`` may carry a charset suffix (``application/json; charset=utf-8``);
* prices are strings (``"0.35"``), times ISO-8601 UTC (``2013-02-13T17:46:08.374Z``);
* ``Location`` may be relative or absolute; the id is its last path segment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import ApiError, RateLimited, ResponseParseError, error_class_for_status
from ..isotime import parse_iso
from ..phone import from_wire
from ..transport import retry_after_seconds
from .models import PhoneNumber, V1AvailableNumber

__all__ = [
    "error_from_response",
    "id_from_location",
    "load_json",
    "parse_available_numbers",
    "parse_error_body",
    "parse_ordered_numbers",
    "parse_phone_number",
    "parse_phone_numbers",
    "parse_price",
    "parse_time",
]

_SNIPPET = 200


# -- errors ------------------------------------------------------------------------------
def parse_error_body(body: bytes | str | None) -> dict[str, Any] | None:
    """The ``{category, code, message, details}`` dict of a V1 error body, or None.

    ``details`` comes back as a ``{name: value}`` dict (its wire form is a list of
    name/value pairs). Anything that is not a JSON object gives None.
    """
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    text = body.strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # junk, or nested deeper than Python recurses
        return None
    if not isinstance(data, dict):
        return None
    details: dict[str, str] = {}
    raw_details = data.get("details")
    if isinstance(raw_details, list):
        for item in raw_details:
            if isinstance(item, Mapping) and "name" in item:
                details[str(item["name"])] = str(item.get("value", ""))
    elif isinstance(raw_details, Mapping):
        details = {str(k): str(v) for k, v in raw_details.items()}
    return {
        "category": _str_or_none(data.get("category")),
        "code": _str_or_none(data.get("code")),
        "message": _str_or_none(data.get("message")),
        "details": details,
    }


def error_from_response(response: Any, method: str, url: str) -> ApiError:
    """Map any V1 error response (status ≥ 400) to the numkit exception tree.

    ``.code`` is V1's ``code`` (``user-access-denied``); the error also carries
    ``.category`` and ``.details``. A 429 becomes :class:`RateLimited` whose
    ``retry_after`` comes from ``X-RateLimit-Reset`` (epoch milliseconds), or from the
    body's ``rateLimitResetTime`` detail when the header is missing.
    """
    status = int(response.status_code)
    content = response.content or b""
    text = content.decode("utf-8", errors="replace")
    parsed = parse_error_body(text)
    if parsed is not None:
        code = parsed["code"] or parsed["category"]
        description = parsed["message"]
        category, details = parsed["category"], parsed["details"]
    else:
        category, details, code = None, {}, None
        snippet = " ".join(text.split())
        if len(snippet) > _SNIPPET:
            snippet = snippet[: _SNIPPET - 1] + "…"
        reason = getattr(response, "reason", "") or ""
        if snippet:
            ctype = response.headers.get("Content-Type", "") or "no Content-Type"
            description = f"non-JSON error body ({ctype.split(';')[0]}): {snippet}"
        else:
            description = reason or None

    cls = error_class_for_status(status)
    kwargs: dict[str, Any] = {
        "http_status": status,
        "code": code,
        "description": description,
        "method": method.upper(),
        "url": url,
        "body": text,
        "api": "V1",
    }
    if cls is RateLimited:
        retry_after = retry_after_seconds(response)
        if retry_after is None and details.get("rateLimitResetTime"):
            retry_after = _reset_to_seconds(details["rateLimitResetTime"])
        if description is None:
            when = f"retry in {retry_after:.1f} s" if retry_after is not None else "retry later"
            description = f"rate limit reached ({when}; X-RateLimit-Reset is epoch milliseconds)"
            kwargs["description"] = description
        error: ApiError = RateLimited(retry_after=retry_after, **kwargs)
    else:
        error = cls(**kwargs)
    error.category = category  # type: ignore[attr-defined]
    error.details = details  # type: ignore[attr-defined]
    return error


def _reset_to_seconds(value: str) -> float | None:
    import time

    try:
        return max(0.0, float(value) / 1000.0 - time.time())
    except ValueError:
        return None


# -- success bodies ----------------------------------------------------------------------
def load_json(response: Any, what: str = "response") -> Any:
    """The JSON body of a successful V1 response, or ResponseParseError saying why not."""
    content = response.content or b""
    if not content.strip():
        raise ResponseParseError(f"V1 {what}: empty body where JSON was expected")
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as exc:  # RecursionError: hostile deep nesting
        ctype = response.headers.get("Content-Type", "")
        raise ResponseParseError(
            f"V1 {what}: body is not JSON (Content-Type {ctype!r}): {exc}"
        ) from exc


def parse_price(value: Any) -> float | None:
    """``"0.35"`` → 0.35; missing or junk → None."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_time(value: Any) -> datetime | None:
    """ISO-8601 (``2013-02-13T17:46:08.374Z``) → aware UTC datetime; junk → None."""
    parsed = parse_iso(value) if isinstance(value, str) else None
    return parsed.astimezone(UTC) if parsed is not None else None


def id_from_location(location: str | None) -> str | None:
    """``…/phoneNumbers/n-abc`` (relative or absolute) → ``n-abc``."""
    if not location:
        return None
    path = urlsplit(location.strip()).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return unquote(last) or None


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text != "" else None


#: text fields of V1's number objects: dataclass field → JSON key (V1 spells it camelCase)
_AVAILABLE_TEXTS = {
    "national_number": "nationalNumber",
    "city": "city",
    "rate_center": "rateCenter",
    "state": "state",
    "lata": "lata",
    "pattern_match": "patternMatch",
}
_NUMBER_TEXTS = {
    "national_number": "nationalNumber",
    "name": "name",
    "city": "city",
    "state": "state",
    "number_state": "numberState",
    "application_id": "applicationId",
    "application": "application",
    "fallback_number": "fallbackNumber",
}


def _texts(obj: Mapping[str, Any], table: Mapping[str, str]) -> dict[str, Any]:
    """The text fields ``table`` names, read from ``obj`` (missing or "" → None)."""
    return {field: _str_or_none(obj.get(key)) for field, key in table.items()}


def _e164(value: Any, what: str) -> str:
    """The ``number`` of a V1 answer as E.164 (``+19195551212``); anything that is not a
    NANP number (``'>'``, ``'1234'``) is a ResponseParseError, never a row."""
    text = _str_or_none(value)
    ten = from_wire(text)
    if ten is None:
        raise ResponseParseError(f"V1 {what}: {text!r} is not a telephone number")
    return "+1" + ten


def _require_list(data: Any, what: str) -> list[Any]:
    if not isinstance(data, list):
        raise ResponseParseError(f"V1 {what}: expected a JSON array, got {type(data).__name__}")
    return data


def _require_object(item: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise ResponseParseError(f"V1 {what}: expected a JSON object, got {type(item).__name__}")
    return item


def parse_available_numbers(data: Any) -> tuple[V1AvailableNumber, ...]:
    """A V1 search answer (a bare JSON array) → V1AvailableNumber tuple."""
    out = []
    for item in _require_list(data, "search result"):
        obj = _require_object(item, "search result entry")
        number = _e164(obj.get("number"), "search result entry")
        out.append(
            V1AvailableNumber(
                number=number,
                **_texts(obj, _AVAILABLE_TEXTS),
                price=parse_price(obj.get("price")),
                raw=dict(obj),
            )
        )
    return tuple(out)


def parse_phone_number(
    data: Any, *, location: str | None = None, source: str = "fetched"
) -> PhoneNumber:
    """One V1 number object (``GET …/phoneNumbers/{id}``) → PhoneNumber."""
    obj = _require_object(data, "phone number")
    location = location or _str_or_none(obj.get("location"))
    number_id = _str_or_none(obj.get("id")) or id_from_location(location)
    if not number_id or not _str_or_none(obj.get("number")):
        raise ResponseParseError("V1 phone number without 'id' (or location) and 'number'")
    number = _e164(obj.get("number"), "phone number")
    return PhoneNumber(
        id=number_id,
        number=number,
        **_texts(obj, _NUMBER_TEXTS),
        price=parse_price(obj.get("price")),
        created_time=parse_time(obj.get("createdTime")),
        location=location,
        source=source,
        raw=dict(obj),
    )


def parse_phone_numbers(data: Any) -> tuple[PhoneNumber, ...]:
    """A page of ``GET /users/{u}/phoneNumbers`` (a bare JSON array)."""
    return tuple(parse_phone_number(item) for item in _require_list(data, "number list"))


def parse_ordered_numbers(data: Any) -> tuple[PhoneNumber, ...]:
    """A search-and-order answer: ``[{number, nationalNumber, price, location}, …]``."""
    return tuple(
        parse_phone_number(item, source="search-and-order")
        for item in _require_list(data, "search-and-order result")
    )
