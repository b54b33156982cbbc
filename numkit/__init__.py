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

# name -> module that defines it; resolved on first access.
_LAZY: dict[str, str] = {
    "connect": "numkit.config",
    "Kit": "numkit.config",
    "V1Client": "numkit.v1",
    "V2Client": "numkit.v2",
    "parse_search_result": "numkit.v2",
    "parse_order_response": "numkit.v2",
    "CredentialsPanel": "numkit.ui",
    "SearchPanel": "numkit.ui",
    "OrderPanel": "numkit.ui",
    "DisconnectPanel": "numkit.ui",
    "ExchangeInspector": "numkit.ui",
    "SideBySidePanel": "numkit.ui",
    "walkthrough": "numkit.ui",
}
_SUBMODULES = {"migrate", "validate", "sandbox", "ui", "frames", "models", "phone", "config"}

__all__ = [
    "ApiError",
    "AuthenticationError",
    "ConfigurationError",
    "CredentialsPanel",
    "DisconnectPanel",
    "ExchangeInspector",
    "Kit",
    "NotFound",
    "NumkitError",
    "OrderPanel",
    "OutcomeUnknown",
    "PermissionDenied",
    "PollStopped",
    "PollTimeout",
    "RateLimited",
    "ResponseParseError",
    "SearchPanel",
    "ServerError",
    "SideBySidePanel",
    "Timeout",
    "TransportError",
    "V1Client",
    "V2Client",
    "ValidationError",
    "__version__",
    "connect",
    "migrate",
    "parse_order_response",
    "parse_search_result",
    "sandbox",
    "validate",
    "walkthrough",
]


def _short_errors_in_notebooks() -> None:
    # Only when IPython is already running: a plain `import numkit` imports nothing more.
    import sys

    if "IPython" in sys.modules:
        from ._ipython import install_short_errors

        install_short_errors()


_short_errors_in_notebooks()


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
    from . import migrate, sandbox, validate
    from .config import Kit, connect
    from .ui import (
        CredentialsPanel,
        DisconnectPanel,
        ExchangeInspector,
        OrderPanel,
        SearchPanel,
        SideBySidePanel,
        walkthrough,
    )
    from .v1 import V1Client
    from .v2 import V2Client, parse_order_response, parse_search_result
