"""The search-criteria form shared by the search panel and the order panel.

One widget per criterion (``area_code``, ``state``, …) named exactly like the client
keyword it feeds; a dropdown picks the search type and only that type's widgets are
shown. Checking is never copied here: every change runs ``numkit.validate`` (the
clients' own rules) and the hint line shows its verdict.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import ipywidgets as widgets

from ..errors import ValidationError
from ._common import AUTO_WIDTH, FIELD_WIDTH, show
from .apis import Api, SearchType, api_named

__all__ = ["CriteriaForm", "SearchType"]


# name -> (label, placeholder); booleans are listed in _BOOLS.
_TEXT = {
    "area_code": ("Area code", "3 digits, e.g. 919"),
    "npa_nxx": ("NPA-NXX", "6 digits, e.g. 919555"),
    "npa_nxxx": ("NPA-NXX-X", "7 digits, e.g. 9195551"),
    "rate_center": ("Rate center", "e.g. RALEIGH"),
    "city": ("City", "e.g. RALEIGH"),
    "state": ("State", "2 letters, e.g. NC"),
    "zip": ("ZIP", "5 digits, e.g. 27606"),
    "lata": ("LATA", "up to 5 digits, e.g. 426"),
    "local_vanity": ("Vanity", "4-7 letters/digits, e.g. NEWCARS"),
    "toll_free_vanity": ("Vanity", "letters/digits, e.g. HELP"),
    "toll_free_wildcard": ("Pattern", "8 + two of digit/*, e.g. 8**"),
    "local_number": ("Local number", "optional: 3-4 digits after the area code"),
    "pattern": ("Pattern", "optional: digits, ? and *, e.g. 8**"),
}
# name -> (label, default, sent only when it differs from the default)
_BOOLS = {
    "lca": ("Include the local calling area (LCA)", True),
    "ends_in": ("Vanity at the end of the number", False),
}


class CriteriaForm:
    """Dropdown of search types + one widget per criterion + quantity + a hint line."""

    def __init__(
        self,
        api: str | Api,
        *,
        order: bool = False,
        quantity: int = 10,
        extra: dict[str, widgets.Widget] | None = None,
        guard: Callable[[str], AbstractContextManager[Any]] | None = None,
    ) -> None:
        self.order = order
        # The owning panel's callback guard (its Output + error rendering), so an error
        # while checking input is shown in the panel instead of only being logged.
        self._guard = guard or (lambda _doing: contextlib.nullcontext())
        self.type = widgets.Dropdown(description="Search by", style={"description_width": "90px"})
        self.fields: dict[str, widgets.Widget] = {}
        wide = {"description_width": "90px"}
        for name, (label, placeholder) in _TEXT.items():
            self.fields[name] = widgets.Text(
                description=label,
                placeholder=placeholder,
                style=wide,
                continuous_update=True,
                layout=widgets.Layout(width=FIELD_WIDTH),
            )
        for name, (label, default) in _BOOLS.items():
            self.fields[name] = widgets.Checkbox(
                value=default, description=label, indent=False, layout=AUTO_WIDTH()
            )
        self.fields["quantity"] = widgets.BoundedIntText(
            value=quantity, min=1, max=5000, description="Quantity", style=wide
        )
        self.fields["details"] = widgets.Checkbox(
            value=True,
            description="Details (city, rate center, LATA…)",
            indent=False,
            layout=AUTO_WIDTH(),
        )
        self._extra = dict(extra or {})
        self.fields.update(self._extra)
        self.hint = widgets.HTML()  # escaped text: a Label's text would be typeset as math
        self.hint_text = ""
        self.box = widgets.VBox([self.type, *self.fields.values(), self.hint])
        self.valid = False
        self.type.observe(self._on_input, names="value")
        for widget in self.fields.values():
            widget.observe(self._on_input, names="value")
        self.set_api(api)

    # -- API switch ---------------------------------------------------------------------
    def set_api(self, api: str | Api) -> None:
        self.adapter = api_named(api) if isinstance(api, str) else api
        self.api = self.adapter.name
        self._types = {t.key: t for t in self.adapter.search_types(order=self.order)}
        self.fields["quantity"].max = self.adapter.max_quantity(order=self.order)
        if self.fields["quantity"].value > self.fields["quantity"].max:
            self.fields["quantity"].value = self.fields["quantity"].max
        current = self.type.value
        self.type.options = [(t.label, t.key) for t in self._types.values()]
        self.type.value = current if current in self._types else next(iter(self._types))
        self._on_change()

    @property
    def search_type(self) -> SearchType:
        return self._types[self.type.value]

    def visible_fields(self) -> list[str]:
        names = [*list(self.search_type.fields), "quantity"]
        if self.adapter.offers_details(order=self.order):
            names.append("details")
        return names + list(self._extra)

    # -- reading and checking -----------------------------------------------------------
    def criteria(self) -> dict[str, Any]:
        """The values of the visible criteria (empty text left out), unchecked."""
        out: dict[str, Any] = {}
        for name in self.visible_fields():
            if name in self._extra:
                continue
            widget = self.fields[name]
            value = widget.value
            if name in _BOOLS:
                if value != _BOOLS[name][1]:
                    out[name] = value
            elif name == "details":
                out[name] = bool(value)
            elif isinstance(value, str):
                if value.strip():
                    out[name] = value.strip()
            else:
                out[name] = value
        return out

    def checked(self) -> tuple[str, dict[str, Any]]:
        """(kind, normalised criteria) from ``numkit.validate``; raises ValidationError."""
        kind = self.search_type.kind
        criteria = self.criteria()
        for name in self.search_type.required:
            if name not in criteria:
                label = _TEXT.get(name, (name,))[0]
                raise ValidationError(name, None, f"{label} is required for this search type")
        return kind, self._check(kind, criteria)

    def _check(self, kind: str, criteria: dict[str, Any]) -> dict[str, Any]:
        return self.adapter.check(kind, criteria, order=self.order)

    def _on_input(self, _change: Any) -> None:
        with self._guard("Checking the input"):
            self._on_change()

    def _on_change(self, _change: Any = None) -> None:
        visible = set(self.visible_fields())
        for name, widget in self.fields.items():
            show(widget, name in visible)
        try:
            _kind, normalised = self.checked()
        except ValidationError as exc:
            self.valid = False
            self._hint(f"✗ {exc.rule}" if exc.value is None else f"✗ {exc}", "#cf222e")
        else:
            self.valid = True
            shown = ", ".join(f"{k}={v}" for k, v in normalised.items())
            self._hint(f"✓ ready: {shown}", "#1a7f37")

    def _hint(self, text: str, color: str) -> None:
        self.hint_text = text
        self.hint.value = (
            f"<div class='tex2jax_ignore' style='color:{color}'>{html.escape(text)}</div>"
        )
