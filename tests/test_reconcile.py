"""The one send-and-reconcile loop (numkit.reconcile), driven by plain functions and an
injected clock: what is sent, what is looked up, and when it gives up."""

from __future__ import annotations

import pytest

from numkit.errors import (
    ApiError,
    AuthenticationError,
    OutcomeUnknown,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
)
from numkit.reconcile import check_window, is_refusal, send_and_reconcile


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Script:
    """``send``/``look_up`` that play back a list of outcomes (an exception is raised)."""

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        item = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(item, BaseException):
            raise item
        return item


def run(send: Script, look: Script, **kwargs):
    clock = Clock()
    kwargs.setdefault("window", 60.0)
    result = send_and_reconcile(
        send, look, what="POST /orders (id 'k')", check="find('k')",
        sleep=clock.sleep, clock=clock, **kwargs,
    )  # fmt: skip
    return result, clock


def server_error(status: int) -> ServerError:
    return ServerError(http_status=status, method="POST", url="/orders")


def test_an_answered_post_is_returned_without_a_look_up() -> None:
    send, look = Script("response"), Script(None)
    result, _ = run(send, look)
    assert (result.response, result.found, result.attempts) == ("response", None, 1)
    assert look.calls == 0


def test_a_lost_answer_whose_order_exists_is_found_not_resent() -> None:
    send, look = Script(Timeout("read timed out")), Script("order")
    result, clock = run(send, look)
    assert (result.response, result.found, result.attempts) == (None, "order", 1)
    assert send.calls == 1 and clock.slept == []


def test_a_slow_commit_is_waited_for_with_backoff_instead_of_resent() -> None:
    # the server creates the order only after the third look-up
    send, look = Script(Timeout("read timed out")), Script(None, None, None, "order")
    result, clock = run(send, look)
    assert result.found == "order" and send.calls == 1
    assert clock.slept == [0.5, 1.0, 2.0]


def test_absent_for_the_whole_window_is_outcome_unknown_never_a_timeout() -> None:
    send, look = Script(Timeout("read timed out")), Script(None)
    with pytest.raises(OutcomeUnknown) as info:
        run(send, look, window=30.0)
    assert send.calls == 1
    assert info.value.check == "find('k')" and "find('k')" in str(info.value)
    assert "30 s" in str(info.value)
    assert isinstance(info.value.__cause__, Timeout)
    assert look.calls >= 8  # 0.5, 1, 2, 4, 5, 5, 5, 5 … up to 30 s


def test_the_window_is_counted_on_the_injected_clock() -> None:
    clock = Clock()
    with pytest.raises(OutcomeUnknown):
        send_and_reconcile(
            Script(server_error(502)), Script(None), what="w", check="c",
            window=12.0, sleep=clock.sleep, clock=clock,
        )  # fmt: skip
    assert 12.0 <= clock.now <= 12.0 + 1e-9


def test_a_refusal_is_resent_after_one_negative_look_up() -> None:
    send, look = Script(server_error(503), "response"), Script(None)
    result, clock = run(send, look)
    assert (result.response, result.attempts) == ("response", 2)
    assert look.calls == 1 and clock.slept == [0.5]


def test_a_429_waits_what_the_server_asks_before_sending_again() -> None:
    limited = RateLimited(retry_after=7.0, http_status=429, method="POST", url="/o")
    send, look = Script(limited, "response"), Script(None)
    result, clock = run(send, look)
    assert result.response == "response" and clock.slept == [7.0]


def test_a_request_that_never_left_counts_as_refused() -> None:
    never = TransportError("connection refused")
    never.sent = False
    assert is_refusal(never) and not is_refusal(TransportError("reset after sending"))
    send, look = Script(never, "response"), Script(None)
    result, _ = run(send, look)
    assert result.attempts == 2


def test_refused_every_time_raises_the_last_error_saying_retry_is_safe() -> None:
    send, look = Script(server_error(503)), Script(None)
    with pytest.raises(ServerError) as info:
        run(send, look, attempts=3)
    assert send.calls == 3 and look.calls == 3
    assert any("trying again later is safe" in note for note in info.value.__notes__)


def test_look_ups_that_keep_failing_end_in_outcome_unknown() -> None:
    send, look = Script(Timeout("lost")), Script(TransportError("look-up failed"))
    with pytest.raises(OutcomeUnknown) as info:
        run(send, look, window=10.0)
    assert "looking it up failed too" in str(info.value)
    assert isinstance(info.value.__cause__, TransportError)


def test_a_look_up_that_is_refused_outright_is_outcome_unknown_at_once() -> None:
    denied = AuthenticationError(http_status=401, method="GET", url="/orders")
    send, look = Script(Timeout("lost")), Script(denied)
    with pytest.raises(OutcomeUnknown):
        run(send, look)
    assert look.calls == 1


def test_resend_safe_sends_again_after_one_negative_look_up() -> None:
    # V1 order_number: a number is allocated once, so a second POST cannot buy twice
    send, look = Script(Timeout("lost"), "response"), Script(None)
    result, _ = run(send, look, resend_safe=True)
    assert (result.response, result.attempts) == ("response", 2) and look.calls == 1


def test_a_redirect_is_no_answer_and_is_reconciled() -> None:
    moved = ApiError(http_status=302, method="POST", url="/orders")
    send, look = Script(moved), Script("order")
    result, _ = run(send, look)
    assert result.found == "order"


def test_a_definite_error_answer_is_raised_without_a_look_up() -> None:
    bad = ApiError(http_status=400, code="5005", method="POST", url="/orders")
    send, look = Script(bad), Script(None)
    with pytest.raises(ApiError):
        run(send, look)
    assert look.calls == 0


@pytest.mark.parametrize("bad", [-1, "60", float("nan"), float("inf"), None, True])
def test_the_window_must_be_finite_seconds(bad: object) -> None:
    from numkit.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        check_window(bad)
    assert check_window(0) == 0.0
