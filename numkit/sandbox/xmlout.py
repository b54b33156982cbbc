"""Building V2 response XML with lxml.

Why a helper: every V2 body must start with the exact declaration the real API sends
(double quotes, ``standalone="yes"``), which lxml's own ``xml_declaration`` does not
produce, and the handlers read better as nested ``el(...)`` calls than as SubElement
chains. Text is always escaped by lxml, so request echoes cannot inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

__all__ = ["DECLARATION", "el", "error_list", "response_status", "sub", "to_bytes"]

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

Child = etree._Element | None


def el(tag: str, *children: Child | Iterable[Child], text: object = None) -> etree._Element:
    """An element with optional text and children (``None`` children are skipped)."""
    node = etree.Element(tag)
    if text is not None:
        node.text = _text(text)
    for child in children:
        if child is None:
            continue
        if isinstance(child, etree._Element):
            node.append(child)
        else:
            for c in child:
                if c is not None:
                    node.append(c)
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
