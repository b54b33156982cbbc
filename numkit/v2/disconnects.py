"""Disconnecting numbers (V2): batches, the one reconcile loop, and outcomes that never
report a false failure.

Why its own module: a disconnect list may exceed the per-order limit (5000, or a smaller
one a server names with 5095), so one call can create several disconnect orders; each
batch goes through :func:`numkit.reconcile.send_and_reconcile` with its own
CustomerOrderId (``<id>-2``, ``<id>-3`` …), and waiting combines them. A number the
server reports as "not on your account" that this account already released (Aging) is
counted as disconnected.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from .. import poll, validate
from ..errors import ApiError, NumkitError, RateLimited, ServerError
from ..models import Disconnect, DisconnectStatus
from ..phone import format_number
from . import build
from .base import V2Base, order_id

__all__ = ["DisconnectsMixin"]

#: Failed disconnect numbers looked up per status (each is one GET /tns/{tn}).
MAX_DISCONNECT_CHECKS = 200
#: States of a number this account has released (still visible to it while aging).
RELEASED_STATES = frozenset({"aging", "disconnected"})
_MAX_SIZE = re.compile(r"maximum size of\s*(\d+)", re.IGNORECASE)


class DisconnectsMixin(V2Base):
    """``disconnect``, ``get_disconnect``, ``wait_for_disconnect``, ``find_disconnect``."""

    def disconnect(
        self,
        numbers: Iterable[str],
        *,
        name: str | None = None,
        customer_order_id: str | None = None,
        batch_size: int = 5000,
    ) -> Disconnect:
        """Disconnect numbers (``POST /accounts/{id}/disconnects``), in batches.

        Lists longer than ``batch_size`` — or than the limit a server names with 5095 —
        become several disconnect orders; ``.ids`` lists them all (``.id`` is the first)
        and :meth:`wait_for_disconnect` waits for all of them. Batch *i* (from 2) gets
        CustomerOrderId ``<id>-<i>``. Duplicates are dropped.
        """
        checked = validate.v2_disconnect(numbers, name=name, customer_order_id=customer_order_id)
        size = validate.quantity(batch_size, "batch_size", high=10**9)
        numbers_ = checked["numbers"]
        base = checked.get("customer_order_id") or build.new_customer_order_id()
        pending = [numbers_[i : i + size] for i in range(0, len(numbers_), size)]
        parts: list[DisconnectStatus] = []
        coids: list[str] = []
        batches: list[list[str]] = []
        recovered: list[str] = []
        while pending:
            batch = pending.pop(0)
            coid = _batch_coid(base, len(parts))
            body = build.disconnect_xml(
                batch, customer_order_id=coid, name=checked.get("name"), wire=self.wire
            )
            try:
                sent = self._create_once(
                    "disconnects", body, coid, lambda c: self._find_summary("disconnects", c)
                )
            except NumkitError as exc:
                limit = _size_limit(exc) if isinstance(exc, ApiError) else None
                if limit is not None and limit < len(batch):
                    rest = batch + [n for b in pending for n in b]
                    pending = [rest[i : i + limit] for i in range(0, len(rest), limit)]
                    continue
                if parts:  # earlier batches exist: say so, they must not be lost track of
                    exc.created_ids = [p.id for p in parts]
                    exc.add_note(
                        "Disconnect orders already created for earlier batches (wait for them "
                        "with v2.wait_for_disconnect(exc.created_ids)): "
                        + ", ".join(p.id for p in parts)
                    )
                raise
            if sent.found is not None:
                part: DisconnectStatus = self._disconnect_status(
                    sent.found.id,
                    cls=Disconnect,
                    recovered=[sent.found.id],
                    customer_order_ids=[coid],
                )
                recovered.append(part.id)
            else:
                assert sent.response is not None  # (one of response/found is always set)
                part = self._accepted("disconnects", sent.response)
            parts.append(part)
            coids.append(coid)
            batches.append(batch)
        combined = _combine(parts)
        return Disconnect(
            id=combined.id,
            status=combined.status,
            completed_numbers=combined.completed_numbers,
            failed_numbers=combined.failed_numbers,
            errors=combined.errors,
            elapsed=combined.elapsed,
            created=combined.created,
            customer_order_id=base,
            name=checked.get("name"),
            requested_numbers=[format_number(n, self.numbers) for n in numbers_],
            ids=[p.id for p in parts],
            parts=parts,
            customer_order_ids=coids,
            batches=batches,
            recovered=recovered,
            raw=parts[0].raw if len(parts) == 1 else b"",
        )

    def find_disconnect(self, customer_order_id: str) -> DisconnectStatus | None:
        """The disconnect with this CustomerOrderId (the newest, if reused), or None."""
        coid = validate.customer_order_id(customer_order_id)
        summary = self._find_summary("disconnects", coid)
        return None if summary is None else self._disconnect_status(summary.id)

    def get_disconnect(self, disc_or_id: Any, *, reconcile: bool = True) -> DisconnectStatus:
        """Current status of one disconnect order, or of every batch combined.

        With ``reconcile`` (default), numbers reported as not on the account are looked
        up: those this account already released (Aging) count as disconnected.
        """
        ids = _disconnect_ids(disc_or_id)
        parts = []
        for ident in ids:
            part = self._disconnect_status(ident)
            if reconcile and part.final:
                part = self._reconcile_disconnect(part)
            parts.append(part)
        return _combine(parts)

    def wait_for_disconnect(
        self,
        disc_or_id: Any,
        *,
        timeout: float | None = 120,
        on_progress: Callable[[DisconnectStatus], Any] | None = None,
        reconcile: bool = True,
        stop: threading.Event | None = None,
        notifications: Any = None,
        safety_net: Any = (5, 30),
    ) -> DisconnectStatus:
        """Poll every batch until each is final; returns the combined outcome.

        Same rules as :meth:`wait_for_order` (``notifications=`` and ``safety_net=``
        included). Batches already final are not asked again.
        """
        ids = _disconnect_ids(disc_or_id)
        finished: dict[str, DisconnectStatus] = {}

        def fetch(remaining: float | None) -> DisconnectStatus:
            deadline = self._deadline(remaining)
            parts = []
            for ident in ids:
                part = finished.get(ident)
                if part is None:
                    part = self._disconnect_status(ident, deadline=deadline)
                    if part.final:
                        if reconcile:
                            part = self._reconcile_disconnect(part, deadline=deadline)
                        finished[ident] = part
                parts.append(part)
            return _combine(parts)

        first = ids[0]
        what = f"disconnect {first}" + (f" (+{len(ids) - 1} batches)" if len(ids) > 1 else "")
        hint = f"v2.wait_for_disconnect({ids if len(ids) > 1 else first!r})"
        if notifications is not None:
            from ..notifications import waiting

            return waiting.wait(
                self,
                notifications,
                order_type="disconnects",
                ids=ids,
                fetch=fetch,
                is_final=lambda s: s.final,
                timeout=timeout,
                safety_net=safety_net,
                on_progress=on_progress,
                stop=stop,
                what=what,
                resume_hint=hint,
            )
        return poll.wait(
            fetch,
            is_final=lambda s: s.final,
            timeout=timeout,
            on_progress=on_progress,
            retry_after=lambda s: s.retry_after,
            what=what,
            resume_hint=hint,
            sleep=self._sleep,
            clock=self._clock,
            stop=stop,
        )

    def _reconcile_disconnect(
        self, status: DisconnectStatus, *, deadline: float | None = None
    ) -> DisconnectStatus:
        """Numbers the server says it could not disconnect, but this account already
        released (Aging), are moved to completed (``already_disconnected``)."""
        if not status.failed_numbers:
            return status
        released = []
        for number in status.failed_numbers[:MAX_DISCONNECT_CHECKS]:
            try:
                info = self._tn(number, deadline=deadline)
            except ApiError as exc:
                if isinstance(exc, ServerError | RateLimited):
                    raise
                continue  # not visible to this account: a real failure
            mine = info.account_id in (None, self.account_id)
            if mine and (info.status or "").lower() in RELEASED_STATES:
                released.append(number)
        if not released:
            return status
        gone = set(released)
        completed = status.completed_numbers + released
        failed = [n for n in status.failed_numbers if n not in gone]
        errors = [e for e in status.errors if e[2] not in gone]
        return dataclasses.replace(
            status,
            status=_outcome(bool(completed), bool(failed)),
            completed_numbers=completed,
            failed_numbers=failed,
            errors=errors,
            already_disconnected=released,
            wire_status=status.status,
        )


# -- helpers ---
def _disconnect_ids(value: Any) -> list[str]:
    ids = getattr(value, "ids", None)
    if ids:
        return [order_id(i) for i in ids]
    if isinstance(value, list | tuple) and value:
        return [order_id(i) for i in value]
    return [order_id(value)]


def _batch_coid(base: str, index: int) -> str:
    """``base`` for the first batch, ``base-2``, ``base-3`` … after (≤ 40 characters)."""
    if index == 0:
        return base
    suffix = f"-{index + 1}"
    return base[: validate.MAX_CUSTOMER_ORDER_ID - len(suffix)] + suffix


def _size_limit(error: ApiError) -> int | None:
    """The per-order limit a 5095 error names ("…exceeds the maximum size of 3")."""
    if error.http_status != 400:
        return None
    for code, description, _tn in error.errors or [(error.code, error.description, None)]:
        if code == "5095" and description:
            match = _MAX_SIZE.search(description)
            if match and int(match.group(1)) > 0:
                return int(match.group(1))
    return None


def _outcome(any_completed: bool, any_failed: bool) -> str:
    if any_failed and not any_completed:
        return "FAILED"
    return "PARTIAL" if any_failed else "COMPLETE"


def _combine(parts: list[DisconnectStatus]) -> DisconnectStatus:
    """Several batches → one status (a single part is returned as it is)."""
    if len(parts) == 1:
        return parts[0]
    statuses = [p.status for p in parts]
    if all(p.final for p in parts):
        if all(s == "COMPLETE" for s in statuses):
            status = "COMPLETE"
        elif all(s == "FAILED" for s in statuses):
            status = "FAILED"
        else:
            status = "PARTIAL"
    else:
        status = "RECEIVED" if all(s == "RECEIVED" for s in statuses) else "PROCESSING"
    created = [p.created for p in parts if p.created is not None]
    elapsed = [p.elapsed for p in parts if p.elapsed is not None]
    hints = [p.retry_after for p in parts if p.retry_after is not None]
    return DisconnectStatus(
        id=parts[0].id,
        status=status,
        completed_numbers=[n for p in parts for n in p.completed_numbers],
        failed_numbers=[n for p in parts for n in p.failed_numbers],
        errors=[e for p in parts for e in p.errors],
        elapsed=max(elapsed) if elapsed else None,
        created=min(created) if created else None,
        customer_order_id=parts[0].customer_order_id,
        name=parts[0].name,
        requested_numbers=[n for p in parts for n in p.requested_numbers],
        ids=[p.id for p in parts],
        parts=list(parts),
        already_disconnected=[n for p in parts for n in p.already_disconnected],
        retry_after=max(hints) if hints else None,
    )
