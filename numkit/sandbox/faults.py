"""Fault injection: the sandbox can misbehave on purpose, per request, with a probability.

Why: retry policies, polling loops and exactly-once ordering are only proven when the
network really fails. Five kinds (contract: "Sandbox control endpoints"):

- ``503``: the request is answered 503 and not processed;
- ``429``: answered 429 (V2 with ``Retry-After``, V1 with ``X-RateLimit-Reset``);
- ``drop``: the connection is closed before anything is processed or answered;
- ``commit-drop``: POST/DELETE only: the change is made, then the connection is closed
  without an answer (the lost-response case that reconciliation exists for);
- ``slow``: the answer comes 2 s late.

``seed`` makes the sequence of draws repeatable; it never touches the inventory.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FAULT_KINDS", "SLOW_SECONDS", "FaultSettings", "Faults"]

FAULT_KINDS: tuple[str, ...] = ("503", "429", "drop", "commit-drop", "slow")
SLOW_SECONDS = 2.0


@dataclass
class FaultSettings:
    rate: float = 0.0
    kinds: list[str] = field(default_factory=lambda: list(FAULT_KINDS))
    seed: int | None = None
    latency: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "kinds": list(self.kinds),
            "seed": self.seed,
            "latency": self.latency,
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
        """Apply any subset of rate/kinds/seed/latency; validate everything first."""
        if not isinstance(changes, dict):
            raise FaultSettingsError("the body must be a JSON object")
        unknown = set(changes) - {"rate", "kinds", "seed", "latency"}
        if unknown:
            raise FaultSettingsError(f"unknown field(s): {', '.join(sorted(unknown))}")
        new = FaultSettings(**self.settings.as_dict())
        if "rate" in changes:
            new.rate = _number(changes["rate"], "rate", 0.0, 1.0)
        if "kinds" in changes:
            new.kinds = parse_kinds(changes["kinds"])
        if "latency" in changes:
            new.latency = _number(changes["latency"], "latency", 0.0, 60.0)
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
        """The fault for this request, or None. commit-drop applies to POST/DELETE only."""
        with self._lock:
            s = self.settings
            if s.rate <= 0 or not s.kinds:
                return None
            if self._rng.random() >= s.rate:
                return None
            kinds = [k for k in s.kinds if k != "commit-drop" or method in ("POST", "DELETE")]
            if not kinds:
                return None
            return self._rng.choice(kinds)


def _number(value: Any, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FaultSettingsError(f"{name} must be a number")
    if not lo <= float(value) <= hi:
        raise FaultSettingsError(f"{name} must be between {lo:g} and {hi:g}")
    return float(value)
