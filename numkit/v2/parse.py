"""V2 (Dashboard XML) responses → numkit models, and the ONE V2 error mapper.

Tolerance rules (notes §9): empty bodies and empty elements, one-element lists, unknown
elements, attributes, namespaces, any child order, and the recorded case variants
(``LATA``/``Lata``, ``Name``/``name``, ``orderRequest``/``OrderRequest``,
``orderId``/``OrderId``) — children are looked up by lower-cased local name, never by
position. Both ``FailedNumbers`` layouts are read. A 200 order answer carrying an
``ErrorList`` is an outcome (``OrderStatus.errors``), not an exception.

Every document goes through :func:`numkit.xmlsafe.parse_xml` (no entities, no DTD, no
network, size cap).

The search parser has a fast path for the 5,000-number ``enableTNDetail`` answer: one
XPath call returns every detail value in document order, and the values are split into
columns by stride — but only after checking, on the bytes and the tree, that every
detail has exactly the children of the first detail, in that order, each holding one
text. Anything else (other order per detail, missing or empty elements, comments,
CDATA, namespaces, whitespace between elements) takes the general path, which reads
children by name. Both paths give identical results.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from ..errors import ApiError, RateLimited, ResponseParseError, error_class_for_status
from ..models import (
    DisconnectStatus,
    ErrorTuple,
    HistoryEntry,
    OrderStatus,
    OrderSummary,
    SearchResult,
    SipPeer,
    Site,
    TnDetails,
    TnInfo,
)
from ..xmlsafe import local_name, parse_xml

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

_E = etree._Element
T = TypeVar("T")


# -- small helpers ----------------------------------------------------------------------------
def ten_digit(value: str | None) -> str | None:
    """Wire number → 10-digit (``+19195551212`` and ``19195551212`` too); None if empty."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) == 10:
        return text
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 11 and digits[0] == "1":
        return digits[1:]
    return digits if len(digits) == 10 else text


def _kids(element: _E | None) -> dict[str, list[_E]]:
    """Children by lower-cased local name (case variants and namespaces collapse)."""
    out: dict[str, list[_E]] = {}
    if element is None:
        return out
    for child in element:
        if isinstance(child.tag, str):
            out.setdefault(local_name(child).lower(), []).append(child)
    return out


def _one(kids: dict[str, list[_E]], *names: str) -> _E | None:
    for name in names:
        found = kids.get(name.lower())
        if found:
            return found[0]
    return None


def _txt(element: _E | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip() if len(element) else (element.text or "").strip()
    return text or None


def _get(kids: dict[str, list[_E]], *names: str) -> str | None:
    return _txt(_one(kids, *names))


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def _bool(text: str | None) -> bool | None:
    if text is None:
        return None
    return {"true": True, "false": False}.get(text.strip().lower())


_TIME_DASHES = re.compile(r"T(\d{2})-(\d{2})-(\d{2})")


def parse_date(text: str | None) -> datetime | None:
    """ISO dates as the API writes them (``2018-01-23T19:56:29.678Z``, ``2014-03-25
    12:55:11.0``, and the spec's ``T14-12-57.840Z`` typo); naive times are UTC."""
    if not text:
        return None
    value = _TIME_DASHES.sub(r"T\1:\2:\3", text.strip())
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _elapsed(created: datetime | None, now: datetime | None) -> float | None:
    if created is None:
        return None
    now = now or datetime.now(UTC)
    return max(0.0, (now - created).total_seconds())


def _root(data: bytes | str | _E) -> _E:
    if isinstance(data, etree._Element):
        return data
    return parse_xml(data)


def _raw(data: bytes | str | _E) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8")
    return etree.tostring(data)


def _dedupe(items: Iterable[str | None]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# -- errors -----------------------------------------------------------------------------------
_ENVELOPES = {"error", "errors", "responsestatus", "status"}


def envelope_errors(root: _E) -> list[ErrorTuple]:
    """Every (code, description, telephone_number) in any §7.1 XML envelope of ``root``.

    Covers ``SearchResult/Error``, ``…/ErrorList/Error`` (with ``TelephoneNumber`` or a
    ``TelephoneNumbers`` list), ``…/ResponseStatus`` (``ErrorCode`` or no code at all),
    both ``Errors`` forms and the LNP-style ``Status``. Found by name at any depth.
    """
    out: list[ErrorTuple] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or local_name(element).lower() not in _ENVELOPES:
            continue
        kids = _kids(element)
        code = _get(kids, "Code", "ErrorCode")
        description = _get(kids, "Description", "Message")
        if code is None and description is None:
            continue  # a wrapper (<Errors><Error>…</Error></Errors>) or a plain <Status>
        numbers = [ten_digit(_txt(e)) for e in kids.get("telephonenumber", [])]
        for holder in kids.get("telephonenumbers", []):
            numbers += [ten_digit(_txt(e)) for e in holder if isinstance(e.tag, str)]
        numbers = [n for n in numbers if n]
        if numbers:
            out.extend((code, description, n) for n in numbers)
        else:
            out.append((code, description, None))
    return out


_EMPTY_BODY = {
    401: "authentication failed: wrong username or password, or not an API user "
    "(the API sends no error body)",
    403: "permission denied: this user lacks the role or account feature for this call "
    "(the API sends no error body)",
    404: "the resource does not exist",
    429: "too many requests",
}


def _json_error(body: bytes) -> tuple[str | None, str | None]:
    try:
        doc = json.loads(body)
    except ValueError:
        return None, None
    if isinstance(doc, dict):
        inner = doc.get("error") if isinstance(doc.get("error"), dict) else doc
        code = inner.get("code")
        description = inner.get("description") or inner.get("message")
        return (None if code is None else str(code)), (
            None if description is None else str(description)
        )
    return None, None


def _text_excerpt(body: bytes, limit: int = 200) -> str | None:
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(text.split())
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_from_response(response: Any, method: str, url: str) -> ApiError:
    """The one V2 error mapper: any error response → the right :class:`ApiError`.

    ``code``/``description`` come from the first error of the envelope, ``errors`` keeps
    all of them (per-number errors included). Empty-body 401/403 get a description that
    says what usually causes them. 429 carries ``retry_after``.
    """
    from ..transport import retry_after_seconds

    status = int(response.status_code)
    cls = error_class_for_status(status)
    body: bytes = response.content or b""
    code: str | None = None
    description: str | None = None
    errors: list[ErrorTuple] = []
    stripped = body.strip()
    readable = False  # an XML/JSON body we understood (its lack of details is meaningful)
    if stripped.startswith(b"<"):
        try:
            root = parse_xml(body)
        except ResponseParseError:
            root = None
        if root is not None and local_name(root).lower() != "html":
            readable = True
            errors = envelope_errors(root)
            if errors:
                code, description = errors[0][0], errors[0][1]
            else:
                description = _get(_kids(root), "Description")
    elif stripped[:1] in (b"{", b"["):
        code, description = _json_error(stripped)
        readable = code is not None or description is not None
    if description is None and code is None and stripped and not readable:
        description = _text_excerpt(stripped)  # an HTML page from a proxy, plain text…
    if description is None and code is None:
        description = _EMPTY_BODY.get(status) or (response.reason or None)
    kwargs: dict[str, Any] = dict(
        http_status=status,
        code=code,
        description=description,
        method=method.upper(),
        url=url,
        body=body,
        errors=errors,
        api="V2",
    )
    if cls is RateLimited:
        return RateLimited(retry_after=retry_after_seconds(response), **kwargs)
    return cls(**kwargs)


def embedded_error(data: bytes | _E, *, http_status: int = 200, method: str = "", url: str = ""):
    """A 2xx body whose only content is a ``ResponseStatus`` with an ``ErrorCode`` (seen
    on site-scoped calls, e.g. 12016 "Site … does not exist") → ApiError, else None."""
    root = _root(data)
    status = _one(_kids(root), "ResponseStatus")
    if status is None:
        return None
    kids = _kids(status)
    code = _get(kids, "ErrorCode")
    if code is None:
        return None
    return ApiError(
        http_status=http_status,
        code=code,
        description=_get(kids, "Description"),
        method=method,
        url=url,
        body=_raw(data),
        api="V2",
    )


# -- search -----------------------------------------------------------------------------------
SEARCH_COLUMNS = (
    "full_number",
    "city",
    "rate_center",
    "state",
    "lata",
    "tier",
    "vendor_id",
    "vendor_name",
)
_DETAIL_FIELDS = {
    "FullNumber": "full_number",
    "City": "city",
    "RateCenter": "rate_center",
    "State": "state",
    "LATA": "lata",
    "Lata": "lata",
    "Tier": "tier",
    "VendorId": "vendor_id",
    "VendorName": "vendor_name",
}
_DETAIL_FIELDS_LOWER = {k.lower(): v for k, v in _DETAIL_FIELDS.items()}
_DESCENDANT_TEXT = etree.XPath("descendant::text()", smart_strings=False)
_COUNT_DETAILS = etree.XPath("count(TelephoneNumberDetailList/TelephoneNumberDetail)")
_PLAIN_TEXT = etree.XPath("TelephoneNumberList/TelephoneNumber/text()", smart_strings=False)
_LIST_OPEN = b"<TelephoneNumberDetailList>"
_LIST_CLOSE = b"</TelephoneNumberDetailList>"
_DETAIL_OPEN = b"<TelephoneNumberDetail>"
_DETAIL_CLOSE = b"</TelephoneNumberDetail>"


def _fast_detail_columns(data: bytes, root: _E) -> dict[str, list[Any]] | None:
    """Columns by stride, or None when the document is not in the uniform compact shape.

    Why this is exact: with n details (counted in the tree) of k leaf children, the list
    region must hold exactly n*(2+2k) '<' tokens and each of the k+1 junctions
    (``<Detail><t1>``, ``</t1><t2>``, …, ``</tk></Detail>``) exactly n times. Every token
    is then accounted for, so each detail is ``<t1>…</t1>…<tk>…</tk>`` in that order with
    nothing else inside (no comment, CDATA, nested or extra element). Details touch each
    other and the list's tags, so the only text nodes are the leaves' own, at most one
    each; n*k of them means exactly one each, and stride j is tag j's column.
    """
    lst = root.find("TelephoneNumberDetailList")
    if lst is None or len(lst) == 0:
        return None
    tags = [child.tag for child in lst[0]]
    names = [_DETAIL_FIELDS.get(t) if isinstance(t, str) else None for t in tags]
    if not names or None in names or len(set(names)) != len(names) or "full_number" not in names:
        return None
    n = int(_COUNT_DETAILS(root))
    k = len(tags)
    # first opening and last closing tag: a second list anywhere in between would add
    # tokens and fail the count below
    start = data.find(_LIST_OPEN)
    end = data.rfind(_LIST_CLOSE)
    if start < 0 or end <= start:
        return None
    start += len(_LIST_OPEN)
    if not (data.startswith(_DETAIL_OPEN, start) and data.endswith(_DETAIL_CLOSE, start, end)):
        return None
    if data.count(b"<", start, end) != n * (2 + 2 * k):
        return None
    btags = [t.encode() for t in tags]
    junctions = [_DETAIL_OPEN + b"<" + btags[0] + b">"]
    junctions += [b"</" + a + b"><" + b + b">" for a, b in itertools.pairwise(btags)]
    junctions.append(b"</" + btags[-1] + b">" + _DETAIL_CLOSE)
    for junction in junctions:
        if data.count(junction, start, end) != n:
            return None
    if data.count(_DETAIL_CLOSE + _DETAIL_OPEN, start, end) != n - 1:
        return None
    texts = _DESCENDANT_TEXT(lst)
    if len(texts) != n * k:
        return None
    columns: dict[str, list[Any]] = {name: texts[i::k] for i, name in enumerate(names)}
    blank: list[Any] = [None] * n
    for name in SEARCH_COLUMNS:
        columns.setdefault(name, blank)
    numbers = columns["full_number"]
    if set(map(len, numbers)) != {10} or not "".join(numbers).isdigit():
        normalised = [ten_digit(x) for x in numbers]
        if any(x is None for x in normalised):
            return None  # whitespace-only numbers: let the general path drop those rows
        columns["full_number"] = normalised
    return columns


def _walk_detail_columns(details: Iterable[_E]) -> dict[str, list[Any]]:
    """The general path: each detail's children by (lower-cased local) name."""
    columns: dict[str, list[Any]] = {name: [] for name in SEARCH_COLUMNS}
    appenders = [(name, columns[name].append) for name in SEARCH_COLUMNS]
    for detail in details:
        row: dict[str, Any] = {}
        for child in detail:
            if not isinstance(child.tag, str):
                continue
            name = _DETAIL_FIELDS_LOWER.get(local_name(child).lower())
            if name is not None and name not in row:
                text = _txt(child)
                row[name] = text
        number = ten_digit(row.get("full_number"))
        if not number:
            continue
        row["full_number"] = number
        for name, append in appenders:
            append(row.get(name))
    return columns


def parse_search_result(data: bytes | str) -> SearchResult:
    """``GET /availableNumbers`` body (plain or ``enableTNDetail``) → :class:`SearchResult`.

    An empty ``<SearchResult/>`` is an empty result. A body that is a search *error*
    (``<SearchResult><Error>``) raises :class:`ApiError` (HTTP 400, as it is served).
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    root = parse_xml(raw)
    kids = _kids(root)
    count = _int(_get(kids, "ResultCount"))
    if "error" in kids and "telephonenumberlist" not in kids:
        errors = envelope_errors(root)
        if errors:
            raise ApiError(
                http_status=400,
                code=errors[0][0],
                description=errors[0][1],
                body=raw,
                errors=errors,
                api="V2",
            )
    detail_lists = kids.get("telephonenumberdetaillist", [])
    if detail_lists:
        columns = _fast_detail_columns(raw, root)
        if columns is None:
            details = [
                d
                for lst in detail_lists
                for d in lst
                if isinstance(d.tag, str) and local_name(d).lower() == "telephonenumberdetail"
            ]
            columns = _walk_detail_columns(details)
        numbers = columns["full_number"]
        return SearchResult(
            numbers=list(numbers),
            result_count=count,
            has_details=True,
            columns=columns,
            raw=raw,
        )
    numbers: list[str] = []
    if "telephonenumberlist" in kids:
        texts = _PLAIN_TEXT(root)
        if not texts:  # namespaced or otherwise unusual: read by name
            texts = [
                _txt(e) or ""
                for lst in kids["telephonenumberlist"]
                for e in lst
                if isinstance(e.tag, str) and local_name(e).lower() == "telephonenumber"
            ]
        numbers = [n for n in (ten_digit(t) for t in texts) if n]
    return SearchResult(numbers=numbers, result_count=count, has_details=False, raw=raw)


# -- orders and disconnects ------------------------------------------------------------------
def _numbers_under(elements: Sequence[_E]) -> list[str]:
    """Numbers in ``CompletedNumbers``/``FailedNumbers``/``…List`` elements, any layout:
    ``<TelephoneNumber><FullNumber>…`` or ``<TelephoneNumber>…`` or ``<FullNumber>…``,
    one wrapper per number or one wrapper for all, or the number as the wrapper's text."""
    out: list[str | None] = []
    for holder in elements:
        children = [c for c in holder if isinstance(c.tag, str)]
        if not children:
            out.append(ten_digit(_txt(holder)))
            continue
        for child in children:
            name = local_name(child).lower()
            if name in {"fullnumber", "telephonenumber", "tn"} and not len(child):
                out.append(ten_digit(_txt(child)))
            else:
                inner = _kids(child)
                out.append(ten_digit(_get(inner, "FullNumber", "TelephoneNumber")))
    return _dedupe(out)


def _error_list(kids: dict[str, list[_E]]) -> list[ErrorTuple]:
    errors: list[ErrorTuple] = []
    for holder in kids.get("errorlist", []):
        errors.extend(envelope_errors(holder))
    return errors


def _type_element(kids: dict[str, list[_E]]) -> _E | None:
    for name, elements in kids.items():
        if name.endswith("ordertype"):
            return elements[0]
    return None


def _order_fields(order: _E | None, now: datetime | None) -> dict[str, Any]:
    k = _kids(order)
    created = parse_date(_get(k, "OrderCreateDate"))
    kind = _type_element(k)
    kk = _kids(kind)
    return {
        "id": _get(k, "id", "OrderId"),
        "customer_order_id": _get(k, "CustomerOrderId"),
        "name": _get(k, "Name"),
        "site_id": _get(k, "SiteId"),
        "peer_id": _get(k, "PeerId"),
        "created": created,
        "elapsed": _elapsed(created, now),
        "partial_allowed": _bool(_get(k, "PartialAllowed")),
        "back_order_requested": _bool(_get(k, "BackOrderRequested")),
        "order_type": local_name(kind) if kind is not None else None,
        "requested_numbers": _numbers_under(kk.get("telephonenumberlist", [])),
        "quantity": _int(_get(kk, "Quantity")),
    }


def parse_order(
    data: bytes | str | _E,
    *,
    now: datetime | None = None,
    order_id: str | None = None,
    retry_after: float | None = None,
    cls: type[T] = OrderStatus,  # type: ignore[assignment]
    **extra: Any,
) -> T:
    """``OrderResponse`` (the POST's 201 body or ``GET /orders/{id}``) → OrderStatus."""
    root = _root(data)
    raw = extra.pop("raw", None) or _raw(data)
    kids = _kids(root)
    _expect_any(root, kids, ("order", "orderstatus", "errorlist", "completednumbers"))
    fields = _order_fields(_one(kids, "Order"), now)
    completed = _numbers_under(kids.get("completednumbers", []))
    errors = _error_list(kids)
    failed = _numbers_under(kids.get("failednumbers", []))
    done = set(completed)
    failed = _dedupe(failed + [e[2] for e in errors if e[2] and e[2] not in done])
    fields["id"] = fields["id"] or _get(kids, "id", "OrderId") or order_id or ""
    status = _get(kids, "OrderStatus") or ""
    return cls(  # type: ignore[call-arg]
        status=status.upper(),
        completed_numbers=completed,
        failed_numbers=failed,
        errors=errors,
        completed=parse_date(_get(kids, "OrderCompleteDate")),
        completed_quantity=_int(_get(kids, "CompletedQuantity")),
        failed_quantity=_int(_get(kids, "FailedQuantity")),
        pending_quantity=_int(_get(kids, "PendingQuantity")),
        summary=_get(kids, "Summary"),
        created_by=_get(kids, "CreatedByUser"),
        retry_after=retry_after,
        raw=raw,
        **fields,
        **extra,
    )


def _expect_any(root: _E, kids: dict[str, list[_E]], names: tuple[str, ...]) -> None:
    """Refuse a body that is not an order answer at all (a proxy's page, another
    resource): treating it as an order with no status would make a poller spin."""
    if not any(name in kids for name in names):
        raise ResponseParseError(
            f"expected an order or disconnect answer, got <{local_name(root)}> without "
            "OrderStatus, Order or ErrorList"
        )


def parse_disconnect(
    data: bytes | str | _E,
    *,
    now: datetime | None = None,
    order_id: str | None = None,
    retry_after: float | None = None,
    cls: type[T] = DisconnectStatus,  # type: ignore[assignment]
    **extra: Any,
) -> T:
    """``DisconnectTelephoneNumberOrderResponse`` (201 body or GET) → DisconnectStatus."""
    root = _root(data)
    raw = extra.pop("raw", None) or _raw(data)
    kids = _kids(root)
    _expect_any(
        root,
        kids,
        (
            "orderrequest",
            "disconnecttelephonenumberorder",
            "orderstatus",
            "errorlist",
            "disconnectedtelephonenumberlist",
        ),
    )
    request = _one(kids, "orderRequest", "DisconnectTelephoneNumberOrder")
    k = _kids(request)
    created = parse_date(_get(k, "OrderCreateDate"))
    kind = _kids(_type_element(k))
    completed = _numbers_under(kids.get("disconnectedtelephonenumberlist", []))
    errors = _error_list(kids)
    done = set(completed)
    failed = _numbers_under(kids.get("failednumbers", []))
    failed = _dedupe(failed + [e[2] for e in errors if e[2] and e[2] not in done])
    status = (_get(kids, "OrderStatus") or "").upper()
    ident = _get(k, "id", "OrderId") or _get(kids, "id", "OrderId") or order_id or ""
    return cls(  # type: ignore[call-arg]
        id=ident,
        status=status,
        completed_numbers=completed,
        failed_numbers=failed,
        errors=errors,
        elapsed=_elapsed(created, now),
        created=created,
        customer_order_id=_get(k, "CustomerOrderId"),
        name=_get(k, "Name"),
        requested_numbers=_numbers_under(kind.get("telephonenumberlist", [])),
        retry_after=retry_after,
        raw=raw,
        **extra,
    )


def parse_order_response(data: bytes | str, *, now: datetime | None = None):
    """Saved order or disconnect bytes → the same status object the client returns.

    ``DisconnectTelephoneNumberOrderResponse`` → :class:`DisconnectStatus`; anything else
    (``OrderResponse``) → :class:`OrderStatus`. An ``ErrorList`` in the body is part of
    the outcome (``.errors``), not an exception.
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    root = parse_xml(raw)
    if local_name(root).lower().startswith("disconnect"):
        return parse_disconnect(root, now=now, raw=raw)
    return parse_order(root, now=now, raw=raw)


# -- lists ------------------------------------------------------------------------------------
def _next_page(kids: dict[str, list[_E]]) -> str | None:
    """The ``page`` value of the ``Links/next`` entry (``Link=<…?page=X&size=N>;rel="next";``)."""
    links = _kids(_one(kids, "Links"))
    text = _get(links, "next")
    if not text:
        return None
    match = re.search(r"<([^>]*)>", text)
    url = match.group(1) if match else text
    query = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
    values = query.get("page")
    return values[0] if values else None


def parse_order_list(data: bytes | str) -> tuple[list[OrderSummary], int | None, str | None]:
    """Orders/disconnects list (``ResponseSelectWrapper``) → (entries, total, next page)."""
    if not (data.strip() if isinstance(data, bytes | str) else True):
        return [], 0, None
    root = _root(data)
    holder = root
    kids = _kids(root)
    inner = _one(kids, "ListOrderIdUserIdDate")
    if inner is not None:
        holder = inner
        kids = _kids(inner)
    entries = []
    for element in holder.iter():
        if not isinstance(element.tag, str) or local_name(element).lower() != "orderiduseriddate":
            continue
        k = _kids(element)
        ident = _get(k, "orderId", "OrderId", "id")
        if not ident:
            continue
        entries.append(
            OrderSummary(
                id=ident,
                status=(_get(k, "OrderStatus") or "").upper() or None,
                customer_order_id=_get(k, "CustomerOrderId"),
                order_type=_get(k, "OrderType"),
                count=_int(_get(k, "CountOfTNs")),
                order_date=parse_date(_get(k, "OrderDate")),
                last_modified=parse_date(_get(k, "lastModifiedDate")),
                user_id=_get(k, "userId"),
            )
        )
    return entries, _int(_get(kids, "TotalCount")), _next_page(kids)


def parse_in_service(data: bytes | str) -> tuple[list[str], int | None, str | None]:
    """``GET /inserviceNumbers`` → (numbers, total, next page); empty body → ([], 0, None)."""
    if isinstance(data, bytes | str) and not data.strip():
        return [], 0, None
    root = _root(data)
    kids = _kids(root)
    numbers: list[str | None] = []
    for holder in kids.get("telephonenumbers", []):
        for element in holder:
            if isinstance(element.tag, str) and local_name(element).lower() == "telephonenumber":
                numbers.append(ten_digit(_txt(element)))
    return _dedupe(numbers), _int(_get(kids, "TotalCount")), _next_page(kids)


# -- account resources ------------------------------------------------------------------------
def _named(root: _E, name: str) -> list[_E]:
    return [e for e in root.iter() if isinstance(e.tag, str) and local_name(e).lower() == name]


def parse_sites(data: bytes | str) -> list[Site]:
    """``SitesResponse/Sites/Site`` (one or many) → Sites; empty body → []."""
    if isinstance(data, bytes | str) and not data.strip():
        return []
    root = _root(data)
    sites = []
    for element in _named(root, "site"):
        k = _kids(element)
        ident = _get(k, "Id", "SiteId")
        if ident:
            sites.append(
                Site(
                    id=ident,
                    name=_get(k, "Name"),
                    description=_get(k, "Description"),
                    raw=etree.tostring(element),
                )
            )
    return sites


def parse_sip_peers(data: bytes | str, *, site_id: str | None = None) -> list[SipPeer]:
    """``TNSipPeersResponse/SipPeers/SipPeer`` → SipPeers (attributes ignored)."""
    if isinstance(data, bytes | str) and not data.strip():
        return []
    root = _root(data)
    peers = []
    for element in _named(root, "sippeer"):
        k = _kids(element)
        ident = _get(k, "PeerId", "Id")
        if ident:
            peers.append(
                SipPeer(
                    id=ident,
                    name=_get(k, "PeerName", "Name"),
                    description=_get(k, "Description"),
                    is_default=_bool(_get(k, "IsDefaultPeer")),
                    site_id=site_id,
                    raw=etree.tostring(element),
                )
            )
    return peers


def parse_tn(data: bytes | str) -> TnInfo:
    """``GET /tns/{tn}`` → TnInfo (status Inservice, Aging, …)."""
    root = _root(data)
    k = _kids(root)
    return TnInfo(
        telephone_number=ten_digit(_get(k, "TelephoneNumber", "FullNumber")) or "",
        status=_get(k, "Status"),
        order_id=_get(k, "OrderId"),
        order_type=_get(k, "OrderType"),
        site_id=_get(k, "SiteId"),
        account_id=_get(k, "AccountId"),
        last_modified=_get(k, "LastModifiedDate"),
        raw=_raw(data),
    )


def parse_tn_details(data: bytes | str) -> TnDetails:
    """``GET /tns/{tn}/tndetails`` → TnDetails."""
    root = _root(data)
    top = _kids(root)
    holder = _one(top, "TelephoneNumberDetails")
    k = _kids(holder if holder is not None else root)
    site = _kids(_one(k, "Site"))
    peer = _kids(_one(k, "SipPeer"))
    services = [
        t
        for holder_el in k.get("servicetypes", [])
        for t in (_txt(e) for e in holder_el if isinstance(e.tag, str))
        if t
    ]
    return TnDetails(
        telephone_number=ten_digit(_get(k, "FullNumber", "TelephoneNumber")) or "",
        status=_get(k, "Status"),
        city=_get(k, "City"),
        lata=_get(k, "Lata", "LATA"),
        state=_get(k, "State"),
        rate_center=_get(k, "RateCenter"),
        tier=_int(_get(k, "Tier")),
        vendor_id=_get(k, "VendorId"),
        vendor_name=_get(k, "VendorName"),
        account_id=_get(k, "AccountId"),
        site_id=_get(site, "Id"),
        site_name=_get(site, "Name"),
        peer_id=_get(peer, "PeerId", "Id"),
        peer_name=_get(peer, "PeerName", "Name"),
        service_types=services,
        in_service_date=_get(k, "InServiceDate"),
        last_modified=_get(k, "LastModified", "LastModifiedDate"),
        raw=_raw(data),
    )


def parse_history(data: bytes | str) -> list[HistoryEntry]:
    """``OrderHistoryWrapper/OrderHistory`` → entries; empty body → []."""
    if isinstance(data, bytes | str) and not data.strip():
        return []
    root = _root(data)
    out = []
    for element in _named(root, "orderhistory"):
        k = _kids(element)
        out.append(
            HistoryEntry(
                date=parse_date(_get(k, "OrderDate")),
                status=_get(k, "Status"),
                note=_get(k, "Note"),
                author=_get(k, "Author"),
                difference=_get(k, "Difference"),
            )
        )
    return out
