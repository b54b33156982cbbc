"""The credentials change from V1 to V2, explained (:func:`explain_credentials`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..display import code_spans, escape, html_block
from ..envvars import V1_FALLBACK_VARS, V1_VARS, V2_VARS

__all__ = ["Explanation", "explain_credentials"]

_CELL = "vertical-align:top;text-align:left;padding:.3em .6em"


@dataclass
class Explanation:
    """Text (``str()``) and HTML (notebooks) explanation of the credentials change.

    Names only, never values: ``rows`` say which variables are set, not what they hold.
    """

    rows: list[tuple[str, str, str]]  # (concern, V1, V2)
    paragraphs: list[str]

    def __repr__(self) -> str:
        return f"<Explanation credentials V1 → V2: {len(self.rows)} rows>"

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
            "<tr>" + "".join(f"<td style='{_CELL}'>{code_spans(c)}</td>" for c in row) + "</tr>"
            for row in self.rows
        )
        paras = "".join(f"<li>{code_spans(p)}</li>" for p in self.paragraphs)
        return html_block(
            f"<h3>{escape('Credentials: V1 (Catapult) → V2 (Dashboard)')}</h3>"
            "<table><thead><tr><th style='text-align:left'></th><th style='text-align:left'>V1 "
            "(Catapult)</th><th style='text-align:left'>V2 (Dashboard)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><ul>{paras}</ul>",
            css_class="numkit-credentials",
        )


def explain_credentials(env: Mapping[str, str] | None = None) -> Explanation:
    """What V1 and V2 authenticate with, where each value comes from, and which of the
    numkit variables are set in ``env`` (names only; values are never shown)."""
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
