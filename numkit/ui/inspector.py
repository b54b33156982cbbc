"""ExchangeInspector: what went over the wire, pretty-printed, with "copy as curl"."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from ..bodies import pretty_body
from ..display import html_block
from ._common import Panel, api_of


def _label(source: Any) -> str:
    """V1 / V2 for a client; "Receiver" for a notifications Receiver (its requests)."""
    return "Receiver" if getattr(source, "api", None) == "Receiver" else api_of(source)


__all__ = ["ExchangeInspector", "pretty_body"]

MAX_BODY_CHARS = 20_000


def _clip(text: str) -> str:
    if len(text) <= MAX_BODY_CHARS:
        return text
    return text[:MAX_BODY_CHARS] + f"\n… ({len(text) - MAX_BODY_CHARS} more characters)"


def _headers(headers: Mapping[str, str] | None) -> str:
    return "\n".join(f"{k}: {v}" for k, v in (headers or {}).items())


class ExchangeInspector(Panel):
    """The last ``count`` requests and responses of one or more clients.

    ``refresh()`` reloads them (newest first); pick one in the list to see the request
    line, headers (Authorization masked by the transport), bodies indented, status and
    timing. ``curl`` is a text area holding ``as_curl()`` of the selected exchange, with
    the secret as an environment-variable reference.

    ``client`` may be a client, a list of clients or a ``Kit`` (both APIs).
    """

    def __init__(self, client: Any, *, count: int = 10) -> None:
        super().__init__()
        self.clients = self._clients_of(client)
        self.count = widgets.BoundedIntText(
            value=count, min=1, max=200, description="Show last", layout={"width": "180px"}
        )
        self.source = widgets.ToggleButtons(
            options=[(_label(c), i) for i, c in enumerate(self.clients)],
            value=0,
            style={"button_width": "auto"},
        )
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.history = widgets.Select(options=[], rows=8, layout=widgets.Layout(width="100%"))
        self._detail = widgets.HTML()
        self.curl = widgets.Textarea(
            value="",
            description="curl",
            layout=widgets.Layout(width="100%", height="90px"),
        )
        self._records: list[Any] = []
        if len(self.clients) < 2:
            self.source.layout.display = "none"
        self._compose(
            widgets.HTML("<b>What went over the wire</b> (newest first; Authorization masked)"),
            widgets.HBox([self.source, self.count, self.refresh_button]),
            self.status,
            self.history,
            self._detail,
            self.curl,
        )
        with self._reported("Loading the exchanges"):
            self._refresh()

    @staticmethod
    def _clients_of(client: Any) -> list[Any]:
        if isinstance(client, list | tuple):
            return list(client)
        if hasattr(client, "v1") and hasattr(client, "v2"):
            return [client.v2, client.v1]
        return [client]

    def _wire(self) -> None:
        self.refresh_button.on_click(self._on_refresh)
        self.history.observe(self._on_pick, names="value")
        self.source.observe(self._on_refresh, names="value")
        self.count.observe(self._on_refresh, names="value")

    # -- public -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the newest exchanges of the chosen client and show the newest one."""
        with self._callback("Refresh", self.refresh_button):
            self._refresh()

    @property
    def selected(self) -> Any:
        """The Exchange record shown, or None."""
        index = self.history.value
        return None if index is None else self._records[index]

    # -- callbacks ----------------------------------------------------------------------
    def _on_refresh(self, _change: Any) -> None:
        with self._callback("Refresh", self.refresh_button):
            self._refresh()

    def _on_pick(self, _change: Any) -> None:
        with self._out, self._reported("Show exchange"):
            self._show()

    # -- logic --------------------------------------------------------------------------
    def _refresh(self) -> None:
        client = self.clients[self.source.value]
        records = list(client.exchanges)[-self.count.value :][::-1]
        self._records = records
        self.history.options = [(self._summary(i, r), i) for i, r in enumerate(records)]
        self.history.value = 0 if records else None
        total = len(client.exchanges)
        self._set_status(
            f"{_label(client)}: showing {len(records)} of the {total} exchange(s) recorded"
            if records
            else f"{_label(client)}: no requests yet — use another panel, then Refresh."
        )
        self._show()

    @staticmethod
    def _summary(index: int, record: Any) -> str:
        path = record.url.split("://", 1)[-1]
        path = path[path.find("/") :] if "/" in path else path
        outcome = record.status if record.status is not None else (record.error or "no answer")
        return f"{index + 1:>2}. {record.method} {path} → {outcome} ({record.elapsed:.3f} s)"

    def _show(self) -> None:
        record = self.selected
        if record is None:
            self._detail.value = ""
            self.curl.value = ""
            return
        status = (
            f"{record.status} {html.escape(record.reason or '')}"
            if record.status is not None
            else f"no answer ({html.escape(record.error or 'unknown')})"
        )
        request = f"{record.method} {record.url}\n{_headers(record.request_headers)}"
        body = pretty_body(record.request_body, record.request_headers)
        if body:
            request += "\n\n" + body
        response = _headers(record.response_headers)
        rbody = pretty_body(record.response_body, record.response_headers)
        if rbody:
            response += "\n\n" + rbody
        box = (
            "<pre style='white-space:pre-wrap;margin:0;font-size:12px;max-height:360px;"
            "overflow:auto;background:#f6f8fa;padding:6px'>{}</pre>"
        )
        self._detail.value = html_block(
            f"<div><b>Status</b> {status} · <b>time</b> {record.elapsed:.3f} s</div>"
            "<div style='display:flex;gap:8px'>"
            "<div style='flex:1;min-width:0'><b>Request</b>"
            + box.format(html.escape(_clip(request)))
            + "</div><div style='flex:1;min-width:0'><b>Response</b>"
            + box.format(html.escape(_clip(response)))
            + "</div></div>"
        )
        self.curl.value = record.as_curl()
