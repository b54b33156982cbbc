"""Fixtures for the sandbox contract tests (helpers live in ``sandbox_helpers``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sandbox_helpers import V1, V2, clean_env

import numkit.sandbox as nks


@pytest.fixture(scope="session")
def sandbox() -> Iterator[nks.Sandbox]:
    """The shared sandbox of this test session (fast orders, default aging)."""
    sb = nks.start(order_delay=0.2, env=clean_env())
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def v2(sandbox: nks.Sandbox) -> V2:
    return V2(sandbox)


@pytest.fixture
def v1(sandbox: nks.Sandbox) -> V1:
    return V1(sandbox)


@pytest.fixture
def make_sandbox() -> Iterator[Callable[..., nks.Sandbox]]:
    """Start sandboxes with particular options; all are stopped after the test."""
    started: list[nks.Sandbox] = []

    def make(**options: Any) -> nks.Sandbox:
        options.setdefault("env", clean_env())
        sb = nks.start(**options)
        started.append(sb)
        return sb

    yield make
    for sb in started:
        sb.stop()
