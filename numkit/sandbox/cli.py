"""``numkit sandbox`` / ``python -m numkit.sandbox`` (contract: "CLI").

- no mode flag: run a sandbox in the foreground until Ctrl-C;
- ``--detach``: make sure the user's shared sandbox runs in the background, print its
  URLs and exit (Binder's ``start`` uses this);
- ``--stop``: stop the user's shared sandbox;
- ``--reset [--yes]``: return the shared sandbox to a fresh start (asks unless ``--yes``).

Tornado is imported only when this process is going to serve.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["build_parser", "main"]


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("the fault rate is a probability from 0 to 1")
    return value


def _kinds(text: str) -> list[str]:
    from .faults import FaultSettingsError, parse_kinds

    try:
        return parse_kinds(text)
    except FaultSettingsError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _hosts(text: str) -> list[str]:
    return [h.strip() for h in text.split(",") if h.strip()]


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="numkit sandbox",
        description="A local server of Bandwidth's V1 (Catapult) and V2 (Dashboard) numbers APIs.",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--detach",
        action="store_true",
        help="ensure the shared sandbox runs in the background, then exit",
    )
    mode.add_argument("--stop", action="store_true", help="stop the shared sandbox")
    mode.add_argument(
        "--reset",
        action="store_true",
        help="return the shared sandbox to a fresh start (asks first unless --yes)",
    )
    p.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (0 picks a free one; default 8765)")
    p.add_argument(
        "--state", default=None, help="SQLite state file (default: the user's data folder)"
    )
    p.add_argument(
        "--order-delay",
        type=_non_negative,
        default=1.0,
        help="seconds until an order or disconnect is final (default 1.0)",
    )
    p.add_argument(
        "--aging",
        type=_non_negative,
        default=300.0,
        help="seconds a disconnected number stays in Aging (default 300)",
    )
    p.add_argument(
        "--max-disconnect",
        type=_positive_int,
        default=5000,
        help="most numbers in one disconnect order (default 5000)",
    )
    p.add_argument(
        "--fault-rate",
        type=_rate,
        default=0.0,
        help="probability of a fault per API request (default 0)",
    )
    p.add_argument(
        "--fault-kinds",
        type=_kinds,
        default=None,
        help="comma list of 503,429,drop,commit-drop,slow (the default set), slow-commit",
    )
    p.add_argument(
        "--seed", type=int, default=None, help="seed for fault draws (the inventory never changes)"
    )
    p.add_argument(
        "--latency", type=_non_negative, default=0.0, help="seconds added to every API response"
    )
    p.add_argument(
        "--slow-seconds",
        type=_non_negative,
        default=None,
        help="seconds the slow and slow-commit faults hold a request (default 2)",
    )
    p.add_argument(
        "--reservation-hold",
        type=_non_negative,
        default=None,
        help="seconds a V2 number reservation lasts (default 14400)",
    )
    p.add_argument(
        "--callback-hosts",
        type=_hosts,
        default=None,
        help="comma list of hosts besides loopback that notifications may be POSTed to",
    )
    p.add_argument("--ready-file", default=None, help=argparse.SUPPRESS)
    p.add_argument("--exit-with-parent", action="store_true", help=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "sandbox":
        args_list = args_list[1:]
    parser = build_parser()
    args = parser.parse_args(args_list)

    if args.stop:
        from . import SandboxError, stop_running

        try:
            stopped = stop_running()
        except SandboxError as exc:  # e.g. another process holds the lock and is stuck
            print(f"numkit sandbox: {exc}", file=sys.stderr)
            return 1
        print("numkit sandbox stopped." if stopped else "No shared numkit sandbox was running.")
        return 0

    if args.reset:
        return _reset(assume_yes=args.yes)

    options: dict[str, Any] = {
        "host": args.host,
        "order_delay": args.order_delay,
        "aging": args.aging,
        "max_disconnect": args.max_disconnect,
        "fault_rate": args.fault_rate,
        "fault_kinds": args.fault_kinds,
        "seed": args.seed,
        "latency": args.latency,
        "callback_hosts": args.callback_hosts,
        "slow_seconds": args.slow_seconds,
        "reservation_hold": args.reservation_hold,
    }
    if args.detach:
        from . import SandboxError, ensure_running

        try:
            sb = ensure_running(port=args.port, state=args.state, **options)
        except SandboxError as exc:
            print(f"numkit sandbox: {exc}", file=sys.stderr)
            return 1
        print(f"numkit sandbox running at {sb.url} (pid {sb.pid})")
        print(f"  V1 base URL:  {sb.v1_url}")
        print(f"  V2 base URL:  {sb.v2_url}")
        print(f"  state file:   {sb.state_path}")
        print("Stop it with: numkit sandbox --stop")
        return 0

    from .paths import data_dir
    from .server import run
    from .store import StateFileError
    from .world import Options

    state = args.state or str(data_dir() / "sandbox.sqlite")
    # The flags --detach passes on; one left out (None) keeps Options' default.
    given = {name: value for name, value in options.items() if value is not None}
    opts = Options(port=args.port, state=state, **given)
    try:
        return run(
            opts,
            env=dict(os.environ),
            ready_file=args.ready_file,
            exit_with_parent=args.exit_with_parent,
        )
    except StateFileError as exc:
        print(f"numkit sandbox: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"numkit sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


def _reset(*, assume_yes: bool) -> int:
    """``--reset``: find the shared sandbox (starting nothing), ask, then reset it."""
    from . import SandboxError, reset, running_info

    info = running_info()
    if info is None:
        print(
            "No shared numkit sandbox is running, so there is nothing to reset. "
            "Start it with: numkit sandbox --detach",
            file=sys.stderr,
        )
        return 1
    url = str(info["url"])
    if not assume_yes:
        question = (
            f"Reset the shared numkit sandbox at {url}? Every number, order, subscription "
            "and reservation in it is forgotten and faults are switched back. [y/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was reset.")
            return 1
    try:
        reset(url)
    except SandboxError as exc:
        print(f"numkit sandbox: {exc}", file=sys.stderr)
        return 1
    print(f"numkit sandbox at {url} is back to a fresh start.")
    return 0
