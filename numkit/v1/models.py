"""V1 result types (defined in :mod:`numkit.models`, re-exported here)."""

from __future__ import annotations

from ..models import PhoneNumber, V1AvailableNumber, V1SearchAndOrderResult, V1SearchResult

__all__ = ["PhoneNumber", "V1AvailableNumber", "V1SearchAndOrderResult", "V1SearchResult"]
