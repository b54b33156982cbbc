"""The V2 (Dashboard / Iris) numbers client: search, order, wait, disconnect.

What it adds over the raw XML API (and over Bandwidth's own V2 SDKs, notes §8):

* **Inputs checked before sending** (:mod:`numkit.validate`), with a message naming the
  rule; every search type and every order type, Combined included.
* **Timeouts and retries** on every call through the shared :class:`~numkit.transport.
  Transport`; only idempotent requests are retried.
* **Exactly-once ordering.** Every order and disconnect carries a ``CustomerOrderId``
  (generated when not given). When a POST's answer is lost (no response, 5xx, 429) the
  order is looked up by that id before anything is sent again; the POST is repeated
  only when the look-up shows it certainly does not exist. One call never creates two
  orders. When even the look-up fails, :class:`~numkit.errors.OutcomeUnknown` says so.
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

import dataclasses
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from .. import poll, validate
from ..clientbase import ClientBase
from ..config import V2Credentials, aim
from ..errors import (
    ApiError,
    ConfigurationError,
    NotFound,
    NumkitError,
    OutcomeUnknown,
    RateLimited,
    ResponseParseError,
    ServerError,
    Timeout,
    TransportError,
    ValidationError,
)
from ..models import (
    Disconnect,
    DisconnectStatus,
    HistoryEntry,
    Order,
    OrderStatus,
    OrderSummary,
    SearchResult,
    SipPeer,
    Site,
    TnDetails,
    TnInfo,
)
from ..phone import to_v2_number
from ..transport import DEFAULT_TIMEOUT, Transport, retry_after_seconds
from ..xmlsafe import parse_xml
from . import build, parse

__all__ = ["V2Client"]

PASSWORD_HINT = "$NUMKIT_V2_PASSWORD"  # noqa: S105 - a variable name, not a secret
XML_BODY = {"Content-Type": build.CONTENT_TYPE}
MAX_PAGES = 1000
#: Failed disconnect numbers looked up per status (each is one GET /tns/{tn}).
MAX_DISCONNECT_CHECKS = 200
#: States of a number this account has released (still visible to it while aging).
RELEASED_STATES = frozenset({"aging", "disconnected"})
_MAX_SIZE = re.compile(r"maximum size of\s*(\d+)", re.IGNORECASE)


class V2Client(ClientBase):
    """Bandwidth V2 (Dashboard) numbers API.

    >>> v2 = V2Client("9900000", "demo", "demo", base_url="http://127.0.0.1:8765/api")
    >>> v2.search(area_code="919", quantity=3).numbers                 # doctest: +SKIP

    Without arguments the URL and credentials are resolved like ``numkit.connect()``
    (``NUMKIT_V2_*`` variables, else the sandbox and its demo customer). Credentials
    passed explicitly are used as given.
    """

    api = "V2"

    def __init__(
        self,
        account_id: str | None = None,
        username: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        *,
        timeout: object = DEFAULT_TIMEOUT,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        post_attempts: int = 3,
        history: int = 50,
    ) -> None:
        none_given = account_id is None and username is None and password is None
        if base_url is None or none_given:
            # Aim like numkit.connect(): NUMKIT_V2_BASE_URL, NUMKIT_TARGET, else the sandbox.
            base_url, creds = aim("V2", base_url, env, need_credentials=none_given)
            if none_given and isinstance(creds, V2Credentials):
                account_id, username, password = creds.account_id, creds.username, creds.password
        missing = [
            n
            for n, v in (("account_id", account_id), ("username", username), ("password", password))
            if not isinstance(v, str) or not v.strip()
        ]
        if missing:
            raise ConfigurationError(
                "V2Client needs account_id, username and password; missing or empty: "
                + ", ".join(missing)
            )
        assert isinstance(account_id, str) and isinstance(username, str)
        assert isinstance(password, str) and isinstance(base_url, str)
        if not isinstance(post_attempts, int) or post_attempts < 1:
            raise ConfigurationError("post_attempts must be a positive integer")
        self.account_id = account_id.strip()
        self.post_attempts = post_attempts
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._transport = Transport(
            base_url,
            username,
            password,
            api="V2",
            error_mapper=parse.error_from_response,
            timeout=timeout,
            secret_hint=PASSWORD_HINT,
            default_headers={"Accept": "application/xml"},
            env=env,
            sleep=self._sleep,
            clock=self._clock,
            history=history,
        )
        self._site_id: str | None = None

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        target: str | None = None,
        timeout: object = DEFAULT_TIMEOUT,
    ) -> V2Client:
        """URL and credentials from the environment (``NUMKIT_V2_*``), aimed like
        ``numkit.connect()`` aims (the sandbox unless production is asked for)."""
        from ..config import resolve_v2

        resolved = resolve_v2(target, env)
        creds = resolved.credentials
        return cls(
            creds.account_id,  # type: ignore[union-attr]
            creds.username,  # type: ignore[union-attr]
            creds.password,  # type: ignore[union-attr]
            base_url=resolved.base_url,
            timeout=timeout,
            env=env,
        )

    # -- plumbing ------------------------------------------------------------------------
    @property
    def username(self) -> str:
        return self._transport.username

    def __repr__(self) -> str:
        return (
            f"<V2Client account_id={self.account_id!r} username={self.username!r} "
            f"base_url={self.base_url!r} password=***>"
        )

    def _account(self, *parts: str) -> str:
        return "/".join(["accounts", quote(self.account_id, safe=""), *parts])

    def _deadline(self, remaining: float | None) -> float | None:
        return None if remaining is None else self._clock() + remaining

    def _get(self, path: str, *, params: Mapping[str, Any] | None = None, deadline=None):
        return self._transport.request("GET", path, params=params, deadline=deadline)

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
            self._account("availableNumbers"), params=validate.search_params(criteria)
        )
        if not response.content.strip():
            return SearchResult(numbers=[], has_details=bool(details))
        return parse.parse_search_result(response.content)

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
    ) -> Order:
        """Order specific numbers (``ExistingTelephoneNumberOrderType``).

        ``numbers`` in any form (``9195551212``, ``+19195551212``, ``(919) 555-1212``) or a
        :class:`SearchResult`. Returns the accepted order (status RECEIVED); the outcome
        comes later: :meth:`wait_for_order`.
        """
        criteria = validate.v2_order(
            numbers=numbers,
            site_id=site_id,
            peer_id=peer_id,
            name=name,
            customer_order_id=customer_order_id,
            partial_allowed=partial_allowed,
            back_order_requested=back_order_requested,
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
        site = criteria.get("site_id") or self.default_site_id()
        coid = criteria.get("customer_order_id") or build.new_customer_order_id()
        body = build.order_xml(
            criteria,
            site_id=site,
            customer_order_id=coid,
            peer_id=criteria.get("peer_id"),
            name=criteria.get("name"),
            partial_allowed=criteria.get("partial_allowed", True),
            back_order_requested=criteria.get("back_order_requested", False),
        )
        response, found, attempts = self._create_once("orders", body, coid)
        if found is not None:
            return found  # type: ignore[return-value]
        location = response.headers.get("Location")
        ident = _last_segment(location)
        if not response.content.strip():
            if not ident:
                raise ResponseParseError("order accepted without a body or a Location header")
            return self._order_status(ident, cls=Order, location=location, attempts=attempts)
        order = parse.parse_order(
            response.content, cls=Order, order_id=ident, location=location, attempts=attempts
        )
        if not order.id:
            raise ResponseParseError("order accepted but neither the body nor Location has its id")
        return order

    def _create_once(
        self, kind: str, body: bytes, coid: str
    ) -> tuple[Any, OrderStatus | DisconnectStatus | None, int]:
        """POST ``body`` to ``kind`` at most once per certain absence.

        Returns (response, None, attempts) when the POST was answered, or (None,
        recovered status, attempts) when its answer was lost but the order was found by
        CustomerOrderId. Re-sends only after a look-up shows the order does not exist.
        """
        path = self._account(kind)
        delays = poll.backoff_delays(0.5, 5.0)
        attempts = 0
        while True:
            attempts += 1
            try:
                response = self._transport.request(
                    "POST", path, data=body, headers=XML_BODY, idempotent=False
                )
                return response, None, attempts
            except (TransportError, ServerError, RateLimited) as exc:
                lost: Exception = exc
            if isinstance(lost, Timeout):
                # The server may still be working on it: give it a moment before looking.
                self._sleep(1.0)
            try:
                found = self._find_by_customer_order_id(kind, coid, attempts=attempts)
            except (TransportError, ApiError) as exc:
                raise OutcomeUnknown(
                    f"V2 POST /{path} got no usable answer ({lost}) and looking the "
                    f"{kind[:-1]} up by CustomerOrderId {coid!r} failed too ({exc}). It may or "
                    "may not exist; numkit did not send it again.",
                    check=f"v2.find_{kind[:-1]}({coid!r})",
                ) from exc
            if found is not None:
                return None, found, attempts
            if attempts >= self.post_attempts:
                lost.add_note(
                    f"No {kind[:-1]} with CustomerOrderId {coid!r} exists (looked up after "
                    f"each of {attempts} attempts): trying again later is safe."
                )
                raise lost
            hint = lost.retry_after if isinstance(lost, RateLimited) else None
            self._sleep(hint if hint is not None else next(delays))

    def _find_by_customer_order_id(
        self, kind: str, coid: str, *, attempts: int = 1
    ) -> OrderStatus | DisconnectStatus | None:
        summary = self._find_summary(kind, coid)
        if summary is None:
            return None
        if kind == "orders":
            return self._order_status(summary.id, cls=Order, recovered=True, attempts=attempts)
        return self._disconnect_status(
            summary.id,
            cls=Disconnect,
            recovered=[summary.id],
            customer_order_ids=[coid],
        )

    def _find_summary(self, kind: str, coid: str) -> OrderSummary | None:
        """The newest order/disconnect with this CustomerOrderId, or None when the list
        certainly has none (a server that ignores the filter is paged through)."""
        params: dict[str, Any] = {"customerOrderId": coid, "page": 1, "size": 1000}
        for _ in range(MAX_PAGES):
            try:
                response = self._get(self._account(kind), params=params)
            except NotFound:
                return None  # "no orders on the account" is a 404 on the disconnects list
            entries, _total, next_page = parse.parse_order_list(response.content)
            matches = [e for e in entries if e.customer_order_id == coid]
            if matches:
                return max(matches, key=lambda e: (e.order_date is not None, e.order_date or 0))
            filtered = all(e.customer_order_id == coid for e in entries)
            if filtered or not next_page or next_page == str(params["page"]):
                return None
            params["page"] = next_page
        raise TransportError(f"the {kind} list did not end after {MAX_PAGES} pages")

    def find_order(self, customer_order_id: str) -> OrderStatus | None:
        """The order with this CustomerOrderId (the newest, if reused), or None."""
        coid = validate.customer_order_id(customer_order_id)
        summary = self._find_summary("orders", coid)
        return None if summary is None else self.get_order(summary.id)

    def find_disconnect(self, customer_order_id: str) -> DisconnectStatus | None:
        """The disconnect with this CustomerOrderId (the newest, if reused), or None."""
        coid = validate.customer_order_id(customer_order_id)
        summary = self._find_summary("disconnects", coid)
        return None if summary is None else self._disconnect_status(summary.id)

    # -- order status -----------------------------------------------------------------------
    def _order_status(
        self, order_id: str, *, deadline: float | None = None, cls: type = OrderStatus, **extra
    ):
        response = self._get(self._account("orders", quote(order_id, safe="")), deadline=deadline)
        if not response.content.strip():
            raise ResponseParseError(f"GET order {order_id}: empty body")
        return parse.parse_order(
            response.content,
            order_id=order_id,
            retry_after=retry_after_seconds(response),
            cls=cls,
            **extra,
        )

    def get_order(self, order_or_id: Any) -> OrderStatus:
        """``GET /accounts/{id}/orders/{orderId}``: the order's current status.

        A FAILED or PARTIAL order is a status with ``.errors``, not an exception.
        """
        return self._order_status(_order_id(order_or_id))

    def wait_for_order(
        self,
        order_or_id: Any,
        *,
        timeout: float = 120,
        on_progress: Callable[[OrderStatus], Any] | None = None,
        stop: threading.Event | None = None,
    ) -> OrderStatus:
        """Poll until COMPLETE, PARTIAL, FAILED or BACKORDERED (returned, not waited on).

        ``on_progress(status)`` runs on every change (status, counts); ``status.elapsed``
        is seconds since the order was created. Raises :class:`~numkit.errors.
        PollTimeout` (``.last_status``) after ``timeout`` seconds; the order lives on, so
        call again with its id to resume — also after a kernel restart. Setting the
        ``stop`` event ends the wait early with :class:`~numkit.errors.PollStopped`.
        """
        ident = _order_id(order_or_id)
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

    def order_history(self, order_or_id: Any) -> list[HistoryEntry]:
        """``GET /accounts/{id}/orders/{orderId}/history`` (empty when nothing happened)."""
        ident = quote(_order_id(order_or_id), safe="")
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
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            try:
                response = self._get(self._account(kind), params=params)
            except NotFound:
                if kind == "disconnects" and not out:
                    return []
                raise
            entries, _total, next_page = parse.parse_order_list(response.content)
            fresh = [e for e in entries if e.id not in seen]
            seen.update(e.id for e in fresh)
            out.extend(fresh)
            if limit is not None and len(out) >= limit:
                return out[:limit]
            if not fresh or not next_page or next_page == str(params["page"]):
                return out
            params["page"] = next_page
        return out

    # -- disconnecting ----------------------------------------------------------------------
    def disconnect(
        self,
        numbers: Iterable[str],
        *,
        name: str | None = None,
        customer_order_id: str | None = None,
        batch_size: int = 5000,
    ) -> Disconnect:
        """Disconnect numbers (``POST /accounts/{id}/disconnects``), in batches.

        Lists longer than ``batch_size`` — or than the limit a server names with 5095 —
        become several disconnect orders; ``.ids`` lists them all (``.id`` is the first)
        and :meth:`wait_for_disconnect` waits for all of them. Batch *i* (from 2) gets
        CustomerOrderId ``<id>-<i>``. Duplicates are dropped.
        """
        checked = validate.v2_disconnect(numbers, name=name, customer_order_id=customer_order_id)
        size = validate.quantity(batch_size, "batch_size", high=10**9)
        numbers_ = checked["numbers"]
        base = checked.get("customer_order_id") or build.new_customer_order_id()
        pending = [numbers_[i : i + size] for i in range(0, len(numbers_), size)]
        parts: list[DisconnectStatus] = []
        coids: list[str] = []
        batches: list[list[str]] = []
        recovered: list[str] = []
        while pending:
            batch = pending.pop(0)
            coid = _batch_coid(base, len(parts))
            body = build.disconnect_xml(batch, customer_order_id=coid, name=checked.get("name"))
            try:
                response, found, _attempts = self._create_once("disconnects", body, coid)
            except NumkitError as exc:
                limit = _size_limit(exc) if isinstance(exc, ApiError) else None
                if limit is not None and limit < len(batch):
                    rest = batch + [n for b in pending for n in b]
                    pending = [rest[i : i + limit] for i in range(0, len(rest), limit)]
                    continue
                if parts:  # earlier batches exist: say so, they must not be lost track of
                    exc.created_ids = [p.id for p in parts]  # type: ignore[attr-defined]
                    exc.add_note(
                        "Disconnect orders already created for earlier batches (wait for them "
                        "with v2.wait_for_disconnect(exc.created_ids)): "
                        + ", ".join(p.id for p in parts)
                    )
                raise
            if found is not None:
                part: DisconnectStatus = found  # type: ignore[assignment]
                recovered.append(part.id)
            else:
                part = self._disconnect_from_response(response)
            parts.append(part)
            coids.append(coid)
            batches.append(batch)
        combined = _combine(parts)
        return Disconnect(
            id=combined.id,
            status=combined.status,
            completed_numbers=combined.completed_numbers,
            failed_numbers=combined.failed_numbers,
            errors=combined.errors,
            elapsed=combined.elapsed,
            created=combined.created,
            customer_order_id=base,
            name=checked.get("name"),
            requested_numbers=numbers_,
            ids=[p.id for p in parts],
            parts=parts,
            customer_order_ids=coids,
            batches=batches,
            recovered=recovered,
            raw=parts[0].raw if len(parts) == 1 else b"",
        )

    def _disconnect_from_response(self, response) -> DisconnectStatus:
        ident = _last_segment(response.headers.get("Location"))
        if not response.content.strip():
            if not ident:
                raise ResponseParseError("disconnect accepted without a body or Location")
            return self._disconnect_status(ident)
        part = parse.parse_disconnect(response.content, order_id=ident)
        if not part.id:
            raise ResponseParseError("disconnect accepted but its id is missing")
        return part

    def _disconnect_status(
        self,
        disconnect_id: str,
        *,
        deadline: float | None = None,
        cls: type = DisconnectStatus,
        **extra,
    ):
        response = self._get(
            self._account("disconnects", quote(disconnect_id, safe="")), deadline=deadline
        )
        if not response.content.strip():
            raise ResponseParseError(f"GET disconnect {disconnect_id}: empty body")
        return parse.parse_disconnect(
            response.content,
            order_id=disconnect_id,
            retry_after=retry_after_seconds(response),
            cls=cls,
            **extra,
        )

    def get_disconnect(self, disc_or_id: Any, *, reconcile: bool = True) -> DisconnectStatus:
        """Current status of one disconnect order, or of every batch combined.

        With ``reconcile`` (default), numbers reported as not on the account are looked
        up: those this account already released (Aging) count as disconnected.
        """
        ids = _disconnect_ids(disc_or_id)
        parts = []
        for ident in ids:
            part = self._disconnect_status(ident)
            if reconcile and part.final:
                part = self._reconcile_disconnect(part)
            parts.append(part)
        return _combine(parts)

    def wait_for_disconnect(
        self,
        disc_or_id: Any,
        *,
        timeout: float = 120,
        on_progress: Callable[[DisconnectStatus], Any] | None = None,
        reconcile: bool = True,
        stop: threading.Event | None = None,
    ) -> DisconnectStatus:
        """Poll every batch until each is final; returns the combined outcome.

        Same rules as :meth:`wait_for_order`. Batches already final are not asked again.
        """
        ids = _disconnect_ids(disc_or_id)
        finished: dict[str, DisconnectStatus] = {}

        def fetch(remaining: float) -> DisconnectStatus:
            deadline = self._deadline(remaining)
            parts = []
            for ident in ids:
                part = finished.get(ident)
                if part is None:
                    part = self._disconnect_status(ident, deadline=deadline)
                    if part.final:
                        if reconcile:
                            part = self._reconcile_disconnect(part, deadline=deadline)
                        finished[ident] = part
                parts.append(part)
            return _combine(parts)

        first = ids[0]
        return poll.wait(
            fetch,
            is_final=lambda s: s.final,
            timeout=timeout,
            on_progress=on_progress,
            retry_after=lambda s: s.retry_after,
            what=f"disconnect {first}" + (f" (+{len(ids) - 1} batches)" if len(ids) > 1 else ""),
            resume_hint=f"v2.wait_for_disconnect({ids if len(ids) > 1 else first!r})",
            sleep=self._sleep,
            clock=self._clock,
            stop=stop,
        )

    def _reconcile_disconnect(
        self, status: DisconnectStatus, *, deadline: float | None = None
    ) -> DisconnectStatus:
        """Numbers the server says it could not disconnect, but this account already
        released (Aging), are moved to completed (``already_disconnected``)."""
        if not status.failed_numbers:
            return status
        released = []
        for number in status.failed_numbers[:MAX_DISCONNECT_CHECKS]:
            try:
                info = self._tn(number, deadline=deadline)
            except ApiError as exc:
                if isinstance(exc, ServerError | RateLimited):
                    raise
                continue  # not visible to this account: a real failure
            mine = info.account_id in (None, self.account_id)
            if mine and (info.status or "").lower() in RELEASED_STATES:
                released.append(number)
        if not released:
            return status
        gone = set(released)
        completed = status.completed_numbers + released
        failed = [n for n in status.failed_numbers if n not in gone]
        errors = [e for e in status.errors if e[2] not in gone]
        return dataclasses.replace(
            status,
            status=_outcome(bool(completed), bool(failed)),
            completed_numbers=completed,
            failed_numbers=failed,
            errors=errors,
            already_disconnected=released,
            wire_status=status.status,
        )

    # -- numbers ----------------------------------------------------------------------------
    def in_service_list(
        self,
        *,
        area_code: str | None = None,
        npa_nxx: str | None = None,
        lata: str | None = None,
        state: str | None = None,
        rate_center: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        page_size: int = 500,
    ) -> list[str]:
        """Every in-service number of the account (all pages) as 10-digit strings."""
        if rate_center is not None and state is None:
            raise ValidationError(
                "state", None, "Please also specify state to filter by rate_center"
            )
        params: dict[str, Any] = {
            "areacode": validate.area_code(area_code) if area_code is not None else None,
            "npanxx": validate.npa_nxx(npa_nxx) if npa_nxx is not None else None,
            "lata": validate.lata(lata) if lata is not None else None,
            "state": validate.state(state) if state is not None else None,
            "ratecenter": (
                validate.place(rate_center, "rate_center", "ratecenter abbreviation")
                if rate_center is not None
                else None
            ),
            "startdate": start_date,
            "enddate": end_date,
            "page": 1,
            "size": validate.quantity(page_size, "page_size", high=5000),
        }
        out: list[str] = []
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            response = self._get(self._account("inserviceNumbers"), params=params)
            if response.status_code == 204 or not response.content.strip():
                break
            numbers, total, next_page = parse.parse_in_service(response.content)
            fresh = [n for n in numbers if n not in seen]
            seen.update(fresh)
            out.extend(fresh)
            if not fresh or (total is not None and len(out) >= total):
                break
            if next_page and next_page != str(params["page"]):
                params["page"] = next_page
            elif len(numbers) >= params["size"] and str(params["page"]).isdigit():
                params["page"] = int(params["page"]) + 1
            else:
                break
        return out

    def in_service_numbers(self, **filters: Any):
        """In-service numbers as a DataFrame with a ``telephone_number`` (str) column.

        Filters: area_code, npa_nxx, lata, state, rate_center (needs state), start_date,
        end_date; all pages are read. Nothing in service (204) → an empty frame.
        """
        from ..frames import in_service_frame

        return in_service_frame(self.in_service_list(**filters))

    def _tn(self, number: Any, *, deadline: float | None = None) -> TnInfo:
        tn = to_v2_number(number, field="tn")
        response = self._get(f"tns/{tn}", deadline=deadline)
        if not response.content.strip():
            raise ResponseParseError(f"GET /tns/{tn}: empty body")
        info = parse.parse_tn(response.content)
        if not info.status and parse.envelope_errors(parse_xml(response.content)):
            raise parse.error_from_response(_as_404(response), "GET", response.url)
        return info

    def tn(self, number: Any) -> TnInfo:
        """``GET /tns/{tn}``: the number's state (Inservice, Aging, …), order and site."""
        return self._tn(number)

    def tn_details(self, number: Any) -> TnDetails:
        """``GET /tns/{tn}/tndetails``: city, LATA, rate center, tier, vendor, site, peer…"""
        tn = to_v2_number(number, field="tn")
        response = self._get(f"tns/{tn}/tndetails")
        if not response.content.strip():
            raise ResponseParseError(f"GET /tns/{tn}/tndetails: empty body")
        error = parse.embedded_error(
            response.content, http_status=response.status_code, method="GET", url=response.url
        )
        if error is not None:
            raise error
        return parse.parse_tn_details(response.content)


# -- helpers ---------------------------------------------------------------------------------
def _last_segment(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] or None


def _order_id(value: Any) -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip() or "/" in ident:
        raise ValidationError("order_id", value, "give an order id (a string) or an order object")
    return ident.strip()


def _disconnect_ids(value: Any) -> list[str]:
    ids = getattr(value, "ids", None)
    if ids:
        return [_order_id(i) for i in ids]
    if isinstance(value, list | tuple) and value:
        return [_order_id(i) for i in value]
    return [_order_id(value)]


def _batch_coid(base: str, index: int) -> str:
    """``base`` for the first batch, ``base-2``, ``base-3`` … after (≤ 40 characters)."""
    if index == 0:
        return base
    suffix = f"-{index + 1}"
    return base[: validate.MAX_CUSTOMER_ORDER_ID - len(suffix)] + suffix


def _size_limit(error: ApiError) -> int | None:
    """The per-order limit a 5095 error names ("…exceeds the maximum size of 3")."""
    if error.http_status != 400:
        return None
    for code, description, _tn in error.errors or [(error.code, error.description, None)]:
        if code == "5095" and description:
            match = _MAX_SIZE.search(description)
            if match and int(match.group(1)) > 0:
                return int(match.group(1))
    return None


def _outcome(any_completed: bool, any_failed: bool) -> str:
    if any_failed and not any_completed:
        return "FAILED"
    return "PARTIAL" if any_failed else "COMPLETE"


def _combine(parts: list[DisconnectStatus]) -> DisconnectStatus:
    """Several batches → one status (a single part is returned as it is)."""
    if len(parts) == 1:
        return parts[0]
    statuses = [p.status for p in parts]
    if all(p.final for p in parts):
        if all(s == "COMPLETE" for s in statuses):
            status = "COMPLETE"
        elif all(s == "FAILED" for s in statuses):
            status = "FAILED"
        else:
            status = "PARTIAL"
    else:
        status = "RECEIVED" if all(s == "RECEIVED" for s in statuses) else "PROCESSING"
    created = [p.created for p in parts if p.created is not None]
    elapsed = [p.elapsed for p in parts if p.elapsed is not None]
    hints = [p.retry_after for p in parts if p.retry_after is not None]
    return DisconnectStatus(
        id=parts[0].id,
        status=status,
        completed_numbers=[n for p in parts for n in p.completed_numbers],
        failed_numbers=[n for p in parts for n in p.failed_numbers],
        errors=[e for p in parts for e in p.errors],
        elapsed=max(elapsed) if elapsed else None,
        created=min(created) if created else None,
        customer_order_id=parts[0].customer_order_id,
        name=parts[0].name,
        requested_numbers=[n for p in parts for n in p.requested_numbers],
        ids=[p.id for p in parts],
        parts=list(parts),
        already_disconnected=[n for p in parts for n in p.already_disconnected],
        retry_after=max(hints) if hints else None,
    )


def _as_404(response: Any) -> Any:
    """A 200 ``/tns/{tn}`` body that is only an ErrorList ("cannot be found on accounts")
    is mapped like a 404."""
    import copy

    clone = copy.copy(response)
    clone.status_code = 404
    return clone
