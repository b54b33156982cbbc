"""V1 searches and search-and-order → V2: the criteria mapping and its notes.

V1 names a local prefix as ``areaCode`` + ``localNumber`` and matches ``pattern`` with
``?``/``*`` wildcards; V2 names the prefix as one value (``npaNxx``/``npaNxxx``) and has
vanity strings instead of wildcards. Each difference that changes the answer becomes a
note in the plan.
"""

from __future__ import annotations

import re
from typing import Any

from .. import validate
from ..errors import ValidationError
from ..v1 import rules
from ..v1.client import V1Client
from ..v2 import V2Client
from .context import Context, new_customer_order_id, order_body, wire
from .plan import Plan, Step, V1Call, V2Request

__all__ = ["order_notes", "search", "search_and_order"]


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


def search(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
    params = {k: wire(v) for k, v in validate.search_params(v2_criteria).items()}
    v2_request = V2Request("GET", f"/accounts/{ctx.account_id}/availableNumbers", params, None)
    v1_method = V1Client.search_local if kind == "local" else V1Client.search_toll_free
    return Plan(
        operation=f"search-{'local' if kind == 'local' else 'toll-free'}",
        v1_call=call,
        v2_request=v2_request,
        notes=notes,
        v1_step=Step(v1_method, dict(criteria)),
        v2_step=Step(V2Client.search, dict(v2_criteria)),
    )


def search_and_order(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
    customer_order_id = new_customer_order_id()
    order = {
        **c,
        "customer_order_id": customer_order_id,
        "partial_allowed": True,
        "back_order_requested": False,
    }
    if ctx.has_site:
        order["site_id"] = ctx.site_id
    order = validate.v2_order(**order)
    element = validate.v2_order_type(order)
    notes.extend(order_notes(ctx, customer_order_id))
    notes.append(
        f"V1 POST /availableNumbers/{match.group(1)} becomes one V2 <Order> holding "
        f"<{element}>: the search criteria travel in the XML body, not the query string."
    )
    body = order_body(order, site_id=ctx.site_id, customer_order_id=customer_order_id)
    v1_method = (
        V1Client.search_and_order_local if kind == "local" else V1Client.search_and_order_toll_free
    )
    return Plan(
        operation=f"search-and-order-{'local' if kind == 'local' else 'toll-free'}",
        v1_call=call,
        v2_request=V2Request("POST", f"/accounts/{ctx.account_id}/orders", {}, body),
        notes=notes,
        follow_up="v2.wait_for_order(order.id)",
        v1_step=Step(v1_method, dict(criteria)),
        v2_step=Step(V2Client.order_search, order, wait=V2Client.wait_for_order),
    )


def order_notes(ctx: Context, customer_order_id: str) -> list[str]:
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
    if not ctx.has_site:
        notes.append(
            "Give translate_v1 a V2 client (v2=kit.v2) to fill in {accountId} and {siteId}."
        )
    return notes
