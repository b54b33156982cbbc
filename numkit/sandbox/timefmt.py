"""Timestamps as both APIs write them, and the date filters they accept."""

from __future__ import annotations

import re
from datetime import UTC, datetime

__all__ = ["iso", "parse_day"]


def iso(ts: float) -> str:
    """Epoch seconds -> ``2018-01-23T19:56:29.678Z`` (UTC, milliseconds)."""
    dt = datetime.fromtimestamp(ts, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_day(value: str) -> float | None:
    """``YYYY-MM-DD`` (or the spec's ``YY-MM-DD``) -> epoch seconds at 00:00 UTC."""
    m = re.fullmatch(r"(\d{2}|\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    year = int(m.group(1))
    if year < 100:
        year += 2000
    try:
        return datetime(year, int(m.group(2)), int(m.group(3)), tzinfo=UTC).timestamp()
    except ValueError:
        return None
