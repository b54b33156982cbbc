"""V2 request bodies, built with lxml (text is always escaped; no string templates).

Pure functions from typed criteria (:mod:`numkit.v2.criteria`, built from the
normalised dicts of :mod:`numkit.v2.rules`) to bytes. Where Bandwidth's documents
disagree on a name the preferred form is sent: ``Lata`` in LATA and Combined orders,
``TollFreeWildCardPattern`` inside ``TollFreeWildCharSearchAndOrderType``, ``Name`` (not
``name``) on disconnects.

``wire="e164"`` writes numbers as ``+1…`` (the ``/api/v2`` API wants E.164 in every
number sent); the default is the 10-digit form of ``/api``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from lxml import etree

from ..phone import format_number
from ..xmltools import sub, to_bytes
from .criteria import OrderRequest
from .rules import search_params

__all__ = [
    "CONTENT_TYPE",
    "close_order_xml",
    "disconnect_xml",
    "movetns_xml",
    "new_customer_order_id",
    "order_xml",
    "reservation_xml",
    "search_params",
    "to_bytes",
]

CONTENT_TYPE = "application/xml; charset=utf-8"

#: search criterion → child element inside a search-and-order type.
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


def _numbers(parent: etree._Element, tag: str, numbers: Sequence[str], wire: str) -> None:
    for number in numbers:
        sub(parent, tag, format_number(number, wire))


def order_xml(request: OrderRequest, *, wire: str = "10digit") -> bytes:
    """``<Order>`` for specific numbers or a search-and-order.

    PartialAllowed, BackOrderRequested and CustomerOrderId are always sent (contract), so
    the server never falls back on defaults that differ between SDKs. The request must
    be complete (:meth:`OrderRequest.complete`): a site and a CustomerOrderId.
    """
    if not request.site_id or not request.customer_order_id:
        raise ValueError("order_xml needs a request with site_id and customer_order_id")
    root = etree.Element("Order")
    if request.name:
        sub(root, "Name", request.name)
    sub(root, "CustomerOrderId", request.customer_order_id)
    sub(root, "SiteId", request.site_id)
    if request.peer_id:
        sub(root, "PeerId", request.peer_id)
    sub(root, "PartialAllowed", request.partial_allowed)
    sub(root, "BackOrderRequested", request.back_order_requested)
    kind = etree.SubElement(root, request.order_type)
    if request.numbers:
        _numbers(
            etree.SubElement(kind, "TelephoneNumberList"), "TelephoneNumber", request.numbers, wire
        )
        if request.reservation_ids:
            ids = etree.SubElement(kind, "ReservationIdList")
            for ident in request.reservation_ids:
                sub(ids, "ReservationId", ident)
    elif request.search is not None:
        for key, tag in ORDER_CHILDREN.items():
            value = getattr(request.search, key)
            if value is not None:
                sub(kind, tag, value)
    return to_bytes(root)


def close_order_xml() -> bytes:
    """``PUT /orders/{id}`` body that closes a BACKORDERED order."""
    root = etree.Element("Order")
    sub(root, "CloseOrder", True)
    return to_bytes(root)


def disconnect_xml(
    numbers: Sequence[str],
    *,
    customer_order_id: str,
    name: str | None = None,
    wire: str = "10digit",
) -> bytes:
    """``<DisconnectTelephoneNumberOrder>`` for one batch of numbers."""
    root = etree.Element("DisconnectTelephoneNumberOrder")
    if name:
        sub(root, "Name", name)
    sub(root, "CustomerOrderId", customer_order_id)
    kind = etree.SubElement(root, "DisconnectTelephoneNumberOrderType")
    _numbers(etree.SubElement(kind, "TelephoneNumberList"), "TelephoneNumber", numbers, wire)
    return to_bytes(root)


def movetns_xml(numbers: Sequence[str], *, wire: str = "10digit") -> bytes:
    """``POST …/sippeers/{peerId}/movetns`` body:
    ``<SipPeerTelephoneNumbers><FullNumber>…``."""
    root = etree.Element("SipPeerTelephoneNumbers")
    _numbers(root, "FullNumber", numbers, wire)
    return to_bytes(root)


def reservation_xml(number: str, *, wire: str = "10digit") -> bytes:
    """``POST /tnreservation`` body: ``<Reservation><ReservedTn>…``."""
    root = etree.Element("Reservation")
    sub(root, "ReservedTn", format_number(number, wire))
    return to_bytes(root)


# re-exported for callers that build a search by hand
search_params = search_params
