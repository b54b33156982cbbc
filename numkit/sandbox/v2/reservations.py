"""Number reservations: ``POST /accounts/{id}/tnreservation`` and ``GET``/``DELETE
…/tnreservation/{id}`` (``/TnReservation`` too: routes ignore case).

Rules (contract: "More V2 equivalents"): a reservation holds one available number for
``--reservation-hold`` seconds (default 14400, the documented 4 hours); while it holds,
searches do not list the number and another customer's order of it fails for that
number as unavailable (V2: 5005 in the order status; V1: 409). The reserving account
may order it with or without ``ReservationIdList``; ordering uses the reservation up.
Reserving an unavailable number is 400 with ``ResponseStatus`` 5041.

Codes the sandbox chooses (Bandwidth documents 5040-5047 without meanings):
5040 ``ReservedTn`` missing or not a 10-digit number; 5042 unknown, expired or another
account's reservation id (404).
"""

from __future__ import annotations

import time
import uuid

from lxml import etree

from ..ownership import availability
from ..store import Reservation
from ..xmlio import el, text
from .base import V2Handler, status_answer
from .orderbody import TEN_DIGITS
from .rules import ten_digits

__all__ = ["ReservationItem", "Reservations"]

_ROOT = "ReservationResponse"


def reservation_xml(r: Reservation, account_id: str, now: float) -> etree._Element:
    return el(
        _ROOT,
        el(
            "Reservation",
            el("ReservationId", text=r.id),
            el("AccountId", text=account_id),
            el("ReservationExpires", text=max(int(r.expires_at - now), 0)),
            el("ReservedTn", text=r.number),
        ),
    )


class Reservations(V2Handler):
    def post(self, account: str) -> None:
        root = self.xml_request(_ROOT)
        raw = text(root, "ReservedTn") or ""
        number = ten_digits(raw)
        if not TEN_DIGITS.fullmatch(number):
            raise status_answer(400, _ROOT, "5040", f"ReservedTn '{raw}' is not a valid number")
        now = time.time()
        with self.world.store.transaction():
            why = availability(self.world, number, self.customer.key, now)
            held = self.world.store.reservation_of(number, now)
            if why is not None or held is not None:
                raise status_answer(
                    400,
                    _ROOT,
                    "5041",
                    f"Reservation failed: telephone number {number} is not available.",
                )
            reservation = Reservation(
                id=str(uuid.uuid4()),
                number=number,
                customer=self.customer.key,
                created_at=now,
                expires_at=now + self.world.options.reservation_hold,
            )
            self.world.store.add_reservation(reservation)
        self.send_empty(201, Location=self.account_url(f"/tnreservation/{reservation.id}"))


class ReservationItem(V2Handler):
    def _load(self, reservation_id: str, now: float) -> Reservation:
        r = self.world.store.reservation(reservation_id, now)
        if r is None or r.customer != self.customer.key:
            raise status_answer(
                404, _ROOT, "5042", f"Reservation '{reservation_id}' does not exist"
            )
        return r

    def get(self, account: str, reservation_id: str) -> None:
        now = time.time()
        r = self._load(reservation_id, now)
        self.send_xml(200, reservation_xml(r, self.customer.creds.v2_account_id, now))

    def delete(self, account: str, reservation_id: str) -> None:
        now = time.time()
        with self.world.store.transaction():
            r = self._load(reservation_id, now)
            self.world.store.delete_reservations(rid=r.id)
        self.send_xml(200, reservation_xml(r, self.customer.creds.v2_account_id, now))
