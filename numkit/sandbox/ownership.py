"""Who holds which number, across both APIs (contract: "Inventory and ownership").

One pool serves V1 and V2. A customer is a V1 user and its linked V2 account together.
A number held by a customer is unavailable to every other customer; on V2 it shows once
bought on either side, on V1 only once bought on V1 or imported there
(``NumberRow.v1_source``). After a release it ages for ``--aging`` seconds, during
which only its last owner may take it back (never through V1 after a V1 release). A
live reservation makes a number unavailable to every other customer. Callers hold the
store's transaction, so check-then-allocate is atomic.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from .store import NumberRow

if TYPE_CHECKING:
    from .world import World

__all__ = [
    "V1Settings",
    "allocate",
    "availability",
    "import_to_v1",
    "new_v1_id",
    "release",
    "unimport",
]


@dataclass(frozen=True)
class V1Settings:
    """What V1 lets a user set on a number (order and import bodies); a number that is
    not on V1 has none of them."""

    name: str | None = None
    application_id: str | None = None
    fallback_number: str | None = None

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> V1Settings:
        """From a V1 JSON body (``applicationId: ""`` means none)."""
        return cls(body.get("name"), body.get("applicationId") or None, body.get("fallbackNumber"))


_ID_CHARS = string.ascii_lowercase + string.digits


def new_v1_id() -> str:
    """A V1 number id: ``n-`` and 24 lower-case letters or digits."""
    return "n-" + "".join(secrets.choice(_ID_CHARS) for _ in range(24))


def availability(
    world: World, number: str, customer: str, now: float, *, via: str = "v2"
) -> str | None:
    """None when ``customer`` may take ``number`` now, else why not.

    Reasons: 'unknown' (not in the pool), 'owned' (the customer's own), 'taken'
    (another customer's), 'aging' (held after a disconnect), 'reserved' (another
    customer's live reservation).
    """
    if not world.inventory.contains(number):
        return "unknown"
    held = world.store.reservation_of(number, now)
    row = world.store.get_number(number)
    if row is not None and row.status == "Inservice":
        return "owned" if row.customer == customer else "taken"
    if held is not None and held.customer != customer:
        return "reserved"
    if row is None or (row.aging_until is not None and row.aging_until <= now):
        return None
    # Aging: only the last owner may take it back, and never through V1 after a V1 release.
    if row.customer == customer and not (via == "v1" and row.v1_released):
        return None
    return "aging"


def allocate(
    world: World,
    number: str,
    customer: str,
    now: float,
    *,
    via: str = "v2",
    order_id: str | None = None,
    order_type: str | None = None,
    site_id: str | None = None,
    peer_id: str | None = None,
    v1: V1Settings = V1Settings(),
) -> NumberRow:
    """Record ``number`` as in service for ``customer`` (caller holds the transaction).

    Bought through V1 (``via="v1"``) it shows on V1 at once; bought on V2 it shows on
    V1 only once imported. Its reservation, if any, is used up.
    """
    on_v1 = via == "v1"
    row = NumberRow(
        number=number,
        customer=customer,
        status="Inservice",
        v1_id=new_v1_id() if on_v1 else None,
        **asdict(v1),
        order_id=order_id,
        order_type=order_type,
        site_id=site_id,
        peer_id=peer_id,
        created_at=now,
        last_modified=now,
        aging_until=None,
        v1_released=False,
        v1_source="v1" if on_v1 else None,
    )
    world.store.put_number(row)
    world.store.delete_reservations(number=number)
    return row


def release(world: World, row: NumberRow, now: float, *, via: str) -> None:
    """Send a number to Aging for ``--aging`` seconds (its owner stays the last owner);
    it leaves V1 at once whichever API released it."""
    aging = replace(
        row, status="Aging", aging_until=now + world.options.aging, v1_released=via == "v1"
    )
    _set_v1_side(world, aging, now, None)


def import_to_v1(world: World, row: NumberRow, now: float, settings: V1Settings) -> NumberRow:
    """Show a number the linked V2 account holds on V1 (the hybrid bridge)."""
    return _set_v1_side(world, row, now, "import", settings)


def unimport(world: World, row: NumberRow, now: float) -> NumberRow:
    """V1 DELETE of an imported number: gone from V1, still in service on V2."""
    return _set_v1_side(world, row, now, None, V1Settings())


def _set_v1_side(
    world: World,
    row: NumberRow,
    now: float,
    source: str | None,
    settings: V1Settings | None = None,
) -> NumberRow:
    """Store ``row`` as V1 shows it (``source`` None: not on V1); ``settings`` None keeps
    the V1 settings it had (a released number keeps its last ones)."""
    v1_id = new_v1_id() if source is not None else None
    kept = asdict(settings) if settings is not None else {}
    updated = replace(row, **kept, v1_source=source, v1_id=v1_id, last_modified=now)
    world.store.put_number(updated)
    return updated
