"""SearchPanel: pick a search type, fill in only its fields, search, tick numbers."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ._common import Panel, api_of, frame_html
from ._criteria import CriteriaForm

__all__ = ["SearchPanel"]


class SearchPanel(Panel):
    """Search for available numbers on a V1 or V2 client.

    Public controls: ``search_type`` (dropdown), ``fields`` (criterion name → widget;
    only the chosen type's are shown), ``search_button``, ``status``, ``selector`` (a
    multi-select of the numbers found). Results: ``result`` (last DataFrame or None),
    ``selected`` (list of ticked numbers: 10-digit on V2, E.164 on V1).

    >>> panel = SearchPanel(kit.v2)                                    # doctest: +SKIP
    >>> panel.fields["area_code"].value = "919"; panel.search_button.click()
    """

    def __init__(self, client: Any, *, quantity: int = 10) -> None:
        super().__init__()
        self._client = client
        self._form = CriteriaForm(api_of(client), quantity=quantity, guard=self._callback)
        self.search_type = self._form.type
        self.fields = self._form.fields
        self.search_button = widgets.Button(
            description="Search", button_style="primary", icon="search"
        )
        self.selector = widgets.SelectMultiple(
            options=[], rows=8, description="Pick", layout=widgets.Layout(width="420px")
        )
        self._all_button = widgets.Button(description="Select all", layout={"width": "110px"})
        self._none_button = widgets.Button(description="Clear", layout={"width": "110px"})
        self._table = widgets.HTML(value="")
        self._title = widgets.HTML()
        self.result = None
        self._set_title()
        self.children = [
            self._title,
            self._form.box,
            self.search_button,
            self.status,
            widgets.HBox([self.selector, widgets.VBox([self._all_button, self._none_button])]),
            self._table,
            self._out,
        ]
        self._wire()

    def _wire(self) -> None:
        self.search_button.on_click(self._on_search)
        self._all_button.on_click(self._on_select_all)
        self._none_button.on_click(self._on_select_none)

    # -- public -------------------------------------------------------------------------
    @property
    def client(self) -> Any:
        return self._client

    @client.setter
    def client(self, client: Any) -> None:
        """Swap the client (e.g. V2 → V1): search types and fields follow, results clear."""
        self._client = client
        self._form.set_api(api_of(client))
        self.result = None
        self.selector.options = []
        self._table.value = ""
        self._set_status("")
        self._set_title()

    @property
    def selected(self) -> list[str]:
        """The numbers ticked in :attr:`selector`."""
        return list(self.selector.value)

    @selected.setter
    def selected(self, numbers: list[str]) -> None:
        self.selector.value = tuple(numbers)

    @property
    def api(self) -> str:
        return api_of(self._client)

    def search(self) -> Any:
        """What the button does; returns the DataFrame (also in :attr:`result`)."""
        with self._callback("Search", self.search_button):
            self._search()
        return self.result

    # -- callbacks ----------------------------------------------------------------------
    def _on_search(self, _button: widgets.Button) -> None:
        with self._callback("Search", self.search_button):
            self._search()

    def _on_select_all(self, _button: widgets.Button) -> None:
        with self._callback("Select all"):
            self.selector.value = tuple(value for _label, value in self.selector.options)

    def _on_select_none(self, _button: widgets.Button) -> None:
        with self._callback("Clear selection"):
            self.selector.value = ()

    # -- logic (delegated to the client) ------------------------------------------------
    def _search(self) -> None:
        self._clear()
        kind, criteria = self._form.checked()
        api = self.api
        shown = ", ".join(f"{k}={v}" for k, v in criteria.items())
        self._set_status(f"Searching {api} ({shown})…", "busy")
        if api == "V1":
            if kind == "toll_free":
                found = self._client.search_toll_free(**criteria)
            else:
                found = self._client.search_local(**criteria)
            column = "number"
        else:
            found = self._client.search(**criteria)
            column = "full_number"
        frame = found.to_frame()
        self.result = frame
        numbers = [str(n) for n in frame[column]] if len(frame) else []
        self.selector.value = ()
        self.selector.options = [(self._label(frame, i, n), n) for i, n in enumerate(numbers)]
        self._table.value = frame_html(frame)
        count = len(frame)
        noun = "number" if count == 1 else "numbers"
        self._set_status(
            f"{count} {noun} found on {api} ({shown})" + ("" if count else ": try other criteria"),
            "ok" if count else "warn",
        )
        self._say(f"{api} search ({shown}): {count} {noun}")

    @staticmethod
    def _label(frame: Any, row: int, number: str) -> str:
        place = []
        for column in ("city", "state"):
            if column in frame.columns:
                value = frame[column].iloc[row]
                if isinstance(value, str) and value:
                    place.append(value)
        return f"{number}  {', '.join(place)}" if place else number

    def _set_title(self) -> None:
        api = self.api
        what = (
            "V1 (Catapult): <code>GET /availableNumbers/local</code> or <code>/tollFree</code>"
            if api == "V1"
            else "V2 (Dashboard): <code>GET /accounts/{id}/availableNumbers</code>"
        )
        self._title.value = f"<b>Search for numbers</b> — {what}"
