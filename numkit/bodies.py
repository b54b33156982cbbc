"""The one body pretty-printer: JSON and XML request/response bodies, indented.

Used by the V1 → V2 side-by-side view (:mod:`numkit.migrate`), the exchange inspector
panel and notebooks (``pretty_body(exchange.response_body, exchange.response_headers)``).
XML goes through numkit's hardened parser, so a hostile body (entities, a DOCTYPE) is
shown as received, never expanded. The result is plain text: whoever puts it into HTML
escapes it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["clip_lines", "content_type_of", "mask_secrets", "pretty_body"]


def content_type_of(headers: Mapping[str, str] | str | None) -> str:
    """The Content-Type of a header mapping (any case), or the string itself, lowered."""
    if headers is None:
        return ""
    if isinstance(headers, str):
        return headers.lower()
    for name, value in headers.items():
        if name.lower() == "content-type":
            return str(value).lower()
    return ""


def pretty_body(
    body: str | bytes | None,
    headers: Mapping[str, str] | str | None = None,
    *,
    mask: bool = True,
) -> str:
    """JSON and XML indented by two spaces; anything else (or unparseable) as received.

    ``headers`` is the exchange's header mapping or a Content-Type string; without it
    the body's first character decides (``{``/``[`` → JSON, ``<`` → XML). With ``mask``
    (the default) the values of JSON keys and XML elements named like secrets
    (``password``, ``apiSecret``, …: a V1 import body, a subscription's callback
    credentials) show as ``***``.
    """
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    stripped = text.strip()
    ctype = content_type_of(headers)
    if "json" in ctype or stripped[:1] in ("[", "{"):
        try:
            data = json.loads(stripped)
            return json.dumps(_masked(data) if mask else data, indent=2, ensure_ascii=False)
        except (ValueError, RecursionError):
            return text
    if "xml" in ctype or stripped.startswith("<"):
        return _pretty_xml(stripped, text, mask=mask)
    return text


def mask_secrets(
    body: str | bytes | None, headers: Mapping[str, Any] | str | None = None
) -> str | bytes | None:
    """``body`` with the values of JSON keys and XML leaf elements named like secrets
    replaced by ``***``; returned unchanged (the same object) when it holds none.

    The transport records request bodies through this, so a secret sent *in a body*
    (a V1 import's Dashboard ``provider.properties.password``, a subscription's callback
    ``<Password>``) is masked before any record, watcher, inspector, curl or log sees
    it. Only fields that change are rewritten: the rest of the record is what was sent.
    """
    if not body:
        return body
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    from .display import is_secret_name

    if not is_secret_name(text):  # no secret-like word anywhere: nothing to parse
        return body
    stripped = text.strip()
    ctype = content_type_of(headers)
    if "json" in ctype or stripped[:1] in ("[", "{"):
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError):
            return body
        masked = _masked(data)
        return body if masked == data else json.dumps(masked)
    if "xml" in ctype or stripped.startswith("<"):
        return _masked_xml(stripped, body)
    return body


def _masked_xml(stripped: str, original: str | bytes) -> str | bytes:
    from lxml import etree

    from .display import MASK, is_secret_name
    from .errors import NumkitError
    from .xmlsafe import parse_xml

    try:
        root = parse_xml(stripped.encode("utf-8"))
    except (NumkitError, ValueError, etree.LxmlError):
        return original
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str) or len(element) or not (element.text or "").strip():
            continue
        if is_secret_name(etree.QName(element).localname):
            element.text = MASK
            changed = True
    if not changed:
        return original
    declaration = stripped[: stripped.find("?>") + 2] if stripped.startswith("<?xml") else ""
    return declaration + etree.tostring(root, encoding="unicode")


def _masked(data: Any) -> Any:
    from .display import MASK, is_secret_name

    if isinstance(data, dict):
        return {
            k: MASK if is_secret_name(str(k)) and data[k] else _masked(v) for k, v in data.items()
        }
    if isinstance(data, list):
        return [_masked(v) for v in data]
    return data


def _pretty_xml(stripped: str, original: str, *, mask: bool) -> str:
    from lxml import etree

    from .errors import NumkitError
    from .xmlsafe import parse_xml

    try:
        root = parse_xml(stripped.encode("utf-8"))
    except (NumkitError, ValueError, etree.LxmlError):
        return original
    from .display import MASK, is_secret_name

    for element in root.iter():
        if isinstance(element.tag, str):
            if mask and element.text and is_secret_name(etree.QName(element).localname):
                element.text = MASK
            if element.text is not None and not element.text.strip():
                element.text = None
            if element.tail is not None and not element.tail.strip():
                element.tail = None
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode")


def clip_lines(text: str, max_lines: int) -> str:
    """At most ``max_lines`` lines, then a line saying how many were left out."""
    lines = text.splitlines()
    if len(lines) <= max_lines:
        return text
    return "\n".join([*lines[:max_lines], f"… ({len(lines) - max_lines} more lines)"])
