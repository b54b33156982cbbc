"""V2 value rules shared by ``availableNumbers`` and the search-and-order types.

Each check returns the error description (wording after Bandwidth's 5002/4xxx
texts) or None. The search endpoint wraps a failure in
``SearchResult/Error`` with a 40xx code; order creation wraps it in ``ErrorList`` with
5002. Keeping the rules in one place keeps both routes in agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..inventory import US_STATES

__all__ = [
    "CUSTOMER_ORDER_ID",
    "check_area_code",
    "check_customer_order_id",
    "check_lata",
    "check_local_vanity",
    "check_npa_nxx",
    "check_npa_nxxx",
    "check_quantity",
    "check_state",
    "check_toll_free_vanity",
    "check_toll_free_wildcard",
    "check_zip",
    "ten_digits",
]

CUSTOMER_ORDER_ID = re.compile(r"[A-Za-z0-9 \-]{1,40}")
_TF_WILDCARD = re.compile(r"8(\*\*|\d\*|\d\d)")
# Only ASCII digits: str.isdigit() also accepts '²' and other digits int() refuses.
DIGITS = re.compile(r"[0-9]{1,9}")


def ten_digits(raw: str) -> str:
    """Accept 10-digit numbers, and E.164 ``+1`` numbers (the ``/api/v2`` form)."""
    raw = raw.strip()
    if raw.startswith("+1") and len(raw) == 12:
        return raw[2:]
    return raw


def check_area_code(value: str) -> str | None:
    if not re.fullmatch(r"\d{3}", value):
        return f"The area code {value} is not valid: it must be 3 digits."
    return _npa_rules(value, "area code")


def _npa_rules(npa: str, what: str) -> str | None:
    if npa[0] in "01" or npa[:2] in ("37", "96"):
        return f"The {what} of telephone numbers can not begin with 0, 1, 37 or 96."
    if npa[1] == "9":
        return f"The {what} of telephone numbers can not have 9 as the second digit."
    if npa[1:] == "11":
        return f"The {what} of telephone numbers can not end with 11."
    return None


def check_npa_nxx(value: str) -> str | None:
    if not re.fullmatch(r"\d{6}", value):
        return f"The length of the search criteria '{value}' is not valid: NpaNxx is 6 digits."
    return _npa_rules(value[:3], "area code") or _nxx_rule(value[3:6])


def check_npa_nxxx(value: str) -> str | None:
    if not re.fullmatch(r"\d{7}", value):
        return f"The length of the search criteria '{value}' is not valid: NpaNxxX is 7 digits."
    return _npa_rules(value[:3], "area code") or _nxx_rule(value[3:6])


def _nxx_rule(nxx: str) -> str | None:
    if nxx[0] in "01":
        return "The NXX of telephone numbers can not begin with 0 or 1."
    return None


def check_state(value: str) -> str | None:
    if value.upper() not in US_STATES:
        return f"The state abbreviation {value} is not valid."
    return None


def _matching(pattern: str | re.Pattern[str], message: str) -> Callable[[str], str | None]:
    """A check that answers ``message`` (``{value}`` filled in) unless the whole value
    matches ``pattern``: most V2 value rules are exactly this."""
    compiled = re.compile(pattern)

    def check(value: str) -> str | None:
        return None if compiled.fullmatch(value) else message.format(value=value)

    return check


check_zip = _matching(r"\d{5}(-\d{4})?", "The zip code {value} is not valid.")
check_lata = _matching(r"\d{1,5}", "The lata {value} is not valid")
check_local_vanity = _matching(
    r"[A-Za-z0-9*_]{4,7}",
    "The length of the search criteria '{value}' is not valid: "
    "localVanity is 4 to 7 letters or digits.",
)
# Notes record both "4-7" (old guide) and "7+" (spec): accept 4 to 10.
check_toll_free_vanity = _matching(
    r"[A-Za-z0-9]{4,10}",
    "The toll free vanity '{value}' is not valid: use 4 to 10 letters or digits.",
)
check_toll_free_wildcard = _matching(_TF_WILDCARD, "Tollfree Wild Card search invalid format.")
check_customer_order_id = _matching(
    CUSTOMER_ORDER_ID,
    "CustomerOrderId is not valid: at most 40 characters, only letters, digits, dashes and spaces.",
)


def check_quantity(value: str | None, *, maximum: int = 5000) -> tuple[int | None, str | None]:
    """(quantity, error). Quantity is an integer 1..maximum."""
    if value is None:
        return None, None
    if not re.fullmatch(r"\d{1,9}", value.strip()):
        return None, f"The quantity specified {value} is invalid."
    q = int(value)
    if q < 1:
        return None, f"The quantity specified {value} is invalid."
    if q > maximum:
        return None, f"The quantity {value} is not valid or exceeds the maximum value of {maximum}."
    return q, None
