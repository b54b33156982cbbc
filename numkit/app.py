"""``numkit app``: the walkthrough (every panel in one tabbed view) as a web app, by Voilà.

Voilà runs a notebook and shows only its widgets, so a workshop or a colleague gets the
panels without seeing code. The notebook is one cell, ``numkit.walkthrough()``, written
by numkit into its own data folder on every start (it is numkit's, not the user's, so
it is always the current one). Like ``numkit lab`` (see :mod:`numkit.launch`) it ensures
the shared sandbox first unless the environment aims the clients elsewhere
(``NUMKIT_V1_BASE_URL`` / ``NUMKIT_V2_BASE_URL``, ``NUMKIT_TARGET``), and stops the
sandbox on exit only when it started it and nothing else used it since. Voilà comes
with the ``[lab]`` extra; it listens on 127.0.0.1 and asks for a generated token, which
is part of the URL it prints and opens.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from . import launch

__all__ = ["APP_SOURCE", "build_command", "main", "write_app_notebook"]

#: The one cell Voilà runs.
APP_SOURCE = "import numkit\n\nnumkit.walkthrough()"


def app_dir(env: Mapping[str, str] | None = None) -> Path:
    """numkit's folder for the app notebook, in its data folder (beside the sandbox's)."""
    from .sandbox.paths import data_dir

    return data_dir(env) / "app"


def write_app_notebook(folder: Path) -> Path:
    """Write the walkthrough notebook into ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "walkthrough",
                "metadata": {},
                "outputs": [],
                "source": APP_SOURCE,
            }
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "title": "numkit walkthrough",
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "numkit-walkthrough.ipynb"
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    return path


def build_command(
    notebook: Path,
    *,
    port: int | None = None,
    open_browser: bool = True,
    python: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The ``voila`` command line ``numkit app`` runs."""
    cmd = [python or sys.executable, "-m", "voila", str(notebook), "--Voila.ip=127.0.0.1"]
    if port is not None:
        cmd += [f"--port={port}", "--Voila.port_retries=0"]
    if not open_browser:
        cmd.append("--no-browser")
    cmd.append("--token")  # a generated token, printed as part of the URL
    return cmd + list(extra)


def _parser() -> argparse.ArgumentParser:
    return launch.base_parser(
        "numkit app",
        "The walkthrough (every numkit panel in one tabbed view) as a web app, served by "
        "Voila against the shared sandbox unless the environment aims elsewhere.",
        server="Voila",
        default_port=8866,
        print_help="write the app notebook, print the voila command and exit (starts nothing)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(list(argv) if argv is not None else None)
    notebook = write_app_notebook(app_dir())
    cmd = build_command(notebook, port=args.port, open_browser=not args.no_browser, extra=extra)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    return launch.serve("numkit app", "voila", cmd)


if __name__ == "__main__":
    raise SystemExit(main())
