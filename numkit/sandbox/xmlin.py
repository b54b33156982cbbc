"""Reading request XML tolerantly.

Why: published SDKs disagree on element-name case (``Name``/``name``, ``LATA``/``Lata``,
``NPANXXSearchAndOrderType``/``NpanxxSearchAndOrderType``) and on child order. Every
lookup here is by case-insensitive local name and never by position, so all recorded
forms are accepted.
"""

from __future__ import annotations

from lxml import etree

from numkit.xmlsafe import local_name

__all__ = ["child", "children", "key", "text"]


def key(element: etree._Element) -> str:
    """Lower-case local name (namespace and case ignored)."""
    return local_name(element).lower()


def children(element: etree._Element, name: str) -> list[etree._Element]:
    wanted = name.lower()
    return [c for c in element if isinstance(c.tag, str) and key(c) == wanted]


def child(element: etree._Element, *names: str) -> etree._Element | None:
    """The first child whose name matches any of ``names`` (case-insensitive)."""
    wanted = {n.lower() for n in names}
    for c in element:
        if isinstance(c.tag, str) and key(c) in wanted:
            return c
    return None


def text(element: etree._Element, *names: str) -> str | None:
    """Stripped text of the first matching child; None when absent or empty."""
    c = child(element, *names)
    if c is None:
        return None
    value = "".join(c.itertext()).strip()
    return value or None
