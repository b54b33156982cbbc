"""A raw V1 sighting (:class:`Hit`), as the language scanners report it before it is
classified and translated into a :class:`~numkit.scanner.model.Finding`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Hit", "Unknown"]


@dataclass(frozen=True)
class Unknown:
    """A value the scanner cannot know without running the code (``expr`` as written)."""

    expr: str

    def __str__(self) -> str:
        return "{" + self.expr + "}"


@dataclass
class Hit:
    """One place where V1 is used.

    ``target`` is a V1 URL or path template (``https://api.catapult.inetwork.com/v1/
    users/{user_id}/phoneNumbers``); ``params`` and ``body`` hold what the code passes,
    with :class:`Unknown` for values only known at run time. ``kind`` is one of the
    contract's kinds; ``confidence`` is the scanner's starting point (the classifier may
    lower it).
    """

    line: int
    kind: str
    method: str
    target: str
    confidence: str
    source: str
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    via: str = ""  # the SDK call or HTTP library, for the notes
    evidence: bool = False  # the file shows V1 elsewhere (the Catapult host, a V1 SDK)
    cell: int | None = None
