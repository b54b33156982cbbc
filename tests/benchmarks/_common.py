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
