"""The V2 (Dashboard / Iris, XML) numbers client.

``rules.py``/``values.py`` input rules (public through :mod:`numkit.validate`),
``criteria.py`` the typed criteria built from them, ``build.py`` request XML (lxml),
``parse.py``/``parse_search.py`` response XML → models, ``errors.py`` the ONE V2 error
mapper (:func:`error_from_response`), ``reservations.py`` and ``locations.py``
reservations and moves between SIP peers, and ``client.py`` the :class:`V2Client`
(over ``base.py``, ``disconnects.py``, ``numbers.py``).
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
    Reservation,
    SearchResult,
    SipPeer,
    Site,
    TnDetails,
    TnInfo,
)
from .client import V2Client
from .criteria import OrderRequest, SearchCriteria
from .errors import error_from_response
from .parse import parse_order_response, parse_search_result

__all__ = [
    "AvailableNumber",
    "Disconnect",
    "DisconnectStatus",
    "HistoryEntry",
    "Order",
    "OrderRequest",
    "OrderStatus",
    "OrderSummary",
    "OutcomeUnknown",
    "Reservation",
    "SearchCriteria",
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
