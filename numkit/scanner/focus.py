"""Where in a Python module V1 can be: the lines that mention a V1 word, or a name
assigned from one, followed to a fixed point.

Why: parsing and walking a whole module costs far more than reading it, and in a real
tree the V1 part of a file that passed the pre-filter is a few lines. ``focus_source``
blanks the top-level blocks that cannot matter before parsing (line numbers kept), and
``collect`` walks in full only the units that overlap the hot lines.
"""

from __future__ import annotations

import ast
import re

from .patterns import matching_lines

__all__ = ["focus_source", "hot_line_numbers", "hot_lines", "overlaps", "statements", "units"]

#: words a line needs for any rule to fire on it (the rest of a module is never walked)
_HINT_WORDS = (
    r"atapult|ATAPULT|andwidth|ANDWIDTH|vailableNumber|honeNumber|phone_number"
    r"|search_available_|search_and_order_|numberInfo|NumberInfo"
)
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def statements(body: list[ast.stmt]) -> list[ast.AST]:
    """Every statement, nested ones included, plus ``except`` handlers and ``match`` cases
    (which hold statements); expressions are not visited."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        stmt = stack.pop()
        out.append(stmt)
        for name in _BODIES:
            children = getattr(stmt, name, None)
            if children:
                stack.extend(reversed([c for c in children if isinstance(c, ast.AST)]))
    return out


def units(tree: ast.Module) -> list[ast.AST]:
    """What is walked or skipped as a whole: top-level statements, and the statements of
    top-level classes (methods one by one)."""
    units: list[ast.AST] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            units.extend(stmt.body)
        else:
            units.append(stmt)
    return units


def hot_lines(text: str, assigned: list[tuple[str, ast.AST]]) -> set[int]:
    """Line numbers that mention a V1 word, or a name whose assignment does (to a fixed
    point: ``BASE = "…catapult…"``, then ``url = BASE + …``, then ``get(url)``)."""
    words = _HINT_WORDS
    hot: set[int] = set()
    names: set[str] = set()
    for _round in range(4):
        hot = matching_lines(text, re.compile(words))
        grown = {
            key
            for key, stmt in assigned
            if key not in names and overlaps(stmt, hot) and len(key) > 1
        }
        if not grown:
            break
        names |= grown
        words = _HINT_WORDS + "|" + r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b"
    return hot


_ASSIGNED = re.compile(r"^\s*(?:self\.|cls\.)?([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)")
_BLOCK_START = re.compile(r"(?:async[ \t]+def|def|class)[ \t]|@")


def hot_line_numbers(lines: list[str]) -> set[int]:
    """1-based numbers of the lines that mention a V1 word, or a name assigned on such a
    line (to a fixed point), judged from the text alone (before any parsing)."""
    text = "".join(lines)
    hot = matching_lines(text, re.compile(_HINT_WORDS))
    names: set[str] = set()
    for _round in range(4):
        grown = set()
        for number in hot:
            match = _ASSIGNED.match(lines[number - 1])
            if match and len(match.group(1)) > 1 and match.group(1) not in names:
                grown.add(match.group(1))
        if not grown:
            break
        names |= grown
        mention = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
        hot |= matching_lines(text, mention)
    return hot


def focus_source(text: str) -> str:
    """The module with every top-level ``def``/``class`` block that cannot matter blanked
    out (line numbers kept), so parsing costs what the V1 part costs, not the whole file.

    Blocks are cut at column-0 ``def``, ``class`` and decorators; what comes before the
    first one (imports, constants) is always kept. If the cut ever produces invalid
    Python (a column-0 ``def`` inside a string), the caller parses the whole text.
    """
    lines = text.splitlines(keepends=True)
    hot = hot_line_numbers(lines)
    starts = [i for i, line in enumerate(lines) if _BLOCK_START.match(line)]
    if not starts:
        return text
    keep = [True] * len(lines)
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        if not any(n in hot for n in range(start + 1, end + 1)):
            for i in range(start, end):
                keep[i] = False
    return "".join(line if keep[i] else "\n" for i, line in enumerate(lines))


def overlaps(node: ast.AST, lines: set[int]) -> bool:
    start = getattr(node, "lineno", None)
    if start is None:
        return False
    end = getattr(node, "end_lineno", None) or start
    if end - start < len(lines):
        return any(n in lines for n in range(start, end + 1))
    return any(start <= n <= end for n in lines)
