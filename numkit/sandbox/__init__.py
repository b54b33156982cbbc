"""The sandbox from Python: private sandboxes for tests, the user's shared one for notebooks.

This module stays light (no Tornado, no lxml): the server always runs in a child
process (:mod:`numkit.sandbox.process` starts and stops it; :mod:`numkit.sandbox.shared`
keeps track of the user's shared one).

- ``start(port=0, state=None, **options) -> Sandbox``: a private child process; the
  options are the CLI flags in snake_case (``order_delay=0.2``, ``fault_rate=0.2``,
  ``fault_kinds=["503", "drop"]``, ``max_disconnect=10``…). ``state=None`` uses a fresh
  temporary file, deleted by ``stop()``.
- ``ensure_running(env=None, **options) -> Sandbox``: the user's shared sandbox (see
  :mod:`numkit.sandbox.paths` for where its files live), restarted when the credentials
  in ``env`` differ from the ones it was started with.
- ``stop_running()``, ``running_info()`` (starts nothing), ``set_faults(url, ...)``,
  ``get_faults(url)``, ``reset(url)`` (a fresh start, no prompt).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from .process import DEFAULT_PORT, Sandbox, SandboxError, start
from .process import root_url as _root
from .shared import ensure_running, running_info, stop_if_unused, stop_running

__all__ = [
    "DEFAULT_PORT",
    "Sandbox",
    "SandboxError",
    "ensure_running",
    "get_faults",
    "reset",
    "running_info",
    "set_faults",
    "start",
    "stop_if_unused",
    "stop_running",
]


# ---- faults -----------------------------------------------------------------------
def _control(
    url: str | Sandbox, method: str, body: Mapping[str, Any] | None, path: str = "faults"
) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        f"{_root(url)}/_sandbox/{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"} if data else {},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return dict(json.loads(resp.read().decode("utf-8")))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        raise SandboxError(f"{method} /_sandbox/{path} failed: HTTP {exc.code} {detail}") from exc
    except OSError as exc:
        raise SandboxError(f"the sandbox at {_root(url)} is not reachable: {exc}") from exc


def set_faults(
    url: str | Sandbox,
    *,
    rate: float | None = None,
    kinds: list[str] | tuple[str, ...] | str | None = None,
    seed: int | None = None,
    latency: float | None = None,
    slow_seconds: float | None = None,
) -> dict[str, Any]:
    """Change the given fault settings (others stay); returns the new settings.

    ``slow_seconds`` is how long the ``slow`` and ``slow-commit`` kinds hold a request.
    """
    changes: dict[str, Any] = {}
    if rate is not None:
        changes["rate"] = rate
    if kinds is not None:
        changes["kinds"] = kinds.split(",") if isinstance(kinds, str) else list(kinds)
    if seed is not None:
        changes["seed"] = seed
    if latency is not None:
        changes["latency"] = latency
    if slow_seconds is not None:
        changes["slow_seconds"] = slow_seconds
    return _control(url, "PUT", changes)


def get_faults(url: str | Sandbox) -> dict[str, Any]:
    """The sandbox's current fault settings."""
    return _control(url, "GET", None)


def reset(url: str | Sandbox) -> dict[str, Any]:
    """Return the sandbox at ``url`` to a fresh start, without asking.

    Every number goes back to the pool (nothing held, nothing aging), and every order,
    disconnect, note, subscription and reservation is forgotten; the fault settings
    return to those the sandbox was started with. The inventory itself never changes.
    ``numkit sandbox --reset`` asks first, then calls this for the shared sandbox.
    """
    return _control(url, "POST", {}, path="reset")
