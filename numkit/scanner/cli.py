"""``numkit scan PATH… [--format text|json|markdown|html] [--output FILE]
[--fail-on-found] [--exclude GLOB]…`` (contract: CLI).

Exit status: 0; 1 with ``--fail-on-found`` when a numbers-scope finding of high or
medium confidence exists (files that could not be read never change it); 2 on bad
arguments. The progress bar goes to stderr, only on a terminal and only for large trees,
so piped JSON stays clean.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .report import FORMATS, render

__all__ = ["main"]

PROGRESS_MIN_FILES = 200


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"numkit scan: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> _Parser:
    parser = _Parser(
        prog="numkit scan",
        description=(
            "Find V1 (Catapult) usage in code, notebooks and config, with the V2 way to do "
            "each call. Nothing scanned is imported or run."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--fail-on-found",
        action="store_true",
        help="exit 1 when numbers-API findings of high or medium confidence exist (for CI)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files or folders matching GLOB (repeatable), e.g. 'tests/*'",
    )
    return parser


class _Bar:
    """A one-line progress bar on stderr for large trees (a terminal only)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = -1

    def __call__(self, done: int, total: int, path: str) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        percent = done * 100 // total
        if percent == self.last and done != total:
            return
        self.last = percent
        filled = percent * 30 // 100
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} files")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(None if argv is None else list(argv))
    except SystemExit as exc:  # --help (0) or a bad argument (2): a status, not an exit
        return int(exc.code or 0)
    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        print(f"numkit scan: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    if args.output and os.path.isdir(args.output):
        print(f"numkit scan: --output is a folder: {args.output}", file=sys.stderr)
        return 2
    from .engine import scan

    bar = _Bar(sys.stderr) if sys.stderr.isatty() else None
    report = scan(*args.paths, exclude=args.exclude, progress=bar)
    to_terminal = args.output is None and sys.stdout.isatty()
    text = render(report, args.format, color=to_terminal and args.format == "text")
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            print(f"numkit scan: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 2
        print(report.summary() + f" Report written to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return report.exit_code(args.fail_on_found)


if __name__ == "__main__":
    raise SystemExit(main())
