"""One hardened XML parser for everything numkit reads (client responses and the
sandbox's request bodies).

Why one place: a single misconfigured parser is enough for XXE or a billion-laughs
blow-up. This parser resolves no entities, loads no DTD, never touches the network,
refuses a DOCTYPE outright and caps body size; libxml2's own depth limit (256 levels
without ``huge_tree``) bounds nesting. Hostile XML therefore costs bounded time and
memory and ends in :class:`~numkit.errors.ResponseParseError`.
"""

from __future__ import annotations

import threading

from lxml import etree

from .errors import ResponseParseError

__all__ = ["MAX_XML_BYTES", "XmlTooLarge", "local_name", "parse_xml"]

MAX_XML_BYTES = 64 * 1024 * 1024

_local = threading.local()


class XmlTooLarge(ResponseParseError):
    """The document is larger than the limit we accept."""


def _parser() -> etree.XMLParser:
    # lxml parsers are not thread-safe; one per thread (the sandbox and the load
    # tests parse from several threads).
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        _local.parser = parser
    return parser


def parse_xml(data: bytes | str, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse ``data`` and return the root element, or raise ResponseParseError.

    A DOCTYPE is refused before parsing: no document in either API has one, and it is
    the door for entity expansion attacks.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise XmlTooLarge(f"XML body of {len(data)} bytes exceeds the {max_bytes}-byte limit")
    if not data.strip():
        raise ResponseParseError("empty XML body")
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!doctype" in head or b"<!ENTITY" in data:
        raise ResponseParseError("XML with a DOCTYPE or ENTITY declaration is refused")
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ResponseParseError(f"malformed XML: {_short(exc)}") from exc
    if root is None:
        raise ResponseParseError("no XML root element")
    # The byte check above misses a DOCTYPE after 4 KB of comments or in UTF-16.
    if root.getroottree().docinfo.doctype:
        raise ResponseParseError("XML with a DOCTYPE or ENTITY declaration is refused")
    return root


def local_name(element: etree._Element) -> str:
    """Tag without namespace (some fixtures carry xmlns attributes)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
