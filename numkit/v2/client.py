"""The V2 (Dashboard / Iris) numbers client: search, order, wait, disconnect.

What it adds over the raw XML API (and over Bandwidth's own V2 SDKs):

* **Inputs checked before sending** (:mod:`numkit.validate`), with a message naming the
  rule; every search type and every order type, Combined included.
* **Timeouts and retries** on every call through the shared :class:`~numkit.transport.
  Transport`; only idempotent requests are retried.
* **Exactly-once ordering.** Every order and disconnect carries a ``CustomerOrderId``
  (generated when not given). When a POST's answer is lost or times out, the order is
  looked up by that id, with backoff, for ``reconcile_window`` seconds (default 60)
  before anything is sent again (:mod:`numkit.reconcile`): a slow server may still be
  creating it. Only a refusal (429, 503, never sent) is re-sent after one negative
  look-up. One call never creates two orders; when numkit cannot be sure,
  :class:`~numkit.errors.OutcomeUnknown` says so and how to check.
* **Disconnects that never report a false failure.** A number the server says is "not
  on your account" is looked up (``GET /tns/{tn}``): if this account already
  disconnected it (Aging), it counts as disconnected. Lists above the per-order limit
  are split into batches (also when the server names a smaller limit with 5095).
* **Polling** (:mod:`numkit.poll`): 0.25 s doubling to 5 s, ``Retry-After`` honoured,
  progress callbacks, transient errors survived, never past ``timeout``; resumable
  from any order id.
* **DataFrames** with the contract's columns and dtypes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

from .. import poll, validate
from ..clientbase import Dialect
from ..errors import ConfigurationError
from ..models import HistoryEntry, Order, OrderStatus, OrderSummary, SearchResult, SipPeer, Site
from ..notifications import subscribe as _subscriptions
from ..phone import number_formats
from ..reconcile import DEFAULT_WINDOW
from ..transport import DEFAULT_TIMEOUT, TimeoutArg
from . import build, parse
from .base import XML_BODY, order_id
from .criteria import OrderRequest, SearchCriteria
from .disconnects import DisconnectsMixin
from .locations import LocationsMixin
from .numbers import NumbersMixin
from .reservations import ReservationsMixin

__all__ = ["V2Client"]

PASSWORD_HINT = "$NUMKIT_V2_PASSWORD"  # noqa: S105 - a variable name, not a secret


class V2Client(DisconnectsMixin, NumbersMixin, LocationsMixin, ReservationsMixin):
    """Bandwidth V2 (Dashboard) numbers API.

    >>> v2 = V2Client("9900000", "demo", "demo", base_url="http://127.0.0.1:8765/api")
    >>> v2.search(area_code="919", quantity=3).numbers                 # doctest: +SKIP

    Without arguments the URL and credentials are resolved like ``numkit.connect()``
    (``NUMKIT_V2_*`` variables, else the sandbox and its demo customer). Credentials
    passed explicitly are used as given.
    """

    api = "V2"
    _credential_names = ("account_id", "username", "password")
    _dialect = Dialect(parse.error_from_response, "application/xml", PASSWORD_HINT)

    def __init__(
        self,
        account_id: str | None = None,
        username: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        *,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        post_attempts: int = 3,
        reconcile_window: float = DEFAULT_WINDOW,
        history: int = 50,
        numbers: str | None = None,
    ) -> None:
        if numbers not in (None, "10digit", "e164"):
            raise ConfigurationError('numbers must be "10digit" or "e164"')
        base_url, (account_id, username, password) = self._aim(
            base_url, env, (account_id, username, password), numbers=numbers
        )
        if not isinstance(post_attempts, int) or post_attempts < 1:
            raise ConfigurationError("post_attempts must be a positive integer")
        self.account_id = account_id.strip()
        self.post_attempts = post_attempts
        self._open(
            base_url,
            username,
            password,
            timeout=timeout,
            env=env,
            sleep=sleep,
            clock=clock,
            reconcile_window=reconcile_window,
            history=history,
        )
        # after the transport: it checks the base URL (and masks any secret in it) first
        self.numbers, self.wire = number_formats(self._transport.base_url, numbers)
        self._site_id: str | None = None

    # -- plumbing ------------------------------------------------------------------------
    @property
    def username(self) -> str:
        return self._transport.username

    def __repr__(self) -> str:
        # getattr: a repr must work on a half-built client (an __init__ that raised).
        account = getattr(self, "account_id", None)
        user = getattr(getattr(self, "_transport", None), "username", None)
        return (
            f"<V2Client account_id={account!r} username={user!r} {self._repr_fields()} "
            "password=***>"
        )

    # -- search --------------------------------------------------------------------------
    def search(
        self,
        *,
        area_code: str | None = None,
        npa_nxx: str | None = None,
        npa_nxxx: str | None = None,
        rate_center: str | None = None,
        city: str | None = None,
        state: str | None = None,
        zip: str | None = None,
        lata: str | None = None,
        local_vanity: str | None = None,
        ends_in: bool | None = None,
        toll_free_vanity: str | None = None,
        toll_free_wildcard: str | None = None,
        lca: bool | None = None,
        order_by: str | None = None,
        quantity: int | None = None,
        details: bool = False,
        protected: str | None = None,
    ) -> SearchResult:
        """``GET /accounts/{id}/availableNumbers``: numbers you could order now.

        Checked first against the documented combinations (:func:`numkit.validate.
        v2_search`). ``details=True`` asks for city, rate center, LATA, tier and vendor
        per number. Results are not reserved: someone else may take a number before you
        order it.
        """
        criteria = validate.v2_search(
            area_code=area_code,
            npa_nxx=npa_nxx,
            npa_nxxx=npa_nxxx,
            rate_center=rate_center,
            city=city,
            state=state,
            zip=zip,
            lata=lata,
            local_vanity=local_vanity,
            ends_in=ends_in,
            toll_free_vanity=toll_free_vanity,
            toll_free_wildcard=toll_free_wildcard,
            lca=lca,
            order_by=order_by,
            quantity=quantity,
            details=details or None,
            protected=protected,
        )
        response = self._get(
            self._account("availableNumbers"),
            params=SearchCriteria.from_validated(criteria).params(),
        )
        if not response.content.strip():
            return SearchResult(
                numbers=[], result_count=0, has_details=bool(details), number_format=self.numbers
            )
        return parse.parse_search_result(response.content, numbers=self.numbers)

    # -- sites and peers ---------------------------------------------------------------------
    def sites(self) -> list[Site]:
        """``GET /accounts/{id}/sites`` (a site is a "sub-account" in the Dashboard UI)."""
        response = self._get(self._account("sites"))
        found = parse.parse_sites(response.content)
        if not found and response.content.strip():
            error = parse.embedded_error(
                response.content, http_status=response.status_code, method="GET", url=response.url
            )
            if error is not None:
                raise error
        return found

    def test_connection(self) -> str:
        """A cheap authenticated call (the sites list); returns a short summary."""
        found = self.sites()
        names = ", ".join(f"{site.id} ({site.name})" if site.name else site.id for site in found)
        return (
            f"V2 credentials work for account {self.account_id} at {self.base_url}: "
            f"{len(found)} site(s){': ' + names if names else ''}"
        )

    def default_site_id(self) -> str:
        """The account's only (or first) site; looked up once and cached."""
        if self._site_id is None:
            found = self.sites()
            if not found:
                raise ConfigurationError(
                    f"account {self.account_id} has no sites: create one in the Dashboard, "
                    "or pass site_id="
                )
            self._site_id = found[0].id
        return self._site_id

    def sip_peers(self, site_id: str | int | None = None) -> list[SipPeer]:
        """``GET /accounts/{id}/sites/{siteId}/sippeers`` (default: the default site)."""
        site = (
            validate.numeric_id(site_id, "site_id")
            if site_id is not None
            else self.default_site_id()
        )
        response = self._get(self._account("sites", site, "sippeers"))
        peers = parse.parse_sip_peers(response.content, site_id=site)
        if not peers and response.content.strip():
            error = parse.embedded_error(
                response.content, http_status=response.status_code, method="GET", url=response.url
            )
            if error is not None:
                raise error
        return peers

    # -- ordering --------------------------------------------------------------------------
    def order_numbers(
        self,
        numbers: Iterable[str],
        *,
        site_id: str | int | None = None,
        peer_id: str | int | None = None,
        name: str | None = None,
        customer_order_id: str | None = None,
        partial_allowed: bool = True,
        back_order_requested: bool = False,
        reservation_ids: Iterable[Any] | None = None,
    ) -> Order:
        """Order specific numbers (``ExistingTelephoneNumberOrderType``).

        ``numbers`` in any form (``9195551212``, ``+19195551212``, ``(919) 555-1212``) or a
        :class:`SearchResult`. ``reservation_ids`` (ids or :class:`~numkit.models.
        Reservation` objects from :meth:`reserve`) go in the order's ``ReservationIdList``.
        Returns the accepted order (status RECEIVED); the outcome comes later:
        :meth:`wait_for_order`.
        """
        criteria = validate.v2_order(
            numbers=numbers,
            site_id=site_id,
            peer_id=peer_id,
            name=name,
            customer_order_id=customer_order_id,
            partial_allowed=partial_allowed,
            back_order_requested=back_order_requested,
            reservation_ids=reservation_ids,
        )
        return self._place_order(criteria)

    def order_search(
        self,
        *,
        quantity: int,
        area_code: str | None = None,
        npa_nxx: str | None = None,
        npa_nxxx: str | None = None,
        rate_center: str | None = None,
        city: str | None = None,
        state: str | None = None,
        zip: str | None = None,
        lata: str | None = None,
        local_vanity: str | None = None,
        ends_in: bool | None = None,
        toll_free_vanity: str | None = None,
        toll_free_wildcard: str | None = None,
        lca: bool | None = None,
        site_id: str | int | None = None,
        peer_id: str | int | None = None,
        name: str | None = None,
        customer_order_id: str | None = None,
        partial_allowed: bool = True,
        back_order_requested: bool = False,
    ) -> Order:
        """Search-and-order ``quantity`` numbers matching the criteria.

        The order type follows the criteria (:func:`numkit.validate.v2_order_type`):
        area_code → AreaCode, rate_center+state → RateCenter, npa_nxx → NPANXX,
        city+state → City, state → State, zip → ZIP, lata → LATA, toll_free_vanity →
        TollFreeVanity, toll_free_wildcard → TollFreeWildChar, and npa_nxxx, local
        vanity or several criteria → Combined.
        """
        criteria = validate.v2_order(
            quantity=quantity,
            area_code=area_code,
            npa_nxx=npa_nxx,
            npa_nxxx=npa_nxxx,
            rate_center=rate_center,
            city=city,
            state=state,
            zip=zip,
            lata=lata,
            local_vanity=local_vanity,
            ends_in=ends_in,
            toll_free_vanity=toll_free_vanity,
            toll_free_wildcard=toll_free_wildcard,
            lca=lca,
            site_id=site_id,
            peer_id=peer_id,
            name=name,
            customer_order_id=customer_order_id,
            partial_allowed=partial_allowed,
            back_order_requested=back_order_requested,
        )
        return self._place_order(criteria)

    def _place_order(self, criteria: Mapping[str, Any]) -> Order:
        request = OrderRequest.from_validated(criteria)
        request = request.complete(
            site_id=request.site_id or self.default_site_id(),
            customer_order_id=request.customer_order_id or build.new_customer_order_id(),
        )
        coid = request.customer_order_id
        assert coid is not None  # (complete() filled it)
        body = build.order_xml(request, wire=self.wire)
        sent = self._create_once("orders", body, coid, lambda c: self._find_summary("orders", c))
        attempts = sent.attempts
        if sent.found is not None:
            recovered: Order = self._order_status(
                sent.found.id, cls=Order, recovered=True, attempts=attempts
            )
            return recovered
        response = sent.response
        assert response is not None  # (one of response/found is always set)
        order: Order = self._accepted(
            "orders",
            response,
            cls=Order,
            location=response.headers.get("Location"),
            attempts=attempts,
        )
        return order

    def find_order(self, customer_order_id: str) -> OrderStatus | None:
        """The order with this CustomerOrderId (the newest, if reused), or None."""
        coid = validate.customer_order_id(customer_order_id)
        summary = self._find_summary("orders", coid)
        return None if summary is None else self.get_order(summary.id)

    # -- order status -----------------------------------------------------------------------
    def get_order(self, order_or_id: Any) -> OrderStatus:
        """``GET /accounts/{id}/orders/{orderId}``: the order's current status.

        A FAILED or PARTIAL order is a status with ``.errors``, not an exception.
        """
        return self._order_status(order_id(order_or_id))

    def close_order(self, order_or_id: Any) -> OrderStatus:
        """Close a BACKORDERED order: ``PUT /orders/{id}`` with ``<CloseOrder>true``.

        The numbers already assigned stay; the order then usually reads PARTIAL (or
        FAILED when none were assigned), which the returned status shows. An order that
        is not backordered is a 400 with 5060 ("Only Backordered order can be closed").
        """
        ident = order_id(order_or_id)
        self._transport.request(
            "PUT",
            self._account("orders", quote(ident, safe="")),
            data=build.close_order_xml(),
            headers=XML_BODY,
        )
        return self._order_status(ident)

    def wait_for_order(
        self,
        order_or_id: Any,
        *,
        timeout: float | None = 120,
        on_progress: Callable[[OrderStatus], Any] | None = None,
        stop: threading.Event | None = None,
        notifications: Any = None,
        safety_net: Any = (5, 30),
    ) -> OrderStatus:
        """Poll until COMPLETE, PARTIAL, FAILED or BACKORDERED (returned, not waited on).

        With ``notifications=receiver`` (a :class:`~numkit.notifications.Receiver`) the
        wait ends when a notification arrives and one read-back GET confirms a final
        state; a slow safety-net poll (``safety_net=(first, cap)`` seconds) catches a
        lost notification (:mod:`numkit.notifications.waiting`).

        ``on_progress(status)`` runs on every change (status, counts); ``status.elapsed``
        is seconds since the order was created. Raises :class:`~numkit.errors.
        PollTimeout` (``.last_status``) after ``timeout`` seconds; the order lives on, so
        call again with its id to resume — also after a kernel restart. Setting the
        ``stop`` event ends the wait early with :class:`~numkit.errors.PollStopped`.
        """
        ident = order_id(order_or_id)
        if notifications is not None:
            from ..notifications import waiting

            return waiting.wait(
                self,
                notifications,
                order_type="orders",
                ids=[ident],
                fetch=lambda left: self._order_status(ident, deadline=self._deadline(left)),
                is_final=lambda s: s.final,
                timeout=timeout,
                safety_net=safety_net,
                on_progress=on_progress,
                stop=stop,
                what=f"order {ident}",
                resume_hint=f"v2.wait_for_order({ident!r})",
            )
        return poll.wait(
            lambda remaining: self._order_status(ident, deadline=self._deadline(remaining)),
            is_final=lambda s: s.final,
            timeout=timeout,
            on_progress=on_progress,
            retry_after=lambda s: s.retry_after,
            what=f"order {ident}",
            resume_hint=f"v2.wait_for_order({ident!r})",
            sleep=self._sleep,
            clock=self._clock,
            stop=stop,
        )

    # -- notifications: the functions of numkit.notifications.subscribe, as methods ---------
    subscribe = _subscriptions.subscribe
    subscriptions = _subscriptions.subscriptions
    unsubscribe = _subscriptions.unsubscribe

    def order_history(self, order_or_id: Any) -> list[HistoryEntry]:
        """``GET /accounts/{id}/orders/{orderId}/history`` (empty when nothing happened)."""
        ident = quote(order_id(order_or_id), safe="")
        response = self._get(self._account("orders", ident, "history"))
        return parse.parse_history(response.content)

    def orders(
        self,
        *,
        status: str | None = None,
        customer_order_id: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        page_size: int = 300,
        limit: int | None = None,
    ) -> list[OrderSummary]:
        """``GET /accounts/{id}/orders``: every page (or the first ``limit`` entries)."""
        return self._list(
            "orders", status, customer_order_id, start_date, end_date, page_size, limit
        )

    def disconnects(
        self,
        *,
        status: str | None = None,
        customer_order_id: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        page_size: int = 300,
        limit: int | None = None,
    ) -> list[OrderSummary]:
        """``GET /accounts/{id}/disconnects``: every page (404 "none yet" → [])."""
        return self._list(
            "disconnects", status, customer_order_id, start_date, end_date, page_size, limit
        )

    def _list(self, kind, status, coid, start, end, page_size, limit) -> list[OrderSummary]:
        size = validate.quantity(page_size, "page_size", high=1000)
        params: dict[str, Any] = {
            "page": 1,
            "size": size,
            "status": status.lower() if isinstance(status, str) else None,
            "customerOrderId": validate.customer_order_id(coid) if coid is not None else None,
            "startdate": start,
            "enddate": end,
        }
        out: list[OrderSummary] = []
        none_yet_is_404 = kind == "disconnects"
        for page in self._pages(kind, params, what=f"V2 {kind} list", missing_ok=none_yet_is_404):
            out.extend(page)
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out

    # -- disconnecting ----------------------------------------------------------------------
