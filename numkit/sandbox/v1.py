"""V1 (Catapult, JSON) handlers under ``/v1``.

Wire facts: ``shared/api/v1-catapult.md``. V1 is synchronous: ordering a number
allocates it in the same request (inside one ``BEGIN IMMEDIATE`` transaction, so a V1
order and a V2 order can never both get a number). Errors are
``{category, code, message, details}``; ``Content-Type`` is sent only with a JSON body.

Sandbox choices where V1 documents nothing (README "Sandbox choices"):
- ordering a number that is someone else's, aging or not offered -> 404
  ``number-not-found``; one the caller already owns -> 409 ``duplicate-number``;
- search-and-order that cannot fill the whole quantity allocates nothing and answers
  404 ``order-number-quantity-unavailable``;
- a deleted number id answers 404 at once (it is not kept as ``released``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlencode

from .base import BadBody, BaseHandler
from .customers import Customer
from .inventory import US_STATES, Criteria, Exchange, keypad_digits, national_format
from .lifecycle import allocate, availability, release
from .store import NumberRow
from .timefmt import iso

__all__ = ["routes"]

LOCAL_PRICE = "0.35"
TOLL_FREE_PRICE = "0.75"
_CATEGORY = {
    400: "bad-request",
    401: "authentication",
    403: "forbidden",
    404: "not-found",
    405: "bad-request",
    409: "conflict",
    413: "bad-request",
    429: "too-many-requests",
    500: "backend",
    503: "unavailable",
}
_NATIONAL_INDEX = (1, 2, 3, 6, 7, 8, 10, 11, 12, 13)  # digit i -> position in "(919) 555-1212"


class V1Error(Exception):
    def __init__(self, status: int, code: str, message: str, category: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.category = category or _CATEGORY.get(status, "bad-request")


def _search_error(message: str) -> V1Error:
    return V1Error(400, "invalid-available-number-search", message)


def _bad_parameters() -> V1Error:
    return V1Error(400, "validation-error", "Bad parameters")


class V1Handler(BaseHandler):
    api = "v1"
    customer: Customer

    def details(self) -> list[dict[str, str]]:
        return [
            {"name": "requestMethod", "value": self.request.method or "GET"},
            {"name": "remoteAddress", "value": self.request.remote_ip or ""},
            {"name": "requestPath", "value": self.request.path.removeprefix("/v1/").lstrip("/")},
        ]

    def send_api_error(self, status: int, code: str, message: str) -> None:
        self.v1_error(V1Error(status, code, message))

    def v1_error(self, err: V1Error, **headers: str) -> None:
        body = {
            "category": err.category,
            "code": err.code,
            "message": err.message,
            "details": self.details(),
        }
        self.send_json(err.status, body, **headers)

    def fault_429(self) -> None:
        reset = str(int((time.time() + 1.0) * 1000))
        body = {
            "category": "too-many-requests",
            "code": "rate-limit-reached",
            "details": [{"name": "rateLimitResetTime", "value": reset}, *self.details()],
        }
        self.send_json(429, body, X_RateLimit_Reset=reset)

    def fault_503(self) -> None:
        self.v1_error(
            V1Error(503, "service-unavailable", "The service is temporarily unavailable.")
        )

    def authenticate(self) -> bool:
        creds = self.basic_credentials()
        customer = self.world.by_v1_login(*creds) if creds else None
        if customer is None:
            err = V1Error(
                401, "unauthorized", "Invalid credentials: use your API token and secret."
            )
            self.answer_instead(
                lambda: self.v1_error(err, WWW_Authenticate='Basic realm="numkit sandbox V1"')
            )
            return False
        user = self.path_kwargs.get("user")
        if user is not None and user != customer.creds.v1_user_id:
            message = (
                f"User {customer.creds.v1_user_id} does not have permission to access user {user}"
            )
            denied = V1Error(401, "user-access-denied", message, "authentication")
            self.answer_instead(lambda: self.v1_error(denied))
            return False
        self.customer = customer
        return True

    def body_object(self) -> dict[str, Any]:
        """The JSON body as a dict with null fields dropped (null = absent)."""
        try:
            data = self.json_body()
        except BadBody as exc:
            raise V1Error(400, "validation-error", "Bad parameters") from exc
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise V1Error(400, "validation-error", "Bad parameters")
        return {k: v for k, v in data.items() if v is not None}

    def number_json(self, row: NumberRow) -> dict[str, Any]:
        ex = self.world.inventory.details(row.number)
        out: dict[str, Any] = {
            "id": row.v1_id,
            "name": row.name if row.name is not None else national_format(row.number),
            "number": "+1" + row.number,
            "nationalNumber": national_format(row.number),
        }
        if ex is not None and not ex.toll_free:
            out["city"] = ex.city
            out["state"] = ex.state
        if row.application_id:
            out["applicationId"] = row.application_id
            out["application"] = (
                f"{self.base_url()}/v1/users/{self.customer.creds.v1_user_id}"
                f"/applications/{row.application_id}"
            )
        if row.fallback_number:
            out["fallbackNumber"] = row.fallback_number
        out["price"] = TOLL_FREE_PRICE if ex is not None and ex.toll_free else LOCAL_PRICE
        out["createdTime"] = iso(row.created_at)
        out["numberState"] = "enabled"
        return out

    def number_url(self, row: NumberRow) -> str:
        return (
            f"{self.base_url()}/v1/users/{self.customer.creds.v1_user_id}/phoneNumbers/{row.v1_id}"
        )


# ---- search -----------------------------------------------------------------------
def _compile_pattern(pattern: str) -> re.Pattern[str]:
    if not re.fullmatch(r"[0-9A-Za-z?*]{1,20}", pattern):
        raise _bad_parameters()
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
    if not re.fullmatch(r"-?\d{1,9}", raw.strip()):
        raise _bad_parameters()
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
    """Validate a V1 local search (v1 notes §1.3/§2.1) and build its criteria."""
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
    if area is not None and not re.fullmatch(r"\d{3}", area):
        raise _search_error("An Area Code must be 3 digits.")
    if local is not None:
        if not local.isdigit() or len(local) < 3:
            raise _search_error("Local Number must contains at least 3 digits.")
        if len(local) > 4:
            raise _search_error("localNumber must contain a maximum of 4 digits")
    if state is not None and state.upper() not in US_STATES:
        raise _bad_parameters()
    if zip_ is not None and (not re.fullmatch(r"\d{5}", zip_) or zip_ not in world_inventory.zips):
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
        try:
            p = self.query()
            criteria = self._criteria(kind.lower(), p)
            quantity = _quantity(p, 10, 5000, order=False)
        except V1Error as err:
            self.v1_error(err)
            return
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
        try:
            p = self.query()
            if p.get("pattern"):
                raise V1Error(
                    400,
                    "invalid-available-number-search-order",
                    "A query and order numbers cannot contain pattern",
                )
            criteria = self._criteria(kind.lower(), p)
            quantity = _quantity(p, 10 if local else 1, 10, order=True)
        except V1Error as err:
            self.v1_error(err)
            return
        now = time.time()
        c = self.customer.creds
        with self.world.store.transaction():
            taken = self.world.store.taken(now)
            numbers = self.world.inventory.search(criteria, quantity=quantity, taken=taken)
            if len(numbers) < quantity:
                err = V1Error(
                    404,
                    "order-number-quantity-unavailable",
                    "Only a partial quantity of the total telephone numbers ordered could be "
                    "fulfilled.",
                )
                self.v1_error(err)
                return
            rows = [
                allocate(
                    self.world, n, self.customer.key, now, site_id=c.site_id, peer_id=c.peer_id
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


# ---- phoneNumbers -------------------------------------------------------------------
def _ten_digits(value: str) -> str | None:
    v = value.strip()
    if re.fullmatch(r"\+1\d{10}", v):
        return v[2:]
    if re.fullmatch(r"1\d{10}", v):
        return v[1:]
    if re.fullmatch(r"\d{10}", v):
        return v
    return None


class PhoneNumbers(V1Handler):
    def post(self, user: str) -> None:
        try:
            body = self.body_object()
            raw = body.get("number")
            number = _ten_digits(raw) if isinstance(raw, str) else None
            if number is None:
                raise V1Error(400, "validation-error", "Invalid phone number")
            for key in ("name", "applicationId", "fallbackNumber"):
                if key in body and not isinstance(body[key], str):
                    raise _bad_parameters()
        except V1Error as err:
            self.v1_error(err)
            return
        now = time.time()
        c = self.customer.creds
        with self.world.store.transaction():
            why = availability(self.world, number, self.customer.key, now, via="v1")
            if why == "owned":
                row = self.world.store.get_number(number)
                rid = row.v1_id if row else ""
                err = V1Error(
                    409,
                    "duplicate-number",
                    f"Cannot create another instance of number resource {rid} "
                    f"for number +1{number}",
                )
                self.v1_error(err)
                return
            if why is not None:
                self.v1_error(
                    V1Error(404, "number-not-found", f"The number +1{number} could not be found")
                )
                return
            row = allocate(
                self.world,
                number,
                self.customer.key,
                now,
                site_id=c.site_id,
                peer_id=c.peer_id,
                name=body.get("name"),
                application_id=body.get("applicationId") or None,
                fallback_number=body.get("fallbackNumber"),
            )
        self.send_empty(201, Location=self.number_url(row))

    def get(self, user: str) -> None:
        p = self.query()
        try:
            page = _int(p.get("page", "0"), 0, 10**9)
            size = _int(p.get("size", "25"), 1, 1000)
        except V1Error as err:
            self.v1_error(err)
            return
        rows = [r for r in self.world.store.owned_v1(self.customer.key) if self._match(r, p)]
        chunk = rows[page * size : (page + 1) * size]
        base = f"{self.base_url()}/v1/users/{self.customer.creds.v1_user_id}/phoneNumbers"
        filters = {k: v for k, v in self._raw_query().items() if k.lower() not in ("page", "size")}
        links = [f'<{base}?{urlencode({**filters, "page": 0, "size": size})}>; rel="first"']
        if (page + 1) * size < len(rows):
            links.append(
                f'<{base}?{urlencode({**filters, "page": page + 1, "size": size})}>; rel="next"'
            )
        self.send_json(200, [self.number_json(r) for r in chunk], Link=", ".join(links))

    def _raw_query(self) -> dict[str, str]:
        return {
            k: v[0].decode("utf-8", "replace") for k, v in self.request.query_arguments.items() if v
        }

    def _match(self, r: NumberRow, p: Mapping[str, str]) -> bool:
        ex = self.world.inventory.details(r.number)
        if p.get("applicationid") and r.application_id != p["applicationid"]:
            return False
        if p.get("state") and (ex is None or ex.state != p["state"].upper()):
            return False
        if p.get("city") and (ex is None or ex.city != p["city"].upper()):
            return False
        name = r.name if r.name is not None else national_format(r.number)
        if p.get("name") and name != p["name"]:
            return False
        return not (p.get("numberstate") and p["numberstate"].lower() != "enabled")


def _int(raw: str, lo: int, hi: int) -> int:
    if not re.fullmatch(r"\d{1,10}", raw.strip()):
        raise _bad_parameters()
    value = int(raw)
    if not lo <= value <= hi:
        raise V1Error(400, "validation-error", f"Bad parameters: expected {lo} to {hi}")
    return value


class PhoneNumberItem(V1Handler):
    def _row(self, number_id: str) -> NumberRow | None:
        ident = unquote(number_id).strip()
        if ident.startswith("n-"):
            row = self.world.store.get_number_by_v1_id(ident)
        else:
            ten = _ten_digits(ident)
            row = self.world.store.get_number(ten) if ten else None
        if row is None or row.customer != self.customer.key or row.status != "Inservice":
            self.v1_error(
                V1Error(404, "number-not-found", f"The number {ident} could not be found")
            )
            return None
        return row

    def get(self, user: str, number_id: str) -> None:
        row = self._row(number_id)
        if row is not None:
            self.send_json(200, self.number_json(row))

    def post(self, user: str, number_id: str) -> None:
        try:
            body = self.body_object()
            for key in ("name", "applicationId", "fallbackNumber"):
                if key in body and not isinstance(body[key], str):
                    raise _bad_parameters()
        except V1Error as err:
            self.v1_error(err)
            return
        with self.world.store.transaction():
            row = self._row(number_id)
            if row is None:
                return
            if "name" in body:
                row.name = body["name"]
            if "applicationId" in body:
                row.application_id = body["applicationId"] or None
            if "fallbackNumber" in body:
                row.fallback_number = body["fallbackNumber"] or None
            row.last_modified = time.time()
            self.world.store.put_number(row)
        self.send_empty(200)

    def delete(self, user: str, number_id: str) -> None:
        with self.world.store.transaction():
            row = self._row(number_id)
            if row is None:
                return
            release(self.world, row, time.time(), via="v1")
        self.send_empty(200)


class V1NotFound(V1Handler):
    def _nf(self, *args: Any, **kwargs: Any) -> None:
        self.v1_error(V1Error(404, "resource-not-found", "The resource does not exist"))

    get = post = put = delete = patch = _nf  # type: ignore[assignment]


def routes() -> list[tuple[str, type[V1Handler]]]:
    return [
        (r"/v1/availableNumbers/(?P<kind>local|tollFree|tollfree)/?", AvailableNumbers),
        (r"/v1/users/(?P<user>[^/]+)/phoneNumbers/?", PhoneNumbers),
        (r"/v1/users/(?P<user>[^/]+)/phoneNumbers/(?P<number_id>[^/]+)/?", PhoneNumberItem),
        (r"/v1/.*", V1NotFound),
    ]
