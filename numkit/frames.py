"""DataFrames with the contract's columns and dtypes — the only non-UI module that
imports pandas, and only inside functions, so ``import numkit.frames`` stays cheap.

Rules every frame here follows (contract, "DataFrames"):

* explicit column order and dtypes; phone numbers and codes stay strings (``str``);
* repeated labels (city, state, vendor name, …) are ``category``;
* an empty result is an empty frame with the same columns and dtypes.

:func:`build_frame` is the generic helper (column lists + a column → dtype spec). The V2
search frame has its own builder because it is the hot path of the parse benchmark: a
5,000-number answer has few distinct (NPA-NXX, city, rate center, …) combinations, so
the labels are factorised once per combination instead of once per row.

(The V1 engineer appends the V1 frame functions below.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "STATUS_COLUMNS",
    "V2_INSERVICE_COLUMNS",
    "V2_SEARCH_COLUMNS",
    "build_frame",
    "empty_frame",
    "in_service_frame",
    "status_frame",
    "v2_search_frame",
]

#: column → dtype. "str" is pandas' string dtype (NA-aware), "Int64" a nullable integer.
V2_SEARCH_COLUMNS: dict[str, str] = {
    "full_number": "str",
    "npa": "str",
    "nxx": "str",
    "city": "category",
    "rate_center": "category",
    "state": "category",
    "lata": "str",
    "tier": "Int64",
    "vendor_id": "str",
    "vendor_name": "category",
}
STATUS_COLUMNS: dict[str, str] = {
    "telephone_number": "str",
    "outcome": "category",
    "error_code": "str",
    "error_description": "str",
}
OUTCOMES = ("completed", "failed")
V2_INSERVICE_COLUMNS: dict[str, str] = {"telephone_number": "str"}


# -- generic ---------------------------------------------------------------------------------
def _array(values: Sequence[Any] | None, dtype: str, n: int):
    """One column as a pandas extension array of ``dtype`` (None = all NA)."""
    import pandas as pd

    if values is None:
        values = [None] * n
    if dtype == "category":
        cat = pd.Categorical(pd.array(list(values), dtype="str"))
        return cat
    if dtype == "Int64":
        return pd.array([_to_int(v) for v in values], dtype="Int64")
    if dtype.startswith("datetime"):
        return pd.to_datetime(pd.Series(list(values), dtype="object"), utc=True).astype(dtype)
    return pd.array(list(values), dtype=dtype)


def _to_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        return None


def build_frame(columns: Mapping[str, Sequence[Any] | None], spec: Mapping[str, str]):
    """A DataFrame with exactly ``spec``'s columns, in its order and dtypes.

    ``columns`` maps a column name to its values (all columns the same length); a name
    missing from ``columns`` (or mapped to None) becomes an all-NA column. Categories
    are strings; integers are nullable (``Int64``) so NA stays NA.
    """
    import pandas as pd

    lengths = {len(v) for v in columns.values() if v is not None}
    if len(lengths) > 1:
        raise ValueError(f"columns have different lengths: {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    data = {name: _array(columns.get(name), dtype, n) for name, dtype in spec.items()}
    return pd.DataFrame(data, columns=list(spec), copy=False)


def empty_frame(spec: Mapping[str, str]):
    """No rows, the same columns and dtypes."""
    return build_frame({}, spec)


# -- V2 ----------------------------------------------------------------------------------------
def v2_search_frame(numbers: Sequence[str], columns: Mapping[str, Sequence[Any]] | None):
    """Search result → full_number, npa, nxx, city, rate_center, state, lata, tier,
    vendor_id, vendor_name.

    ``numbers`` are the 10-digit numbers; ``columns`` the parser's column store for a
    detail search (wire texts, aligned with ``numbers``) or None for a plain search
    (then only full_number, npa and nxx are filled).

    Each label column is factorised once (C hash table), its few distinct values are
    cleaned, and the column is rebuilt from codes — no per-row Python work beyond one
    slice for the NPA-NXX.
    """
    import numpy as np
    import pandas as pd

    n = len(numbers)
    if n == 0:
        return empty_frame(V2_SEARCH_COLUMNS)
    c = columns or {}

    def strings(values: Sequence[Any] | None):
        if values is None:
            return pd.array([None] * n, dtype="str")
        codes, uniques = _factorize(values)
        return _take(pd.array([_clean(v) for v in uniques], dtype="str"), codes)

    def category(values: Sequence[Any] | None):
        if values is None:
            values = [None] * n
        codes, uniques = _factorize(values)
        # cleaning can merge distinct wire texts (" NC" and "NC"): factorise again
        inverse, cats = pd.factorize(_obj([_clean(v) for v in uniques]))
        mapping = np.append(inverse, -1)  # code -1 (NA) stays -1
        dtype = pd.CategoricalDtype(pd.Index(cats, dtype="str"))
        return pd.Categorical.from_codes(mapping[codes], dtype=dtype, validate=False)

    def integers(values: Sequence[Any] | None):
        if values is None:
            return pd.array([None] * n, dtype="Int64")
        codes, uniques = _factorize(values)
        return _take(pd.array([_to_int(_clean(v)) for v in uniques], dtype="Int64"), codes)

    prefix_codes, prefixes = _factorize([x[:6] for x in numbers])
    data = {
        "full_number": pd.array(numbers, dtype="str"),
        "npa": _take(pd.array([p[:3] for p in prefixes], dtype="str"), prefix_codes),
        "nxx": _take(pd.array([p[3:6] for p in prefixes], dtype="str"), prefix_codes),
        "city": category(c.get("city")),
        "rate_center": category(c.get("rate_center")),
        "state": category(c.get("state")),
        "lata": strings(c.get("lata")),
        "tier": integers(c.get("tier")),
        "vendor_id": strings(c.get("vendor_id")),
        "vendor_name": category(c.get("vendor_name")),
    }
    return pd.DataFrame(data, copy=False)


def _factorize(values: Sequence[Any]):
    """(codes, uniques) with None as code -1."""
    import pandas as pd

    return pd.factorize(_obj(values))


def _take(array, codes):
    """``array[codes]`` where code -1 means NA."""
    return array.take(codes, allow_fill=True)


def _obj(values: Sequence[Any]):
    import numpy as np

    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def status_frame(
    completed: Sequence[str],
    failed: Sequence[str],
    errors: Sequence[tuple[str | None, str | None, str | None]],
):
    """Order/disconnect outcome → telephone_number, outcome ∈ {completed, failed},
    error_code, error_description (the first error naming that number)."""
    import pandas as pd

    by_number: dict[str, tuple[str | None, str | None]] = {}
    for code, description, number in errors:
        if number and number not in by_number:
            by_number[number] = (code, description)
    numbers = list(completed) + list(failed)
    outcome = ["completed"] * len(completed) + ["failed"] * len(failed)
    codes = [None] * len(completed) + [by_number.get(n, (None, None))[0] for n in failed]
    descriptions = [None] * len(completed) + [by_number.get(n, (None, None))[1] for n in failed]
    return pd.DataFrame(
        {
            "telephone_number": pd.array(numbers, dtype="str"),
            "outcome": pd.Categorical(outcome, categories=pd.Index(OUTCOMES, dtype="str")),
            "error_code": pd.array(codes, dtype="str"),
            "error_description": pd.array(descriptions, dtype="str"),
        },
        columns=list(STATUS_COLUMNS),
    )


def in_service_frame(numbers: Sequence[str]):
    """In-service numbers → one ``telephone_number`` (str) column."""
    return build_frame({"telephone_number": list(numbers)}, V2_INSERVICE_COLUMNS)


# -- V1 (Catapult) -----------------------------------------------------------------------------
# Appended by the V1 engineer.
__all__ += ["V1_NUMBERS_COLUMNS", "V1_SEARCH_COLUMNS", "v1_numbers_frame", "v1_search_frame"]

V1_SEARCH_COLUMNS: dict[str, str] = {
    "number": "str",
    "national_number": "str",
    "city": "category",
    "rate_center": "category",
    "state": "category",
    "lata": "str",
    "price": "float64",
}
V1_NUMBERS_COLUMNS: dict[str, str] = {
    "id": "str",
    "number": "str",
    "national_number": "str",
    "name": "str",
    "created_time": "datetime64[us, UTC]",
    "price": "float64",
    "number_state": "category",
}


def _v1_frame(items: Sequence[Any], spec: Mapping[str, str]):
    rows = list(items)
    return build_frame({name: [getattr(r, name, None) for r in rows] for name in spec}, spec)


def v1_search_frame(items: Sequence[Any]):
    """V1 search results → number, national_number, city, rate_center, state, lata, price."""
    return _v1_frame(items, V1_SEARCH_COLUMNS)


def v1_numbers_frame(items: Sequence[Any]):
    """V1 numbers → id, number, national_number, name, created_time (UTC), price,
    number_state."""
    return _v1_frame(items, V1_NUMBERS_COLUMNS)
