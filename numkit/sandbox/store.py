"""SQLite state of the sandbox: who owns which number, and every order ever placed.

Why SQLite with WAL: the state must survive a SIGKILL (the durability test kills the
server mid-order), and WAL makes every committed transaction crash-safe without an
fsync per read. Only facts are stored (times, requests, outcomes); an order's status
is derived from its stored times, so a restart on the same file resumes exactly where
the previous process stopped.

Threading: the Tornado server uses this from its one IOLoop thread, but every call
takes a lock anyway so helpers (and tests) may call it from other threads safely.
Allocation runs inside ``BEGIN IMMEDIATE`` so two orders for one number can never both
win, whatever the caller's threading.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ruff: noqa: S608 - queries are built from constant column lists; values are bound.

__all__ = ["NumberRow", "OrderRow", "Store"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS numbers(
    number TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    status TEXT NOT NULL,
    v1_id TEXT UNIQUE,
    name TEXT,
    application_id TEXT,
    fallback_number TEXT,
    order_id TEXT,
    order_type TEXT,
    site_id TEXT,
    peer_id TEXT,
    created_at REAL NOT NULL,
    last_modified REAL NOT NULL,
    aging_until REAL,
    v1_released INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS numbers_by_customer ON numbers(customer, status, number);
CREATE TABLE IF NOT EXISTS orders(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    customer TEXT NOT NULL,
    created_by TEXT NOT NULL,
    customer_order_id TEXT,
    name TEXT,
    created_at REAL NOT NULL,
    due_at REAL NOT NULL,
    status TEXT NOT NULL,
    completed_at REAL,
    last_modified REAL NOT NULL,
    request TEXT NOT NULL,
    result TEXT
);
CREATE INDEX IF NOT EXISTS orders_pending ON orders(status, due_at);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders(customer, kind, seq);
CREATE TABLE IF NOT EXISTS notes(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_order ON notes(order_id, id);
CREATE TABLE IF NOT EXISTS history(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    at REAL NOT NULL,
    note TEXT NOT NULL,
    author TEXT NOT NULL,
    status TEXT NOT NULL,
    difference TEXT
);
CREATE INDEX IF NOT EXISTS history_by_order ON history(order_id, id);
"""


@dataclass
class OrderRow:
    """A new-number order or a disconnect order (``kind`` is 'order' or 'disconnect')."""

    id: str
    kind: str
    customer: str
    created_by: str
    customer_order_id: str | None
    name: str | None
    created_at: float
    due_at: float
    status: str
    completed_at: float | None
    last_modified: float
    request: dict[str, Any]
    result: dict[str, Any] = field(default_factory=dict)
    seq: int = 0


@dataclass
class NumberRow:
    number: str
    customer: str
    status: str  # 'Inservice' or 'Aging'
    v1_id: str | None
    name: str | None
    application_id: str | None
    fallback_number: str | None
    order_id: str | None
    order_type: str | None
    site_id: str | None
    peer_id: str | None
    created_at: float
    last_modified: float
    aging_until: float | None
    v1_released: bool


_ORDER_COLS = (
    "seq, id, kind, customer, created_by, customer_order_id, name, created_at, due_at, "
    "status, completed_at, last_modified, request, result"
)
_NUMBER_COLS = (
    "number, customer, status, v1_id, name, application_id, fallback_number, order_id, "
    "order_type, site_id, peer_id, created_at, last_modified, aging_until, v1_released"
)


def _order(row: sqlite3.Row) -> OrderRow:
    return OrderRow(
        seq=row[0],
        id=row[1],
        kind=row[2],
        customer=row[3],
        created_by=row[4],
        customer_order_id=row[5],
        name=row[6],
        created_at=row[7],
        due_at=row[8],
        status=row[9],
        completed_at=row[10],
        last_modified=row[11],
        request=json.loads(row[12]),
        result=json.loads(row[13]) if row[13] else {},
    )


def _number(row: Sequence[Any]) -> NumberRow:
    return NumberRow(*row[:14], v1_released=bool(row[14]))


class Store:
    """All SQL lives here; callers get rows and plain values back."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._conn.executescript(_SCHEMA)
        self._in_tx = False

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ---- transactions ----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE``: take the write lock first, so check-then-allocate is atomic.

        Nested use joins the outer transaction.
        """
        with self._lock:
            if self._in_tx:
                yield
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._in_tx = True
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._in_tx = False

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def _x(self, sql: str, args: Sequence[Any] = ()) -> int:
        with self._lock:
            cur = self._conn.execute(sql, args)
            return cur.rowcount

    # ---- orders ----------------------------------------------------------------
    def insert_order(self, o: OrderRow) -> None:
        self._x(
            "INSERT INTO orders(id, kind, customer, created_by, customer_order_id, name, "
            "created_at, due_at, status, completed_at, last_modified, request, result) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                o.id,
                o.kind,
                o.customer,
                o.created_by,
                o.customer_order_id,
                o.name,
                o.created_at,
                o.due_at,
                o.status,
                o.completed_at,
                o.last_modified,
                json.dumps(o.request),
                json.dumps(o.result) if o.result else None,
            ),
        )

    def update_order(self, o: OrderRow) -> None:
        self._x(
            "UPDATE orders SET status=?, completed_at=?, last_modified=?, result=?, "
            "customer_order_id=?, name=?, request=? WHERE id=?",
            (
                o.status,
                o.completed_at,
                o.last_modified,
                json.dumps(o.result) if o.result else None,
                o.customer_order_id,
                o.name,
                json.dumps(o.request),
                o.id,
            ),
        )

    def get_order(self, order_id: str, *, kind: str, customer: str) -> OrderRow | None:
        rows = self._q(
            f"SELECT {_ORDER_COLS} FROM orders WHERE id=? AND kind=? AND customer=?",
            (order_id, kind, customer),
        )
        return _order(rows[0]) if rows else None

    def due_orders(self, now: float, limit: int = 200) -> list[OrderRow]:
        rows = self._q(
            f"SELECT {_ORDER_COLS} FROM orders WHERE status='RECEIVED' AND due_at<=? "
            "ORDER BY due_at, seq LIMIT ?",
            (now, limit),
        )
        return [_order(r) for r in rows]

    def next_due_at(self) -> float | None:
        rows = self._q("SELECT MIN(due_at) FROM orders WHERE status='RECEIVED'")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def list_orders(
        self,
        *,
        customer: str,
        kind: str,
        customer_order_id: str | None = None,
        statuses: Sequence[str] | None = None,
        user: str | None = None,
        start: float | None = None,
        end: float | None = None,
    ) -> list[OrderRow]:
        sql = f"SELECT {_ORDER_COLS} FROM orders WHERE customer=? AND kind=?"
        args: list[Any] = [customer, kind]
        if customer_order_id is not None:
            sql += " AND customer_order_id=?"
            args.append(customer_order_id)
        if statuses:
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
            args.extend(statuses)
        if user is not None:
            sql += " AND created_by=?"
            args.append(user)
        if start is not None:
            sql += " AND created_at>=?"
            args.append(start)
        if end is not None:
            sql += " AND created_at<?"
            args.append(end)
        sql += " ORDER BY seq"
        return [_order(r) for r in self._q(sql, args)]

    # ---- history and notes -----------------------------------------------------
    def add_history(
        self,
        order_id: str,
        at: float,
        note: str,
        author: str,
        status: str,
        difference: str | None = None,
    ) -> None:
        self._x(
            "INSERT INTO history(order_id, at, note, author, status, difference) "
            "VALUES (?,?,?,?,?,?)",
            (order_id, at, note, author, status, difference),
        )

    def history(self, order_id: str) -> list[tuple[float, str, str, str, str | None]]:
        return [
            tuple(r)
            for r in self._q(
                "SELECT at, note, author, status, difference FROM history "
                "WHERE order_id=? ORDER BY id",
                (order_id,),
            )
        ]

    def add_note(self, order_id: str, user_id: str, description: str, at: float) -> int:
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO notes(order_id, user_id, description, created_at) VALUES (?,?,?,?)",
                (order_id, user_id, description, at),
            )
            return int(cur.lastrowid or 0)

    def notes(self, order_id: str) -> list[tuple[int, str, str, float]]:
        return [
            tuple(r)
            for r in self._q(
                "SELECT id, user_id, description, created_at FROM notes "
                "WHERE order_id=? ORDER BY id",
                (order_id,),
            )
        ]

    # ---- numbers ---------------------------------------------------------------
    def get_number(self, number: str) -> NumberRow | None:
        rows = self._q(f"SELECT {_NUMBER_COLS} FROM numbers WHERE number=?", (number,))
        return _number(rows[0]) if rows else None

    def get_number_by_v1_id(self, v1_id: str) -> NumberRow | None:
        rows = self._q(f"SELECT {_NUMBER_COLS} FROM numbers WHERE v1_id=?", (v1_id,))
        return _number(rows[0]) if rows else None

    def taken(self, now: float) -> set[str]:
        """Numbers nobody may find in a search: in service, or aging and not yet expired."""
        rows = self._q(
            "SELECT number FROM numbers WHERE status='Inservice' OR aging_until>?", (now,)
        )
        return {r[0] for r in rows}

    def owned(self, customer: str, *, status: str = "Inservice") -> list[NumberRow]:
        rows = self._q(
            f"SELECT {_NUMBER_COLS} FROM numbers WHERE customer=? AND status=? ORDER BY number",
            (customer, status),
        )
        return [_number(r) for r in rows]

    def owned_v1(self, customer: str) -> list[NumberRow]:
        """In-service numbers in V1 list order (creation time, then number)."""
        rows = self._q(
            f"SELECT {_NUMBER_COLS} FROM numbers WHERE customer=? AND status='Inservice' "
            "ORDER BY created_at, number",
            (customer,),
        )
        return [_number(r) for r in rows]

    def visible(self, customer: str, now: float) -> list[NumberRow]:
        """Numbers a customer can look up: its own in service, and its own still aging."""
        rows = self._q(
            f"SELECT {_NUMBER_COLS} FROM numbers WHERE customer=? AND "
            "(status='Inservice' OR aging_until>?) ORDER BY number",
            (customer, now),
        )
        return [_number(r) for r in rows]

    def put_number(self, n: NumberRow) -> None:
        self._x(
            f"INSERT OR REPLACE INTO numbers({_NUMBER_COLS}) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                n.number,
                n.customer,
                n.status,
                n.v1_id,
                n.name,
                n.application_id,
                n.fallback_number,
                n.order_id,
                n.order_type,
                n.site_id,
                n.peer_id,
                n.created_at,
                n.last_modified,
                n.aging_until,
                int(n.v1_released),
            ),
        )

    def purge_expired(self, now: float) -> int:
        """Forget aging numbers whose hold is over (they are back in the pool)."""
        return self._x("DELETE FROM numbers WHERE status='Aging' AND aging_until<=?", (now,))

    # ---- meta ------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        rows = self._q("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._x("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", (key, value))


def now() -> float:
    return time.time()
