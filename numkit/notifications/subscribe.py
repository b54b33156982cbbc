"""``subscribe`` / ``subscriptions`` / ``unsubscribe`` for a V2 client.

The V2Client methods of the same names delegate here, so the subscription rules live in
one place: inputs checked before sending, and — against a real Dashboard — no loopback
or private callback URL (Bandwidth's servers cannot reach it, and a subscription that
can never deliver would only make a wait fall back to its slow safety net silently).

A small per-client memory of the subscriptions seen (url, order type → id, expiry) lets
``wait_for_order(..., notifications=rx)`` skip a ``GET /subscriptions`` per wait.
"""

from __future__ import annotations

import ipaddress
import re
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from ..errors import ResponseParseError, ValidationError
from .models import ORDER_TYPES, Subscription, parse_subscriptions, subscription_body

__all__ = ["is_private_url", "subscribe", "subscriptions", "unsubscribe"]

XML_BODY = {"Content-Type": "application/xml; charset=utf-8"}
MAX_EXPIRY = 3_122_064_000
_PASSWORD = re.compile(r"<Password>.*?</Password>", re.DOTALL)


@dataclass
class Known:
    id: str
    url: str | None
    order_type: str | None
    order_id: str | None
    expires: float  # on the client's clock


_KNOWN: weakref.WeakKeyDictionary[Any, dict[str, Known]] = weakref.WeakKeyDictionary()


def known(client: Any) -> dict[str, Known]:
    found = _KNOWN.get(client)
    if found is None:
        found = _KNOWN[client] = {}
    return found


def is_private_url(url: str) -> bool:
    """True when ``url``'s host is loopback, private, link-local or a bare local name."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a single-label name only resolves on a local network
    return address.is_loopback or address.is_private or address.is_link_local


def _check(
    url: Any, order_type: Any, username: Any, password: Any, expiry: Any, order_id: Any
) -> str:
    if not isinstance(url, str) or not url.strip():
        raise ValidationError("url", url, "an absolute http(s) URL is required")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("url", url, "must be an absolute http:// or https:// URL")
    if len(url) > 2048:
        raise ValidationError("url", url[:60] + "…", "at most 2048 characters")
    if order_type not in ORDER_TYPES:
        raise ValidationError("order_type", order_type, "must be 'orders' or 'disconnects'")
    if (username is None) != (password is None):
        raise ValidationError("username", username, "give both username and password, or neither")
    for name, value in (("username", username), ("password", password)):
        if value is not None and (not isinstance(value, str) or not value or len(value) > 256):
            shown = value if name == "username" else "***"
            raise ValidationError(
                name, shown, "must be a non-empty string of at most 256 characters"
            )
    if isinstance(username, str) and ":" in username:
        raise ValidationError("username", username, "must not contain ':'")
    if isinstance(expiry, bool) or not isinstance(expiry, int) or not 1 <= expiry <= MAX_EXPIRY:
        raise ValidationError("expiry", expiry, f"whole seconds between 1 and {MAX_EXPIRY}")
    if order_id is not None and (not isinstance(order_id, str) or not 0 < len(order_id) <= 64):
        raise ValidationError("order_id", order_id, "an order id string (at most 64 characters)")
    return url


def subscribe(
    client: Any,
    url: Any,
    *,
    order_type: str = "orders",
    username: str | None = None,
    password: str | None = None,
    expiry: int = 86400,
    order_id: str | None = None,
) -> Subscription:
    """``POST /accounts/{id}/subscriptions`` for a callback; the new :class:`Subscription`.

    ``url`` may be a :class:`~numkit.notifications.Receiver` (its ``.url``, and its
    credentials unless others are given).
    """
    if hasattr(url, "url") and hasattr(url, "exchanges"):  # a Receiver
        if username is None and password is None and getattr(url, "username", None):
            username, password = url.username, url._password
        url = url.url
    url = _check(url, order_type, username, password, expiry, order_id)
    if not is_private_url(client.base_url) and is_private_url(url):
        raise ValidationError(
            "url",
            url,
            "Bandwidth's servers cannot reach a loopback or private address. Expose the "
            "receiver on a public HTTPS URL (a tunnel such as ngrok or cloudflared, or a "
            "reverse proxy that forwards unauthenticated POSTs to it) and subscribe that: "
            "Receiver(public_url='https://…'). Against the sandbox, loopback is fine.",
        )
    body = subscription_body(
        url,
        order_type=order_type,
        expiry=expiry,
        username=username,
        password=password,
        order_id=order_id,
    )
    try:
        response = client._transport.request(
            "POST", client._account("subscriptions"), data=body, headers=XML_BODY
        )
    finally:
        if password is not None:
            _mask_recorded(client, password)
    location = response.headers.get("Location", "")
    sub_id = location.rstrip("/").rsplit("/", 1)[-1] if location else ""
    if not sub_id:
        raise ResponseParseError("POST /subscriptions answered without a Location header")
    made = Subscription(
        id=sub_id,
        order_type=order_type,
        url=url,
        expiry=expiry,
        status="READY",
        order_id=order_id,
        username=username,
    )
    _remember(client, made)
    return made


def subscriptions(client: Any) -> list[Subscription]:
    """``GET /accounts/{id}/subscriptions``: every subscription of the account."""
    response = client._transport.request("GET", client._account("subscriptions"))
    found = parse_subscriptions(response.content) if response.content.strip() else []
    memory = known(client)
    memory.clear()
    for s in found:
        _remember(client, s)
    return found


def unsubscribe(client: Any, subscription_or_id: Any) -> None:
    """``DELETE /accounts/{id}/subscriptions/{subscriptionId}``."""
    ident = getattr(subscription_or_id, "id", subscription_or_id)
    if not isinstance(ident, str) or not ident.strip():
        raise ValidationError("subscription", subscription_or_id, "a Subscription or its id")
    known(client).pop(ident, None)
    client._transport.request("DELETE", client._account("subscriptions", quote(ident, safe="")))


def _mask_recorded(client: Any, password: str) -> None:
    """The exchange record (inspector, curl) keeps ``<Password>***</Password>``."""
    escaped = xml_escape(password)
    for record in list(client.exchanges):
        body = record.request_body
        if body and (password in body or escaped in body):
            record.request_body = _PASSWORD.sub("<Password>***</Password>", body)


def _remember(client: Any, s: Subscription) -> None:
    if s.url is None:
        return
    left = float(s.expiry) if s.expiry is not None else float("inf")
    known(client)[s.id] = Known(s.id, s.url, s.order_type, s.order_id, client._clock() + left)


def live_for(client: Any, url: str, order_type: str, order_id: str) -> Known | None:
    """A remembered, unexpired subscription of ``url`` that covers ``order_id``."""
    now = client._clock()
    for k in known(client).values():
        if (
            k.url == url
            and k.order_type == order_type
            and k.order_id in (None, order_id)
            and k.expires > now + 1
        ):
            return k
    return None
