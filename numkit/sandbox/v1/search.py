"""V1 number search and search-and-order: ``/v1/availableNumbers/{local,tollFree}``.

V1 is synchronous: a POST allocates in the same request, inside one ``BEGIN
IMMEDIATE`` transaction, so a V1 order and a V2 order can never both get a number. A
search-and-order that cannot fill the whole quantity allocates nothing and answers 404
``order-number-quantity-unavailable`` (a sandbox choice: V1 documents nothing).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from ..inventory import US_STATES, Criteria, Exchange, keypad_digits, national_format
from ..ownership import allocate
from .base import LOCAL_PRICE, TOLL_FREE_PRICE, V1Error, V1Handler, bad_parameters

__all__ = ["AvailableNumbers", "local_criteria"]

_NATIONAL_INDEX = (1, 2, 3, 6, 7, 8, 10, 11, 12, 13)  # digit i -> position in "(919) 555-1212"


def _search_error(message: str) -> V1Error:
    return V1Error(400, "invalid-available-number-search", message)


# ---- search -----------------------------------------------------------------------
def _compile_pattern(pattern: str) -> re.Pattern[str]:
    if not re.fullmatch(r"[0-9A-Za-z?*]{1,20}", pattern):
        raise bad_parameters()
    parts = []
    for ch in keypad_digits(pattern):
        if ch == "?":
            parts.append(r"\d")
        elif ch == "*":
            parts.append(r"\d*")
        else:
            parts.append(f"({re.escape(ch)})")
    return re.compile("".join(parts))


def _pattern_match(regex: re.Pattern[str], number: str) -> str:
    """The national format with only the digits the pattern's literals matched."""
    m = regex.fullmatch(number)
    out = [" "] * 14
    if m is None:
        return "".join(out)
    for g in range(1, (m.lastindex or 0) + 1):
        start = m.start(g)
        if start >= 0:
            out[_NATIONAL_INDEX[start]] = number[start]
    return "".join(out)


def _quantity(p: Mapping[str, str], default: int, maximum: int, order: bool) -> int:
    raw = p.get("quantity")
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", raw.strip()):
        raise bad_parameters()
    q = int(raw)
    if q <= 0:
        raise V1Error(400, "validation-error", "Quantity must be greater than zero.")
    if q > maximum:
        if order:
            raise V1Error(
                400,
                "invalid-available-number-search-order",
                f"The maximum quantity of numbers searching and ordering is {maximum}",
            )
        raise _search_error(f"The maximum quantity of numbers is {maximum}")
    return q


def local_criteria(world_inventory: Any, p: Mapping[str, str]) -> Criteria:
    """Validate a V1 local search and build its criteria."""
    city, state, zip_ = p.get("city"), p.get("state"), p.get("zip")
    area, local = p.get("areacode"), p.get("localnumber")
    if city and zip_:
        raise _search_error("A query cannot combine City with ZIP Code.")
    if city and (area or local):
        raise _search_error("A query cannot combine City with Area Code or Local Number.")
    if zip_ and state and (area or local):
        raise _search_error(
            "A query cannot combine ZIP Code and State with Area Code or Local Number."
        )
    if zip_ and state:
        raise _search_error("A query cannot combine ZIP Code with State.")
    if zip_ and (area or local):
        raise _search_error("A query cannot combine ZIP Code with Area Code or Local Number.")
    if state and (area or local):
        raise _search_error("A query cannot combine State with Area Code or Local Number.")
    if city and not state:
        raise _search_error("For searching by City the State is also required.")
    if not (state or zip_ or area):
        raise _search_error("Specify a State ZIP Code or Area Code with your query.")
    if area is not None and not re.fullmatch(r"[0-9]{3}", area):
        raise _search_error("An Area Code must be 3 digits.")
    if local is not None:
        if not re.fullmatch(r"[0-9]+", local) or len(local) < 3:
            raise _search_error("Local Number must contains at least 3 digits.")
        if len(local) > 4:
            raise _search_error("localNumber must contain a maximum of 4 digits")
    if state is not None and state.upper() not in US_STATES:
        raise bad_parameters()
    if zip_ is not None and (
        not re.fullmatch(r"[0-9]{5}", zip_) or zip_ not in world_inventory.zips
    ):
        raise V1Error(
            400,
            "invalid-zip-code",
            f"The ZIP code {zip_} did not map to a location where telephone numbers are available",
        )
    if city and state and not world_inventory.known_city(state.upper(), city.upper()):
        raise V1Error(
            403, "invalid-rate-center", f"The city {city} in the state {state} was not found"
        )
    in_lca = (p.get("inlocalcallingarea") or "false").lower() == "true"
    pattern = _compile_pattern(p["pattern"]) if p.get("pattern") else None
    return Criteria(
        area_code=area if not local else None,
        prefix=(area or "") + local if local else None,
        city=city.upper() if city else None,
        state=state.upper() if state else None,
        zip=zip_,
        pattern=pattern,
        lca=in_lca and bool(local),
    )


def _local_json(
    number: str, ex: Exchange | None, pattern: re.Pattern[str] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"number": "+1" + number, "nationalNumber": national_format(number)}
    if pattern is not None:
        out["patternMatch"] = _pattern_match(pattern, number)
    if ex is not None:
        out.update(city=ex.city, lata=ex.lata, rateCenter=ex.rate_center, state=ex.state)
    out["price"] = LOCAL_PRICE
    return out


def _toll_free_json(number: str, pattern: re.Pattern[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"number": "+1" + number, "nationalNumber": national_format(number)}
    if pattern is not None:
        out["patternMatch"] = _pattern_match(pattern, number)
    out["price"] = TOLL_FREE_PRICE
    return out


class AvailableNumbers(V1Handler):
    """``/v1/availableNumbers/local`` and ``/tollFree``: GET searches, POST also orders."""

    def _criteria(self, kind: str, p: Mapping[str, str]) -> Criteria:
        if kind == "local":
            return local_criteria(self.world.inventory, p)
        pattern = _compile_pattern(p["pattern"]) if p.get("pattern") else None
        return Criteria(toll_free=True, pattern=pattern)

    def get(self, kind: str) -> None:
        p = self.query()
        criteria = self._criteria(kind.lower(), p)
        quantity = _quantity(p, 10, 5000, order=False)
        taken = self.world.store.taken(time.time())
        numbers = self.world.inventory.search(criteria, quantity=quantity, taken=taken)
        if kind.lower() == "local":
            payload = [
                _local_json(n, self.world.inventory.details(n), criteria.pattern) for n in numbers
            ]
        else:
            payload = [_toll_free_json(n, criteria.pattern) for n in numbers]
        self.send_json(200, payload)

    def post(self, kind: str) -> None:
        local = kind.lower() == "local"
        p = self.query()
        if p.get("pattern"):
            raise V1Error(
                400,
                "invalid-available-number-search-order",
                "A query and order numbers cannot contain pattern",
            )
        criteria = self._criteria(kind.lower(), p)
        quantity = _quantity(p, 10 if local else 1, 10, order=True)
        now = time.time()
        c = self.customer.creds
        with self.world.store.transaction():
            taken = self.world.store.taken(now)
            numbers = self.world.inventory.search(criteria, quantity=quantity, taken=taken)
            if len(numbers) < quantity:
                raise V1Error(
                    404,
                    "order-number-quantity-unavailable",
                    "Only a partial quantity of the total telephone numbers ordered could be "
                    "fulfilled.",
                )
            rows = [
                allocate(
                    self.world,
                    n,
                    self.customer.key,
                    now,
                    via="v1",
                    site_id=c.site_id,
                    peer_id=c.peer_id,
                )
                for n in numbers
            ]
        payload = []
        for row in rows:
            ex = self.world.inventory.details(row.number)
            item: dict[str, Any] = {
                "number": "+1" + row.number,
                "nationalNumber": national_format(row.number),
                "price": LOCAL_PRICE if local else TOLL_FREE_PRICE,
                "location": self.number_url(row),
            }
            if local and ex is not None:
                item.update(city=ex.city, state=ex.state)
            payload.append(item)
        self.send_json(201, payload)
