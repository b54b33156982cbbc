"""Result types: small frozen dataclasses that keep the raw payload for the inspector.

One class per *answer a user looks at*, not one per XML element. Every type keeps the
bytes it was parsed from (``raw``, hidden from repr) so the exchange inspector and bug
reports can show exactly what the server said.

V2 (Dashboard)::

    SearchResult      search answer; .numbers, .details, .to_frame()
    AvailableNumber   one detail row of a search
    OrderStatus       an order as GET /orders/{id} reports it (.status is the wire string)
      Order           what order_numbers()/order_search() return (RECEIVED, or recovered)
    DisconnectStatus  one disconnect order, or several batches combined (.ids, .parts)
      Disconnect      what disconnect() returns
    Site, SipPeer, TnDetails, TnInfo, HistoryEntry, OrderSummary

Order outcomes (COMPLETE, PARTIAL, FAILED, BACKORDERED) are values of ``.status``, never
exceptions. pandas is imported only inside ``to_frame()`` (through :mod:`numkit.frames`).

This module stays stdlib-only (it is imported by ``import numkit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from .display import rich_repr

__all__ = [
    "FINAL_STATUSES",
    "LABEL_COLUMNS",
    "PENDING_STATUSES",
    "AvailableNumber",
    "DetailColumns",
    "Disconnect",
    "DisconnectStatus",
    "ErrorTuple",
    "HistoryEntry",
    "Order",
    "OrderStatus",
    "OrderSummary",
    "Reservation",
    "SearchResult",
    "SipPeer",
    "Site",
    "TnDetails",
    "TnInfo",
]

#: (code, description, telephone_number) — one per error of an ``ErrorList``.
ErrorTuple = tuple[str | None, str | None, str | None]

#: The wire statuses a poller stops on (contract). BACKORDERED is "parked": returned to
#: the caller, never waited on.
FINAL_STATUSES = frozenset({"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"})
#: Statuses documented as "still working"; anything unknown also counts as pending.
PENDING_STATUSES = frozenset({"RECEIVED", "PROCESSING"})


def _preview(numbers: Sequence[str], limit: int = 3) -> str:
    head = ", ".join(numbers[:limit])
    return head + (", …" if len(numbers) > limit else "")


# -- search --------------------------------------------------------------------------------
@rich_repr
@dataclass(frozen=True)
class AvailableNumber:
    """One ``TelephoneNumberDetail`` of an ``enableTNDetail`` search."""

    full_number: str
    city: str | None = None
    rate_center: str | None = None
    state: str | None = None
    lata: str | None = None
    tier: int | None = None
    vendor_id: str | None = None
    vendor_name: str | None = None

    @property
    def npa(self) -> str:
        return self.full_number[-10:-7]  # (10-digit or +1… alike)

    @property
    def nxx(self) -> str:
        return self.full_number[-7:-4]


#: The label columns of a detail search (everything but the number), in frame order.
LABEL_COLUMNS = ("city", "rate_center", "state", "lata", "tier", "vendor_id", "vendor_name")


class DetailColumns(Mapping[str, Sequence[Any]]):
    """A detail search's columns, stored as one number and one *label group* per row.

    Why: a 5,000-number answer has only a few distinct label rows (city, rate center,
    state, LATA, tier, vendor), so the parser keeps ``groups`` (each a tuple of
    :data:`LABEL_COLUMNS` wire texts) and per row its group's index in ``codes``; the
    DataFrame is then built from the groups without per-row work per column. Reading a
    column (``columns["city"]``) expands it to one value per row.
    """

    def __init__(
        self,
        full_number: Sequence[str],
        codes: Sequence[int],
        groups: Sequence[tuple[Any, ...]],
    ) -> None:
        self.full_number = list(full_number)
        self.codes = codes
        self.groups = list(groups)

    @classmethod
    def from_rows(
        cls, full_number: Sequence[str], labels: Iterable[tuple[Any, ...]]
    ) -> DetailColumns:
        """Group rows by their label tuple (first occurrence first)."""
        index: dict[tuple[Any, ...], int] = {}
        codes = [index.setdefault(key, len(index)) for key in labels]
        return cls(full_number, codes, list(index))

    def subset(self, keep: Sequence[int]) -> DetailColumns:
        """Only the rows at ``keep`` (the groups are shared)."""
        return DetailColumns(
            [self.full_number[i] for i in keep], [self.codes[i] for i in keep], self.groups
        )

    def __getitem__(self, name: str) -> Sequence[Any]:
        if name == "full_number":
            return self.full_number
        j = LABEL_COLUMNS.index(name) if name in LABEL_COLUMNS else -1
        if j < 0:
            raise KeyError(name)
        values = [group[j] for group in self.groups]
        return [values[code] for code in self.codes]

    def __iter__(self) -> Iterator[str]:
        return iter(("full_number", *LABEL_COLUMNS))

    def __len__(self) -> int:
        return 1 + len(LABEL_COLUMNS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return {k: list(v) for k, v in self.items()} == {k: list(v) for k, v in other.items()}

    __hash__ = None  # type: ignore[assignment]


@rich_repr(keep_repr=True)
@dataclass(frozen=True, eq=False)
class SearchResult:
    """The answer to ``GET /availableNumbers``.

    ``numbers`` are 10-digit strings (``+1…`` when ``number_format`` is ``"e164"``, a
    client in E.164 mode). ``details`` is a list of :class:`AvailableNumber` for an
    ``enableTNDetail`` search, else None. ``columns`` is the column store the parser
    fills (wire texts per field, one entry per number; ``full_number`` 10-digit) and
    :meth:`to_frame` turns into a DataFrame without building one Python object per
    number. ``rejected`` lists the wire texts of rows the server sent whose number was
    missing or not a NANP number (``'>'``, ``'1234'``): they are not in ``numbers``,
    and saying so here means no row is ever dropped silently. ``result_count`` is the
    server's ``ResultCount`` (0 for an empty ``<SearchResult/>``).
    """

    numbers: list[str]
    result_count: int | None = None
    has_details: bool = False
    columns: Mapping[str, Sequence[Any]] | None = field(default=None, repr=False)
    rejected: list[str] = field(default_factory=list)
    number_format: str = "10digit"
    raw: bytes = field(default=b"", repr=False)

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def __bool__(self) -> bool:
        return bool(self.numbers)

    def __repr__(self) -> str:
        kind = "details" if self.has_details else "plain"
        dropped = f"; {len(self.rejected)} rows rejected" if self.rejected else ""
        return (
            f"<SearchResult {len(self.numbers)} numbers ({kind}{dropped}): "
            f"{_preview(self.numbers)}>"
        )

    @cached_property
    def details(self) -> list[AvailableNumber] | None:
        if not self.has_details or self.columns is None:
            return None
        c = self.columns
        out = []
        for i, number in enumerate(self.numbers):
            tier = _clean(c["tier"][i])
            out.append(
                AvailableNumber(
                    full_number=number,
                    city=_clean(c["city"][i]),
                    rate_center=_clean(c["rate_center"][i]),
                    state=_clean(c["state"][i]),
                    lata=_clean(c["lata"][i]),
                    tier=int(tier) if tier is not None and tier.isdigit() else None,
                    vendor_id=_clean(c["vendor_id"][i]),
                    vendor_name=_clean(c["vendor_name"][i]),
                )
            )
        return out

    def to_frame(self):
        """One row per number: full_number, npa, nxx, city, rate_center, state, lata,
        tier, vendor_id, vendor_name (contract dtypes; NA where a plain search has no
        detail)."""
        from .frames import v2_search_frame

        return v2_search_frame(self.numbers, self.columns if self.has_details else None)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# -- orders and disconnects ------------------------------------------------------------------
@dataclass(frozen=True)
class _Outcome:
    """What an order and a disconnect order have in common: the fields a user reads to
    know what happened, the poller's ``final`` test and the outcome table.

    ``status`` is the wire string (RECEIVED, PROCESSING, COMPLETE, PARTIAL, FAILED,
    BACKORDERED). ``completed_numbers``/``failed_numbers`` are in the client's format
    (10-digit, or ``+1…`` in E.164 mode). ``errors`` are (code, description,
    telephone_number) tuples; on a 200 answer they describe the outcome, they are not an
    exception. ``elapsed`` is seconds since creation (from ``OrderCreateDate``).
    """

    id: str
    status: str
    completed_numbers: list[str] = field(default_factory=list)
    failed_numbers: list[str] = field(default_factory=list)
    errors: list[ErrorTuple] = field(default_factory=list)
    elapsed: float | None = None
    created: datetime | None = None
    customer_order_id: str | None = None
    name: str | None = None
    requested_numbers: list[str] = field(default_factory=list)
    retry_after: float | None = field(default=None, repr=False, compare=False)
    raw: bytes = field(default=b"", repr=False, compare=False)

    kind = "order"

    @property
    def final(self) -> bool:
        """True for COMPLETE, PARTIAL, FAILED and BACKORDERED (the poller stops)."""
        return self.status in FINAL_STATUSES

    @property
    def ok(self) -> bool:
        return self.status == "COMPLETE"

    def to_frame(self) -> Any:
        """telephone_number, outcome (completed/failed), error_code, error_description."""
        from .frames import status_frame

        return status_frame(self.completed_numbers, self.failed_numbers, self.errors)

    def __str__(self) -> str:
        parts = [f"{self.kind} {self.id}: {self.status or 'no status'}"]
        if self.completed_numbers:
            parts.append(f"{len(self.completed_numbers)} completed")
        if self.failed_numbers:
            parts.append(f"{len(self.failed_numbers)} failed")
        if self.elapsed is not None:
            parts.append(f"{self.elapsed:.1f}s since creation")
        return ", ".join(parts)


@rich_repr
@dataclass(frozen=True)
class OrderStatus(_Outcome):
    """An order as the API reports it (``GET /orders/{id}``); the common fields are
    described on the base. ``completed`` is ``OrderCompleteDate``."""

    completed: datetime | None = None
    site_id: str | None = None
    peer_id: str | None = None
    order_type: str | None = None
    quantity: int | None = None
    completed_quantity: int | None = None
    failed_quantity: int | None = None
    pending_quantity: int | None = None
    partial_allowed: bool | None = None
    back_order_requested: bool | None = None
    summary: str | None = None
    created_by: str | None = None


@rich_repr
@dataclass(frozen=True)
class Order(OrderStatus):
    """What ``order_numbers()``/``order_search()`` return: the accepted order.

    ``recovered`` is True when the POST's answer was lost and the order was found again
    by its ``CustomerOrderId`` (nothing was sent twice); ``attempts`` counts POSTs sent.
    """

    location: str | None = None
    recovered: bool = False
    attempts: int = 1


@rich_repr
@dataclass(frozen=True)
class DisconnectStatus(_Outcome):
    """One disconnect order, or several batches combined.

    For a combined status ``ids`` lists every order and ``parts`` holds each batch's own
    status; ``id`` is the first. ``already_disconnected`` are numbers the server reported
    as not on the account that a look-up showed this account had already disconnected
    (Aging): they count as completed, so repeating a disconnect never reports a false
    failure. ``wire_status`` keeps what the server said when that changed ``status``.
    """

    ids: list[str] = field(default_factory=list)
    parts: list[DisconnectStatus] = field(default_factory=list, repr=False)
    already_disconnected: list[str] = field(default_factory=list)
    wire_status: str | None = None

    kind = "disconnect"

    def __post_init__(self) -> None:
        if not self.ids and self.id:
            object.__setattr__(self, "ids", [self.id])


@rich_repr
@dataclass(frozen=True)
class Disconnect(DisconnectStatus):
    """What ``disconnect()`` returns: every batch's accepted order (``ids``).

    ``recovered`` lists the ids found again by ``CustomerOrderId`` after a lost answer.
    """

    customer_order_ids: list[str] = field(default_factory=list)
    batches: list[list[str]] = field(default_factory=list, repr=False)
    recovered: list[str] = field(default_factory=list)


# -- account resources ------------------------------------------------------------------------
@rich_repr
@dataclass(frozen=True)
class Site:
    id: str
    name: str | None = None
    description: str | None = None
    raw: bytes = field(default=b"", repr=False, compare=False)


@rich_repr
@dataclass(frozen=True)
class SipPeer:
    id: str
    name: str | None = None
    description: str | None = None
    is_default: bool | None = None
    site_id: str | None = None
    raw: bytes = field(default=b"", repr=False, compare=False)


@rich_repr
@dataclass(frozen=True)
class TnInfo:
    """``GET /tns/{tn}``: where a number is and in which state (Inservice, Aging, …)."""

    telephone_number: str
    status: str | None = None
    order_id: str | None = None
    order_type: str | None = None
    site_id: str | None = None
    account_id: str | None = None
    last_modified: str | None = None
    raw: bytes = field(default=b"", repr=False, compare=False)


@rich_repr
@dataclass(frozen=True)
class TnDetails:
    """``GET /tns/{tn}/tndetails``.

    The nested blocks are kept as the server sent them, as nested dicts of texts:
    ``sip_peer`` (the whole ``SipPeer`` block; ``peer_id``/``peer_name``/
    ``peer_is_default`` are its usual fields), ``features`` (``Features``: ``E911``,
    ``Lidb``, ``Dlda`` and whatever else the account has, e.g.
    ``{"E911": {"Status": "Success"}}``) and ``tn_attributes`` (``TnAttributes``, e.g.
    ``["Protected"]``).
    """

    telephone_number: str
    status: str | None = None
    city: str | None = None
    lata: str | None = None
    state: str | None = None
    rate_center: str | None = None
    tier: int | None = None
    vendor_id: str | None = None
    vendor_name: str | None = None
    account_id: str | None = None
    site_id: str | None = None
    site_name: str | None = None
    peer_id: str | None = None
    peer_name: str | None = None
    service_types: list[str] = field(default_factory=list)
    in_service_date: str | None = None
    last_modified: str | None = None
    peer_is_default: bool | None = None
    sip_peer: dict[str, Any] = field(default_factory=dict, repr=False)
    features: dict[str, Any] = field(default_factory=dict)
    tn_attributes: list[str] = field(default_factory=list)
    raw: bytes = field(default=b"", repr=False, compare=False)


@rich_repr
@dataclass(frozen=True)
class Reservation:
    """A number held for this account (``/tnreservation``) while you decide.

    ``number`` is in the client's format; ``expires_in`` is the seconds left as the
    server reported them when this object was made (``ReservationExpires``). Pass
    ``.id`` in ``reservation_ids=[…]`` when ordering, or release it with
    ``release_reservation``.
    """

    id: str
    number: str
    expires_in: float | None = None
    account_id: str | None = None
    raw: bytes = field(default=b"", repr=False, compare=False)


@rich_repr
@dataclass(frozen=True)
class HistoryEntry:
    """One item of ``GET /orders/{id}/history``."""

    date: datetime | None
    status: str | None = None
    note: str | None = None
    author: str | None = None
    difference: str | None = None


@rich_repr
@dataclass(frozen=True)
class OrderSummary:
    """One entry of an orders or disconnects list (``ResponseSelectWrapper``)."""

    id: str
    status: str | None = None
    customer_order_id: str | None = None
    order_type: str | None = None
    count: int | None = None
    order_date: datetime | None = None
    last_modified: datetime | None = None
    user_id: str | None = None


# -- V1 (Catapult) -----------------------------------------------------------------------------
# What numkit.v1.V1Client returns (JSON answers keep their parsed dict in ``raw``).
# Numbers are E.164 on this side.
__all__ += ["PhoneNumber", "V1AvailableNumber", "V1SearchAndOrderResult", "V1SearchResult"]


@rich_repr
@dataclass(frozen=True)
class V1AvailableNumber:
    """One entry of a V1 search answer (``GET /availableNumbers/local|tollFree``)."""

    number: str  # E.164
    national_number: str | None = None
    city: str | None = None
    rate_center: str | None = None
    state: str | None = None
    lata: str | None = None
    price: float | None = None
    pattern_match: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@rich_repr
@dataclass(frozen=True)
class PhoneNumber:
    """A number the V1 user owns (``/users/{userId}/phoneNumbers/{numberId}``).

    ``source`` says how the client obtained it: ``"ordered"`` (this call allocated it),
    ``"already-owned"`` (the order answered 409 for a number the user already had),
    ``"recovered"`` (the order's or import's response was lost and a look-up found the
    number), ``"imported"`` (``import_number`` brought it over from the Dashboard),
    ``"fetched"`` (a GET or list) or ``"search-and-order"``.
    """

    id: str
    number: str  # E.164
    national_number: str | None = None
    name: str | None = None
    city: str | None = None
    state: str | None = None
    price: float | None = None
    created_time: datetime | None = None
    number_state: str | None = None
    application_id: str | None = None
    application: str | None = None
    fallback_number: str | None = None
    location: str | None = None
    source: str = "fetched"
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@rich_repr(keep_repr=True)
@dataclass(frozen=True)
class V1SearchResult:
    """What ``search_local`` / ``search_toll_free`` return."""

    kind: str  # "local" or "toll_free"
    criteria: dict[str, Any]
    items: tuple[V1AvailableNumber, ...]

    @property
    def numbers(self) -> list[str]:
        """The numbers found, E.164 (``+19195551212``)."""
        return [item.number for item in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[V1AvailableNumber]:
        return iter(self.items)

    def to_frame(self):  # -> pandas.DataFrame
        """number, national_number, city, rate_center, state, lata, price (contract dtypes)."""
        from .frames import v1_search_frame

        return v1_search_frame(self.items)

    def __repr__(self) -> str:
        shown = ", ".join(self.numbers[:3]) + (", …" if len(self.items) > 3 else "")
        return f"<V1SearchResult {self.kind} {len(self.items)} numbers [{shown}]>"


@rich_repr(keep_repr=True)
@dataclass(frozen=True)
class V1SearchAndOrderResult:
    """What ``search_and_order_local`` / ``search_and_order_toll_free`` return.

    V1 allocates the numbers in the same call: they are the user's when this returns.
    """

    kind: str
    criteria: dict[str, Any]
    items: tuple[PhoneNumber, ...]

    @property
    def numbers(self) -> list[str]:
        return [item.number for item in self.items]

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[PhoneNumber]:
        return iter(self.items)

    def to_frame(self):  # -> pandas.DataFrame
        """The same columns as ``V1Client.list_numbers()``."""
        from .frames import v1_numbers_frame

        return v1_numbers_frame(self.items)

    def __repr__(self) -> str:
        return f"<V1SearchAndOrderResult {self.kind} {len(self.items)} numbers {self.numbers}>"
