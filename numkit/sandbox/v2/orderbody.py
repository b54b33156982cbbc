"""V2 order bodies: parse what clients send, render what V2 answers.

Parsing turns an ``<Order>`` into a plain,
JSON-serialisable request dict (what the store keeps) plus the synchronous validation
errors (the 400 ``ErrorList``). Rendering builds the documented response shapes from a
stored order row. Element names are matched case-insensitively and never by position;
responses use the preferred forms (``Name``, ``Lata``,
``NPANXXSearchAndOrderType``, ``EnableLCA``, php-style ``FailedNumbers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..inventory import Criteria, keypad_digits
from ..store import OrderRow
from ..timefmt import iso
from ..xmlio import child, el, error_list, key, leaf, parse_bool, sub, text, text_of, texts
from . import rules
from .rules import ten_digits

__all__ = [
    "ORDER_TYPES",
    "OrderType",
    "Scenario",
    "criteria_from",
    "order_echo",
    "order_status_xml",
    "parse_order",
    "scenario_of",
]

Error = tuple[str, str, str | None]
TEN_DIGITS = re.compile(r"[0-9]{10}")


@dataclass(frozen=True)
class OrderType:
    """One ``…OrderType`` element: its canonical name and children (echo order)."""

    name: str
    fields: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    # May a scenario-backorder / BackOrderRequested apply (5522 otherwise)?
    scenario_backorder: bool = True
    real_backorder: bool = True


ORDER_TYPES: tuple[OrderType, ...] = (
    OrderType("ExistingTelephoneNumberOrderType", (), (), False, False),
    OrderType("AreaCodeSearchAndOrderType", ("AreaCode", "Quantity")),
    OrderType("RateCenterSearchAndOrderType", ("RateCenter", "State", "EnableLCA", "Quantity")),
    OrderType(
        "NPANXXSearchAndOrderType",
        ("NpaNxx", "EnableTNDetail", "EnableLCA", "Quantity"),
        (),
        False,
        False,
    ),
    OrderType("TollFreeVanitySearchAndOrderType", ("TollFreeVanity", "Quantity"), (), False, False),
    OrderType(
        "TollFreeWildCharSearchAndOrderType",
        ("TollFreeWildCardPattern", "Quantity"),
        ("TollFreeWildCardSearchAndOrderType",),
        False,
        True,
    ),
    OrderType("StateSearchAndOrderType", ("State", "Quantity")),
    OrderType("CitySearchAndOrderType", ("City", "State", "Quantity")),
    OrderType("ZIPSearchAndOrderType", ("Zip", "Quantity")),
    OrderType("LATASearchAndOrderType", ("Lata", "Quantity")),
    OrderType(
        "CombinedSearchAndOrderType",
        (
            "AreaCode",
            "NpaNxx",
            "NpaNxxX",
            "RateCenter",
            "City",
            "State",
            "Zip",
            "Lata",
            "LocalVanity",
            "EndsIn",
            "EnableLCA",
            "Quantity",
        ),
    ),
)
_BY_KEY = {n.lower(): t for t in ORDER_TYPES for n in (t.name, *t.aliases)}
_FIELD_ALIASES = {"tollfreewildcharpattern": "TollFreeWildCardPattern"}
_QUANTITY_CODE = {
    "AreaCodeSearchAndOrderType": "5198",
    "TollFreeVanitySearchAndOrderType": "5199",
    "TollFreeWildCharSearchAndOrderType": "5199",
}
_TOP_LEVEL = {
    "name",
    "customerorderid",
    "siteid",
    "peerid",
    "partialallowed",
    "backorderrequested",
    "tnattributes",
    "closeorder",
    "id",
    "ordercreatedate",
}


# ---- scenarios ----------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    kind: str  # partial | failed | backorder | slow
    ms: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "ms": self.ms}


_SCENARIO = re.compile(r"scenario-(partial|failed|backorder|slow-([0-9]+))", re.IGNORECASE)
_MAX_SLOW_MS = 24 * 3600 * 1000


def scenario_of(customer_order_id: str | None, name: str | None) -> Scenario | None:
    """The scenario word of CustomerOrderId when it starts with ``scenario-``, else Name's."""
    source = name
    if customer_order_id and customer_order_id.lower().startswith("scenario-"):
        source = customer_order_id
    if not source or not source.lower().startswith("scenario-"):
        return None
    m = _SCENARIO.match(source)
    if m is None:
        return None
    word = m.group(1).lower()
    if word.startswith("slow-"):
        digits = m.group(2).lstrip("0") or "0"
        # Any number of digits (a Name has no length limit): beyond a day is a day, and
        # int() is never asked for a 5,000-digit number (Python refuses those).
        ms = int(digits) if len(digits) <= 9 else _MAX_SLOW_MS
        return Scenario("slow", min(ms, _MAX_SLOW_MS))
    return Scenario(word)


# ---- parsing ------------------------------------------------------------------
def _fields(element: etree._Element, otype: OrderType) -> dict[str, str]:
    """Children of an order-type element by canonical name (case-insensitive)."""
    canonical = {f.lower(): f for f in otype.fields}
    out: dict[str, str] = {}
    for c in element:
        if not isinstance(c.tag, str):
            continue
        k = key(c)
        name = canonical.get(k) or _FIELD_ALIASES.get(k)
        if name and name not in out:
            value = text_of(c)
            if value:
                out[name] = value
    return out


def _bool_field(value: str | None, default: bool, name: str, errors: list[Error]) -> bool:
    try:
        parsed = parse_bool(value)
    except ValueError:
        errors.append(("5217", f"{name} value '{value}' is not valid: use true or false.", None))
        return default
    return default if parsed is None else parsed


def parse_order(
    root: etree._Element, *, site_ids: dict[str, str], peer_ids: set[str]
) -> tuple[dict[str, Any], list[Error]]:
    """``<Order>`` -> (request dict, synchronous errors). ``site_ids`` maps the
    customer's site ids to their default peer; ``peer_ids`` are its valid peers."""
    errors: list[Error] = []
    if key(root) != "order":
        return {}, [("5087", "The input order type is not a valid entry.", None)]
    name = text(root, "Name")
    coid = text(root, "CustomerOrderId")
    site_id = text(root, "SiteId")
    peer_id = text(root, "PeerId")
    partial = _bool_field(text(root, "PartialAllowed"), True, "PartialAllowed", errors)
    backorder = _bool_field(text(root, "BackOrderRequested"), False, "BackOrderRequested", errors)
    if coid is not None and (msg := rules.check_customer_order_id(coid)):
        errors.append(("5052", msg, None))
    if site_id is None:
        errors.append(("5022", "SiteId is a required field.", None))
    elif site_id not in site_ids:
        errors.append(("5016", "The SiteId submitted is invalid.", None))
    if peer_id is not None and peer_id not in peer_ids:
        errors.append(("5023", f"The PeerId {peer_id} submitted is invalid.", None))
    attrs_el = child(root, "TnAttributes")
    tn_attributes = texts(attrs_el, "TnAttribute")
    for attr in tn_attributes:
        if attr != "Protected":
            errors.append(
                ("5102", f"TnAttribute {attr} is not valid. Valid values: Protected", None)
            )

    type_elements = [
        c for c in root if isinstance(c.tag, str) and key(c) not in _TOP_LEVEL and key(c) in _BY_KEY
    ]
    request: dict[str, Any] = {
        "name": name,
        "customer_order_id": coid,
        "site_id": site_id,
        "peer_id": peer_id,
        "partial_allowed": partial,
        "backorder": backorder,
        "tn_attributes": tn_attributes,
    }
    scenario = scenario_of(coid, name)
    request["scenario"] = scenario.as_dict() if scenario else None
    if len(type_elements) != 1:
        errors.append(("5087", "The input order type is not a valid entry.", None))
        return request, errors
    type_el = type_elements[0]
    otype = _BY_KEY[key(type_el)]
    request["type"] = otype.name
    if otype.name == "ExistingTelephoneNumberOrderType":
        _parse_existing(type_el, request, errors)
    else:
        _parse_search_type(type_el, otype, request, errors)

    combined_limited = otype.name == "CombinedSearchAndOrderType" and any(
        request.get("fields", {}).get(f) for f in ("NpaNxx", "NpaNxxX", "LocalVanity")
    )
    if backorder and (not otype.real_backorder or combined_limited):
        errors.append(
            (
                "5522",
                "Backorders are not compatible with Specific TN, NPANXX, NPANXXX, "
                "TollFree Vanity or Local Vanity orders.",
                None,
            )
        )
    elif (
        scenario
        and scenario.kind == "backorder"
        and (not otype.scenario_backorder or combined_limited)
    ):
        errors.append(("5522", f"Backorders are not compatible with {otype.name} orders.", None))
    return request, errors


def _parse_existing(type_el: etree._Element, request: dict[str, Any], errors: list[Error]) -> None:
    numbers = texts(child(type_el, "TelephoneNumberList"), "TelephoneNumber")
    request["reservation_ids"] = texts(child(type_el, "ReservationIdList"), "ReservationId")
    request["numbers"] = [ten_digits(n) for n in numbers]
    if not numbers:
        errors.append(("5212", "The TelephoneNumberList is empty.", None))
        return
    if len(numbers) > 5000:
        errors.append(
            (
                "5095",
                "The count of telephone numbers in order exceeds the maximum size of 5000",
                None,
            )
        )
    errors.extend(number_list_errors(numbers, request["numbers"]))


def number_list_errors(raw: list[str], numbers: list[str]) -> list[Error]:
    """5070 for a number that is not 10 digits, 5093 for one listed twice."""
    errors: list[Error] = []
    seen: set[str] = set()
    for r, tn in zip(raw, numbers, strict=True):
        if not TEN_DIGITS.fullmatch(tn):
            errors.append(("5070", "Telephone number is invalid.", r))
        elif tn in seen:
            errors.append(("5093", f"Telephone number {tn} is duplicated in the order.", tn))
        seen.add(tn)
    return errors


def _parse_search_type(
    type_el: etree._Element, otype: OrderType, request: dict[str, Any], errors: list[Error]
) -> None:
    f = _fields(type_el, otype)
    request["fields"] = f
    quantity, q_error = rules.check_quantity(f.get("Quantity"))
    if f.get("Quantity") is None:
        code = _QUANTITY_CODE.get(otype.name, "5009")
        errors.append((code, f"Quantity is a required field for {otype.name}.", None))
    elif q_error:
        errors.append(("5215" if "exceeds" in q_error else "5009", q_error, None))
    request["quantity"] = quantity
    required = {
        "AreaCodeSearchAndOrderType": ("AreaCode",),
        "RateCenterSearchAndOrderType": ("RateCenter", "State"),
        "NPANXXSearchAndOrderType": ("NpaNxx",),
        "TollFreeVanitySearchAndOrderType": ("TollFreeVanity",),
        "TollFreeWildCharSearchAndOrderType": ("TollFreeWildCardPattern",),
        "StateSearchAndOrderType": ("State",),
        "CitySearchAndOrderType": ("City", "State"),
        "ZIPSearchAndOrderType": ("Zip",),
        "LATASearchAndOrderType": ("Lata",),
    }.get(otype.name, ())
    for name in required:
        if not f.get(name):
            code = _QUANTITY_CODE.get(otype.name, "5002")
            errors.append((code, f"{name} is a required field for {otype.name}.", None))
    for message in _criteria_errors(f, combined=otype.name == "CombinedSearchAndOrderType"):
        errors.append(("5002", message, None))
    criteria_given = any(
        f.get(n) for n in otype.fields if n not in ("Quantity", "EnableLCA", "EndsIn")
    )
    if otype.name == "CombinedSearchAndOrderType" and not criteria_given:
        errors.append(
            ("5002", "Unable to perform search. Please, provide some search criteria", None)
        )


def _criteria_errors(f: dict[str, str], *, combined: bool) -> list[str]:
    out: list[str] = []
    checks = {
        "AreaCode": rules.check_area_code,
        "NpaNxx": rules.check_npa_nxx,
        "NpaNxxX": rules.check_npa_nxxx,
        "State": rules.check_state,
        "Zip": rules.check_zip,
        "Lata": rules.check_lata,
        "LocalVanity": rules.check_local_vanity,
        "TollFreeVanity": rules.check_toll_free_vanity,
        "TollFreeWildCardPattern": rules.check_toll_free_wildcard,
    }
    for name, check in checks.items():
        if f.get(name) and (msg := check(f[name])):
            out.append(msg)
    for name in ("EnableLCA", "EndsIn", "EnableTNDetail"):
        try:
            parse_bool(f.get(name))
        except ValueError:
            out.append(f"{name} value '{f[name]}' is not valid: use true or false.")
    if combined:
        exclusive = [n for n in ("AreaCode", "NpaNxx", "NpaNxxX") if f.get(n)]
        if len(exclusive) > 1:
            out.append("The combination of search criteria is unsupported.")
        if (f.get("City") or f.get("RateCenter")) and not f.get("State"):
            out.append("Please also specify State to search by current criteria.")
        if f.get("LocalVanity"):
            others = [
                n
                for n in ("NpaNxx", "NpaNxxX", "RateCenter", "City", "State", "Zip", "Lata")
                if f.get(n)
            ]
            if not f.get("AreaCode") or others:
                out.append("A local vanity search and order needs AreaCode and no other criteria.")
        elif f.get("EndsIn"):
            out.append("Ends In is meaningless without Local Vanity")
    return out


def criteria_from(request: dict[str, Any]) -> Criteria:
    """Search criteria of a stored search-and-order request."""
    f: dict[str, str] = request.get("fields", {})
    rc = f.get("RateCenter")
    return Criteria(
        area_code=f.get("AreaCode"),
        prefix=f.get("NpaNxx") or f.get("NpaNxxX"),
        rate_center=rc.upper() if rc else None,
        city=f["City"].upper() if f.get("City") else None,
        state=f["State"].upper() if f.get("State") else None,
        zip=f.get("Zip"),
        lata=f.get("Lata"),
        local_vanity=keypad_digits(f["LocalVanity"]) if f.get("LocalVanity") else None,
        ends_in=parse_bool(f.get("EndsIn")) or False,
        toll_free_vanity=keypad_digits(f["TollFreeVanity"]) if f.get("TollFreeVanity") else None,
        toll_free_wildcard=f.get("TollFreeWildCardPattern"),
        lca=parse_bool(f.get("EnableLCA")) or False,
    )


# ---- rendering ----------------------------------------------------------------
def echo_head(o: OrderRow) -> list[etree._Element | None]:
    """CustomerOrderId, Name and OrderCreateDate: how every echo of a request starts."""
    r = o.request
    return [
        leaf("CustomerOrderId", r.get("customer_order_id")),
        leaf("Name", r.get("name")),
        leaf("OrderCreateDate", iso(o.created_at)),
    ]


def order_echo(o: OrderRow, *, peer_id: str | None) -> etree._Element:
    """The ``<Order>`` element: the request as understood, plus id and create date."""
    r = o.request
    order = el(
        "Order",
        echo_head(o),
        leaf("PeerId", peer_id),
        leaf("BackOrderRequested", bool(r.get("backorder"))),
        leaf("id", o.id),
    )
    order.append(_type_echo(r))
    if r.get("tn_attributes"):
        attrs = sub(order, "TnAttributes")
        for a in r["tn_attributes"]:
            sub(attrs, "TnAttribute", a)
    sub(order, "PartialAllowed", bool(r.get("partial_allowed", True)))
    sub(order, "SiteId", r.get("site_id"))
    return order


def _type_echo(r: dict[str, Any]) -> etree._Element:
    name = r.get("type", "ExistingTelephoneNumberOrderType")
    node = etree.Element(name)
    if name == "ExistingTelephoneNumberOrderType":
        tns = sub(node, "TelephoneNumberList")
        for n in r.get("numbers", []):
            sub(tns, "TelephoneNumber", n)
        if r.get("reservation_ids"):
            res = sub(node, "ReservationIdList")
            for rid in r["reservation_ids"]:
                sub(res, "ReservationId", rid)
        return node
    otype = _BY_KEY[name.lower()]
    fields = r.get("fields", {})
    for f in otype.fields:
        if fields.get(f) is not None:
            sub(node, f, fields[f])
    return node


def _summary(o: OrderRow, completed: list[str], requested: int) -> str:
    areas = ", ".join(dict.fromkeys(n[:3] for n in completed))
    noun = "number" if requested == 1 else "numbers"
    if o.status == "COMPLETE":
        done = "number" if len(completed) == 1 else "numbers"
        return f"{len(completed)} {done} ordered in ({areas})"
    if o.status == "FAILED":
        return f"{requested} {noun} requested"
    if o.status == "BACKORDERED":
        return f"{len(completed)} out of {requested} {noun} ordered; backordered"
    return f"{len(completed)} out of {requested} {noun} ordered in ({areas})"


def order_status_xml(
    o: OrderRow, *, default_peer: str, username: str, details: Any = None
) -> etree._Element:
    """``<OrderResponse>`` for GET /orders/{id}. ``details(number)`` adds tndetail data."""
    res = o.result or {}
    completed: list[str] = res.get("completed", [])
    failed: list[str] = res.get("failed", [])
    errors: list[list[Any]] = res.get("errors", [])
    requested = int(res.get("requested", 0))
    root = el("OrderResponse")
    sub(root, "CompletedQuantity", len(completed))
    sub(root, "CreatedByUser", o.created_by)
    if errors:
        root.append(error_list((e[0], e[1], e[2]) for e in errors))
    if failed:
        fn = sub(root, "FailedNumbers")
        for n in failed:
            sub(fn, "FullNumber", n)
    sub(root, "LastModifiedDate", iso(o.last_modified))
    if o.completed_at is not None:
        sub(root, "OrderCompleteDate", iso(o.completed_at))
    root.append(order_echo(o, peer_id=o.request.get("peer_id") or default_peer))
    sub(root, "OrderStatus", o.status)
    if completed:
        cn = sub(root, "CompletedNumbers")
        for n in completed:
            tn = sub(cn, "TelephoneNumber")
            sub(tn, "FullNumber", n)
            if details is not None:
                details(tn, n)
    if o.status == "BACKORDERED":
        sub(root, "PendingQuantity", max(requested - len(completed), 0))
    if o.status != "RECEIVED":
        sub(root, "Summary", _summary(o, completed, requested))
    sub(root, "FailedQuantity", res.get("failed_quantity", len(failed)))
    return root
