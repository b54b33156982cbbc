"""V2 search answers (``GET /availableNumbers``) → :class:`~numkit.models.SearchResult`.

Its own module because it is the hot path of the parse benchmark: the 5,000-number
``enableTNDetail`` answer is read in one regex pass whose exactness is proven against
the tree (:func:`_compact_columns`); any other shape takes the general path that reads
children by name (:func:`_detail_columns`). Both give identical results. Rows whose
number is missing or not a NANP number are reported in ``.rejected``, never returned.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from lxml import etree

from ..errors import ApiError
from ..models import LABEL_COLUMNS, DetailColumns, SearchResult
from ..phone import format_number, from_wire
from ..xmlsafe import local_name, parse_xml
from ..xmltools import Element, get, kids, text, to_int
from .errors import envelope_errors

__all__ = ["SEARCH_COLUMNS", "checked_numbers", "parse_search_result"]


SEARCH_COLUMNS = (
    "full_number",
    "city",
    "rate_center",
    "state",
    "lata",
    "tier",
    "vendor_id",
    "vendor_name",
)
#: detail child (lower-cased) → column. Real bodies name the number either way.
_DETAIL_FIELDS = {
    "fullnumber": "full_number",
    "telephonenumber": "full_number",
    "city": "city",
    "ratecenter": "rate_center",
    "state": "state",
    "lata": "lata",
    "tier": "tier",
    "vendorid": "vendor_id",
    "vendorname": "vendor_name",
}
_COUNT_DETAILS = etree.XPath("count(TelephoneNumberDetailList/TelephoneNumberDetail)")
_PLAIN_TEXT = etree.XPath("TelephoneNumberList/TelephoneNumber/text()", smart_strings=False)
_LIST_OPEN = b"<TelephoneNumberDetailList>"
_LIST_CLOSE = b"</TelephoneNumberDetailList>"
_NANP_LINES = re.compile(r"(?:[2-9][0-9]{2}[2-9][0-9]{6}\n)*", re.ASCII)


_LEAF = re.compile(r"<([A-Za-z]+)>([^<]*)</\1>")


@functools.lru_cache(maxsize=16)
def _detail_pattern(tags: tuple[str, ...], at: int, after: bytes | None) -> re.Pattern[bytes]:
    """One compact detail: (labels before the number, the number, labels after it) —
    or, when ``after`` is given, (labels before, number) followed by exactly ``after``.
    """

    def leaves(names: tuple[str, ...]) -> str:
        return "".join(f"<{tag}>[^<]*</{tag}>" for tag in names)

    number = tags[at]
    head = f"<TelephoneNumberDetail>({leaves(tags[:at])})<{number}>([^<]*)</{number}>".encode()
    if after is not None:
        return re.compile(head + re.escape(after) + b"</TelephoneNumberDetail>")
    return re.compile(head + f"({leaves(tags[at + 1 :])})</TelephoneNumberDetail>".encode())


def _label_group(markup: str) -> tuple[str | None, ...]:
    """``<City>CARY</City><LATA>426</LATA>…`` → the LABEL_COLUMNS texts, read as the
    general path reads them (entities decoded, stripped, empty → None); once per
    distinct group, not per row."""
    row: dict[str, str | None] = {}
    for tag, value in _LEAF.findall(markup):
        name = _DETAIL_FIELDS[tag.lower()]
        row.setdefault(name, (html.unescape(value) if "&" in value else value).strip() or None)
    return tuple(row.get(name) for name in LABEL_COLUMNS)


def _compact_columns(data: bytes, root: Element) -> DetailColumns | None:
    """The 5,000-number answer in one regex pass, or None when the document is not in
    the compact shape (then :func:`_detail_columns` reads it).

    Why this is exact: the pattern is one detail with the first detail's children, in
    its order, each holding only text. Each match holds 2 + 2k ``<``; if the number of
    matches equals the number of details in the tree *and* the list holds no other
    ``<``, no markup is left over (no comment, CDATA, attribute, namespace, other order,
    empty or extra element), so every detail is a match, in document order. Why it is
    fast: per row only the number and the label markup around it are captured, and the
    rows are grouped by that markup in C (``dict.fromkeys``, ``map``); the few distinct
    label groups are decoded once (:class:`~numkit.models.DetailColumns`).
    """
    lst = root.find("TelephoneNumberDetailList")
    if lst is None or len(lst) == 0:
        return None
    if (root.getroottree().docinfo.encoding or "").upper() != "UTF-8":
        return None
    tags = tuple(str(child.tag) for child in lst[0])
    names = [_DETAIL_FIELDS.get(tag.lower()) for tag in tags]
    if None in names or len(set(names)) != len(names) or "full_number" not in names:
        return None
    start, end = data.find(_LIST_OPEN), data.rfind(_LIST_CLOSE)
    if start < 0 or end <= start:
        return None
    start += len(_LIST_OPEN)
    n = int(_COUNT_DETAILS(root))
    if data.find(b"\r", start, end) >= 0 or data.count(b"<", start, end) != n * (2 + 2 * len(tags)):
        return None  # (\r: the parser normalises line ends in text, a regex would not)
    at = names.index("full_number")
    first = _detail_pattern(tags, at, None).search(data, start, end)
    if first is None:
        return None
    # Usually the labels after the number are one constant block (tier, vendor): then
    # it is matched literally and only (labels before, number) are captured per row.
    after: bytes = first.group(3)
    rows: list[tuple[bytes, ...]] = _detail_pattern(tags, at, after).findall(data, start, end)
    if len(rows) != n:
        rows = _detail_pattern(tags, at, None).findall(data, start, end)
        if len(rows) != n:
            return None
    columns = list(zip(*rows, strict=True))
    joined = b"\n".join(columns[1]).decode("utf-8")
    numbers = joined.split("\n")
    if "&" in joined:  # (rare: an entity inside a number; decoded one by one)
        numbers = [html.unescape(number) for number in numbers]
    pairs = len(columns) == 2
    keys: Sequence[Any] = columns[0] if pairs else list(zip(columns[0], columns[2], strict=True))
    position = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    groups = [
        _label_group((key + after if pairs else key[0] + key[1]).decode("utf-8"))
        for key in position
    ]
    return DetailColumns(numbers, list(map(position.__getitem__, keys)), groups)


def _detail_columns(details: Iterable[Element]) -> DetailColumns:
    """The general path: each detail's children by (lower-cased local) name."""
    numbers: list[Any] = []
    labels: list[tuple[Any, ...]] = []
    for detail in details:
        row: dict[str, Any] = {}
        for child in detail:
            if isinstance(child.tag, str):
                name = _DETAIL_FIELDS.get(local_name(child).lower())
                if name is not None and name not in row:
                    row[name] = text(child)
        numbers.append(row.get("full_number"))
        labels.append(tuple(row.get(name) for name in LABEL_COLUMNS))
    return DetailColumns.from_rows(numbers, labels)


def checked_numbers(texts: Sequence[str | None]) -> tuple[list[str], list[int], list[str]]:
    """(10-digit numbers, indexes of the rows kept — filled only when some were
    rejected —, wire texts rejected).

    The common case (every text already a 10-digit NANP number) is one regex match over
    the joined texts; otherwise each text goes through :func:`from_wire`.
    """
    if texts and None not in texts:
        strings = cast(Sequence[str], texts)
        joined = "\n".join(strings) + "\n"
        if len(joined) == 11 * len(strings) and _NANP_LINES.fullmatch(joined):
            return list(strings), [], []
    numbers: list[str] = []
    keep: list[int] = []
    rejected: list[str] = []
    for i, wire in enumerate(texts):
        number = from_wire(wire)
        if number is None:
            rejected.append("" if wire is None else wire)
        else:
            numbers.append(number)
            keep.append(i)
    return numbers, keep, rejected


def parse_search_result(data: bytes | str, *, numbers: str = "10digit") -> SearchResult:
    """``GET /availableNumbers`` body (plain or ``enableTNDetail``) → :class:`SearchResult`.

    An empty ``<SearchResult/>`` is an empty result (``result_count`` 0). A body that is
    a search *error* (``<SearchResult><Error>``) raises :class:`ApiError` (HTTP 400, as
    it is served). Rows whose number is missing or not a NANP number are not returned
    but listed in ``.rejected`` (and counted in its repr): never dropped silently.
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    root = parse_xml(raw)
    found = kids(root)
    count = to_int(get(found, "ResultCount"))
    if "error" in found and "telephonenumberlist" not in found:
        errors = envelope_errors(root)
        if errors:
            raise ApiError(
                http_status=400,
                code=errors[0][0],
                description=errors[0][1],
                body=raw,
                errors=errors,
                api="V2",
            )
    columns: DetailColumns | None = None
    if "telephonenumberdetaillist" in found:
        columns = _compact_columns(raw, root)
        if columns is None:
            columns = _detail_columns(
                d
                for lst in found["telephonenumberdetaillist"]
                for d in lst
                if isinstance(d.tag, str) and local_name(d).lower() == "telephonenumberdetail"
            )
        texts: Sequence[str | None] = columns.full_number
    elif "telephonenumberlist" in found:
        texts = _PLAIN_TEXT(root)
        if not texts:  # namespaced or otherwise unusual: read by name
            texts = [
                text(e)
                for lst in found["telephonenumberlist"]
                for e in lst
                if isinstance(e.tag, str) and local_name(e).lower() == "telephonenumber"
            ]
    else:
        texts = []
    tens, keep, rejected = checked_numbers(texts)
    if columns is not None:
        columns = columns.subset(keep) if rejected else columns
        columns.full_number = tens
    return SearchResult(
        numbers=[format_number(n, numbers) for n in tens] if numbers == "e164" else tens,
        result_count=count if count is not None else len(texts),
        has_details=columns is not None,
        columns=columns,
        rejected=rejected,
        number_format=numbers,
        raw=raw,
    )
