"""Where the user's shared sandbox keeps its files.

- runtime folder (URL/pid record, lock, log): ``$NUMKIT_HOME/run`` if ``NUMKIT_HOME``
  is set, else ``$XDG_RUNTIME_DIR/numkit``, else ``~/.cache/numkit/run``;
- data folder (the SQLite state): ``$NUMKIT_HOME/data``, else ``$XDG_DATA_HOME/numkit``,
  else ``~/.local/share/numkit``.

``NUMKIT_HOME`` exists so tests, CI and workshops can keep everything in one
throw-away folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["data_dir", "runtime_dir"]


def runtime_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("NUMKIT_HOME"):
        path = Path(env["NUMKIT_HOME"]) / "run"
    elif env.get("XDG_RUNTIME_DIR") and Path(env["XDG_RUNTIME_DIR"]).is_dir():
        path = Path(env["XDG_RUNTIME_DIR"]) / "numkit"
    else:
        path = Path.home() / ".cache" / "numkit" / "run"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("NUMKIT_HOME"):
        path = Path(env["NUMKIT_HOME"]) / "data"
    elif env.get("XDG_DATA_HOME"):
        path = Path(env["XDG_DATA_HOME"]) / "numkit"
    else:
        path = Path.home() / ".local" / "share" / "numkit"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
