"""DisconnectPanel: pick in-service numbers, confirm explicitly, disconnect, watch."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..errors import ValidationError
from ._common import AUTO_WIDTH, FIELD_WIDTH, Job, hide, show
from ._polling import PollingPanel

__all__ = ["DisconnectPanel"]


class DisconnectPanel(PollingPanel):
    """Give numbers back, with a confirmation step that names them.

    ``numbers`` lists the client's in-service numbers (``refresh_button`` /
    :meth:`refresh` reloads it). ``disconnect_button`` only *asks*: it names the ticked
    numbers and reveals ``confirm_button``, which does it. V2 creates a disconnect order
    and polls it like the order panel (``progress``, live ``status``, ``stop_button``);
    V1 sends one ``DELETE`` per number id. ``result`` holds the outcome table.
    """

    noun = "Disconnect"

    def __init__(self, client: Any, *, refresh: bool = True, timeout: float = 120.0) -> None:
        super().__init__(client, timeout=timeout)
        self._ids: dict[str, str] = {}
        self._pending: list[str] | None = None
        self.numbers = widgets.SelectMultiple(
            options=[], rows=8, description="In service", layout=widgets.Layout(width=FIELD_WIDTH)
        )
        self._picked = widgets.HTML(value=self._picked_text())
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.disconnect_button = widgets.Button(
            description="Disconnect…", button_style="danger", icon="trash", layout=AUTO_WIDTH()
        )
        self.confirm_button = widgets.Button(
            description="Yes, disconnect them",
            button_style="danger",
            icon="check",
            layout=widgets.Layout(width="auto"),
        )
        self._cancel_button = widgets.Button(description="Cancel", icon="times")
        self._question = widgets.HTML()
        self._confirm_box = widgets.VBox(
            [self._question, widgets.HBox([self.confirm_button, self._cancel_button])]
        )
        self._title = widgets.HTML()
        self._compose(
            self._title,
            widgets.HBox([self.numbers, widgets.VBox([self.refresh_button, self._picked])]),
            widgets.HBox([self.disconnect_button, self.stop_button]),
            self._confirm_box,
            self.progress,
            self.status,
            self._table,
        )
        hide(self._confirm_box)
        hide(self.confirm_button)
        self._adapt()
        if refresh:
            with self._reported("Loading the in-service numbers"):
                self._refresh()

    def _wire(self) -> None:
        self.refresh_button.on_click(self._on_refresh)
        self.disconnect_button.on_click(self._on_disconnect)
        self.confirm_button.on_click(self._on_confirm)
        self._cancel_button.on_click(self._on_cancel)
        self.stop_button.on_click(self._on_stop)
        self.numbers.observe(self._on_selection, names="value")

    # -- public -------------------------------------------------------------------------
    def _use_client(self) -> None:
        self._reset_view()
        self._cancel()
        self._adapt()
        with self._reported("Loading the in-service numbers"):
            self._refresh()

    @property
    def pending(self) -> list[str] | None:
        """The numbers awaiting confirmation, or None."""
        return None if self._pending is None else list(self._pending)

    def refresh(self) -> None:
        """Reload the in-service numbers (what the Refresh button does)."""
        with self._callback("Refresh", self.refresh_button):
            self._refresh()

    def _adapt(self) -> None:
        self._title.value = self._api.disconnect_title
        self.stop_button.description = self._api.stop_label

    # -- callbacks ----------------------------------------------------------------------
    def _on_refresh(self, _button: widgets.Button) -> None:
        with self._callback("Refresh", self.refresh_button):
            self._refresh()

    def _on_disconnect(self, _button: widgets.Button) -> None:
        with self._callback("Disconnect", self.disconnect_button):
            self._ask()

    def _on_confirm(self, _button: widgets.Button) -> None:
        with self._out, self._reported("Disconnect"):
            self._confirm()

    def _on_cancel(self, _button: widgets.Button) -> None:
        with self._callback("Cancel"):
            self._cancel()
            self._set_status("Cancelled: nothing was disconnected.")

    def _on_stop(self, _button: widgets.Button) -> None:
        with self._out, self._reported("Stop"):
            job = self._stop_job()
            if job is None:
                self._say("Nothing to stop.")
                return
            self.progress.bar_style = "warning"
            text = self._api.disconnect_stopped_text(job.elapsed())
            self._set_status(text, "warn")
            self._say(text)

    def _on_selection(self, _change: Any) -> None:
        with self._out, self._reported("Selection"):
            self._picked.value = self._picked_text()
            if self._pending is not None and list(self.numbers.value) != self._pending:
                self._cancel()
                self._set_status(
                    "The selection changed, so the confirmation was withdrawn: click "
                    "'Disconnect…' again.",
                    "warn",
                )

    def _picked_text(self) -> str:
        count = len(self.numbers.value)
        return f"<b>{count} selected</b><br><small>Ctrl/Shift-click<br>to pick several</small>"

    # -- logic --------------------------------------------------------------------------
    def _refresh(self) -> None:
        api = self.api
        self._set_status(f"Loading the {api} numbers in service…", "busy")
        numbers, self._ids = self._api.in_service(self._client)
        keep = [n for n in self.numbers.value if n in numbers]
        self.numbers.options = numbers
        self.numbers.value = tuple(keep)
        count = len(numbers)
        self._set_status(f"{count} number{'' if count == 1 else 's'} in service on {api}.")

    def _ask(self) -> None:
        if self._busy_refused():
            return
        picked = list(self.numbers.value)
        if not picked:
            raise ValidationError("numbers", [], "tick the numbers to disconnect first")
        self._pending = picked
        shown = ", ".join(picked[:20]) + (f" … ({len(picked)} in all)" if len(picked) > 20 else "")
        self._question.value = (
            f"<b>Disconnect {len(picked)} number{'' if len(picked) == 1 else 's'}?</b> "
            f"<code>{html.escape(shown)}</code><br>{self._api.disconnect_consequence}"
        )
        show(self._confirm_box)
        show(self.confirm_button)
        self._set_status(f"Confirm to disconnect {len(picked)} number(s): {shown}", "warn")

    def _cancel(self) -> None:
        self._pending = None
        self._question.value = ""
        hide(self._confirm_box)
        hide(self.confirm_button)

    def _confirm(self) -> None:
        if self._busy_refused():
            return
        if self._pending is None:
            raise ValidationError(
                "confirm", None, "nothing to confirm: tick numbers and click 'Disconnect…' first"
            )
        numbers = self._pending
        self._cancel()
        self._reset_view()
        if self._api.asynchronous:
            self._reset_progress(3)
            work = self._run_async
        else:
            self._reset_progress(len(numbers))
            work = self._run_sync
        self._start_job(
            "Disconnect",
            lambda job: work(job, numbers),
            buttons=(self.disconnect_button, self.refresh_button),
            stop_button=self.stop_button,
            tick=self._tick,
        )

    def _run_async(self, job: Job, numbers: list[str]) -> None:
        self._set_status(f"Sending a disconnect for {len(numbers)} number(s)…", "busy")
        disc = self._client.disconnect(numbers)
        ids = list(disc.ids or [disc.id])
        self._say(
            f"Disconnect order{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))} created; "
            "polling."
        )
        if not self._active(job):
            return
        self.progress.value = 1
        label = f"Disconnect {ids[0]}"
        wait = self._client.wait_for_disconnect
        if self._follow(job, label, wait, disc, verb="disconnected") and self._active(job):
            self._refresh_after(job)

    def _run_sync(self, job: Job, numbers: list[str]) -> None:
        def delete(number: str) -> Any:
            self._client.delete_number(self._ids.get(number, number))

        def done_text(number: str, _answer: Any) -> tuple[str, str | None]:
            self._say(f"{number}: deleted")
            return number, self._ids.get(number)

        rows = self._per_number(job, numbers, delete, doing="deleting", done_text=done_text)
        self._show_v1_rows(
            job,
            rows,
            verb="deleted",
            note="V1 deletes are synchronous: the numbers are gone from your account now.",
        )
        if self._active(job):
            self._refresh_after(job)

    def _refresh_after(self, job: Job) -> None:
        """Reload the list after a disconnect, keeping the outcome in the status line."""
        with self._ui_lock:
            text, color = self.status.value, self.status.style.text_color
        with self._reported("Reloading the in-service numbers"):
            self._refresh()
            with self._ui_lock:
                self.status.style.text_color = color
                self.status.value = text
                self._render_status()
