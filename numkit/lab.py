"""``numkit lab``: the shared sandbox, then JupyterLab on your own copy of the notebooks.

What it does, in order:

1. **Workspace.** The working folder is ``--workspace``, else ``$NUMKIT_WORKSPACE``, else
   ``~/numkit-workspace``. Every shipped notebook that is *missing* there is copied in;
   a notebook already there is never touched, so your edits survive upgrades and reruns.
   (Delete a notebook from the workspace to get a fresh copy on the next start.)
2. **Shipped notebooks**: ``--notebooks``, else ``$NUMKIT_NOTEBOOKS``, else the copy
   inside the installed package (``numkit/notebooks``, put there when the wheel is
   built), else the checkout's top-level ``notebooks/`` (an editable install or running
   from the clone).
3. **Sandbox.** ``numkit.sandbox.ensure_running()`` starts (or reuses) your shared sandbox,
   so the first notebook cell answers at once, unless the environment aims every client
   elsewhere. When JupyterLab exits, :mod:`numkit.launch` stops the sandbox only if this
   command started it and no other numkit process used it since; otherwise it says so.
4. **JupyterLab** (the ``[lab]`` extra) runs as a child process with ``root_dir`` = the
   workspace and opens ``00-start-here``. It never phones home: no news, no update checks,
   extension manager read-only, and the "get notified about news?" toast switched off
   through a numkit-owned
   ``labconfig/default_setting_overrides.json`` added to ``JUPYTER_CONFIG_PATH`` (your own
   Jupyter config folder stays in charge of everything else). ``--allow-root`` is added
   when run as root, since Jupyter refuses to start as root otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import envvars, launch

__all__ = [
    "NOTIFICATION_OVERRIDES",
    "OFFLINE_LAB_OPTIONS",
    "CopyReport",
    "build_command",
    "build_env",
    "copy_notebooks",
    "lab_config_dir",
    "main",
    "shipped_notebooks_dir",
    "workspace_dir",
]

START_NOTEBOOK = "00-start-here.ipynb"

#: JupyterLab options that keep it from reaching the network on its own.
OFFLINE_LAB_OPTIONS = (
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
)

#: The settings override that also removes the "notified about news?" toast.
NOTIFICATION_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
}


def workspace_dir(env: Mapping[str, str] | None = None, given: str | None = None) -> Path:
    """``given``, else ``$NUMKIT_WORKSPACE``, else ``~/numkit-workspace``."""
    env = os.environ if env is None else env
    raw = given or env.get(envvars.WORKSPACE) or str(Path.home() / "numkit-workspace")
    return Path(raw).expanduser().resolve()


def shipped_notebooks_dir(env: Mapping[str, str] | None = None, given: str | None = None) -> Path:
    """Where the notebooks that ship with the kit live (see the module docstring)."""
    env = os.environ if env is None else env
    raw = given or env.get(envvars.NOTEBOOKS)
    if raw:
        return Path(raw).expanduser().resolve()
    package = Path(__file__).resolve().parent
    installed = package / "notebooks"
    return installed if installed.is_dir() else package.parent / "notebooks"


def lab_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """numkit's own Jupyter config folder (only holds the notification override), in
    numkit's data folder (``$NUMKIT_HOME/data``, else ``$XDG_DATA_HOME/numkit``, else
    ``~/.local/share/numkit``), beside the shared sandbox's state."""
    from .sandbox.paths import data_dir

    return data_dir(env) / "jupyter-config"


@dataclass
class CopyReport:
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.copied:
            out.append("copied: " + ", ".join(self.copied))
        if self.kept:
            out.append("kept your copy of: " + ", ".join(self.kept))
        return out


def copy_notebooks(source: Path, workspace: Path) -> CopyReport:
    """Copy each ``*.ipynb`` from ``source`` into ``workspace`` unless it is already there.

    Existing files are never overwritten (not even if they are older or empty): the
    workspace belongs to the user.
    """
    if not source.is_dir():
        raise FileNotFoundError(
            f"no shipped notebooks at {source}; reinstall numkit-bandwidth, or point "
            "NUMKIT_NOTEBOOKS / --notebooks at a folder of notebooks"
        )
    workspace.mkdir(parents=True, exist_ok=True)
    report = CopyReport()
    for nb in sorted(source.glob("*.ipynb")):
        dest = workspace / nb.name
        try:
            # "x" mode: atomic "create only if missing", so a race never clobbers a file.
            with nb.open("rb") as src, dest.open("xb") as out:
                shutil.copyfileobj(src, out)
        except FileExistsError:
            report.kept.append(nb.name)
        else:
            report.copied.append(nb.name)
    return report


def write_lab_config(config_dir: Path) -> Path:
    """Write the notification override into numkit's config folder; return the file."""
    path = config_dir / "labconfig" / "default_setting_overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(NOTIFICATION_OVERRIDES, indent=2) + "\n",
        encoding="utf-8",
    )
    return path


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def build_command(
    workspace: Path,
    *,
    port: int | None = None,
    ip: str = "127.0.0.1",
    open_browser: bool = True,
    as_root: bool | None = None,
    python: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The ``jupyter lab`` command line ``numkit lab`` runs."""
    cmd = [python or sys.executable, "-m", "jupyterlab", f"--ip={ip}"]
    if port is not None:
        cmd += [f"--port={port}", "--ServerApp.port_retries=0"]
    if not open_browser:
        cmd.append("--no-browser")
    if _is_root() if as_root is None else as_root:
        cmd.append("--allow-root")
    cmd += [f"--ServerApp.root_dir={workspace}", *OFFLINE_LAB_OPTIONS]
    if (workspace / START_NOTEBOOK).exists():
        cmd.append(f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}")
    cmd += list(extra)
    return cmd


def build_env(config_dir: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for Jupyter: numkit's config folder added to JUPYTER_CONFIG_PATH."""
    out = dict(os.environ if env is None else env)
    paths = [str(config_dir)] + [
        p for p in out.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p
    ]
    out["JUPYTER_CONFIG_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return out


def _parser() -> argparse.ArgumentParser:
    p = launch.base_parser(
        "numkit lab",
        "Ensure the shared sandbox, then run JupyterLab on your working copy of the numkit "
        "notebooks (copied on first run; your edits are never overwritten).",
        server="JupyterLab",
        default_port=8888,
        print_help="copy the notebooks, print the jupyter command and exit (no sandbox, no server)",
    )
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument(
        "--workspace",
        default=None,
        help="working folder (default: $NUMKIT_WORKSPACE or ~/numkit-workspace)",
    )
    p.add_argument(
        "--notebooks",
        default=None,
        help="folder of shipped notebooks (default: the installed copy, else the checkout's)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(list(argv) if argv is not None else None)
    workspace = workspace_dir(given=args.workspace)
    try:
        report = copy_notebooks(shipped_notebooks_dir(given=args.notebooks), workspace)
    except (FileNotFoundError, OSError) as exc:
        print(f"numkit lab: {exc}", file=sys.stderr)
        return 1
    print(f"numkit lab: workspace {workspace}")
    for line in report.lines():
        print(f"numkit lab: {line}")

    config_dir = lab_config_dir()
    write_lab_config(config_dir)
    cmd = build_command(
        workspace, port=args.port, ip=args.ip, open_browser=not args.no_browser, extra=extra
    )
    if args.print_command:
        print(" ".join(cmd))
        return 0

    return launch.serve("numkit lab", "jupyterlab", cmd, build_env(config_dir))


if __name__ == "__main__":
    raise SystemExit(main())
