"""New-number orders: ``/orders`` (create, list, totals) and ``/orders/{id}`` with its
``tns``, ``history`` and reports; ``PUT`` renames or closes a backorder.

Bodies are parsed and rendered by ``orderbody``; an order's fate is computed later by
``numkit/sandbox/resolve.py`` (a well-formed order is always 201 RECEIVED).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from lxml import etree

from .. import notify
from ..resolve import close_backorder
from ..timefmt import iso
from ..xmlio import el, parse_bool, parse_bool_lenient, sub, text
from . import rules
from .base import V2Handler, error_answer
from .listing import Listing, status_filter
from .orderbody import order_echo, order_status_xml, parse_order

__all__ = ["OrderHistory", "OrderItem", "OrderReport", "OrderTns", "OrderTotals", "Orders"]

_RESPONSE = "OrderResponse"


class Orders(Listing):
    def post(self, account: str) -> None:
        root = self.xml_request(_RESPONSE)
        c = self.customer
        request, errors = parse_order(
            root, site_ids={c.creds.site_id: c.creds.peer_id}, peer_ids=set(c.peers)
        )
        order = self.new_row("order", request)
        if errors:
            echo = order_echo(order, peer_id=request.get("peer_id")) if request else None
            if echo is not None:
                echo.remove(echo.find("id"))
            raise error_answer(400, _RESPONSE, errors, echo)
        self.insert_new(order, "Order has been received by the system.")
        body = el(
            _RESPONSE,
            order_echo(order, peer_id=request.get("peer_id")),
            el("OrderStatus", text="RECEIVED"),
        )
        self.send_xml(201, body, Location=self.account_url(f"/orders/{order.id}"))

    def get(self, account: str) -> None:
        self.list_orders("order", "/orders")


class OrderTotals(V2Handler):
    """``GET /orders/totals[?status=…]``: how many orders, in the list's wrapper."""

    def get(self, account: str) -> None:
        statuses = status_filter(self.query().get("status"))
        rows = self.world.store.list_orders(
            customer=self.customer.key, kind="order", statuses=statuses
        )
        total = el("ListOrderIdUserIdDate", el("TotalCount", text=len(rows)))
        self.send_xml(200, el("ResponseSelectWrapper", total))


class OrderItem(V2Handler):
    def get(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "order")
        detail: Callable[[etree._Element, str], None] | None = None
        if parse_bool_lenient(self.query().get("tndetail")) is True:
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
        root = self.xml_request(_RESPONSE)
        name = text(root, "Name")
        coid = text(root, "CustomerOrderId")
        try:
            close = parse_bool(text(root, "CloseOrder")) or False
        except ValueError:
            raise error_answer(
                400, _RESPONSE, [("5217", "CloseOrder must be true or false.", None)]
            ) from None
        if coid is not None and (msg := rules.check_customer_order_id(coid)):
            raise error_answer(400, _RESPONSE, [("5052", msg, None)])
        if close and order.status != "BACKORDERED":
            raise error_answer(
                400, _RESPONSE, [("5060", "Only Backordered order can be closed.", None)]
            )
        now = time.time()
        user = self.customer.creds.v2_username
        with self.world.store.transaction():
            current = self.load_order(order_id, "order")
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
            if close:
                notify.enqueue(self.world, current)  # PARTIAL or FAILED: notified states
        self.send_xml(200, el(_RESPONSE))


class OrderTns(V2Handler):
    def get(self, account: str, order_id: str) -> None:
        order = self.load_order(order_id, "order")
        numbers = (order.result or {}).get("completed", [])
        root = el("TelephoneNumbers", el("Count", text=len(numbers)))
        for n in numbers:
            sub(root, "TelephoneNumber", n)
        self.send_xml(200, root)


class OrderReport(V2Handler):
    """``/orders/{id}/areaCodes``, ``/npaNxx`` and ``/totals``."""

    def get(self, account: str, order_id: str, report: str) -> None:
        order = self.load_order(order_id, "order")
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
