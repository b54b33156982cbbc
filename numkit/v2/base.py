"""Plumbing every part of :class:`~numkit.v2.V2Client` shares: account paths, GETs with a
deadline, the one send-and-reconcile entry for POSTs that must happen once, the
CustomerOrderId look-up, and ``GET /tns/{tn}``.

Why a base class: the client is split by job (orders in ``client.py``, disconnect
batching in ``disconnects.py``, number inventory in ``numbers.py``); each part is a mixin
over this base, so ``V2Client`` stays one object with one transport.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests

from .. import paging, reconcile
from ..clientbase import ClientBase
from ..errors import NotFound, ResponseParseError, ValidationError
from ..models import OrderSummary, TnInfo
from ..phone import to_v2_number
from ..transport import retry_after_seconds
from ..xmlsafe import parse_xml
from . import build, parse

__all__ = ["XML_BODY", "V2Base"]

XML_BODY = {"Content-Type": build.CONTENT_TYPE}

F = TypeVar("F")

#: how an order's and a disconnect's status answer is read (the same XML envelope rules)
_STATUS_PARSERS: dict[str, Callable[..., Any]] = {
    "orders": parse.parse_order,
    "disconnects": parse.parse_disconnect,
}


class V2Base(ClientBase):
    """Attributes set by ``V2Client.__init__``; methods every V2 part uses."""

    account_id: str
    #: how numbers look in Python ("10digit" or "e164") and how they go on the wire
    numbers: str
    wire: str
    post_attempts: int
    reconcile_window: float
    _sleep: Callable[[float], None]
    _clock: Callable[[], float]

    def _account(self, *parts: str) -> str:
        return "/".join(["accounts", quote(self.account_id, safe=""), *parts])

    def _deadline(self, remaining: float | None) -> float | None:
        return None if remaining is None else self._clock() + remaining

    def _get(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        deadline: float | None = None,
    ) -> requests.Response:
        return self._transport.request("GET", path, params=params, deadline=deadline)

    def _create_once(
        self, kind: str, body: bytes, coid: str, look_up: Callable[[str], F | None]
    ) -> reconcile.Reconciled[requests.Response, F]:
        """POST ``body`` to ``kind`` (orders/disconnects) through the one reconcile loop;
        a lost answer is looked up by CustomerOrderId with ``look_up(coid)``."""
        path = self._account(kind)
        return reconcile.send_and_reconcile(
            lambda: self._transport.request(
                "POST", path, data=body, headers=XML_BODY, idempotent=False
            ),
            lambda: look_up(coid),
            what=f"V2 POST /{path} (CustomerOrderId {coid!r})",
            check=f"v2.find_{kind[:-1]}({coid!r})",
            attempts=self.post_attempts,
            window=self.reconcile_window,
            sleep=self._sleep,
            clock=self._clock,
        )

    def _find_summary(self, kind: str, coid: str) -> OrderSummary | None:
        """The newest order/disconnect with this CustomerOrderId, or None when the list
        certainly has none (a server that ignores the filter is paged through)."""
        params: dict[str, Any] = {"customerOrderId": coid, "page": 1, "size": 1000}
        for entries in self._pages(kind, params, what=f"V2 {kind} look-up", missing_ok=True):
            matches = [e for e in entries if e.customer_order_id == coid]
            if matches:
                return max(matches, key=lambda e: (e.order_date is not None, e.order_date or 0))
            if all(e.customer_order_id == coid for e in entries):
                return None  # the server applied the filter: certainly none
        return None

    def _pages(
        self, kind: str, params: dict[str, Any], *, what: str, missing_ok: bool = False
    ) -> Iterator[list[OrderSummary]]:
        """The pages of the orders/disconnects list (:func:`numkit.paging.pages`); with
        ``missing_ok`` a 404 on the first page ("none yet") is an empty list."""

        def fetch(page: str | None) -> tuple[list[OrderSummary], str | None]:
            query = {**params, "page": page or params["page"]}
            try:
                response = self._get(self._account(kind), params=query)
            except NotFound:
                if missing_ok and page is None:
                    return [], None
                raise
            entries, _total, following = parse.parse_order_list(response.content)
            return entries, following

        return paging.pages(fetch, what=what, key=lambda e: e.id)

    def _read_status(
        self, kind: str, ident: str, *, deadline: float | None = None, **extra: Any
    ) -> Any:
        """``GET /accounts/{id}/{kind}/{ident}`` parsed by the kind's parser (``extra``:
        its ``cls=`` and added fields); ``Retry-After`` is kept for the poll loop."""
        response = self._get(self._account(kind, quote(ident, safe="")), deadline=deadline)
        if not response.content.strip():
            raise ResponseParseError(f"GET {kind[:-1]} {ident}: empty body")
        return _STATUS_PARSERS[kind](
            response.content,
            order_id=ident,
            retry_after=retry_after_seconds(response),
            http_status=response.status_code,
            numbers=self.numbers,
            **extra,
        )

    def _order_status(self, ident: str, **kw: Any) -> Any:
        """One order's status (``deadline=``, ``cls=Order`` and fields as for _read_status)."""
        return self._read_status("orders", ident, **kw)

    def _disconnect_status(self, ident: str, **kw: Any) -> Any:
        """One disconnect's status (the same keywords as :meth:`_order_status`)."""
        return self._read_status("disconnects", ident, **kw)

    def _accepted(self, kind: str, response: requests.Response, **extra: Any) -> Any:
        """The status a create POST's 201/202 answer carries: parsed from its body, or
        read with one GET (id from ``Location``) when the body is empty."""
        what = kind[:-1]
        ident = last_segment(response.headers.get("Location"))
        if not response.content.strip():
            if not ident:
                raise ResponseParseError(f"{what} accepted without a body or a Location header")
            return self._read_status(kind, ident, **extra)
        status = _STATUS_PARSERS[kind](
            response.content,
            order_id=ident,
            http_status=response.status_code,
            numbers=self.numbers,
            **extra,
        )
        if not status.id:
            raise ResponseParseError(
                f"{what} accepted but neither the body nor Location has its id"
            )
        return status

    def _tn(self, number: Any, *, deadline: float | None = None) -> TnInfo:
        tn = to_v2_number(number, field="tn")
        response = self._get(f"tns/{tn}", deadline=deadline)
        if not response.content.strip():
            raise ResponseParseError(f"GET /tns/{tn}: empty body")
        info = parse.parse_tn(response.content, numbers=self.numbers)
        if not info.status and parse.envelope_errors(parse_xml(response.content)):
            raise parse.error_from_response(_as_404(response), "GET", response.url)
        return info


def last_segment(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] or None


def order_id(value: Any) -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip() or "/" in ident:
        raise ValidationError("order_id", value, "give an order id (a string) or an order object")
    return ident.strip()


def _as_404(response: requests.Response) -> requests.Response:
    """A 200 ``/tns/{tn}`` body that is only an ErrorList ("cannot be found on accounts")
    is mapped like a 404."""
    clone = copy.copy(response)
    clone.status_code = 404
    return clone
