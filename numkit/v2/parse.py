"""V2 (Dashboard XML) success answers → numkit models.

Tolerance rules: empty bodies and empty elements, one-element lists, unknown
elements, attributes, namespaces, any child order, and the recorded case variants
(``LATA``/``Lata``, ``Name``/``name``, ``orderRequest``/``OrderRequest``,
``orderId``/``OrderId``) — children are looked up by lower-cased local name
(:mod:`numkit.xmltools`), never by position. Both ``FailedNumbers`` layouts are read. A
200 order answer carrying an ``ErrorList`` is an outcome (``OrderStatus.errors``), not
an exception. Error answers are mapped in :mod:`numkit.v2.errors` (re-exported here).

Numbers: what the server wrote is checked to be a NANP number (:func:`numkit.phone.
from_wire`); anything else is *reported* (a search's ``rejected``, an order's
``errors``), never turned into a row. ``numbers="e164"`` returns them as ``+1…`` (the
client's E.164 mode); the default is 10-digit.

Every document goes through :func:`numkit.xmlsafe.parse_xml` (no entities, no DTD, no
network, size cap). Search answers are read in :mod:`numkit.v2.parse_search` (the hot
path; re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from ..errors import ResponseParseError
from ..models import (
    DisconnectStatus,
    ErrorTuple,
    HistoryEntry,
    OrderStatus,
    OrderSummary,
    SipPeer,
    Site,
    TnDetails,
    TnInfo,
)
from ..phone import format_number, from_wire
from ..xmlsafe import local_name, parse_xml
from ..xmltools import (
    Element,
    Kids,
    dedupe,
    get,
    kids,
    named,
    one,
    parse_date,
    raw_bytes,
    root_of,
    text,
    to_bool,
    to_int,
)
from .errors import embedded_error, envelope_errors, error_from_response
from .parse_search import SEARCH_COLUMNS, checked_numbers, parse_search_result

__all__ = [
    "SEARCH_COLUMNS",
    "embedded_error",
    "envelope_errors",
    "error_from_response",
    "parse_disconnect",
    "parse_history",
    "parse_in_service",
    "parse_order",
    "parse_order_list",
    "parse_order_response",
    "parse_search_result",
    "parse_sip_peers",
    "parse_sites",
    "parse_tn",
    "parse_tn_details",
    "ten_digit",
]

S = TypeVar("S", bound=OrderStatus)
D = TypeVar("D", bound=DisconnectStatus)
T = TypeVar("T")


def ten_digit(value: str | None) -> str | None:
    """Wire number → 10-digit (``+19195551212`` and ``19195551212`` too); None when it
    is empty or not a NANP number (:func:`numkit.phone.from_wire`)."""
    return from_wire(value)


def _elapsed(created: datetime | None, now: datetime | None) -> float | None:
    if created is None:
        return None
    return max(0.0, ((now or datetime.now(UTC)) - created).total_seconds())


def _is_blank(data: bytes | str | Element) -> bool:
    return isinstance(data, bytes | str) and not data.strip()


# -- orders and disconnects ------------------------------------------------------------------
def _numbers_under(elements: Sequence[Element]) -> tuple[list[str], list[str]]:
    """(numbers, rejected texts) in ``CompletedNumbers``/``FailedNumbers``/``…List``
    elements, any layout: ``<TelephoneNumber><FullNumber>…`` or ``<TelephoneNumber>…``
    or ``<FullNumber>…``, one wrapper per number or one for all, or the wrapper's text."""
    texts: list[str | None] = []
    for holder in elements:
        children = [c for c in holder if isinstance(c.tag, str)]
        if not children:
            texts.append(text(holder))
            continue
        for child in children:
            if local_name(child).lower() in {"fullnumber", "telephonenumber", "tn"} and not len(
                child
            ):
                texts.append(text(child))
            else:
                texts.append(get(kids(child), "FullNumber", "TelephoneNumber"))
    numbers = [from_wire(t) for t in texts]
    rejected = [t for t, n in zip(texts, numbers, strict=True) if t and n is None]
    return dedupe(numbers), rejected


def _error_list(found: Kids) -> list[ErrorTuple]:
    errors: list[ErrorTuple] = []
    for holder in found.get("errorlist", []):
        errors.extend(envelope_errors(holder))
    return errors


def _type_element(found: Kids) -> Element | None:
    for name, elements in found.items():
        if name.endswith("ordertype"):
            return elements[0]
    return None


@dataclass(frozen=True)
class _Answer:
    """Where one kind of order-like answer keeps its parts."""

    what: str  # "order" or "disconnect", for messages
    expect: tuple[str, ...]  # at least one of these children, or it is not this answer
    request: tuple[str, ...]  # the request block's element names
    completed_in: str  # the list of completed numbers


_ORDER_ANSWER = _Answer(
    "order",
    ("order", "orderstatus", "errorlist", "completednumbers"),
    ("Order",),
    "completednumbers",
)
_DISCONNECT_ANSWER = _Answer(
    "disconnect",
    (
        "orderrequest",
        "disconnecttelephonenumberorder",
        "orderstatus",
        "errorlist",
        "disconnectedtelephonenumberlist",
    ),
    ("orderRequest", "DisconnectTelephoneNumberOrder"),
    "disconnectedtelephonenumberlist",
)


def _read_outcome(
    data: bytes | str | Element,
    answer: _Answer,
    *,
    now: datetime | None = None,
    order_id: str | None = None,
    retry_after: float | None = None,
    http_status: int | None = None,
    numbers: str = "10digit",
    **extra: Any,
) -> tuple[Kids, Kids, dict[str, Any]]:
    """(the answer's children, its request block, the fields an order and a disconnect
    share: the base of their status classes — id, status, completed/failed numbers,
    errors, dates, names, requested — plus ``retry_after``, ``raw`` and ``extra``).

    ``http_status`` is the answer's status: a missing ``OrderStatus`` reads as RECEIVED
    only on 201/202 (:func:`_wire_status`).

    Numbers the server wrote that are not NANP numbers are reported as errors (code
    None), never listed as completed or failed numbers.
    """
    root = root_of(data)
    raw = extra.pop("raw", None) or raw_bytes(data)
    found = kids(root)
    _expect_any(root, found, answer.expect)
    request = kids(one(found, *answer.request))
    completed, junk = _numbers_under(found.get(answer.completed_in, []))
    failed, junk_failed = _numbers_under(found.get("failednumbers", []))
    errors = _error_list(found)
    done = set(completed)
    failed = dedupe(failed + [e[2] for e in errors if e[2] and e[2] not in done])
    errors += [(None, f"not a NANP number in the answer: {t!r}", None) for t in junk + junk_failed]
    requested, _junk = _numbers_under(kids(_type_element(request)).get("telephonenumberlist", []))
    if numbers == "e164":
        errors = [
            (c, d, format_number(n, numbers) if n and from_wire(n) == n else n)
            for c, d, n in errors
        ]
    created = parse_date(get(request, "OrderCreateDate"))
    shared = {
        "id": get(request, "id", "OrderId") or get(found, "id", "OrderId") or order_id or "",
        "status": _wire_status(found, http_status, answer.what),
        "completed_numbers": [format_number(n, numbers) for n in completed],
        "failed_numbers": [format_number(n, numbers) for n in failed],
        "errors": errors,
        "elapsed": _elapsed(created, now),
        "created": created,
        "customer_order_id": get(request, "CustomerOrderId"),
        "name": get(request, "Name"),
        "requested_numbers": [format_number(n, numbers) for n in requested],
    }
    return found, request, {**shared, "retry_after": retry_after, "raw": raw, **extra}


def _wire_status(found: Kids, http_status: int | None, what: str) -> str:
    """``OrderStatus``, upper-cased. When it is missing: RECEIVED if the POST was
    answered 201 or 202 (the spec's own 201 example leaves it out); "" for a saved
    error answer (an ``ErrorList`` without a 2xx status: its ``errors`` say what went
    wrong); otherwise a parse error — a status of "" on a 200 would make a poller spin
    until its timeout."""
    status = (get(found, "OrderStatus") or "").upper()
    if status:
        return status
    if http_status in (201, 202):
        return "RECEIVED"
    if "errorlist" in found and (http_status is None or http_status >= 400):
        return ""
    raise ResponseParseError(
        f"{what} answer without <OrderStatus>"
        + (f" (HTTP {http_status})" if http_status is not None else "")
    )


def _expect_any(root: Element, found: Kids, names: tuple[str, ...]) -> None:
    """Refuse a body that is not an order answer at all (a proxy's page, another
    resource): treating it as an order with no status would make a poller spin."""
    if not any(name in found for name in names):
        raise ResponseParseError(
            f"expected an order or disconnect answer, got <{local_name(root)}> without "
            "OrderStatus, Order or ErrorList"
        )


def parse_order(
    data: bytes | str | Element,
    *,
    cls: type[S] = OrderStatus,  # type: ignore[assignment]
    **context: Any,
) -> S:
    """``OrderResponse`` (the POST's 201 body or ``GET /orders/{id}``) → OrderStatus.

    ``context``: ``now``, ``order_id``, ``retry_after``, ``http_status``, ``numbers``
    and extra fields for ``cls`` (:func:`_read_outcome`).
    """
    found, order, shared = _read_outcome(data, _ORDER_ANSWER, **context)
    kind = _type_element(order)
    return cls(
        **shared,
        site_id=get(order, "SiteId"),
        peer_id=get(order, "PeerId"),
        partial_allowed=to_bool(get(order, "PartialAllowed")),
        back_order_requested=to_bool(get(order, "BackOrderRequested")),
        order_type=local_name(kind) if kind is not None else None,
        quantity=to_int(get(kids(kind), "Quantity")),
        completed=parse_date(get(found, "OrderCompleteDate")),
        completed_quantity=to_int(get(found, "CompletedQuantity")),
        failed_quantity=to_int(get(found, "FailedQuantity")),
        pending_quantity=to_int(get(found, "PendingQuantity")),
        summary=get(found, "Summary"),
        created_by=get(found, "CreatedByUser"),
    )


def parse_disconnect(
    data: bytes | str | Element,
    *,
    cls: type[D] = DisconnectStatus,  # type: ignore[assignment]
    **context: Any,
) -> D:
    """``DisconnectTelephoneNumberOrderResponse`` (201 body or GET) → DisconnectStatus
    (``context`` as for :func:`parse_order`)."""
    return cls(**_read_outcome(data, _DISCONNECT_ANSWER, **context)[2])


def parse_order_response(
    data: bytes | str, *, now: datetime | None = None, http_status: int | None = None
) -> OrderStatus | DisconnectStatus:
    """Saved order or disconnect bytes → the same status object the client returns.

    ``DisconnectTelephoneNumberOrderResponse`` → :class:`DisconnectStatus`; anything else
    (``OrderResponse``) → :class:`OrderStatus`. An ``ErrorList`` in the body is part of
    the outcome (``.errors``), not an exception. Pass ``http_status=201`` for a saved
    POST answer that has no ``OrderStatus`` (it then reads as RECEIVED).
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    root = parse_xml(raw)
    if local_name(root).lower().startswith("disconnect"):
        return parse_disconnect(root, now=now, raw=raw, http_status=http_status)
    return parse_order(root, now=now, raw=raw, http_status=http_status)


# -- lists ------------------------------------------------------------------------------------
def _next_page(found: Kids) -> str | None:
    """The ``page`` value of the ``Links/next`` entry (``Link=<…?page=X&size=N>;rel="next";``)."""
    link = get(kids(one(found, "Links")), "next")
    if not link:
        return None
    match = re.search(r"<([^>]*)>", link)
    url = match.group(1) if match else link
    values = parse_qs(urlsplit(url.replace("&amp;", "&")).query).get("page")
    return values[0] if values else None


def parse_order_list(data: bytes | str) -> tuple[list[OrderSummary], int | None, str | None]:
    """Orders/disconnects list (``ResponseSelectWrapper``) → (entries, total, next page)."""
    if _is_blank(data):
        return [], 0, None
    root = root_of(data)
    holder = root
    found = kids(root)
    inner = one(found, "ListOrderIdUserIdDate")
    if inner is not None:
        holder = inner
        found = kids(inner)
    entries = []
    for element in named(holder, "orderiduseriddate"):
        k = kids(element)
        ident = get(k, "orderId", "OrderId", "id")
        if ident:
            entries.append(
                OrderSummary(
                    id=ident,
                    status=(get(k, "OrderStatus") or "").upper() or None,
                    customer_order_id=get(k, "CustomerOrderId"),
                    order_type=get(k, "OrderType"),
                    count=to_int(get(k, "CountOfTNs")),
                    order_date=parse_date(get(k, "OrderDate")),
                    last_modified=parse_date(get(k, "lastModifiedDate")),
                    user_id=get(k, "userId"),
                )
            )
    return entries, to_int(get(found, "TotalCount")), _next_page(found)


def parse_in_service(
    data: bytes | str, *, numbers: str = "10digit"
) -> tuple[list[str], int | None, str | None]:
    """``GET /inserviceNumbers`` → (numbers, total, next page); empty body → ([], 0, None).

    A listed text that is not a NANP number raises :class:`ResponseParseError` (an
    inventory list with a junk entry cannot be trusted to be complete)."""
    if _is_blank(data):
        return [], 0, None
    found = kids(root_of(data))
    listed = [
        text(element)
        for holder in found.get("telephonenumbers", [])
        for element in holder
        if isinstance(element.tag, str) and local_name(element).lower() == "telephonenumber"
    ]
    tens, _keep, rejected = checked_numbers(listed)
    if rejected:
        raise ResponseParseError(
            f"in-service list holds entries that are not numbers: {rejected!r}"
        )
    out = [format_number(n, numbers) for n in dedupe(tens)]
    return out, to_int(get(found, "TotalCount")), _next_page(found)


# -- account resources ------------------------------------------------------------------------
def _entries(data: bytes | str, tag: str, build: Callable[[Kids, Element], T | None]) -> list[T]:
    """Every ``tag`` element of an account-resource answer, built by ``build`` (None
    skips an entry without an id); an empty body is an empty list."""
    if _is_blank(data):
        return []
    built = (build(kids(element), element) for element in named(root_of(data), tag))
    return [item for item in built if item is not None]


def parse_sites(data: bytes | str) -> list[Site]:
    """``SitesResponse/Sites/Site`` (one or many) → Sites; empty body → []."""

    def site(k: Kids, element: Element) -> Site | None:
        ident = get(k, "Id", "SiteId")
        if not ident:
            return None
        return Site(
            id=ident, name=get(k, "Name"), description=get(k, "Description"), raw=raw_bytes(element)
        )

    return _entries(data, "site", site)


def parse_sip_peers(data: bytes | str, *, site_id: str | None = None) -> list[SipPeer]:
    """``TNSipPeersResponse/SipPeers/SipPeer`` → SipPeers (attributes ignored)."""

    def peer(k: Kids, element: Element) -> SipPeer | None:
        ident = get(k, "PeerId", "Id")
        if not ident:
            return None
        return SipPeer(
            id=ident,
            name=get(k, "PeerName", "Name"),
            description=get(k, "Description"),
            is_default=to_bool(get(k, "IsDefaultPeer")),
            site_id=site_id,
            raw=raw_bytes(element),
        )

    return _entries(data, "sippeer", peer)


def _number_of(found: Kids, numbers: str, *names: str) -> str:
    wire = get(found, *names)
    ten = from_wire(wire)
    if ten is None:
        raise ResponseParseError(f"expected a telephone number in <{names[0]}>, got {wire!r}")
    return format_number(ten, numbers)


def parse_tn(data: bytes | str, *, numbers: str = "10digit") -> TnInfo:
    """``GET /tns/{tn}`` → TnInfo (status Inservice, Aging, …).

    An answer without a readable number (e.g. the "cannot be found on accounts"
    ErrorList) gets ``telephone_number`` "" so the caller can map its errors."""
    found = kids(root_of(data))
    ten = from_wire(get(found, "TelephoneNumber", "FullNumber"))
    return TnInfo(
        telephone_number=format_number(ten, numbers) if ten else "",
        status=get(found, "Status"),
        order_id=get(found, "OrderId"),
        order_type=get(found, "OrderType"),
        site_id=get(found, "SiteId"),
        account_id=get(found, "AccountId"),
        last_modified=get(found, "LastModifiedDate"),
        raw=raw_bytes(data),
    )


def _as_dict(element: Element | None) -> dict[str, Any]:
    """A nested block as plain data: leaf → its text, branch → dict (repeated names →
    list). Used for blocks whose content varies by account (Features, SipPeer)."""
    out: dict[str, Any] = {}
    if element is None:
        return out
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        value: Any = _as_dict(child) if len(child) else text(child)
        if name in out:
            previous = out[name]
            out[name] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            out[name] = value
    return out


def parse_tn_details(data: bytes | str, *, numbers: str = "10digit") -> TnDetails:
    """``GET /tns/{tn}/tndetails`` → TnDetails, nested blocks kept (``sip_peer``,
    ``features``, ``tn_attributes``)."""
    top = kids(root_of(data))
    holder = one(top, "TelephoneNumberDetails")
    found = top if holder is None else kids(holder)
    site = kids(one(found, "Site"))
    peer_element = one(found, "SipPeer")
    peer = kids(peer_element)

    def texts_in(name: str) -> list[str]:
        return [
            t
            for block in found.get(name, [])
            for t in (text(e) for e in block if isinstance(e.tag, str))
            if t
        ]

    return TnDetails(
        telephone_number=_number_of(found, numbers, "FullNumber", "TelephoneNumber"),
        status=get(found, "Status"),
        city=get(found, "City"),
        lata=get(found, "Lata", "LATA"),
        state=get(found, "State"),
        rate_center=get(found, "RateCenter"),
        tier=to_int(get(found, "Tier")),
        vendor_id=get(found, "VendorId"),
        vendor_name=get(found, "VendorName"),
        account_id=get(found, "AccountId"),
        site_id=get(site, "Id"),
        site_name=get(site, "Name"),
        peer_id=get(peer, "PeerId", "Id"),
        peer_name=get(peer, "PeerName", "Name"),
        peer_is_default=to_bool(get(peer, "IsDefaultPeer")),
        sip_peer=_as_dict(peer_element),
        service_types=texts_in("servicetypes"),
        features=_as_dict(one(found, "Features")),
        tn_attributes=texts_in("tnattributes"),
        in_service_date=get(found, "InServiceDate"),
        last_modified=get(found, "LastModified", "LastModifiedDate"),
        raw=raw_bytes(data),
    )


def parse_history(data: bytes | str) -> list[HistoryEntry]:
    """``OrderHistoryWrapper/OrderHistory`` → entries; empty body → []."""
    if _is_blank(data):
        return []
    out = []
    for element in named(root_of(data), "orderhistory"):
        k = kids(element)
        out.append(
            HistoryEntry(
                date=parse_date(get(k, "OrderDate")),
                status=get(k, "Status"),
                note=get(k, "Note"),
                author=get(k, "Author"),
                difference=get(k, "Difference"),
            )
        )
    return out
