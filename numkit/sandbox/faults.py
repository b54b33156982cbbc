"""Fault injection: the sandbox can misbehave on purpose, per request, with a probability.

Why: retry policies, polling loops and exactly-once ordering are only proven when the
network really fails. The request kinds (contract: "Sandbox control endpoints"):

- ``503``: the request is answered 503 and not processed;
- ``429``: answered 429 (V2 with ``Retry-After``, V1 with ``X-RateLimit-Reset``);
- ``drop``: the connection is closed before anything is processed or answered;
- ``commit-drop``: POST/DELETE only: the change is made, then the connection is closed
  without an answer (the lost-response case that reconciliation exists for);
- ``slow``: the request is held ``slow_seconds`` (default 2), then processed and answered;
- ``slow-commit`` (only when named): POST/DELETE only, held ``slow_seconds`` and then
  processed and answered -- long enough to outlast a client's read timeout, which is
  how a client that re-sends after a "not found yet" look-up would buy twice.

``seed`` makes the sequence of draws repeatable; it never touches the inventory.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_KINDS",
    "FAULT_KINDS",
    "NOTIFY_KINDS",
    "SLOW_SECONDS",
    "FaultSettings",
    "Faults",
]

DEFAULT_KINDS: tuple[str, ...] = ("503", "429", "drop", "commit-drop", "slow")
#: Notification faults (numkit.sandbox.notify draws them, never a request): not sent,
#: sent twice, sent 2 s late.
NOTIFY_KINDS: tuple[str, ...] = ("notify-drop", "notify-dup", "notify-late")
FAULT_KINDS: tuple[str, ...] = (*DEFAULT_KINDS, "slow-commit", *NOTIFY_KINDS)  # all nameable
WRITE_ONLY = frozenset({"commit-drop", "slow-commit"})  # drawn for POST/DELETE only
SLOW_SECONDS = 2.0
_FIELDS = ("rate", "kinds", "seed", "latency", "slow_seconds")


@dataclass
class FaultSettings:
    rate: float = 0.0
    kinds: list[str] = field(default_factory=lambda: list(DEFAULT_KINDS))
    seed: int | None = None
    latency: float = 0.0
    slow_seconds: float = SLOW_SECONDS

    def as_dict(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "kinds": list(self.kinds),
            "seed": self.seed,
            "latency": self.latency,
            "slow_seconds": self.slow_seconds,
        }


class FaultSettingsError(ValueError):
    """A PUT /_sandbox/faults body (or CLI flag) is not valid."""


def parse_kinds(value: Any) -> list[str]:
    if isinstance(value, str):
        items = [k.strip() for k in value.split(",") if k.strip()]
    elif isinstance(value, list | tuple):
        items = [str(k).strip() for k in value]
    else:
        raise FaultSettingsError("kinds must be a list of fault kinds or a comma list")
    unknown = [k for k in items if k not in FAULT_KINDS]
    if unknown:
        raise FaultSettingsError(
            f"unknown fault kind(s) {', '.join(unknown)}; known: {', '.join(FAULT_KINDS)}"
        )
    return list(dict.fromkeys(items))


class Faults:
    """The current settings plus the random stream the draws come from."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self.settings = settings or FaultSettings()
        self._rng = random.Random(self.settings.seed)

    def update(self, changes: dict[str, Any]) -> FaultSettings:
        """Apply any subset of rate/kinds/seed/latency/slow_seconds; validate everything first."""
        if not isinstance(changes, dict):
            raise FaultSettingsError("the body must be a JSON object")
        unknown = set(changes) - set(_FIELDS)
        if unknown:
            raise FaultSettingsError(f"unknown field(s): {', '.join(sorted(unknown))}")
        new = FaultSettings(**self.settings.as_dict())
        if "rate" in changes:
            new.rate = _number(changes["rate"], "rate", 0.0, 1.0)
        if "kinds" in changes:
            new.kinds = parse_kinds(changes["kinds"])
        if "latency" in changes:
            new.latency = _number(changes["latency"], "latency", 0.0, 60.0)
        if "slow_seconds" in changes:
            new.slow_seconds = _number(changes["slow_seconds"], "slow_seconds", 0.0, 600.0)
        if "seed" in changes:
            seed = changes["seed"]
            if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
                raise FaultSettingsError("seed must be an integer or null")
            new.seed = seed
        with self._lock:
            self.settings = new
            if "seed" in changes:
                self._rng = random.Random(new.seed)
        return new

    def draw(self, method: str) -> str | None:
        """The fault for this request, or None. commit-drop and slow-commit apply to
        POST/DELETE only (a GET never draws them, so it is never held or dropped by them)."""
        with self._lock:
            s = self.settings
            if s.rate <= 0 or not s.kinds:
                return None
            if self._rng.random() >= s.rate:
                return None
            write = method in ("POST", "DELETE")
            kinds = [k for k in s.kinds if (write or k not in WRITE_ONLY) and k not in NOTIFY_KINDS]
            if not kinds:
                return None
            return self._rng.choice(kinds)

    def draw_notify(self) -> str | None:
        """The fault for one notification delivery: among the ``notify-*`` kinds named."""
        with self._lock:
            s = self.settings
            kinds = [k for k in s.kinds if k in NOTIFY_KINDS]
            if s.rate <= 0 or not kinds or self._rng.random() >= s.rate:
                return None
            return self._rng.choice(kinds)


def _number(value: Any, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FaultSettingsError(f"{name} must be a number")
    if not lo <= float(value) <= hi:
        raise FaultSettingsError(f"{name} must be between {lo:g} and {hi:g}")
    return float(value)
