"""The V2 route table: most specific patterns first (Tornado takes the first match).

To add a resource: write its handlers in a module of this package and add its patterns
here, above the catch-all (``ACCOUNT`` = a V2 prefix plus ``/accounts/{account}``).
"""

from __future__ import annotations

from . import ACCOUNT, PREFIX
from .base import V2Handler, V2NotFound
from .disconnects import DisconnectItem, Disconnects
from .notes import Notes
from .numbers import InService, InServiceItem, InServiceTotals, TnDetails, TnItem, Tns
from .orders import OrderHistory, OrderItem, OrderReport, Orders, OrderTns, OrderTotals
from .reservations import ReservationItem, Reservations
from .search import AvailableNumbers
from .sites import MoveTns, PeerTns, SipPeers, SiteItem, Sites
from .subscriptions import SubscriptionItem, Subscriptions

__all__ = ["ROUTES"]

_A = ACCOUNT
ROUTES: list[tuple[str, type[V2Handler]]] = [
    (_A + r"/availableNumbers/?", AvailableNumbers),
    (_A + r"/orders/?", Orders),
    (_A + r"/orders/totals/?", OrderTotals),
    (_A + r"/orders/(?P<order_id>[^/]+)/?", OrderItem),
    (_A + r"/orders/(?P<order_id>[^/]+)/tns/?", OrderTns),
    (_A + r"/orders/(?P<order_id>[^/]+)/history/?", OrderHistory),
    (_A + r"/orders/(?P<order_id>[^/]+)/(?P<report>areaCodes|npaNxx|totals)/?", OrderReport),
    (_A + r"/(?P<kind>orders|disconnects)/(?P<order_id>[^/]+)/notes/?", Notes),
    (_A + r"/disconnects/?", Disconnects),
    (_A + r"/disconnects/(?P<order_id>[^/]+)/?", DisconnectItem),
    (_A + r"/sites/?", Sites),
    (_A + r"/sites/(?P<site_id>[^/]+)/?", SiteItem),
    (_A + r"/sites/(?P<site_id>[^/]+)/sippeers/?", SipPeers),
    (_A + r"/sites/(?P<site_id>[^/]+)/sippeers/(?P<peer_id>[^/]+)/?", SipPeers),
    (_A + r"/sites/(?P<site_id>[^/]+)/sippeers/(?P<peer_id>[^/]+)/tns/?", PeerTns),
    (_A + r"/sites/(?P<site_id>[^/]+)/sippeers/(?P<peer_id>[^/]+)/movetns/?", MoveTns),
    (_A + r"/tnreservation/?", Reservations),
    (_A + r"/tnreservation/(?P<reservation_id>[^/]+)/?", ReservationItem),
    (_A + r"/inserviceNumbers/?", InService),
    (_A + r"/inserviceNumbers/totals/?", InServiceTotals),
    (_A + r"/inserviceNumbers/(?P<tn>[^/]+)/?", InServiceItem),
    (_A + r"/subscriptions/?", Subscriptions),
    (_A + r"/subscriptions/(?P<sub_id>[^/]+)/?", SubscriptionItem),
    (PREFIX + r"/tns/?", Tns),
    (PREFIX + r"/tns/(?P<tn>[^/]+)/?", TnItem),
    (PREFIX + r"/tns/(?P<tn>[^/]+)/tndetails/?", TnDetails),
    (PREFIX + r"/.*", V2NotFound),
]
