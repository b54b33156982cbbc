"""Bad input never stops a scan: each problem is listed in ``report.errors`` with a reason,
every other file is still scanned, and nothing in the tree is run, imported or changed."""

from __future__ import annotations

import hashlib
import os
import sys

import pytest

import numkit
from numkit.scanner import engine, walk

V1_LINE = 'requests.get("https://api.catapult.inetwork.com/v1/availableNumbers/local")\n'
GOOD = {"good.py": "import requests\n" + V1_LINE}


def _errors(report):
    return {os.path.basename(e.path): e.reason for e in report.errors}


def _still_found_good(report):
    assert [os.path.basename(f.path) for f in report.findings if f.kind == "http-call"] == [
        "good.py"
    ]


def test_syntax_error_is_reported_and_the_file_still_scanned_as_text(tree):
    root = tree({**GOOD, "broken.py": "def f(:\n    " + V1_LINE})
    report = numkit.scan(root)
    assert _errors(report)["broken.py"].startswith("syntax error at line 1")
    broken = [f for f in report.findings if f.path.endswith("broken.py")]
    assert broken and broken[0].confidence == "medium" and broken[0].line == 2


def test_invalid_notebooks(tree):
    root = tree(
        {
            **GOOD,
            "notjson.ipynb": "{not json catapult",
            "list.ipynb": '["catapult"]',
            "nocells.ipynb": '{"metadata": {}, "catapult": 1}',
            "badcell.ipynb": '{"cells": [1, {"cell_type": "code", "source": "x = (\\n"}],'
            ' "note": "catapult"}',
        }
    )
    errors = _errors(numkit.scan(root))
    assert errors["notjson.ipynb"].startswith("invalid notebook: not JSON")
    assert errors["list.ipynb"] == "invalid notebook: the top level is not an object"
    assert errors["nocells.ipynb"] == "invalid notebook: no list of cells"
    assert (
        "cell 0: not a cell object" in errors["badcell.ipynb"]
        or "cell 1" in errors["badcell.ipynb"]
    )
    _still_found_good(numkit.scan(root))


def test_binary_and_oversized_files(tree):
    root = tree({**GOOD, "blob.py": b"\x00\x01catapult\x00" * 10, "big.js": "x" * 5000})
    report = numkit.scan(root, max_bytes=4096)
    errors = _errors(report)
    assert errors["blob.py"] == "binary file (NUL bytes), not scanned"
    assert errors["big.js"].startswith("over the size limit (5,000 bytes > 4,096)")
    _still_found_good(report)


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("latin1.py", V1_LINE.encode() + b"# caf\xe9\n", "not valid utf-8"),
        ("cookie.py", b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + V1_LINE.encode(), None),
        ("bom16.js", "\ufeff".encode("utf-16-le") + V1_LINE.encode("utf-16-le"), None),
        ("bom8.rb", b"\xef\xbb\xbf" + V1_LINE.encode(), None),
        ("badcookie.py", b"# -*- coding: klingon -*-\n" + V1_LINE.encode(), "encoding"),
    ],
)
def test_odd_encodings(tree, name, data, problem):
    root = tree({name: data})
    report = numkit.scan(root)
    found = [f for f in report.findings if f.v1_call == "GET /v1/availableNumbers/local"]
    assert found, f"{name}: the V1 URL must still be found"
    errors = _errors(report)
    if problem is None:
        assert name not in errors
    else:
        assert problem in errors[name].lower()


def test_symlink_loops_and_broken_links(tree):
    root = tree(GOOD)
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a loop back to the root
    os.symlink("self", root / "self")  # a link to itself
    os.symlink("missing.py", root / "dangling.py")
    report = numkit.scan(root)
    errors = _errors(report)
    assert errors["up"].startswith("symlink loop")
    assert errors["self"] == "symlink loop"
    assert errors["dangling.py"] == "broken symlink"
    _still_found_good(report)


def test_a_symlinked_folder_is_scanned_once(tree):
    root = tree({"real/app.py": GOOD["good.py"]})
    os.symlink("real", root / "alias")
    report = numkit.scan(root)
    assert len([f for f in report.findings if f.kind == "http-call"]) == 1
    assert report.errors == []


def test_fifo_is_never_opened(tree):
    root = tree(GOOD)
    os.mkfifo(root / "pipe.py")  # opening it for reading would block forever
    report = numkit.scan(root)
    _still_found_good(report)


def test_permission_denied_file_and_folder(tree, monkeypatch):
    root = tree({**GOOD, "secret.py": V1_LINE, "locked/inner.py": V1_LINE})
    if os.geteuid() != 0:
        os.chmod(root / "secret.py", 0)
        os.chmod(root / "locked", 0)
    else:  # root reads everything: make the OS answer as it would for a normal user
        real_read, real_scandir = engine.read_bytes, walk.os.scandir

        def read_bytes(path, limit):
            if os.path.basename(path) == "secret.py":
                raise PermissionError(13, "Permission denied", str(path))
            return real_read(path, limit)

        def scandir(path):
            if os.path.basename(path) == "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(engine, "read_bytes", read_bytes)
        monkeypatch.setattr(walk.os, "scandir", scandir)
    try:
        report = numkit.scan(root)
    finally:
        os.chmod(root / "locked", 0o700)
        os.chmod(root / "secret.py", 0o644)
    errors = _errors(report)
    assert errors["secret.py"] == "permission denied"
    assert errors["locked"] == "permission denied"
    _still_found_good(report)
    assert report.exit_code(fail_on_found=False) == 0


def test_missing_paths_and_bad_arguments(tree):
    report = numkit.scan(tree(GOOD) / "nope")
    assert _errors(report) == {"nope": "no such file or folder"}
    with pytest.raises(numkit.ValidationError):
        numkit.scan(".", max_bytes=0)
    with pytest.raises(numkit.ValidationError):
        numkit.scan(123)  # type: ignore[arg-type]


def _fingerprint(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            digest = ""
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
            out[path] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return out


def test_nothing_in_the_tree_is_run_imported_or_changed(tree, tmp_path):
    marker = tmp_path / "RAN"
    boom = f"open({str(marker)!r}, 'w').write('ran')\n" + V1_LINE
    root = tree(
        {
            "evilpkg/__init__.py": boom,
            "setup.py": boom,
            "conftest.py": boom,
            "sitecustomize.py": boom,
            "nb.ipynb": '{"cells": [{"cell_type": "code", "source": '
            + repr(boom).replace("'", '"')
            + "}]}",
            "run.sh": "#!/bin/sh\ntouch "
            + str(marker)
            + "\ncurl https://api.catapult.inetwork.com/v1/availableNumbers/local\n",
            "Makefile": "all:\n\ttouch " + str(marker) + "\n",
        }
    )
    os.chmod(root / "run.sh", 0o700)
    before = _fingerprint(root)
    modules = set(sys.modules)
    report = numkit.scan(root)
    assert report.findings, "the tree holds V1 calls"
    assert not marker.exists(), "scanned code was executed"
    assert not any(m in {"evilpkg", "setup", "conftest_evil"} for m in set(sys.modules) - modules)
    assert "evilpkg" not in sys.modules
    assert _fingerprint(root) == before, "the scan changed the tree"
    assert not list(root.rglob("__pycache__"))


def test_pathological_sources_do_not_stop_the_scan(tree):
    deep_json = '{"cells": ' + "[" * 100_000 + "]" * 100_000 + ', "x": "catapult"}'
    long_chain = "import requests\nx = " + " + ".join(["'catapult'"] * 50_000) + "\n"
    nested = "x = " + "(" * 300 + "'catapult'" + ")" * 300 + "\n"
    root = tree({**GOOD, "deep.ipynb": deep_json, "chain.py": long_chain, "nested.py": nested})
    report = numkit.scan(root)
    errors = _errors(report)
    assert errors["deep.ipynb"].startswith("invalid notebook")
    assert errors["nested.py"].startswith(("syntax error", "cannot parse"))
    _still_found_good(report)
