"""The scan panel and the HTML/Markdown/text reports show hostile file contents inertly."""

from __future__ import annotations

import re

import numkit
from numkit.scanner.report import render_html, render_markdown, render_text

EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HOSTILE = {
    f"{IMG}.py": (
        "import requests\n"
        f'requests.get("https://api.catapult.inetwork.com/v1/availableNumbers/local?areaCode={EVIL}")'
        f"  # {IMG}\n"
    ),
    "notes.md": f"curl https://api.catapult.inetwork.com/v1/users/u/phoneNumbers/{EVIL}\x1b[2J\x1b]0;pwned\x07\n",
    "binary.py": b"\0" + EVIL.encode(),
}


def _no_live_markup(markup: str) -> None:
    assert "<script>" not in markup and "<img src=x" not in markup
    assert not re.search(r"<[^>]*\bon\w+\s*=", markup), "an event handler attribute leaked"


def test_panel_scans_a_folder_and_shows_v1_beside_v2(tree):
    root = tree(
        {
            "app.py": 'import requests\nrequests.delete("https://api.catapult.inetwork.com/v1/users/u/phoneNumbers/n-1")\n'
        }
    )
    panel = numkit.ScanPanel()
    panel.path.value = str(root)
    panel.scan_button.click()
    assert panel.status.value.startswith("1 V1 finding(s)")
    assert list(panel.result.columns) == list(numkit.scanner.COLUMNS)
    assert panel.findings.value == 0  # the first row is picked
    assert "requests.delete(" in panel.detail.value
    assert "v2.wait_for_disconnect(v2.disconnect(" in panel.detail.value
    assert "DELETE /v1/users/{userId}/phoneNumbers/{numberId}" in panel.detail.value


def test_panel_rejects_a_missing_folder_with_one_line(tree):
    panel = numkit.ScanPanel(tree({}) / "nope")
    panel.scan_button.click()
    assert "an existing folder or file" in panel.status.value
    assert isinstance(panel._last_error, numkit.ValidationError)


def test_panel_escapes_file_contents(tree):
    root = tree(HOSTILE)
    panel = numkit.ScanPanel(root)
    report = panel.scan()
    assert len(report.findings) == 2 and report.errors
    for index in range(len(report.findings)):
        panel.findings.value = index
        _no_live_markup(panel.detail.value)
        assert "&lt;script&gt;" in panel.detail.value or "&lt;img" in panel.detail.value
    _no_live_markup(panel._table.value)
    for output in panel._out.outputs:
        _no_live_markup(str(output.get("data", {}).get("text/html", "")))


def test_reports_escape_file_contents(tree):
    report = numkit.scan(tree(HOSTILE))
    page = render_html(report)
    _no_live_markup(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page
    _no_live_markup(report._repr_html_())
    markdown = render_markdown(report)
    assert EVIL in markdown  # shown, but only inside code spans, where Markdown is inert
    _no_live_markup(re.sub(r"`` .*? ``", "", markdown))
    text = render_text(report)
    assert "\x1b" not in text and "\x07" not in text  # no terminal escapes from files
