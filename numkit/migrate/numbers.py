"""V1 calls on one number (order, get, delete, update, CNAM, import) and the number list → V2.

V1 numbers have ids (``n-…``) and E.164 values; V2 numbers are the 10-digit number
itself, and ordering and releasing them are asynchronous orders. Calls V2's numbers API
has no counterpart for get a plan without a V2 request whose notes say what to do.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from ..errors import ValidationError
from ..phone import to_e164, to_v2_number
from ..v1.client import V1Client
from ..v2 import V2Client
from .context import Context, disconnect_body, new_customer_order_id, order_body
from .plan import TN, Plan, Step, V1Call, V2Request
from .run import send_as_given
from .searches import order_notes

__all__ = [
    "delete_number",
    "get_number",
    "list_numbers",
    "number_info",
    "order_number",
    "unknown",
    "update_number",
]


def order_number(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
                "In numkit: v1.import_number(number, v2_account_id=…, v2_username=…, "
                "v2_password=…) imports it (looked up, never re-sent blindly, after a lost "
                "answer; the password is masked in every exchange record).",
            ],
            v1_step=Step(send_as_given, {"call": call}),
        )
    if "number" not in body:
        raise ValidationError("body", call.body, "a V1 order needs {'number': '+1…'} in the body")
    e164 = to_e164(body["number"], field="number")
    tn = to_v2_number(e164)
    notes = [
        f"V1 takes E.164 ({e164}); V2 takes 10 digits ({tn}) in "
        "<ExistingTelephoneNumberOrderType><TelephoneNumberList>.",
    ]
    customer_order_id = new_customer_order_id()
    notes.extend(order_notes(ctx, customer_order_id))
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
    xml = order_body(
        {"numbers": [tn]}, site_id=ctx.site_id, customer_order_id=customer_order_id, name=name
    )
    v2_kwargs: dict[str, Any] = {
        "numbers": [tn],
        "customer_order_id": customer_order_id,
        "partial_allowed": True,
        "back_order_requested": False,
    }
    if name:
        v2_kwargs["name"] = name
    if ctx.has_site:
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
        v1_step=Step(V1Client.order_number, {k: v for k, v in v1_kwargs.items() if v is not None}),
        v2_step=Step(V2Client.order_numbers, v2_kwargs, wait=V2Client.wait_for_order),
    )


def _lookup(arg: str, tn: str | None, ref: str, *, first: bool = False) -> dict[str, Any]:
    """Step fields for a number V2 needs that the V1 path named by id (none if by number).

    ``first``: look it up before the V1 call runs (a V1 delete makes the id unreadable).
    """
    if tn is not None:
        return {}
    return {"number_arg": arg, "number_ref": ref, "resolve_first": first}


def _number_ref(segment: str) -> tuple[str | None, str]:
    """A V1 path segment → (10-digit number or None, V1 id or number as given)."""
    raw = unquote(segment)
    if raw.startswith("n-"):
        return None, raw
    try:
        return to_v2_number(raw.replace(" ", "+", 1) if raw.startswith(" ") else raw), raw
    except ValidationError:
        return None, raw


def get_number(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
        v1_step=Step(V1Client.get_number, {"id_or_number": ref}),
        v2_step=Step(V2Client.tn_details, {"number": tn or TN}, **_lookup("number", tn, ref)),
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


def delete_number(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
    customer_order_id = new_customer_order_id()
    xml = disconnect_body([tn or TN], customer_order_id=customer_order_id)
    return Plan(
        operation="delete-number",
        v1_call=call,
        v2_request=V2Request("POST", f"/accounts/{ctx.account_id}/disconnects", {}, xml),
        notes=notes,
        follow_up="v2.wait_for_disconnect(disc)",
        v1_step=Step(V1Client.delete_number, {"id_or_number": ref}),
        v2_step=Step(
            V2Client.disconnect,
            {"numbers": [tn or TN], "customer_order_id": customer_order_id},
            wait=V2Client.wait_for_disconnect,
            **_lookup("numbers", tn, ref, first=True),
        ),
    )


def list_numbers(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
    for wire_name, (keyword, note) in _V1_ONLY_FILTERS.items():
        if wire_name in p:
            v1_kwargs[keyword] = p[wire_name]
            notes.append(note)
    return Plan(
        operation="list-numbers",
        v1_call=call,
        v2_request=V2Request("GET", f"/accounts/{ctx.account_id}/inserviceNumbers", params, None),
        notes=notes,
        v1_step=Step(V1Client.list_numbers, v1_kwargs),
        v2_step=Step(V2Client.in_service_numbers, v2_kwargs),
    )


#: V1 list filters V2's in-service list has no counterpart for: (V1Client keyword, note).
_V1_ONLY_FILTERS = {
    "city": (
        "city",
        "V2 /inserviceNumbers cannot filter by city; filter by ratecenter (with state), "
        "npanxx, areacode or lata, or filter the V2 result yourself.",
    ),
    "name": ("name", "V2 numbers have no name; the name filter has no V2 equivalent."),
    "applicationId": (
        "application_id",
        "V2 attaches applications to SIP peers: list a peer's numbers with "
        "GET /accounts/{accountId}/sites/{siteId}/sippeers/{peerId}/tns instead.",
    ),
    "numberState": (
        "number_state",
        "V2 /inserviceNumbers holds only in-service numbers (V1 numberState=enabled); for "
        "disconnected or aging numbers use GET /tns?status=Aging.",
    ),
}


def update_number(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
        v1_step=Step(V1Client.update_number, {k: v for k, v in v1_kwargs.items() if v is not None}),
    )


def number_info(call: V1Call, match: re.Match[str], ctx: Context) -> Plan:
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
        v1_step=Step(send_as_given, {"call": call}),
    )


def unknown(call: V1Call, ctx: Context) -> Plan:
    return Plan(
        operation="unknown",
        v1_call=call,
        v2_request=None,
        notes=[
            f"No V2 equivalent known to numkit for V1 {call.method} {call.path}: translate_v1 "
            "covers the numbers calls (available numbers, phone numbers). Calls, messages, "
            "applications and media moved to Bandwidth's separate Voice and Messaging APIs.",
        ],
        v1_step=Step(send_as_given, {"call": call}),
    )
