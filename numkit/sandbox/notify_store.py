"""SQLite tables of order notifications: subscriptions and their deliveries.

Why in the state file: a delivery that fell due while the sandbox was down must still
be attempted after a restart, and the Basic challenge must still be answered then, so
the callback password lives here too (the state file is created with mode 0600; the
password is never echoed, logged or shown).

Exactly-once bookkeeping: ``deliveries`` has one row per (subscription, order, state),
enforced by a UNIQUE key, inserted in the same transaction that moves the order to that
state. A row is marked ``sending`` *before* anything goes on the wire, so a crash mid-
POST never causes a second attempt (Bandwidth does not retry either): "attempted once".
"""

from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import Store

# ruff: noqa: S608 - queries are built from constant column lists; values are bound.

__all__ = [
    "PENDING",
    "SENDING",
    "Delivery",
    "SubscriptionRow",
    "secure_state_file",
]

PENDING = None  # outcome of a delivery not yet attempted
SENDING = "sending"

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer TEXT NOT NULL,
    order_type TEXT,
    event_type TEXT,
    order_id TEXT,
    kind TEXT NOT NULL,
    url TEXT,
    email TEXT,
    digest TEXT,
    username TEXT,
    password TEXT,
    public_key TEXT,
    number_format TEXT NOT NULL DEFAULT '10digit',
    created_at REAL NOT NULL,
    expires_at REAL,
    status TEXT NOT NULL DEFAULT 'READY'
);
CREATE INDEX IF NOT EXISTS subscriptions_by_customer ON subscriptions(customer, seq);
CREATE TABLE IF NOT EXISTS deliveries(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    state TEXT NOT NULL,
    due_at REAL NOT NULL,
    copies INTEGER NOT NULL DEFAULT 1,
    body BLOB NOT NULL,
    outcome TEXT,
    attempted_at REAL,
    UNIQUE(subscription_id, order_id, state)
);
CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(due_at) WHERE outcome IS NULL;
"""

_SUB_COLS = (
    "id, customer, order_type, event_type, order_id, kind, url, email, digest, username, "
    "password, public_key, number_format, created_at, expires_at, status"
)
_DELIVERY_COLS = "id, subscription_id, order_id, state, due_at, copies, body, outcome"


@dataclass
class SubscriptionRow:
    """One stored subscription (``kind`` is 'callback' or 'email')."""

    id: str
    customer: str
    order_type: str | None
    event_type: str | None
    order_id: str | None
    kind: str
    url: str | None
    email: str | None
    digest: str | None
    username: str | None
    password: str | None
    public_key: str | None
    number_format: str
    created_at: float
    expires_at: float | None
    status: str = "READY"

    def __repr__(self) -> str:  # the password never shows, even in a debugger or a log
        return (
            f"<SubscriptionRow {self.id} {self.order_type or self.event_type} "
            f"{self.url or self.email} status={self.status!r}>"
        )


@dataclass
class Delivery:
    id: int
    subscription_id: str
    order_id: str
    state: str
    due_at: float
    copies: int
    body: bytes
    outcome: str | None


def secure_state_file(path: str | Path) -> None:
    """Create the state file (and chmod any existing one and its WAL/SHM) to 0600.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's mode, so creating
    the database 0600 *before* SQLite opens it covers them all; the chmod of existing
    files repairs state files made before the password moved in.
    """
    target = Path(path)
    if not target.exists():
        fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    for candidate in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        try:
            if stat.S_IMODE(candidate.stat().st_mode) != 0o600:
                candidate.chmod(0o600)
        except FileNotFoundError:
            continue


def _delivery(r: Any, *, outcome: str | None) -> Delivery:
    head = ("id", "subscription_id", "order_id", "state", "due_at", "copies")
    values = dict(zip(head, r[:6], strict=True))
    return Delivery(**values, body=bytes(r[6]), outcome=outcome)


def _sub(row: Any) -> SubscriptionRow:
    return SubscriptionRow(*row)


#: what PUT may change (the id, owner, creation time and number format stay)
_REPLACEABLE = tuple(
    f.name
    for f in dataclasses.fields(SubscriptionRow)
    if f.name not in ("id", "customer", "created_at", "number_format")
)


def insert_subscription(store: Store, s: SubscriptionRow) -> None:
    marks = ",".join("?" * len(dataclasses.fields(SubscriptionRow)))
    store._x(f"INSERT INTO subscriptions({_SUB_COLS}) VALUES ({marks})", dataclasses.astuple(s))


def replace_subscription(store: Store, s: SubscriptionRow) -> None:
    assignments = ", ".join(f"{name}=?" for name in _REPLACEABLE)
    store._x(
        f"UPDATE subscriptions SET {assignments} WHERE id=? AND customer=?",
        (*(getattr(s, name) for name in _REPLACEABLE), s.id, s.customer),
    )


def get_subscription(store: Store, sub_id: str, *, customer: str | None) -> SubscriptionRow | None:
    sql = f"SELECT {_SUB_COLS} FROM subscriptions WHERE id=?"
    args: list[Any] = [sub_id]
    if customer is not None:
        sql += " AND customer=?"
        args.append(customer)
    rows = store._q(sql, args)
    return _sub(rows[0]) if rows else None


def list_subscriptions(
    store: Store, customer: str, *, order_type: str | None = None
) -> list[SubscriptionRow]:
    sql = f"SELECT {_SUB_COLS} FROM subscriptions WHERE customer=?"
    args: list[Any] = [customer]
    if order_type is not None:
        sql += " AND lower(order_type)=?"
        args.append(order_type.lower())
    return [_sub(r) for r in store._q(sql + " ORDER BY seq", args)]


def count_subscriptions(store: Store, customer: str) -> int:
    rows = store._q("SELECT COUNT(*) FROM subscriptions WHERE customer=?", (customer,))
    return int(rows[0][0])


def delete_subscription(store: Store, sub_id: str, customer: str) -> bool:
    return store._x("DELETE FROM subscriptions WHERE id=? AND customer=?", (sub_id, customer)) > 0


def set_status(store: Store, sub_id: str, status: str) -> None:
    store._x("UPDATE subscriptions SET status=? WHERE id=?", (status, sub_id))


def add_delivery(
    store: Store,
    *,
    subscription_id: str,
    order_id: str,
    state: str,
    due_at: float,
    copies: int,
    body: bytes,
    outcome: str | None = PENDING,
) -> bool:
    """One row per (subscription, order, state); False when it already exists."""
    return (
        store._x(
            "INSERT OR IGNORE INTO deliveries(subscription_id, order_id, state, due_at, "
            "copies, body, outcome) VALUES (?,?,?,?,?,?,?)",
            (subscription_id, order_id, state, due_at, copies, body, outcome),
        )
        > 0
    )


def claim_due(store: Store, now: float, limit: int = 50) -> list[Delivery]:
    """Pending deliveries whose time has come, marked ``sending`` in one transaction."""
    due = next_due(store)
    if due is None or due > now:  # the common case: no write transaction at all
        return []
    with store.transaction():
        rows = store._q(
            f"SELECT {_DELIVERY_COLS} FROM deliveries WHERE outcome IS NULL AND due_at<=? "
            "ORDER BY due_at, id LIMIT ?",
            (now, limit),
        )
        for r in rows:
            store._x(
                "UPDATE deliveries SET outcome=?, attempted_at=? WHERE id=?", (SENDING, now, r[0])
            )
    return [_delivery(r, outcome=SENDING) for r in rows]


def next_due(store: Store) -> float | None:
    rows = store._q("SELECT MIN(due_at) FROM deliveries WHERE outcome IS NULL")
    return rows[0][0] if rows and rows[0][0] is not None else None


def finish_delivery(store: Store, delivery_id: int, outcome: str) -> None:
    store._x("UPDATE deliveries SET outcome=? WHERE id=?", (outcome, delivery_id))
