"""Search → order → disconnect through the panels on a sandbox-backed V2 client."""

from __future__ import annotations

import pytest
from ui_helpers import assert_clean, output_text

from numkit.ui import DisconnectPanel, ExchangeInspector, OrderPanel, SearchPanel

WAIT = 30


def _search(client, area_code: str = "919", quantity: int = 4) -> SearchPanel:
    panel = SearchPanel(client)
    panel.search_type.value = "area_code"
    panel.fields["area_code"].value = area_code
    panel.fields["quantity"].value = quantity
    panel.search_button.click()
    assert_clean(panel)
    return panel


def test_search_order_disconnect_round_trip(v2) -> None:
    search = _search(v2)
    assert search.status.value.startswith("4 numbers found on V2"), search.status.value
    assert list(search.result.columns[:3]) == ["full_number", "npa", "nxx"]
    numbers = list(search.result["full_number"])
    assert [value for _label, value in search.selector.options] == numbers
    assert numbers[0] in search._table.value
    picked = numbers[:2]
    search.selected = picked

    order = OrderPanel(v2, source=search)
    order.order_button.click()
    assert order.wait(WAIT)
    assert_clean(order)
    assert " COMPLETE — 2 completed, 0 failed" in order.status.value, order.status.value
    assert order.order_id.value and order.order_id.value in order.status.value
    assert sorted(order.result["telephone_number"]) == sorted(picked)
    assert set(order.result["outcome"]) == {"completed"}
    assert order.progress.value == order.progress.max
    assert order.progress.bar_style == "success"
    assert order.order_button.disabled is False and order.stop_button.disabled is True
    assert "RECEIVED" in output_text(order) or "COMPLETE" in output_text(order)

    disconnect = DisconnectPanel(v2)
    assert set(picked) <= set(disconnect.numbers.options)
    disconnect.numbers.value = tuple(picked)
    disconnect.disconnect_button.click()
    assert disconnect.pending == picked
    assert all(n in disconnect._question.value for n in picked)
    disconnect.confirm_button.click()
    assert disconnect.wait(WAIT)
    assert_clean(disconnect)
    assert "COMPLETE — 2 disconnected, 0 failed" in disconnect.status.value, disconnect.status.value
    assert sorted(disconnect.result["telephone_number"]) == sorted(picked)
    assert not set(picked) & set(disconnect.numbers.options)


def test_partial_scenario_shows_completed_and_failed(v2) -> None:
    search = _search(v2, "919", 2)
    search.selected = list(search.result["full_number"])
    order = OrderPanel(v2, source=search)
    order.fields["customer_order_id"].value = "scenario-partial-ui"
    order.order_button.click()
    assert order.wait(WAIT)
    assert "PARTIAL — 1 completed, 1 failed" in order.status.value, order.status.value
    assert order.progress.bar_style == "warning"
    assert sorted(order.result["outcome"]) == ["completed", "failed"]
    failed = order.result[order.result["outcome"] == "failed"]
    assert failed["error_code"].notna().all()
    assert "5005" in output_text(order)
    done = list(order.result[order.result["outcome"] == "completed"]["telephone_number"])
    v2.wait_for_disconnect(v2.disconnect(done), timeout=WAIT)


def test_search_and_order_then_stop_and_resume(v2) -> None:
    order = OrderPanel(v2)
    order.mode.value = "search"
    order.search_type.value = "area_code"
    order.fields["area_code"].value = "910"
    order.fields["quantity"].value = 1
    order.fields["customer_order_id"].value = "scenario-slow-1500"
    order.order_button.click()
    for _ in range(200):
        if order.order_id.value:
            break
        order.done.wait(0.02)
    assert order.order_id.value
    order.stop_button.click()
    assert order.wait(1)
    assert "continues on the server" in order.status.value
    assert order.result is None
    order.resume_button.click()
    assert order.wait(WAIT)
    assert_clean(order)
    assert "COMPLETE — 1 completed, 0 failed" in order.status.value, order.status.value
    v2.wait_for_disconnect(v2.disconnect(list(order.result["telephone_number"])), timeout=WAIT)


def test_backorder_and_invalid_option_are_readable(v2) -> None:
    order = OrderPanel(v2)
    order.numbers.value = "9195550100"
    order.fields["back_order_requested"].value = True
    order.order_button.click()
    assert order.wait(1)
    assert "Order failed" in order.status.value and "Backorders are not compatible" in (
        order.status.value
    )
    assert order.order_button.disabled is False
    assert_clean(order)


def _first_row(v2) -> dict:
    frame = v2.search(area_code="919", quantity=1, details=True).to_frame()
    return frame.iloc[0].to_dict()


def _criteria_for(kind: str, row: dict) -> dict[str, str]:
    return {
        "area_code": {"area_code": "919"},
        "npa_nxx": {"npa_nxx": row["npa"] + row["nxx"]},
        "npa_nxxx": {"npa_nxxx": row["full_number"][:7], "lca": False},
        "rate_center": {"rate_center": row["rate_center"], "state": row["state"]},
        "city": {"city": row["city"], "state": row["state"]},
        "state": {"state": row["state"]},
        "zip": {},
        "lata": {"lata": row["lata"]},
        "local_vanity": {"local_vanity": "CARS", "area_code": "919"},
        "toll_free_vanity": {"toll_free_vanity": "FLOWERS"},
        "toll_free_wildcard": {"toll_free_wildcard": "8**"},
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "area_code",
        "npa_nxx",
        "npa_nxxx",
        "rate_center",
        "city",
        "state",
        "lata",
        "local_vanity",
        "toll_free_vanity",
        "toll_free_wildcard",
    ],
)
def test_every_v2_search_type(v2, kind) -> None:
    row = _first_row(v2)
    panel = SearchPanel(v2)
    panel.search_type.value = kind
    visible = {n for n, w in panel.fields.items() if w.layout.display != "none"}
    criteria = _criteria_for(kind, row)
    assert set(criteria) - {"lca"} <= visible
    for name, value in criteria.items():
        panel.fields[name].value = value
    panel.fields["quantity"].value = 3
    assert panel._form.hint_text.startswith("✓"), panel._form.hint_text
    panel.search_button.click()
    assert_clean(panel)
    assert " found on V2" in panel.status.value, panel.status.value
    assert panel.result is not None
    if kind not in {"local_vanity", "toll_free_vanity"}:  # those may find nothing
        assert len(panel.result) >= 1, panel.status.value
        assert panel.status.value.startswith(f"{len(panel.result)} number")


def test_zip_search_shows_only_zip(v2) -> None:
    panel = SearchPanel(v2)
    panel.search_type.value = "zip"
    visible = {n for n, w in panel.fields.items() if w.layout.display != "none"}
    assert visible == {"zip", "quantity", "details"}
    panel.fields["zip"].value = "1234"
    assert panel._form.hint_text.startswith("✗") and "zip" in panel._form.hint_text


def test_invalid_input_is_caught_before_sending(v2) -> None:
    panel = SearchPanel(v2)
    panel.fields["area_code"].value = "91"
    assert panel._form.hint_text.startswith("✗ area_code='91'")
    before = len(v2.exchanges)
    panel.search_button.click()
    assert panel.status.value.startswith("Search failed: area_code='91'")
    assert len(v2.exchanges) == before
    assert panel.search_button.disabled is False
    assert_clean(panel)


def test_inspector_shows_the_wire(v2) -> None:
    _search(v2, "919", 2)
    inspector = ExchangeInspector(v2)
    assert inspector.history.options
    record = inspector.selected
    assert record.method == "GET" and "availableNumbers" in record.url
    detail = inspector._detail.value
    assert "Basic ***" in detail
    assert "&lt;SearchResult&gt;" in detail and "\n  &lt;" in detail  # indented XML
    assert "200" in detail
    assert inspector.curl.value.startswith("curl ")
    assert "Authorization" not in inspector.curl.value
    assert "availableNumbers" in inspector.curl.value
    count = len(inspector.history.options)
    inspector.count.value = 1
    assert len(inspector.history.options) == 1 <= count
    assert_clean(inspector)
