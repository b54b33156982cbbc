"""The ONE pager: follow "next" until the list ends, with one page limit and one refusal
of next links that point at another host.

Both APIs page their lists: V1 with a ``Link: <…>; rel="next"`` header (an opaque URL),
V2 with a ``<Links><next>`` element whose ``page`` value is sent back. Each caller
passes a ``fetch(cursor)`` that reads one page and names the next cursor (None = the
end); the pager owns what every list needs the same way:

* at most :data:`MAX_PAGES` pages, then a :class:`~numkit.errors.ResponseParseError`
  (a server that never stops must not hold a call forever);
* a next cursor equal to the page just read ends the list (servers that name the last
  page as its own "next"); one that goes back to an earlier page is an error (a loop);
* with ``key``, items already seen are dropped and a page with nothing new ends the
  list (servers that ignore the page parameter);
* :func:`same_origin` refuses a next URL on another scheme, host or port, so a hostile
  or misconfigured server cannot make the client send its credentials elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from .errors import ResponseParseError

__all__ = ["MAX_PAGES", "pages", "same_origin"]

#: Pages read from one list at most (10,000 pages of 1,000 is ten million entries).
MAX_PAGES = 10_000

T = TypeVar("T")
C = TypeVar("C", bound=Hashable)


def pages(
    fetch: Callable[[C | None], tuple[Sequence[T], C | None]],
    *,
    what: str,
    key: Callable[[T], Hashable] | None = None,
    max_pages: int = MAX_PAGES,
) -> Iterator[list[T]]:
    """Yield each page's (new) items; ``fetch(None)`` reads the first page."""
    cursor: C | None = None
    visited: set[C] = set()
    seen: set[Hashable] = set()
    for _ in range(max_pages):
        items, following = fetch(cursor)
        if key is None:
            fresh = list(items)
        else:
            fresh = [item for item in items if key(item) not in seen]
            seen.update(key(item) for item in fresh)
        yield fresh
        if following is None or following == cursor or (key is not None and not fresh):
            return
        if following in visited:
            raise ResponseParseError(f"{what}: the next link goes back to a page already read")
        visited.add(following)
        cursor = following
    raise ResponseParseError(f"{what}: more than {max_pages} pages; stopped")


def same_origin(base_url: str, link: str | None, *, what: str) -> str | None:
    """``link`` made absolute against ``base_url``; a link to another scheme, host or port
    is a ResponseParseError (the credentials only ever go to the base URL's host)."""
    if not link:
        return None
    absolute = urljoin(base_url.rstrip("/") + "/", link)
    base, nxt = urlsplit(base_url), urlsplit(absolute)
    if (nxt.scheme, nxt.netloc) != (base.scheme, base.netloc):
        from .transport import mask_url

        raise ResponseParseError(
            f"{what}: refusing to follow a next link to another host "
            f"({mask_url(nxt.netloc)!r}); the client only sends credentials to "
            f"{base.netloc!r}"
        )
    return absolute


def next_link(response: Any) -> str | None:
    """The ``Link: <…>; rel="next"`` URL of a response, if any."""
    links = getattr(response, "links", None) or {}
    url = links.get("next", {}).get("url")
    return url if isinstance(url, str) and url else None
