"""Small XML reading and writing helpers for the client side, written once.

Reading is *tolerant*: children are looked up by lower-cased local name,
so case variants (``LATA``/``Lata``, ``Name``/``name``), namespaces, attributes and any
child order read the same; empty elements read as None. Writing always goes through
lxml (text escaped, no templates) and spells booleans the way the API does
(``true``/``false``).

The sandbox keeps its own element names and helpers on purpose: it is an independent
check of the client, so a misspelt name here must not be repeated there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

from lxml import etree

from .isotime import parse_iso as parse_date
from .xmlsafe import local_name, parse_xml

__all__ = [
    "Element",
    "Kids",
    "bool_text",
    "dedupe",
    "get",
    "kids",
    "named",
    "one",
    "parse_date",
    "raw_bytes",
    "root_of",
    "sub",
    "text",
    "to_bool",
    "to_bytes",
    "to_int",
]

Element: TypeAlias = etree._Element
#: Children by lower-cased local name.
Kids: TypeAlias = dict[str, list[Element]]


# -- reading ----------------------------------------------------------------------------------
def kids(element: Element | None) -> Kids:
    """Children by lower-cased local name (case variants and namespaces collapse)."""
    out: Kids = {}
    if element is None:
        return out
    for child in element:
        if isinstance(child.tag, str):
            out.setdefault(local_name(child).lower(), []).append(child)
    return out


def one(found: Kids, *names: str) -> Element | None:
    """The first child under any of ``names`` (tried in order), or None."""
    for name in names:
        hits = found.get(name.lower())
        if hits:
            return hits[0]
    return None


def text(element: Element | None) -> str | None:
    """The element's stripped text (nested text joined), or None when empty."""
    if element is None:
        return None
    value = "".join(element.itertext()).strip() if len(element) else (element.text or "").strip()
    return value or None


def get(found: Kids, *names: str) -> str | None:
    """``text(one(found, *names))``."""
    return text(one(found, *names))


def named(root: Element, name: str) -> list[Element]:
    """Every element at any depth whose lower-cased local name is ``name``."""
    return [e for e in root.iter() if isinstance(e.tag, str) and local_name(e).lower() == name]


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def to_bool(value: str | None) -> bool | None:
    """``true``/``false`` in any case → bool; anything else → None."""
    if value is None:
        return None
    return {"true": True, "false": False}.get(value.strip().lower())


def root_of(data: bytes | str | Element) -> Element:
    """A parsed root (through the hardened parser), or the element itself."""
    if isinstance(data, etree._Element):
        return data
    return parse_xml(data)


def raw_bytes(data: bytes | str | Element) -> bytes:
    """What a result keeps as ``raw``: the bytes as received (or serialised)."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(etree.tostring(data))


def dedupe(items: Iterable[str | None]) -> list[str]:
    """Non-empty items, first occurrence only, order kept."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# -- writing ----------------------------------------------------------------------------------
def bool_text(value: Any) -> str:
    """``True`` → ``true`` (the API's spelling); anything else → ``str(value)``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def sub(parent: Element, tag: str, value: Any) -> Element:
    """Append ``<tag>value</tag>`` (escaped by lxml) to ``parent``."""
    node = etree.SubElement(parent, tag)
    node.text = bool_text(value)
    return node


def to_bytes(root: Element) -> bytes:
    """A request body: UTF-8 with the XML declaration the API's own examples carry."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
