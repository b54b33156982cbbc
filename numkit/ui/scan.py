"""ScanPanel: a folder path in, the V1 findings out; pick a row to see the V1 line next
to its V2 translation.

Everything shown comes from scanned files, which may be hostile: every value goes
through ``html.escape`` before it reaches an HTML widget, and the row labels are plain
text (a ``Select`` renders its options as text, never as HTML).
"""

from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as widgets

from ..errors import ValidationError
from ._common import Panel, frame_html

__all__ = ["ScanPanel"]


class ScanPanel(Panel):
    """Scan a folder for V1 (Catapult) usage with :func:`numkit.scan`.

    Public controls: ``path`` (the folder or file), ``scan_button``, ``status``,
    ``findings`` (a ``Select``: one row per finding; choosing one fills ``detail``),
    ``detail`` (the V1 line beside the V2 line and the notes). Results: ``report`` (the
    :class:`~numkit.scanner.ScanReport`) and ``result`` (its DataFrame).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        self.path = widgets.Text(
            value=os.fspath(path) if path is not None else "",
            description="Folder",
            placeholder="a folder or file to scan, e.g. ~/src/number-desk",
            style={"description_width": "60px"},
            layout=widgets.Layout(width="640px"),
        )
        self.scan_button = widgets.Button(description="Scan", button_style="primary", icon="search")
        self.findings = widgets.Select(options=[], rows=10, layout=widgets.Layout(width="100%"))
        self.detail = widgets.HTML()
        self._table = widgets.HTML()
        self.report: Any = None
        self.result: Any = None
        self._compose(
            widgets.HTML(
                "<b>Scan your code for V1 calls</b> — read, never run; each finding with "
                "its V2 way from <code>numkit.migrate</code>."
            ),
            widgets.HBox([self.path, self.scan_button]),
            self.status,
            self.findings,
            self.detail,
            self._table,
        )

    def _wire(self) -> None:
        self.scan_button.on_click(self._on_scan)
        self.findings.observe(self._on_pick, names="value")

    # -- callbacks ----------------------------------------------------------------------
    def _on_scan(self, _button: widgets.Button) -> None:
        with self._callback("Scan", self.scan_button):
            self._scan()

    def _on_pick(self, _change: Any) -> None:
        with self._callback("Show finding"):
            self._show(self.findings.value)

    def scan(self) -> Any:
        """What the button does; returns the report."""
        with self._callback("Scan", self.scan_button):
            self._scan()
        return self.report

    # -- logic --------------------------------------------------------------------------
    def _scan(self) -> None:
        from ..scanner import scan

        target = os.path.expanduser(self.path.value.strip())
        if not target:
            raise ValidationError("path", self.path.value, "a folder or file to scan")
        if not os.path.exists(target):
            raise ValidationError("path", self.path.value, "an existing folder or file")
        self._set_status(f"Scanning {target} …", "busy")
        report = scan(target)
        self.report = report
        self.result = report.to_frame()
        self.findings.options = [(self._label(i, f), i) for i, f in enumerate(report.findings)]
        self.findings.value = None
        self.detail.value = ""
        self._table.value = (
            "<div class='tex2jax_ignore'>"
            + frame_html(
                self.result[["path", "line", "cell", "kind", "v1_call", "scope", "confidence"]]
            )
            + "</div>"
        )
        kind = "warn" if report.gating else "ok"
        self._set_status(report.summary(), kind)
        if report.errors:
            self._say(
                "Not scanned: "
                + "; ".join(f"{e.path}: {e.reason}" for e in report.errors[:20])
                + (" …" if len(report.errors) > 20 else ""),
                "warn",
            )
        if report.findings:
            self.findings.value = 0

    @staticmethod
    def _label(index: int, finding: Any) -> str:
        where = finding.where
        return f"{index + 1:>3}. {finding.confidence:<6} {finding.v1_call}  —  {where}"

    def _show(self, index: int | None) -> None:
        if index is None or self.report is None:
            self.detail.value = ""
            return
        f = self.report.findings[index]
        e = html.escape
        v2 = (
            f"<pre style='margin:0;white-space:pre-wrap'>{e(f.v2_code)}</pre>"
            if f.v2_code
            else f"<i>{e(f'{f.v2_method} {f.v2_path}'.strip() or 'no numkit equivalent')}</i>"
        )
        self.detail.value = (
            "<div class='tex2jax_ignore'>"  # $… from files must not become math
            "<table style='width:100%;border-collapse:collapse'><tr>"
            "<th style='text-align:left;width:50%'>V1 — "
            f"<code>{e(f.where)}</code></th>"
            "<th style='text-align:left'>V2 (numkit)</th></tr><tr>"
            f"<td style='vertical-align:top'><pre style='margin:0;white-space:pre-wrap'>"
            f"{e(f.source)}</pre><div><code>{e(f.v1_call)}</code></div></td>"
            f"<td style='vertical-align:top'>{v2}"
            f"<div><code>{e(f'{f.v2_method} {f.v2_path}'.strip())}</code></div></td>"
            "</tr></table>"
            f"<p style='font-size:12px'>{e(f.notes)}</p></div>"
        )
