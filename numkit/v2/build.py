"""V2 request bodies, built with lxml (text is always escaped; no string templates).

Pure functions from *normalised* criteria (see :mod:`numkit.validate`) to bytes. Where
the API notes record a naming conflict the preferred form is sent: ``Lata`` in LATA and
Combined orders, ``TollFreeWildCardPattern`` inside ``TollFreeWildCharSearchAndOrderType``,
``Name`` (not ``name``) on disconnects.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from ..validate import search_params, v2_order_type

__all__ = [
    "CONTENT_TYPE",
    "disconnect_xml",
    "new_customer_order_id",
    "order_xml",
    "search_params",
    "to_bytes",
]

CONTENT_TYPE = "application/xml; charset=utf-8"

#: criteria key → child element inside a search-and-order type.
ORDER_CHILDREN: dict[str, str] = {
    "area_code": "AreaCode",
    "npa_nxx": "NpaNxx",
    "npa_nxxx": "NpaNxxX",
    "rate_center": "RateCenter",
    "city": "City",
    "state": "State",
    "zip": "Zip",
    "lata": "Lata",
    "local_vanity": "LocalVanity",
    "ends_in": "EndsIn",
    "toll_free_vanity": "TollFreeVanity",
    "toll_free_wildcard": "TollFreeWildCardPattern",
    "lca": "EnableLCA",
    "quantity": "Quantity",
}


def new_customer_order_id(prefix: str = "nk") -> str:
    """A fresh CustomerOrderId: ``nk-`` + 32 hex digits (35 characters, within the
    40-character limit; never starts with ``scenario-``)."""
    return f"{prefix}-{uuid.uuid4().hex}"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _sub(parent: etree._Element, tag: str, value: Any) -> etree._Element:
    node = etree.SubElement(parent, tag)
    node.text = _text(value)
    return node


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def order_xml(
    criteria: Mapping[str, Any],
    *,
    site_id: str,
    customer_order_id: str,
    peer_id: str | None = None,
    name: str | None = None,
    partial_allowed: bool = True,
    back_order_requested: bool = False,
) -> bytes:
    """``<Order>`` for specific numbers (``criteria['numbers']``) or a search-and-order.

    PartialAllowed, BackOrderRequested and CustomerOrderId are always sent (contract), so
    the server never falls back on defaults that differ between SDKs.
    """
    root = etree.Element("Order")
    if name:
        _sub(root, "Name", name)
    _sub(root, "CustomerOrderId", customer_order_id)
    _sub(root, "SiteId", site_id)
    if peer_id:
        _sub(root, "PeerId", peer_id)
    _sub(root, "PartialAllowed", partial_allowed)
    _sub(root, "BackOrderRequested", back_order_requested)
    element = v2_order_type(criteria)
    kind = etree.SubElement(root, element)
    if element == "ExistingTelephoneNumberOrderType":
        numbers = etree.SubElement(kind, "TelephoneNumberList")
        for number in criteria["numbers"]:
            _sub(numbers, "TelephoneNumber", number)
    else:
        for key, tag in ORDER_CHILDREN.items():
            if key in criteria and criteria[key] is not None:
                _sub(kind, tag, criteria[key])
    return to_bytes(root)


def disconnect_xml(
    numbers: Sequence[str], *, customer_order_id: str, name: str | None = None
) -> bytes:
    """``<DisconnectTelephoneNumberOrder>`` for one batch of numbers."""
    root = etree.Element("DisconnectTelephoneNumberOrder")
    if name:
        _sub(root, "Name", name)
    _sub(root, "CustomerOrderId", customer_order_id)
    kind = etree.SubElement(root, "DisconnectTelephoneNumberOrderType")
    tns = etree.SubElement(kind, "TelephoneNumberList")
    for number in numbers:
        _sub(tns, "TelephoneNumber", number)
    return to_bytes(root)


# re-exported for callers that build a search by hand
search_params = search_params
