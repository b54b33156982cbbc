"""numkit.frames: explicit columns and dtypes, empty frames that keep them, lazy pandas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from numkit import frames, parse_order_response, parse_search_result

FIXTURES = Path(__file__).parent / "fixtures" / "v2"

SEARCH_DTYPES = {
    "full_number": "string",
    "npa": "string",
    "nxx": "string",
    "city": "category",
    "rate_center": "category",
    "state": "category",
    "lata": "string",
    "tier": "Int64",
    "vendor_id": "string",
    "vendor_name": "category",
}


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.dtypes.items()}


def test_import_frames_does_not_import_pandas():
    code = "import sys, numkit.frames; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_build_frame_order_dtypes_and_na():
    spec = {"b": "string", "a": "category", "n": "Int64", "x": "Float64"}
    frame = frames.build_frame(
        {"a": ["x", None, "x"], "b": ["1", "2", None], "n": ["3", None, 5]}, spec
    )
    assert list(frame.columns) == ["b", "a", "n", "x"]
    assert dtypes(frame) == {"b": "string", "a": "category", "n": "Int64", "x": "Float64"}
    assert frame["n"].tolist()[0] == 3 and pd.isna(frame["n"][1])
    assert frame["x"].isna().all()
    with pytest.raises(ValueError):
        frames.build_frame({"a": [1], "b": [1, 2]}, spec)


def test_empty_frame_keeps_columns_and_dtypes():
    spec = {"id": "string", "when": "datetime64[us, UTC]", "kind": "category", "n": "Int64"}
    frame = frames.empty_frame(spec)
    assert frame.empty and list(frame.columns) == list(spec)
    assert dtypes(frame) == spec


def test_v2_search_frame_detail_dtypes():
    frame = parse_search_result((FIXTURES / "search_detail_compact.xml").read_bytes()).to_frame()
    assert dtypes(frame) == SEARCH_DTYPES
    assert frame["full_number"].tolist() == ["9192956932", "9194600001", "4155550100"]
    assert frame["npa"].tolist() == ["919", "919", "415"]
    assert frame["nxx"].tolist() == ["295", "460", "555"]
    assert frame["tier"].tolist() == [0, 0, 1]
    assert set(frame["state"].cat.categories) == {"NC", "CA"}
    assert str(frame["state"].cat.categories.dtype) == "string"


def test_v2_search_frame_plain_has_na_details():
    frame = parse_search_result((FIXTURES / "search_plain.xml").read_bytes()).to_frame()
    assert dtypes(frame) == SEARCH_DTYPES
    assert frame["nxx"].tolist() == ["228", "228"]
    for column in ("city", "rate_center", "state", "lata", "tier", "vendor_id", "vendor_name"):
        assert frame[column].isna().all(), column


def test_v2_search_frame_variants_and_empty():
    frame = parse_search_result((FIXTURES / "search_detail_variants.xml").read_bytes()).to_frame()
    assert dtypes(frame) == SEARCH_DTYPES
    assert frame["city"].isna().tolist() == [False, True]
    assert pd.isna(frame["tier"][1]) and frame["tier"][0] == 0
    empty = parse_search_result((FIXTURES / "search_empty.xml").read_bytes()).to_frame()
    assert empty.empty and dtypes(empty) == SEARCH_DTYPES


def test_values_are_cleaned_and_merged():
    frame = frames.v2_search_frame(
        ["9195551212", "9195551213"],
        {
            "city": [" CARY", "CARY "],
            "rate_center": ["CARY", None],
            "state": ["NC", "NC"],
            "lata": ["426", " 426"],
            "tier": ["0", "x"],
            "vendor_id": ["49", ""],
            "vendor_name": ["V", "V"],
        },
    )
    assert frame["city"].tolist() == ["CARY", "CARY"]
    assert list(frame["city"].cat.categories) == ["CARY"]
    assert frame["lata"].tolist() == ["426", "426"]
    assert pd.isna(frame["tier"][1]) and pd.isna(frame["vendor_id"][1])
    assert pd.isna(frame["rate_center"][1])


def test_status_frame():
    status = parse_order_response((FIXTURES / "order_failed_php.xml").read_bytes())
    frame = status.to_frame()
    assert list(frame.columns) == ["telephone_number", "outcome", "error_code", "error_description"]
    assert dtypes(frame) == {
        "telephone_number": "string",
        "outcome": "category",
        "error_code": "string",
        "error_description": "string",
    }
    assert list(frame["outcome"].cat.categories) == ["completed", "failed"]
    assert frame["error_code"].tolist() == ["5005", "5005"]
    empty = frames.status_frame([], [], [])
    assert empty.empty and list(empty.columns) == list(frame.columns)
    assert dtypes(empty) == dtypes(frame)


def test_in_service_frame():
    frame = frames.in_service_frame(["9195551212"])
    assert dtypes(frame) == {"telephone_number": "string"}
    assert dtypes(frames.in_service_frame([])) == {"telephone_number": "string"}


def test_contract_words_become_nullable_dtypes_and_na_shows_as_na():
    frame = frames.build_frame(
        {"a": ["x", None], "b": [1.5, None], "c": [1, None], "d": ["NC", None]},
        {"a": "str", "b": "float", "c": "int", "d": "category"},
    )
    assert dtypes(frame) == {"a": "string", "b": "Float64", "c": "Int64", "d": "category"}
    shown = frame.to_string()
    assert shown.count("<NA>") == 4 and "NaN" not in shown
