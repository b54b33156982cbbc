"""The search-criteria form shared by the search panel and the order panel.

One widget per criterion (``area_code``, ``state``, …) named exactly like the client
keyword it feeds; a dropdown picks the search type and only that type's widgets are
shown. Checking is never copied here: every change runs ``numkit.validate`` (the
clients' own rules) and the hint line shows its verdict.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ..errors import ValidationError
from ._common import show

__all__ = ["CriteriaForm", "SearchType", "search_types"]


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    kind: str = "local"  # V1: which endpoint (local / toll_free)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


V2_TYPES = (
    SearchType("area_code", "Area code", ("area_code",)),
    SearchType("npa_nxx", "NPA-NXX", ("npa_nxx",), ("lca",)),
    SearchType("npa_nxxx", "NPA-NXX-X", ("npa_nxxx",), ("lca",)),
    SearchType("rate_center", "Rate center", ("rate_center", "state"), ("lca",)),
    SearchType("city", "City", ("city", "state")),
    SearchType("state", "State", ("state",)),
    SearchType("zip", "ZIP", ("zip",)),
    SearchType("lata", "LATA", ("lata",)),
    SearchType("local_vanity", "Local vanity", ("local_vanity",), ("ends_in", "area_code")),
    SearchType("toll_free_vanity", "Toll-free vanity", ("toll_free_vanity",), (), "toll_free"),
    SearchType(
        "toll_free_wildcard", "Toll-free wildcard", ("toll_free_wildcard",), (), "toll_free"
    ),
)

V1_TYPES = (
    SearchType("area_code", "Local: area code", ("area_code",), ("local_number",)),
    SearchType("city", "Local: city + state", ("city", "state")),
    SearchType("state", "Local: state", ("state",)),
    SearchType("zip", "Local: ZIP", ("zip",)),
    SearchType("toll_free", "Toll-free pattern", ("pattern",), (), "toll_free"),
)

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


def search_types(api: str, *, order: bool = False) -> tuple[SearchType, ...]:
    """The search types a client supports (``order=True``: search-and-order)."""
    if api == "V1":
        # V1 search-and-order takes the local location criteria or toll-free quantity.
        return tuple(t for t in V1_TYPES if not (order and t.kind == "toll_free")) + (
            (SearchType("toll_free", "Toll-free", (), (), "toll_free"),) if order else ()
        )
    return V2_TYPES


def _validator(api: str, order: bool):
    from .. import validate

    if api == "V1":
        return lambda kind, criteria: validate.v1_search(kind=kind, order=order, **criteria)
    if order:
        return lambda kind, criteria: validate.v2_order(**criteria)
    return lambda kind, criteria: validate.v2_search(**criteria)


class CriteriaForm:
    """Dropdown of search types + one widget per criterion + quantity + a hint line."""

    def __init__(
        self,
        api: str,
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
                description=label, placeholder=placeholder, style=wide, continuous_update=True
            )
        for name, (label, default) in _BOOLS.items():
            self.fields[name] = widgets.Checkbox(value=default, description=label, indent=False)
        self.fields["quantity"] = widgets.BoundedIntText(
            value=quantity, min=1, max=5000, description="Quantity", style=wide
        )
        self.fields["details"] = widgets.Checkbox(
            value=True, description="Details (city, rate center, LATA…)", indent=False
        )
        self._extra = dict(extra or {})
        self.fields.update(self._extra)
        self.hint = widgets.Label(value="")
        self.box = widgets.VBox([self.type, *self.fields.values(), self.hint])
        self.valid = False
        self.type.observe(self._on_input, names="value")
        for widget in self.fields.values():
            widget.observe(self._on_input, names="value")
        self.set_api(api)

    # -- API switch ---------------------------------------------------------------------
    def set_api(self, api: str) -> None:
        self.api = api
        self._types = {t.key: t for t in search_types(api, order=self.order)}
        self._check = _validator(api, self.order)
        self.fields["quantity"].max = 10 if (api == "V1" and self.order) else 5000
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
        if self.api == "V2" and not self.order:
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
            self.hint.value = f"✗ {exc.rule}" if exc.value is None else f"✗ {exc}"
            self.hint.style.text_color = "#cf222e"
        else:
            self.valid = True
            shown = ", ".join(f"{k}={v}" for k, v in normalised.items())
            self.hint.value = f"✓ ready: {shown}"
            self.hint.style.text_color = "#1a7f37"
