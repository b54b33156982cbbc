"""Issue 16 on real sandbox clients: a context change clears the old answer, selection
is counted and gates the Order button, one API switch in the walkthrough, adapters
instead of API branches."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from ui_helpers import assert_clean

from numkit.ui import CredentialsPanel, OrderPanel, SearchPanel, walkthrough
from numkit.ui.apis import V1Api, V2Api, api_for


def _searched(client, area_code: str = "919") -> SearchPanel:
    panel = SearchPanel(client)
    panel.fields["area_code"].value = area_code
    panel.search_button.click()
    assert panel.result is not None, panel.status.value
    return panel


def test_switching_the_client_clears_status_log_and_result(v1, v2) -> None:
    panel = _searched(v2)
    assert panel.status.value and panel._out.outputs and panel._table.value
    panel.client = v1
    assert panel.api == "V1"
    assert panel.status.value == "" and panel._out.outputs == () and panel._table.value == ""
    assert panel.result is None and panel.selector.options == ()
    assert_clean(panel)


def test_selection_is_counted_and_gates_the_order_button(v2) -> None:
    search = _searched(v2)
    assert "0 selected" in search._picked.value and "Ctrl/Shift-click" in search._picked.value
    order = OrderPanel(v2, source=search)
    assert order.order_button.disabled, "nothing picked: Order must be disabled"
    search.selected = [value for _label, value in search.selector.options][:2]
    assert "2 selected" in search._picked.value
    assert not order.order_button.disabled
    search.selected = []
    assert order.order_button.disabled
    order.mode.value = "search"  # ordering by quantity + criteria needs no selection
    assert not order.order_button.disabled
    assert_clean(order)


def test_changing_the_order_mode_clears_the_last_answer(v2) -> None:
    order = OrderPanel(v2)
    order.numbers.value = "12345"
    order.order_button.click()
    assert "failed" in order.status.value and order._out.outputs
    order.mode.value = "search"
    assert order.status.value == "" and order._out.outputs == () and order.result is None


def test_credentials_panel_clears_when_the_api_changes() -> None:
    panel = CredentialsPanel(target="production", env={})
    panel.test_button.click()
    assert "failed" in panel.status.value and panel._out.outputs
    panel.api.value = "V1"
    assert panel.status.value == "" and panel._out.outputs == ()
    assert panel.fields["user_id"].layout.display != "none"
    assert panel.fields["account_id"].layout.display == "none"


def test_walkthrough_has_one_api_switch_and_opens_on_credentials(v1, v2) -> None:
    view = walkthrough(SimpleNamespace(v1=v1, v2=v2))
    assert view.tabs.selected_index == 0 and view.tabs.titles[0] == "Credentials"
    assert view.api is view.credentials.api
    switches = [w for w in view.children if hasattr(w, "options") and "V1" in str(w.options)]
    assert switches == [], "the walkthrough must not have its own API toggle"
    view.credentials.api.value = "V1"
    assert view.search.api == view.order.api == view.disconnect.api == "V1"
    assert view.search.client is v1


@pytest.mark.parametrize(("client", "adapter"), [("v1", V1Api), ("v2", V2Api)])
def test_adapters_are_chosen_by_the_clients_declared_api(client, adapter, request) -> None:
    real = request.getfixturevalue(client)
    assert isinstance(api_for(real), adapter)
    with pytest.raises(TypeError):
        api_for(object())


def test_reserve_while_i_decide_then_order_or_release(v1, v2) -> None:
    search = _searched(v2, "910")
    assert search._reserve_box.layout.display != "none" and search.release_button.disabled
    numbers = [value for _label, value in search.selector.options][:3]
    search.selected = numbers
    held = search.reserve()
    assert [r.number for r in held] == numbers and all(r.id for r in held), search.status.value
    assert "Reserved 3 number(s)" in search.status.value
    assert all(n in search._reserved.value for n in numbers)
    # the reserved numbers leave the public pool: a new search does not list them
    again = _searched(v2, "910")
    assert not set(numbers) & {value for _label, value in again.selector.options}

    search.selected = numbers[:1]
    order = OrderPanel(v2, source=search)
    order.order_button.click()
    assert order.wait(30)
    assert " COMPLETE — 1 completed" in order.status.value, order.status.value
    posted = next(e for e in reversed(v2.exchanges) if e.method == "POST" and "/orders" in e.url)
    assert held[0].id in (posted.request_body or "")  # ordered with its reservation id

    search.reservations = search.reservations[1:]  # the ordered one is spent
    search.release_button.disabled = False
    search.release_button.click()
    assert search.reservations == [] and "Released 2 reservation(s)" in search.status.value
    assert_clean(search)
    v2.wait_for_disconnect(v2.disconnect(numbers[:1]))

    v1_search = SearchPanel(v1)
    assert v1_search._reserve_box.layout.display == "none"  # V1 has no reservations
