"""Typed V2 criteria: what the XML builders consume, built from validated dicts.

Why typed: the search and order criteria used to travel as untyped dicts spelled out
again at every step (client → builder → XML). Here each is one frozen dataclass, made
only from the normalised dict that :mod:`numkit.v2.rules` returns (so a value in it has
already passed every rule), and read by attribute. The public surface does not change:
the clients keep their keyword signatures and :mod:`numkit.validate` keeps returning
dicts; these types are built from those dicts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import rules

__all__ = ["OrderRequest", "SearchCriteria"]


@dataclass(frozen=True)
class SearchCriteria:
    """V2 ``availableNumbers`` criteria (Python names; None = not given).

    Also the criteria of a search-and-order (with ``quantity``; ``order_by``,
    ``details`` and ``protected`` are search-only).
    """

    area_code: str | None = None
    npa_nxx: str | None = None
    npa_nxxx: str | None = None
    rate_center: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    lata: str | None = None
    local_vanity: str | None = None
    ends_in: bool | None = None
    toll_free_vanity: str | None = None
    toll_free_wildcard: str | None = None
    lca: bool | None = None
    order_by: str | None = None
    quantity: int | None = None
    details: bool | None = None
    protected: str | None = None

    @classmethod
    def from_validated(cls, criteria: Mapping[str, Any]) -> SearchCriteria:
        """From the dict :func:`numkit.validate.v2_search` (or the search part of
        :func:`~numkit.validate.v2_order`) returned; other keys are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in criteria.items() if k in names})

    @classmethod
    def of(cls, **criteria: Any) -> SearchCriteria:
        """Validate (:func:`numkit.validate.v2_search`) and type in one step."""
        return cls.from_validated(rules.v2_search(**criteria))

    def as_dict(self) -> dict[str, Any]:
        """Only the criteria given, under their Python names."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}

    def params(self) -> dict[str, Any]:
        """The ``availableNumbers`` query parameters (wire names)."""
        return rules.search_params(self.as_dict())


@dataclass(frozen=True)
class OrderRequest:
    """One V2 ``<Order>``: specific ``numbers`` (10-digit), or a search-and-order
    (``search`` with its ``quantity``), plus where the numbers go and how.

    ``site_id`` and ``customer_order_id`` may be None until the client fills them
    (:meth:`complete`): the default site is looked up and a CustomerOrderId generated
    once, before the first POST, so a re-sent POST carries the same id.
    """

    numbers: tuple[str, ...] = ()
    search: SearchCriteria | None = None
    site_id: str | None = None
    peer_id: str | None = None
    name: str | None = None
    customer_order_id: str | None = None
    partial_allowed: bool = True
    back_order_requested: bool = False
    reservation_ids: tuple[str, ...] = ()

    @classmethod
    def from_validated(cls, criteria: Mapping[str, Any]) -> OrderRequest:
        """From the dict :func:`numkit.validate.v2_order` returned."""
        numbers = tuple(criteria.get("numbers") or ())
        return cls(
            numbers=numbers,
            search=None if numbers else SearchCriteria.from_validated(criteria),
            site_id=criteria.get("site_id"),
            peer_id=criteria.get("peer_id"),
            name=criteria.get("name"),
            customer_order_id=criteria.get("customer_order_id"),
            partial_allowed=criteria.get("partial_allowed", True),
            back_order_requested=criteria.get("back_order_requested", False),
            reservation_ids=tuple(criteria.get("reservation_ids") or ()),
        )

    @classmethod
    def of(cls, **criteria: Any) -> OrderRequest:
        """Validate (:func:`numkit.validate.v2_order`) and type in one step."""
        return cls.from_validated(rules.v2_order(**criteria))

    @property
    def order_type(self) -> str:
        """The order-type element (:func:`numkit.validate.v2_order_type`)."""
        if self.numbers:
            return "ExistingTelephoneNumberOrderType"
        return rules.v2_order_type(self.search.as_dict() if self.search else {})

    def complete(self, *, site_id: str, customer_order_id: str) -> OrderRequest:
        """This request with the site and CustomerOrderId filled where not given."""
        return dataclasses.replace(
            self,
            site_id=self.site_id or site_id,
            customer_order_id=self.customer_order_id or customer_order_id,
        )
