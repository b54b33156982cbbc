"""What a translation needs from the V2 client, and the V2 bodies a plan shows.

The V2 request bodies are built by the V2 client's own builders (:mod:`numkit.v2.build`)
in this one place, so a plan's XML is exactly what the client would send.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..config import PRODUCTION_V1_URL, PRODUCTION_V2_URL
from ..errors import NumkitError
from .plan import ACCOUNT, SITE

__all__ = ["Context", "disconnect_body", "new_customer_order_id", "order_body", "wire"]


class Context:
    """The account id, base URLs and (looked up only when a plan names a site) the
    default site id. Translating a search therefore sends nothing."""

    def __init__(self, v2: Any = None, v1: Any = None) -> None:
        self._v2 = v2
        self._site: str | None = None
        self.account_id = str(getattr(v2, "account_id", None) or ACCOUNT)
        self.v2_base_url = str(getattr(v2, "base_url", None) or PRODUCTION_V2_URL)
        self.v1_base_url = str(getattr(v1, "base_url", None) or PRODUCTION_V1_URL)
        self.v1_target = v1 is not None

    @property
    def site_id(self) -> str:
        if self._site is None:
            self._site = SITE if self._v2 is None else _default_site(self._v2)
        return self._site

    @property
    def has_site(self) -> bool:
        return self.site_id != SITE


def _default_site(v2: Any) -> str:
    """The V2 client's default site id (the account's only or first site), else {siteId}."""
    from ..v2 import V2Client

    if not isinstance(v2, V2Client):
        return SITE
    try:
        return str(v2.default_site_id())
    except NumkitError:
        return SITE


def wire(value: Any) -> str:
    """A query value as V1 would have sent it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def new_customer_order_id() -> str:
    from ..v2 import build

    return build.new_customer_order_id()


def order_body(
    criteria: Mapping[str, Any], *, site_id: str, customer_order_id: str, name: str | None = None
) -> str:
    """The ``<Order>`` XML for validated order criteria (numbers or a search-and-order)."""
    from ..v2 import build
    from ..v2.criteria import OrderRequest

    request = OrderRequest.from_validated(
        {
            **criteria,
            "site_id": site_id,
            "customer_order_id": customer_order_id,
            "name": name or criteria.get("name"),
            "partial_allowed": True,
            "back_order_requested": False,
        }
    )
    return build.order_xml(request).decode("utf-8")


def disconnect_body(numbers: list[str], *, customer_order_id: str) -> str:
    from ..v2 import build

    return build.disconnect_xml(numbers, customer_order_id=customer_order_id).decode("utf-8")
