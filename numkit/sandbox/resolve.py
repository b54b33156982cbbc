"""Where an order's or a disconnect's state transitions are computed.

An order is stored as RECEIVED with ``due_at = created_at + delay``. Whoever looks
first after ``due_at`` (a periodic tick, or any request) resolves it inside one
``BEGIN IMMEDIATE`` transaction: availability is checked and numbers are allocated
atomically, in ``due_at`` order, so two orders for one number can never both win and a
restart on the same state file resolves exactly what was pending. Completion times are
the logical ``due_at``, not the moment of resolution. ``close_backorder`` is the one
transition a client asks for (PUT ``<CloseOrder>``).

Outcomes (contract "Sandbox scenario inputs"):
- scenario-failed / -partial / -backorder force FAILED / PARTIAL / BACKORDERED;
- otherwise COMPLETE when everything asked for is available, else the
  PartialAllowed x BackOrderRequested table.
Numbers that really are unavailable fail with 5005 whatever the scenario.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import notify
from .ownership import allocate, availability, release
from .store import NumberRow, OrderRow
from .v2.orderbody import criteria_from

if TYPE_CHECKING:
    from .world import World

__all__ = ["FINAL_STATUSES", "close_backorder", "resolve_due"]

log = logging.getLogger("numkit.sandbox")
FINAL_STATUSES = frozenset({"COMPLETE", "PARTIAL", "FAILED"})
E5005 = "5005"
D5005 = "The telephone number is unavailable for ordering"
E5018 = "5018"
D5018 = "The entire quantity of telephone numbers ordered is unavailable"


def resolve_due(world: World, now: float) -> int:
    """Resolve every RECEIVED order whose time has come; returns how many."""
    done = 0
    seen: set[str] = set()
    while True:
        due = [o for o in world.store.due_orders(now) if o.id not in seen]
        if not due:  # also stops if a broken order could not even be marked FAILED
            return done
        for order in due:
            seen.add(order.id)
            try:
                _resolve_one(world, order, now)
            except Exception:
                # A bug must not wedge the queue (every later tick would hit it again):
                # log it and fail this one order visibly.
                log.exception("resolving %s %s failed", order.kind, order.id)
                try:
                    _fail_broken(world, order)
                except Exception:
                    log.exception("could not mark %s %s FAILED", order.kind, order.id)
            done += 1


def _resolve_one(world: World, order: OrderRow, now: float) -> None:
    with world.store.transaction():
        current = world.store.get_order(order.id, kind=order.kind, customer=order.customer)
        if current is None or current.status != "RECEIVED":
            return
        if current.kind == "order":
            _resolve_order(world, current, now)
        else:
            _resolve_disconnect(world, current, now)
        world.store.update_order(current)
        notify.enqueue(world, current)  # same transaction: state and promise commit together
        world.store.add_history(
            current.id, current.due_at, _history_note(current), "System", current.status
        )


def _fail_broken(world: World, order: OrderRow) -> None:
    with world.store.transaction():
        errors = [["9999", "Internal sandbox error", None]]
        _finish(order, "FAILED", {"completed": [], "failed": [], "requested": 0, "errors": errors})
        world.store.update_order(order)
        notify.enqueue(world, order)


def _history_note(o: OrderRow) -> str:
    return {
        "COMPLETE": "Order is complete.",
        "PARTIAL": "Order partially completed.",
        "FAILED": "Order failed.",
        "BACKORDERED": "Order backordered - awaiting additional numbers.",
    }.get(o.status, o.status)


def _finish(o: OrderRow, status: str, result: dict[str, Any]) -> None:
    o.status = status
    o.result = result
    o.last_modified = o.due_at
    o.completed_at = o.due_at if status in FINAL_STATUSES else None


def _resolve_order(world: World, o: OrderRow, now: float) -> None:
    req = o.request
    scenario = (req.get("scenario") or {}).get("kind")
    customer = world.customer(o.customer)
    peer = req.get("peer_id") or customer.creds.peer_id

    def take(numbers: list[str]) -> None:
        for n in numbers:
            allocate(
                world,
                n,
                o.customer,
                o.due_at,
                order_id=o.id,
                order_type="NEW_NUMBER_ORDER",
                site_id=req.get("site_id"),
                peer_id=peer,
            )

    if req.get("type") == "ExistingTelephoneNumberOrderType":
        numbers: list[str] = req.get("numbers", [])
        ok = [n for n in numbers if availability(world, n, o.customer, now) is None]
        if scenario == "failed":
            chosen: list[str] = []
        elif scenario == "partial":
            chosen = [n for n in numbers[: len(numbers) // 2] if n in ok]
        elif len(ok) == len(numbers) or req.get("partial_allowed", True):
            chosen = ok
        else:
            chosen = []
        take(chosen)
        failed = [n for n in numbers if n not in set(chosen)]
        errors = [[E5005, D5005, n] for n in failed]
        status = "COMPLETE" if not failed else ("PARTIAL" if chosen else "FAILED")
        _finish(
            o,
            status,
            {"completed": chosen, "failed": failed, "errors": errors, "requested": len(numbers)},
        )
        return

    quantity = int(req.get("quantity") or 0)
    taken = world.store.taken(now)
    found = world.inventory.search(criteria_from(req), quantity=quantity, taken=taken)
    partial_ok = bool(req.get("partial_allowed", True))
    backorder = bool(req.get("backorder", False))
    result: dict[str, Any] = {"requested": quantity, "failed": [], "errors": []}
    if scenario == "failed":
        result.update(completed=[], failed_quantity=quantity, errors=[[E5018, D5018, None]])
        _finish(o, "FAILED", result)
        return
    if scenario == "partial":
        half = found[: quantity // 2]
        rest = found[quantity // 2 :]
        take(half)
        per_number: list[list[Any]] = [[E5005, D5005, n] for n in rest]
        result.update(
            completed=half,
            failed=rest,
            failed_quantity=quantity - len(half),
            errors=per_number or [[E5018, D5018, None]],
        )
        _finish(o, "PARTIAL" if half else "FAILED", result)
        return
    if scenario == "backorder":
        result.update(
            completed=[],
            failed_quantity=0,
            errors=[["5521", "Order backordered - no numbers allocated", None]],
        )
        _finish(o, "BACKORDERED", result)
        return
    if len(found) >= quantity:
        take(found)
        result.update(completed=found, failed_quantity=0)
        _finish(o, "COMPLETE", result)
    elif backorder:
        chosen = found if partial_ok else []
        take(chosen)
        code, desc = (
            ("5520", "Order backordered - awaiting additional numbers")
            if chosen
            else ("5521", "Order backordered - no numbers allocated")
        )
        result.update(completed=chosen, failed_quantity=0, errors=[[code, desc, None]])
        _finish(o, "BACKORDERED", result)
    elif partial_ok and found:
        take(found)
        result.update(completed=found, failed_quantity=quantity - len(found))
        _finish(o, "PARTIAL", result)
    else:
        result.update(completed=[], failed_quantity=quantity, errors=[[E5018, D5018, None]])
        _finish(o, "FAILED", result)


def close_backorder(world: World, o: OrderRow, now: float) -> None:
    """PUT CloseOrder=true: keep what was assigned; PARTIAL, or FAILED with nothing."""
    completed = (o.result or {}).get("completed", [])
    o.status = "PARTIAL" if completed else "FAILED"
    o.completed_at = now
    o.last_modified = now
    result = dict(o.result or {})
    result["failed_quantity"] = int(result.get("requested", 0)) - len(completed)
    if not completed:
        result["errors"] = [[E5018, D5018, None]]
    o.result = result


def _resolve_disconnect(world: World, o: OrderRow, now: float) -> None:
    req = o.request
    scenario = (req.get("scenario") or {}).get("kind")
    numbers: list[str] = req.get("numbers", [])
    rows: dict[str, NumberRow] = {}
    for n in numbers:
        row = world.store.get_number(n)
        if row is not None and row.customer == o.customer and row.status == "Inservice":
            rows[n] = row
    if scenario == "failed":
        allowed: set[str] = set()
    elif scenario == "partial":
        allowed = set(numbers[: len(numbers) // 2])
    else:
        allowed = set(numbers)
    done: list[str] = []
    errors: list[list[Any]] = []
    for n in numbers:
        if n in rows and n in allowed:
            release(world, rows[n], o.due_at, via="v2")
            done.append(n)
        elif n not in rows:
            errors.append(
                [
                    "5006",
                    f"The telephone number {n} could not be disconnected since it is not "
                    "associated with your account",
                    n,
                ]
            )
        else:
            errors.append(["5006", f"The telephone number {n} could not be disconnected.", n])
    status = "COMPLETE" if not errors else ("PARTIAL" if done else "FAILED")
    _finish(
        o,
        status,
        {
            "completed": done,
            "errors": errors,
            "requested": len(numbers),
            "failed": [e[2] for e in errors],
        },
    )
