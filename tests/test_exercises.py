"""The lessons' exercises: every solution confirmed, every wrong answer explained.

Each lesson (00 to 06, 04b included) runs in nbclient against a private sandbox with the solutions from
the :mod:`numkit.solutions` package put into its answer cells; every hidden check cell must then say
"right". After the lesson, one wrong answer per exercise is fed to the same check in
the same kernel (so it is judged against the lesson's own state), and its explanation
must appear. The shipped, unanswered state ("not answered yet") is asserted by
tests/test_notebooks.py; the check function's own edge cases are tested here without a
kernel.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from numkit import solutions
from numkit.solutions import EXERCISES

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts" / "notebooks"
LESSONS = [
    "00-start-here",
    "01-credentials",
    "02-search",
    "03-order-and-poll",
    "04-disconnect",
    "04b-notifications",
    "05-v1-vs-v2",
    "06-scan-your-code",
]

#: One wrong answer per exercise, and a phrase its explanation must contain.
WRONG: dict[str, tuple[str, str]] = {
    "00-1": ('answer_00_1 = kit.v2.search(area_code="910", quantity=2)', "its `.numbers`"),
    "00-2": ("answer_00_2 = numkit.sandbox.stop_running", "stops the sandbox"),
    "00-3": (
        'answer_00_3 = kit.v2.search(area_code="919", quantity=1).numbers[0]',
        'numbers="e164"',
    ),
    "01-1": ('answer_01_1 = "NUMKIT_V1_API_SECRET"', "V1's secret"),
    "01-2": ("answer_01_2 = 403", "a wrong login is 401"),
    "02-1": (
        'answer_02_1 = kit.v2.search(area_code="910", quantity=20).numbers',
        "expected a DataFrame",
    ),
    "02-2": ('answer_02_2 = batch["rate_center"].value_counts().idxmin()', " numbers, but "),
    "03-1": (
        'answer_03_1 = kit.v2.order_search(area_code="910", quantity=1)',
        "wait for it with",
    ),
    "03-2": (
        'answer_03_2 = kit.v2.wait_for_order(kit.v2.order_search(area_code="919", quantity=2))',
        "scenario-partial-",
    ),
    "03-3": ("answer_03_3 = len(kit.v2.exchanges)", "but the trace shows"),
    "04-1": (
        'answer_04_1 = kit.v2.order_search(area_code="919", quantity=1)',
        "that is an order's status",
    ),
    "04-2": ('answer_04_2 = "Available"', "not back on sale at once"),
    "04b-1": ("answer_04b_1 = lost.id", "notify-drop lost that order's notification"),
    "04b-2": ("answer_04b_2 = len(rx.notifications)", "is how many it kept"),
    "05-1": (
        'answer_05_1 = migrate.translate_v1("GET", "/v1/availableNumbers/local",'
        ' params={"areaCode": "910", "quantity": 2}, v2=kit.v2)',
        "the whole plan",
    ),
    "05-2": ("answer_05_2 = list(to_move)", "only the two numbers moved in section 5"),
    "06-1": ("answer_06_1 = len(report.findings)", "never fail CI"),
    "06-2": (
        'answer_06_2 = "DELETE /accounts/{accountId}/disconnects"',
        "V2 has no DELETE for a number",
    ),
}

pytestmark = [pytest.mark.notebooks, pytest.mark.timeout(900)]


def _exercise_cells(nb: nbformat.NotebookNode) -> dict[str, tuple[int, int]]:
    """key → (answer cell index, check cell index), found by the lessons' cell ids."""
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(nb.cells):
        match = re.fullmatch(r"(\d\d[a-z]?)-ex(\d)([bc])", cell.get("id", ""))
        if match:
            found.setdefault(f"{match[1]}-{match[2]}", []).append(i)
    return {key: (cells[0], cells[1]) for key, cells in found.items()}


def _shown(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def test_every_exercise_has_a_wrong_answer_and_a_lesson():
    assert sorted(WRONG) == sorted(EXERCISES)
    keys = []
    for stem in LESSONS:
        nb = nbformat.read(REPO / "notebooks" / f"{stem}.ipynb", as_version=4)
        cells = _exercise_cells(nb)
        assert 2 <= len(cells) <= 3, f"{stem}: two or three exercises"
        for key, (answer, check) in cells.items():
            assert nb.cells[answer].source.startswith(f"{EXERCISES[key].variable} = ...")
            assert nb.cells[check].metadata["jupyter"]["source_hidden"] is True
            assert f'solutions.check("{key}", globals())' in nb.cells[check].source
        keys += cells
    assert sorted(keys) == sorted(EXERCISES)


def test_a_check_never_raises():
    assert "not answered yet" in solutions.verdict("00-1", {})
    assert "not answered yet" in solutions.verdict("00-1", {"answer_00_1": ...})
    # an answer the judge cannot even handle is reported, not raised
    odd = solutions.verdict(
        "02-1", {"answer_02_1": type("Odd", (), {"columns": property(_boom)})()}
    )
    assert odd.startswith("✗ exercise 02-1: could not check this answer (RuntimeError: boom")
    assert "needs `batch`" in solutions.verdict("02-2", {"answer_02_2": "RALEIGH"})
    assert solutions.verdict("99-9", {}).startswith("✗ no exercise '99-9'")


def _boom(self):
    raise RuntimeError("boom")


def test_show_prints_the_solution(capsys):
    solutions.show("01-1")
    assert capsys.readouterr().out.strip() == 'answer_01_1 = "NUMKIT_V2_PASSWORD"'


@pytest.fixture
def lesson_sandbox(monkeypatch, tmp_path):
    from numkit import sandbox

    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path / "numkit-home"))
    with sandbox.start(order_delay=0.3) as running:  # default aging: a number stays Aging
        monkeypatch.setenv("NUMKIT_V1_BASE_URL", running.v1_url)
        monkeypatch.setenv("NUMKIT_V2_BASE_URL", running.v2_url)
        monkeypatch.delenv("NUMKIT_TARGET", raising=False)
        yield running


@pytest.mark.slow
@pytest.mark.parametrize("stem", LESSONS)
def test_solutions_confirm_and_wrong_answers_are_explained(stem, lesson_sandbox, tmp_path):
    nb = nbformat.read(REPO / "notebooks" / f"{stem}.ipynb", as_version=4)
    cells = _exercise_cells(nb)
    for key, (answer, _check) in cells.items():
        nb.cells[answer].source = EXERCISES[key].solution
    wrong_checks = {}
    for key in cells:
        source, _phrase = WRONG[key]
        nb.cells.append(new_code_cell(source))
        nb.cells.append(new_code_cell(f'solutions.check("{key}", globals())'))
        wrong_checks[key] = len(nb.cells) - 1
    client = NotebookClient(
        nb,
        timeout=120,
        startup_timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
        shutdown_kernel="immediate",
    )
    try:
        client.execute()
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, ARTIFACTS / f"{stem}.solved.ipynb")
    for key, (_answer, check) in cells.items():
        assert _shown(nb.cells[check]).startswith(f"✓ exercise {key}: right"), _shown(
            nb.cells[check]
        )
    for key, index in wrong_checks.items():
        shown = _shown(nb.cells[index])
        assert shown.startswith(f"✗ exercise {key}: not quite"), shown
        assert WRONG[key][1] in shown, shown
