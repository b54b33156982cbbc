"""Everything one running sandbox knows: options, customers, inventory, store, faults.

Why one object: handlers get exactly one thing injected, and tests or tools can build a
World without a server. Nothing here imports Tornado.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .customers import Customer, customers_from_env
from .faults import FAULT_KINDS, Faults, FaultSettings
from .inventory import Inventory
from .store import Store

__all__ = ["VERSION", "Options", "World"]

VERSION = "0.1.0"


@dataclass
class Options:
    """The CLI flags (contract: "CLI"), in snake_case."""

    host: str = "127.0.0.1"
    port: int = 8765
    state: str | None = None
    order_delay: float = 1.0
    aging: float = 300.0
    max_disconnect: int = 5000
    fault_rate: float = 0.0
    fault_kinds: list[str] = field(default_factory=lambda: list(FAULT_KINDS))
    seed: int | None = None
    latency: float = 0.0


class World:
    """The sandbox's state and collaborators, shared by every handler."""

    def __init__(self, options: Options, store: Store, env: Mapping[str, str]) -> None:
        self.options = options
        self.store = store
        self.inventory = Inventory()
        self.customers: tuple[Customer, ...] = customers_from_env(env)
        self.faults = Faults(
            FaultSettings(
                rate=options.fault_rate,
                kinds=list(options.fault_kinds),
                seed=options.seed,
                latency=options.latency,
            )
        )
        self.version = VERSION
        self._last_purge = 0.0

    @property
    def primary(self) -> Customer:
        return self.customers[0]

    def customer(self, key: str) -> Customer:
        for c in self.customers:
            if c.key == key:
                return c
        raise KeyError(key)

    def by_v2_login(self, username: str, password: str) -> Customer | None:
        for c in self.customers:
            if hmac.compare_digest(c.creds.v2_username.encode(), username.encode()) and (
                hmac.compare_digest(c.creds.v2_password.encode(), password.encode())
            ):
                return c
        return None

    def by_v1_login(self, token: str, secret: str) -> Customer | None:
        for c in self.customers:
            if hmac.compare_digest(c.creds.v1_token.encode(), token.encode()) and (
                hmac.compare_digest(c.creds.v1_secret.encode(), secret.encode())
            ):
                return c
        return None

    def tick(self, now: float | None = None) -> None:
        """Bring derived state up to date: resolve due orders, forget expired aging."""
        from .lifecycle import resolve_due

        now = time.time() if now is None else now
        resolve_due(self, now)
        if now - self._last_purge > 5.0:
            self._last_purge = now
            self.store.purge_expired(now)
