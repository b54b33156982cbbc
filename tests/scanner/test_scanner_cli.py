"""``numkit scan``: formats, exit codes, output file, excludes, skipped folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from numkit import cli
from numkit.scanner import COLUMNS

V1 = 'import requests\nrequests.get("https://api.catapult.inetwork.com/v1/availableNumbers/local?areaCode=919")\n'
OTHER = 'import requests\nrequests.post("https://api.catapult.inetwork.com/v1/users/u/messages")\n'


def test_exit_codes(tree, capsys):
    root = tree({"a.py": V1})
    assert cli.main(["scan", str(root)]) == 0
    assert cli.main(["scan", str(root), "--fail-on-found"]) == 1
    clean = tree({"b/ok.py": "print('hi')\n"}) / "b"
    assert cli.main(["scan", str(clean), "--fail-on-found"]) == 0
    assert cli.main(["scan"]) == 2  # no path
    assert cli.main(["scan", str(root / "missing")]) == 2
    assert cli.main(["scan", str(root), "--format", "xml"]) == 2
    capsys.readouterr()


def test_only_numbers_findings_of_high_or_medium_confidence_fail(tree):
    other = tree({"other/m.py": OTHER, "other/.env": "CATAPULT_API_TOKEN=t\n"}) / "other"
    assert cli.main(["scan", str(other), "--fail-on-found", "--format", "json"]) == 0
    unreadable = tree({"u/blob.py": b"\0catapult"}) / "u"
    assert cli.main(["scan", str(unreadable), "--fail-on-found"]) == 0  # errors never count


def test_json_shape(tree, capsys):
    root = tree({"a.py": V1, "bin.py": b"\0\0catapult"})
    assert cli.main(["scan", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"findings", "errors"}
    assert list(data["findings"][0]) == list(COLUMNS)
    f = data["findings"][0]
    assert (f["v1_call"], f["scope"], f["confidence"], f["cell"]) == (
        "GET /v1/availableNumbers/local",
        "numbers",
        "high",
        None,
    )
    assert f["v2_code"] == 'v2.search(area_code="919", quantity=10, details=True)'
    assert data["errors"] == [
        {"path": str(root / "bin.py"), "reason": "binary file (NUL bytes), not scanned"}
    ]


def test_text_markdown_html_and_output_file(tree, tmp_path, capsys):
    root = tree({"a.py": V1})
    assert cli.main(["scan", str(root)]) == 0
    text = capsys.readouterr().out
    assert "a.py" in text and "line 2: [high] http-call GET /v1/availableNumbers/local" in text
    assert "V2: v2.search(" in text and "1 V1 finding(s)" in text
    out = tmp_path / "report.md"
    assert cli.main(["scan", str(root), "--format", "markdown", "--output", str(out)]) == 0
    assert out.read_text().startswith("# V1 (Catapult) usage")
    assert "Report written to" in capsys.readouterr().err
    html_out = tmp_path / "report.html"
    assert cli.main(["scan", str(root), "--format", "html", "--output", str(html_out)]) == 0
    assert "<table class='nk-scan'>" in html_out.read_text()
    assert cli.main(["scan", str(root), "--output", str(tmp_path)]) == 2  # a folder


def test_default_skips_and_exclude(tree, capsys):
    root = tree(
        {
            "app.py": V1,
            ".git/hooks/post.py": V1,
            "node_modules/lib/index.js": V1,
            ".venv/lib/site.py": V1,
            "env2/pyvenv.cfg": "home = /usr\n",
            "env2/lib/x.py": V1,
            "build/gen.py": V1,
            ".gitignore": "build/\n*.log\n",
            "debug.log": "https://api.catapult.inetwork.com/v1/availableNumbers/local",
            "tests/test_x.py": V1,
            "docs/legacy/old.md": "curl https://api.catapult.inetwork.com/v1/availableNumbers/local",
        }
    )
    assert (
        cli.main(
            ["scan", str(root), "--format", "json", "--exclude", "tests/*", "--exclude", "legacy"]
        )
        == 0
    )
    paths = {
        os.path.relpath(f["path"], root) for f in json.loads(capsys.readouterr().out)["findings"]
    }
    assert paths == {"app.py"}


def test_numkit_scan_command_and_progress_bar_stays_off_pipes(tree):
    files = {f"pkg/m{i}.py": "x = 1\n" for i in range(250)}
    root = tree({**files, "pkg/v1.py": V1})
    run = subprocess.run(
        [sys.executable, "-m", "numkit.cli", "scan", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["findings"]) == 1
    assert "files" not in run.stderr  # no progress bar when stderr is not a terminal


def test_progress_bar_draws_for_large_trees():
    import io

    from numkit.scanner.cli import _Bar

    stream = io.StringIO()
    bar = _Bar(stream)
    for done in range(1, 301):
        bar(done, 300, "x")
    out = stream.getvalue()
    assert out.endswith("] 300/300 files\n") and out.count("\r") <= 101
    small = io.StringIO()
    _Bar(small)(1, 5, "x")
    assert small.getvalue() == ""


def test_gitignore_above_the_scanned_folder_counts_inside_a_repository(tree, capsys):
    root = tree(
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".gitignore": "src/generated/\n",
            "src/generated/client.py": V1,
            "src/app.py": V1,
        }
    )
    assert cli.main(["scan", str(root / "src"), "--format", "json"]) == 0
    paths = [os.path.basename(f["path"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert paths == ["app.py"]
