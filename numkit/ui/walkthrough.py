"""``numkit.walkthrough()``: every panel in one app-like view (works under Voilà)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ._common import api_of
from .credentials import CredentialsPanel
from .disconnect import DisconnectPanel
from .inspector import ExchangeInspector
from .order import OrderPanel
from .search import SearchPanel
from .side_by_side import SideBySidePanel

__all__ = ["Walkthrough", "walkthrough"]

_INTRO = """
<h3 style="margin:4px 0">numkit: from V1 (Catapult) to V2 (Dashboard)</h3>
<div>{target}</div>
<div>Work through the tabs: <b>search</b> for numbers, <b>order</b> the ones you tick and
watch the order finish, <b>disconnect</b> them again, see <b>V1 next to V2</b>, and look at
<b>the wire</b> — every request and response, Authorization masked. The <b>API</b> switch in
the Credentials tab picks which API the search, order and disconnect tabs use.</div>
"""


class Walkthrough(widgets.VBox):
    """The composed view: ``tabs`` plus each panel as an attribute."""

    TITLES = ("Credentials", "Search", "Order", "Disconnect", "V1 vs V2", "On the wire")

    def __init__(self, kit: Any) -> None:
        super().__init__()
        self.kit = kit
        self._clients = {"V2": kit.v2, "V1": kit.v1}
        self.credentials = CredentialsPanel()
        self.search = SearchPanel(kit.v2)
        self.order = OrderPanel(kit.v2, source=self.search)
        self.disconnect = DisconnectPanel(kit.v2, refresh=False)
        self.side_by_side = SideBySidePanel(kit.v1, kit.v2)
        self.inspector = ExchangeInspector([kit.v2, kit.v1])
        self.tabs = widgets.Tab(
            children=[
                self.credentials,
                self.search,
                self.order,
                self.disconnect,
                self.side_by_side,
                self.inspector,
            ],
            titles=self.TITLES,
            selected_index=0,
        )
        self.children = [widgets.HTML(_INTRO.format(target=_describe(kit))), self.tabs]
        self.add_class("tex2jax_ignore")
        self._wire()

    @property
    def api(self) -> widgets.ToggleButtons:
        """The one API switch: the credentials panel's (contract: ``CredentialsPanel.api``)."""
        return self.credentials.api

    def __repr__(self) -> str:
        return f"<Walkthrough {self.api.value}: {', '.join(self.TITLES)}>"

    def _wire(self) -> None:
        self.api.observe(self._on_api, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.credentials.on_connect(self._on_connect)

    def _on_api(self, change: dict[str, Any]) -> None:
        client = self._clients[change["new"]]
        for panel in (self.search, self.order, self.disconnect):
            with panel._callback(f"Switching to {change['new']}"):
                panel.client = client

    def _on_tab(self, change: dict[str, Any]) -> None:
        panel = self.tabs.children[change["new"]] if change["new"] is not None else None
        if panel is self.inspector:
            self.inspector.refresh()
        elif panel is self.disconnect:
            self.disconnect.refresh()

    def _on_connect(self, client: Any) -> None:
        """A client built in the credentials tab replaces that API's client everywhere."""
        api = api_of(client)
        self._clients[api] = client
        self.inspector.clients[list(self._clients).index(api)] = client
        if api == "V1":
            self.side_by_side.v1 = client
        else:
            self.side_by_side.v2 = client
        if self.api.value == api:
            for panel in (self.search, self.order, self.disconnect):
                with panel._callback(f"Using the new {api} client"):
                    panel.client = client


def _describe(kit: Any) -> str:
    lines = []
    for attr in ("v2_target", "v1_target"):
        resolved = getattr(kit, attr, None)
        if resolved is not None:
            url = html.escape(resolved.base_url)
            api, target = html.escape(str(resolved.api)), html.escape(str(resolved.target))
            lines.append(f"{api}: <b>{target}</b> at <code>{url}</code>")
    return "<br>".join(lines)


def walkthrough(kit: Any = None) -> Walkthrough:
    """All panels in one tabbed view; ``kit`` None → ``numkit.connect()`` (the sandbox
    unless you opted in to production)."""
    if kit is None:
        from ..kit import connect

        kit = connect()
    return Walkthrough(kit)
