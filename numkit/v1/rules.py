"""The documented V1 (Catapult) search rules, checked before anything is sent.

Pure functions, no I/O: the V1 client, the translator, the panels (through
``numkit.validate.v1_search``) and anyone else can call them.

The rules and their messages come from Catapult's ``errors.md``
(``invalid-available-number-search``, ``invalid-available-number-search-order``,
``validation-error``); the messages are kept word for word, typos included ("must
contains"), so a user who searches for them finds the V1 docs. Location sets that V1
accepts::

    {areaCode}   {areaCode, localNumber[, inLocalCallingArea]}   {state}   {state, city}   {zip}

plus ``quantity`` and ``pattern`` on any of them. Search: quantity 1-5000 (default 10).
Search-and-order: quantity 1-10 and no ``pattern``.

Criteria are accepted under the Python names (``area_code``) or the V1 wire names
(``areaCode``); the result always uses the Python names, holds only the criteria that
were given, and :func:`to_wire` turns it back into V1 query parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import ValidationError

__all__ = [
    "LOCAL_FIELDS",
    "MAX_SEARCH_AND_ORDER_QUANTITY",
    "MAX_SEARCH_QUANTITY",
    "MESSAGES",
    "TOLL_FREE_FIELDS",
    "WIRE_NAMES",
    "from_wire",
    "to_wire",
    "v1_search",
]

MAX_SEARCH_QUANTITY = 5000
MAX_SEARCH_AND_ORDER_QUANTITY = 10

#: Python keyword → V1 query parameter.
WIRE_NAMES: dict[str, str] = {
    "area_code": "areaCode",
    "city": "city",
    "state": "state",
    "zip": "zip",
    "local_number": "localNumber",
    "in_local_calling_area": "inLocalCallingArea",
    "quantity": "quantity",
    "pattern": "pattern",
}
_FROM_WIRE = {wire: name for name, wire in WIRE_NAMES.items()}
_FROM_WIRE["zipCode"] = "zip"  # python-bandwidth's keyword is zip_code; accept the camel form too
_ALIASES = {"zip_code": "zip"}

LOCAL_FIELDS = tuple(WIRE_NAMES)
TOLL_FREE_FIELDS = ("quantity", "pattern")

#: The documented messages, by rule. Values are quoted from Catapult's errors.md.
MESSAGES: dict[str, str] = {
    "location_required": "Specify a State ZIP Code or Area Code with your query.",
    "city_needs_state": "For searching by City the State is also required.",
    "city_zip": "A query cannot combine City with ZIP Code.",
    "city_area_code": "A query cannot combine City with Area Code or Local Number.",
    "zip_state": "A query cannot combine ZIP Code with State.",
    "zip_area_code": "A query cannot combine ZIP Code with Area Code or Local Number.",
    "zip_state_area_code": (
        "A query cannot combine ZIP Code and State with Area Code or Local Number."
    ),
    "state_area_code": "A query cannot combine State with Area Code or Local Number.",
    "area_code_digits": "An Area Code must be 3 digits.",
    "local_number_min": "Local Number must contains at least 3 digits.",
    "local_number_max": "localNumber must contain a maximum of 4 digits",
    "quantity_max": "The maximum quantity of numbers is 5000",
    "quantity_positive": "Quantity must be greater than zero.",
    # errors.md cuts this text off after "is"; the limit it refers to is 10.
    "order_quantity_max": "The maximum quantity of numbers searching and ordering is 10",
    "order_pattern": "A query and order numbers cannot contain pattern",
    # The rules below have no message in errors.md; the wording is numkit's.
    "local_number_needs_area_code": "localNumber needs areaCode (it is the digits after it).",
    "lca_needs_local_number": "inLocalCallingArea is only allowed together with localNumber.",
    "state_format": "state must be a two-letter US state code such as 'NC'.",
    "zip_format": "zip must be a 5-digit ZIP code.",
    "city_format": "city must be a non-empty name such as 'Raleigh'.",
    "pattern_format": (
        "pattern may hold only letters, digits, '?' (exactly one digit) and '*' "
        "(zero or more digits)."
    ),
    "toll_free_fields": "A toll-free search takes only quantity and pattern.",
    "boolean": "inLocalCallingArea must be true or false.",
    "quantity_integer": "quantity must be a whole number.",
    "unknown": "is not a V1 search parameter",
    "kind": "kind must be 'local' or 'toll_free'",
}

_PATTERN = re.compile(r"^[A-Za-z0-9?*]{1,40}$")
_STATE = re.compile(r"^[A-Za-z]{2}$")


def from_wire(params: Mapping[str, Any]) -> dict[str, Any]:
    """V1 query parameters (``areaCode``) → Python keyword names (``area_code``)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        name = _FROM_WIRE.get(key, _ALIASES.get(key, key))
        out[name] = value
    return out


def to_wire(criteria: Mapping[str, Any]) -> dict[str, str]:
    """Normalised criteria → the V1 query string values (booleans as ``true``/``false``)."""
    out: dict[str, str] = {}
    for name, value in criteria.items():
        if value is None:
            continue
        wire = WIRE_NAMES.get(name, name)
        if isinstance(value, bool):
            out[wire] = "true" if value else "false"
        else:
            out[wire] = str(value)
    return out


def v1_search(*, kind: str = "local", order: bool = False, **criteria: Any) -> dict[str, Any]:
    """Check V1 search criteria; return them normalised or raise ValidationError.

    ``kind`` is ``"local"`` or ``"toll_free"``; ``order=True`` applies the
    search-and-order limits (quantity ≤ 10, no pattern). ``None`` values count as absent,
    as the V1 server treats them. The returned dict uses the Python names
    (``area_code``), holds only what was given, and carries digits as strings,
    ``state`` upper-cased, ``quantity`` as an int and ``in_local_calling_area`` as a
    bool.

    >>> v1_search(area_code=919, quantity="3")
    {'area_code': '919', 'quantity': 3}
    """
    if not isinstance(kind, str):
        raise ValidationError("kind", kind, MESSAGES["kind"])
    if kind in {"tollFree", "toll-free", "tollfree"}:
        kind = "toll_free"
    if kind not in {"local", "toll_free"}:
        raise ValidationError("kind", kind, MESSAGES["kind"])
    given: dict[str, Any] = {}
    for key, value in criteria.items():
        name = _FROM_WIRE.get(key, _ALIASES.get(key, key))
        if name not in WIRE_NAMES:
            raise ValidationError(key, value, MESSAGES["unknown"])
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        given[name] = value.strip() if isinstance(value, str) else value

    if kind == "toll_free":
        extra = [name for name in given if name not in TOLL_FREE_FIELDS]
        if extra:
            raise ValidationError(extra[0], given[extra[0]], MESSAGES["toll_free_fields"])
    else:
        _check_location(given)

    out: dict[str, Any] = {}
    for name in WIRE_NAMES:  # a stable order: the order of the V1 docs' table
        if name in given:
            out[name] = _normalise(name, given[name])
    if "local_number" in out and len(out["local_number"]) < 3:
        raise ValidationError("local_number", given["local_number"], MESSAGES["local_number_min"])
    if "local_number" in out and len(out["local_number"]) > 4:
        raise ValidationError("local_number", given["local_number"], MESSAGES["local_number_max"])

    if "quantity" in out:
        limit_key = "order_quantity_max" if order else "quantity_max"
        limit = MAX_SEARCH_AND_ORDER_QUANTITY if order else MAX_SEARCH_QUANTITY
        if out["quantity"] < 1:
            raise ValidationError("quantity", given["quantity"], MESSAGES["quantity_positive"])
        if out["quantity"] > limit:
            raise ValidationError("quantity", given["quantity"], MESSAGES[limit_key])
    if order and "pattern" in out:
        raise ValidationError("pattern", given["pattern"], MESSAGES["order_pattern"])
    return out


def _check_location(given: Mapping[str, Any]) -> None:
    """The location rules, in the order that gives the most specific message."""
    city, state, zip_, area = (given.get(k) for k in ("city", "state", "zip", "area_code"))
    local = given.get("local_number")
    area_or_local = area is not None or local is not None
    if city is not None and zip_ is not None:
        raise ValidationError("city", city, MESSAGES["city_zip"])
    if city is not None and area_or_local:
        raise ValidationError("city", city, MESSAGES["city_area_code"])
    if zip_ is not None and state is not None and area_or_local:
        raise ValidationError("zip", zip_, MESSAGES["zip_state_area_code"])
    if zip_ is not None and state is not None:
        raise ValidationError("zip", zip_, MESSAGES["zip_state"])
    if zip_ is not None and area_or_local:
        raise ValidationError("zip", zip_, MESSAGES["zip_area_code"])
    if state is not None and area_or_local:
        raise ValidationError("state", state, MESSAGES["state_area_code"])
    if city is not None and state is None:
        raise ValidationError("city", city, MESSAGES["city_needs_state"])
    if local is not None and area is None:
        raise ValidationError("local_number", local, MESSAGES["local_number_needs_area_code"])
    if state is None and zip_ is None and area is None:
        raise ValidationError("area_code", None, MESSAGES["location_required"])
    if "in_local_calling_area" in given and local is None:
        raise ValidationError(
            "in_local_calling_area",
            given["in_local_calling_area"],
            MESSAGES["lca_needs_local_number"],
        )


def _digits(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "x"  # never digits: fails the caller's length/format check
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return "x"
    return value.strip()


#: criteria given as digits: (exact length or None, message). A local_number that is not
#: digits at all gets the documented "too short" message, which names the rule.
_DIGIT_RULES: dict[str, tuple[int | None, str]] = {
    "area_code": (3, "area_code_digits"),
    "local_number": (None, "local_number_min"),
    "zip": (5, "zip_format"),
}


def _normalise(name: str, value: Any) -> Any:
    if name in _DIGIT_RULES:
        length, message = _DIGIT_RULES[name]
        text = _digits(name, value)
        if not (text.isdigit() and text.isascii()) or (length is not None and len(text) != length):
            raise ValidationError(name, value, MESSAGES[message])
        return text
    if name == "state":
        if not isinstance(value, str) or not _STATE.match(value):
            raise ValidationError(name, value, MESSAGES["state_format"])
        return value.upper()
    if name == "city":
        if not isinstance(value, str) or len(value) > 100:
            raise ValidationError(name, value, MESSAGES["city_format"])
        return value
    if name == "in_local_calling_area":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false"}:
            return value.lower() == "true"
        raise ValidationError(name, value, MESSAGES["boolean"])
    if name == "quantity":
        if isinstance(value, bool):
            raise ValidationError(name, value, MESSAGES["quantity_integer"])
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValidationError(name, value, MESSAGES["quantity_integer"])
    if name == "pattern":
        if not isinstance(value, str) or not _PATTERN.match(value):
            raise ValidationError(name, value, MESSAGES["pattern_format"])
        return value
    return value  # pragma: no cover - every name is handled above
