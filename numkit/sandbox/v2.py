"""V2 (Dashboard / Iris, XML) handlers, served under ``/api``, ``/api/v1`` and ``/v1.0``.

Wire facts: ``shared/api/v2-dashboard.md``. Every answer is XML whatever ``Accept``
says; 401 and 403 have empty bodies (401 with ``WWW-Authenticate``); unknown or foreign
ids are 404 (a customer never learns that another's order exists).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from lxml import etree

from . import v2rules as rules
from .base import XML_TYPE, BadBody, BaseHandler
from .customers import Customer
from .inventory import TIER, VENDOR_ID, VENDOR_NAME
from .lifecycle import close_backorder
from .store import NumberRow, OrderRow
from .timefmt import iso, parse_day
from .v2orders import (
    disconnect_xml,
    order_echo,
    order_status_xml,
    parse_disconnect,
    parse_order,
)
from .v2search import SearchError, parse_search, search_result_xml
from .xmlin import text
from .xmlout import el, error_list, leaf, response_status, sub

__all__ = ["routes"]

PREFIX = r"(?i)/(?:api/v1|api|v1\.0)"
ACCOUNT = PREFIX + r"/accounts/(?P<account>[^/]+)"
_STATUS_FILTER = {"complete", "partial", "failed", "backordered", "received"}


class V2Handler(BaseHandler):
    api = "v2"
    customer: Customer

    def authenticate(self) -> bool:
        creds = self.basic_credentials()
        customer = self.world.by_v2_login(*creds) if creds else None
        if customer is None:
            self.answer_instead(
                lambda: self.send_empty(401, WWW_Authenticate='Basic realm="numkit sandbox V2"')
            )
            return False
        account = self.path_kwargs.get("account")
        if account is not None and account != customer.creds.v2_account_id:
            self.answer_instead(lambda: self.send_empty(403))
            return False
        self.customer = customer
        return True

    # ---- envelopes ----------------------------------------------------------------
    def send_api_error(self, status: int, code: str, message: str) -> None:
        numeric = code if code.isdigit() else None
        self.send_xml(status, el("ErrorResponse", response_status(numeric, message)))

    def fault_429(self) -> None:
        self.send_empty(429, Retry_After="1")

    def fault_503(self) -> None:
        self.send_api_error(503, "", "The service is temporarily unavailable.")

    def not_found(self) -> None:
        self.send_api_error(404, "", "The resource does not exist")

    # ---- helpers --------------------------------------------------------------
    def api_root(self) -> str:
        """Scheme, host and the V2 prefix the client used (``/api``, ``/v1.0``…)."""
        path = self.request.path
        cut = path.lower().find("/accounts/")
        if cut < 0:
            cut = path.lower().find("/tns")
        return self.base_url() + (path[:cut] if cut >= 0 else "/api")

    def account_url(self, suffix: str) -> str:
        return f"{self.api_root()}/accounts/{self.customer.creds.v2_account_id}{suffix}"

    def link_text(self, suffix: str, params: dict[str, str], rel: str) -> str:
        # The documented form: Link=<https://…?page=1&size=3>;rel="first";
        return f'Link=<{self.account_url(suffix)}?{urlencode(params)}>;rel="{rel}";'

    def error_xml(
        self,
        status: int,
        root_tag: str,
        errors: list[tuple[str, str, str | None]],
        *extra: etree._Element | None,
    ) -> None:
        self.send_xml(status, el(root_tag, error_list(errors), *extra))

    def load_order(self, order_id: str, kind: str) -> OrderRow | None:
        return self.world.store.get_order(order_id, kind=kind, customer=self.customer.key)

    def new_row(self, kind: str, request: dict[str, Any]) -> OrderRow:
        """A RECEIVED order or disconnect; its final state falls due after the scenario's
        pace (``scenario-slow-<ms>``) or ``--order-delay``."""
        now = time.time()
        scenario = request.get("scenario") or {}
        delay = (
            scenario["ms"] / 1000.0
            if scenario.get("kind") == "slow"
            else self.world.options.order_delay
        )
        return OrderRow(
            id=str(uuid.uuid4()),
            kind=kind,
            customer=self.customer.key,
            created_by=self.customer.creds.v2_username,
            customer_order_id=request.get("customer_order_id"),
            name=request.get("name"),
            created_at=now,
            due_at=now + delay,
            status="RECEIVED",
            completed_at=None,
            last_modified=now,
            request=request,
        )

    def site_defaults(self) -> tuple[dict[str, str], set[str]]:
        c = self.customer.creds
        return {c.site_id: c.peer_id}, {c.peer_id}

    def number_detail(self, parent: etree._Element, number: str) -> None:
        ex = self.world.inventory.details(number)
        if ex is not None and not ex.toll_free:
            sub(parent, "City", ex.city)
            sub(parent, "LATA", ex.lata)
            sub(parent, "RateCenter", ex.rate_center)
            sub(parent, "State", ex.state)
        sub(parent, "Tier", TIER)
        sub(parent, "VendorId", VENDOR_ID)
        sub(parent, "VendorName", VENDOR_NAME)


# ---- search ---------------------------------------------------------------------
class AvailableNumbers(V2Handler):
    def get(self, account: str) -> None:
        try:
            q = parse_search(self.query())
        except SearchError as err:
            root = el(
                "SearchResult",
                el("Error", el("Code", text=err.code), el("Description", text=err.description)),
            )
            self.send_xml(400, root)
            return
        now = time.time()
        numbers = self.world.inventory.search(
            q.criteria,
            quantity=q.quantity,
            taken=self.world.store.taken(now),
            order_by=q.order_by,
        )
        body = search_result_xml(numbers, details=q.details, lookup=self.world.inventory.details)
        self.set_header("Content-Type", XML_TYPE)
        self.finish(body)


# ---- orders ---------------------------------------------------------------------
def _bad_body(tag: str, err: BadBody) -> etree._Element:
    return el(tag, error_list([("1003", f"The request body is not valid XML: {err}", None)]))


class Listing(V2Handler):
    """The orders and disconnects lists share one paging and filtering scheme."""

    def list_orders(self, kind: str, suffix: str) -> None:
        q = self.query()
        page, size = q.get("page"), q.get("size")
        if kind == "order" and (page is None or size is None):
            self.send_api_error(404, "", "Size and page parameters are required")
            return
        page = page or "1"
        size_limit = 1000 if kind == "order" else 5000
        if not (size or "300").isdigit() or not 1 <= int(size or "300") <= size_limit:
            self.send_api_error(400, "", f"size must be a number from 1 to {size_limit}")
            return
        n = int(size or "300")
        statuses = None
        if q.get("status"):
            statuses = [s.strip().lower() for s in q["status"].split(",") if s.strip()]
            bad = [s for s in statuses if s not in _STATUS_FILTER]
            if bad:
                self.send_api_error(
                    400, "15518", "Status must be one of complete, partial, failed, backordered"
                )
                return
            statuses = [s.upper() for s in statuses]
        start = end = None
        for name in ("startdate", "enddate"):
            if q.get(name) and parse_day(q[name]) is None:
                self.send_api_error(400, "51001", "Dates must be in the format YYYY-MM-DD")
                return
        if q.get("startdate"):
            start = parse_day(q["startdate"])
        if q.get("enddate"):
            end = (parse_day(q["enddate"]) or 0) + 86400
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
            links = el(
                "Links",
                el("first", text=self.link_text(suffix, {"page": "1", "size": str(n)}, "first")),
            )
            self.send_xml(404, links)
            return
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


class Orders(Listing):
    def post(self, account: str) -> None:
        try:
            root = self.xml_body()
        except BadBody as err:
            self.send_xml(400, _bad_body("OrderResponse", err))
            return
        sites, peers = self.site_defaults()
        request, errors = parse_order(root, site_ids=sites, peer_ids=peers)
        order = self.new_row("order", request)
        now = order.created_at
        if errors:
            echo = order_echo(order, peer_id=request.get("peer_id")) if request else None
            if echo is not None:
                echo.remove(echo.find("id"))
            self.error_xml(400, "OrderResponse", errors, echo)
            return
        with self.world.store.transaction():
            self.world.store.insert_order(order)
            self.world.store.add_history(
                order.id,
                now,
                "Order has been received by the system.",
                self.customer.creds.v2_username,
                "RECEIVED",
            )
        body = el(
            "OrderResponse",
            order_echo(order, peer_id=request.get("peer_id")),
            el("OrderStatus", text="RECEIVED"),
        )
        self.send_xml(201, body, Location=self.account_url(f"/orders/{order.id}"))

    def get(self, account: str) -> None:
        self.list_orders("order", "/orders")


class OrderItem(V2Handler):
    def get(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "order")
        if order is None:
            self.not_found()
            return
        detail: Callable[[etree._Element, str], None] | None = None
        if (rules.parse_bool_lenient(self.query().get("tndetail"))) is True:
            detail = self.number_detail
        root = order_status_xml(
            order,
            default_peer=self.customer.creds.peer_id,
            username=self.customer.creds.v2_username,
            details=detail,
        )
        self.send_xml(200, root)

    def put(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "order")
        if order is None:
            self.not_found()
            return
        try:
            root = self.xml_body()
        except BadBody as err:
            self.send_xml(400, _bad_body("OrderResponse", err))
            return
        name = text(root, "Name")
        coid = text(root, "CustomerOrderId")
        try:
            close = rules.parse_bool(text(root, "CloseOrder")) or False
        except ValueError:
            self.error_xml(
                400, "OrderResponse", [("5217", "CloseOrder must be true or false.", None)]
            )
            return
        if coid is not None and (msg := rules.check_customer_order_id(coid)):
            self.error_xml(400, "OrderResponse", [("5052", msg, None)])
            return
        if close and order.status != "BACKORDERED":
            self.error_xml(
                400, "OrderResponse", [("5060", "Only Backordered order can be closed.", None)]
            )
            return
        now = time.time()
        user = self.customer.creds.v2_username
        with self.world.store.transaction():
            current = self.load_order(order_id, "order")
            assert current is not None
            changes = (
                ("Name", current.name, name),
                ("CustomerOrderId", current.customer_order_id, coid),
            )
            for label, old, new in changes:
                if new is not None and new != old:
                    self.world.store.add_history(
                        current.id,
                        now,
                        f"{label} changed.",
                        user,
                        current.status,
                        f'{label} : "{old or ""}" --> {new}',
                    )
            if name is not None:
                current.name = name
                current.request["name"] = name
            if coid is not None:
                current.customer_order_id = coid
                current.request["customer_order_id"] = coid
            current.last_modified = now
            if close:
                close_backorder(self.world, current, now)
                self.world.store.add_history(
                    current.id, now, "Backorder closed.", user, current.status
                )
            self.world.store.update_order(current)
        self.send_xml(200, el("OrderResponse"))


class OrderTns(V2Handler):
    def get(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "order")
        if order is None:
            self.not_found()
            return
        numbers = (order.result or {}).get("completed", [])
        root = el("TelephoneNumbers", el("Count", text=len(numbers)))
        for n in numbers:
            sub(root, "TelephoneNumber", n)
        self.send_xml(200, root)


class OrderReport(V2Handler):
    """``/orders/{id}/areaCodes``, ``/npaNxx`` and ``/totals``."""

    def get(self, account: str, order_id: str, report: str) -> None:
        order = self.load_order(order_id, "order")
        if order is None:
            self.not_found()
            return
        numbers: list[str] = (order.result or {}).get("completed", [])
        root = el("TelephoneDetailsReports")
        kind = report.lower()
        if kind == "totals":
            rep = sub(root, "TelephoneDetailsReport")
            sub(rep, "Count", len(numbers))
        else:
            width, tag = (3, "AreaCode") if kind == "areacodes" else (6, "NPA-NXX")
            for key, count in sorted(Counter(n[:width] for n in numbers).items()):
                rep = sub(root, "TelephoneDetailsReport")
                sub(rep, tag, key)
                sub(rep, "Count", count)
        self.send_xml(200, root)


class OrderHistory(V2Handler):
    def get(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "order")
        if order is None:
            self.not_found()
            return
        root = el("OrderHistoryWrapper")
        for at, note, author, status, difference in self.world.store.history(order.id):
            item = sub(root, "OrderHistory")
            sub(item, "OrderDate", iso(at))
            sub(item, "Note", note)
            sub(item, "Author", author)
            sub(item, "Status", status)
            if difference:
                sub(item, "Difference", difference)
        self.send_xml(200, root)


class Notes(V2Handler):
    """``/orders/{id}/notes`` and ``/disconnects/{id}/notes``."""

    def _order(self, kind: str, order_id: str) -> OrderRow | None:
        return self.load_order(order_id, "order" if kind.lower() == "orders" else "disconnect")

    def get(self, account: str, kind: str, order_id: str) -> None:
        order = self._order(kind, order_id)
        if order is None:
            self.not_found()
            return
        notes = self.world.store.notes(order.id)
        if not notes:
            self.send_empty(204)
            return
        root = el("Notes")
        for note_id, user, description, at in notes:
            n = sub(root, "Note")
            sub(n, "Id", note_id)
            sub(n, "UserId", user)
            sub(n, "Description", description)
            sub(n, "LastDateModifier", iso(at))
        self.send_xml(200, root)

    def post(self, account: str, kind: str, order_id: str) -> None:
        order = self._order(kind, order_id)
        if order is None:
            self.not_found()
            return
        try:
            root = self.xml_body()
        except BadBody as err:
            self.send_xml(400, el("NoteResponse", response_status("12500", f"Invalid XML: {err}")))
            return
        user = text(root, "UserId")
        description = text(root, "Description")
        problem: tuple[str, str] | None = None
        if not user:
            problem = ("12501", "Username is required")
        elif user != self.customer.creds.v2_username:
            problem = ("12502", f"UserId {user} must be the logged-in user")
        elif not description:
            problem = ("12503", "Description is required")
        elif len(description) > 500:
            problem = ("12504", "Description must be 500 characters or fewer")
        if problem is not None:
            self.send_xml(400, el("NoteResponse", response_status(*problem)))
            return
        note_id = self.world.store.add_note(order.id, user or "", description or "", time.time())
        location = self.account_url(f"/{kind}/{order.id}/notes/{note_id}")
        self.send_empty(201, Location=location)


# ---- disconnects ----------------------------------------------------------------
class Disconnects(Listing):
    def post(self, account: str) -> None:
        try:
            root = self.xml_body()
        except BadBody as err:
            self.send_xml(400, _bad_body("DisconnectTelephoneNumberOrderResponse", err))
            return
        request, errors = parse_disconnect(root, max_numbers=self.world.options.max_disconnect)
        if errors:
            self.error_xml(400, "DisconnectTelephoneNumberOrderResponse", errors)
            return
        order = self.new_row("disconnect", request)
        now = order.created_at
        with self.world.store.transaction():
            self.world.store.insert_order(order)
            self.world.store.add_history(
                order.id, now, "Disconnect order received.", order.created_by, "RECEIVED"
            )
        self.send_xml(
            201,
            disconnect_xml(order, created=True),
            Location=self.account_url(f"/disconnects/{order.id}"),
        )

    def get(self, account: str) -> None:
        self.list_orders("disconnect", "/disconnects")


class DisconnectItem(V2Handler):
    def get(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "disconnect")
        if order is None:
            self.not_found()
            return
        self.send_xml(200, disconnect_xml(order, created=False))


# ---- sites and SIP peers --------------------------------------------------------
def _site(c: Customer, full: bool) -> etree._Element:
    site = el(
        "Site",
        el("Id", text=c.creds.site_id),
        el("Name", text=c.creds.site_name),
        el("Description", text=f"{c.creds.site_name} (numkit sandbox)"),
    )
    if full:
        site.append(el("CustomerName", text=c.creds.site_name))
        site.append(
            el(
                "Address",
                el("HouseNumber", text="900"),
                el("StreetName", text="Main Campus"),
                el("StreetSuffix", text="Dr"),
                el("City", text="Raleigh"),
                el("StateCode", text="NC"),
                el("Zip", text="27606"),
                el("Country", text="United States"),
                el("AddressType", text="Service"),
            )
        )
    return site


def _peer(c: Customer) -> etree._Element:
    return el(
        "SipPeer",
        el("PeerId", text=c.creds.peer_id),
        el("PeerName", text=c.creds.peer_name),
        el("Description", text=f"Default SIP peer of {c.creds.site_name}"),
        el("IsDefaultPeer", text="true"),
    )


class Sites(V2Handler):
    def get(self, account: str) -> None:
        self.send_xml(200, el("SitesResponse", el("Sites", _site(self.customer, False))))


class SiteItem(V2Handler):
    def get(self, account: str, site_id: str) -> None:
        if site_id != self.customer.creds.site_id:
            status = response_status("12016", f"Site '{site_id}' does not exist")
            self.send_xml(404, el("SiteResponse", status))
            return
        self.send_xml(200, el("SiteResponse", _site(self.customer, True)))


class SipPeers(V2Handler):
    def get(self, account: str, site_id: str, peer_id: str | None = None) -> None:
        c = self.customer.creds
        if site_id != c.site_id:
            status = response_status("12016", f"Site '{site_id}' does not exist")
            self.send_xml(404, el("TNSipPeersResponse", status))
            return
        if peer_id is None:
            self.send_xml(200, el("TNSipPeersResponse", el("SipPeers", _peer(self.customer))))
            return
        if peer_id != c.peer_id:
            status = response_status("12018", f"SipPeer '{peer_id}' does not exist")
            self.send_xml(404, el("SipPeerResponse", status))
            return
        self.send_xml(200, el("SipPeerResponse", _peer(self.customer)))


# ---- in-service numbers ---------------------------------------------------------
class InService(V2Handler):
    def get(self, account: str) -> None:
        q = self.query()
        page, size = q.get("page", "1"), q.get("size", "300")
        if not page.isdigit() or int(page) < 1 or not size.isdigit() or not 1 <= int(size) <= 5000:
            self.not_found()
            return
        if q.get("ratecenter") and not q.get("state"):
            self.not_found()
            return
        start = parse_day(q["startdate"]) if q.get("startdate") else None
        end = parse_day(q["enddate"]) if q.get("enddate") else None
        if (q.get("startdate") and start is None) or (q.get("enddate") and end is None):
            self.not_found()
            return
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
        row = self.world.store.get_number(tn)
        if row is not None and row.customer == self.customer.key and row.status == "Inservice":
            self.send_empty(200)
        else:
            self.send_empty(404)


# ---- global /tns ----------------------------------------------------------------
class TnBase(V2Handler):
    def lookup(self, tn: str) -> NumberRow | None:
        """The caller's own number (in service or still aging), else answer and None."""
        if not (len(tn) == 10 and tn.isdigit()):
            status = response_status("12512", f"Telephone number '{tn}' is not valid")
            self.send_xml(400, el("TelephoneNumberResponse", status))
            return None
        row = self.world.store.get_number(tn)
        now = time.time()
        if (
            row is None
            or row.customer != self.customer.key
            or (row.status == "Aging" and (row.aging_until or 0) <= now)
        ):
            errs = [("15610", "Telephone Numbers cannot be found on accounts", tn)]
            self.error_xml(404, "TelephoneNumberResponse", errs)
            return None
        return row

    def details(self, row: NumberRow, tag: str = "TelephoneNumberDetails") -> etree._Element:
        c = self.customer.creds
        ex = self.world.inventory.details(row.number)
        node = el(tag)
        if ex is not None and not ex.toll_free:
            sub(node, "City", ex.city)
            sub(node, "Lata", ex.lata)
            sub(node, "State", ex.state)
        sub(node, "FullNumber", row.number)
        sub(node, "Tier", TIER)
        sub(node, "VendorId", VENDOR_ID)
        sub(node, "VendorName", VENDOR_NAME)
        sub(node, "OnNetVendor", "true")
        if ex is not None and not ex.toll_free:
            sub(node, "RateCenter", ex.rate_center)
        sub(node, "Status", row.status)
        sub(node, "AccountId", c.v2_account_id)
        return node


class Tns(TnBase):
    def get(self) -> None:
        q = self.query()
        size_raw = q.get("size", "500")
        if not size_raw.isdigit() or int(size_raw) < 1:
            self.send_xml(
                400, el("TelephoneNumbersResponse", response_status("1006", "size is not valid"))
            )
            return
        if int(size_raw) > 2500:
            status = response_status("1006", "size must be 2500 or less")
            self.send_xml(400, el("TelephoneNumbersResponse", status))
            return
        size = int(size_raw)
        rows = self.world.store.visible(self.customer.key, time.time())
        rows = [r for r in rows if self._match(r, q)]
        page = q.get("page", "1")
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
            "fullnumber": lambda v: r.number == v,
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
        if row is None:
            return
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
        if row is None:
            return
        c = self.customer.creds
        d = self.details(row)
        d.append(el("Site", el("Id", text=row.site_id or c.site_id), el("Name", text=c.site_name)))
        d.append(
            el(
                "SipPeer",
                el("PeerId", text=row.peer_id or c.peer_id),
                el("PeerName", text=c.peer_name),
                el("IsDefaultPeer", text="true"),
            )
        )
        d.append(
            el("ServiceTypes", el("ServiceType", text="Voice"), el("ServiceType", text="Messaging"))
        )
        d.append(el("LastModified", text=iso(row.last_modified)))
        if row.status == "Inservice":
            d.append(el("InServiceDate", text=iso(row.created_at)))
        self.send_xml(200, el("TelephoneNumberResponse", d))


class V2NotFound(V2Handler):
    """Any other path under a V2 prefix (authenticated first, like the real API)."""

    def _nf(self, *args: Any, **kwargs: Any) -> None:
        self.not_found()

    get = post = put = delete = patch = _nf  # type: ignore[assignment]


def routes() -> list[tuple[str, type[V2Handler]]]:
    a = ACCOUNT
    return [
        (a + r"/availableNumbers/?", AvailableNumbers),
        (a + r"/orders/?", Orders),
        (a + r"/orders/(?P<order_id>[^/]+)/?", OrderItem),
        (a + r"/orders/(?P<order_id>[^/]+)/tns/?", OrderTns),
        (a + r"/orders/(?P<order_id>[^/]+)/history/?", OrderHistory),
        (a + r"/orders/(?P<order_id>[^/]+)/(?P<report>areaCodes|npaNxx|totals)/?", OrderReport),
        (a + r"/(?P<kind>orders|disconnects)/(?P<order_id>[^/]+)/notes/?", Notes),
        (a + r"/disconnects/?", Disconnects),
        (a + r"/disconnects/(?P<order_id>[^/]+)/?", DisconnectItem),
        (a + r"/sites/?", Sites),
        (a + r"/sites/(?P<site_id>[^/]+)/?", SiteItem),
        (a + r"/sites/(?P<site_id>[^/]+)/sippeers/?", SipPeers),
        (a + r"/sites/(?P<site_id>[^/]+)/sippeers/(?P<peer_id>[^/]+)/?", SipPeers),
        (a + r"/inserviceNumbers/?", InService),
        (a + r"/inserviceNumbers/totals/?", InServiceTotals),
        (a + r"/inserviceNumbers/(?P<tn>[^/]+)/?", InServiceItem),
        (PREFIX + r"/tns/?", Tns),
        (PREFIX + r"/tns/(?P<tn>[^/]+)/?", TnItem),
        (PREFIX + r"/tns/(?P<tn>[^/]+)/tndetails/?", TnDetails),
        (PREFIX + r"/.*", V2NotFound),
    ]
