"""Where the user's shared sandbox keeps its files.

- runtime folder (URL/pid record, lock, log): ``$NUMKIT_HOME/run`` if ``NUMKIT_HOME``
  is set, else the platform's per-user runtime folder (``platformdirs``:
  ``$XDG_RUNTIME_DIR/numkit`` on Linux, a cache folder on macOS and Windows);
- data folder (the SQLite state): ``$NUMKIT_HOME/data``, else the platform's per-user
  data folder (``~/.local/share/numkit`` on Linux, ``%LOCALAPPDATA%\\numkit`` …).

``NUMKIT_HOME`` exists so tests, CI, hub users and workshops can keep everything in one
folder of their choosing.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path

from ..envvars import HOME

__all__ = ["data_dir", "runtime_dir"]

_APP = "numkit"


def _home(env: Mapping[str, str] | None) -> Path | None:
    value = (os.environ if env is None else env).get(HOME) or (
        os.environ.get(HOME) if env is not None else None
    )
    return Path(value) if value else None


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def runtime_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder of the run file, the lock and the log (created, mode 0700).

    ``NUMKIT_HOME`` is read from ``env`` first, then from the process environment, so a
    caller passing a credentials-only mapping still stays inside its own home.
    """
    home = _home(env)
    if home is not None:
        return _made(home / "run")
    import platformdirs

    # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back to a private
    # temporary folder; that fallback is fine here and the warning would only be noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _made(Path(platformdirs.user_runtime_dir(_APP, appauthor=False)))


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder of the shared sandbox's SQLite state (created, mode 0700)."""
    home = _home(env)
    if home is not None:
        return _made(home / "data")
    import platformdirs

    return _made(Path(platformdirs.user_data_dir(_APP, appauthor=False)))
