"""The V1 (Catapult) numbers client: search, order, list, get, update, delete.

V1 is JSON with Basic ``apiToken:apiSecret`` and the ``userId`` in user-scoped paths.
Ordering is synchronous: when ``order_number`` returns, the number is the user's.

Safety rules this client adds on top of the shared transport:

* **Ordering one number is safe to repeat.** A number can only be allocated once, so a
  lost response (or a 429/5xx) is reconciled by looking the number up
  (``GET …/phoneNumbers/%2B1…``): if the user owns it, that is the answer; if not, the
  order is sent again. A ``409 duplicate-number`` for a number the user already owns is
  recognised and returned, not reported as a failure.
* **Search-and-order is never repeated.** ``POST /availableNumbers/…`` has no idempotency
  key: a second try could buy a second batch. A lost response raises
  :class:`OutcomeUnknown`, which says so and how to check.
* **Deleting is reconciled too.** A lost DELETE response is checked with a GET; a 404
  then means the delete worked.
* **Paging follows ``Link: rel="next"``** as an opaque URL, but only on the client's own
  scheme, host and port, so a hostile or misconfigured server cannot make the client
  send its credentials elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from .. import paging, reconcile
from ..clientbase import ClientBase, Dialect
from ..errors import (
    ApiError,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ResponseParseError,
    ServerError,
    TransportError,
    ValidationError,
)
from ..phone import to_e164
from ..reconcile import DEFAULT_WINDOW
from ..transport import DEFAULT_TIMEOUT, TimeoutArg
from . import imports, parse, rules
from .models import PhoneNumber, V1SearchAndOrderResult, V1SearchResult

__all__ = ["OutcomeUnknown", "V1Client"]

TOKEN_HINT = "$NUMKIT_V1_API_TOKEN"  # noqa: S105 - a variable name, not a secret
SECRET_HINT = "$NUMKIT_V1_API_SECRET"  # noqa: S105 - a variable name, not a secret
WHAT = "V1 number list"


class V1Client(ClientBase):
    """Bandwidth V1 (Catapult) numbers API.

    >>> v1 = V1Client("u-demo", "t-demo", "s-demo", base_url="http://127.0.0.1:8765/v1")
    >>> v1.search_local(area_code="919", quantity=3).numbers        # doctest: +SKIP

    Without arguments the credentials and URL are resolved like ``numkit.connect()``
    does (the environment, else the sandbox's demo user). Credentials passed explicitly
    are used as given.
    """

    api = "V1"
    _credential_names = ("user_id", "api_token", "api_secret")
    _dialect = Dialect(
        parse.error_from_response, "application/json", SECRET_HINT, display_user=TOKEN_HINT
    )

    def __init__(
        self,
        user_id: str | None = None,
        api_token: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        reconcile_window: float = DEFAULT_WINDOW,
    ) -> None:
        base_url, (user_id, api_token, api_secret) = self._aim(
            base_url, env, (user_id, api_token, api_secret)
        )
        self.user_id = user_id.strip()
        self._open(
            base_url,
            api_token,
            api_secret,
            timeout=timeout,
            env=env,
            sleep=sleep,
            clock=clock,
            reconcile_window=reconcile_window,
        )

    # -- plumbing ------------------------------------------------------------------------
    def __repr__(self) -> str:
        user = getattr(self, "user_id", None)  # getattr: half-built clients repr too
        return f"<V1Client user_id={user!r} {self._repr_fields()} token=*** secret=***>"

    def _user_path(self, *parts: str) -> str:
        return "/".join(["users", quote(self.user_id, safe=""), *parts])

    def _number_path(self, id_or_number: object) -> str:
        return self._user_path("phoneNumbers", _number_segment(id_or_number))

    # -- search --------------------------------------------------------------------------
    def search_local(
        self,
        *,
        area_code: str | None = None,
        city: str | None = None,
        state: str | None = None,
        zip: str | None = None,
        local_number: str | None = None,
        in_local_calling_area: bool | None = None,
        quantity: int | None = None,
        pattern: str | None = None,
    ) -> V1SearchResult:
        """``GET /availableNumbers/local``: numbers you could order (not reserved).

        Exactly one of ``state``, ``zip`` or ``area_code``; ``city`` needs ``state``;
        ``local_number`` (3-4 digits after the area code) needs ``area_code``;
        ``quantity`` 1-5000 (V1 default 10); ``pattern`` with ``?`` (one digit) and ``*``.
        """
        criteria = rules.v1_search(
            kind="local",
            area_code=area_code,
            city=city,
            state=state,
            zip=zip,
            local_number=local_number,
            in_local_calling_area=in_local_calling_area,
            quantity=quantity,
            pattern=pattern,
        )
        response = self._transport.request(
            "GET", "availableNumbers/local", params=rules.to_wire(criteria)
        )
        items = parse.parse_available_numbers(parse.load_json(response, "search result"))
        return V1SearchResult("local", criteria, items)

    def search_toll_free(
        self, *, quantity: int | None = None, pattern: str | None = None
    ) -> V1SearchResult:
        """``GET /availableNumbers/tollFree`` (quantity 1-5000, default 10; pattern)."""
        criteria = rules.v1_search(kind="toll_free", quantity=quantity, pattern=pattern)
        response = self._transport.request(
            "GET", "availableNumbers/tollFree", params=rules.to_wire(criteria)
        )
        items = parse.parse_available_numbers(parse.load_json(response, "search result"))
        return V1SearchResult("toll_free", criteria, items)

    # -- search-and-order (never retried) ------------------------------------------------
    def search_and_order_local(self, **criteria: Any) -> V1SearchAndOrderResult:
        """``POST /availableNumbers/local?…``: find and allocate up to 10 numbers at once.

        Same criteria as :meth:`search_local` except ``pattern`` (V1 refuses it) and
        ``quantity`` ≤ 10 (V1 default 10). Not retried: see :class:`OutcomeUnknown`.
        """
        checked = rules.v1_search(kind="local", order=True, **criteria)
        return self._search_and_order("local", checked)

    def search_and_order_toll_free(
        self, quantity: int | None = None, **criteria: Any
    ) -> V1SearchAndOrderResult:
        """``POST /availableNumbers/tollFree?quantity=…`` (quantity ≤ 10, V1 default 1)."""
        checked = rules.v1_search(kind="toll_free", order=True, quantity=quantity, **criteria)
        return self._search_and_order("toll_free", checked)

    def _search_and_order(self, kind: str, criteria: dict[str, Any]) -> V1SearchAndOrderResult:
        path = "availableNumbers/local" if kind == "local" else "availableNumbers/tollFree"
        try:
            response = self._transport.request(
                "POST", path, params=rules.to_wire(criteria), data=b"", idempotent=False
            )
        except TransportError as exc:
            check = (
                "call v1.list_numbers() and look for numbers created in the last minutes "
                "(created_time) before you try again"
            )
            raise OutcomeUnknown(
                f"V1 POST /{path}: the request was sent but no answer came back ({exc}). "
                "It is unknown whether numbers were allocated: V1 search-and-order has no "
                "idempotency key, so numkit did not send it again. To check, " + check + ".",
                check=check,
            ) from exc
        items = parse.parse_ordered_numbers(parse.load_json(response, "search-and-order result"))
        return V1SearchAndOrderResult(kind, criteria, items)

    # -- order one number (safe to repeat) -----------------------------------------------
    def order_number(
        self,
        number: object,
        name: str | None = None,
        *,
        application_id: str | None = None,
        fallback_number: object = None,
    ) -> PhoneNumber:
        """``POST /users/{userId}/phoneNumbers``: allocate one number now (synchronous).

        ``number`` may be E.164, 10 digits or ``(919) 555-1212``. Returns the number with
        its ``id`` (from ``Location``). A lost response, a 429/5xx or a ``409
        duplicate-number`` is reconciled by looking the number up: if you own it, it is
        returned (``.source`` says ``recovered`` or ``already-owned``).
        """
        e164 = to_e164(number, field="number")
        body: dict[str, Any] = {"number": e164}
        if name is not None:
            body["name"] = _check_text("name", name)
        if application_id is not None:
            body["applicationId"] = _check_text("application_id", application_id)
        if fallback_number is not None:
            body["fallbackNumber"] = to_e164(fallback_number, field="fallback_number")
        path = self._user_path("phoneNumbers")
        try:
            sent = reconcile.send_and_reconcile(
                lambda: self._transport.request("POST", path, json=body, idempotent=False),
                lambda: self._owned(e164),
                what=f"V1 order of {e164}",
                check=f"v1.get_number({e164!r}) (404 means it was not ordered)",
                attempts=max(1, self._transport.policy.attempts),
                window=self.reconcile_window,
                resend_safe=True,  # a number is allocated once: a second POST is a 409
                sleep=self._sleep,
                clock=self._clock,
            )
        except ApiError as exc:
            if exc.http_status == 409:
                owned = self._owned(e164)
                if owned is not None:
                    return _with_source(owned, "already-owned")
            raise
        if sent.found is not None:
            return _with_source(sent.found, "recovered")
        assert sent.response is not None  # (one of response/found is always set)
        return self._ordered(sent.response, e164, body)

    def _ordered(self, response: Any, e164: str, body: Mapping[str, Any]) -> PhoneNumber:
        location = response.headers.get("Location")
        number_id = parse.id_from_location(location)
        if not number_id:
            owned = self._owned(e164)
            if owned is not None:
                return _with_source(owned, "ordered")
            raise ResponseParseError(
                f"V1 POST phoneNumbers answered {response.status_code} without a Location "
                f"header, and {e164} is not in your numbers"
            )
        try:
            fetched = self.get_number(number_id)
        except (TransportError, ApiError, ResponseParseError):
            # Allocated (the 201 said so) but the follow-up read failed: return what we know.
            known = PhoneNumber(id=number_id, number=e164, name=body.get("name"))
            return _with_source(known, "ordered", location=location)
        return _with_source(fetched, "ordered", location=location)

    def _owned(self, e164: str) -> PhoneNumber | None:
        """The user's record of ``e164``, or None (404). Other errors propagate (the
        reconcile loop retries transient ones and turns the rest into OutcomeUnknown)."""
        try:
            return self.get_number(e164)
        except NotFound:
            return None

    # -- hybrid accounts: import a Dashboard number (reconciled like order_number) --------
    import_number = imports.import_number

    # -- list / get / update / delete ----------------------------------------------------
    def iter_numbers(
        self,
        *,
        application_id: str | None = None,
        state: str | None = None,
        name: str | None = None,
        city: str | None = None,
        number_state: str | None = None,
        size: int | None = None,
    ) -> Iterator[PhoneNumber]:
        """Every number of the user, page after page (follows ``Link: rel="next"``)."""
        if size is not None and (
            isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 1000
        ):
            raise ValidationError("size", size, "page size must be a whole number from 1 to 1000")
        params = {
            "applicationId": application_id,
            "state": state,
            "name": name,
            "city": city,
            "numberState": number_state,
            "size": size,
        }
        first_page = self._user_path("phoneNumbers")

        def fetch(url: str | None) -> tuple[Sequence[PhoneNumber], str | None]:
            if url is None:
                response = self._transport.request("GET", first_page, params=params)
            else:
                response = self._transport.request("GET", url)
            found = parse.parse_phone_numbers(parse.load_json(response, "number list"))
            link = paging.same_origin(self.base_url, paging.next_link(response), what=WHAT)
            return found, link

        for page in paging.pages(fetch, what=WHAT):
            yield from page

    def list_numbers(self, **filters: Any):  # -> pandas.DataFrame
        """Every number you own as a DataFrame: id, number, national_number, name,
        created_time (UTC), price, number_state. Filters: application_id, state, name,
        city, number_state, size (page size, 1-1000)."""
        from .frames import v1_numbers_frame

        return v1_numbers_frame(list(self.iter_numbers(**filters)))

    def get_number(self, id_or_number: object) -> PhoneNumber:
        """``GET …/phoneNumbers/{id}`` by ``n-…`` id or by number (``+`` sent as ``%2B``)."""
        response = self._transport.request("GET", self._number_path(id_or_number))
        return parse.parse_phone_number(parse.load_json(response, "phone number"))

    def update_number(
        self,
        id_or_number: object,
        *,
        name: str | None = None,
        application_id: str | None = None,
        fallback_number: object = None,
    ) -> PhoneNumber:
        """``POST …/phoneNumbers/{id}``: change name, application (``""`` detaches) or
        fallback number; omitted fields stay. Returns the number as it is now."""
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = _check_text("name", name)
        if application_id is not None:
            body["applicationId"] = _check_text("application_id", application_id, empty_ok=True)
        if fallback_number is not None:
            body["fallbackNumber"] = to_e164(fallback_number, field="fallback_number")
        if not body:
            raise ValidationError(
                "update", None, "give at least one of name, application_id, fallback_number"
            )
        path = self._number_path(id_or_number)
        # Setting the same fields twice gives the same result, so this may be repeated.
        self._transport.request("POST", path, json=body, idempotent=True)
        return self.get_number(id_or_number)

    def delete_number(self, id_or_number: object) -> None:
        """``DELETE …/phoneNumbers/{id}``: release the number now (V1 never lets this user
        order it back). A lost response is checked with a GET: 404 means it worked."""
        path = self._number_path(id_or_number)
        attempts = max(1, self._transport.policy.attempts)
        for attempt in range(1, attempts + 1):
            try:
                self._transport.request("DELETE", path, idempotent=False)
                return
            except (TransportError, RateLimited, ServerError) as exc:
                try:
                    self._transport.request("GET", path)
                except NotFound:
                    return  # gone: the lost DELETE (or an earlier one) did it
                if attempt == attempts:
                    raise
                hint = exc.retry_after if isinstance(exc, RateLimited) else None
                self._sleep(self._transport.policy.delay(attempt, hint))

    def test_connection(self) -> str:
        """A cheap authenticated call (first page of one number); returns a short summary."""
        response = self._transport.request(
            "GET", self._user_path("phoneNumbers"), params={"size": 1}
        )
        data = parse.load_json(response, "number list")
        more = " (and more)" if response.links.get("next") else ""
        count = len(data) if isinstance(data, list) else 0
        return (
            f"V1 credentials work for user {self.user_id} at {self.base_url}: "
            f"{count} number(s) on the first page{more}"
        )


def _number_segment(id_or_number: object) -> str:
    """``n-…`` ids pass through (URL-quoted); anything else must be a phone number and
    becomes ``%2B1NXXNXXXXXX``."""
    if isinstance(id_or_number, PhoneNumber):
        return quote(id_or_number.id, safe="")
    if not isinstance(id_or_number, str | int) or isinstance(id_or_number, bool):
        raise ValidationError(
            "id_or_number", id_or_number, "give a V1 number id ('n-…') or a phone number"
        )
    text = str(id_or_number).strip()
    if not text:
        raise ValidationError("id_or_number", id_or_number, "give a V1 number id or a phone number")
    if _looks_like_number(text):
        return quote(to_e164(text, field="id_or_number"), safe="")
    return quote(text, safe="")


def _looks_like_number(text: str) -> bool:
    return (
        bool(text)
        and all(c.isdigit() or c in "+()-. " for c in text)
        and any(c.isdigit() for c in text)
    )


def _check_text(field: str, value: object, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, value, "must be text")
    if not value and not empty_ok:
        raise ValidationError(field, value, "must not be empty")
    if len(value) > 255:
        raise ValidationError(field, value, "must be at most 255 characters")
    return value


def _with_source(number: PhoneNumber, source: str, *, location: str | None = None) -> PhoneNumber:
    from dataclasses import replace

    return replace(number, source=source, location=location or number.location)
