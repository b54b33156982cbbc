"""What the V1 and V2 clients share: the transport they own and the plumbing around it.

Each client builds its own :class:`~numkit.transport.Transport` (different auth, error
mapper and secret hint); everything a caller does with it afterwards is the same, so it
lives here once.
"""

from __future__ import annotations

from collections import deque
from typing import Self

from .transport import Exchange, Transport

__all__ = ["ClientBase"]


class ClientBase:
    _transport: Transport

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def transport(self) -> Transport:
        return self._transport

    @property
    def exchanges(self) -> deque[Exchange]:
        """Recent request/response records (Authorization masked), newest last."""
        return self._transport.exchanges

    @property
    def timeout(self) -> tuple[float, float]:
        return self._transport.timeout

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
