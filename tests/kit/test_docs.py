"""What the docs tell a newcomer about installing and launching (issue 17, items 1-2).

``numkit`` on the package index is an unrelated project, so no README, doc page or
notebook may ever tell anyone to ``pip install numkit``; the distribution is
``numkit-bandwidth``. The README's first minutes must say how to reach the ``numkit``
command and the Quick start after ``scripts/start.sh``.
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import REPO

#: ``pip install numkit`` in any spelling: options before it, quotes, extras, pip3,
#: ``python -m pip``; but not ``numkit-bandwidth`` or a path such as ``./numkit``.
WRONG_INSTALL = re.compile(
    r"pip3?\s+install\s+(?:-{1,2}[\w-]+(?:[ =]\S+)?\s+)*['\"]?numkit(?![\w.-])", re.I
)


def _texts() -> dict[str, str]:
    files = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    files += sorted((REPO / "numkit").rglob("*.md"))  # e.g. the scanner's sample project
    texts = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in files}
    for nb in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts[str(nb.relative_to(REPO))] = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells
        )
    return texts


@pytest.mark.parametrize(
    "line",
    [
        "pip install numkit",
        "python -m pip install -U numkit",
        "pip3 install 'numkit[lab]'",
        'pip install --upgrade "numkit"',
        "!pip install numkit==0.1.0",
    ],
)
def test_the_check_catches_every_spelling(line):
    assert WRONG_INSTALL.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "pip install numkit-bandwidth",
        "pip install 'numkit-bandwidth[lab]'",
        "pip install -e '.[lab,test]'",
        'python -m pip install "$(ls dist/numkit_bandwidth-*.whl)[lab]"',
    ],
)
def test_the_check_lets_the_right_name_through(line):
    assert not WRONG_INSTALL.search(line)


def test_no_doc_or_notebook_says_pip_install_numkit():
    found = {
        name: match.group(0)
        for name, text in _texts().items()
        for match in [WRONG_INSTALL.search(text)]
        if match
    }
    assert not found, f"use the distribution name numkit-bandwidth: {found}"


def test_readme_first_minutes_say_how_to_reach_numkit():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("bash scripts/start.sh")
    quick = readme.index("## Quick start")
    first_minutes = readme[start:quick]
    for needed in (
        "source .venv/bin/activate",  # activate the environment ...
        ".venv/bin/numkit",  # ... or call its programs by path
        "numkit: command not found",  # the symptom, so a search finds the answer
        "`numkit/`",  # the Quick start's one place it does not run from
        "numkit sandbox --stop",  # what numkit lab leaves running, and how to stop it
        "numkit app",  # documented next to numkit lab
        "numkit-bandwidth",  # the distribution name
    ):
        assert needed in first_minutes, needed
    assert "YOUR-ORG" not in readme and "example.invalid" not in readme
    assert "binder" in readme.lower()  # the one line on how to add a Binder badge
