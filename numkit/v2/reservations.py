"""Reservations (``/tnreservation``): hold a number while you decide.

A search result is not reserved: someone else may order a number between your search
and your order. A reservation holds it for this account (4 hours by default); order it
with ``order_numbers(..., reservation_ids=[r.id])`` or release it. The wire format and
the client calls live together here because nothing else in the client uses them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..errors import ResponseParseError, ValidationError
from ..models import Reservation
from ..phone import format_number, from_wire, to_v2_number
from ..xmltools import Element, get, kids, one, raw_bytes, root_of
from . import build
from .base import XML_BODY, V2Base, last_segment
from .errors import embedded_error

__all__ = ["ReservationsMixin", "parse_reservation", "reservation_id"]


def parse_reservation(
    data: bytes | str | Element, *, numbers: str = "10digit", reservation_id: str | None = None
) -> Reservation:
    """``ReservationResponse/Reservation`` (or a bare ``Reservation``) → Reservation.

    ``ReservationExpires`` is read as seconds left (its unit is undocumented; the
    examples only fit seconds)."""
    root = root_of(data)
    found = kids(root)
    holder = one(found, "Reservation")
    fields = kids(holder) if holder is not None else found
    wire = get(fields, "ReservedTn", "TelephoneNumber")
    ten = from_wire(wire)
    ident = get(fields, "ReservationId", "Id") or reservation_id
    if ten is None or not ident:
        raise ResponseParseError(
            f"reservation answer without a reservation id and number (got {ident!r}, {wire!r})"
        )
    expires = get(fields, "ReservationExpires")
    try:
        expires_in = float(expires) if expires is not None else None
    except ValueError:
        expires_in = None
    return Reservation(
        id=ident,
        number=format_number(ten, numbers),
        expires_in=expires_in,
        account_id=get(fields, "AccountId"),
        raw=raw_bytes(data),
    )


def reservation_id(value: Any) -> str:
    """A Reservation or its id → the id (safe as one path segment)."""
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip() or "/" in ident:
        raise ValidationError(
            "reservation", value, "give a reservation id (a string) or a Reservation"
        )
    return ident.strip()


class ReservationsMixin(V2Base):
    """``reserve``, ``reservation``, ``release_reservation``."""

    def _reservation_path(self, ident: str) -> str:
        return self._account("tnreservation", quote(ident, safe=""))

    def reserve(self, number: Any) -> Reservation:
        """``POST /accounts/{id}/tnreservation``: hold ``number`` for this account.

        Returns a :class:`~numkit.models.Reservation` (``.id``, ``.number``,
        ``.expires_in`` seconds). A number that is not available is a 400 with 5041.
        Not re-sent blindly when the answer is lost (POST): look it up with
        :meth:`reservation` or reserve again.
        """
        tn = to_v2_number(number, field="number")
        response = self._transport.request(
            "POST",
            self._account("tnreservation"),
            data=build.reservation_xml(tn, wire=self.wire),
            headers=XML_BODY,
            idempotent=False,
        )
        ident = last_segment(response.headers.get("Location"))
        if response.content.strip():
            error = embedded_error(
                response.content, http_status=response.status_code, method="POST", url=response.url
            )
            if error is not None:
                raise error
            found = kids(root_of(response.content))
            if "reservation" in found or "reservationid" in found:
                return parse_reservation(
                    response.content, numbers=self.numbers, reservation_id=ident
                )
        if not ident:
            raise ResponseParseError("reservation accepted without a body or a Location header")
        return self.reservation(ident)

    def reservation(self, reservation_or_id: Any) -> Reservation:
        """``GET /accounts/{id}/tnreservation/{reservationId}`` (``expires_in`` now)."""
        ident = reservation_id(reservation_or_id)
        response = self._get(self._reservation_path(ident))
        if not response.content.strip():
            raise ResponseParseError(f"GET reservation {ident}: empty body")
        error = embedded_error(
            response.content, http_status=response.status_code, method="GET", url=response.url
        )
        if error is not None:
            raise error
        return parse_reservation(response.content, numbers=self.numbers, reservation_id=ident)

    def release_reservation(self, reservation_or_id: Any) -> None:
        """``DELETE /accounts/{id}/tnreservation/{reservationId}``: give the number back.

        An unknown (or already released) id raises :class:`~numkit.errors.NotFound`."""
        ident = reservation_id(reservation_or_id)
        self._transport.request("DELETE", self._reservation_path(ident))
