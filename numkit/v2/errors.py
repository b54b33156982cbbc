"""The ONE V2 error mapper: any Dashboard error answer → the right :class:`ApiError`.

The Dashboard has seven error envelopes and some errors come with an
empty body; this module reads all of them so callers only ever see ``http_status``,
``code``, ``description`` and ``errors`` (every (code, description, telephone_number)).
Kept apart from the success parsers because the transport calls it on every ≥ 400
answer of every V2 call, and the rest of the client never needs to know the envelopes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import ApiError, RateLimited, ResponseParseError, error_class_for_status
from ..models import ErrorTuple
from ..phone import from_wire
from ..xmlsafe import local_name, parse_xml
from ..xmltools import Element, get, kids, one, raw_bytes, root_of, text

__all__ = ["embedded_error", "envelope_errors", "error_from_response"]

_ENVELOPES = {"error", "errors", "responsestatus", "status"}


def envelope_errors(root: Element) -> list[ErrorTuple]:
    """Every (code, description, telephone_number) in any §7.1 XML envelope of ``root``.

    Covers ``SearchResult/Error``, ``…/ErrorList/Error`` (with ``TelephoneNumber`` or a
    ``TelephoneNumbers`` list), ``…/ResponseStatus`` (``ErrorCode`` or no code at all),
    both ``Errors`` forms and the LNP-style ``Status``. Found by name at any depth. A
    per-number entry whose number is not a NANP number keeps the wire text, so nothing
    the server said is lost.
    """
    out: list[ErrorTuple] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or local_name(element).lower() not in _ENVELOPES:
            continue
        found = kids(element)
        code = get(found, "Code", "ErrorCode")
        description = get(found, "Description", "Message")
        if code is None and description is None:
            continue  # a wrapper (<Errors><Error>…</Error></Errors>) or a plain <Status>
        texts = [text(e) for e in found.get("telephonenumber", [])]
        for holder in found.get("telephonenumbers", []):
            texts += [text(e) for e in holder if isinstance(e.tag, str)]
        numbers = [from_wire(t) or t for t in texts if t]
        if numbers:
            out.extend((code, description, n) for n in numbers)
        else:
            out.append((code, description, None))
    return out


_EMPTY_BODY = {
    401: "authentication failed: wrong username or password, or not an API user "
    "(the API sends no error body)",
    403: "permission denied: this user lacks the role or account feature for this call "
    "(the API sends no error body)",
    404: "the resource does not exist",
    429: "too many requests",
}


def _json_error(body: bytes) -> tuple[str | None, str | None]:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(doc, dict):
        return None, None
    error = doc.get("error")
    inner: dict[str, Any] = error if isinstance(error, dict) else doc
    code = inner.get("code")
    description = inner.get("description") or inner.get("message")
    return (None if code is None else str(code)), (
        None if description is None else str(description)
    )


def _text_excerpt(body: bytes, limit: int = 200) -> str | None:
    plain = re.sub(r"<[^>]*>", " ", body.decode("utf-8", errors="replace"))
    plain = " ".join(plain.split())
    if not plain:
        return None
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def error_from_response(response: Any, method: str, url: str) -> ApiError:
    """Any V2 error response → the right :class:`ApiError` subclass.

    ``code``/``description`` come from the first error of the envelope, ``errors`` keeps
    all of them (per-number errors included). Empty-body 401/403 get a description that
    says what usually causes them. 429 carries ``retry_after``.
    """
    from ..transport import retry_after_seconds

    status = int(response.status_code)
    cls = error_class_for_status(status)
    body: bytes = response.content or b""
    code: str | None = None
    description: str | None = None
    errors: list[ErrorTuple] = []
    stripped = body.strip()
    readable = False  # an XML/JSON body we understood (its lack of details is meaningful)
    if stripped.startswith(b"<"):
        try:
            root: Element | None = parse_xml(body)
        except ResponseParseError:
            root = None
        if root is not None and local_name(root).lower() != "html":
            readable = True
            errors = envelope_errors(root)
            if errors:
                code, description = errors[0][0], errors[0][1]
            else:
                description = get(kids(root), "Description")
    elif stripped[:1] in (b"{", b"["):
        code, description = _json_error(stripped)
        readable = code is not None or description is not None
    if description is None and code is None and stripped and not readable:
        description = _text_excerpt(stripped)  # an HTML page from a proxy, plain text…
    if description is None and code is None:
        description = _EMPTY_BODY.get(status) or (response.reason or None)
    kwargs: dict[str, Any] = dict(
        http_status=status,
        code=code,
        description=description,
        method=method.upper(),
        url=url,
        body=body,
        errors=errors,
        api="V2",
    )
    if cls is RateLimited:
        return RateLimited(retry_after=retry_after_seconds(response), **kwargs)
    return cls(**kwargs)


def embedded_error(
    data: bytes | Element, *, http_status: int = 200, method: str = "", url: str = ""
) -> ApiError | None:
    """A 2xx body whose only content is a ``ResponseStatus`` with an ``ErrorCode`` (seen
    on site-scoped calls, e.g. 12016 "Site … does not exist") → ApiError, else None."""
    status = one(kids(root_of(data)), "ResponseStatus")
    if status is None:
        return None
    found = kids(status)
    code = get(found, "ErrorCode")
    if code is None:
        return None
    return ApiError(
        http_status=http_status,
        code=code,
        description=get(found, "Description"),
        method=method,
        url=url,
        body=raw_bytes(data),
        api="V2",
    )
