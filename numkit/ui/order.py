"""OrderPanel: order picked numbers (or search-and-order), watch the order to its end."""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets

from ..errors import ValidationError
from ._common import AUTO_WIDTH, FIELD_WIDTH, Job, show
from ._criteria import CriteriaForm
from ._polling import PollingPanel, v1_row

__all__ = ["OrderPanel", "split_numbers"]


def split_numbers(text: str) -> list[str]:
    """Numbers typed one per line or separated by commas/semicolons."""
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


class OrderPanel(PollingPanel):
    """Order numbers and follow the order to a final state.

    Numbers come from a :class:`SearchPanel` ``source`` (its ticked numbers), from the
    ``numbers`` text box when there is no source, or — in "search and order" ``mode`` —
    from a quantity plus criteria (``search_type``, ``fields``). On V2 the order is
    asynchronous: the panel polls it in a background thread with
    ``wait_for_order(on_progress=…)``, showing ``progress`` and a live ``status`` line
    (status + elapsed seconds). ``stop_button`` stops *waiting* only: the order
    continues on the server, and ``resume_button`` follows the id in ``order_id`` again
    (also after a kernel restart). On V1 ordering is synchronous, one call per number.

    Results: ``result`` (DataFrame of completed/failed numbers) and ``order_id.value``.
    ``wait(timeout)`` blocks until the panel is idle (for tests and scripts).
    """

    noun = "Order"

    def __init__(self, client: Any, source: Any = None, *, timeout: float = 120.0) -> None:
        super().__init__(client, timeout=timeout)
        self.source = source
        self.mode = widgets.ToggleButtons(
            options=[
                (
                    "Numbers ticked in the search" if source is not None else "These numbers",
                    "numbers",
                ),
                ("Search and order", "search"),
            ],
            value="numbers",
            style={"button_width": "auto"},
        )
        self.numbers = widgets.Textarea(
            placeholder="one number per line, e.g. 9195550100 or +19195550100",
            description="Numbers",
            layout=widgets.Layout(width=FIELD_WIDTH, height="80px"),
        )
        self._source_label = widgets.HTML()
        self._form = CriteriaForm(self._api, order=True, quantity=1, guard=self._callback)
        wide = {"description_width": "100px"}
        self._options = {
            "name": widgets.Text(
                description="Name",
                placeholder="optional (≤50 characters)",
                style=wide,
                layout=widgets.Layout(width=FIELD_WIDTH),
            ),
            "customer_order_id": widgets.Text(
                description="Your order id",
                placeholder="optional; sandbox: scenario-partial …",
                style=wide,
                layout=widgets.Layout(width=FIELD_WIDTH),
            ),
            "partial_allowed": widgets.Checkbox(
                value=True, description="Partial allowed", indent=False, layout=AUTO_WIDTH()
            ),
            "back_order_requested": widgets.Checkbox(
                value=False,
                description="Back-order what is not available",
                indent=False,
                layout=AUTO_WIDTH(),
            ),
        }
        self.search_type = self._form.type
        self.fields = {**self._form.fields, **self._options}
        self.order_button = widgets.Button(
            description="Order", button_style="warning", icon="shopping-cart"
        )
        self.order_id = widgets.Text(
            description="Order id",
            placeholder="paste an order id to resume",
            style=wide,
            layout=widgets.Layout(width=FIELD_WIDTH),
        )
        self.resume_button = widgets.Button(
            description="Resume waiting", icon="refresh", layout=AUTO_WIDTH()
        )
        self._title = widgets.HTML()
        self._resume_box = widgets.HBox([self.order_id, self.resume_button])
        self._compose(
            self._title,
            self.mode,
            self._source_label,
            self.numbers,
            self._form.box,
            widgets.VBox(list(self._options.values())),
            widgets.HBox([self.order_button, self.stop_button]),
            self.progress,
            self.status,
            self._resume_box,
            self._table,
        )
        self._adapt()

    def _wire(self) -> None:
        self.order_button.on_click(self._on_order)
        self.stop_button.on_click(self._on_stop)
        self.resume_button.on_click(self._on_resume)
        self.mode.observe(self._on_mode, names="value")
        if self.source is not None:
            self.source.selector.observe(self._on_source, names="value")

    # -- public -------------------------------------------------------------------------
    def _use_client(self) -> None:
        self._form.set_api(self._api)
        self.order_id.value = ""
        self._reset_view()
        self._adapt()

    # -- layout -------------------------------------------------------------------------
    def _adapt(self) -> None:
        for name, widget in self._options.items():
            show(widget, name in self._api.order_options)
        show(self._resume_box, self._api.asynchronous)
        self.stop_button.description = self._api.stop_label
        self._title.value = self._api.order_title
        self._show_mode()

    def _on_mode(self, _change: Any = None) -> None:
        with self._callback("Choose what to order"):
            if self._job is None:  # a new question: the previous answer no longer applies
                self._reset_view()
            self._show_mode()

    def _show_mode(self) -> None:
        numbers = self.mode.value == "numbers"
        show(self._form.box, not numbers)
        show(self.numbers, numbers and self.source is None)
        show(self._source_label, numbers and self.source is not None)
        self._show_source()

    def _on_source(self, _change: Any = None) -> None:
        with self._callback("Read the search panel's selection"):
            self._show_source()

    def _show_source(self) -> None:
        numbers_mode = self.mode.value == "numbers"
        if self.source is None:
            self.order_button.disabled = self._job is not None
            return
        picked = list(self.source.selected)
        if picked:
            listed = ", ".join(picked[:10]) + (
                f" … ({len(picked)} in all)" if len(picked) > 10 else ""
            )
            self._source_label.value = f"Will order <b>{len(picked)}</b>: {html.escape(listed)}"
        else:
            self._source_label.value = "<i>Tick numbers in the search panel first.</i>"
        # Nothing ticked, nothing to order; ordering by quantity + criteria needs no ticks.
        self.order_button.disabled = self._job is not None or (numbers_mode and not picked)

    # -- callbacks ----------------------------------------------------------------------
    def _on_order(self, _button: widgets.Button) -> None:
        with self._out, self._reported("Order"):
            self._order()

    def _on_stop(self, _button: widgets.Button) -> None:
        with self._out, self._reported("Stop"):
            self._stop()

    def _on_resume(self, _button: widgets.Button) -> None:
        with self._out, self._reported("Resume"):
            self._resume()

    # -- logic --------------------------------------------------------------------------
    def _picked_numbers(self) -> list[str]:
        if self.source is not None:
            raw = list(self.source.selected)
        else:
            raw = split_numbers(self.numbers.value)
        if not raw:
            where = (
                "tick numbers in the search panel"
                if self.source is not None
                else "type numbers in the box"
            )
            raise ValidationError("numbers", [], f"nothing to order: {where}")
        return list(dict.fromkeys(self._api.normalise(n) for n in raw))

    def _order_options(self) -> dict[str, Any]:
        opts: dict[str, Any] = {}
        for name in self._api.order_options:
            value = self._options[name].value
            if isinstance(value, bool):
                opts[name] = value
            elif value.strip():
                opts[name] = value.strip()
        return opts

    def _order(self) -> None:
        if self._busy_refused():
            return
        self._clear()
        self.result = None
        self._table.value = ""
        opts = self._order_options()
        if self.mode.value == "numbers":
            numbers, kind, criteria = self._picked_numbers(), None, None
            if self.source is not None and self._api.reserves:
                held = self.source.reservation_ids(numbers)  # numbers reserved in the search
                if held:
                    opts["reservation_ids"] = held
        else:
            numbers = None
            kind, criteria = self._form.checked()
        if self._api.asynchronous:
            # The client checks again; checking here shows the rule before any thread starts.
            asked = {"numbers": numbers} if numbers else dict(criteria or {})
            self._api.check(kind or "local", {**asked, **opts}, order=True)
            self.order_id.value = ""
            self._reset_progress(3)
            self._start_job(
                "Order",
                lambda job: self._run_async(job, numbers, criteria, opts),
                buttons=(self.order_button, self.resume_button),
                stop_button=self.stop_button,
                tick=self._tick,
            )
        else:
            self._reset_progress(len(numbers) if numbers else 1)
            self._start_job(
                "Order",
                lambda job: self._run_sync(job, numbers, kind, criteria, opts),
                buttons=(self.order_button,),
                stop_button=self.stop_button,
                tick=self._tick,
            )

    def _resume(self) -> None:
        if self._busy_refused():
            return
        if not self._api.asynchronous:
            raise ValidationError("order_id", None, f"{self.api} has no orders to resume")
        order_id = self.order_id.value.strip()
        if not order_id:
            raise ValidationError("order_id", "", "paste the id of the order to follow")
        self._clear()
        self._reset_progress(3)
        self._say(f"Resuming: waiting for order {order_id}.")
        self._start_job(
            "Waiting for the order",
            lambda job: self._wait(job, order_id),
            buttons=(self.order_button, self.resume_button),
            stop_button=self.stop_button,
            tick=self._tick,
        )

    def _stop(self) -> None:
        job = self._stop_job()
        if job is None:
            self._say("Nothing to stop.")
            return
        self.progress.bar_style = "warning"
        text = self._api.order_stopped_text(job.elapsed(), self.order_id.value)
        self._set_status(text, "warn")
        self._say(text)

    # -- asynchronous (V2): create, then poll in the background ---------------------------
    def _run_async(
        self,
        job: Job,
        numbers: list[str] | None,
        criteria: dict[str, Any] | None,
        opts: dict[str, Any],
    ) -> None:
        if numbers is not None:
            self._set_status(f"Sending an order for {len(numbers)} number(s)…", "busy")
            order = self._client.order_numbers(numbers, **opts)
        else:
            assert criteria is not None
            self._set_status("Sending a search-and-order…", "busy")
            order = self._client.order_search(**criteria, **opts)
        # Show the id even if the user stopped meanwhile: the order exists.
        self.order_id.value = str(order.id)
        self._say(
            f"Order {order.id} created ({order.status or 'RECEIVED'}). "
            "V2 orders are asynchronous: polling it now."
        )
        if self._active(job):
            self.progress.value = 1
            self._wait(job, str(order.id))

    def _wait(self, job: Job, order_id: str) -> None:
        self._follow(
            job, f"Order {order_id}", self._client.wait_for_order, order_id, verb="completed"
        )

    # -- synchronous (V1): one call per number ----------------------------------------
    def _run_sync(
        self,
        job: Job,
        numbers: list[str] | None,
        kind: str | None,
        criteria: dict[str, Any] | None,
        opts: dict[str, Any],
    ) -> None:
        if numbers is None:
            assert criteria is not None
            self._set_status("V1 search-and-order: searching and allocating in one call…", "busy")
            ordered = self._api.search_and_order(self._client, kind or "local", criteria)
            rows = [v1_row(item.number, item.id) for item in ordered]
            for item in ordered:
                self._say(f"{item.number}: ordered, id {item.id}")
        else:

            def done_text(_number: str, item: Any) -> tuple[str, str | None]:
                self._say(f"{item.number}: ordered, id {item.id}")
                return item.number, item.id

            rows = self._per_number(
                job,
                numbers,
                lambda n: self._client.order_number(n, **opts),
                doing="ordering",
                done_text=done_text,
            )
        self._show_v1_rows(
            job,
            rows,
            verb="ordered",
            note="V1 is synchronous: they are yours now; there is no order to poll.",
        )
