"""The call table: which V1 calls numkit translates, and :func:`translate_v1`.

Each route maps a V1 path pattern and its methods to the function that builds the
:class:`~numkit.migrate.plan.Plan` (:mod:`.searches` for the available-numbers calls,
:mod:`.numbers` for the calls on the user's numbers).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..errors import ValidationError
from . import numbers, searches
from .context import Context, wire
from .plan import Plan, V1Call

__all__ = ["ROUTES", "translate_v1"]

Translator = Callable[[V1Call, "re.Match[str]", Context], Plan]

#: (V1 path pattern relative to /v1, methods, translator)
ROUTES: list[tuple[str, frozenset[str], Translator]] = [
    (r"/availableNumbers/(local|tollFree)", frozenset({"GET"}), searches.search),
    (r"/availableNumbers/(local|tollFree)", frozenset({"POST"}), searches.search_and_order),
    (r"/users/([^/]+)/phoneNumbers", frozenset({"GET"}), numbers.list_numbers),
    (r"/users/([^/]+)/phoneNumbers", frozenset({"POST"}), numbers.order_number),
    (r"/users/([^/]+)/phoneNumbers/([^/]+)", frozenset({"GET"}), numbers.get_number),
    (r"/users/([^/]+)/phoneNumbers/([^/]+)", frozenset({"DELETE"}), numbers.delete_number),
    (
        r"/users/([^/]+)/phoneNumbers/([^/]+)",
        frozenset({"POST", "PUT", "PATCH"}),
        numbers.update_number,
    ),
    (r"/phoneNumbers/numberInfo/([^/]+)", frozenset({"GET"}), numbers.number_info),
]
_METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"}


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
    only sets the base URL the plan shows for the V1 side (and marks the V1 side as
    having a target; without one the rendered V1 request is labelled "not sent").

    Invalid V1 input (input the V1 server would reject) raises ValidationError.
    """
    verb = method.upper().strip() if isinstance(method, str) else ""
    if verb not in _METHODS:
        raise ValidationError("method", method, "an HTTP method such as GET, POST or DELETE")
    if params is not None and not isinstance(params, Mapping):
        raise ValidationError("params", params, "V1 query parameters as a dict")
    rel, query = _split_v1_path(path)
    merged: dict[str, str] = dict(query)
    for key, value in (params or {}).items():
        if value is not None:
            merged[str(key)] = wire(value)
    ctx = Context(v2, v1)
    call = V1Call(verb, rel, merged, _body_dict(body))
    for pattern, methods, translator in ROUTES:
        match = re.fullmatch(pattern, rel)
        if match and verb in methods:
            plan = translator(call, match, ctx)
            break
    else:
        plan = numbers.unknown(call, ctx)
    plan.v1_base_url = ctx.v1_base_url
    plan.v2_base_url = ctx.v2_base_url
    plan.v1_target = ctx.v1_target
    return plan


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
        except (ValueError, RecursionError) as exc:
            raise ValidationError("body", body, "V1 bodies are JSON objects") from exc
    if not isinstance(body, Mapping):
        raise ValidationError("body", body, "V1 bodies are JSON objects")
    return {str(k): v for k, v in body.items() if v is not None}
