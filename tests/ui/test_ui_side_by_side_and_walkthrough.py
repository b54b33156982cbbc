"""SideBySidePanel through numkit.migrate, and the composed walkthrough."""

from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as widgets
from ui_helpers import assert_clean, assert_no_secret

import numkit
from numkit.ui import SideBySidePanel, Walkthrough, walkthrough


def test_side_by_side_search(v1, v2) -> None:
    panel = SideBySidePanel(v1, v2)
    panel.operation.value = "search_local"
    panel.run_button.click()
    assert_clean(panel)
    assert "V1: HTTP 200" in panel.status.value and "V2: HTTP 200" in panel.status.value
    assert "note(s)" in panel.status.value
    view = panel._view.value
    assert "V1" in view and "V2" in view
    assert "availableNumbers" in view
    assert panel.result.ok


def test_side_by_side_translate_only_sends_nothing(v1, v2) -> None:
    panel = SideBySidePanel(v1, v2)
    panel.operation.value = "search_toll_free"
    panel.translate_only.value = True
    before = (len(v1.exchanges), len(v2.exchanges))
    panel.run_button.click()
    assert_clean(panel)
    assert (len(v1.exchanges), len(v2.exchanges)) == before
    assert "nothing sent" in panel.status.value
    assert "tollFreeWildCardPattern" in panel._view.value or "tollFree" in panel._view.value


def test_side_by_side_order_then_delete(v1, v2) -> None:
    panel = SideBySidePanel(v1, v2)
    panel.operation.value = "order_number"
    assert panel.fields["number"].layout.display != "none"
    assert panel.wait_for_v2.layout.display != "none"
    panel.run_button.click()
    assert_clean(panel)
    assert "V1: HTTP 201" in panel.status.value, panel.status.value
    assert "V2: " in panel.status.value
    ordered = panel.result.v1_output.number
    panel.operation.value = "delete_number"
    # another operation: the last status, log and result are cleared (issue 16)
    assert panel.result is None and panel.status.value == "" and panel._view.value == ""
    panel.fields["number"].value = ordered
    panel.run_button.click()
    assert_clean(panel)
    assert "V1: HTTP 200" in panel.status.value or "V1: HTTP 204" in panel.status.value, (
        panel.status.value
    )


def test_side_by_side_credentials_and_errors(v1, v2) -> None:
    panel = SideBySidePanel(v1, v2)
    panel.operation.value = "credentials"
    assert panel.run_button.description == "Explain"
    panel.run_button.click()
    assert "apiToken" in panel._view.value or "token" in panel._view.value
    panel.operation.value = "search_local"
    panel.fields["area_code"].value = "12"
    panel.run_button.click()
    assert "failed" in panel.status.value and "\n" not in panel.status.value
    assert panel.run_button.disabled is False
    assert_clean(panel)


def test_walkthrough_composes_every_panel(v1, v2) -> None:
    kit = SimpleNamespace(v1=v1, v2=v2)
    view = walkthrough(kit)
    assert isinstance(view, Walkthrough) and isinstance(view, widgets.Widget)
    assert view.tabs.titles == Walkthrough.TITLES
    assert len(view.tabs.children) == len(Walkthrough.TITLES)
    assert view.search.api == "V2" and view.order.source is view.search
    view.credentials.api.value = "V1"  # the one API switch
    assert view.search.api == view.order.api == view.disconnect.api == "V1"
    assert [k for _l, k in view.search.search_type.options][-1] == "toll_free"
    view.search.fields["area_code"].value = "919"
    view.search.search_button.click()
    assert view.search.status.value.endswith("(area_code=919, quantity=10)")
    view.tabs.selected_index = Walkthrough.TITLES.index("On the wire")
    view.inspector.source.value = 1  # V1 exchanges
    assert "availableNumbers/local" in view.inspector._records[0].url
    view.credentials.api.value = "V2"
    assert view.search.result is None and view.search.api == "V2"
    for panel in (view.search, view.order, view.disconnect, view.inspector):
        assert_clean(panel)


def test_walkthrough_never_holds_a_canary(v1, v2) -> None:
    view = numkit.walkthrough(SimpleNamespace(v1=v1, v2=v2))
    view.credentials.fields["password"].value = "canary-pw-XYZ"
    view.credentials.fields["account_id"].value = "9900000"
    view.credentials.fields["username"].value = "demo"
    assert_no_secret("canary-pw-XYZ", view)
