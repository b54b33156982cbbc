"""V1 DataFrames (defined in :mod:`numkit.frames`, re-exported here)."""

from __future__ import annotations

from ..frames import V1_NUMBERS_COLUMNS, V1_SEARCH_COLUMNS, v1_numbers_frame, v1_search_frame

__all__ = ["V1_NUMBERS_COLUMNS", "V1_SEARCH_COLUMNS", "v1_numbers_frame", "v1_search_frame"]
