"""The Python API: the report's table, the sample project, copying it, the scan's focus."""

from __future__ import annotations

import ast
import hashlib

import pytest

import numkit
from numkit.scanner import copy_sample_project, sample_project
from numkit.scanner.pyscan import focus_source, scan_python

V1 = 'import requests\nrequests.get("https://api.catapult.inetwork.com/v1/availableNumbers/tollFree")\n'


def test_to_frame_columns_and_dtypes(tree):
    frame = numkit.scan(
        tree(
            {
                "a.py": V1,
                "n.ipynb": '{"cells": [{"cell_type": "code", "source": '
                '"!curl https://api.catapult.inetwork.com/v1/availableNumbers/local"}]}',
            }
        )
    ).to_frame()
    assert list(frame.columns) == list(numkit.scanner.COLUMNS)
    assert str(frame["line"].dtype) == "Int64" and str(frame["cell"].dtype) == "Int64"
    assert str(frame["v1_call"].dtype) == "string"
    assert frame["cell"].isna().tolist() == [True, False]
    empty = numkit.scan(tree({"b/x.py": "x = 1\n"}) / "b").to_frame()
    assert list(empty.columns) == list(numkit.scanner.COLUMNS) and len(empty) == 0


def test_scan_defaults_to_the_current_folder(tree, monkeypatch):
    monkeypatch.chdir(tree({"app.py": V1}))
    report = numkit.scan()
    assert [f.path for f in report.findings] == ["app.py"]
    assert report.roots == ["."]


def _digest(root):
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_the_sample_project_holds_search_order_list_and_release(tmp_path):
    before = _digest(sample_project())
    report = numkit.scan(sample_project())
    calls = {(f.path.rsplit("/", 1)[-1], f.v1_call) for f in report.gating}
    for name in ("app.py", "provision.py"):
        kinds = {call.split(" ", 1)[1] for file, call in calls if file == name}
        assert "/v1/availableNumbers/local" in kinds, name  # search
        assert "/v1/users/{userId}/phoneNumbers" in kinds, name  # list (and order in app.py)
        assert "/v1/users/{userId}/phoneNumbers/{numberId}" in kinds, name  # release
    assert ("app.py", "POST /v1/users/{userId}/phoneNumbers") in calls  # order
    assert ("provision.py", "POST /v1/availableNumbers/local") in calls  # search-and-order
    assert any(f.cell is not None for f in report.findings)  # the notebook, per cell
    assert report.errors == []
    assert _digest(sample_project()) == before
    copy = copy_sample_project(tmp_path / "mine")
    assert _digest(copy) != before and len(numkit.scan(copy).findings) == len(report.findings)
    with pytest.raises(numkit.ValidationError):
        copy_sample_project(copy)  # not empty


def test_focus_falls_back_to_the_whole_module_when_the_cut_breaks_it(tree):
    tricky = (
        'import requests\nDOC = """\ndef not_a_function():\n"""\n'
        "def helper():\n    return 1\n\n"
        'def go():\n    requests.delete("https://api.catapult.inetwork.com/v1/users/u/phoneNumbers/n-1")\n'
    )
    with pytest.raises(SyntaxError):
        ast.parse(focus_source(tricky))  # the cut lands inside the string
    report = numkit.scan(tree({"t.py": tricky}))
    assert [(f.line, f.v1_call) for f in report.findings] == [
        (9, "DELETE /v1/users/{userId}/phoneNumbers/{numberId}")
    ]
    assert report.errors == []


def test_focus_keeps_what_the_v1_call_needs():
    code = (
        'import requests\nAPI = "https://api.catapult.inetwork.com"\n'
        "def unrelated():\n    return sum(range(10))\n\n"
        'def url_of(u):\n    return API + "/v1/users/" + u\n\n'
        "def numbers(u):\n    base = url_of(u)\n    return requests.get(API + '/v1/users/' + u + '/phoneNumbers')\n"
    )
    focused = focus_source(code)
    assert "sum(range(10))" not in focused and "requests.get" in focused
    assert focused.count("\n") == code.count("\n")  # line numbers kept
    hits = scan_python(ast.parse(focused), code)
    assert [(h.line, h.method) for h in hits if h.kind == "http-call"] == [(11, "GET")]
