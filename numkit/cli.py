"""The ``numkit`` command: ``sandbox``, ``lab``, ``app``, ``doctor``, ``--version`` (contract: CLI).

Each subcommand lives with the code it drives; this module only dispatches, so
``numkit --help`` stays instant.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

USAGE = """usage: numkit {sandbox,lab,app,scan,doctor} [options] | numkit --version

  sandbox   run the local V1+V2 sandbox (--detach to background it, --stop to stop it)
  lab       ensure the sandbox, then open JupyterLab on a working copy of the notebooks
  app       the walkthrough panels as a web app (Voila)
  scan      find V1 (Catapult) calls in code, notebooks and config, with their V2 way
  doctor    versions, sandbox state and which credentials are configured

Run 'numkit COMMAND --help' for a command's options; 'numkit --version' prints the version."""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    if args[0] in {"--version", "-V"}:
        from . import __version__

        print(f"numkit {__version__}")
        return 0
    command, rest = args[0], args[1:]
    if command == "sandbox":
        from .sandbox.cli import main as run
    elif command == "lab":
        from .lab import main as run
    elif command == "app":
        from .app import main as run
    elif command == "scan":
        from .scanner.cli import main as run
    elif command == "doctor":
        from .doctor import main as run
    else:
        print(f"numkit: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
        return 2
    return int(run(rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
