"""numkit.poll: the backoff wait loop, with an injected clock and sleep (no real waiting)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from numkit import poll
from numkit.errors import NotFound, PollTimeout, RateLimited, ServerError, Timeout, TransportError


@dataclass(frozen=True)
class S:
    status: str
    completed_numbers: tuple = ()
    failed_numbers: tuple = ()
    retry_after: float | None = None

    @property
    def final(self) -> bool:
        return self.status in {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def script(*items, request_time: float = 0.0, t: FakeTime):
    """fetch() answering the items in turn (exceptions are raised), then the last forever."""
    calls: list[float] = []
    it = iter(items)
    last = [None]

    def fetch(remaining: float):
        calls.append(remaining)
        t.now += request_time
        item = next(it, last[0])
        last[0] = item
        if isinstance(item, BaseException):
            raise item
        return item

    return fetch, calls


def run(fetch, t: FakeTime, **kwargs):
    kwargs.setdefault("timeout", 120)
    return poll.wait(fetch, is_final=lambda s: s.final, sleep=t.sleep, clock=t.clock, **kwargs)


def test_backoff_sequence():
    assert list(itertools.islice(poll.backoff_delays(), 8)) == [0.25, 0.5, 1, 2, 4, 5, 5, 5]


def test_asks_at_once_then_backs_off_and_stops_at_final():
    t = FakeTime()
    fetch, calls = script(*[S("RECEIVED")] * 6, S("COMPLETE"), S("NEVER-ASKED"), t=t)
    result = run(fetch, t)
    assert result.status == "COMPLETE"
    assert len(calls) == 7  # no request after the final status
    assert t.sleeps == [0.25, 0.5, 1, 2, 4, 5]


@pytest.mark.parametrize("final", ["COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"])
def test_every_final_status_returns(final):
    t = FakeTime()
    fetch, _ = script(S("RECEIVED"), S(final), t=t)
    assert run(fetch, t).status == final


def test_already_final_returns_without_sleeping():
    t = FakeTime()
    fetch, calls = script(S("COMPLETE"), t=t)
    assert run(fetch, t).status == "COMPLETE"
    assert t.sleeps == [] and len(calls) == 1


def test_on_progress_on_every_change_only():
    t = FakeTime()
    seen = []
    fetch, _ = script(
        S("RECEIVED"),
        S("RECEIVED"),
        S("PROCESSING"),
        S("PROCESSING", ("1",)),
        S("PROCESSING", ("1",)),
        S("COMPLETE", ("1", "2")),
        t=t,
    )
    run(fetch, t, on_progress=seen.append)
    assert [(s.status, len(s.completed_numbers)) for s in seen] == [
        ("RECEIVED", 0),
        ("PROCESSING", 0),
        ("PROCESSING", 1),
        ("COMPLETE", 2),
    ]


def test_retry_after_from_status_wins_over_backoff():
    t = FakeTime()
    fetch, _ = script(S("RECEIVED", retry_after=3), S("RECEIVED"), S("COMPLETE"), t=t)
    run(fetch, t, retry_after=lambda s: s.retry_after)
    assert t.sleeps == [3, 0.5]


@pytest.mark.parametrize(
    "error",
    [
        TransportError("reset"),
        Timeout("slow"),
        ServerError(http_status=503),
        RateLimited(http_status=429, retry_after=None),
    ],
)
def test_transient_errors_are_survived(error):
    t = FakeTime()
    fetch, calls = script(S("RECEIVED"), error, error, S("COMPLETE"), t=t)
    assert run(fetch, t).status == "COMPLETE"
    assert len(calls) == 4 and t.sleeps == [0.25, 0.5, 1]


def test_rate_limited_retry_after_is_honoured():
    t = FakeTime()
    fetch, _ = script(RateLimited(http_status=429, retry_after=2.5), S("COMPLETE"), t=t)
    run(fetch, t)
    assert t.sleeps == [2.5]


def test_other_errors_propagate():
    t = FakeTime()
    fetch, _ = script(S("RECEIVED"), NotFound(http_status=404), t=t)
    with pytest.raises(NotFound):
        run(fetch, t)


def test_timeout_carries_last_status_and_never_waits_past_it():
    t = FakeTime()
    fetch, calls = script(S("RECEIVED"), request_time=0.01, t=t)
    with pytest.raises(PollTimeout) as info:
        run(fetch, t, timeout=10, what="order X", resume_hint="v2.wait_for_order('X')")
    assert info.value.last_status == S("RECEIVED")
    assert "order X" in str(info.value) and "RECEIVED" in str(info.value)
    assert "wait_for_order('X')" in str(info.value)
    assert t.now <= 10 + 0.01
    assert all(r > 0 for r in calls)  # every request is given time that is left
    assert calls == sorted(calls, reverse=True)


def test_timeout_with_only_errors_has_no_status():
    t = FakeTime()
    fetch, _ = script(TransportError("down"), t=t)
    with pytest.raises(PollTimeout) as info:
        run(fetch, t, timeout=3)
    assert info.value.last_status is None
    assert "no status received" in str(info.value) and "down" in str(info.value)


def test_retry_after_longer_than_the_timeout_is_cut_to_it():
    t = FakeTime()
    fetch, _ = script(S("RECEIVED", retry_after=60), t=t)
    with pytest.raises(PollTimeout):
        run(fetch, t, timeout=5, retry_after=lambda s: s.retry_after)
    assert t.now <= 5


def test_timeout_must_be_positive():
    t = FakeTime()
    fetch, _ = script(S("COMPLETE"), t=t)
    with pytest.raises(ValueError):
        run(fetch, t, timeout=0)


def test_stop_event_ends_the_wait_without_touching_the_order():
    import threading

    from numkit.errors import PollStopped, PollTimeout

    stop = threading.Event()
    calls = []

    def fetch(remaining):
        calls.append(remaining)
        if len(calls) == 2:
            stop.set()
        return "RECEIVED"

    with pytest.raises(PollStopped) as info:
        poll.wait(
            fetch,
            is_final=lambda s: False,
            timeout=30,
            key=lambda s: s,
            stop=stop,
            resume_hint="v2.wait_for_order('x')",
        )
    assert isinstance(info.value, PollTimeout)
    assert info.value.last_status == "RECEIVED"
    assert len(calls) == 2
    assert "wait_for_order('x')" in str(info.value)
