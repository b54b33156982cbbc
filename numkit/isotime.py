"""Timestamps as both APIs write them, read once for the V1 (JSON) and V2 (XML) parsers.

Stdlib only: the V1 client must not import lxml to read a date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

__all__ = ["parse_iso"]

_TIME_DASHES = re.compile(r"T(\d{2})-(\d{2})-(\d{2})")


def parse_iso(value: str | None) -> datetime | None:
    """ISO dates as the APIs write them (``2018-01-23T19:56:29.678Z``, ``2014-03-25
    12:55:11.0``, and the V2 spec's ``T14-12-57.840Z`` typo) → an aware datetime (naive
    times are UTC); empty or junk → None."""
    if not value:
        return None
    iso = _TIME_DASHES.sub(r"T\1:\2:\3", value.strip())
    if iso.endswith(("Z", "z")):
        iso = iso[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
