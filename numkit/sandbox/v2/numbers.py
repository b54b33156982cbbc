"""Numbers the account holds: ``/inserviceNumbers`` (list, totals, one) and the global
``/tns`` (list, one, ``tndetails``).

Malformed paging (anything but ASCII digits in range) is a 4xx in the documented
envelope, never a 500: 404 for ``inserviceNumbers`` (as the spec says), 400 1006 for
``/tns``. Under ``/api/v2`` a number in the path may be E.164.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from lxml import etree

from ..base import EmptyAnswer
from ..inventory import TIER
from ..store import NumberRow
from ..timefmt import iso, parse_day
from ..xmlio import el, leaf, sub
from .base import ErrorTuple, V2Handler, error_answer, not_found, status_answer, vendor_fields
from .rules import DIGITS, ten_digits

__all__ = ["InService", "InServiceItem", "InServiceTotals", "TnDetails", "TnItem", "Tns"]

# TnDetails' own spelling and order; RateCenter comes after OnNetVendor.
_TN_LOCALITY = (("City", "city"), ("Lata", "lata"), ("State", "state"))


def _in_range(raw: str, lo: int, hi: int) -> bool:
    return bool(DIGITS.fullmatch(raw)) and lo <= int(raw) <= hi


class InService(V2Handler):
    def get(self, account: str) -> None:
        q = self.query()
        page, size = q.get("page", "1"), q.get("size", "300")
        if not _in_range(page, 1, 10**9) or not _in_range(size, 1, 5000):
            raise not_found()
        if q.get("ratecenter") and not q.get("state"):
            raise not_found()
        start = parse_day(q["startdate"]) if q.get("startdate") else None
        end = parse_day(q["enddate"]) if q.get("enddate") else None
        if (q.get("startdate") and start is None) or (q.get("enddate") and end is None):
            raise not_found()
        rows = [
            r for r in self.world.store.owned(self.customer.key) if self._match(r, q, start, end)
        ]
        if not rows:
            self.send_empty(204)
            return
        p, n = int(page), int(size)
        chunk = rows[(p - 1) * n : p * n]
        base = {k: v for k, v in q.items() if k not in ("page", "size")}
        links = el("Links")
        sub(
            links,
            "first",
            self.link_text("/inserviceNumbers", {"page": "1", "size": str(n), **base}, "first"),
        )
        if p * n < len(rows):
            nxt = {"page": str(p + 1), "size": str(n), **base}
            sub(links, "next", self.link_text("/inserviceNumbers", nxt, "next"))
        tns = el("TelephoneNumbers", el("Count", text=len(chunk)))
        for r in chunk:
            sub(tns, "TelephoneNumber", r.number)
        self.send_xml(200, el("TNs", el("TotalCount", text=len(rows)), links, tns))

    def _match(
        self, r: NumberRow, q: dict[str, str], start: float | None, end: float | None
    ) -> bool:
        ex = self.world.inventory.details(r.number)
        checks: list[tuple[str, Callable[[], bool]]] = [
            ("areacode", lambda: r.number.startswith(q["areacode"])),
            ("npanxx", lambda: r.number.startswith(q["npanxx"])),
            ("lata", lambda: ex is not None and ex.lata == q["lata"]),
            ("state", lambda: ex is not None and ex.state == q["state"].upper()),
            ("ratecenter", lambda: ex is not None and ex.rate_center == q["ratecenter"].upper()),
        ]
        for name, ok in checks:
            if q.get(name) and not ok():
                return False
        if start is not None and r.created_at < start:
            return False
        return not (end is not None and r.created_at >= end + 86400)


class InServiceTotals(V2Handler):
    def get(self, account: str) -> None:
        count = len(self.world.store.owned(self.customer.key))
        self.send_xml(200, el("Quantity", el("Count", text=count)))


class InServiceItem(V2Handler):
    def get(self, account: str, tn: str) -> None:
        row = self.world.store.get_number(ten_digits(tn))
        if row is None or row.customer != self.customer.key or row.status != "Inservice":
            raise EmptyAnswer(404)
        self.send_empty(200)


# ---- global /tns ----------------------------------------------------------------
class TnBase(V2Handler):
    def lookup(self, raw: str) -> NumberRow:
        """The caller's own number (in service or still aging), else a 400/404 answer."""
        tn = ten_digits(raw)
        if not (len(tn) == 10 and tn.isascii() and tn.isdigit()):
            raise status_answer(
                400, "TelephoneNumberResponse", "12512", f"Telephone number '{raw}' is not valid"
            )
        row = self.world.store.get_number(tn)
        now = time.time()
        if (
            row is None
            or row.customer != self.customer.key
            or (row.status == "Aging" and (row.aging_until or 0) <= now)
        ):
            errs: list[ErrorTuple] = [
                ("15610", "Telephone Numbers cannot be found on accounts", tn)
            ]
            raise error_answer(404, "TelephoneNumberResponse", errs)
        return row

    def details(self, row: NumberRow, tag: str = "TelephoneNumberDetails") -> etree._Element:
        c = self.customer.creds
        node = el(tag)
        ex = self.locality(node, row.number, _TN_LOCALITY)
        sub(node, "FullNumber", row.number)
        vendor_fields(node)
        sub(node, "OnNetVendor", "true")
        if ex is not None:
            sub(node, "RateCenter", ex.rate_center)
        sub(node, "Status", row.status)
        sub(node, "AccountId", c.v2_account_id)
        return node


class Tns(TnBase):
    def get(self) -> None:
        q = self.query()
        size_raw = q.get("size", "500")
        if not _in_range(size_raw, 1, 10**9):
            raise status_answer(400, "TelephoneNumbersResponse", "1006", "size is not valid")
        if int(size_raw) > 2500:
            raise status_answer(
                400, "TelephoneNumbersResponse", "1006", "size must be 2500 or less"
            )
        size = int(size_raw)
        rows = self.world.store.visible(self.customer.key, time.time())
        rows = [r for r in rows if self._match(r, q)]
        page = ten_digits(q.get("page", "1"))
        start = 0
        if page != "1":
            start = next((i for i, r in enumerate(rows) if r.number >= page), len(rows))
        chunk = rows[start : start + size]
        links = el("Links")
        base = {k: v for k, v in q.items() if k not in ("page", "size")}
        first = {"page": "1", "size": str(size), **base}
        sub(links, "first", f'Link=<{self.api_root()}/tns?{urlencode(first)}>;rel="first";')
        if start + size < len(rows):
            nxt = {"page": rows[start + size].number, "size": str(size), **base}
            sub(links, "next", f'Link=<{self.api_root()}/tns?{urlencode(nxt)}>;rel="next";')
        tns = el("TelephoneNumbers")
        for r in chunk:
            detail = self.details(r, "TelephoneNumber")
            detail.append(el("LastModified", text=iso(r.last_modified)))
            tns.append(detail)
        root = el(
            "TelephoneNumbersResponse", el("TelephoneNumberCount", text=len(rows)), links, tns
        )
        self.send_xml(200, root)

    def _match(self, r: NumberRow, q: dict[str, str]) -> bool:
        ex = self.world.inventory.details(r.number)
        tests: dict[str, Callable[[str], bool]] = {
            "accountid": lambda v: v == self.customer.creds.v2_account_id,
            "fullnumber": lambda v: r.number == ten_digits(v),
            "npa": lambda v: r.number.startswith(v),
            "npanxx": lambda v: r.number.startswith(v),
            "npanxxx": lambda v: r.number.startswith(v),
            "city": lambda v: ex is not None and ex.city == v.upper(),
            "ratecenter": lambda v: ex is not None and ex.rate_center == v.upper(),
            "state": lambda v: ex is not None and ex.state == v.upper(),
            "lata": lambda v: ex is not None and ex.lata == v,
            "tier": lambda v: v == TIER,
            "status": lambda v: r.status.lower() == v.lower(),
        }
        return all(test(q[name]) for name, test in tests.items() if q.get(name))


class TnItem(TnBase):
    def get(self, tn: str) -> None:
        row = self.lookup(tn)
        c = self.customer.creds
        order_date: Any = None
        if row.order_id:
            order = self.world.store.get_order(row.order_id, kind="order", customer=row.customer)
            order_date = iso(order.created_at) if order else None
        root = el(
            "TelephoneNumberResponse",
            el("TelephoneNumber", text=row.number),
            el("Status", text=row.status),
            el("LastModifiedDate", text=iso(row.last_modified)),
            leaf("OrderCreateDate", order_date),
            leaf("OrderId", row.order_id),
            el("OrderType", text=row.order_type or "NEW_NUMBER_ORDER"),
            leaf("InServiceDate", iso(row.created_at) if row.status == "Inservice" else None),
            el("SiteId", text=row.site_id or c.site_id),
            el("AccountId", text=c.v2_account_id),
        )
        self.send_xml(200, root)


class TnDetails(TnBase):
    def get(self, tn: str) -> None:
        row = self.lookup(tn)
        c = self.customer
        peer = row.peer_id if row.peer_id in c.peers else c.creds.peer_id
        d = self.details(row)
        d.append(
            el(
                "Site",
                el("Id", text=row.site_id or c.creds.site_id),
                el("Name", text=c.creds.site_name),
            )
        )
        d.append(
            el(
                "SipPeer",
                el("PeerId", text=peer),
                el("PeerName", text=c.peers[peer]),
                el("IsDefaultPeer", text="true" if peer == c.creds.peer_id else "false"),
            )
        )
        d.append(
            el("ServiceTypes", el("ServiceType", text="Voice"), el("ServiceType", text="Messaging"))
        )
        d.append(el("LastModified", text=iso(row.last_modified)))
        if row.status == "Inservice":
            d.append(el("InServiceDate", text=iso(row.created_at)))
        self.send_xml(200, el("TelephoneNumberResponse", d))
