"""Tiny stand-ins for the clients, for what a live sandbox cannot stage on demand: an
order that stays RECEIVED until the test releases it, an unexpected exception inside
a client call, a poll timeout. They follow the contract's method names, signatures and
shapes exactly (``api``, ``stop=``, PollStopped), so the panels need no allowance for
them; everything a sandbox can stage is tested on real clients instead."""

from __future__ import annotations

import collections
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from numkit.errors import PollStopped, PollTimeout
from numkit.transport import Exchange


@dataclass
class FakeStatus:
    id: str
    status: str
    completed_numbers: list[str] = field(default_factory=list)
    failed_numbers: list[str] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    elapsed: float = 0.0

    def to_frame(self) -> pd.DataFrame:
        rows = [(n, "completed", None, None) for n in self.completed_numbers]
        rows += [(n, "failed", c, d) for c, d, n in self.errors]
        return pd.DataFrame(
            rows, columns=["telephone_number", "outcome", "error_code", "error_description"]
        )


class _Found:
    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def to_frame(self) -> pd.DataFrame:
        return self._frame


class FakeV2:
    """``gate`` holds orders at RECEIVED until set; ``fail`` is raised by the next call."""

    api = "V2"
    account_id = "9900000"
    base_url = "http://127.0.0.1:1/api"

    def __init__(self) -> None:
        self.exchanges: collections.deque[Exchange] = collections.deque(maxlen=50)
        self.gate = threading.Event()
        self.gate.set()
        self.fail: BaseException | None = None
        self.in_service: list[str] = ["9195550100", "9195550101"]
        self.calls: list[tuple[str, Any]] = []
        self.waiting = threading.Event()
        self.stopped = False

    def _record(self, method: str, path: str, body: str | None = None) -> None:
        self.exchanges.append(
            Exchange(
                method=method,
                url=self.base_url + path,
                request_headers={"Authorization": "Basic ***", "Content-Type": "application/xml"},
                request_body=body,
                status=200,
                response_headers={"Content-Type": "application/xml"},
                response_body="<SearchResult><ResultCount>1</ResultCount></SearchResult>",
                elapsed=0.01,
                user="demo",
            )
        )

    def _maybe_fail(self) -> None:
        if self.fail is not None:
            error, self.fail = self.fail, None
            raise error

    def search(self, **criteria: Any) -> _Found:
        self.calls.append(("search", criteria))
        self._maybe_fail()
        self._record("GET", "/accounts/9900000/availableNumbers?areaCode=919")
        numbers = ["9195550100", "9195550101", "9195550102"][: criteria.get("quantity", 3)]
        return _Found(
            pd.DataFrame(
                {
                    "full_number": numbers,
                    "city": ["RALEIGH"] * len(numbers),
                    "state": ["NC"] * len(numbers),
                }
            )
        )

    def order_numbers(self, numbers: list[str], **options: Any) -> Any:
        self.calls.append(("order_numbers", (numbers, options)))
        self._maybe_fail()
        self._record("POST", "/accounts/9900000/orders", "<Order/>")
        self._numbers = list(numbers)
        return FakeStatus("ord-1", "RECEIVED")

    def order_search(self, **criteria: Any) -> Any:
        self.calls.append(("order_search", criteria))
        self._maybe_fail()
        self._numbers = ["9105550100"]
        return FakeStatus("ord-2", "RECEIVED")

    def wait_for_order(
        self,
        order: Any,
        *,
        timeout: float | None = 120,
        on_progress: Any = None,
        stop: threading.Event | None = None,
    ):
        """Like ``V2Client.wait_for_order``: RECEIVED until ``gate`` opens; ``stop`` ends
        the wait with PollStopped at once. ``waiting`` is set once RECEIVED was reported,
        so a test can act *during* the wait without sleeping."""
        order_id = getattr(order, "id", order)
        start = time.monotonic()
        if on_progress:
            on_progress(FakeStatus(order_id, "RECEIVED"))
        self.waiting.set()
        deadline = None if timeout is None else start + timeout
        while not self.gate.wait(0.01):
            if stop is not None and stop.is_set():
                self.stopped = True
                raise PollStopped("stopped", last_status=FakeStatus(order_id, "RECEIVED"))
            if deadline is not None and time.monotonic() > deadline:
                raise PollTimeout(
                    f"order {order_id} still RECEIVED after {timeout} s",
                    last_status=FakeStatus(order_id, "RECEIVED"),
                )
        self._maybe_fail()
        done = FakeStatus(
            order_id,
            "COMPLETE",
            completed_numbers=list(getattr(self, "_numbers", [])),
            elapsed=time.monotonic() - start,
        )
        if on_progress:
            on_progress(done)
        return done

    def in_service_numbers(self, **_: Any) -> pd.DataFrame:
        self._maybe_fail()
        return pd.DataFrame({"telephone_number": pd.Series(self.in_service, dtype="string")})

    def disconnect(self, numbers: list[str], **_: Any) -> Any:
        self.calls.append(("disconnect", numbers))
        self._maybe_fail()
        self._numbers = list(numbers)
        return type("Disc", (), {"id": "disc-1", "ids": ["disc-1"]})()

    def wait_for_disconnect(
        self,
        disc: Any,
        *,
        timeout: float | None = 120,
        on_progress: Any = None,
        stop: threading.Event | None = None,
    ):
        status = self.wait_for_order(disc.id, timeout=timeout, on_progress=on_progress, stop=stop)
        self.in_service = [n for n in self.in_service if n not in self._numbers]
        return status
