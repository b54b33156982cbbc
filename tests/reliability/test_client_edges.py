"""Client arguments and edges (issue 12.8, 12.11): wrong types give typed errors, a stop
event does not wait for a request stuck in latency, a half-built client still has a repr.
"""

from __future__ import annotations

import math
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import v2_for

from numkit import V1Client, V2Client, sandbox
from numkit.errors import ConfigurationError, PollStopped, ValidationError


@pytest.mark.parametrize("timeout", ["30", 0, -5, float("nan"), float("inf"), True, [30]])
def test_wait_timeouts_that_are_not_positive_seconds_are_validation_errors(v2, timeout) -> None:
    before = len(v2.exchanges)
    with pytest.raises(ValidationError) as info:
        v2.wait_for_order("order-1", timeout=timeout)
    assert info.value.field == "timeout"
    with pytest.raises(ValidationError):
        v2.wait_for_disconnect("disc-1", timeout=timeout)
    assert len(v2.exchanges) == before  # checked before anything was sent


def test_timeout_none_means_no_deadline(v2) -> None:
    numbers = v2.search(area_code="919", quantity=1).numbers
    order = v2.order_numbers(numbers)
    assert v2.wait_for_order(order, timeout=None).final


@pytest.mark.parametrize("base_url", [123, 4.5, b"http://127.0.0.1:1/api", ["http://x"]])
def test_a_base_url_that_is_not_text_is_a_configuration_error(base_url) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        V2Client("1", "u", "p", base_url=base_url)
    with pytest.raises(ConfigurationError, match="base_url"):
        V1Client("u", "t", "s", base_url=base_url)


@pytest.mark.parametrize("window", [-1, "60", float("nan"), None])
def test_a_bad_reconcile_window_is_a_configuration_error(window) -> None:
    with pytest.raises(ConfigurationError, match="reconcile_window"):
        V2Client("1", "u", "p", base_url="http://127.0.0.1:1/api", reconcile_window=window)
    with pytest.raises(ConfigurationError, match="reconcile_window"):
        V1Client("u", "t", "s", base_url="http://127.0.0.1:1/v1", reconcile_window=window)


def test_repr_of_a_half_built_client_does_not_raise() -> None:
    for cls in (V1Client, V2Client):
        half = cls.__new__(cls)
        assert cls.__name__ in repr(half)
    with pytest.raises(ConfigurationError):  # __init__ fails after some attributes are set
        V2Client("1", "u", "p", base_url="http://127.0.0.1:1/api", post_attempts=0)


def test_stop_does_not_wait_for_a_request_stuck_in_latency(start_sandbox) -> None:
    sb = start_sandbox(order_delay=60)
    v2 = v2_for(sb)
    numbers = v2.search(area_code="919", quantity=1).numbers
    order = v2.order_numbers(numbers)
    sandbox.set_faults(sb.url, latency=5.0)  # every answer now takes 5 s
    stop = threading.Event()
    outcome: dict[str, object] = {}

    def waiting() -> None:
        try:
            v2.wait_for_order(order, timeout=60, stop=stop)
        except PollStopped as exc:
            outcome["stopped"] = exc
        outcome["at"] = time.monotonic()

    sent_before = len(v2.exchanges)
    thread = threading.Thread(target=waiting)
    thread.start()
    deadline = time.monotonic() + 10
    while len(v2.exchanges) == sent_before and time.monotonic() < deadline:
        time.sleep(0.01)  # until the poll's GET is on the wire (and held by the latency)
    assert len(v2.exchanges) > sent_before
    stopped_at = time.monotonic()
    stop.set()
    thread.join(timeout=10)
    sandbox.set_faults(sb.url, latency=0.0)
    v2.close()
    assert "stopped" in outcome
    took = float(outcome["at"]) - stopped_at  # type: ignore[arg-type]
    print(f"stop under 5 s latency: the wait ended {took:.3f} s after the event was set")
    assert took < 1.0  # not the 5 s the in-flight request needs


# -- property tests over the clients' own arguments (12.8) ----------------------------------
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.floats(), st.floats()),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(base_url=ANYTHING, timeout=ANYTHING, window=ANYTHING, attempts=ANYTHING)
def test_client_constructors_take_anything_and_answer_with_numkit_errors(
    base_url, timeout, window, attempts
) -> None:
    for build in (
        lambda: V2Client(
            "1", "u", "p", base_url=base_url, timeout=timeout,
            reconcile_window=window, post_attempts=attempts,
        ),
        lambda: V1Client("u", "t", "s", base_url=base_url, timeout=timeout, reconcile_window=window),
    ):  # fmt: skip
        try:
            client = build()
        except ConfigurationError:
            continue
        client.close()  # accepted: then it was a usable configuration (nothing is sent)


def _positive_seconds(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


@FUZZ
@given(timeout=ANYTHING.filter(lambda v: v is not None and not _positive_seconds(v)))
def test_any_wait_timeout_that_is_not_positive_seconds_is_a_validation_error(timeout) -> None:
    with V2Client("1", "u", "p", base_url="http://127.0.0.1:9/api") as v2:
        with pytest.raises(ValidationError):
            v2.wait_for_order("order-1", timeout=timeout)
        with pytest.raises(ValidationError):
            v2.wait_for_disconnect("disc-1", timeout=timeout)
        assert len(v2.exchanges) == 0
