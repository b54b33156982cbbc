"""The scan report in four formats: grouped text for a terminal, the contract's JSON,
Markdown (for a pull request or wiki) and a self-contained HTML page.

Scanned file contents (the V1 line, paths) are untrusted: the HTML escapes every value
(``html.escape``), the Markdown puts code in backtick spans with backticks and pipes
neutralised, and the text output drops control characters so a hostile file cannot
rewrite the terminal.
"""

from __future__ import annotations

import html
import json
import re

from .model import ScanReport

__all__ = ["FORMATS", "render", "render_html", "render_json", "render_markdown", "render_text"]

FORMATS = ("text", "json", "markdown", "html")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str, limit: int = 160) -> str:
    """One terminal-safe line: no control or bidi characters, at most ``limit`` long."""
    text = _CONTROL.sub("?", text.replace("\t", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(report: ScanReport, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    return render_text(report, color=color)


def render_json(report: ScanReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_text(report: ScanReport, *, color: bool = False) -> str:
    """Findings grouped by file: where, what V1 call, and the V2 line."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    tone = {"high": "1;31", "medium": "33", "low": "2"}
    out: list[str] = []
    for path, findings in report.by_file().items():
        out.append(paint(_clean(path, 300), "1"))
        for f in findings:
            where = f"cell {f.cell}, line {f.line}" if f.cell is not None else f"line {f.line}"
            label = paint(f"[{f.confidence}]", tone.get(f.confidence, "0"))
            out.append(f"  {where}: {label} {f.kind} {_clean(f.v1_call)}")
            if f.source:
                out.append(f"      V1: {_clean(f.source)}")
            if f.scope == "numbers" and f.v2_code:
                out.append(f"      V2: {_clean(f.v2_code, 200)}")
            elif f.scope == "numbers" and f.v2_path:
                out.append(f"      V2: {f.v2_method} {f.v2_path}")
            elif f.scope == "other":
                out.append(f"      other V1 API: {_clean(f.notes, 200)}")
        out.append("")
    if report.errors:
        out.append(paint(f"Could not scan {len(report.errors)} file(s):", "1"))
        for e in report.errors:
            out.append(f"  {_clean(e.path, 300)}: {_clean(e.reason, 200)}")
        out.append("")
    if not report.findings:
        out.append("No V1 (Catapult) usage found.")
    out.append(report.summary() + f" in {report.seconds:.2f} s.")
    if report.findings:
        out.append(
            "Notes per finding: --format markdown|html|json. Credentials: "
            "numkit.migrate.explain_credentials()."
        )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A Markdown table cell holding code: backticks and pipes neutralised."""
    text = _clean(text, 300).replace("|", "\\|")
    return "`` " + text.replace("`", "'") + " ``" if text else ""


def _md_text(text: str) -> str:
    return html.escape(_clean(text, 600), quote=False).replace("|", "\\|")


def render_markdown(report: ScanReport) -> str:
    lines = [
        "# V1 (Catapult) usage",
        "",
        _md_text(report.summary()),
        "",
        "| where | confidence | V1 call | V1 code | V2 (numkit) | notes |",
        "|---|---|---|---|---|---|",
    ]
    for f in report.findings:
        where = f.where
        v2 = _md(f.v2_code) if f.v2_code else _md_text(f"{f.v2_method} {f.v2_path}".strip())
        if f.scope == "other":
            v2 = "other V1 API"
        lines.append(
            f"| {_md(where)} | {f.confidence} | {_md(f.v1_call)} | {_md(f.source)} | {v2} "
            f"| {_md_text(f.notes)} |"
        )
    if report.errors:
        lines += ["", "## Files not scanned", ""]
        lines += [f"- {_md(e.path)}: {_md_text(e.reason)}" for e in report.errors]
    return "\n".join(lines) + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:1.5em}"
    ".nk-scan{border-collapse:collapse;font-size:13px}"
    ".nk-scan th,.nk-scan td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;"
    "vertical-align:top}.nk-scan code{white-space:pre-wrap}"
    ".high{color:#cf222e;font-weight:bold}.medium{color:#9a6700}.low{color:#666}"
)


def render_html(report: ScanReport, *, full_page: bool = True) -> str:
    """An HTML table of the findings; every value escaped."""
    e = html.escape
    rows = []
    for f in report.findings:
        v2 = (
            f"<code>{e(f.v2_code)}</code>"
            if f.v2_code
            else e(f"{f.v2_method} {f.v2_path}".strip() or "—")
        )
        rows.append(
            "<tr>"
            f"<td><code>{e(f.where)}</code></td>"
            f"<td class='{e(f.confidence)}'>{e(f.confidence)}</td>"
            f"<td>{e(f.kind)}</td>"
            f"<td><code>{e(f.v1_call)}</code><br><code>{e(_clean(f.source, 300))}</code></td>"
            f"<td>{e(f.scope)}</td>"
            f"<td>{v2}</td>"
            f"<td>{e(f.notes)}</td>"
            "</tr>"
        )
    errors = "".join(
        f"<li><code>{e(err.path)}</code>: {e(err.reason)}</li>" for err in report.errors
    )
    body = (
        "<div class='tex2jax_ignore'>"  # JupyterLab would typeset $…$ from files as math
        f"<p>{e(report.summary())}</p>"
        "<table class='nk-scan'><thead><tr><th>where</th><th>confidence</th><th>kind</th>"
        "<th>V1</th><th>scope</th><th>V2 (numkit)</th><th>notes</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        + (f"<h3>Files not scanned</h3><ul>{errors}</ul>" if errors else "")
        + "</div>"
    )
    if not full_page:
        return f"<style>{_CSS.split('}', 1)[1]}</style>{body}"
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>V1 usage report</title><style>{_CSS}</style></head>"
        f"<body><h1>V1 (Catapult) usage</h1>{body}</body></html>\n"
    )
