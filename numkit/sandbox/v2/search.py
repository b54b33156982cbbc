"""``GET /accounts/{id}/availableNumbers``: query validation and the two result shapes.

Validation follows the V2 combination table and answers failures with
``SearchResult/Error`` and the 40xx code of the offending parameter. Parameter
names are matched case-insensitively (the guide itself writes ``npanxx``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from ..base import XML_TYPE, XmlAnswer
from ..inventory import TIER, VENDOR_ID, VENDOR_NAME, Criteria, Exchange, keypad_digits
from ..xmlio import DECLARATION, el, parse_bool
from . import rules
from .base import V2Handler

__all__ = ["AvailableNumbers", "SearchError", "SearchQuery", "parse_search", "search_result_xml"]

_ORDER_BY = {
    "fullnumber": "fullNumber",
    "npanxxx": "npaNxxx",
    "npanxx": "npaNxx",
    "areacode": "areaCode",
}
_MISSING = (
    "One of more required search parameters are null or empty, please refer to the api "
    "documentation"
)
_COMBINATION = "The combination of search criteria is unsupported."


class SearchError(XmlAnswer):
    """400 with ``<SearchResult><Error><Code/><Description/></Error></SearchResult>``."""

    def __init__(self, code: str, description: str) -> None:
        root = el(
            "SearchResult", el("Error", el("Code", text=code), el("Description", text=description))
        )
        super().__init__(400, root)
        self.code = code
        self.description = description


@dataclass(frozen=True)
class SearchQuery:
    criteria: Criteria
    quantity: int
    details: bool
    order_by: str | None


def _bool(params: Mapping[str, str], name: str, default: bool) -> bool:
    try:
        value = parse_bool(params.get(name))
    except ValueError:
        raise SearchError("4010", f"The value '{params[name]}' of {name} is not valid.") from None
    return default if value is None else value


def parse_search(params: Mapping[str, str]) -> SearchQuery:
    """Lower-cased query parameters -> SearchQuery, or raise SearchError."""
    p = {k: v.strip() for k, v in params.items() if v is not None and v.strip() != ""}
    quantity, q_err = rules.check_quantity(p.get("quantity"))
    if q_err:
        raise SearchError("4010", q_err)
    details = _bool(p, "enabletndetail", False)
    lca = _bool(p, "lca", True)
    ends_in = _bool(p, "endsin", False)
    order_by = p.get("orderby")
    if order_by is not None and order_by.lower() not in _ORDER_BY:
        raise SearchError(
            "4020",
            f"The orderBy value {order_by} is not valid: use {', '.join(_ORDER_BY.values())}.",
        )
    if "protected" in p and p["protected"].upper() not in ("NONE", "ONLY", "MIXED"):
        raise SearchError("4022", f"The protected value {p['protected']} is not valid.")

    area, npanxx, npanxxx = p.get("areacode"), p.get("npanxx"), p.get("npanxxx")
    rc, city, state = p.get("ratecenter"), p.get("city"), p.get("state")
    zip_, lata = p.get("zip"), p.get("lata")
    vanity, tf_vanity, tf_wild = (
        p.get("localvanity"),
        p.get("tollfreevanity"),
        p.get("tollfreewildcardpattern"),
    )
    local = [area, npanxx, npanxxx, rc, city, state, zip_, lata]
    if not any(local) and not (vanity or tf_vanity or tf_wild):
        raise SearchError("4010", _MISSING)

    if tf_vanity or tf_wild:
        if (tf_vanity and tf_wild) or any(local) or vanity:
            raise SearchError("4010", _COMBINATION)
        if tf_vanity and (msg := rules.check_toll_free_vanity(tf_vanity)):
            raise SearchError("4003", msg)
        if tf_wild and (msg := rules.check_toll_free_wildcard(tf_wild)):
            raise SearchError("4004", msg)
        criteria = Criteria(
            toll_free=True,
            toll_free_vanity=keypad_digits(tf_vanity) if tf_vanity else None,
            toll_free_wildcard=tf_wild,
        )
        return SearchQuery(criteria, quantity or 5000, details, _norm_order(order_by))

    if "endsin" in p and not vanity:
        raise SearchError("4010", "Ends In is meaningless without Local Vanity")
    if sum(1 for v in (area, npanxx, npanxxx) if v) > 1:
        raise SearchError("4010", _COMBINATION)
    if vanity and any((npanxx, npanxxx, rc, city, zip_, lata)):
        raise SearchError("4010", _COMBINATION)
    for value, check, code in (
        (area, rules.check_area_code, "4000"),
        (npanxx, rules.check_npa_nxx, "4002"),
        (npanxxx, rules.check_npa_nxxx, "4002"),
        (state, rules.check_state, "4006"),
        (zip_, rules.check_zip, "4007"),
        (lata, rules.check_lata, "4008"),
        (vanity, rules.check_local_vanity, "4010"),
    ):
        if value and (msg := check(value)):
            raise SearchError(code, msg)
    if rc and not rc.replace(" ", "").isalpha():
        raise SearchError("4001", f"The ratecenter abbreviation {rc} is not valid")
    if city and not all(ch.isalpha() or ch in " .'-" for ch in city):
        raise SearchError("4005", f"The city {city} is not valid.")
    if (city or rc) and not state:
        raise SearchError("4010", "Please also specify state to search by current criteria.")
    if order_by and not any((npanxx, npanxxx, rc, city, zip_)):
        raise SearchError("4021", "orderBy is not supported for the specified search criteria.")
    criteria = Criteria(
        area_code=area,
        prefix=npanxx or npanxxx,
        rate_center=rc.upper().replace(" ", "") if rc else None,
        city=city.upper() if city else None,
        state=state.upper() if state else None,
        zip=zip_,
        lata=lata,
        local_vanity=keypad_digits(vanity) if vanity else None,
        ends_in=ends_in,
        lca=lca,
    )
    return SearchQuery(criteria, quantity or 5000, details, _norm_order(order_by))


def _norm_order(order_by: str | None) -> str | None:
    return _ORDER_BY[order_by.lower()] if order_by else None


def search_result_xml(
    numbers: list[str],
    *,
    details: bool,
    lookup: Callable[[str], Exchange | None],
    plus: str = "",
) -> bytes:
    """``<SearchResult>`` as bytes: the plain list, the detail list, or empty.

    Built as text rather than with lxml because it is the hot path (up to 5,000
    detail entries, benchmarked end to end): every number is digits, and the only
    free text (city, rate centre) is escaped once per exchange and reused. ``plus``
    is ``"+1"`` under ``/api/v2`` (E.164 numbers).
    """
    if not numbers:
        return DECLARATION + b"<SearchResult/>"
    parts = [f"<SearchResult><ResultCount>{len(numbers)}</ResultCount>"]
    if not details:
        parts.append("<TelephoneNumberList>")
        parts.extend(f"<TelephoneNumber>{plus}{n}</TelephoneNumber>" for n in numbers)
        parts.append("</TelephoneNumberList></SearchResult>")
        return DECLARATION + "".join(parts).encode("utf-8")
    tail = (
        f"<Tier>{TIER}</Tier><VendorId>{VENDOR_ID}</VendorId>"
        f"<VendorName>{escape(VENDOR_NAME)}</VendorName></TelephoneNumberDetail>"
    )
    parts.append("<TelephoneNumberDetailList>")
    for n in numbers:
        parts.append(
            f"<TelephoneNumberDetail>{_location(lookup(n))}<FullNumber>{plus}{n}</FullNumber>"
        )
        parts.append(tail)
    parts.append("</TelephoneNumberDetailList></SearchResult>")
    return DECLARATION + "".join(parts).encode("utf-8")


@lru_cache(maxsize=8192)
def _location(ex: Exchange | None) -> str:
    if ex is None or ex.toll_free:
        return ""
    return (
        f"<City>{escape(ex.city)}</City><LATA>{escape(ex.lata)}</LATA>"
        f"<RateCenter>{escape(ex.rate_center)}</RateCenter><State>{escape(ex.state)}</State>"
    )


class AvailableNumbers(V2Handler):
    """``GET /accounts/{id}/availableNumbers``."""

    def get(self, account: str) -> None:
        q = parse_search(self.query())
        now = time.time()
        numbers = self.world.inventory.search(
            q.criteria,
            quantity=q.quantity,
            taken=self.world.store.taken(now),
            order_by=q.order_by,
        )
        body = search_result_xml(
            numbers,
            details=q.details,
            lookup=self.world.inventory.details,
            plus="+1" if self.e164 else "",
        )
        self.set_header("Content-Type", XML_TYPE)
        self.finish(body)
