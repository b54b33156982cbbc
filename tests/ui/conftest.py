"""Fixtures for the panel tests.

Every test here fails if ipywidgets only *logged* an error (a callback exception that
would vanish into the log in JupyterLab, ipywidgets #2949): a handler on the
``traitlets`` and ``ipywidgets`` loggers collects WARNING and above.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import ipywidgets  # noqa: F401  (a missing ipywidgets must fail, not skip)
import pytest


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def widget_log() -> Iterator[list[logging.LogRecord]]:
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in ("traitlets", "ipywidgets")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.records
    for logger in loggers:
        logger.removeHandler(handler)
    problems = [f"{r.name}: {r.getMessage()}" for r in handler.records]
    assert not problems, f"ipywidgets logged errors instead of showing them: {problems}"
