"""From a raw :class:`Hit` to a :class:`Finding`: which V1 call it is, its scope, and the
V2 way to do it — taken from ``numkit.migrate.translate_v1`` so the scanner and the
translator never disagree.

Scanned code rarely holds literal values (``area_code=ac``), and the translator checks
its input as the V1 server would. So unknown values are translated as documented example
values (``EXAMPLES``) and the example is swapped back for the code's own expression in the
V2 line (``v2.search(area_code=ac, …)``). Translations are cached per call shape: a tree
with a thousand identical searches translates once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..errors import NumkitError
from .hits import Hit, Unknown
from .model import Finding
from .patterns import Route, classify_path, split_v1_url

__all__ = ["to_finding"]

#: example values for unknown inputs: valid for the V1 rules and easy to spot again
EXAMPLES: dict[str, str] = {
    "areaCode": "201",
    "state": "NJ",
    "city": "Hoboken",
    "zip": "07030",
    "localNumber": "555",
    "quantity": "9",
    "pattern": "201*",
    "number": "+12015550100",
    "numberId": "n-example",
    "name": "example",
    "applicationId": "a-example",
    "fallbackNumber": "+12015550199",
    "size": "99",
    "numberState": "enabled",
    "inLocalCallingArea": "false",
}
_EXAMPLE_TN = "2015550100"

_CREDENTIAL_NOTE = (
    "Credentials change: V1 used apiToken/apiSecret and a userId in the path; V2 uses a "
    "Dashboard API user's username/password and an accountId (numkit.migrate."
    "explain_credentials())."
)
_NOTES: dict[str, list[str]] = {
    "search-local": [
        "V2 answers 10-digit numbers in XML (V1: E.164 JSON) and no prices; V2's default "
        "quantity is 5000 (V1: 10) and LCA defaults to true.",
    ],
    "search-toll-free": ["V2 answers 10-digit numbers in XML (V1: E.164 JSON) and no prices."],
    "search-and-order-local": [
        "V2 orders are asynchronous: wait with v2.wait_for_order(order.id) or subscribe to "
        "order notifications; the order needs a SiteId.",
    ],
    "search-and-order-toll-free": [
        "V2 orders are asynchronous: wait with v2.wait_for_order(order.id) or subscribe to "
        "order notifications; the order needs a SiteId.",
    ],
    "order-number": [
        "V2 orders are asynchronous: wait with v2.wait_for_order(order.id) or subscribe to "
        "order notifications; V2 takes 10-digit numbers (V1: E.164).",
    ],
    "list-numbers": [
        "V2 lists bare 10-digit numbers (V1: E.164 with details) and pages differently."
    ],
    "get-number": ["V2 numbers have no ids: look up by the 10-digit number (V1: n-… id or E.164)."],
    "delete-number": [
        "V2 disconnects are asynchronous orders: wait with v2.wait_for_disconnect(disc) or "
        "notifications; hybrid (imported) numbers keep billing until the V2 disconnect.",
    ],
    "update-number": [
        "No V2 equivalent: applications attach to SIP peers (move the number), names and "
        "fallback numbers have no V2 field.",
    ],
    "cnam-lookup": ["No V2 numbers-API equivalent: CNAM look-up is a separate Bandwidth product."],
    "import-number": ["No V2 equivalent: in V2 the number is simply in your account."],
}


def _finding(hit: Hit, path: str, language: str, **fields: Any) -> Finding:
    """A Finding at the hit's place; ``fields`` give what differs (the V2 side empty
    unless given)."""
    base: dict[str, Any] = {
        "kind": hit.kind,
        "v2_method": "",
        "v2_path": "",
        "v2_code": "",
        "confidence": hit.confidence,
    }
    return Finding(
        path=path,
        line=hit.line,
        cell=hit.cell,
        language=language,
        source=hit.source,
        **{**base, **fields},
    )


def to_finding(hit: Hit, *, path: str, language: str) -> Finding | None:
    """Classify and translate one hit; None when it turns out not to be V1."""
    if hit.kind == "credential":
        return _finding(
            hit,
            path,
            language,
            v1_call=f"V1 credentials: {hit.target}",
            scope="numbers",
            v2_code="numkit.V2Client.from_env()",
            notes=_CREDENTIAL_NOTE,
            confidence="low",
        )
    host, rel, query = split_v1_url(hit.target)
    if rel is None:
        return None
    route = classify_path(rel)
    if route is None:
        return _base_or_unknown(hit, path, language, rel) if host else None
    confidence = hit.confidence
    if not host and route.scope == "other" and hit.kind != "sdk-call":
        if not hit.evidence:
            return None  # "/v1/users/…/messages" of some other API
        confidence = "low"
    method = hit.method or "GET"
    v1_call = f"{method} {route.template}"
    if route.scope == "other":
        return _finding(
            hit,
            path,
            language,
            v1_call=v1_call,
            scope="other",
            notes=route.pointer,
            confidence=confidence,
        )
    params = dict(hit.params)
    for key, value in _query(query).items():
        params.setdefault(key, value)
    v2_method, v2_path, v2_code, operation = _translate(method, rel, route, params, hit.body)
    notes = [*_NOTES.get(operation, []), _CREDENTIAL_NOTE]
    if operation == "unknown":
        notes = [f"numkit has no V2 mapping for {v1_call}."]
    return _finding(
        hit,
        path,
        language,
        v1_call=v1_call,
        scope="numbers",
        v2_method=v2_method,
        v2_path=v2_path,
        v2_code=v2_code,
        notes=" ".join(notes),
        confidence=confidence,
    )


def _base_or_unknown(hit: Hit, path: str, language: str, rel: str) -> Finding:
    """The Catapult host with no numbers path: the base URL, or an endpoint not mapped."""
    if rel.strip("/") == "":
        return _finding(
            hit,
            path,
            language,
            kind="url",
            v1_call="V1 base URL",
            scope="numbers",
            v2_code="numkit.V2Client.from_env()  # base https://dashboard.bandwidth.com/api",
            notes="The V1 base URL: every call built on it moves to V2 "
            "(https://dashboard.bandwidth.com/api/accounts/{accountId}/…). " + _CREDENTIAL_NOTE,
            confidence="low",
        )
    return _finding(
        hit,
        path,
        language,
        kind="url",
        v1_call=f"{hit.method or 'GET'} /v1{rel}",
        scope="other",
        notes="A V1 endpoint outside the numbers API; check Bandwidth's V1 → V2 guides.",
    )


def _query(query: str) -> dict[str, Any]:
    from urllib.parse import parse_qsl

    out: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        out[key] = Unknown(value.strip("{}")) if ("{" in value or value == "") else value
    return out


# ---- translation -----------------------------------------------------------------------
def _translate(
    method: str, rel: str, route: Route, params: dict[str, Any], body: dict[str, Any] | None
) -> tuple[str, str, str, str]:
    """(v2_method, v2_path, v2_code, operation) for a numbers call, via the translator."""
    path = route.template
    swaps: dict[str, str] = {}
    number_ref = _number_segment(rel, route)
    if number_ref is not None and number_ref.startswith("{"):
        swaps["{numberId}"] = number_ref.strip("{}")
    elif number_ref is not None:
        path = path.replace("{numberId}", number_ref)
    known: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, Unknown) or value is None or isinstance(value, dict | list):
            if key in EXAMPLES and not isinstance(value, dict | list) and value is not None:
                known[key] = EXAMPLES[key]
                swaps[EXAMPLES[key]] = value.expr if isinstance(value, Unknown) else ""
            continue
        known[key] = str(value).lower() if isinstance(value, bool) else str(value)
    body_known: dict[str, str] | None = None
    if body is not None:
        body_known = {}
        for key, value in body.items():
            if isinstance(value, Unknown) and key in EXAMPLES:
                body_known[key] = EXAMPLES[key]
                swaps[EXAMPLES[key]] = value.expr
                if key == "number":
                    swaps[_EXAMPLE_TN] = value.expr
            elif not isinstance(value, Unknown) and value is not None:
                body_known[key] = str(value)
    if route.template == "/v1/availableNumbers/local" and not {"areaCode", "state", "zip"} & set(
        known
    ):
        known["areaCode"] = EXAMPLES["areaCode"]  # criteria not visible in the code
        swaps[EXAMPLES["areaCode"]] = "..."
    if method == "POST" and route.template.endswith("/phoneNumbers") and not body_known:
        body_known = {"number": EXAMPLES["number"]}
        swaps[_EXAMPLE_TN] = "number"
    frozen_body = json.dumps(body_known, sort_keys=True) if body_known else None
    result = _translate_cached(method, path, tuple(sorted(known.items())), frozen_body)
    if result is None:
        # values the V1 server would reject: translate the call shape alone
        shape: tuple[tuple[str, str], ...] = ()
        if route.template == "/v1/availableNumbers/local":
            shape = (("areaCode", EXAMPLES["areaCode"]),)
            swaps = {EXAMPLES["areaCode"]: "..."}
        result = _translate_cached(method, path, shape, frozen_body if method != "GET" else None)
    if result is None:
        return "", "", "", "unknown"
    v2_method, v2_path, code, operation = result
    return v2_method, v2_path, _swap_back(code, swaps), operation


def _number_segment(rel: str, route: Route) -> str | None:
    if "{numberId}" not in route.template:
        return None
    return rel.rstrip("/").rsplit("/", 1)[-1] or None


@lru_cache(maxsize=4096)
def _translate_cached(
    method: str, path: str, params: tuple[tuple[str, str], ...], body: str | None
) -> tuple[str, str, str, str] | None:
    from .. import migrate

    try:
        plan = migrate.translate_v1(method, path, params=dict(params), body=body)
    except NumkitError:
        return None
    request = plan.v2_request
    code = migrate.v2_code(plan) or ""
    if request is None:
        return "", "", code, plan.operation
    return request.method, request.path, code, plan.operation


def _swap_back(code: str, swaps: dict[str, str]) -> str:
    """Put the scanned code's own expressions where example values were used."""
    for example, expr in sorted(swaps.items(), key=lambda kv: -len(kv[0])):
        if not expr:
            continue
        if example.startswith("{"):
            pattern = re.compile(r"""(['"])""" + re.escape(example) + r"\1")
        else:
            pattern = re.compile(r"""(['"])\+?1?""" + re.escape(example.lstrip("+")) + r"\1")
        code = pattern.sub(_literal(expr), code)
        if example.isdigit() and len(example) <= 2:  # quantity=9, page_size=99: unquoted
            code = re.sub(r"(?<==)" + example + r"(?=[,)])", _literal(expr), code)
    return code


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that inserts ``text`` as is (no backslash processing)."""
    return lambda _match: text
