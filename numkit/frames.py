"""DataFrames with the contract's columns and dtypes — the only non-UI module that
imports pandas, and only inside functions, so ``import numkit.frames`` stays cheap.

Rules every frame here follows (contract, "DataFrames"):

* explicit column order and dtypes; phone numbers and codes stay strings (nullable
  ``string``), counts ``Int64``, prices ``Float64``, so a missing value always shows
  as ``<NA>``;
* repeated labels (city, state, vendor name, …) are ``category``;
* an empty result is an empty frame with the same columns and dtypes.

:func:`build_frame` is the generic helper (column lists + a column → dtype spec). The V2
search frame has its own builder because it is the hot path of the parse benchmark: a
5,000-number answer has few distinct (NPA-NXX, city, rate center, …) combinations, so
the labels are factorised once per combination instead of once per row.
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

#: pandas' nullable string dtype: a missing value shows as <NA> (pandas 3's default "str"
#: shows NaN), contract "DataFrames".
STRING = "string"

#: column → dtype. "string", "Int64" and "Float64" are pandas' nullable dtypes (a missing
#: value shows as <NA>); "category" has string categories, so its NA shows <NA> too.
V2_SEARCH_COLUMNS: dict[str, str] = {
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
STATUS_COLUMNS: dict[str, str] = {
    "telephone_number": "string",
    "outcome": "category",
    "error_code": "string",
    "error_description": "string",
}
OUTCOMES = ("completed", "failed")
V2_INSERVICE_COLUMNS: dict[str, str] = {"telephone_number": "string"}


# -- generic ---------------------------------------------------------------------------------
#: The contract's words for the nullable dtypes ("str", "int", "float" mean these).
_NULLABLE = {"str": STRING, "int": "Int64", "float": "Float64", "float64": "Float64"}


def _array(values: Sequence[Any] | None, dtype: str, n: int):
    """One column as a pandas extension array of ``dtype`` (None = all NA). The
    contract's "str"/"int"/"float" (and numpy's "float64") become pandas' nullable
    ``string``/``Int64``/``Float64``, so a missing value shows as ``<NA>`` in every frame."""
    import pandas as pd

    dtype = _NULLABLE.get(dtype, dtype)
    if values is None:
        values = [None] * n
    if dtype == "category":
        return pd.Categorical(pd.array(list(values), dtype=STRING))
    if dtype == "Int64":
        return pd.array([_to_int(v) for v in values], dtype="Int64")
    if dtype == "Float64":
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
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
_LABELS = ("city", "rate_center", "state", "lata", "tier", "vendor_id", "vendor_name")
# (the same names as numkit.models.LABEL_COLUMNS, which this module must not import eagerly)


def v2_search_frame(numbers: Sequence[str], columns: Mapping[str, Sequence[Any]] | None):
    """Search result → full_number, npa, nxx, city, rate_center, state, lata, tier,
    vendor_id, vendor_name.

    ``numbers`` are the numbers as the client shows them (10-digit or ``+1…``);
    ``columns`` the parser's column store for a detail search (wire texts, aligned with
    ``numbers``) or None for a plain search (then only full_number, npa and nxx are
    filled).

    Why it is fast: a 5,000-number answer has few distinct label rows (city, rate
    center, state, LATA, tier, vendor); the parser hands them over grouped
    (:class:`~numkit.models.DetailColumns`), the few distinct values are cleaned, and
    every column is taken from the group codes — no per-row work per column.
    """
    import numpy as np
    import pandas as pd

    n = len(numbers)
    if n == 0:
        return empty_frame(V2_SEARCH_COLUMNS)
    prefix_codes, prefixes = _npa_nxx(getattr(columns, "full_number", None) or numbers)
    data = {
        "full_number": pd.array(numbers, dtype=STRING),
        "npa": _take(pd.array([p[:3] for p in prefixes], dtype=STRING), prefix_codes),
        "nxx": _take(pd.array([p[3:6] for p in prefixes], dtype=STRING), prefix_codes),
    }
    if columns is None:
        groups: Sequence[tuple[Any, ...]] = [(None,) * len(_LABELS)]
        codes = np.zeros(n, dtype=np.intp)
    else:
        from .models import DetailColumns

        if not isinstance(columns, DetailColumns):
            columns = DetailColumns.from_rows(
                numbers, zip(*(columns[name] for name in _LABELS), strict=True)
            )
        groups = columns.groups
        codes = np.asarray(columns.codes, dtype=np.intp)
    for j, name in enumerate(_LABELS):
        values = [_clean(group[j]) for group in groups]
        dtype = V2_SEARCH_COLUMNS[name]
        if dtype == "category":
            inverse, cats = pd.factorize(_obj(values))  # cleaning may merge " NC" and "NC"
            category = pd.CategoricalDtype(pd.Index(cats, dtype=STRING))
            data[name] = pd.Categorical.from_codes(inverse[codes], dtype=category, validate=False)
        elif dtype == "Int64":
            data[name] = _take(pd.array([_to_int(v) for v in values], dtype="Int64"), codes)
        else:
            data[name] = _take(pd.array(values, dtype=STRING), codes)
    return pd.DataFrame(data, columns=list(V2_SEARCH_COLUMNS), copy=False)


def _npa_nxx(numbers: Sequence[str]):
    """(codes, distinct NPA-NXX strings) of NANP numbers (10-digit or ``+1…``), in numpy:
    the digits are read as one integer prefix per row and made unique in C."""
    import numpy as np

    ten = [x[-10:] for x in numbers] if len(numbers[0]) != 10 else numbers
    digits = np.array(ten, dtype="U10").view(np.uint32).reshape(len(ten), 10)[:, :6] - 48
    key = digits.astype(np.int64) @ np.array([100000, 10000, 1000, 100, 10, 1], dtype=np.int64)
    uniques, codes = np.unique(key, return_inverse=True)
    return codes.reshape(-1), [f"{u:06d}" for u in uniques.tolist()]


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
            "telephone_number": pd.array(numbers, dtype="string"),
            "outcome": pd.Categorical(outcome, categories=pd.Index(OUTCOMES, dtype="string")),
            "error_code": pd.array(codes, dtype="string"),
            "error_description": pd.array(descriptions, dtype="string"),
        },
        columns=list(STATUS_COLUMNS),
    )


def in_service_frame(numbers: Sequence[str]):
    """In-service numbers → one ``telephone_number`` (str) column."""
    return build_frame({"telephone_number": list(numbers)}, V2_INSERVICE_COLUMNS)


# -- V1 (Catapult) -----------------------------------------------------------------------------
__all__ += ["V1_NUMBERS_COLUMNS", "V1_SEARCH_COLUMNS", "v1_numbers_frame", "v1_search_frame"]

V1_SEARCH_COLUMNS: dict[str, str] = {
    "number": "string",
    "national_number": "string",
    "city": "category",
    "rate_center": "category",
    "state": "category",
    "lata": "string",
    "price": "Float64",
    "pattern_match": "string",
}
V1_NUMBERS_COLUMNS: dict[str, str] = {
    "id": "string",
    "number": "string",
    "national_number": "string",
    "name": "string",
    "created_time": "datetime64[us, UTC]",
    "price": "Float64",
    "number_state": "category",
    "city": "category",
    "state": "category",
}


def _v1_frame(items: Sequence[Any], spec: Mapping[str, str]):
    rows = list(items)
    return build_frame({name: [getattr(r, name, None) for r in rows] for name in spec}, spec)


def v1_search_frame(items: Sequence[Any]):
    """V1 search results → number, national_number, city, rate_center, state, lata, price,
    pattern_match (the part of the number that matched a ``pattern`` search)."""
    return _v1_frame(items, V1_SEARCH_COLUMNS)


def v1_numbers_frame(items: Sequence[Any]):
    """V1 numbers → id, number, national_number, name, created_time (UTC), price,
    number_state, city, state."""
    return _v1_frame(items, V1_NUMBERS_COLUMNS)
