"""Rich displays for result objects: a short ``repr`` and a small HTML table.

Why a decorator instead of a base class: the result types are frozen dataclasses whose
generated ``__repr__`` lists every field (raw payloads excluded, but still long).
``@rich_repr`` placed above ``@dataclass`` replaces it with one readable line and adds
``_repr_html_`` (a definition table; plus the first rows of ``to_frame()`` for
collections), so a notebook shows a result as a table instead of a wall of text.

Every value is ``html.escape``d: results carry text a server sent (a "number" can be
``<img src=x onerror=…>``), and JupyterLab renders HTML with ``innerHTML``. The HTML sits
in a ``tex2jax_ignore`` container and values in ``<code>``, so a ``$`` in a value is
never typeset as math. Fields named like secrets are masked in both forms.

Stdlib only: :mod:`numkit.models` imports this module and must stay light.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

__all__ = [
    "HTML_CLASS",
    "MASK",
    "code_spans",
    "escape",
    "field_rows",
    "html_block",
    "is_secret_name",
    "rich_repr",
    "short_value",
    "table_html",
]

T = TypeVar("T")

MASK = "***"
#: Class of every HTML container numkit emits: JupyterLab's MathJax skips it.
HTML_CLASS = "numkit tex2jax_ignore"
_SECRET_WORDS = ("password", "secret", "token", "authorization", "credential")
_MAX_TEXT = 60
_MAX_ITEMS = 3
_MAX_HTML_ITEMS = 20
_MAX_ROWS = 10
_TD = "text-align:left;vertical-align:top;padding:1px 8px"


def escape(value: Any) -> str:
    """``html.escape(str(value))`` with quotes: the one escaping rule for emitted HTML."""
    return html.escape(str(value), quote=True)


_CODE_TOKEN = re.compile(
    r"'?\$?[A-Z][A-Z0-9]*_[A-Z0-9_]+(?::\$?[A-Z][A-Z0-9]*_[A-Z0-9_]+)?(?:=[^\s,;]+)?'?"
    r"|\S*\$\S*"
)


def code_spans(text: str) -> str:
    """``text`` escaped, with variable names and anything holding a ``$`` in ``<code>``
    (MathJax never typesets inside ``<code>``; escaping ``$`` alone does not help)."""
    out: list[str] = []
    last = 0
    for match in _CODE_TOKEN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<code>{escape(match.group(0))}</code>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def html_block(inner: str, *, css_class: str = "") -> str:
    """``inner`` in a container MathJax leaves alone (``tex2jax_ignore``)."""
    extra = f" {escape(css_class)}" if css_class else ""
    return f"<div class='{HTML_CLASS}{extra}'>{inner}</div>"


def short_value(value: Any, *, limit: int = _MAX_ITEMS, width: int = _MAX_TEXT) -> str:
    """A value in a few characters: lists previewed, long text cut, dates ISO."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{k}={MASK if is_secret_name(str(k)) else short_value(v, width=20)}"
            for k, v in list(value.items())[:limit]
        )
        more = ", …" if len(value) > limit else ""
        return "{" + inner + more + "}"
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        inner = ", ".join(short_value(v, width=24) for v in items[:limit])
        more = f", … ({len(items)} in all)" if len(items) > limit else ""
        return "[" + inner + more + "]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return repr(value)
    text = str(value)
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 1000 else f"{value:.1f}"
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _shown(value: Any) -> bool:
    if value is None or value == "" or value == b"":
        return False
    return not (isinstance(value, list | tuple | dict | set) and not value)


def field_rows(obj: Any) -> list[tuple[str, Any]]:
    """(name, value) of the dataclass fields worth showing: set, not hidden (repr=False),
    secrets masked."""
    rows: list[tuple[str, Any]] = []
    for f in dataclasses.fields(obj):
        if not f.repr or f.name.startswith("_"):
            continue
        value = getattr(obj, f.name, None)
        if not _shown(value):
            continue
        rows.append((f.name, MASK if is_secret_name(f.name) else value))
    return rows


def _short_repr(self: Any) -> str:
    parts = [f"{name}={short_value(value)}" for name, value in field_rows(self)]
    return f"<{type(self).__name__} {' '.join(parts)}>" if parts else f"<{type(self).__name__}>"


def _html_value(value: Any) -> str:
    if isinstance(value, list | tuple) and value and not isinstance(value[0], str | int):
        return "<br>".join(f"<code>{escape(short_value(v, width=120))}</code>" for v in value)
    if isinstance(value, list | tuple):
        items = [short_value(v, width=80) for v in value]
        more = f" … ({len(items)} in all)" if len(items) > _MAX_HTML_ITEMS else ""
        return f"<code>{escape(', '.join(items[:_MAX_HTML_ITEMS]))}</code>{escape(more)}"
    return f"<code>{escape(short_value(value, limit=_MAX_HTML_ITEMS, width=200))}</code>"


def table_html(rows: Sequence[tuple[str, Any]], *, title: str | None = None) -> str:
    """A two-column table (name, value), every cell escaped, in a MathJax-free block."""
    body = "".join(
        f"<tr><th style='{_TD};font-weight:600'>{escape(name)}</th>"
        f"<td style='{_TD}'>{_html_value(value)}</td></tr>"
        for name, value in rows
    )
    head = f"<div style='font-weight:600'>{escape(title)}</div>" if title else ""
    return html_block(f"{head}<table style='border-collapse:collapse'>{body}</table>")


def _frame_preview(obj: Any) -> str:
    to_frame = getattr(obj, "to_frame", None)
    if not callable(to_frame):
        return ""
    try:
        frame = to_frame()
    except Exception:  # a preview must never break the display of the object itself
        return ""
    if not len(frame):
        return ""
    shown = frame.head(_MAX_ROWS)
    table = shown.to_html(index=False, escape=True, border=0, na_rep="<NA>")
    more = (
        f"<div><i>first {_MAX_ROWS} of {len(frame)} rows: .to_frame() has them all</i></div>"
        if len(frame) > _MAX_ROWS
        else ""
    )
    return table + more


def _rich_html(self: Any) -> str:
    rows = field_rows(self)
    extra = _frame_preview(self)
    summary = str(self) if type(self).__str__ is not object.__str__ else ""
    title = type(self).__name__
    if summary and summary != repr(self):
        title += f": {summary}"
    markup = table_html(rows, title=title)
    if extra:
        markup = markup[: -len("</div>")] + extra + "</div>"
    return markup


def rich_repr(cls: type[T] | None = None, *, keep_repr: bool = False) -> Any:
    """Class decorator (above ``@dataclass``): a short ``__repr__`` and ``_repr_html_``.

    ``keep_repr=True`` keeps a ``__repr__`` the class wrote itself.
    """

    def apply(klass: type[T]) -> type[T]:
        if not keep_repr:
            klass.__repr__ = _short_repr  # type: ignore[method-assign]
        if "_repr_html_" not in vars(klass):
            klass._repr_html_ = _rich_html  # type: ignore[attr-defined]
        return klass

    if cls is None:
        return apply
    return apply(cls)
