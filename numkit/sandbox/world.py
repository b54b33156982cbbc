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
from .faults import DEFAULT_KINDS, SLOW_SECONDS, Faults, FaultSettings
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
    fault_kinds: list[str] = field(default_factory=lambda: list(DEFAULT_KINDS))
    seed: int | None = None
    latency: float = 0.0
    slow_seconds: float = SLOW_SECONDS
    reservation_hold: float = 14400.0
    #: hosts besides loopback that notifications may be POSTed to (--callback-hosts)
    callback_hosts: list[str] = field(default_factory=list)


class World:
    """The sandbox's state and collaborators, shared by every handler."""

    def __init__(self, options: Options, store: Store, env: Mapping[str, str]) -> None:
        self.options = options
        self.store = store
        self.inventory = Inventory()
        self.customers: tuple[Customer, ...] = customers_from_env(env)
        self.faults = Faults(self.initial_faults())
        self.version = VERSION
        self._last_purge = 0.0

    def initial_faults(self) -> FaultSettings:
        """The fault settings the sandbox was started with (``reset`` returns to them)."""
        o = self.options
        return FaultSettings(
            rate=o.fault_rate,
            kinds=list(o.fault_kinds),
            seed=o.seed,
            latency=o.latency,
            slow_seconds=o.slow_seconds,
        )

    @property
    def primary(self) -> Customer:
        return self.customers[0]

    def customer(self, key: str) -> Customer:
        for c in self.customers:
            if c.key == key:
                return c
        raise KeyError(key)

    def _login(self, user_field: str, secret_field: str, user: str, secret: str) -> Customer | None:
        """The customer with these credentials (constant-time comparisons), or None."""
        for c in self.customers:
            expected_user = str(getattr(c.creds, user_field)).encode()
            expected_secret = str(getattr(c.creds, secret_field)).encode()
            if hmac.compare_digest(expected_user, user.encode()) & hmac.compare_digest(
                expected_secret, secret.encode()
            ):
                return c
        return None

    def by_v2_login(self, username: str, password: str) -> Customer | None:
        return self._login("v2_username", "v2_password", username, password)

    def by_v1_login(self, token: str, secret: str) -> Customer | None:
        return self._login("v1_token", "v1_secret", token, secret)

    def reset(self) -> None:
        """A fresh start: no numbers held, no orders, subscriptions or reservations,
        faults as the sandbox was started with (``numkit sandbox --reset``)."""
        self.store.reset()
        self.faults.update(self.initial_faults().as_dict())

    def tick(self, now: float | None = None) -> None:
        """Bring derived state up to date: resolve due orders, forget expired aging."""
        from .resolve import resolve_due

        now = time.time() if now is None else now
        resolve_due(self, now)
        if now - self._last_purge > 5.0:
            self._last_purge = now
            self.store.purge_expired(now)
