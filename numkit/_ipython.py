"""Short error display in notebooks.

A numkit error is already one readable line (``HTTP 400 from V2 POST …: 5022: SiteId is
a required field.``); a 40-frame traceback through requests and lxml above it only hides
the message from the person who has to act on it. Inside IPython we therefore show
numkit's own errors as that line plus a hint; ``%tb`` still prints the full traceback,
and the cell still counts as failed (Run All stops, nbclient raises). Anything that is
not a NumkitError keeps IPython's normal traceback. ``NUMKIT_FULL_TRACEBACKS=1`` turns
this off.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .errors import NumkitError

__all__ = ["install_short_errors", "short_error_lines"]

_HINT = "(numkit error; %tb shows the full traceback)"


def short_error_lines(error: BaseException) -> list[str]:
    """The lines a notebook shows for ``error``: its class and its one-line message."""
    return [f"\x1b[0;31m{type(error).__name__}\x1b[0m: {error}", f"\x1b[2m{_HINT}\x1b[0m"]


def _handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None):
    # IPython ignores a custom handler's return value: show it ourselves, the way
    # showtraceback does (so the kernel reports the error), and keep what %tb reads.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    sys.last_exc = value
    stb = short_error_lines(value)
    shell._showtraceback(etype, value, stb)
    return stb


def install_short_errors() -> bool:
    """Register the short display with the running IPython shell; True if it did."""
    if os.environ.get("NUMKIT_FULL_TRACEBACKS") == "1" or "IPython" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython half-imported
        return False
    shell = get_ipython()
    if shell is None:
        return False
    if NumkitError in getattr(shell, "custom_exceptions", ()):
        return True
    shell.set_custom_exc((NumkitError,), _handler)
    return True
