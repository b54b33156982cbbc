"""The V2 (Dashboard / Iris, XML) numbers client.

``build.py`` request XML (lxml), ``parse.py`` response XML → models and the ONE V2 error
mapper (:func:`error_from_response`), ``client.py`` the :class:`V2Client`.
"""

from __future__ import annotations

from ..errors import OutcomeUnknown
from ..models import (
    AvailableNumber,
    Disconnect,
    DisconnectStatus,
    HistoryEntry,
    Order,
    OrderStatus,
    OrderSummary,
    SearchResult,
    SipPeer,
    Site,
    TnDetails,
    TnInfo,
)
from .client import V2Client
from .parse import error_from_response, parse_order_response, parse_search_result

__all__ = [
    "AvailableNumber",
    "Disconnect",
    "DisconnectStatus",
    "HistoryEntry",
    "Order",
    "OrderStatus",
    "OrderSummary",
    "OutcomeUnknown",
    "SearchResult",
    "SipPeer",
    "Site",
    "TnDetails",
    "TnInfo",
    "V2Client",
    "error_from_response",
    "parse_order_response",
    "parse_search_result",
]
