"""The sandbox's one set of XML helpers: reading requests tolerantly, writing answers.

Reading: published SDKs disagree on element-name case (``Name``/``name``,
``LATA``/``Lata``, ``NPANXXSearchAndOrderType``/``NpanxxSearchAndOrderType``) and on child
order, so every lookup is by case-insensitive local name, never by position.

Writing: every V2 body starts with the exact declaration the real API sends (double
quotes, ``standalone="yes"``), which lxml's ``xml_declaration`` does not produce; the
handlers read better as nested ``el(...)`` calls than as SubElement chains. Text is
always escaped by lxml, so request echoes cannot inject markup.

Element *names* are not here on purpose: each handler spells the ones it answers with,
independently of the client's parser (the sandbox is an independent check of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from lxml import etree

from numkit.xmlsafe import local_name

__all__ = [
    "DECLARATION",
    "child",
    "children",
    "el",
    "error_list",
    "key",
    "leaf",
    "parse_bool",
    "parse_bool_lenient",
    "response_status",
    "sub",
    "text",
    "text_of",
    "texts",
    "to_bytes",
]

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

Child: TypeAlias = etree._Element | None


# ---- reading ----------------------------------------------------------------------
def key(element: etree._Element) -> str:
    """Lower-case local name (namespace and case ignored)."""
    return local_name(element).lower()


def children(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    wanted = name.lower()
    return [c for c in element if isinstance(c.tag, str) and key(c) == wanted]


def child(element: etree._Element, *names: str) -> etree._Element | None:
    """The first child whose name matches any of ``names`` (case-insensitive)."""
    wanted = {n.lower() for n in names}
    for c in element:
        if isinstance(c.tag, str) and key(c) in wanted:
            return c
    return None


def text_of(element: etree._Element) -> str:
    """All text inside ``element``, stripped."""
    return "".join(element.itertext()).strip()


def text(element: etree._Element, *names: str) -> str | None:
    """Stripped text of the first matching child; None when absent or empty."""
    c = child(element, *names)
    if c is None:
        return None
    return text_of(c) or None


def texts(element: etree._Element | None, name: str) -> list[str]:
    """Stripped texts of every ``name`` child (``<TelephoneNumberList>`` and friends)."""
    return [text_of(c) for c in children(element, name)]


def parse_bool(value: str | None) -> bool | None:
    """'true'/'false' in any case -> bool; None stays None; anything else raises."""
    if value is None:
        return None
    low = value.strip().lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise ValueError(value)


def parse_bool_lenient(value: str | None) -> bool | None:
    """Like parse_bool, but an unreadable value counts as absent (for optional flags)."""
    try:
        return parse_bool(value)
    except ValueError:
        return None


# ---- writing ----------------------------------------------------------------------
def el(tag: str, *children: Child | Iterable[Child], text: object = None) -> etree._Element:
    """An element with optional text and children (``None`` children are skipped)."""
    node = etree.Element(tag)
    if text is not None:
        node.text = _text(text)
    for c in children:
        if c is None:
            continue
        if isinstance(c, etree._Element):
            node.append(c)
        else:
            for item in c:
                if item is not None:
                    node.append(item)
    return node


def sub(parent: etree._Element, tag: str, text: object = None) -> etree._Element:
    node = etree.SubElement(parent, tag)
    if text is not None:
        node.text = _text(text)
    return node


def leaf(tag: str, text: object) -> etree._Element | None:
    """``<tag>text</tag>``, or None when text is None (so optional fields vanish)."""
    return None if text is None else el(tag, text=text)


# Characters XML 1.0 cannot carry (query strings can): replaced, never an exception.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def to_bytes(root: etree._Element) -> bytes:
    return DECLARATION + etree.tostring(root, encoding="UTF-8")


def error_list(errors: Iterable[tuple[str | int, str, str | None]]) -> etree._Element:
    """``<ErrorList><Error><Code/><Description/>[<TelephoneNumber/>]</Error>…``."""
    node = etree.Element("ErrorList")
    for code, description, number in errors:
        err = sub(node, "Error")
        sub(err, "Code", code)
        sub(err, "Description", description)
        if number:
            sub(err, "TelephoneNumber", number)
    return node


def response_status(code: str | int | None, description: str) -> etree._Element:
    """``<ResponseStatus>[<ErrorCode/>]<Description/></ResponseStatus>``."""
    node = etree.Element("ResponseStatus")
    if code is not None:
        sub(node, "ErrorCode", code)
    sub(node, "Description", description)
    return node
