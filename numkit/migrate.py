"""V1 (Catapult) → V2 (Dashboard) translation, call by call.

>>> from numkit import migrate
>>> plan = migrate.translate_v1("GET", "/v1/availableNumbers/local",
...                             params={"areaCode": "919", "quantity": 1})
>>> plan.v2_request.path
'/accounts/{accountId}/availableNumbers'
>>> plan.v2_request.params
{'areaCode': '919', 'quantity': '1', 'enableTNDetail': 'true'}

A :class:`Plan` holds the V1 call as given, the equivalent V2 request (or ``None`` when
V2 has none) and plain-sentence notes on what differs and why. ``plan.run(v1, v2)``
performs both calls through the numkit clients (so validation, retries and the
exactly-once rules apply) and returns a :class:`Result` with both sides' exchanges and
parsed answers; :func:`side_by_side` renders either as text or as HTML in a notebook,
the way Bandwidth's V1 → V2 migration guide shows requests and responses.

Covered V1 calls (``shared/api/v1-catapult.md`` §5.2): local and toll-free search,
search-and-order, ordering one number, listing, getting, deleting; updating a number,
the CNAM look-up and importing a Dashboard number have no V2 numbers-API equivalent and
their plans say so. :func:`explain_credentials` covers the credentials change.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .config import PRODUCTION_V1_URL, PRODUCTION_V2_URL
from .errors import NumkitError, ValidationError
from .phone import national_format, to_e164, to_v2_number
from .v1 import rules

__all__ = [
    "Explanation",
    "Plan",
    "Result",
    "SideBySide",
    "V1Call",
    "V2Request",
    "explain_credentials",
    "national_format",
    "side_by_side",
    "to_e164",
    "to_v2_number",
    "translate_v1",
]

ACCOUNT = "{accountId}"
SITE = "{siteId}"
TN = "{tn}"
USER = "{userId}"
MASKED_AUTH = "Basic ***"
_BODY_LINES = 60


# ---------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class V1Call:
    """The V1 call as translated: ``path`` is relative to the V1 base (``…/v1``)."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None

    def url(self, base_url: str = PRODUCTION_V1_URL) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return base_url.rstrip("/") + self.path + query


@dataclass(frozen=True)
class V2Request:
    """The equivalent V2 request: ``path`` is relative to the V2 base (``…/api``)."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: str | None = None

    def url(self, base_url: str = PRODUCTION_V2_URL) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return base_url.rstrip("/") + self.path + query

    @property
    def placeholders(self) -> list[str]:
        """Placeholders still to fill (``{accountId}``, ``{siteId}``, ``{tn}``)."""
        text = self.path + " " + (self.body or "")
        return sorted(set(re.findall(r"\{(?:accountId|siteId|tn)\}", text)))


@dataclass
class Plan:
    """One V1 call, its V2 equivalent (``v2_request``, None if V2 has none) and notes."""

    operation: str
    v1_call: V1Call
    v2_request: V2Request | None
    notes: list[str]
    follow_up: str | None = None
    v1_base_url: str = PRODUCTION_V1_URL
    v2_base_url: str = PRODUCTION_V2_URL
    # how run() performs each side through the clients: (method name, kwargs)
    _v1_call: tuple[str, dict[str, Any]] | None = field(default=None, repr=False)
    _v2_call: tuple[str, dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def has_equivalent(self) -> bool:
        return self.v2_request is not None

    def run(self, v1: Any = None, v2: Any = None, *, wait: bool = False, timeout: float = 120):
        """Perform the V1 call with ``v1`` and the V2 request with ``v2``; either may be
        None to run one side only. Errors from the APIs are recorded in the Result, not
        raised (``result.raise_for_error()`` raises the first).

        ``wait=True`` also waits for a V2 order or disconnect to finish (V1 calls are
        synchronous already). Calls that change state act on both accounts: ordering the
        same specific number on both sides makes the second attempt fail, exactly as it
        would in production, where one pool of numbers serves both APIs.
        """
        return _run(self, v1, v2, wait=wait, timeout=timeout)

    def __str__(self) -> str:
        return str(side_by_side(self))

    def _repr_html_(self) -> str:
        return side_by_side(self)._repr_html_()


@dataclass
class Result:
    """Both sides of a run: the exchanges recorded by each client and the parsed answers."""

    plan: Plan
    v1_exchanges: list[Any] = field(default_factory=list)
    v2_exchanges: list[Any] = field(default_factory=list)
    v1_output: Any = None
    v2_output: Any = None
    v1_error: NumkitError | None = None
    v2_error: NumkitError | None = None
    v1_ran: bool = False
    v2_ran: bool = False

    @property
    def ok(self) -> bool:
        return self.v1_error is None and self.v2_error is None

    @property
    def v1_exchange(self) -> Any:
        """The main V1 exchange (the first one sent)."""
        return self.v1_exchanges[0] if self.v1_exchanges else None

    @property
    def v2_exchange(self) -> Any:
        return _main_exchange(self.v2_exchanges, self.plan.v2_request)

    def raise_for_error(self) -> Result:
        for error in (self.v1_error, self.v2_error):
            if error is not None:
                raise error
        return self

    def __str__(self) -> str:
        return str(side_by_side(self))

    def _repr_html_(self) -> str:
        return side_by_side(self)._repr_html_()


# ---------------------------------------------------------------------------------------
# translate
# ---------------------------------------------------------------------------------------
def translate_v1(
    method: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    body: Any = None,
    v2: Any = None,
    *,
    v1: Any = None,
) -> Plan:
    """Translate one V1 numbers call into its V2 equivalent.

    ``path`` may be a full V1 URL or a path with or without the ``/v1`` prefix
    (``/v1/availableNumbers/local``, ``/users/u-1/phoneNumbers/n-abc``); a query string
    in it is merged with ``params``. ``body`` is the V1 JSON body (dict or JSON text).
    With a V2 client ``v2`` the account id, site id and base URL come from it; without,
    the plan keeps the placeholders ``{accountId}`` and ``{siteId}``. A V1 client ``v1``
    only sets the base URL the plan shows for the V1 side.

    Invalid V1 input (input the V1 server would reject) raises ValidationError.
    """
    verb = str(method or "").upper().strip()
    if verb not in {"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"}:
        raise ValidationError("method", method, "an HTTP method such as GET, POST or DELETE")
    rel, query = _split_v1_path(path)
    merged: dict[str, str] = dict(query)
    for key, value in (params or {}).items():
        if value is not None:
            merged[str(key)] = _wire(value)
    data = _body_dict(body)
    ctx = _Context.of(v2)
    call = V1Call(verb, rel, merged, data)
    for pattern, methods, handler in _ROUTES:
        match = re.fullmatch(pattern, rel)
        if match and verb in methods:
            plan = handler(call, match, ctx)
            break
    else:
        plan = _unknown(call, ctx)
    plan.v1_base_url = str(getattr(v1, "base_url", None) or ctx.v1_base_url)
    plan.v2_base_url = ctx.v2_base_url
    return plan


class _Context:
    """What a translation needs from the V2 client. The site id is looked up only by the
    plans that name a site (orders), so translating a search sends nothing."""

    def __init__(self, v2: Any) -> None:
        self._v2 = v2
        self._site: str | None = None
        self.account_id = str(getattr(v2, "account_id", None) or ACCOUNT)
        self.v2_base_url = str(getattr(v2, "base_url", None) or PRODUCTION_V2_URL)
        self.v1_base_url = PRODUCTION_V1_URL

    @classmethod
    def of(cls, v2: Any) -> _Context:
        return cls(v2)

    @property
    def site_id(self) -> str:
        if self._site is None:
            self._site = SITE if self._v2 is None else _default_site(self._v2)
        return self._site


def _default_site(v2: Any) -> str:
    """The V2 client's default site id (the account's only or first site), else {siteId}."""
    for name in ("default_site_id", "site_id"):
        value = getattr(v2, name, None)
        if callable(value):
            try:
                value = value()
            except NumkitError:
                value = None
        if value:
            return str(value)
    return SITE


def _split_v1_path(path: str) -> tuple[str, list[tuple[str, str]]]:
    if not isinstance(path, str) or not path.strip():
        raise ValidationError("path", path, "a V1 path such as /v1/availableNumbers/local")
    parts = urlsplit(path.strip())
    rel = parts.path if (parts.scheme or path.startswith("/")) else "/" + parts.path
    rel = "/" + rel.strip("/")
    if rel == "/v1" or rel.startswith("/v1/"):
        rel = rel[3:] or "/"
    query = parse_qsl(parts.query, keep_blank_values=False)
    return rel, query


def _body_dict(body: Any) -> dict[str, Any] | None:
    if body is None or body == "" or body == b"":
        return None
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body)
        except ValueError as exc:
            raise ValidationError("body", body, "V1 bodies are JSON objects") from exc
    if not isinstance(body, Mapping):
        raise ValidationError("body", body, "V1 bodies are JSON objects")
    return {str(k): v for k, v in body.items() if v is not None}


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- searches ----------------------------------------------------------------------------
def _location(kind: str, criteria: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """V1 criteria → V2 location criteria (Python names of ``numkit.validate``)."""
    c: dict[str, Any] = {}
    if kind == "local":
        area, local = criteria.get("area_code"), criteria.get("local_number")
        if area and local:
            key, wire = ("npa_nxx", "npaNxx") if len(local) == 3 else ("npa_nxxx", "npaNxxx")
            c[key] = area + local
            what = (
                "area code + exchange, 6 digits"
                if key == "npa_nxx"
                else "area code + exchange + 1 digit, 7 digits"
            )
            notes.append(
                f"V1 localNumber={local} (the digits after areaCode={area}) becomes V2 "
                f"{wire}={area + local}: V2 names the prefix as one value ({what}) and does "
                "not combine it with areaCode."
            )
            lca = bool(criteria.get("in_local_calling_area", False))
            c["lca"] = lca
            if lca:
                notes.append(
                    "V1 inLocalCallingArea=true becomes V2 LCA=true: both widen the results "
                    "to numbers that are a local call from that prefix."
                )
            else:
                notes.append(
                    "V1 inLocalCallingArea defaults to false but V2 LCA defaults to true, so "
                    "the plan sends LCA=false: without it V2 would also return numbers from "
                    "nearby rate centres that do not start with the digits you asked for."
                )
        elif area:
            c["area_code"] = area
        if criteria.get("city"):
            c["city"] = criteria["city"]
            notes.append(
                "city needs state on both APIs. V2 also searches by rateCenter (+state), "
                "Bandwidth's own name for the exchange area, which is often more precise."
            )
        if criteria.get("state"):
            c["state"] = criteria["state"]
        if criteria.get("zip"):
            c["zip"] = criteria["zip"]
        if criteria.get("pattern"):
            _local_pattern(criteria, c, notes)
    else:
        _toll_free_pattern(criteria.get("pattern"), c, notes)
    return c


def _local_pattern(criteria: dict[str, Any], c: dict[str, Any], notes: list[str]) -> None:
    pattern = criteria["pattern"]
    inner = pattern.strip("*")
    blockers = [k for k in ("zip", "city", "local_number") if criteria.get(k)]
    if blockers:
        notes.append(
            f"V1 pattern={pattern} has no V2 equivalent here: V2's localVanity combines only "
            f"with areaCode or state, not with {', '.join(blockers)}. The plan leaves it out; "
            "filter the V2 results yourself (e.g. frame[frame.full_number.str.contains(...)])."
        )
        return
    if not (inner.isalnum() and inner.isascii() and 4 <= len(inner) <= 7):
        notes.append(
            f"V1 pattern={pattern} has no V2 equivalent: V2's localVanity takes 4-7 letters or "
            "digits with no '?' or inner '*' wildcards. The plan leaves it out; filter the V2 "
            "results yourself."
        )
        return
    c["local_vanity"] = inner.upper()
    ends = pattern.startswith("*") and not pattern.endswith("*")
    if ends:
        c["ends_in"] = True
    notes.append(
        f"V1 pattern={pattern} becomes V2 localVanity={inner.upper()}"
        + (" with endsIn=true (the V1 pattern anchors it at the end)" if ends else "")
        + ". V2 matches letters by the phone keypad (2=ABC … 9=WXYZ) within the last 7 "
        "digits; V1's '?' (one digit) and inner '*' have no V2 counterpart."
    )


def _toll_free_pattern(pattern: str | None, c: dict[str, Any], notes: list[str]) -> None:
    if not pattern:
        c["toll_free_wildcard"] = "8**"
        notes.append(
            "A V2 toll-free search needs tollFreeWildCardPattern or tollFreeVanity; V1 needed "
            "neither. tollFreeWildCardPattern=8** means any toll-free area code (800, 833, "
            "844, 855, 866, 877, 888)."
        )
        return
    if re.fullmatch(r"8[0-9*]{2}", pattern) or re.fullmatch(r"8[0-9]?\*", pattern):
        wildcard = pattern.ljust(3, "*")
        c["toll_free_wildcard"] = wildcard
        notes.append(
            f"V1 pattern={pattern} becomes V2 tollFreeWildCardPattern={wildcard}: V2 matches "
            "the toll-free area code only (3 characters starting with 8, '*' for any digit)."
        )
        return
    inner = pattern.strip("*")
    if inner.isalnum() and inner.isascii() and 4 <= len(inner) <= 7:
        c["toll_free_vanity"] = inner.upper()
        notes.append(
            f"V1 pattern={pattern} becomes V2 tollFreeVanity={inner.upper()}; V2 matches "
            "letters by the phone keypad and has no '?'/'*' wildcards inside a vanity string."
        )
        return
    c["toll_free_wildcard"] = "8**"
    notes.append(
        f"V1 pattern={pattern} has no V2 equivalent (V2 vanity strings are 4-7 letters or "
        "digits without '?' or inner '*'); the plan searches all toll-free numbers (8**) and "
        "you filter the results yourself."
    )


def _criteria_of(call: V1Call, kind: str, *, order: bool) -> dict[str, Any]:
    return rules.v1_search(kind=kind, order=order, **call.params)


def _search(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    from . import validate

    kind = "local" if match.group(1) == "local" else "toll_free"
    criteria = _criteria_of(call, kind, order=False)
    notes: list[str] = []
    c = _location(kind, criteria, notes)
    if "quantity" in criteria:
        c["quantity"] = criteria["quantity"]
        notes.append(
            f"quantity={criteria['quantity']} is sent explicitly: V2's default is 5000, "
            "V1's was 10."
        )
    else:
        c["quantity"] = 10
        notes.append(
            "V1 returns 10 numbers when quantity is not given; V2 returns up to 5000, so "
            "the plan sends quantity=10 to get the same amount."
        )
    if kind == "local":
        c["details"] = True
        notes.append(
            "V1 answers with city, rate centre, state, LATA and price for every number; V2 "
            "answers with bare 10-digit numbers unless enableTNDetail=true, and never with a "
            "price (prices live in your Bandwidth contract)."
        )
    notes.append(
        "V1 answers with a JSON array of E.164 numbers (+19195551212); V2 with XML "
        "(<SearchResult>) of 10-digit numbers (9195551212). Neither reserves the numbers."
    )
    notes.append(
        "V1 search has no user in the path; V2 search is per account "
        "(/accounts/{accountId}/availableNumbers) and authenticates with the API user's "
        "username and password instead of the token and secret."
    )
    v2_criteria = validate.v2_search(**c)
    params = {k: _wire(v) for k, v in validate.search_params(v2_criteria).items()}
    v2_request = V2Request("GET", f"/accounts/{ctx.account_id}/availableNumbers", params, None)
    v1_method = "search_local" if kind == "local" else "search_toll_free"
    return Plan(
        operation=f"search-{'local' if kind == 'local' else 'toll-free'}",
        v1_call=call,
        v2_request=v2_request,
        notes=notes,
        _v1_call=(v1_method, dict(criteria)),
        _v2_call=("search", dict(v2_criteria)),
    )


# -- search-and-order --------------------------------------------------------------------
def _search_and_order(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    from . import validate
    from .v2 import build

    kind = "local" if match.group(1) == "local" else "toll_free"
    if call.body:
        raise ValidationError(
            "body",
            call.body,
            "V1 search-and-order takes its criteria as query parameters, not a body",
        )
    criteria = _criteria_of(call, kind, order=True)
    notes: list[str] = []
    c = _location(kind, criteria, notes)
    default_quantity = 10 if kind == "local" else 1
    c["quantity"] = int(criteria.get("quantity", default_quantity))
    if "quantity" not in criteria:
        notes.append(
            f"V1 search-and-order allocates {default_quantity} number(s) when quantity is not "
            f"given; V2 needs <Quantity> in the order, so the plan sends {c['quantity']}."
        )
    customer_order_id = build.new_customer_order_id()
    order = {
        **c,
        "customer_order_id": customer_order_id,
        "partial_allowed": True,
        "back_order_requested": False,
    }
    if ctx.site_id != SITE:
        order["site_id"] = ctx.site_id
    order = validate.v2_order(**order)
    element = validate.v2_order_type(order)
    notes.extend(_order_notes(ctx, customer_order_id))
    notes.append(
        f"V1 POST /availableNumbers/{match.group(1)} becomes one V2 <Order> holding "
        f"<{element}>: the search criteria travel in the XML body, not the query string."
    )
    body = build.order_xml(
        order,
        site_id=ctx.site_id,
        customer_order_id=customer_order_id,
        partial_allowed=True,
        back_order_requested=False,
    ).decode("utf-8")
    v1_method = "search_and_order_local" if kind == "local" else "search_and_order_toll_free"
    return Plan(
        operation=f"search-and-order-{'local' if kind == 'local' else 'toll-free'}",
        v1_call=call,
        v2_request=V2Request("POST", f"/accounts/{ctx.account_id}/orders", {}, body),
        notes=notes,
        follow_up="v2.wait_for_order(order.id)",
        _v1_call=(v1_method, dict(criteria)),
        _v2_call=("order_search", order),
    )


def _order_notes(ctx: _Context, customer_order_id: str) -> list[str]:
    notes = [
        "V1 ordering is synchronous: 201 means the numbers are yours. V2 ordering is "
        "asynchronous: 201 only means the order was RECEIVED; poll it with "
        "v2.wait_for_order(order.id) until COMPLETE, PARTIAL, FAILED or BACKORDERED "
        "(a number can be taken by someone else between search and order).",
        "V1 answers with the new number's Location (…/phoneNumbers/n-…); V2 answers with "
        "the order's Location (…/orders/{id}). V2 numbers have no ids: the 10-digit number "
        "is the key.",
        "V2 orders name a site (<SiteId>, a sub-account) and optionally a SIP peer "
        "(<PeerId>, a location; the site's default peer when left out). V1 had neither.",
        f"<CustomerOrderId>{customer_order_id}</CustomerOrderId> is your own reference; numkit "
        "uses it to find the order again if the response is lost, so the order is never "
        "placed twice. V1 had no such key.",
        "PartialAllowed=true and BackOrderRequested=false are sent explicitly (V2 can also "
        "refuse partial fulfilment or keep the order open until numbers exist; V1 could not).",
    ]
    if ctx.site_id == SITE:
        notes.append(
            "Give translate_v1 a V2 client (v2=kit.v2) to fill in {accountId} and {siteId}."
        )
    return notes


# -- one number --------------------------------------------------------------------------
def _order_number(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    from .v2 import build

    body = call.body or {}
    if "provider" in body:
        return Plan(
            operation="import-number",
            v1_call=call,
            v2_request=None,
            notes=[
                "No V2 equivalent: a V1 POST with a 'provider' imports a number that was "
                "already ordered in the Dashboard (a hybrid account). In V2 the number is "
                "simply in your account; there is nothing to import.",
                "The V1 import sends your Dashboard account id, user name and password in "
                "the JSON body; V2 uses them as Basic Auth and the accountId in the path.",
            ],
            _v1_call=None,
        )
    if "number" not in body:
        raise ValidationError("body", call.body, "a V1 order needs {'number': '+1…'} in the body")
    e164 = to_e164(body["number"], field="number")
    tn = to_v2_number(e164)
    notes = [
        f"V1 takes E.164 ({e164}); V2 takes 10 digits ({tn}) in "
        "<ExistingTelephoneNumberOrderType><TelephoneNumberList>.",
    ]
    customer_order_id = build.new_customer_order_id()
    notes.extend(_order_notes(ctx, customer_order_id))
    name = body.get("name")
    if name:
        notes.append(
            f"V1 name={name!r} labels the number; V2 has no per-number label, so the plan "
            "puts it in the order's <Name> (it labels the order)."
        )
    if body.get("applicationId"):
        notes.append(
            "V1 applicationId has no V2 order field: in V2 an application is attached to a "
            "SIP peer (location), and numbers follow the peer they are ordered on (<PeerId>)."
        )
    if body.get("fallbackNumber"):
        notes.append("V1 fallbackNumber has no equivalent in the V2 numbers API; it is dropped.")
    xml = build.order_xml(
        {"numbers": [tn]},
        site_id=ctx.site_id,
        customer_order_id=customer_order_id,
        name=name,
        partial_allowed=True,
        back_order_requested=False,
    ).decode("utf-8")
    v2_kwargs: dict[str, Any] = {
        "numbers": [tn],
        "customer_order_id": customer_order_id,
        "partial_allowed": True,
        "back_order_requested": False,
    }
    if name:
        v2_kwargs["name"] = name
    if ctx.site_id != SITE:
        v2_kwargs["site_id"] = ctx.site_id
    v1_kwargs = {
        "number": e164,
        "name": name,
        "application_id": body.get("applicationId"),
        "fallback_number": body.get("fallbackNumber"),
    }
    return Plan(
        operation="order-number",
        v1_call=call,
        v2_request=V2Request("POST", f"/accounts/{ctx.account_id}/orders", {}, xml),
        notes=notes,
        follow_up="v2.wait_for_order(order.id)",
        _v1_call=("order_number", {k: v for k, v in v1_kwargs.items() if v is not None}),
        _v2_call=("order_numbers", v2_kwargs),
    )


def _number_ref(segment: str) -> tuple[str | None, str]:
    """A V1 path segment → (10-digit number or None, V1 id or number as given)."""
    raw = unquote(segment)
    if raw.startswith("n-"):
        return None, raw
    try:
        return to_v2_number(raw.replace(" ", "+", 1) if raw.startswith(" ") else raw), raw
    except ValidationError:
        return None, raw


def _get_number(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    tn, ref = _number_ref(match.group(2))
    notes = _number_id_notes(tn, ref)
    notes.append(
        "V1 GET returns one JSON object (id, number, name, city, state, price, createdTime, "
        "numberState); V2 /tns/{tn}/tndetails returns XML with the number's status, site, "
        "SIP peer, rate centre, LATA and tier. /tns sits outside /accounts/{accountId}."
    )
    notes.append(
        "To check only that a number is yours and in service, V2 also has "
        "GET /accounts/{accountId}/inserviceNumbers/{tn} (200 with no body, else 404)."
    )
    return Plan(
        operation="get-number",
        v1_call=call,
        v2_request=V2Request("GET", f"/tns/{tn or TN}/tndetails", {}, None),
        notes=notes,
        _v1_call=("get_number", {"id_or_number": ref}),
        _v2_call=("tn_details", {"number": tn or TN}),
    )


def _number_id_notes(tn: str | None, ref: str) -> list[str]:
    if tn is None:
        return [
            f"V1 addresses numbers by id ({ref}); V2 numbers have no ids, only the 10-digit "
            "number. The plan keeps {tn}: look the number up first (the V1 GET gives it; "
            "plan.run(v1, v2) does that for you)."
        ]
    return [
        f"V1 addresses the number as E.164 in the path (+ sent as %2B); V2 uses the 10-digit "
        f"number ({tn})."
    ]


def _delete_number(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    tn, ref = _number_ref(match.group(2))
    notes = _number_id_notes(tn, ref)
    notes += [
        "V1 DELETE releases the number at once and synchronously; V2 creates a disconnect "
        "order (POST /accounts/{accountId}/disconnects) that is RECEIVED first: follow it "
        "with v2.wait_for_disconnect(disc).",
        "After a V2 disconnect the number ages (is held) for a while and only your account "
        "may order it back meanwhile; a V1 user could never order a released number back.",
        "Hybrid accounts: when the number was imported into V1 from the Dashboard, the V1 "
        "DELETE only un-imports it from the Voice & Messaging account; the Dashboard keeps it "
        "and keeps billing until a V2 disconnect order is created. That disconnect is this "
        "plan's V2 request.",
        "V2 can disconnect up to thousands of numbers in one order; numkit splits bigger "
        "lists into batches.",
    ]
    from .v2 import build

    customer_order_id = build.new_customer_order_id()
    xml = build.disconnect_xml([tn or TN], customer_order_id=customer_order_id).decode("utf-8")
    return Plan(
        operation="delete-number",
        v1_call=call,
        v2_request=V2Request("POST", f"/accounts/{ctx.account_id}/disconnects", {}, xml),
        notes=notes,
        follow_up="v2.wait_for_disconnect(disc)",
        _v1_call=("delete_number", {"id_or_number": ref}),
        _v2_call=("disconnect", {"numbers": [tn or TN], "customer_order_id": customer_order_id}),
    )


def _list_numbers(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    known = {"applicationId", "state", "name", "city", "numberState", "size", "page"}
    unknown = sorted(set(call.params) - known)
    if unknown:
        raise ValidationError(unknown[0], call.params[unknown[0]], "is not a V1 number-list filter")
    params: dict[str, str] = {}
    notes = [
        "V1 lists every number of the user with its details; V2 /inserviceNumbers lists the "
        "account's in-service numbers as bare 10-digit numbers (details per number via "
        "/tns/{tn}/tndetails).",
        'V1 pages with a Link: rel="next" header (absolute URL, size up to 1000); V2 pages '
        "with page/size query parameters and <Links> in the XML body (Bandwidth's default "
        "size is 300; numkit asks for 500 per page). numkit's clients read every page of "
        "both.",
    ]
    v1_kwargs: dict[str, Any] = {}
    v2_kwargs: dict[str, Any] = {}
    p = call.params
    if "state" in p:
        params["state"] = p["state"]
        v1_kwargs["state"] = p["state"]
        v2_kwargs["state"] = p["state"]
    size = int(p["size"]) if p.get("size", "").isdigit() else None
    if size is not None:
        v1_kwargs["size"] = size
        v2_kwargs["page_size"] = size
    params["page"] = "1"
    params["size"] = str(size or 500)
    if "page" in p:
        notes.append(
            "V1 page is 0-based and deprecated (follow the Link header instead); V2 page "
            "starts at 1. The plan drops it: both clients read every page."
        )
    if "city" in p:
        v1_kwargs["city"] = p["city"]
        notes.append(
            "V2 /inserviceNumbers cannot filter by city; filter by ratecenter (with state), "
            "npanxx, areacode or lata, or filter the V2 result yourself."
        )
    if "name" in p:
        v1_kwargs["name"] = p["name"]
        notes.append("V2 numbers have no name; the name filter has no V2 equivalent.")
    if "applicationId" in p:
        v1_kwargs["application_id"] = p["applicationId"]
        notes.append(
            "V2 attaches applications to SIP peers: list a peer's numbers with "
            "GET /accounts/{accountId}/sites/{siteId}/sippeers/{peerId}/tns instead."
        )
    if "numberState" in p:
        v1_kwargs["number_state"] = p["numberState"]
        notes.append(
            "V2 /inserviceNumbers holds only in-service numbers (V1 numberState=enabled); for "
            "disconnected or aging numbers use GET /tns?status=Aging."
        )
    return Plan(
        operation="list-numbers",
        v1_call=call,
        v2_request=V2Request("GET", f"/accounts/{ctx.account_id}/inserviceNumbers", params, None),
        notes=notes,
        _v1_call=("list_numbers", v1_kwargs),
        _v2_call=("in_service_numbers", v2_kwargs),
    )


def _update_number(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    body = call.body or {}
    notes = ["No V2 equivalent: V2 has no call that updates one number's settings."]
    if "applicationId" in body:
        notes.append(
            "V1 applicationId (attach or detach an application) → in V2 applications belong to "
            "SIP peers (locations): move the number to a peer that uses the application "
            "(a move-TNs order: POST "
            "/accounts/{accountId}/sites/{siteId}/sippeers/{peerId}/movetns), "
            "or set the peer's application in the Dashboard."
        )
    if "name" in body:
        notes.append("V1 name → V2 numbers have no name; keep your own label (e.g. in a CSV).")
    if "fallbackNumber" in body:
        notes.append(
            "V1 fallbackNumber → no V2 numbers-API field; call routing belongs to the voice "
            "application and the SIP peer's settings."
        )
    _, ref = _number_ref(match.group(2))
    v1_kwargs = {
        "id_or_number": ref,
        "name": body.get("name"),
        "application_id": body.get("applicationId"),
        "fallback_number": body.get("fallbackNumber"),
    }
    return Plan(
        operation="update-number",
        v1_call=call,
        v2_request=None,
        notes=notes,
        _v1_call=("update_number", {k: v for k, v in v1_kwargs.items() if v is not None}),
    )


def _number_info(call: V1Call, match: re.Match[str], ctx: _Context) -> Plan:
    return Plan(
        operation="cnam-lookup",
        v1_call=call,
        v2_request=None,
        notes=[
            "No V2 equivalent: the V1 numberInfo call looks up the caller name (CNAM) of any "
            "number. The V2 numbers API manages your own numbers' outgoing caller name "
            "(LIDB orders) but has no look-up of other numbers; Bandwidth offers CNAM look-up "
            "as a separate product.",
        ],
    )


def _unknown(call: V1Call, ctx: _Context) -> Plan:
    return Plan(
        operation="unknown",
        v1_call=call,
        v2_request=None,
        notes=[
            f"No V2 equivalent known to numkit for V1 {call.method} {call.path}: translate_v1 "
            "covers the numbers calls (available numbers, phone numbers). Calls, messages, "
            "applications and media moved to Bandwidth's separate Voice and Messaging APIs.",
        ],
    )


_ROUTES: list[tuple[str, set[str], Any]] = [
    (r"/availableNumbers/(local|tollFree)", {"GET"}, _search),
    (r"/availableNumbers/(local|tollFree)", {"POST"}, _search_and_order),
    (r"/users/([^/]+)/phoneNumbers", {"GET"}, _list_numbers),
    (r"/users/([^/]+)/phoneNumbers", {"POST"}, _order_number),
    (r"/users/([^/]+)/phoneNumbers/([^/]+)", {"GET"}, _get_number),
    (r"/users/([^/]+)/phoneNumbers/([^/]+)", {"DELETE"}, _delete_number),
    (r"/users/([^/]+)/phoneNumbers/([^/]+)", {"POST", "PUT", "PATCH"}, _update_number),
    (r"/phoneNumbers/numberInfo/([^/]+)", {"GET"}, _number_info),
]


# ---------------------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------------------
def _run(plan: Plan, v1: Any, v2: Any, *, wait: bool, timeout: float) -> Result:
    result = Result(plan)
    v1_kwargs = dict(plan._v1_call[1]) if plan._v1_call else {}
    v2_kwargs = dict(plan._v2_call[1]) if plan._v2_call else {}
    needs_tn = TN in json.dumps(v2_kwargs)
    if v1 is not None:
        before = list(v1.exchanges)
        result.v1_ran = True
        try:
            if needs_tn and plan.operation == "delete-number" and v2 is not None:
                # resolve the id before the V1 delete makes it unreadable
                number = v1.get_number(v1_kwargs["id_or_number"]).number
                v2_kwargs = _fill_tn(v2_kwargs, to_v2_number(number))
            result.v1_output = _call_v1(plan, v1, v1_kwargs)
        except NumkitError as exc:
            result.v1_error = exc
        result.v1_exchanges = _new(v1.exchanges, before)
    if v2 is not None and plan._v2_call is not None:
        result.v2_ran = True
        before = list(v2.exchanges)
        try:
            if TN in json.dumps(v2_kwargs):
                v2_kwargs = _fill_tn(v2_kwargs, _resolve_tn(plan, result, v1))
            method = getattr(v2, plan._v2_call[0])
            output = method(**v2_kwargs)
            if wait and plan.operation in {"order-number"} | _ORDER_OPS:
                output = v2.wait_for_order(output, timeout=timeout)
            elif wait and plan.operation == "delete-number":
                output = v2.wait_for_disconnect(output, timeout=timeout)
            result.v2_output = output
        except NumkitError as exc:
            result.v2_error = exc
        result.v2_exchanges = _new(v2.exchanges, before)
    return result


_ORDER_OPS = {"search-and-order-local", "search-and-order-toll-free"}


def _call_v1(plan: Plan, v1: Any, kwargs: dict[str, Any]) -> Any:
    if plan._v1_call is not None:
        return getattr(v1, plan._v1_call[0])(**kwargs)
    # No client method (CNAM, import, unknown calls): send the call as given.
    call = plan.v1_call
    path = call.path.replace(USER, getattr(v1, "user_id", USER))
    response = v1.transport.request(
        call.method,
        path,
        params=call.params or None,
        json=call.body,
        idempotent=call.method == "GET",
    )
    if response.content and response.content.strip():
        from .v1.parse import load_json

        return load_json(response, f"{call.method} {call.path}")
    return None


def _resolve_tn(plan: Plan, result: Result, v1: Any) -> str:
    output = result.v1_output
    number = getattr(output, "number", None)
    if number is None and v1 is not None and plan._v1_call is not None:
        number = v1.get_number(plan._v1_call[1]["id_or_number"]).number
    if number is None:
        raise ValidationError(
            "tn", TN, "this V1 call names the number by id; run it with a V1 client to look it up"
        )
    return to_v2_number(number)


def _fill_tn(kwargs: dict[str, Any], tn: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        if value == TN:
            out[key] = tn
        elif isinstance(value, list):
            out[key] = [tn if v == TN else v for v in value]
        else:
            out[key] = value
    return out


def _new(exchanges: Any, before: list[Any]) -> list[Any]:
    seen = {id(e) for e in before}
    return [e for e in exchanges if id(e) not in seen]


def _main_exchange(exchanges: list[Any], request: V2Request | None) -> Any:
    if not exchanges:
        return None
    if request is not None:
        for exchange in exchanges:
            if exchange.method == request.method and urlsplit(exchange.url).path.endswith(
                request.path.rsplit("/", 1)[-1]
            ):
                return exchange
    return exchanges[0]


# ---------------------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------------------
@dataclass
class SideBySide:
    """Both calls (and answers, after a run) as text (``str()``) and HTML (notebooks)."""

    title: str
    v1_blocks: list[tuple[str, str]]  # (heading, preformatted text)
    v2_blocks: list[tuple[str, str]]
    notes: list[str]
    follow_up: str | None = None

    def __str__(self) -> str:
        out = [self.title, "=" * len(self.title), ""]
        for label, blocks in (
            ("V1 (Catapult)", self.v1_blocks),
            ("V2 (Dashboard)", self.v2_blocks),
        ):
            out += [f"── {label} " + "─" * max(0, 60 - len(label)), ""]
            for heading, text in blocks:
                out += [f"{heading}:", text, ""]
        if self.notes:
            out += ["What differs:"]
            out += [f"  • {note}" for note in self.notes]
        if self.follow_up:
            out += ["", f"Next: {self.follow_up}"]
        return "\n".join(out).rstrip() + "\n"

    def _repr_html_(self) -> str:
        def column(label: str, blocks: list[tuple[str, str]]) -> str:
            parts = [f"<h4 style='margin:0 0 .4em 0;text-align:left'>{html.escape(label)}</h4>"]
            for heading, text in blocks:
                parts.append(
                    "<div style='font-weight:600;margin-top:.5em;text-align:left'>"
                    f"{html.escape(heading)}</div>"
                    "<pre style='text-align:left;white-space:pre-wrap;word-break:break-all;"
                    "margin:.2em 0;padding:.5em;background:rgba(127,127,127,.08);border-radius:4px;"
                    f"font-size:12px'>{html.escape(text)}</pre>"
                )
            return (
                "<td style='vertical-align:top;text-align:left;width:50%;padding:.5em'>"
                + "".join(parts)
                + "</td>"
            )

        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        follow = (
            f"<p><b>Next:</b> <code>{html.escape(self.follow_up)}</code></p>"
            if self.follow_up
            else ""
        )
        return (
            "<div class='numkit-side-by-side'>"
            f"<h3 style='margin:.2em 0'>{html.escape(self.title)}</h3>"
            "<table style='width:100%;table-layout:fixed;border-collapse:collapse'><tr>"
            + column("V1 (Catapult)", self.v1_blocks)
            + column("V2 (Dashboard)", self.v2_blocks)
            + "</tr></table>"
            + (f"<b>What differs</b><ul>{notes}</ul>" if notes else "")
            + follow
            + "</div>"
        )


_TITLES = {
    "search-local": "Search local numbers",
    "search-toll-free": "Search toll-free numbers",
    "search-and-order-local": "Search and order local numbers",
    "search-and-order-toll-free": "Search and order toll-free numbers",
    "order-number": "Order one number",
    "list-numbers": "List your numbers",
    "get-number": "Get one number",
    "delete-number": "Delete (disconnect) a number",
    "update-number": "Update a number",
    "cnam-lookup": "Caller-name (CNAM) look-up",
    "import-number": "Import a Dashboard number (hybrid accounts)",
    "unknown": "Unrecognised V1 call",
}


def side_by_side(plan_or_result: Plan | Result) -> SideBySide:
    """Render a plan (requests only) or a result (requests and responses)."""
    if isinstance(plan_or_result, Result):
        result: Result | None = plan_or_result
        plan = plan_or_result.plan
    elif isinstance(plan_or_result, Plan):
        result, plan = None, plan_or_result
    else:
        raise TypeError(
            f"side_by_side takes a Plan or a Result, not {type(plan_or_result).__name__}"
        )
    title = _TITLES.get(plan.operation, plan.operation)
    v1_blocks: list[tuple[str, str]]
    v2_blocks: list[tuple[str, str]]
    if result is not None and result.v1_ran:
        v1_blocks = _exchange_blocks(result.v1_exchanges, result.v1_error)
    else:
        v1_blocks = [("Request", _v1_request_text(plan))]
    if plan.v2_request is None:
        v2_blocks = [("Request", "(none)\n" + (plan.notes[0] if plan.notes else ""))]
    elif result is not None and result.v2_ran:
        v2_blocks = _exchange_blocks(result.v2_exchanges, result.v2_error)
    else:
        v2_blocks = [("Request", _v2_request_text(plan))]
    notes = plan.notes[1:] if plan.v2_request is None else list(plan.notes)
    return SideBySide(title, v1_blocks, v2_blocks, notes, plan.follow_up)


def _v1_request_text(plan: Plan) -> str:
    call = plan.v1_call
    lines = [call.method, call.url(plan.v1_base_url)]
    if call.body is not None:
        lines.append("Content-Type: application/json")
    lines.append(f"Authorization: {MASKED_AUTH}   (apiToken:apiSecret)")
    if call.body is not None:
        lines += ["", json.dumps(call.body, indent=2)]
    return "\n".join(lines)


def _v2_request_text(plan: Plan) -> str:
    req = plan.v2_request
    assert req is not None
    lines = [req.method, req.url(plan.v2_base_url)]
    if req.body is not None:
        lines.append("Content-Type: application/xml")
    lines.append(f"Authorization: {MASKED_AUTH}   (username:password)")
    if req.body is not None:
        lines += ["", _pretty(req.body, "application/xml")]
    return "\n".join(lines)


_SHOWN_RESPONSE_HEADERS = ("content-type", "location", "link", "retry-after", "x-ratelimit-reset")


def _exchange_blocks(exchanges: list[Any], error: NumkitError | None) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    total = len(exchanges)
    for index, ex in enumerate(exchanges, 1):
        suffix = f" {index}/{total}" if total > 1 else ""
        req = [ex.method, ex.url]
        for name, value in ex.request_headers.items():
            if name.lower() == "content-type":
                req.append(f"{name}: {value}")
        req.append(f"Authorization: {MASKED_AUTH}")
        if ex.request_body:
            ctype = next(
                (v for k, v in ex.request_headers.items() if k.lower() == "content-type"), ""
            )
            req += ["", _pretty(ex.request_body, ctype)]
        blocks.append((f"Request{suffix}", "\n".join(req)))
        if ex.status is None:
            blocks.append(
                (f"Response{suffix}", f"(no response: {ex.error or 'connection failed'})")
            )
            continue
        resp = [f"{ex.status} {ex.reason}".strip()]
        for name, value in ex.response_headers.items():
            if name.lower() in _SHOWN_RESPONSE_HEADERS:
                resp.append(f"{name}: {value}")
        if ex.response_body:
            ctype = next(
                (v for k, v in ex.response_headers.items() if k.lower() == "content-type"), ""
            )
            resp += ["", _pretty(ex.response_body, ctype)]
        blocks.append((f"Response{suffix}", "\n".join(resp)))
    if error is not None:
        blocks.append(("Error", str(error)))
    if not exchanges and error is None:
        blocks.append(("Not run", "(no request was sent)"))
    return blocks


def _pretty(body: str, content_type: str) -> str:
    text = body.strip()
    try:
        if "json" in content_type or text[:1] in "[{":
            text = json.dumps(json.loads(text), indent=2)
        elif "xml" in content_type or text.startswith("<"):
            from lxml import etree

            from .xmlsafe import parse_xml

            root = parse_xml(text.encode())
            for element in root.iter():
                if element.text is not None and not element.text.strip():
                    element.text = None
                element.tail = None
            text = etree.tostring(root, pretty_print=True, encoding="unicode").rstrip()
    except (ValueError, NumkitError):
        pass
    lines = text.splitlines()
    if len(lines) > _BODY_LINES:
        lines = [*lines[:_BODY_LINES], f"… ({len(lines) - _BODY_LINES} more lines)"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# credentials
# ---------------------------------------------------------------------------------------
_CELL = "vertical-align:top;text-align:left;padding:.3em .6em"


@dataclass
class Explanation:
    """Text (``str()``) and HTML (notebooks) explanation of the credentials change."""

    rows: list[tuple[str, str, str]]  # (concern, V1, V2)
    paragraphs: list[str]

    def __str__(self) -> str:
        width = max(len(r[0]) for r in self.rows)
        out = ["Credentials: V1 (Catapult) → V2 (Dashboard)", ""]
        for concern, v1, v2 in self.rows:
            out.append(f"{concern.ljust(width)}  V1: {v1}")
            out.append(f"{' ' * width}  V2: {v2}")
            out.append("")
        out += [f"• {p}" for p in self.paragraphs]
        return "\n".join(out).rstrip() + "\n"

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr>" + "".join(f"<td style='{_CELL}'>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self.rows
        )
        paras = "".join(f"<li>{html.escape(p)}</li>" for p in self.paragraphs)
        return (
            "<div class='numkit-credentials'><h3>Credentials: V1 (Catapult) → V2 (Dashboard)</h3>"
            "<table><thead><tr><th style='text-align:left'></th><th style='text-align:left'>V1 "
            "(Catapult)</th><th style='text-align:left'>V2 (Dashboard)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><ul>{paras}</ul></div>"
        )


def explain_credentials(env: Mapping[str, str] | None = None) -> Explanation:
    """What V1 and V2 authenticate with, where each value comes from, and which of the
    numkit variables are set in ``env`` (names only; values are never shown)."""
    import os

    from .config import V1_FALLBACK_VARS, V1_VARS, V2_VARS

    env = os.environ if env is None else env

    def status(names: tuple[str, ...]) -> str:
        set_ = [n for n in names if env.get(n)]
        return ", ".join(set_) if set_ else "none set"

    rows = [
        (
            "Who you are",
            "userId (u-…), a path segment: /v1/users/{userId}/phoneNumbers. Not your login name.",
            "accountId, a path segment: /api/accounts/{accountId}/…",
        ),
        (
            "Secret",
            "apiToken (t-…) and apiSecret (s-…), sent as HTTP Basic token:secret.",
            "username and password of an API user, sent as HTTP Basic username:password.",
        ),
        (
            "Where to find them",
            "app.bandwidth.com → Account tab → API Information (userId); "
            '"Show token and secret" for the token and secret.',
            "dashboard.bandwidth.com: the account id is shown in the Dashboard; an "
            "administrator creates an API-only user (Account → Users) with the roles it needs "
            "(e.g. Numbers).",
        ),
        (
            "Scope",
            "One user owns numbers directly; search needs no userId but still needs the token.",
            "Account → sites (sub-accounts, SiteId) → SIP peers (locations, PeerId); every "
            "numbers call is per account.",
        ),
        (
            "numkit variables",
            f"{', '.join(V1_VARS)} (or {', '.join(V1_FALLBACK_VARS)}); set now: "
            f"{status(V1_VARS + V1_FALLBACK_VARS)}",
            f"{', '.join(V2_VARS)}; set now: {status(V2_VARS)}",
        ),
    ]
    paragraphs = [
        "Bandwidth recommends a dedicated API-only user for V2, with only the roles it needs; "
        "a human's Dashboard login should not be used for API calls.",
        "Bandwidth's migration guide notes that V2 messaging still uses a token and secret "
        "(from the Dashboard's Applications page), while number management uses the API "
        "user's username and password.",
        "Both APIs use HTTP Basic, so neither secret may travel over plain http://; numkit "
        "refuses it except to the local sandbox (or with NUMKIT_ALLOW_INSECURE_HTTP=1).",
        "numkit never prints these values: exchanges show 'Authorization: Basic ***' and "
        "'copy as curl' uses $NUMKIT_V1_API_TOKEN:$NUMKIT_V1_API_SECRET or "
        "$NUMKIT_V2_PASSWORD instead.",
        "Without credentials numkit uses the local sandbox's demo customer (V1 u-demo / "
        "t-demo / s-demo, V2 account 9900000 / demo / demo); production needs "
        "target='production' or NUMKIT_TARGET=production.",
    ]
    return Explanation(rows, paragraphs)
