"""SideBySidePanel: one operation on V1 and on V2, both exchanges next to each other."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import ipywidgets as widgets

from ..errors import ValidationError
from ._common import AUTO_WIDTH, FIELD_WIDTH, Panel, show

__all__ = ["OPERATIONS", "SideBySidePanel"]

# key -> (label, inputs shown)
OPERATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "search_local": ("Search local numbers", ("area_code", "quantity")),
    "search_toll_free": ("Search toll-free numbers", ("pattern", "quantity")),
    "order_number": ("Order a number", ("number",)),
    "search_and_order": ("Search and order", ("area_code", "quantity")),
    "list_numbers": ("List my numbers", ()),
    "get_number": ("Get one number", ("number",)),
    "delete_number": ("Delete / disconnect a number", ("number",)),
    "credentials": ("Credentials", ()),
}

_ASYNC_ON_V2 = {"order_number", "search_and_order", "delete_number"}


class SideBySidePanel(Panel):
    """Do one ``operation`` on V1, translate it with ``numkit.migrate`` and do it on V2.

    ``run_button`` performs both calls (``plan.run(v1, v2)``) and shows both requests and
    responses side by side with the translator's notes; with "translate only" ticked
    nothing is sent. ``status`` says what happened; ``result`` is the last run result
    (or plan).
    """

    def __init__(self, v1: Any, v2: Any, *, timeout: float = 60.0) -> None:
        super().__init__()
        self.v1, self.v2 = v1, v2
        self.timeout = timeout
        self.operation = widgets.Dropdown(
            options=[(label, key) for key, (label, _inputs) in OPERATIONS.items()],
            value="search_local",
            description="Operation",
            style={"description_width": "90px"},
        )
        wide = {"description_width": "90px"}
        self.fields = {
            "area_code": widgets.Text(value="919", description="Area code", style=wide),
            "pattern": widgets.Text(value="8**", description="Pattern", style=wide),
            "quantity": widgets.BoundedIntText(
                value=2, min=1, max=10, description="Quantity", style=wide
            ),
            "number": widgets.Text(
                description="Number",
                placeholder="empty: the panel picks one",
                style=wide,
                layout=widgets.Layout(width=FIELD_WIDTH),
            ),
        }
        self.translate_only = widgets.Checkbox(
            value=False,
            description="Translate only (send nothing)",
            indent=False,
            layout=AUTO_WIDTH(),
        )
        self.wait_for_v2 = widgets.Checkbox(
            value=True,
            description="Wait for the V2 order/disconnect to finish",
            indent=False,
            layout=AUTO_WIDTH(),
        )
        self.run_button = widgets.Button(
            description="Run on V1 and V2",
            button_style="primary",
            icon="exchange",
            layout=AUTO_WIDTH(),
        )
        self._view = widgets.HTML()
        self.result: Any = None
        self._compose(
            widgets.HTML(
                "<b>V1 → V2, side by side</b> — the same step on both APIs, through "
                "<code>numkit.migrate</code>."
            ),
            self.operation,
            *self.fields.values(),
            self.translate_only,
            self.wait_for_v2,
            self.run_button,
            self.status,
            self._view,
        )
        self._adapt()

    def _wire(self) -> None:
        self.operation.observe(self._on_operation, names="value")
        self.run_button.on_click(self._on_run)

    # -- callbacks ----------------------------------------------------------------------
    def _on_operation(self, _change: Any) -> None:
        with self._callback("Choose operation"):
            # another operation: the last one's answer no longer applies
            self._clear()
            self._view.value = ""
            self.result = None
            self._set_status("")
            self._adapt()

    def _on_run(self, _button: widgets.Button) -> None:
        with self._callback(OPERATIONS[self.operation.value][0], self.run_button):
            self._run()

    def run(self) -> Any:
        """What the button does; returns the result (or plan)."""
        with self._callback(OPERATIONS[self.operation.value][0], self.run_button):
            self._run()
        return self.result

    # -- logic --------------------------------------------------------------------------
    def _adapt(self) -> None:
        inputs = OPERATIONS[self.operation.value][1]
        for name, widget in self.fields.items():
            show(widget, name in inputs)
        show(self.translate_only, self.operation.value != "credentials")
        show(self.wait_for_v2, self.operation.value in _ASYNC_ON_V2)
        self.run_button.description = (
            "Explain" if self.operation.value == "credentials" else "Run on V1 and V2"
        )

    def _run(self) -> None:
        from .. import migrate

        self._clear()
        op = self.operation.value
        if op == "credentials":
            text = migrate.explain_credentials()
            self._view.value = text._repr_html_()
            self.result = text
            self._set_status("V1 token/secret/user id vs V2 user/password/account id.", "ok")
            return
        method, path, params, body = self._v1_request(op)
        plan = migrate.translate_v1(method, path, params=params, body=body, v2=self.v2)
        if self.translate_only.value:
            self.result = plan
            self._view.value = migrate.side_by_side(plan)._repr_html_()
            self._set_status(
                f"Translated {method} {path} (nothing sent); {len(plan.notes)} note(s).", "ok"
            )
            return
        wait = self.wait_for_v2.value and op in _ASYNC_ON_V2
        self._set_status(
            f"Running {method} {path} on V1, then its translation on V2"
            + (f" (waiting up to {self.timeout:g} s for the V2 order)…" if wait else "…"),
            "busy",
        )
        result = plan.run(self.v1, self.v2, wait=wait, timeout=self.timeout)
        self.result = result
        self._view.value = migrate.side_by_side(result)._repr_html_()
        for api, error in (("V1", result.v1_error), ("V2", result.v2_error)):
            if error is not None:
                self._say(f"{api}: {error}", "error")
        self._set_status(self._summary(result, len(plan.notes)), "ok" if result.ok else "warn")

    def _v1_request(self, op: str) -> tuple[str, str, dict[str, Any] | None, Any]:
        f = {name: w.value for name, w in self.fields.items()}
        users = f"/v1/users/{self.v1.user_id}/phoneNumbers"
        if op in ("search_local", "search_and_order"):
            local = {"areaCode": f["area_code"].strip(), "quantity": f["quantity"]}
            verb = "GET" if op == "search_local" else "POST"
            return verb, "/v1/availableNumbers/local", local, None
        if op == "search_toll_free":
            params: dict[str, Any] = {"quantity": f["quantity"]}
            if f["pattern"].strip():
                params["pattern"] = f["pattern"].strip()
            return "GET", "/v1/availableNumbers/tollFree", params, None
        if op == "list_numbers":
            return "GET", users, None, None
        if op == "order_number":
            number = f["number"].strip() or self._fresh_number()
            return "POST", users, None, {"number": _e164(number)}
        number = quote(_e164(f["number"].strip() or self._owned_number()), safe="")
        return ("GET" if op == "get_number" else "DELETE"), f"{users}/{number}", None, None

    def _fresh_number(self) -> str:
        area = self.fields["area_code"].value.strip() or "919"
        found = self.v1.search_local(area_code=area, quantity=1)
        if not found.numbers:
            raise ValidationError("number", None, f"no V1 number available in area code {area}")
        self._say(f"Picked {found.numbers[0]} from a V1 search in {area}.")
        return found.numbers[0]

    def _owned_number(self) -> str:
        frame = self.v1.list_numbers()
        if not len(frame):
            raise ValidationError(
                "number", None, "you own no V1 number yet: run 'Order a number' first"
            )
        number = str(frame["number"].iloc[-1])
        self._say(f"Picked {number}, the newest number you own on V1.")
        return number

    @staticmethod
    def _summary(result: Any, notes: int) -> str:
        parts = []
        for api, ran, exchange, error, output in (
            ("V1", result.v1_ran, result.v1_exchange, result.v1_error, result.v1_output),
            ("V2", result.v2_ran, result.v2_exchange, result.v2_error, result.v2_output),
        ):
            if not ran:
                parts.append(f"{api}: not sent (no equivalent)")
                continue
            text = f"{api}: "
            if exchange is not None and exchange.status is not None:
                text += f"HTTP {exchange.status} in {exchange.elapsed:.2f} s"
            else:
                text += "sent"
            if error is not None:
                text += f" — failed: {error}"
            else:
                outcome = getattr(output, "status", None)  # orders and disconnects only
                if isinstance(outcome, str):
                    text += f" — {outcome}"
            parts.append(text)
        return "; ".join(parts) + f". {notes} note(s) from the translator."


def _e164(number: str) -> str:
    from ..phone import to_e164

    return to_e164(number, field="number")
