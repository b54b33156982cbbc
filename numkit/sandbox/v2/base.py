"""The V2 handler base: Basic auth per account, the XML error answers, shared helpers.

Every answer is XML whatever ``Accept``
says; 401 and 403 have empty bodies (401 with ``WWW-Authenticate``); unknown or foreign
ids are 404 (a customer never learns that another's order exists). Under ``/api/v2``
every number in an answer is E.164 (``+1…``); requests may use either form.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from lxml import etree

from ..base import Answer, BadBody, BaseHandler, EmptyAnswer, XmlAnswer
from ..customers import Customer
from ..inventory import TIER, VENDOR_ID, VENDOR_NAME, Exchange
from ..store import OrderRow
from ..xmlio import el, error_list, response_status, sub, to_bytes

__all__ = ["ErrorTuple", "V2Handler", "bad_body", "error_answer", "status_answer"]

ErrorTuple = tuple[str, str, str | None]

# Elements whose text is a telephone number (rewritten to E.164 under /api/v2).
NUMBER_TAGS = frozenset({"TelephoneNumber", "FullNumber", "Tn", "ReservedTn"})
_TEN = re.compile(r"[0-9]{10}")
# A search detail's locality elements (TnDetails spells LATA "Lata", see numbers.py).
_SEARCH_LOCALITY = (
    ("City", "city"),
    ("LATA", "lata"),
    ("RateCenter", "rate_center"),
    ("State", "state"),
)


def error_answer(
    status: int, root_tag: str, errors: list[ErrorTuple], *extra: etree._Element | None
) -> XmlAnswer:
    """``<root_tag><ErrorList>…</ErrorList>…</root_tag>`` (orders, disconnects, tns)."""
    return XmlAnswer(status, el(root_tag, error_list(errors), *extra))


def status_answer(status: int, root_tag: str, code: str | None, description: str) -> XmlAnswer:
    """``<root_tag><ResponseStatus>…</ResponseStatus></root_tag>`` (sites, notes, tns…)."""
    return XmlAnswer(status, el(root_tag, response_status(code, description)))


def bad_body(root_tag: str, err: BadBody) -> XmlAnswer:
    """Malformed XML, a DOCTYPE or entities: 400 with code 1003 in the endpoint's root."""
    return error_answer(
        400, root_tag, [("1003", f"The request body is not valid XML: {err}", None)]
    )


def not_found(description: str = "The resource does not exist") -> Answer:
    return Answer(404, "", description)


def vendor_fields(parent: etree._Element) -> None:
    """``Tier``, ``VendorId``, ``VendorName``: the sandbox's one vendor, on every number."""
    sub(parent, "Tier", TIER)
    sub(parent, "VendorId", VENDOR_ID)
    sub(parent, "VendorName", VENDOR_NAME)


def e164_tree(root: etree._Element) -> etree._Element:
    """Rewrite every 10-digit number in NUMBER_TAGS elements to ``+1…`` (in place)."""
    for node in root.iter(*NUMBER_TAGS):
        if node.text and _TEN.fullmatch(node.text):
            node.text = "+1" + node.text
    return root


class V2Handler(BaseHandler):
    api = "v2"
    customer: Customer

    def authenticate(self) -> None:
        creds = self.basic_credentials()
        customer = self.world.by_v2_login(*creds) if creds else None
        if customer is None:
            raise EmptyAnswer(401, headers={"WWW-Authenticate": 'Basic realm="numkit sandbox V2"'})
        account = self.path_kwargs.get("account")
        if account is not None and account != customer.creds.v2_account_id:
            raise EmptyAnswer(403)
        self.customer = customer

    # ---- envelopes ----------------------------------------------------------------
    def send_api_error(self, status: int, code: str, message: str, **headers: str) -> None:
        numeric = code if code.isdigit() else None
        self.send_xml(status, el("ErrorResponse", response_status(numeric, message)), **headers)

    def fault_answer(self, kind: str) -> Answer:
        if kind == "429":
            return EmptyAnswer(429, headers={"Retry-After": "1"})
        return Answer(503, "", "The service is temporarily unavailable.")

    @property
    def e164(self) -> bool:
        """Whether this request came in under ``/api/v2`` (numbers answered as ``+1…``)."""
        return self.request.path.lower().startswith("/api/v2/")

    def xml_bytes(self, root: etree._Element) -> bytes:
        return to_bytes(e164_tree(root) if self.e164 else root)

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

    def load_order(self, order_id: str, kind: str) -> OrderRow:
        """The caller's order or disconnect, else a 404 answer."""
        row = self.world.store.get_order(order_id, kind=kind, customer=self.customer.key)
        if row is None:
            raise not_found()
        return row

    def xml_request(self, root_tag: str) -> etree._Element:
        """The request body, or a 400 in ``root_tag``'s error envelope."""
        try:
            return self.xml_body()
        except BadBody as err:
            raise bad_body(root_tag, err) from None

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

    def insert_new(self, order: OrderRow, note: str) -> None:
        """Store a new RECEIVED order or disconnect with its first history line."""
        with self.world.store.transaction():
            self.world.store.insert_order(order)
            self.world.store.add_history(
                order.id, order.created_at, note, order.created_by, "RECEIVED"
            )

    def locality(
        self, parent: etree._Element, number: str, tags: tuple[tuple[str, str], ...]
    ) -> Exchange | None:
        """Add the local exchange's fields as ``(element, Exchange attribute)`` pairs name
        them (each answer spells them its own way); a toll-free number has none (None)."""
        ex = self.world.inventory.details(number)
        if ex is None or ex.toll_free:
            return None
        for tag, attr in tags:
            sub(parent, tag, getattr(ex, attr))
        return ex

    def number_detail(self, parent: etree._Element, number: str) -> None:
        self.locality(parent, number, _SEARCH_LOCALITY)
        vendor_fields(parent)


class V2NotFound(V2Handler):
    """Any other path under a V2 prefix (authenticated first, like the real API)."""

    def _nf(self, *args: Any, **kwargs: Any) -> None:
        raise not_found()

    get = post = put = delete = patch = _nf
