"""numkit.models: small frozen result types that keep the raw payload."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from numkit import models, parse_order_response, parse_search_result

FIXTURES = Path(__file__).parent / "fixtures" / "v2"


def test_models_import_without_pandas():
    code = "import sys, numkit.models; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_statuses_are_frozen_and_hide_raw():
    status = parse_order_response((FIXTURES / "order_partial.xml").read_bytes())
    with pytest.raises(dataclasses.FrozenInstanceError):
        status.status = "COMPLETE"  # type: ignore[misc]
    assert status.raw.startswith(b"<?xml")
    assert "raw" not in repr(status) and "<?xml" not in repr(status)
    assert "PARTIAL" in str(status) and "1 failed" in str(status)


def test_final_statuses():
    assert {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"} == models.FINAL_STATUSES
    for status in models.FINAL_STATUSES:
        assert models.OrderStatus(id="x", status=status).final
    for status in ("RECEIVED", "PROCESSING", "SOMETHING-NEW", ""):
        assert not models.OrderStatus(id="x", status=status).final


def test_order_is_a_status_and_disconnect_has_ids():
    order = models.Order(id="o", status="RECEIVED", recovered=True, attempts=2)
    assert isinstance(order, models.OrderStatus) and order.recovered
    single = models.DisconnectStatus(id="d1", status="RECEIVED")
    assert single.ids == ["d1"]
    batches = models.Disconnect(id="d1", status="RECEIVED", ids=["d1", "d2"])
    assert batches.ids == ["d1", "d2"] and batches.id == "d1"


def test_search_result_details_are_lazy_and_repr_is_short():
    result = parse_search_result((FIXTURES / "search_detail_compact.xml").read_bytes())
    assert "details" not in result.__dict__
    first = result.details[0]
    assert "details" in result.__dict__  # cached after the first access
    assert isinstance(first, models.AvailableNumber) and first.npa == "919"
    text = repr(result)
    assert text.startswith("<SearchResult 3 numbers (details)") and len(text) < 120


def test_search_result_plain_has_no_details():
    result = models.SearchResult(numbers=["9195551212"])
    assert result.details is None and len(result) == 1 and bool(result)
    assert not models.SearchResult(numbers=[])
