"""A V1 user's numbers: ``/v1/users/{userId}/phoneNumbers`` and ``…/phoneNumbers/{id}``.

The hybrid bridge (contract: "Inventory and ownership"): a POST whose body carries
``provider: {providerName: "bandwidth-dashboard", properties: {accountId, userName,
password}}`` imports a number the linked Dashboard account already holds; DELETE of an
imported number only un-imports it (it stays in service on V2), DELETE of a number
bought on V1 releases it to Aging. The Dashboard password is compared, never stored,
echoed or logged.

Sandbox choices where V1 documents nothing (``docs/sandbox.md``):
- ordering a number that is someone else's, aging or not offered -> 404
  ``number-not-found``; one the caller already holds -> 409 ``duplicate-number``; one
  another account has reserved on V2 -> 409 ``number-reserved``;
- a deleted number id answers 404 at once (it is not kept as ``released``).
"""

from __future__ import annotations

import hmac
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlencode

from ..customers import Customer
from ..inventory import national_format
from ..ownership import V1Settings, allocate, availability, import_to_v1, release, unimport
from ..store import NumberRow
from .base import V1Error, V1Handler, bad_parameters, ten_digits

__all__ = ["PhoneNumberItem", "PhoneNumbers"]

_EDITABLE = ("name", "applicationId", "fallbackNumber")
PROVIDER = "bandwidth-dashboard"


def _same(a: object, b: str) -> bool:
    return isinstance(a, str) and hmac.compare_digest(a.encode(), b.encode())


def check_provider(provider: Any, customer: Customer) -> None:
    """The import's Dashboard login must be the linked account's (else 401)."""
    if not isinstance(provider, dict) or provider.get("providerName") != PROVIDER:
        raise V1Error(400, "validation-error", f'provider.providerName must be "{PROVIDER}"')
    props = provider.get("properties")
    if not isinstance(props, dict):
        raise V1Error(400, "validation-error", "provider.properties is required")
    c = customer.creds
    ok = (
        _same(props.get("accountId"), c.v2_account_id)
        & _same(props.get("userName"), c.v2_username)
        & _same(props.get("password"), c.v2_password)
    )
    if not ok:
        raise V1Error(
            401,
            "user-access-denied",
            "The Dashboard credentials are not those of the account linked to this user.",
            "authentication",
        )


def _int(raw: str, lo: int, hi: int) -> int:
    if not re.fullmatch(r"[0-9]{1,10}", raw.strip()):
        raise bad_parameters()
    value = int(raw)
    if not lo <= value <= hi:
        raise V1Error(400, "validation-error", f"Bad parameters: expected {lo} to {hi}")
    return value


class PhoneNumbers(V1Handler):
    def post(self, user: str) -> None:
        body = self.body_object(_EDITABLE)
        raw = body.get("number")
        number = ten_digits(raw) if isinstance(raw, str) else None
        if number is None:
            raise V1Error(400, "validation-error", "Invalid phone number")
        if "provider" in body:
            self._import(number, body)
            return
        now = time.time()
        c = self.customer.creds
        with self.world.store.transaction():
            why = availability(self.world, number, self.customer.key, now, via="v1")
            if why == "reserved":
                raise V1Error(
                    409, "number-reserved", f"The number +1{number} is reserved by another account"
                )
            if why == "owned":
                row = self.world.store.get_number(number)
                rid = row.v1_id if row else ""
                raise V1Error(
                    409,
                    "duplicate-number",
                    f"Cannot create another instance of number resource {rid} "
                    f"for number +1{number}",
                )
            if why is not None:
                raise V1Error(404, "number-not-found", f"The number +1{number} could not be found")
            row = allocate(
                self.world,
                number,
                self.customer.key,
                now,
                via="v1",
                site_id=c.site_id,
                peer_id=self._peer_for(body.get("applicationId")),
                v1=V1Settings.from_body(body),
            )
        self.send_empty(201, Location=self.number_url(row))

    def _import(self, number: str, body: dict[str, Any]) -> None:
        check_provider(body["provider"], self.customer)
        now = time.time()
        with self.world.store.transaction():
            row = self.world.store.get_number(number)
            if row is None or row.customer != self.customer.key or row.status != "Inservice":
                raise V1Error(
                    404,
                    "number-not-found",
                    f"The number +1{number} is not in the linked Dashboard account",
                )
            if row.v1_source is not None:
                raise V1Error(
                    409,
                    "duplicate-number",
                    f"Cannot create another instance of number resource {row.v1_id} "
                    f"for number +1{number}",
                )
            row = import_to_v1(self.world, row, now, V1Settings.from_body(body))
        self.send_empty(201, Location=self.number_url(row))

    def get(self, user: str) -> None:
        p = self.query()
        page = _int(p.get("page", "0"), 0, 10**9)
        size = _int(p.get("size", "25"), 1, 1000)
        rows = [r for r in self.world.store.owned_v1(self.customer.key) if self._match(r, p)]
        chunk = rows[page * size : (page + 1) * size]
        base = f"{self.base_url()}/v1/users/{self.customer.creds.v1_user_id}/phoneNumbers"
        filters = {k: v for k, v in self.raw_query().items() if k.lower() not in ("page", "size")}
        links = [f'<{base}?{urlencode({**filters, "page": 0, "size": size})}>; rel="first"']
        if (page + 1) * size < len(rows):
            links.append(
                f'<{base}?{urlencode({**filters, "page": page + 1, "size": size})}>; rel="next"'
            )
        self.send_json(200, [self.number_json(r) for r in chunk], Link=", ".join(links))

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


class PhoneNumberItem(V1Handler):
    def _row(self, number_id: str) -> NumberRow:
        ident = unquote(number_id).strip()
        if ident.startswith("n-"):
            row = self.world.store.get_number_by_v1_id(ident)
        else:
            ten = ten_digits(ident)
            row = self.world.store.get_number(ten) if ten else None
        if (
            row is None
            or row.customer != self.customer.key
            or row.status != "Inservice"
            or row.v1_source is None
        ):
            raise V1Error(404, "number-not-found", f"The number {ident} could not be found")
        return row

    def get(self, user: str, number_id: str) -> None:
        self.send_json(200, self.number_json(self._row(number_id)))

    def post(self, user: str, number_id: str) -> None:
        body = self.body_object(_EDITABLE)
        with self.world.store.transaction():
            row = self._row(number_id)
            if "name" in body:
                row.name = body["name"]
            if "applicationId" in body:
                row.application_id = body["applicationId"] or None
                row.peer_id = self._peer_for(row.application_id, row.peer_id)
            if "fallbackNumber" in body:
                row.fallback_number = body["fallbackNumber"] or None
            row.last_modified = time.time()
            self.world.store.put_number(row)
        self.send_empty(200)

    def delete(self, user: str, number_id: str) -> None:
        with self.world.store.transaction():
            row = self._row(number_id)
            if row.v1_source == "import":
                unimport(self.world, row, time.time())  # stays in service on V2
            else:
                release(self.world, row, time.time(), via="v1")
        self.send_empty(200)
