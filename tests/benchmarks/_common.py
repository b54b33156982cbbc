"""Small helpers shared by the benchmarks: percentiles, medians, a demo V2 client."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def demo_v2(v2_url: str, **kwargs: Any):
    from numkit import V2Client, demo

    p = demo.PRIMARY
    return V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=v2_url, **kwargs)


def run_standalone(measure: Any, argv: list[str] | None, description: str) -> Any:
    """What a benchmark module's ``main`` does: measure against ``--v2-url`` when given,
    else against a private sandbox (order delay 0.2 s) started for the run."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--v2-url", default=None)
    args = parser.parse_args(argv)
    if args.v2_url:
        return measure(args.v2_url)
    from numkit import sandbox

    with sandbox.start(order_delay=0.2) as sb:
        return measure(sb.v2_url)
