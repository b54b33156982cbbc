"""The V2 (Dashboard) input rules, checked before anything is sent.

They sit beside the V2 client as V1's sit in :mod:`numkit.v1.rules`; the public facade
for panels and users is :mod:`numkit.validate` (``v2_search``, ``v2_order``, …), which
re-exports everything here.

* :func:`v2_search` — ``availableNumbers`` criteria (value rules and the valid
  combinations);
* :func:`v2_order` — an order: specific numbers, or a search-and-order quantity plus
  criteria (§3.1, §3.2), and :func:`v2_order_type` naming the order-type element the
  criteria lead to;
* :func:`v2_disconnect` — a disconnect's numbers, Name and CustomerOrderId.

The rules for one value at a time (digits, states, quantity, …) are in
:mod:`numkit.v2.values`; this module combines them. Each returns the criteria
normalised (Python names, canonical values, only what was given) or raises
:class:`~numkit.errors.ValidationError` whose ``field``/``value``/``rule`` say which
input broke which rule, in words close to the API's own messages.
Criteria are accepted under the Python names (``area_code``) or the V2 wire names
(``areaCode``). The typed forms the builders consume are in :mod:`numkit.v2.criteria`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ValidationError
from ..phone import to_v2_number
from .values import (
    MAX_DISCONNECT_NAME,
    area_code,
    boolean,
    customer_order_id,
    lata,
    name,
    npa_nxx,
    npa_nxxx,
    numeric_id,
    order_by,
    place,
    protected,
    quantity,
    reservation_ids,
    state,
    vanity,
    wildcard,
    zip_code,
)

# The one-value rules (area_code, state, quantity, …) are numkit.v2.values' own: the
# numkit.validate facade re-exports them from there.
__all__ = [
    "LOCATION_FIELDS",
    "ORDER_FIELDS",
    "ORDER_TYPES",
    "SEARCH_FIELDS",
    "SEARCH_WIRE_NAMES",
    "numbers_list",
    "search_params",
    "v2_disconnect",
    "v2_order",
    "v2_order_type",
    "v2_search",
]

#: Python keyword → V2 ``availableNumbers`` query parameter.
SEARCH_WIRE_NAMES: dict[str, str] = {
    "area_code": "areaCode",
    "npa_nxx": "npaNxx",
    "npa_nxxx": "npaNxxx",
    "rate_center": "rateCenter",
    "city": "city",
    "state": "state",
    "zip": "zip",
    "lata": "lata",
    "local_vanity": "localVanity",
    "ends_in": "endsIn",
    "toll_free_vanity": "tollFreeVanity",
    "toll_free_wildcard": "tollFreeWildCardPattern",
    "lca": "LCA",
    "order_by": "orderBy",
    "quantity": "quantity",
    "details": "enableTNDetail",
    "protected": "protected",
}
SEARCH_FIELDS = tuple(SEARCH_WIRE_NAMES)
_FROM_WIRE = {wire: name for name, wire in SEARCH_WIRE_NAMES.items()}
_FROM_WIRE.update(
    {"npanxx": "npa_nxx", "npanxxx": "npa_nxxx", "tollFreeWildCharPattern": "toll_free_wildcard"}
)
_ALIASES = {"toll_free_wild_card_pattern": "toll_free_wildcard", "enable_tn_detail": "details"}

#: Location criteria (what a search or search-and-order is *about*).
LOCATION_FIELDS = (
    "area_code",
    "npa_nxx",
    "npa_nxxx",
    "rate_center",
    "city",
    "state",
    "zip",
    "lata",
    "local_vanity",
    "toll_free_vanity",
    "toll_free_wildcard",
)
_EXCLUSIVE_NPA = ("area_code", "npa_nxx", "npa_nxxx")
_TOLL_FREE = ("toll_free_vanity", "toll_free_wildcard")
_LCA_WITH = ("npa_nxx", "npa_nxxx", "rate_center", "state")
_ORDER_BY_WITH = ("npa_nxx", "npa_nxxx", "rate_center", "city", "zip", *_TOLL_FREE)
#: Order-type element → the location criteria it carries .
ORDER_TYPES: dict[str, frozenset[str]] = {
    "AreaCodeSearchAndOrderType": frozenset({"area_code"}),
    "RateCenterSearchAndOrderType": frozenset({"rate_center", "state"}),
    "NPANXXSearchAndOrderType": frozenset({"npa_nxx"}),
    "CitySearchAndOrderType": frozenset({"city", "state"}),
    "StateSearchAndOrderType": frozenset({"state"}),
    "ZIPSearchAndOrderType": frozenset({"zip"}),
    "LATASearchAndOrderType": frozenset({"lata"}),
    "TollFreeVanitySearchAndOrderType": frozenset({"toll_free_vanity"}),
    "TollFreeWildCharSearchAndOrderType": frozenset({"toll_free_wildcard"}),
}
#: Simple types that carry ``EnableLCA``; LCA with any other set goes to Combined.
_LCA_TYPES = {"RateCenterSearchAndOrderType", "NPANXXSearchAndOrderType"}

_NORMALISERS = {
    "area_code": area_code,
    "npa_nxx": npa_nxx,
    "npa_nxxx": npa_nxxx,
    "rate_center": lambda v: place(v, "rate_center", "ratecenter abbreviation", 50),
    "city": lambda v: place(v, "city", "city", 50),
    "state": state,
    "zip": zip_code,
    "lata": lata,
    "local_vanity": lambda v: vanity(v, "local_vanity"),
    "ends_in": lambda v: boolean(v, "ends_in"),
    "toll_free_vanity": lambda v: vanity(v, "toll_free_vanity", 4, 10),
    "toll_free_wildcard": wildcard,
    "lca": lambda v: boolean(v, "lca"),
    "order_by": order_by,
    "quantity": quantity,
    "details": lambda v: boolean(v, "details"),
    "protected": protected,
}


def _canonical(criteria: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    allowed = tuple(allowed)
    out: dict[str, Any] = {}
    for key, value in criteria.items():
        if value is None:
            continue
        canon = _ALIASES.get(key) or _FROM_WIRE.get(key) or key
        if canon not in allowed:
            raise ValidationError(
                key, value, "unknown criterion; use one of: " + ", ".join(allowed)
            )
        if canon in out:
            raise ValidationError(key, value, f"{canon} was given twice under different names")
        out[canon] = value
    return out


# -- combinations ----------------------------------------------------------------------------
def _combination_rules(c: Mapping[str, Any], *, searching: bool) -> None:
    given = [f for f in LOCATION_FIELDS if f in c]
    if not given:
        raise ValidationError(
            "criteria",
            None,
            "One of more required search parameters are null or empty: give at least one "
            "of " + ", ".join(LOCATION_FIELDS),
        )
    npa = [f for f in _EXCLUSIVE_NPA if f in c]
    if len(npa) > 1:
        raise ValidationError(
            npa[1], c[npa[1]], "area_code, npa_nxx and npa_nxxx are mutually exclusive"
        )
    toll_free = [f for f in _TOLL_FREE if f in c]
    if toll_free:
        others = [f for f in given if f != toll_free[0]] + [
            f for f in ("lca", "ends_in", "protected") if f in c
        ]
        if others:
            raise ValidationError(
                others[0],
                c[others[0]],
                f"The combination of search criteria is unsupported: {toll_free[0]} "
                "cannot be combined with other criteria",
            )
    for f in ("rate_center", "city"):
        if f in c and "state" not in c:
            raise ValidationError("state", None, f"Please also specify state to search by {f}")
    if "ends_in" in c and "local_vanity" not in c:
        raise ValidationError(
            "ends_in", c["ends_in"], "Ends In is meaningless without Local Vanity"
        )
    if "local_vanity" in c:
        extra = [f for f in given if f not in {"local_vanity", "area_code", "state"}]
        if not searching:
            extra = [f for f in given if f not in {"local_vanity", "area_code"}]
            if "area_code" not in c:
                raise ValidationError(
                    "area_code", None, "a local vanity search-and-order needs area_code"
                )
        if extra:
            raise ValidationError(
                extra[0],
                c[extra[0]],
                "The combination of search criteria is unsupported: local_vanity combines "
                + ("only with area_code and state" if searching else "only with area_code"),
            )
    if c.get("lca") is True and not any(f in c for f in _LCA_WITH):
        raise ValidationError(
            "lca",
            True,
            "LCA search is not supported for specified search criteria (it needs npa_nxx, "
            "npa_nxxx, rate_center or state)",
        )
    if c.get("lca") is True and "local_vanity" in c:
        raise ValidationError("lca", True, "LCA search is not supported with local_vanity")
    if "order_by" in c and not any(f in c for f in _ORDER_BY_WITH):
        raise ValidationError(
            "order_by",
            c["order_by"],
            "orderBy is not supported for these criteria (it needs npa_nxx, npa_nxxx, "
            "rate_center, city, zip or a toll-free search)",
        )


def v2_search(**criteria: Any) -> dict[str, Any]:
    """Validate and normalise V2 search criteria (Python or wire names).

    >>> v2_search(area_code=919, quantity="5", details=True)
    {'area_code': '919', 'quantity': 5, 'details': True}
    """
    c = _canonical(criteria, SEARCH_FIELDS)
    out = {key: _NORMALISERS[key](value) for key, value in c.items()}
    _combination_rules(out, searching=True)
    return out


def search_params(criteria: Mapping[str, Any]) -> dict[str, Any]:
    """Normalised search criteria → ``availableNumbers`` query parameters."""
    return {SEARCH_WIRE_NAMES[k]: v for k, v in criteria.items()}


# -- orders ----------------------------------------------------------------------------------
ORDER_FIELDS = (
    "numbers",
    "quantity",
    *(f for f in LOCATION_FIELDS),
    "ends_in",
    "lca",
    "site_id",
    "peer_id",
    "name",
    "customer_order_id",
    "partial_allowed",
    "back_order_requested",
    "reservation_ids",
)
_NO_BACKORDER = ("npa_nxx", "npa_nxxx", "toll_free_vanity", "local_vanity")


def numbers_list(value: Any, field: str = "numbers", *, duplicates: str = "error") -> list[str]:
    """Any iterable of numbers in any accepted form → 10-digit strings.

    ``duplicates``: ``"error"`` (orders: 5093) or ``"drop"`` (disconnects).
    """
    if isinstance(value, str | bytes) or value is None:
        raise ValidationError(field, value, "give a list of numbers, e.g. ['9195551212']")
    numbers = getattr(value, "numbers", value)  # a SearchResult works too
    columns = getattr(value, "columns", None)  # and a DataFrame with a number column
    if columns is not None and not isinstance(value, list | tuple):
        found = [c for c in ("full_number", "telephone_number", "number") if c in columns]
        if not found:
            raise ValidationError(
                field, value, "a DataFrame needs a full_number or telephone_number column"
            )
        numbers = value[found[0]].tolist()
    try:
        items = list(numbers)
    except TypeError:
        raise ValidationError(field, value, "give a list of numbers") from None
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        number = to_v2_number(item, field=field)
        if number in seen:
            if duplicates == "error":
                raise ValidationError(
                    field, item, f"Telephone number {number} is duplicated in the order"
                )
            continue
        seen.add(number)
        out.append(number)
    if not out:
        raise ValidationError(field, value, "the telephone number list is empty")
    return out


#: a search-and-order's criteria, plus what every order may carry
_ORDER_NORMALISERS = {
    **_NORMALISERS,
    "numbers": numbers_list,
    "site_id": lambda v: numeric_id(v, "site_id"),
    "peer_id": lambda v: numeric_id(v, "peer_id"),
    "name": name,
    "customer_order_id": customer_order_id,
    "partial_allowed": lambda v: boolean(v, "partial_allowed"),
    "back_order_requested": lambda v: boolean(v, "back_order_requested"),
    "reservation_ids": reservation_ids,
}


def v2_order(**criteria: Any) -> dict[str, Any]:
    """Validate and normalise a V2 order.

    Either ``numbers`` (a list; ExistingTelephoneNumberOrderType) or ``quantity`` plus
    search criteria (a search-and-order; see :func:`v2_order_type`), and optionally
    site_id, peer_id, name, customer_order_id, partial_allowed, back_order_requested.
    """
    raw = _canonical(criteria, ORDER_FIELDS)
    out: dict[str, Any] = {key: _ORDER_NORMALISERS[key](value) for key, value in raw.items()}
    location = [f for f in LOCATION_FIELDS if f in out]
    if out.get("reservation_ids") and "numbers" not in out:
        raise ValidationError(
            "reservation_ids",
            out["reservation_ids"],
            "a reservation holds specific numbers (and searches never list reserved "
            "numbers): pass reservation_ids to order_numbers with those numbers",
        )
    if "numbers" in out:
        extra = location + [f for f in ("quantity", "lca", "ends_in") if f in out]
        if extra:
            raise ValidationError(
                extra[0],
                out[extra[0]],
                "an order for specific numbers takes no search criteria or quantity",
            )
    else:
        if "quantity" not in out:
            raise ValidationError("quantity", None, "a search-and-order needs quantity (1 to 5000)")
        _combination_rules(out, searching=False)
    if out.get("back_order_requested"):
        blocker = (
            "numbers" if "numbers" in out else next((f for f in _NO_BACKORDER if f in out), None)
        )
        if blocker:
            raise ValidationError(
                "back_order_requested",
                True,
                "Backorders are not compatible with Specific TN, NPANXX, NPANXXX, TollFree "
                f"Vanity or Local Vanity orders (this one has {blocker})",
            )
    return out


def v2_order_type(criteria: Mapping[str, Any]) -> str:
    """The order-type element for normalised order criteria.

    Specific numbers → ExistingTelephoneNumberOrderType; one criterion set with its own
    type (AreaCode, RateCenter+State, NPANXX, City+State, State, ZIP, LATA, TollFree
    vanity/wildcard) → that type; anything else (NPA-NXX-X, local vanity, several
    criteria, LCA where the simple type has no EnableLCA) → CombinedSearchAndOrderType.
    """
    if "numbers" in criteria:
        return "ExistingTelephoneNumberOrderType"
    given = frozenset(f for f in LOCATION_FIELDS if f in criteria)
    for element, fields in ORDER_TYPES.items():
        if given == fields:
            if "lca" in criteria and element not in _LCA_TYPES:
                break
            return element
    return "CombinedSearchAndOrderType"


def v2_disconnect(
    numbers: Any,
    *,
    name: str | None = None,
    customer_order_id: str | None = None,
    name_: str | None = None,
    customer_order_id_: str | None = None,
) -> dict[str, Any]:
    """Validate a disconnect: numbers (duplicates dropped), Name ≤ 50, CustomerOrderId.

    (``name_``/``customer_order_id_`` are the earlier spellings, still accepted.)
    """
    name = name if name is not None else name_
    customer_order_id = customer_order_id if customer_order_id is not None else customer_order_id_
    out: dict[str, Any] = {"numbers": numbers_list(numbers, duplicates="drop")}
    if name is not None:
        out["name"] = _check_name(name, limit=MAX_DISCONNECT_NAME)
    if customer_order_id is not None:
        out["customer_order_id"] = _check_customer_order_id(customer_order_id)
    return out


_check_name = name
_check_customer_order_id = customer_order_id
