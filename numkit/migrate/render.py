"""Rendering a plan or a result: both sides as text or HTML, and the numkit code line.

:func:`side_by_side` shows the V1 call and its V2 translation next to each other (with
the answers after a run), the way Bandwidth's V1 → V2 migration guide shows requests
and responses. :func:`v2_code` gives one line of numkit code doing the same on V2 (the
scanner shows it beside each V1 call it finds, so the two never disagree).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..bodies import clip_lines, content_type_of, pretty_body
from ..display import escape, html_block
from ..errors import NumkitError
from .plan import Plan, Result, Step

__all__ = ["SideBySide", "side_by_side", "v2_code"]

MASKED_AUTH = "Basic ***"
_BODY_LINES = 60
_SHOWN_RESPONSE_HEADERS = ("content-type", "location", "link", "retry-after", "x-ratelimit-reset")
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
V1_LABEL = "V1 (Catapult)"
V2_LABEL = "V2 (Dashboard)"


@dataclass
class SideBySide:
    """Both calls (and answers, after a run) as text (``str()``) and HTML (notebooks)."""

    title: str
    v1_blocks: list[tuple[str, str]]  # (heading, preformatted text)
    v2_blocks: list[tuple[str, str]]
    notes: list[str]
    follow_up: str | None = None
    v1_label: str = V1_LABEL
    v2_label: str = V2_LABEL

    def __repr__(self) -> str:
        return f"<SideBySide {self.title!r}: {self.v1_label} | {self.v2_label}>"

    def __str__(self) -> str:
        out = [self.title, "=" * len(self.title), ""]
        for label, blocks in ((self.v1_label, self.v1_blocks), (self.v2_label, self.v2_blocks)):
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
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        follow = (
            f"<p><b>Next:</b> <code>{escape(self.follow_up)}</code></p>" if self.follow_up else ""
        )
        return html_block(
            f"<h3 style='margin:.2em 0'>{escape(self.title)}</h3>"
            "<table style='width:100%;table-layout:fixed;border-collapse:collapse'><tr>"
            + _column(self.v1_label, self.v1_blocks)
            + _column(self.v2_label, self.v2_blocks)
            + "</tr></table>"
            + (f"<b>What differs</b><ul>{notes}</ul>" if notes else "")
            + follow,
            css_class="numkit-side-by-side",
        )


def _column(label: str, blocks: Sequence[tuple[str, str]]) -> str:
    parts = [f"<h4 style='margin:0 0 .4em 0;text-align:left'>{escape(label)}</h4>"]
    for heading, text in blocks:
        parts.append(
            "<div style='font-weight:600;margin-top:.5em;text-align:left'>"
            f"{escape(heading)}</div>"
            "<pre style='text-align:left;white-space:pre-wrap;word-break:break-all;"
            "margin:.2em 0;padding:.5em;background:rgba(127,127,127,.08);border-radius:4px;"
            f"font-size:12px'><code>{escape(text)}</code></pre>"
        )
    return (
        "<td style='vertical-align:top;text-align:left;width:50%;padding:.5em'>"
        + "".join(parts)
        + "</td>"
    )


def side_by_side(plan_or_result: Plan | Result) -> SideBySide:
    """Render a plan (requests only) or a result (requests and responses).

    A side that was not sent is labelled so: a plan's V1 column without a V1 target
    (``translate_v1(..., v1=None)``) says "not sent"; so does a side a run skipped.
    """
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
    v1_label, v2_label = V1_LABEL, V2_LABEL
    v1_blocks: list[tuple[str, str]]
    v2_blocks: list[tuple[str, str]]
    if result is not None and result.v1_ran:
        v1_blocks = _exchange_blocks(result.v1_exchanges, result.v1_error)
    else:
        if result is not None:
            why = "no V1 client given"
        else:
            why = "translated only" if plan.v1_target else "no V1 target"
        v1_label = f"{V1_LABEL}: not sent"
        v1_blocks = [(f"Request (not sent: {why})", _v1_request_text(plan))]
    if plan.v2_request is None:
        v2_blocks = [("Request", "(none)\n" + (plan.notes[0] if plan.notes else ""))]
    elif result is not None and result.v2_ran:
        v2_blocks = _exchange_blocks(result.v2_exchanges, result.v2_error)
    else:
        v2_label = f"{V2_LABEL}: not sent"
        v2_blocks = [("Request (not sent)", _v2_request_text(plan))]
    notes = plan.notes[1:] if plan.v2_request is None else list(plan.notes)
    return SideBySide(title, v1_blocks, v2_blocks, notes, plan.follow_up, v1_label, v2_label)


def _v1_request_text(plan: Plan) -> str:
    call = plan.v1_call
    lines = [call.method, call.url(plan.v1_base_url)]
    if call.body is not None:
        lines.append("Content-Type: application/json")
    lines.append(f"Authorization: {MASKED_AUTH}   (apiToken:apiSecret)")
    if call.body is not None:
        lines += ["", pretty_body(json.dumps(call.body), "application/json")]
    return "\n".join(lines)


def _v2_request_text(plan: Plan) -> str:
    req = plan.v2_request
    assert req is not None
    lines = [req.method, req.url(plan.v2_base_url)]
    if req.body is not None:
        lines.append("Content-Type: application/xml")
    lines.append(f"Authorization: {MASKED_AUTH}   (username:password)")
    if req.body is not None:
        lines += ["", clip_lines(pretty_body(req.body, "application/xml"), _BODY_LINES)]
    return "\n".join(lines)


def _exchange_blocks(exchanges: list[Any], error: NumkitError | None) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    total = len(exchanges)
    for index, ex in enumerate(exchanges, 1):
        suffix = f" {index}/{total}" if total > 1 else ""
        req = [ex.method, ex.url]
        ctype = content_type_of(ex.request_headers)
        if ctype:
            req.append(f"Content-Type: {ctype}")
        req.append(f"Authorization: {MASKED_AUTH}")
        if ex.request_body:
            req += ["", clip_lines(pretty_body(ex.request_body, ex.request_headers), _BODY_LINES)]
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
            body = pretty_body(ex.response_body, ex.response_headers)
            resp += ["", clip_lines(body, _BODY_LINES)]
        blocks.append((f"Response{suffix}", "\n".join(resp)))
    if error is not None:
        blocks.append(("Error", str(error)))
    if not exchanges and error is None:
        blocks.append(("Not run", "(no request was sent)"))
    return blocks


# -- the numkit line -----------------------------------------------------------------------
#: keyword arguments left out of the code line: the client's defaults, and the
#: generated CustomerOrderId (a fresh one is made on every call anyway).
_DEFAULTS: dict[str, Any] = {
    "customer_order_id": None,
    "partial_allowed": True,
    "back_order_requested": False,
    "site_id": None,
}
_POSITIONAL = ("numbers", "number")


def v2_code(plan: Plan, *, client: str = "v2", v1_client: str = "v1") -> str | None:
    """One line of numkit code doing on V2 what the plan's V1 call did, or None when V2
    has no equivalent.

    >>> v2_code(translate_v1("GET", "/v1/availableNumbers/local", {"areaCode": "919"}))
    'v2.search(area_code="919", quantity=10, details=True)'

    Asynchronous V2 calls are wrapped in their wait (V1 ordering and deleting were
    synchronous, so waiting is what "the same" means). A number the V1 call named by id
    is read from V1 first (``v1.get_number("n-…").number``).
    """
    step = plan.v2_step
    if step is None or plan.v2_request is None:
        return None
    line = f"{client}.{step.name}({_arguments(step, v1_client)})"
    if step.wait is not None:
        line = f"{client}.{step.wait.__name__}({line})"
    return line


def _arguments(step: Step, v1_client: str) -> str:
    positional: list[str] = []
    keywords: list[str] = []
    for name, value in step.kwargs.items():
        if name in _DEFAULTS and (name == "customer_order_id" or value == _DEFAULTS[name]):
            continue
        if name == "site_id":
            continue  # the account's only or first site: the client's default
        if name == step.number_arg:
            lookup = f"{v1_client}.get_number({_literal(step.number_ref)}).number"
            text = f"[{lookup}]" if name == "numbers" else lookup
        else:
            text = _literal(value)
        if name in _POSITIONAL:
            positional.append(text)
        else:
            keywords.append(f"{name}={text}")
    return ", ".join(positional + keywords)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)
