"""Input rules, checked before anything is sent — public for panels and users.

* :func:`v2_search` — V2 ``availableNumbers`` criteria (notes §2.1 value rules, §2.2
  valid combinations);
* :func:`v2_order` — V2 order criteria: specific numbers, or a search-and-order quantity
  plus criteria (§3.1, §3.2), and :func:`v2_order_type` naming the order-type element
  the criteria lead to;
* :func:`v1_search` — V1 search rules (``numkit.v1.rules``).

Each returns the criteria normalised (Python names, canonical values, only what was
given) or raises :class:`~numkit.errors.ValidationError` whose ``field``/``value``/
``rule`` say which input broke which rule, in words close to the API's own messages.
Criteria are accepted under the Python names (``area_code``) or the V2 wire names
(``areaCode``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import ValidationError
from .phone import to_v2_number

__all__ = [
    "MAX_QUANTITY",
    "ORDER_TYPES",
    "SEARCH_FIELDS",
    "SEARCH_WIRE_NAMES",
    "search_params",
    "v2_disconnect",
    "v2_order",
    "v2_order_type",
    "v2_search",
]

MAX_QUANTITY = 5000
MAX_CUSTOMER_ORDER_ID = 40
MAX_DISCONNECT_NAME = 50

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
ORDER_BY_VALUES = {
    "fullnumber": "fullNumber",
    "full_number": "fullNumber",
    "npanxxx": "npaNxxx",
    "npa_nxxx": "npaNxxx",
    "npanxx": "npaNxx",
    "npa_nxx": "npaNxx",
    "areacode": "areaCode",
    "area_code": "areaCode",
}

#: Order-type element → the location criteria it carries (contract + notes §3.2).
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

_STATE_CODES = """
AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP
AB BC MB NB NL NS NT NU ON PE QC SK YT
"""
#: US states, DC, territories and Canadian provinces (NANP).
STATES = frozenset(_STATE_CODES.split())

_SEPARATORS = re.compile(r"[\s().-]")
_COID = re.compile(r"^[A-Za-z0-9 -]+$")
_PLACE = re.compile(r"^[A-Z0-9][A-Z0-9 .'/-]*$")
_ZIP = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
_WILDCARD = re.compile(r"^8[0-9*]{2}$")


# -- value rules -----------------------------------------------------------------------------
def _digits(field: str, value: Any, count: int, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(field, value, f"{what} must be {count} digits given as a string")
    text = _SEPARATORS.sub("", str(value))
    if not text.isdigit() or not text.isascii() or len(text) != count:
        raise ValidationError(
            field,
            value,
            f"The length of the search criteria '{value}' is not valid: "
            f"{what} must be exactly {count} digits",
        )
    return text


def _npa_rules(field: str, value: Any, npa: str) -> None:
    """The 5002 area-code messages (notes §2.4)."""
    if npa[0] in "01":
        raise ValidationError(field, value, "area code cannot begin with 0 or 1")
    if npa[:2] in {"37", "96"}:
        raise ValidationError(field, value, "area code cannot begin with 37 or 96")
    if npa[1] == "9":
        raise ValidationError(field, value, "area code cannot have 9 as the second digit")
    if npa[1:] == "11":
        raise ValidationError(field, value, "area code cannot end with 11")


def _nxx_rules(field: str, value: Any, nxx: str) -> None:
    if nxx[0] in "01":
        raise ValidationError(field, value, "NXX cannot begin with 0 or 1")


def area_code(value: Any, field: str = "area_code") -> str:
    text = _digits(field, value, 3, "an area code")
    _npa_rules(field, value, text)
    return text


def npa_nxx(value: Any, field: str = "npa_nxx") -> str:
    text = _digits(field, value, 6, "an NPA-NXX")
    _npa_rules(field, value, text[:3])
    _nxx_rules(field, value, text[3:])
    return text


def npa_nxxx(value: Any, field: str = "npa_nxxx") -> str:
    text = _digits(field, value, 7, "an NPA-NXX-X")
    _npa_rules(field, value, text[:3])
    _nxx_rules(field, value, text[3:6])
    return text


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "must be a non-empty string")
    return " ".join(value.split())


def state(value: Any, field: str = "state") -> str:
    text = _text(field, value).upper()
    if text not in STATES:
        raise ValidationError(
            field, value, f"The state abbreviation {text} is not valid (two letters, e.g. NC)"
        )
    return text


def place(value: Any, field: str, what: str, limit: int = 50) -> str:
    text = _text(field, value).upper()
    if len(text) > limit or not _PLACE.match(text):
        raise ValidationError(
            field,
            value,
            f"The {what} {value!r} is not valid (letters, digits, spaces; "
            f"at most {limit} characters)",
        )
    return text


def zip_code(value: Any, field: str = "zip") -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(field, value, "The zip code must be 5 digits or ZIP+4")
    text = str(value).strip()
    if isinstance(value, int):
        text = text.zfill(5)
    match = _ZIP.match(text)
    if not match:
        raise ValidationError(
            field, value, f"The zip code {value} is not valid (5 digits or ZIP+4: 27606-1234)"
        )
    return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")


def lata(value: Any, field: str = "lata") -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(field, value, "The lata must be a number of up to 5 digits")
    text = str(value).strip()
    if not text.isdigit() or not text.isascii() or not 1 <= len(text) <= 5:
        raise ValidationError(field, value, f"The lata {value} is not valid (up to 5 digits)")
    return text


def vanity(value: Any, field: str, low: int = 4, high: int = 7) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(field, value, f"must be {low}-{high} letters or digits")
    text = str(value).strip().upper()
    if not (text.isalnum() and text.isascii() and low <= len(text) <= high):
        raise ValidationError(
            field, value, f"a vanity pattern must be {low}-{high} letters or digits, e.g. NEWCARS"
        )
    return text


def wildcard(value: Any, field: str = "toll_free_wildcard") -> str:
    text = str(value).strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not _WILDCARD.match(text):
        raise ValidationError(
            field,
            value,
            "Tollfree Wild Card search invalid format: 3 characters starting with 8, "
            "'*' as wildcard (8**, 80*, 83*, 87*)",
        )
    return text


def quantity(value: Any, field: str = "quantity", high: int = MAX_QUANTITY) -> int:
    if isinstance(value, bool):
        raise ValidationError(field, value, f"quantity must be a whole number from 1 to {high}")
    if isinstance(value, str) and value.strip().isdigit():
        value_int = int(value.strip())
    elif isinstance(value, int):
        value_int = value
    else:
        raise ValidationError(field, value, f"quantity must be a whole number from 1 to {high}")
    if not 1 <= value_int <= high:
        raise ValidationError(
            field, value, f"The quantity specified {value} is invalid: it must be 1 to {high}"
        )
    return value_int


def boolean(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise ValidationError(field, value, "must be True or False")


def order_by(value: Any, field: str = "order_by") -> str:
    key = value.strip().lower() if isinstance(value, str) else None
    if key not in ORDER_BY_VALUES:
        raise ValidationError(
            field, value, "orderBy must be one of fullNumber, npaNxxx, npaNxx, areaCode"
        )
    return ORDER_BY_VALUES[key]


def protected(value: Any, field: str = "protected") -> str:
    text = value.strip().upper() if isinstance(value, str) else None
    if text not in {"NONE", "ONLY", "MIXED"}:
        raise ValidationError(field, value, "protected must be one of NONE, ONLY, MIXED")
    return text


def customer_order_id(value: Any, field: str = "customer_order_id") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "CustomerOrderId must be a non-empty string")
    text = value.strip()
    if len(text) > MAX_CUSTOMER_ORDER_ID or not _COID.match(text):
        raise ValidationError(
            field,
            value,
            f"CustomerOrderId may only contain letters, digits, dashes and spaces, "
            f"at most {MAX_CUSTOMER_ORDER_ID} characters",
        )
    return text


def numeric_id(value: Any, field: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(field, value, f"{field} must be a numeric id such as '100'")
    text = str(value).strip()
    if not text.isdigit() or not text.isascii() or len(text) > 20:
        raise ValidationError(field, value, f"{field} must be a numeric id such as '100'")
    return text


def name(value: Any, field: str = "name", limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, value, "name must be a string")
    text = value.strip()
    if limit is not None and len(text) > limit:
        raise ValidationError(field, value, f"name must be at most {limit} characters")
    return text


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


def v2_order(**criteria: Any) -> dict[str, Any]:
    """Validate and normalise a V2 order.

    Either ``numbers`` (a list; ExistingTelephoneNumberOrderType) or ``quantity`` plus
    search criteria (a search-and-order; see :func:`v2_order_type`), and optionally
    site_id, peer_id, name, customer_order_id, partial_allowed, back_order_requested.
    """
    raw = _canonical(criteria, ORDER_FIELDS)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "numbers":
            out[key] = numbers_list(value)
        elif key in ("site_id", "peer_id"):
            out[key] = numeric_id(value, key)
        elif key == "name":
            out[key] = name(value)
        elif key == "customer_order_id":
            out[key] = customer_order_id(value)
        elif key in ("partial_allowed", "back_order_requested"):
            out[key] = boolean(value, key)
        else:
            out[key] = _NORMALISERS[key](value)
    location = [f for f in LOCATION_FIELDS if f in out]
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


# V1 rules live with the V1 client; re-exported here so panels find every validator in one
# place. Guarded while numkit/v1/rules.py is being written.
try:
    from .v1.rules import v1_search
except ImportError:  # pragma: no cover - only while the V1 module is missing
    pass
else:
    __all__ += ["v1_search"]
