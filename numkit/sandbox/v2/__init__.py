"""V2 (Dashboard / Iris, XML) under ``/api``, ``/api/v1``, ``/v1.0`` and ``/api/v2``.

One module per resource (``search``, ``orders``, ``disconnects``, ``notes``, ``sites``,
``numbers``, ``reservations``); ``base`` holds the handler base and the error answers,
``orderbody`` / ``disconnects`` the body parsing and rendering, ``routing`` the table.
This package's ``__init__`` imports no handler, so the order resolver can use the body
helpers without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import V2Handler

__all__ = ["ACCOUNT", "PREFIX", "routes"]

PREFIX = r"(?i)/(?:api/v1|api/v2|api|v1\.0)"
ACCOUNT = PREFIX + r"/accounts/(?P<account>[^/]+)"


def routes() -> list[tuple[str, type[V2Handler]]]:
    """The V2 route table (``numkit/sandbox/v2/routing.py``), most specific first."""
    from .routing import ROUTES

    return list(ROUTES)
