"""``/accounts/{id}/subscriptions``: order notifications.

Shapes as documented: ``POST`` a ``<Subscription>`` (``OrderType`` or ``EventType``,
optional ``OrderId``, then ``EmailSubscription`` or ``CallbackSubscription`` with
``URL``, ``Expiry`` in seconds and optional Basic credentials) → ``201`` with
``Location`` and no body; ``GET`` answers ``<SubscriptionsResponse><Subscriptions>…``
(one entry for the item), ``PUT`` replaces, ``DELETE`` removes. Another customer's
subscription is 404. The password is kept (the challenge must be answered after a
restart) but never written back, logged or shown.

Bandwidth documents no error codes for this resource; ours are in ``docs/sandbox.md``
(``ResponseStatus`` envelope, root ``SubscriptionResponse``):

====== ==========================================================
1003   the body is not well-formed XML (or has a DOCTYPE/entities)
12601  the root element is not ``Subscription``
12602  ``OrderType`` missing or not ``orders``/``disconnects`` (or an unknown ``EventType``)
12603  not exactly one of ``EmailSubscription`` / ``CallbackSubscription``
12604  ``URL`` missing, not an absolute http(s) URL, or longer than 2048 characters
12605  ``Expiry`` not a whole number of seconds between 1 and 3122064000
12606  ``BasicAuthentication`` needs both ``Username`` and ``Password`` (≤ 256 chars)
12607  ``Email`` missing or not an address, or ``DigestRequested`` not NONE/DAILY
12608  ``OrderId`` longer than 64 characters
12609  the account already has 100 subscriptions
====== ==========================================================
"""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import urlsplit

from lxml import etree

from .. import notify_store as ns
from ..base import BadBody
from ..xmlio import child, el, leaf, text
from .base import V2Handler, not_found, status_answer

__all__ = [
    "SubscriptionError",
    "SubscriptionItem",
    "Subscriptions",
    "parse_subscription",
    "subscription_xml",
]

ROOT = "SubscriptionResponse"
ORDER_TYPES = ("orders", "disconnects")
EVENT_TYPES = ("MESSAGING_LOST",)
MAX_EXPIRY = 3_122_064_000  # the docs' "99 years" example
MAX_SUBSCRIPTIONS = 100
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class SubscriptionError(ValueError):
    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _fail(code: str, description: str) -> SubscriptionError:
    return SubscriptionError(code, description)


def parse_subscription(
    root: etree._Element, *, sub_id: str, customer: str, now: float, e164: bool
) -> ns.SubscriptionRow:
    """A validated row from a ``<Subscription>`` body, or :class:`SubscriptionError`."""
    if not isinstance(root.tag, str) or root.tag.rsplit("}", 1)[-1].lower() != "subscription":
        raise _fail("12601", "The request body must be a Subscription element.")
    order_type = text(root, "OrderType")
    event_type = text(root, "EventType")
    if order_type is not None:
        if order_type.lower() not in ORDER_TYPES:
            raise _fail("12602", f"OrderType must be one of {', '.join(ORDER_TYPES)}.")
        order_type = order_type.lower()
    elif event_type is not None:
        if event_type.upper() not in EVENT_TYPES:
            raise _fail("12602", f"EventType must be one of {', '.join(EVENT_TYPES)}.")
        event_type = event_type.upper()
    else:
        raise _fail("12602", "One of OrderType or EventType is required.")
    order_id = text(root, "OrderId")
    if order_id is not None and len(order_id) > 64:
        raise _fail("12608", "OrderId must be at most 64 characters.")
    email_el = child(root, "EmailSubscription")
    callback_el = child(root, "CallbackSubscription")
    if (email_el is None) == (callback_el is None):
        raise _fail(
            "12603", "Exactly one of EmailSubscription or CallbackSubscription is required."
        )
    row = ns.SubscriptionRow(
        id=sub_id,
        customer=customer,
        order_type=order_type,
        event_type=event_type if order_type is None else None,
        order_id=order_id,
        kind="email" if email_el is not None else "callback",
        url=None,
        email=None,
        digest=None,
        username=None,
        password=None,
        public_key=None,
        number_format="e164" if e164 else "10digit",
        created_at=now,
        expires_at=None,
    )
    if email_el is not None:
        email = text(email_el, "Email")
        if email is None or len(email) > 254 or not _EMAIL.fullmatch(email):
            raise _fail("12607", "Email must be an e-mail address.")
        digest = (text(email_el, "DigestRequested") or "NONE").upper()
        if digest not in ("NONE", "DAILY"):
            raise _fail("12607", "DigestRequested must be NONE or DAILY.")
        row.email, row.digest = email, digest
        return row
    assert callback_el is not None
    url = text(callback_el, "URL", "Url")
    if url is None or len(url) > 2048 or not _absolute_http(url):
        raise _fail("12604", "URL must be an absolute http:// or https:// URL.")
    row.url = url
    expiry_text = text(callback_el, "Expiry")
    if expiry_text is not None:
        if not expiry_text.isdigit() or not 1 <= int(expiry_text) <= MAX_EXPIRY:
            raise _fail(
                "12605", f"Expiry must be whole seconds between 1 and {MAX_EXPIRY} (99 years)."
            )
        row.expires_at = now + int(expiry_text)
    creds = child(callback_el, "CallbackCredentials")
    basic = child(creds, "BasicAuthentication") if creds is not None else None
    if basic is not None:
        user, password = _raw(basic, "Username"), _raw(basic, "Password")
        if not user or not password or len(user) > 256 or len(password) > 256 or ":" in user:
            raise _fail(
                "12606",
                "BasicAuthentication needs a Username (no colon) and a Password, "
                "each at most 256 characters.",
            )
        row.username, row.password = user, password
    if creds is not None:
        row.public_key = text(creds, "PublicKey")
    return row


def _raw(parent: etree._Element, name: str) -> str | None:
    """Credentials are taken verbatim (a password may start or end with a space)."""
    node = child(parent, name)
    return None if node is None else "".join(node.itertext())


def _absolute_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url


def subscription_xml(s: ns.SubscriptionRow, now: float) -> etree._Element:
    """One ``<Subscription>`` as GET shows it: never the password."""
    if s.kind == "email":
        body = el("EmailSubscription", leaf("Email", s.email), leaf("DigestRequested", s.digest))
    else:
        left = None if s.expires_at is None else max(0, int(s.expires_at - now))
        creds = None
        if s.username is not None:
            creds = el(
                "CallbackCredentials",
                el("BasicAuthentication", leaf("Username", s.username)),
                leaf("PublicKey", s.public_key),
            )
        body = el(
            "CallbackSubscription",
            leaf("URL", s.url),
            leaf("Expiry", left),
            leaf("Status", s.status),
            creds,
        )
    return el(
        "Subscription",
        leaf("SubscriptionId", s.id),
        leaf("OrderType", s.order_type),
        leaf("EventType", s.event_type),
        leaf("OrderId", s.order_id),
        body,
        leaf("NumberFormat", "E164" if s.number_format == "e164" else "LEGACY"),
    )


def _listing(rows: list[ns.SubscriptionRow], now: float) -> etree._Element:
    return el(
        "SubscriptionsResponse", el("Subscriptions", [subscription_xml(r, now) for r in rows])
    )


class _Base(V2Handler):
    def parsed(self, sub_id: str) -> ns.SubscriptionRow:
        try:
            root = self.xml_body()
        except BadBody as err:
            raise status_answer(400, ROOT, "1003", f"The body is not valid XML: {err}") from None
        try:
            return parse_subscription(
                root, sub_id=sub_id, customer=self.customer.key, now=time.time(), e164=self.e164
            )
        except SubscriptionError as err:
            raise status_answer(400, ROOT, err.code, err.description) from None

    def mine(self, sub_id: str) -> ns.SubscriptionRow:
        row = ns.get_subscription(self.world.store, sub_id, customer=self.customer.key)
        if row is None:
            raise not_found()
        return row


class Subscriptions(_Base):
    def get(self, account: str) -> None:
        wanted = self.query().get("ordertype")
        rows = ns.list_subscriptions(self.world.store, self.customer.key, order_type=wanted)
        self.send_xml(200, _listing(rows, time.time()))

    def post(self, account: str) -> None:
        row = self.parsed(str(uuid.uuid4()))
        store = self.world.store
        with store.transaction():
            if ns.count_subscriptions(store, self.customer.key) >= MAX_SUBSCRIPTIONS:
                raise status_answer(
                    400, ROOT, "12609", f"At most {MAX_SUBSCRIPTIONS} subscriptions per account."
                )
            ns.insert_subscription(store, row)
        self.send_empty(201, Location=self.account_url(f"/subscriptions/{row.id}"))


class SubscriptionItem(_Base):
    def get(self, account: str, sub_id: str) -> None:
        self.send_xml(200, _listing([self.mine(sub_id)], time.time()))

    def put(self, account: str, sub_id: str) -> None:
        old = self.mine(sub_id)
        row = self.parsed(old.id)
        row.created_at = old.created_at
        row.number_format = old.number_format
        ns.replace_subscription(self.world.store, row)
        self.send_empty(200)

    def delete(self, account: str, sub_id: str) -> None:
        self.mine(sub_id)
        ns.delete_subscription(self.world.store, sub_id, self.customer.key)
        self.send_empty(200)
