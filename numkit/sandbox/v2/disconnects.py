"""Disconnect orders: ``POST/GET /accounts/{id}/disconnects`` and ``…/disconnects/{id}``.

Parsing turns a ``<DisconnectTelephoneNumberOrder>`` into a plain, JSON-serialisable
request dict (what the store keeps) plus the synchronous validation errors (the 400
``ErrorList``); rendering builds the documented response shapes from a stored row. The
numbers are released when the disconnect resolves (``numkit/sandbox/resolve.py``).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..store import OrderRow
from ..xmlio import child, el, error_list, key, leaf, sub, text, texts
from . import rules
from .base import V2Handler, error_answer
from .listing import Listing
from .orderbody import Error, echo_head, number_list_errors, scenario_of
from .rules import ten_digits

__all__ = ["DisconnectItem", "Disconnects", "disconnect_xml", "parse_disconnect"]


def parse_disconnect(
    root: etree._Element, *, max_numbers: int
) -> tuple[dict[str, Any], list[Error]]:
    """``<DisconnectTelephoneNumberOrder>`` -> (request dict, synchronous errors)."""
    errors: list[Error] = []
    if key(root) != "disconnecttelephonenumberorder":
        return {}, [("5001", "Invalid input telephone number list", None)]
    name = text(root, "Name")  # also matches the lower-case <name> older SDKs send
    coid = text(root, "CustomerOrderId")
    if coid is not None and (msg := rules.check_customer_order_id(coid)):
        errors.append(("5052", msg, None))
    type_el = child(root, "DisconnectTelephoneNumberOrderType")
    tn_list = child(type_el, "TelephoneNumberList") if type_el is not None else None
    raw = texts(tn_list, "TelephoneNumber")
    numbers = [ten_digits(n) for n in raw]
    mode = (text(type_el, "DisconnectMode") if type_el is not None else None) or "normal"
    protected = text(type_el, "Protected") if type_el is not None else None
    scenario = scenario_of(coid, name)
    request: dict[str, Any] = {
        "name": name,
        "customer_order_id": coid,
        "numbers": numbers,
        "mode": mode.lower(),
        "protected": protected.upper() if protected else None,
        "scenario": scenario.as_dict() if scenario else None,
    }
    if not numbers:
        errors.append(("5001", "Invalid input telephone number list", None))
    elif len(numbers) > max_numbers:
        errors.append(
            (
                "5095",
                "The count of telephone numbers in order exceeds the maximum size of "
                f"{max_numbers}",
                None,
            )
        )
    errors.extend(number_list_errors(raw, numbers))
    if mode.lower() not in ("normal", "soft-remove", "purge"):
        errors.append(
            (
                "5084",
                f"DisconnectMode {mode} is invalid. Valid values: normal, soft-remove, purge",
                None,
            )
        )
    if protected is not None and protected.upper() not in ("TRUE", "FALSE", "UNCHANGED"):
        errors.append(("5108", f"Protected value {protected} is invalid.", None))
    if scenario and scenario.kind == "backorder":
        errors.append(("5522", "Backorders are not compatible with disconnect orders.", None))
    return request, errors


def disconnect_echo(o: OrderRow) -> etree._Element:
    r = o.request
    req = el("orderRequest", echo_head(o), leaf("id", o.id))
    dt = sub(req, "DisconnectTelephoneNumberOrderType")
    tns = sub(dt, "TelephoneNumberList")
    for n in r.get("numbers", []):
        sub(tns, "TelephoneNumber", n)
    sub(dt, "DisconnectMode", r.get("mode", "normal"))
    if r.get("protected"):
        sub(dt, "Protected", r["protected"])
    return req


def disconnect_xml(o: OrderRow, *, created: bool) -> etree._Element:
    """``<DisconnectTelephoneNumberOrderResponse>`` for the POST (created) or the GET."""
    root = el("DisconnectTelephoneNumberOrderResponse")
    res = o.result or {}
    if not created and o.status != "RECEIVED":
        done = res.get("completed", [])
        if done:
            lst = sub(root, "DisconnectedTelephoneNumberList")
            for n in done:
                sub(lst, "TelephoneNumber", n)
        root.append(error_list((e[0], e[1], e[2]) for e in res.get("errors", [])))
    root.append(disconnect_echo(o))
    sub(root, "OrderStatus", o.status)
    return root


# ---- handlers -----------------------------------------------------------------------
class Disconnects(Listing):
    def post(self, account: str) -> None:
        tag = "DisconnectTelephoneNumberOrderResponse"
        root = self.xml_request(tag)
        request, errors = parse_disconnect(root, max_numbers=self.world.options.max_disconnect)
        if errors:
            raise error_answer(400, tag, errors)
        order = self.new_row("disconnect", request)
        self.insert_new(order, "Disconnect order received.")
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
        self.send_xml(200, disconnect_xml(order, created=False))
