"""The orders and disconnects lists: one paging and filtering scheme.

Paging is by id: ``page`` is ``1`` or the id of the first order of the page, as the
real service's ``next`` links carry. Malformed ``size`` (anything but ASCII digits in
range) is a 400, never a 500.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from ..base import Answer, XmlAnswer
from ..inventory import TIER, VENDOR_ID
from ..store import OrderRow
from ..timefmt import iso, parse_day
from ..xmlio import el, leaf, sub
from .base import V2Handler
from .rules import DIGITS

__all__ = ["Listing", "status_filter"]

_STATUS_FILTER = {"complete", "partial", "failed", "backordered", "received"}


def status_filter(raw: str | None) -> list[str] | None:
    """``status=complete,failed`` -> ``["COMPLETE", "FAILED"]``; a wrong word is 400 15518."""
    if not raw:
        return None
    statuses = [s.strip().lower() for s in raw.split(",") if s.strip()]
    if any(s not in _STATUS_FILTER for s in statuses):
        raise Answer(400, "15518", "Status must be one of complete, partial, failed, backordered")
    return [s.upper() for s in statuses]


class Listing(V2Handler):
    """Base of the Orders and Disconnects handlers (their GET is a list)."""

    def list_orders(self, kind: str, suffix: str) -> None:
        q = self.query()
        page, size = q.get("page"), q.get("size")
        if kind == "order" and (page is None or size is None):
            raise Answer(404, "", "Size and page parameters are required")
        page = page or "1"
        size_limit = 1000 if kind == "order" else 5000
        size = size or "300"
        if not DIGITS.fullmatch(size) or not 1 <= int(size) <= size_limit:
            raise Answer(400, "", f"size must be a number from 1 to {size_limit}")
        n = int(size)
        statuses = status_filter(q.get("status"))
        for name in ("startdate", "enddate"):
            if q.get(name) and parse_day(q[name]) is None:
                raise Answer(400, "51001", "Dates must be in the format YYYY-MM-DD")
        start = parse_day(q["startdate"]) if q.get("startdate") else None
        end = (parse_day(q["enddate"]) or 0) + 86400 if q.get("enddate") else None
        rows = self.world.store.list_orders(
            customer=self.customer.key,
            kind=kind,
            customer_order_id=q.get("customerorderid"),
            statuses=statuses,
            user=q.get("userid"),
            start=start,
            end=end,
        )
        if kind == "disconnect" and not rows:
            first = self.link_text(suffix, {"page": "1", "size": str(n)}, "first")
            raise XmlAnswer(404, el("Links", el("first", text=first)))
        index = 0
        if page != "1":
            ids = [r.id for r in rows]
            index = ids.index(page) if page in ids else len(rows)
        chunk = rows[index : index + n]
        base = {k: v for k, v in q.items() if k not in ("page", "size")}
        links = el("Links")
        sub(links, "first", self.link_text(suffix, {"page": "1", "size": str(n), **base}, "first"))
        if index + n < len(rows):
            nxt = {"page": rows[index + n].id, "size": str(n), **base}
            sub(links, "next", self.link_text(suffix, nxt, "next"))
        wrapper = el("ListOrderIdUserIdDate", el("TotalCount", text=len(rows)), links)
        for r in chunk:
            wrapper.append(self._list_item(r))
        self.send_xml(200, el("ResponseSelectWrapper", wrapper))

    def _list_item(self, r: OrderRow) -> etree._Element:
        numbers: list[str] = (r.result or {}).get("completed", []) if r.status != "RECEIVED" else []
        count = len(numbers) if r.kind == "order" else len(r.request.get("numbers", []))
        item = el(
            "OrderIdUserIdDate",
            el("CountOfTNs", text=count),
            leaf("CustomerOrderId", r.customer_order_id),
            el("userId", text=r.created_by),
            el("lastModifiedDate", text=iso(r.last_modified)),
            el("OrderDate", text=iso(r.created_at)),
            el("OrderType", text="new_number" if r.kind == "order" else "disconnect"),
            el("orderId" if r.kind == "order" else "OrderId", text=r.id),
            el("OrderStatus", text=r.status),
        )
        if r.kind == "order":
            item.append(self._tn_summary(numbers))
        return item

    def _tn_summary(self, numbers: list[str]) -> etree._Element:
        states: Counter[str] = Counter()
        centers: Counter[str] = Counter()
        cities: Counter[str] = Counter()
        for n in numbers:
            ex = self.world.inventory.details(n)
            if ex is not None and not ex.toll_free:
                states[ex.state] += 1
                centers[ex.rate_center] += 1
                cities[ex.city] += 1
        details = el("TelephoneNumberDetails")
        for wrap, item, name, counts in (
            ("States", "StateWithCount", "State", states),
            ("RateCenters", "RateCenters", "RateCenter", centers),
            ("Cities", "CityWithCount", "City", cities),
            ("Tiers", "TierWithCount", "Tier", Counter({TIER: len(numbers)})),
            ("Vendors", "VendorWithCount", "VendorId", Counter({VENDOR_ID: len(numbers)})),
        ):
            w = sub(details, wrap)
            for value, count in sorted(counts.items()):
                if not count:
                    continue
                i = sub(w, item)
                sub(i, name, value)
                sub(i, "Count", count)
        return details
