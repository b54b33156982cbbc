"""ipywidgets panels, one per step of the V1 → V2 walkthrough.

Each panel is an ``ipywidgets.VBox`` that takes its client in the constructor, does the
real call through that client, shows the answer as a table and renders every error in
its own output area (numkit errors as one line, anything else with its traceback).
Logic lives in the clients, ``numkit.validate`` and ``numkit.migrate``; the panels only
collect input and show results. Importing this module imports ipywidgets (``import
numkit`` does not).
"""

from __future__ import annotations

from .credentials import CredentialsPanel
from .disconnect import DisconnectPanel
from .inspector import ExchangeInspector
from .order import OrderPanel
from .search import SearchPanel
from .side_by_side import SideBySidePanel
from .walkthrough import Walkthrough, walkthrough

__all__ = [
    "CredentialsPanel",
    "DisconnectPanel",
    "ExchangeInspector",
    "OrderPanel",
    "SearchPanel",
    "SideBySidePanel",
    "Walkthrough",
    "walkthrough",
]
