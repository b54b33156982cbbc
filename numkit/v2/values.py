"""The V2 value rules: one criterion or field at a time (digits, states, ZIP, LATA,
vanity patterns, quantity, ids). :mod:`numkit.v2.rules` combines them into whole
searches and orders; :mod:`numkit.validate` re-exports both for panels and users.

Each function returns the value normalised (``"919-228"`` → ``"919228"``, ``"nc"`` →
``"NC"``) or raises :class:`~numkit.errors.ValidationError` naming the field, the value
and the rule, in words close to the API's own messages.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ValidationError

__all__ = [
    "MAX_CUSTOMER_ORDER_ID",
    "MAX_DISCONNECT_NAME",
    "MAX_QUANTITY",
    "ORDER_BY_VALUES",
    "STATES",
    "area_code",
    "boolean",
    "customer_order_id",
    "lata",
    "name",
    "npa_nxx",
    "npa_nxxx",
    "numeric_id",
    "order_by",
    "place",
    "protected",
    "quantity",
    "reservation_ids",
    "state",
    "vanity",
    "wildcard",
    "zip_code",
]

MAX_QUANTITY = 5000
MAX_CUSTOMER_ORDER_ID = 40
MAX_DISCONNECT_NAME = 50

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
    """The 5002 area-code messages."""
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


def _fitting(
    field: str, value: Any, text: str, pattern: re.Pattern[str], limit: int, rule: str
) -> str:
    """``text`` if it matches ``pattern`` in at most ``limit`` characters; else ``rule``."""
    if len(text) > limit or not pattern.match(text):
        raise ValidationError(field, value, rule)
    return text


def place(value: Any, field: str, what: str, limit: int = 50) -> str:
    text = _text(field, value).upper()
    rule = (
        f"The {what} {value!r} is not valid (letters, digits, spaces; at most {limit} characters)"
    )
    return _fitting(field, value, text, _PLACE, limit, rule)


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
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
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
    rule = (
        "CustomerOrderId may only contain letters, digits, dashes and spaces, "
        f"at most {MAX_CUSTOMER_ORDER_ID} characters"
    )
    return _fitting(field, value, value.strip(), _COID, MAX_CUSTOMER_ORDER_ID, rule)


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


def reservation_ids(value: Any, field: str = "reservation_ids") -> list[str]:
    """Reservation ids (strings, or :class:`~numkit.models.Reservation` objects) → a
    list of distinct id strings, order kept; an empty list is allowed (no reservation)."""
    if isinstance(value, str | bytes) or value is None:
        raise ValidationError(field, value, "give a list of reservation ids, e.g. [r.id]")
    try:
        items = list(value)
    except TypeError:
        raise ValidationError(field, value, "give a list of reservation ids") from None
    out: list[str] = []
    for item in items:
        ident = getattr(item, "id", item)
        if not isinstance(ident, str) or not ident.strip() or len(ident) > 100:
            raise ValidationError(field, item, "a reservation id is a non-empty string")
        ident = ident.strip()
        if not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in ident):
            raise ValidationError(field, item, "a reservation id has letters, digits, dashes")
        if ident not in out:
            out.append(ident)
    return out
