"""The V1 route table: most specific patterns first (Tornado takes the first match)."""

from __future__ import annotations

from .base import V1Handler, V1NotFound
from .numbers import PhoneNumberItem, PhoneNumbers
from .search import AvailableNumbers

__all__ = ["ROUTES"]

ROUTES: list[tuple[str, type[V1Handler]]] = [
    (r"/v1/availableNumbers/(?P<kind>local|tollFree|tollfree)/?", AvailableNumbers),
    (r"/v1/users/(?P<user>[^/]+)/phoneNumbers/?", PhoneNumbers),
    (r"/v1/users/(?P<user>[^/]+)/phoneNumbers/(?P<number_id>[^/]+)/?", PhoneNumberItem),
    (r"/v1/.*", V1NotFound),
]
