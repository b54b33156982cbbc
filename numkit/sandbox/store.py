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
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ruff: noqa: S608 - queries are built from constant column lists; values are bound.
from . import notify_store

__all__ = ["NumberRow", "OrderRow", "Reservation", "StateFileError", "Store"]

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
    v1_released INTEGER NOT NULL DEFAULT 0,
    v1_source TEXT
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
CREATE TABLE IF NOT EXISTS reservations(
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    customer TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reservations_by_number ON reservations(number, expires_at);
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
    # How V1 shows it: None (V2 only), "v1" (bought on V1) or "import" (imported).
    v1_source: str | None = None


@dataclass
class Reservation:
    id: str
    number: str
    customer: str
    created_at: float
    expires_at: float


_ORDER_COLS = (
    "seq, id, kind, customer, created_by, customer_order_id, name, created_at, due_at, "
    "status, completed_at, last_modified, request, result"
)
_NUMBER_COLS = (
    "number, customer, status, v1_id, name, application_id, fallback_number, order_id, "
    "order_type, site_id, peer_id, created_at, last_modified, aging_until, v1_released, "
    "v1_source"
)


def _order(row: Sequence[Any]) -> OrderRow:
    # _ORDER_COLS order is OrderRow's field order, except seq: first there, last here.
    values = [*row[1:14], row[0]]
    values[11] = json.loads(values[11])
    values[12] = json.loads(values[12]) if values[12] else {}
    return OrderRow(*values)


def _number(row: Sequence[Any]) -> NumberRow:
    values = list(row[:16])
    values[14] = bool(values[14])
    return NumberRow(*values)


class StateFileError(Exception):
    """The state file cannot be used; the message names it and says what to do."""


_ELSEWHERE = "or start the sandbox with --state pointing at another file"


def _check_path(p: Path) -> None:
    """Refuse what SQLite would report cryptically: a folder, or no permission."""
    if p.is_dir():
        raise StateFileError(
            f"the state file {p} is a folder, not a file: give --state a file path "
            f"such as {p / 'sandbox.sqlite'}"
        )
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateFileError(
            f"cannot create the folder of the state file {p} ({exc.strerror}): "
            f"create it yourself, {_ELSEWHERE}"
        ) from None
    if p.exists() and not os.access(p, os.R_OK | os.W_OK):
        raise StateFileError(
            f"the state file {p} cannot be read and written by this user: fix its "
            f"permissions (chmod u+rw), {_ELSEWHERE}"
        )


def _unusable(p: Path, text: str) -> StateFileError:
    if "readonly" in text or "unable to open" in text or "ermission" in text:
        return StateFileError(
            f"cannot open or write the state file {p} ({text}): check that its folder "
            f"exists and this user may write there, {_ELSEWHERE}"
        )
    return StateFileError(
        f"the state file {p} is damaged or is not a numkit sandbox state ({text}). "
        f"Move it away (or delete it: the numbers and orders in it are lost) and start "
        f"again, {_ELSEWHERE}"
    )


def _open(p: Path, *scripts: str) -> sqlite3.Connection:
    """Open, check the whole file, and create the schema before serving anything.

    Why check at start: a file damaged in the middle opens fine and only fails on the
    first write that touches the broken page, as a 500 in the middle of a lesson. A
    quick check reads every page once (milliseconds for a sandbox's few thousand rows).
    """
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(problems[:3]))
        for script in scripts:
            conn.executescript(script)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _unusable(p, str(exc)) from None
    return conn


class Store:
    """All SQL lives here; callers get rows and plain values back.

    Opening raises :class:`StateFileError` (naming the file and what to do) for a
    folder, a file this user cannot write, or a damaged or foreign file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        if self.path != ":memory:" and not self.path.startswith("file:"):
            _check_path(Path(self.path))
            # 0600 before SQLite opens it: callback passwords live here (notify_store)
            try:
                notify_store.secure_state_file(self.path)
            except OSError as exc:
                raise _unusable(Path(self.path), str(exc)) from None
        self._conn = _open(Path(self.path), _SCHEMA, notify_store.SCHEMA)
        self._in_tx = False
        self._migrate()

    def _migrate(self) -> None:
        """State files from before ``v1_source``: a number V1 bought (no V2 order) keeps
        showing on V1; one bought on V2 shows there only once imported."""
        columns = {r[1] for r in self._q("PRAGMA table_info(numbers)")}
        if "v1_source" not in columns:
            with self.transaction():
                self._x("ALTER TABLE numbers ADD COLUMN v1_source TEXT")
                self._x(
                    "UPDATE numbers SET v1_source='v1' WHERE order_id IS NULL AND v1_id IS NOT NULL"
                )
                self._x("UPDATE numbers SET v1_id=NULL WHERE v1_source IS NULL")

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
            "SELECT number FROM numbers WHERE status='Inservice' OR aging_until>? "
            "UNION SELECT number FROM reservations WHERE expires_at>?",
            (now, now),
        )
        return {r[0] for r in rows}

    def owned(self, customer: str, *, status: str = "Inservice") -> list[NumberRow]:
        rows = self._q(
            f"SELECT {_NUMBER_COLS} FROM numbers WHERE customer=? AND status=? ORDER BY number",
            (customer, status),
        )
        return [_number(r) for r in rows]

    def owned_v1(self, customer: str) -> list[NumberRow]:
        """Numbers V1 shows (bought on V1 or imported), in V1 list order (creation
        time, then number)."""
        rows = self._q(
            f"SELECT {_NUMBER_COLS} FROM numbers WHERE customer=? AND status='Inservice' "
            "AND v1_source IS NOT NULL ORDER BY created_at, number",
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
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                n.v1_source,
            ),
        )

    def purge_expired(self, now: float) -> int:
        """Forget aging numbers whose hold is over (they are back in the pool)."""
        return self._x("DELETE FROM numbers WHERE status='Aging' AND aging_until<=?", (now,))

    # ---- reservations ----------------------------------------------------------
    def add_reservation(self, r: Reservation) -> None:
        self._x(
            "INSERT INTO reservations(id, number, customer, created_at, expires_at) "
            "VALUES (?,?,?,?,?)",
            (r.id, r.number, r.customer, r.created_at, r.expires_at),
        )

    def _live_reservation(self, column: str, value: str, now: float) -> Reservation | None:
        rows = self._q(
            "SELECT id, number, customer, created_at, expires_at FROM reservations "
            f"WHERE {column}=? AND expires_at>? ORDER BY created_at LIMIT 1",
            (value, now),
        )
        return Reservation(*rows[0]) if rows else None

    def reservation(self, reservation_id: str, now: float) -> Reservation | None:
        """A live reservation by id."""
        return self._live_reservation("id", reservation_id, now)

    def reservation_of(self, number: str, now: float) -> Reservation | None:
        """The live reservation of ``number``, if any."""
        return self._live_reservation("number", number, now)

    def delete_reservations(self, *, number: str | None = None, rid: str | None = None) -> None:
        if rid is not None:
            self._x("DELETE FROM reservations WHERE id=?", (rid,))
        if number is not None:
            self._x("DELETE FROM reservations WHERE number=?", (number,))

    # ---- reset -----------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything but ``meta``: every table's rows, and the id counters.

        Tables are read from the schema, so tables other modules add (notifications)
        are emptied too.
        """
        with self.transaction():
            names = [
                r[0]
                for r in self._q("SELECT name FROM sqlite_master WHERE type='table'")
                if r[0] != "meta" and not r[0].startswith("sqlite_")
            ]
            for name in names:
                self._x(f'DELETE FROM "{name}"')
            if self._q("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'"):
                self._x("DELETE FROM sqlite_sequence")


def now() -> float:
    return time.time()
