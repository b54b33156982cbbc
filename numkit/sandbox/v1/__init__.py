"""V1 (Catapult, JSON) under ``/v1``: ``availableNumbers`` (``search``) and a user's
``phoneNumbers`` (``numbers``); ``base`` holds the handler base and the error answer,
``routing`` the table. This ``__init__`` imports no handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import V1Handler

__all__ = ["routes"]


def routes() -> list[tuple[str, type[V1Handler]]]:
    """The V1 route table (``numkit/sandbox/v1/routing.py``), most specific first."""
    from .routing import ROUTES

    return list(ROUTES)
