"""One-line numkit errors in notebooks, when asked for.

A numkit error is already one readable line (``HTTP 400 from V2 POST …: 5022: SiteId is
a required field.``); a 40-frame traceback through requests and lxml above it only hides
the message from the person who has to act on it. ``import numkit`` changes nothing in
IPython (a library must not take over a shell's error display); the short display is
switched on explicitly, in either of two ways:

- ``%load_ext numkit`` (IPython extension; ``%unload_ext numkit`` switches it off), or
- ``numkit.short_errors()`` (what the lessons call in their first cell);

both are defined in ``numkit/__init__.py`` and land in :func:`install`.

Then numkit's own errors show as that line plus a hint; ``%tb`` still prints the full
traceback, and the cell still counts as failed (Run All stops, nbclient raises).
Anything that is not a NumkitError keeps IPython's normal traceback.
``NUMKIT_FULL_TRACEBACKS=1`` keeps full tracebacks even when switched on.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

from .envvars import FULL_TRACEBACKS
from .errors import NumkitError

__all__ = ["install", "short_error_lines", "uninstall"]

_HINT = "(numkit error; %tb shows the full traceback)"


def short_error_lines(error: BaseException) -> list[str]:
    """The lines a notebook shows for ``error``: its class and its one-line message."""
    return [f"\x1b[0;31m{type(error).__name__}\x1b[0m: {error}", f"\x1b[2m{_HINT}\x1b[0m"]


def _handler(
    shell: Any,
    etype: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    tb_offset: int | None = None,
) -> list[str]:
    # IPython ignores a custom handler's return value: show it ourselves, the way
    # showtraceback does (so the kernel reports the error), and keep what %tb reads.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    stb = short_error_lines(value)
    shell._showtraceback(etype, value, stb)
    return stb


def _ours(shell: Any) -> bool:
    return NumkitError in getattr(shell, "custom_exceptions", ())


def install(shell: Any = None) -> bool:
    """Register the short display with ``shell`` (default: the running IPython shell).

    Returns True when numkit errors now show as one line; False outside IPython or
    when ``NUMKIT_FULL_TRACEBACKS=1``.
    """
    if os.environ.get(FULL_TRACEBACKS) == "1":
        return False
    if shell is None:
        if "IPython" not in sys.modules:  # not in IPython: nothing to do, import nothing
            return False
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return False
    if not _ours(shell):
        shell.set_custom_exc((NumkitError,), _handler)
    return True


def uninstall(shell: Any) -> None:
    """IPython's normal tracebacks again (``%unload_ext numkit``)."""
    if _ours(shell):
        shell.set_custom_exc((), None)
