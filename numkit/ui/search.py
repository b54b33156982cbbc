"""SearchPanel: pick a search type, fill in only its fields, search, tick numbers."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..display import html_block
from ..errors import NumkitError, ValidationError
from ._common import AUTO_WIDTH, ClientPanel, frame_html, show
from ._criteria import CriteriaForm

__all__ = ["SearchPanel"]


class SearchPanel(ClientPanel):
    """Search for available numbers on a V1 or V2 client.

    Public controls: ``search_type`` (dropdown), ``fields`` (criterion name → widget;
    only the chosen type's are shown), ``search_button``, ``status``, ``selector`` (a
    multi-select of the numbers found). Results: ``result`` (last DataFrame or None),
    ``selected`` (list of ticked numbers: 10-digit on V2, E.164 on V1).

    >>> panel = SearchPanel(kit.v2)                                    # doctest: +SKIP
    >>> panel.fields["area_code"].value = "919"; panel.search_button.click()
    """

    def __init__(self, client: Any, *, quantity: int = 10) -> None:
        super().__init__(client)
        self._form = CriteriaForm(self._api, quantity=quantity, guard=self._callback)
        self.search_type = self._form.type
        self.fields = self._form.fields
        self.search_button = widgets.Button(
            description="Search", button_style="primary", icon="search"
        )
        self.selector = widgets.SelectMultiple(
            options=[], rows=8, description="Pick", layout=widgets.Layout(width="440px")
        )
        self._all_button = widgets.Button(description="Select all", layout={"width": "110px"})
        self._none_button = widgets.Button(description="Clear", layout={"width": "110px"})
        self._picked = widgets.HTML(value=self._picked_text())
        self.reserve_button = widgets.Button(
            description="Reserve while I decide", icon="lock", layout=AUTO_WIDTH()
        )
        self.release_button = widgets.Button(
            description="Release reservations", icon="unlock", layout=AUTO_WIDTH()
        )
        self._reserved = widgets.HTML()
        self._reserve_box = widgets.VBox(
            [widgets.HBox([self.reserve_button, self.release_button]), self._reserved]
        )
        #: numbers held for this account while you decide (V2 reservations)
        self.reservations: list[Any] = []
        self._table = widgets.HTML(value="")
        self._title = widgets.HTML()
        self.result = None
        self._set_title()
        self._compose(
            self._title,
            self._form.box,
            self.search_button,
            self.status,
            widgets.HBox(
                [
                    self.selector,
                    widgets.VBox([self._all_button, self._none_button, self._picked]),
                ]
            ),
            self._reserve_box,
            self._table,
        )
        self._show_reservations()

    def _wire(self) -> None:
        self.search_button.on_click(self._on_search)
        self._all_button.on_click(self._on_select_all)
        self._none_button.on_click(self._on_select_none)
        self.selector.observe(self._on_pick, names="value")
        self.reserve_button.on_click(self._on_reserve)
        self.release_button.on_click(self._on_release)

    # -- public -------------------------------------------------------------------------
    def _use_client(self) -> None:
        """Search types and fields follow the new API; results clear."""
        self._form.set_api(self._api)
        self.result = None
        self.selector.options = []
        self._table.value = ""
        self._clear()
        self._set_status("")
        self._set_title()
        self._show_reservations()

    def reserve(self) -> list[Any]:
        """What "Reserve while I decide" does: hold the picked numbers (V2)."""
        with self._callback("Reserve", self.reserve_button):
            self._reserve()
        return list(self.reservations)

    def reservation_ids(self, numbers: list[str]) -> list[str]:
        """Ids of this panel's reservations for ``numbers`` (to pass when ordering)."""
        wanted = set(numbers)
        return [r.id for r in self.reservations if r.number in wanted]

    @property
    def selected(self) -> list[str]:
        """The numbers ticked in :attr:`selector`."""
        return list(self.selector.value)

    @selected.setter
    def selected(self, numbers: list[str]) -> None:
        self.selector.value = tuple(numbers)

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

    def _on_reserve(self, _button: widgets.Button) -> None:
        with self._callback("Reserve", self.reserve_button, self.release_button):
            self._reserve()

    def _on_release(self, _button: widgets.Button) -> None:
        with self._callback("Release", self.reserve_button, self.release_button):
            self._release()

    def _on_pick(self, _change: Any) -> None:
        with self._callback("Selection"):
            self._picked.value = self._picked_text()

    def _picked_text(self) -> str:
        count = len(self.selector.value)
        return f"<b>{count} selected</b><br><small>Ctrl/Shift-click<br>to pick several</small>"

    # -- logic (delegated to the client) ------------------------------------------------
    def _search(self) -> None:
        self._clear()
        kind, criteria = self._form.checked()
        api = self.api
        shown = ", ".join(f"{k}={v}" for k, v in criteria.items())
        self._set_status(f"Searching {api} ({shown})…", "busy")
        frame = self._api.search(self._client, kind, criteria)
        column = self._api.number_column
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

    def _reserve(self) -> None:
        picked = [n for n in self.selected if n not in {r.number for r in self.reservations}]
        if not picked:
            raise ValidationError("numbers", [], "pick numbers that are not reserved yet")
        self._set_status(f"Reserving {len(picked)} number(s)…", "busy")
        failed = 0
        for number in picked:
            try:
                self.reservations.append(self._api.reserve(self._client, number))
            except NumkitError as exc:  # one number taken meanwhile: say so, go on
                failed += 1
                self._say(f"{number}: {exc}", "error")
        self._show_reservations()
        held = len(picked) - failed
        self._set_status(
            f"Reserved {held} number(s)"
            + (f", {failed} could not be reserved" if failed else "")
            + ": nobody else can order them while the hold lasts.",
            "ok" if not failed else "warn",
        )

    def _release(self) -> None:
        released = 0
        for reservation in list(self.reservations):
            self._api.release(self._client, reservation)
            self.reservations.remove(reservation)
            released += 1
        self._show_reservations()
        self._set_status(f"Released {released} reservation(s).", "ok")

    def _show_reservations(self) -> None:
        show(self._reserve_box, self._api.reserves)
        self.release_button.disabled = not self.reservations
        if not self.reservations:
            self._reserved.value = ""
            return
        rows = "".join(
            f"<li><code>{html.escape(str(r.number))}</code> — reservation "
            f"<code>{html.escape(str(r.id))}</code>"
            + (f", {r.expires_in / 3600:.1f} h left" if r.expires_in else "")
            + "</li>"
            for r in self.reservations
        )
        self._reserved.value = html_block(f"<b>Reserved for you</b><ul>{rows}</ul>")

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
        self._title.value = f"<b>Search for numbers</b> — {self._api.search_title}"
