"""numkit: learn and perform the move from Bandwidth's V1 (Catapult) numbers API to the
V2 (Dashboard) Numbers API, against a faithful local sandbox by default.

>>> import numkit
>>> kit = numkit.connect()                # sandbox unless you opt in to production
>>> kit.v2.search(area_code="919", quantity=3).to_frame()

``import numkit`` stays light: clients, pandas, ipywidgets and tornado load on first use
(attribute access below resolves them lazily).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    NotFound,
    NumkitError,
    OutcomeUnknown,
    PermissionDenied,
    PollStopped,
    PollTimeout,
    RateLimited,
    ResponseParseError,
    ServerError,
    Timeout,
    TransportError,
    ValidationError,
)

__version__ = "0.1.0"

# module -> the public names it defines; each is imported on first access.
_LAZY_BY_MODULE: dict[str, tuple[str, ...]] = {
    "numkit.kit": ("Kit", "connect"),
    "numkit.v1": ("V1Client",),
    "numkit.v2": ("V2Client", "parse_order_response", "parse_search_result"),
    "numkit.models": ("Reservation",),
    "numkit.notifications": ("Notification", "Subscription"),
    "numkit.scanner": ("Finding", "ScanReport", "scan"),
    "numkit.ui.credentials": ("CredentialsPanel",),
    "numkit.ui.disconnect": ("DisconnectPanel",),
    "numkit.ui.inspector": ("ExchangeInspector",),
    "numkit.ui.notifications": ("NotificationsPanel",),
    "numkit.ui.order": ("OrderPanel",),
    "numkit.ui.scan": ("ScanPanel",),
    "numkit.ui.search": ("SearchPanel",),
    "numkit.ui.side_by_side": ("SideBySidePanel",),
    "numkit.ui.walkthrough": ("walkthrough",),
}
_LAZY = {name: module for module, names in _LAZY_BY_MODULE.items() for name in names}
_SUBMODULES = {
    "migrate",
    "validate",
    "sandbox",
    "scanner",
    "ui",
    "frames",
    "models",
    "phone",
    "config",
    "notifications",
}

# A literal list (ruff, mypy and IDEs read it as written).
__all__ = [
    "ApiError",
    "AuthenticationError",
    "ConfigurationError",
    "CredentialsPanel",
    "DisconnectPanel",
    "ExchangeInspector",
    "Finding",
    "Kit",
    "NotFound",
    "Notification",
    "NotificationsPanel",
    "NumkitError",
    "OrderPanel",
    "OutcomeUnknown",
    "PermissionDenied",
    "PollStopped",
    "PollTimeout",
    "RateLimited",
    "Reservation",
    "ResponseParseError",
    "ScanPanel",
    "ScanReport",
    "SearchPanel",
    "ServerError",
    "SideBySidePanel",
    "Subscription",
    "Timeout",
    "TransportError",
    "V1Client",
    "V2Client",
    "ValidationError",
    "__version__",
    "connect",
    "migrate",
    "notifications",
    "parse_order_response",
    "parse_search_result",
    "sandbox",
    "scan",
    "short_errors",
    "validate",
    "walkthrough",
]


def short_errors() -> bool:
    """Show numkit errors as one line in this notebook (``%tb`` shows the full traceback).

    Nothing changes on ``import numkit``; call this (or ``%load_ext numkit``) to opt in.
    True when it took effect (False outside IPython or with NUMKIT_FULL_TRACEBACKS=1).
    """
    from ._ipython import install

    return install()


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext numkit``: one-line numkit errors in this IPython session."""
    from ._ipython import install

    install(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext numkit``: IPython's normal tracebacks again."""
    from ._ipython import uninstall

    uninstall(ipython)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"numkit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'numkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and IDEs only
    from . import migrate, notifications, sandbox, validate
    from .kit import Kit, connect
    from .models import Reservation
    from .notifications import Notification, Subscription
    from .scanner import Finding, ScanReport, scan
    from .ui import (
        CredentialsPanel,
        DisconnectPanel,
        ExchangeInspector,
        OrderPanel,
        SearchPanel,
        SideBySidePanel,
    )
    from .ui.notifications import NotificationsPanel
    from .ui.scan import ScanPanel
    from .ui.walkthrough import walkthrough
    from .v1 import V1Client
    from .v2 import V2Client, parse_order_response, parse_search_result
