"""Fixtures of the reliability and security suite (helpers: reliability_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def start_sandbox() -> Iterator[Any]:
    """A factory: ``start_sandbox(**options)`` starts one; all are stopped afterwards."""
    from numkit import sandbox

    started: list[Any] = []

    def make(**options: Any) -> Any:
        sb = sandbox.start(**options)
        started.append(sb)
        return sb

    yield make
    for sb in started:
        sb.stop()
