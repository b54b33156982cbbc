"""Panel mechanics that a live sandbox cannot stage on demand, on stand-in clients:
error rendering (one line vs traceback), buttons re-enabled, stopping and resuming a
wait, poll timeouts, the live status line, and the helpers."""

from __future__ import annotations

import time

import pandas as pd
from ui_fakes import FakeV2
from ui_helpers import assert_clean, output_text

from numkit.errors import ApiError, PollTimeout, ServerError
from numkit.ui import DisconnectPanel, OrderPanel, SearchPanel
from numkit.ui._common import frame_html, pre
from numkit.ui.inspector import pretty_body
from numkit.ui.order import split_numbers


def _order_panel(client: FakeV2, *numbers: str) -> OrderPanel:
    panel = OrderPanel(client)
    panel.numbers.value = "\n".join(numbers or ("9195550100",))
    return panel


def test_numkit_error_is_one_line_and_button_comes_back() -> None:
    client = FakeV2()
    panel = SearchPanel(client)
    panel.fields["area_code"].value = "919"
    client.fail = ServerError(
        http_status=503,
        code="503",
        description="try later",
        method="GET",
        url="http://x/api/accounts/9900000/availableNumbers",
        api="V2",
    )
    panel.search_button.click()
    assert panel.status.value.startswith("Search failed: HTTP 503 from V2 GET")
    assert "\n" not in panel.status.value
    assert panel.search_button.disabled is False
    assert panel.result is None
    assert "HTTP 503" in output_text(panel)
    assert_clean(panel)  # a numkit error never shows a traceback


def test_unexpected_error_keeps_its_traceback() -> None:
    client = FakeV2()
    panel = SearchPanel(client)
    panel.fields["area_code"].value = "919"
    client.fail = ZeroDivisionError("boom")
    panel.search_button.click()
    assert "unexpected ZeroDivisionError" in panel.status.value
    errors = [o for o in panel._out.outputs if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "ZeroDivisionError"
    assert "Traceback" in "".join(errors[0]["traceback"])
    assert isinstance(panel._last_error, ZeroDivisionError)
    assert panel.search_button.disabled is False


def test_error_inside_the_background_wait_is_rendered() -> None:
    client = FakeV2()
    panel = _order_panel(client)
    client.gate.clear()
    panel.order_button.click()
    assert client.waiting.wait(5)  # the wait has begun: the failure now comes from inside it
    client.fail = KeyError("lost")
    client.gate.set()
    assert panel.wait(5)
    assert "unexpected KeyError" in panel.status.value
    assert any(o["output_type"] == "error" for o in panel._out.outputs)
    assert panel.order_button.disabled is False and panel.stop_button.disabled is True


def test_stop_waiting_then_resume() -> None:
    client = FakeV2()
    panel = _order_panel(client, "9195550100", "+1 (919) 555-0101")
    client.gate.clear()
    panel.order_button.click()
    assert client.waiting.wait(5)
    assert "RECEIVED" in panel.status.value
    assert panel.order_button.disabled is True and panel.stop_button.disabled is False
    assert panel.order_id.value == "ord-1"
    # numbers were normalised to 10 digits before the order was sent
    assert client.calls[-1] == (
        "order_numbers",
        (["9195550100", "9195550101"], {"partial_allowed": True, "back_order_requested": False}),
    )

    panel.stop_button.click()
    assert panel.wait(1)
    assert "continues on the server" in panel.status.value
    assert panel.order_button.disabled is False and panel.resume_button.disabled is False
    assert panel.result is None

    client.gate.set()
    panel.resume_button.click()
    assert panel.wait(5)
    assert panel.status.value.startswith("Order ord-1: COMPLETE — 2 completed, 0 failed")
    assert list(panel.result["telephone_number"]) == ["9195550100", "9195550101"]
    assert panel.progress.value == panel.progress.max and panel.progress.bar_style == "success"
    assert_clean(panel)


def test_live_line_ticks_while_waiting() -> None:
    client = FakeV2()
    panel = _order_panel(client)
    client.gate.clear()
    panel.order_button.click()
    deadline = time.monotonic() + 5
    while "RECEIVED" not in panel.status.value and time.monotonic() < deadline:
        time.sleep(0.02)
    first = panel.status.value
    while panel.status.value == first and time.monotonic() < deadline:
        time.sleep(0.05)
    second = panel.status.value
    # the elapsed seconds move although the order's status has not changed
    assert first != second and "RECEIVED" in second and "s elapsed" in second
    client.gate.set()
    assert panel.wait(5)


def test_poll_timeout_says_the_order_continues() -> None:
    client = FakeV2()
    panel = OrderPanel(client, timeout=0.3)
    panel.numbers.value = "9195550100"
    client.gate.clear()
    panel.order_button.click()
    assert panel.wait(5)
    assert "still RECEIVED after 0.3 s" in panel.status.value
    assert "continues on the server" in panel.status.value
    assert panel.order_button.disabled is False
    client.gate.set()


def test_nothing_to_order_is_a_readable_error() -> None:
    panel = OrderPanel(FakeV2())
    panel.order_button.click()
    assert panel.wait(1)
    assert "nothing to order" in panel.status.value
    assert panel.order_button.disabled is False
    panel.numbers.value = "12345"
    panel.order_button.click()
    assert "numbers='12345'" in panel.status.value
    assert_clean(panel)


def test_order_from_a_search_panel_source() -> None:
    client = FakeV2()
    search = SearchPanel(client)
    search.fields["area_code"].value = "919"
    search.search_button.click()
    assert search.status.value.startswith("3 numbers found")
    order = OrderPanel(client, source=search)
    assert "Tick numbers" in order._source_label.value
    search.selected = ["9195550101"]
    assert "Will order <b>1</b>: 9195550101" in order._source_label.value
    order.order_button.click()
    assert order.wait(5)
    assert list(order.result["telephone_number"]) == ["9195550101"]


def test_disconnect_asks_first_and_withdraws_on_selection_change() -> None:
    client = FakeV2()
    panel = DisconnectPanel(client)
    assert panel.numbers.options == ("9195550100", "9195550101")
    assert panel.confirm_button.layout.display == "none"
    panel.disconnect_button.click()
    assert "tick the numbers" in panel.status.value
    panel.numbers.value = ("9195550100",)
    panel.disconnect_button.click()
    assert panel.pending == ["9195550100"]
    assert panel.confirm_button.layout.display != "none"
    assert "9195550100" in panel._question.value and "9195550100" in panel.status.value
    assert client.calls == []  # asking sends nothing
    panel.numbers.value = ("9195550100", "9195550101")
    assert panel.pending is None and "withdrawn" in panel.status.value
    panel.confirm_button.click()  # a stray click without a pending question does nothing
    assert "nothing to confirm" in panel.status.value
    assert client.calls == []
    panel.disconnect_button.click()
    panel.confirm_button.click()
    assert panel.wait(5)
    assert client.calls == [("disconnect", ["9195550100", "9195550101"])]
    assert panel.status.value.startswith("Disconnect disc-1: COMPLETE — 2 disconnected")
    assert panel.numbers.options == ()
    assert_clean(panel)


def test_helpers() -> None:
    assert split_numbers("9195550100, +19195550101\n\n(919) 555-0102;") == [
        "9195550100",
        "+19195550101",
        "(919) 555-0102",
    ]
    frame = pd.DataFrame({"n": ["<b>x</b>"] * 3})
    markup = frame_html(frame, max_rows=2)
    assert "&lt;b&gt;" in markup and "first 2 of 3" in markup
    assert "&lt;" in pre("<x>")
    assert pretty_body('{"a":1}') == '{\n  "a": 1\n}'
    assert pretty_body("<a><b>1</b></a>") == "<a>\n  <b>1</b>\n</a>"
    hostile = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'
    assert pretty_body(hostile) == hostile  # refused by the hardened parser, shown raw
    assert pretty_body("not json {") == "not json {"


def test_poll_timeout_class_is_numkit_error() -> None:
    # the panels rely on PollTimeout/ApiError being NumkitErrors (one-line rendering)
    from numkit.errors import NumkitError

    assert issubclass(PollTimeout, NumkitError) and issubclass(ApiError, NumkitError)


def test_error_while_checking_input_is_shown_not_logged() -> None:
    panel = SearchPanel(FakeV2())

    def broken(kind, criteria):
        raise RuntimeError("validator broke")

    panel._form._check = broken
    panel.fields["area_code"].value = "919"  # an observer, not a button
    assert "Checking the input failed with an unexpected RuntimeError" in panel.status.value
    assert any(o["output_type"] == "error" for o in panel._out.outputs)


def test_order_panel_follows_its_source_and_mode() -> None:
    client = FakeV2()
    search = SearchPanel(client)
    order = OrderPanel(client, source=search)
    assert order.numbers.layout.display == "none"  # numbers come from the source
    assert order._form.box.layout.display == "none"
    order.mode.value = "search"
    assert order._form.box.layout.display != "none"
    assert order._source_label.layout.display == "none"
    assert order.fields["quantity"].value == 1


def test_stop_reaches_the_clients_wait() -> None:
    client = FakeV2()
    panel = _order_panel(client)
    client.gate.clear()
    panel.order_button.click()
    assert client.waiting.wait(5)
    job = panel._job
    panel.stop_button.click()
    assert panel.wait(1)
    job.thread.join(2)
    assert not job.thread.is_alive() and client.stopped
    assert "continues on the server" in panel.status.value
    assert panel.result is None  # the early return of a stopped wait is not an outcome
