"""What notifications look like in Python: :class:`Notification`, :class:`Subscription`,
and the pure functions between them and the wire.

Pure and light (lxml through the one hardened parser; no HTTP, no Tornado), so the
receiver, the client and the tests share one reading of each body.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from ..display import rich_repr
from ..errors import ResponseParseError
from ..phone import to_v2_number
from ..xmlsafe import local_name, parse_xml
from ..xmltools import get, kids, named, one, parse_date, sub, text, to_bytes

__all__ = [
    "FINAL",
    "MAX_NOTIFICATION_BYTES",
    "ORDER_TYPES",
    "Notification",
    "Subscription",
    "parse_notification",
    "parse_subscriptions",
    "subscription_body",
]

ORDER_TYPES = ("orders", "disconnects")
#: The states a notification is sent for (docs ``orderWebhook``).
FINAL: dict[str, frozenset[str]] = {
    "orders": frozenset({"COMPLETE", "PARTIAL", "BACKORDERED", "FAILED"}),
    "disconnects": frozenset({"COMPLETE", "PARTIAL", "FAILED"}),
}
#: A real notification is a few hundred bytes plus 11 per number; 5,000 numbers fit.
MAX_NOTIFICATION_BYTES = 256 * 1024


@rich_repr
@dataclass(frozen=True)
class Notification:
    """One ``<Notification>`` a receiver accepted.

    ``completed_numbers`` are normalised to 10 digits whatever the wire carried (a
    subscription made under ``/api/v2`` receives ``+1…``); ``raw`` is the body as
    received, for the inspector.
    """

    subscription_id: str | None
    order_type: str | None
    order_id: str | None
    customer_order_id: str | None
    status: str | None
    message: str | None
    note: str | None
    completed_numbers: list[str]
    last_modified: datetime | None
    raw: bytes = field(repr=False, default=b"")
    received_at: datetime | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two deliveries the same notification (a duplicate is dropped)."""
        return (
            self.subscription_id,
            self.order_id,
            self.status,
            self.last_modified.isoformat() if self.last_modified else None,
        )


@rich_repr
@dataclass(frozen=True)
class Subscription:
    """A subscription as ``GET /subscriptions`` reports it (never a password).

    ``status`` is the ``<Status>`` text: ``READY`` before any delivery, then the last
    delivery's outcome (``200 OK``, ``401 Unauthorized``, ``refused: host not allowed``);
    ``expiry`` is the seconds left.
    """

    id: str
    order_type: str | None
    url: str | None
    expiry: int | None
    status: str | None
    order_id: str | None = None
    username: str | None = None
    email: str | None = None
    raw: bytes = field(repr=False, default=b"")


def parse_notification(data: bytes) -> Notification:
    """A :class:`Notification` from a callback body, or ResponseParseError.

    Hostile bodies (DOCTYPE, entities, oversize, malformed) are refused by the hardened
    parser; a root other than ``Notification`` or one without an ``OrderId`` is refused
    here.
    """
    root = parse_xml(data, max_bytes=MAX_NOTIFICATION_BYTES)
    if local_name(root).lower() != "notification":
        raise ResponseParseError(f"expected a <Notification>, got <{local_name(root)}>")
    k = kids(root)
    order_id = get(k, "OrderId")
    if not order_id:
        raise ResponseParseError("a <Notification> without <OrderId>")
    numbers = []
    block = one(k, "CompletedTelephoneNumbers")
    for n in named(block, "telephonenumber") if block is not None else []:
        value = text(n)
        if value:
            try:
                numbers.append(to_v2_number(value))
            except ValueError as exc:
                raise ResponseParseError(f"not a telephone number: {value[:40]!r}") from exc
    order_type = get(k, "OrderType")
    return Notification(
        subscription_id=get(k, "SubscriptionId"),
        order_type=order_type.lower() if order_type else None,
        order_id=order_id,
        customer_order_id=get(k, "CustomerOrderId"),
        status=(get(k, "Status") or "").upper() or None,
        message=get(k, "Message"),
        note=get(k, "Note"),
        completed_numbers=numbers,
        last_modified=parse_date(get(k, "LastModifiedDate")),
        raw=bytes(data),
    )


def parse_subscriptions(data: bytes) -> list[Subscription]:
    """Every ``<Subscription>`` in a ``SubscriptionsResponse`` (list or item)."""
    root = parse_xml(data)
    out = []
    for node in named(root, "subscription"):
        k = kids(node)
        callback = one(k, "CallbackSubscription")
        email = one(k, "EmailSubscription")
        ck = kids(callback)
        expiry = get(ck, "Expiry")
        creds = kids(one(kids(one(ck, "CallbackCredentials")), "BasicAuthentication"))
        out.append(
            Subscription(
                id=get(k, "SubscriptionId") or "",
                order_type=(get(k, "OrderType") or "").lower() or None,
                url=get(ck, "URL", "Url"),
                expiry=int(expiry) if expiry and expiry.isdigit() else None,
                status=get(ck, "Status"),
                order_id=get(k, "OrderId"),
                username=get(creds, "Username"),
                email=get(kids(email), "Email"),
                raw=etree.tostring(node),
            )
        )
    return out


def subscription_body(
    url: str,
    *,
    order_type: str,
    expiry: int,
    username: str | None,
    password: str | None,
    order_id: str | None,
) -> bytes:
    """``<Subscription>`` for a callback (``URL`` upper case, as every docs example)."""
    root = etree.Element("Subscription")
    sub(root, "OrderType", order_type)
    if order_id is not None:
        sub(root, "OrderId", order_id)
    cb = etree.SubElement(root, "CallbackSubscription")
    sub(cb, "URL", url)
    sub(cb, "Expiry", expiry)
    if username is not None and password is not None:
        basic = etree.SubElement(etree.SubElement(cb, "CallbackCredentials"), "BasicAuthentication")
        sub(basic, "Username", username)
        sub(basic, "Password", password)
    return to_bytes(root)


def with_received_at(n: Notification, when: datetime) -> Notification:
    return dataclasses.replace(n, received_at=when)
