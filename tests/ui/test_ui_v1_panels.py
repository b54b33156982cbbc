"""The same panels on a sandbox-backed V1 client: search, synchronous order, DELETE."""

from __future__ import annotations

from ui_helpers import assert_clean, output_text

from numkit.ui import DisconnectPanel, ExchangeInspector, OrderPanel, SearchPanel

WAIT = 30


def test_v1_search_types_and_fields() -> None:
    from numkit.ui.apis import V1_TYPES

    assert [t.key for t in V1_TYPES] == ["area_code", "city", "state", "zip", "toll_free"]


def test_v1_search_order_delete_round_trip(v1) -> None:
    search = SearchPanel(v1)
    assert [key for _label, key in search.search_type.options] == [
        "area_code",
        "city",
        "state",
        "zip",
        "toll_free",
    ]
    assert search.fields["details"].layout.display == "none"  # V2-only
    search.fields["area_code"].value = "919"
    search.fields["quantity"].value = 3
    search.search_button.click()
    assert_clean(search)
    assert search.status.value.startswith("3 numbers found on V1"), search.status.value
    assert list(search.result.columns[:2]) == ["number", "national_number"]
    picked = list(search.result["number"][:2])
    assert all(n.startswith("+1") for n in picked)
    search.selected = picked

    order = OrderPanel(v1, source=search)
    assert order._resume_box.layout.display == "none"  # V1 has no orders to resume
    assert "synchronous" in order._title.value
    order.order_button.click()
    assert order.wait(WAIT)
    assert_clean(order)
    assert order.status.value.startswith("V1: 2 number(s) ordered, 0 failed"), order.status.value
    assert sorted(order.result["number"]) == sorted(picked)
    assert order.result["id"].notna().all()
    assert order.progress.value == 2 and order.progress.bar_style == "success"

    disconnect = DisconnectPanel(v1)
    assert set(picked) <= set(disconnect.numbers.options)
    disconnect.numbers.value = tuple(picked)
    disconnect.disconnect_button.click()
    assert "never lets you order it back" in disconnect._question.value
    disconnect.confirm_button.click()
    assert disconnect.wait(WAIT)
    assert_clean(disconnect)
    assert disconnect.status.value.startswith("V1: 2 number(s) deleted, 0 failed")
    assert not set(picked) & set(disconnect.numbers.options)
    assert sorted(disconnect.result["id"]) == sorted(order.result["id"])

    inspector = ExchangeInspector(v1)
    methods = [r.method for r in inspector._records]
    assert "DELETE" in methods and "POST" in methods
    assert "Basic ***" in inspector._detail.value
    assert "$NUMKIT_V1_API_SECRET" in inspector.curl.value


def test_v1_toll_free_and_a_failed_order(v1) -> None:
    search = SearchPanel(v1)
    search.search_type.value = "toll_free"
    search.fields["pattern"].value = "8**"
    search.fields["quantity"].value = 2
    search.search_button.click()
    assert_clean(search)
    assert search.status.value.startswith("2 numbers found on V1"), search.status.value

    order = OrderPanel(v1)
    order.numbers.value = "+19195550100, 555"
    order.order_button.click()
    assert order.wait(1)
    assert "numbers='555'" in order.status.value  # invalid input refused before sending


def test_v1_search_and_order_limit(v1) -> None:
    order = OrderPanel(v1)
    order.mode.value = "search"
    assert order.fields["quantity"].max == 10  # V1 search-and-order allocates at most 10
    order.fields["area_code"].value = "910"
    order.fields["quantity"].value = 1
    order.order_button.click()
    assert order.wait(WAIT)
    assert_clean(order)
    assert order.status.value.startswith("V1: 1 number(s) ordered"), order.status.value
    v1.delete_number(order.result["id"].iloc[0])
    assert "ordered, id" in output_text(order)
