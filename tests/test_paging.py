"""The one pager (numkit.paging.pages): limits, loops, servers that ignore paging."""

from __future__ import annotations

import pytest

from numkit.errors import ResponseParseError
from numkit.paging import pages


def book(*pages_: tuple[list[int], str | None]):
    """fetch(cursor) over pages named None, "2", "3", … and a log of what was asked."""
    table = {None: pages_[0], **{str(i + 2): p for i, p in enumerate(pages_[1:])}}
    asked: list[str | None] = []

    def fetch(cursor: str | None):
        asked.append(cursor)
        return table[cursor]

    return fetch, asked


def test_every_page_is_read_in_order_until_there_is_no_next():
    fetch, asked = book(([1, 2], "2"), ([3, 4], "3"), ([5], None))
    assert [n for p in pages(fetch, what="list") for n in p] == [1, 2, 3, 4, 5]
    assert asked == [None, "2", "3"]


def test_a_next_that_names_the_page_just_read_ends_the_list():
    fetch, asked = book(([1], "2"), ([2], "2"))
    assert list(pages(fetch, what="list")) == [[1], [2]]
    assert asked == [None, "2"]


def test_a_next_that_goes_back_is_a_loop_and_an_error():
    fetch, _ = book(([1], "2"), ([2], "3"), ([3], "2"))
    with pytest.raises(ResponseParseError, match="already read"):
        list(pages(fetch, what="list"))


def test_a_server_that_ignores_the_page_ends_when_nothing_new_comes():
    def fetch(cursor):
        return [1, 2, 3], str(int(cursor or 1) + 1)  # always the same entries

    assert list(pages(fetch, what="list", key=lambda n: n)) == [[1, 2, 3], []]


def test_a_list_that_never_ends_stops_at_the_one_page_limit():
    def fetch(cursor):
        page = int(cursor or 0) + 1
        return [page], str(page)

    with pytest.raises(ResponseParseError, match="more than 50 pages"):
        list(pages(fetch, what="list", max_pages=50))


def test_the_default_limit_is_one_for_both_apis():
    import numkit.paging as paging
    import numkit.v1.client as v1
    import numkit.v2.base as v2

    assert paging.MAX_PAGES == 10_000
    assert not hasattr(v1, "MAX_PAGES") and not hasattr(v2, "MAX_PAGES")
