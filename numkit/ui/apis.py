"""One small adapter per API: everything the panels do differently for V1 and V2.

The panels are views: they read input, start work and show results. What differs
between the APIs — which search types exist, how a number is written, whether ordering
is asynchronous, which credentials a client takes, the words on the screen — lives
here, in :class:`V1Api` and :class:`V2Api`. A panel asks :func:`api_for` once per
client and calls the adapter; it never tests ``api == "V2"`` itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from .. import config
from ..envvars import V1_VARS, V2_VARS
from ..v1 import V1Client
from ..v2 import V2Client

__all__ = ["Api", "SearchType", "V1Api", "V2Api", "api_for", "api_named"]


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    kind: str = "local"  # V1: which endpoint (local / toll_free)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


V2_TYPES = (
    SearchType("area_code", "Area code", ("area_code",)),
    SearchType("npa_nxx", "NPA-NXX", ("npa_nxx",), ("lca",)),
    SearchType("npa_nxxx", "NPA-NXX-X", ("npa_nxxx",), ("lca",)),
    SearchType("rate_center", "Rate center", ("rate_center", "state"), ("lca",)),
    SearchType("city", "City", ("city", "state")),
    SearchType("state", "State", ("state",)),
    SearchType("zip", "ZIP", ("zip",)),
    SearchType("lata", "LATA", ("lata",)),
    SearchType("local_vanity", "Local vanity", ("local_vanity",), ("ends_in", "area_code")),
    SearchType("toll_free_vanity", "Toll-free vanity", ("toll_free_vanity",), (), "toll_free"),
    SearchType(
        "toll_free_wildcard", "Toll-free wildcard", ("toll_free_wildcard",), (), "toll_free"
    ),
)
V1_TYPES = (
    SearchType("area_code", "Local: area code", ("area_code",), ("local_number",)),
    SearchType("city", "Local: city + state", ("city", "state")),
    SearchType("state", "Local: state", ("state",)),
    SearchType("zip", "Local: ZIP", ("zip",)),
    SearchType("toll_free", "Toll-free pattern", ("pattern",), (), "toll_free"),
)
V1_TOLL_FREE_ORDER = SearchType("toll_free", "Toll-free", (), (), "toll_free")


class Api(ABC):
    """What both adapters offer (documented here once)."""

    name: ClassVar[Literal["V1", "V2"]]
    label: ClassVar[str]
    #: True: orders and disconnects are orders to poll (V2); False: one call per number.
    asynchronous: ClassVar[bool]
    #: the search frame's column holding the numbers
    number_column: ClassVar[str]
    stop_label: ClassVar[str]
    search_title: ClassVar[str]
    order_title: ClassVar[str]
    disconnect_title: ClassVar[str]
    disconnect_consequence: ClassVar[str]
    #: order options this API sends (the others are hidden)
    order_options: ClassVar[tuple[str, ...]]
    #: credential fields: (client keyword, label, secret?, placeholder)
    credential_fields: ClassVar[tuple[tuple[str, str, bool, str], ...]]

    # -- search ---------------------------------------------------------------------------
    @abstractmethod
    def search_types(self, *, order: bool) -> tuple[SearchType, ...]:
        raise NotImplementedError

    @abstractmethod
    def check(self, kind: str, criteria: Mapping[str, Any], *, order: bool) -> dict[str, Any]:
        """The criteria normalised by ``numkit.validate`` (raises ValidationError)."""
        raise NotImplementedError

    def max_quantity(self, *, order: bool) -> int:
        return 5000

    def offers_details(self, *, order: bool) -> bool:
        return False

    @abstractmethod
    def search(self, client: Any, kind: str, criteria: Mapping[str, Any]) -> Any:
        """Search; returns the DataFrame."""
        raise NotImplementedError

    def search_and_order(self, client: Any, kind: str, criteria: Mapping[str, Any]) -> Any:
        """V1's synchronous search-and-order (V2 orders by criteria instead)."""
        raise TypeError(f"{self.name} has no synchronous search-and-order")

    #: True: numbers can be held while the user decides (V2 ``/tnreservation``).
    reserves: ClassVar[bool] = False

    def reserve(self, client: Any, number: str) -> Any:
        """Hold ``number`` for this account; returns the reservation."""
        raise TypeError(f"{self.name} has no reservations")

    def release(self, client: Any, reservation: Any) -> None:
        raise TypeError(f"{self.name} has no reservations")

    # -- numbers ----------------------------------------------------------------------------
    @abstractmethod
    def normalise(self, number: str) -> str:
        raise NotImplementedError

    @abstractmethod
    def in_service(self, client: Any) -> tuple[list[str], dict[str, str]]:
        """(numbers in service, number → V1 id; empty on V2)."""
        raise NotImplementedError

    @abstractmethod
    def order_stopped_text(self, elapsed: float, order_id: str) -> str:
        raise NotImplementedError

    @abstractmethod
    def disconnect_stopped_text(self, elapsed: float) -> str:
        raise NotImplementedError

    # -- credentials -------------------------------------------------------------------------
    #: the environment variables of this API's credentials (names only)
    variables: ClassVar[tuple[str, ...]]

    @abstractmethod
    def env_credentials(self, env: Mapping[str, str]) -> Any:
        """The credentials the environment holds for this API, or None."""
        raise NotImplementedError

    #: the client this API's credentials build
    client_class: ClassVar[type[Any]]

    def build(self, values: list[str], base_url: str, env: Mapping[str, str]) -> Any:
        """The client for typed credentials (in ``credential_fields`` order)."""
        first, second, third = values
        return self.client_class(first, second, third, base_url=base_url, env=env)

    def test_connection(self, client: Any) -> str:
        """One cheap authenticated call; a sentence saying what worked."""
        return str(client.test_connection())


class V2Api(Api):
    name: ClassVar[Literal["V1", "V2"]] = "V2"
    label = "V2 (Dashboard)"
    asynchronous = True
    number_column = "full_number"
    stop_label = "Stop waiting"
    search_title = "V2 (Dashboard): <code>GET /accounts/{id}/availableNumbers</code>"
    order_title = (
        "<b>Order numbers</b> — V2 (Dashboard): <code>POST /accounts/{id}/orders</code> "
        "creates an <i>order</i>; the numbers are yours once it is COMPLETE (polled here)."
    )
    disconnect_title = (
        "<b>Disconnect numbers</b> — V2 (Dashboard): <code>POST /accounts/{id}/disconnects"
        "</code> creates a disconnect <i>order</i>; the numbers age, then return to the pool."
    )
    disconnect_consequence = (
        "V2 creates a disconnect order; the numbers then age and go back to the public "
        "pool (only you may order them back while they age)."
    )
    order_options = ("name", "customer_order_id", "partial_allowed", "back_order_requested")
    variables = V2_VARS
    client_class = V2Client
    credential_fields = (
        ("account_id", "Account id", False, "e.g. 9900000"),
        ("username", "API user", False, "a Dashboard API user"),
        ("password", "Password", True, "press Enter when typed"),
    )

    def search_types(self, *, order: bool) -> tuple[SearchType, ...]:
        return V2_TYPES

    def check(self, kind: str, criteria: Mapping[str, Any], *, order: bool) -> dict[str, Any]:
        from .. import validate

        return validate.v2_order(**criteria) if order else validate.v2_search(**criteria)

    def offers_details(self, *, order: bool) -> bool:
        return not order

    reserves = True

    def reserve(self, client: Any, number: str) -> Any:
        return client.reserve(number)

    def release(self, client: Any, reservation: Any) -> None:
        client.release_reservation(reservation)

    def search(self, client: Any, kind: str, criteria: Mapping[str, Any]) -> Any:
        return client.search(**criteria).to_frame()

    def normalise(self, number: str) -> str:
        from ..phone import to_v2_number

        return to_v2_number(number, field="numbers")

    def in_service(self, client: Any) -> tuple[list[str], dict[str, str]]:
        frame = client.in_service_numbers()
        return [str(n) for n in frame["telephone_number"]], {}

    def env_credentials(self, env: Mapping[str, str]) -> Any:
        return config.v2_credentials_from(env)[0]

    def order_stopped_text(self, elapsed: float, order_id: str) -> str:
        return (
            f"Stopped waiting after {elapsed:.1f} s. Order {order_id or '(id not known yet)'} "
            "continues on the server; click 'Resume waiting' to follow it again."
        )

    def disconnect_stopped_text(self, elapsed: float) -> str:
        return (
            f"Stopped waiting after {elapsed:.1f} s. The disconnect continues on the "
            "server; Refresh shows the numbers still in service."
        )


class V1Api(Api):
    name: ClassVar[Literal["V1", "V2"]] = "V1"
    label = "V1 (Catapult)"
    asynchronous = False
    number_column = "number"
    stop_label = "Stop after this number"
    search_title = (
        "V1 (Catapult): <code>GET /availableNumbers/local</code> or <code>/tollFree</code>"
    )
    order_title = (
        "<b>Order numbers</b> — V1 (Catapult): <code>POST /users/{id}/phoneNumbers</code> "
        "is synchronous: each number is yours when its call returns."
    )
    disconnect_title = (
        "<b>Disconnect numbers</b> — V1 (Catapult): <code>DELETE /users/{id}/"
        "phoneNumbers/{numberId}</code> releases a number at once, and V1 never lets you "
        "order it back."
    )
    disconnect_consequence = "V1 releases each number at once; V1 never lets you order it back."
    order_options = ("name",)
    variables = V1_VARS
    client_class = V1Client
    credential_fields = (
        ("user_id", "User id", False, "u-…"),
        ("api_token", "API token", True, "press Enter when typed"),
        ("api_secret", "API secret", True, "press Enter when typed"),
    )

    def search_types(self, *, order: bool) -> tuple[SearchType, ...]:
        if not order:
            return V1_TYPES
        # V1 search-and-order: the local criteria, or a toll-free quantity (no pattern).
        return (*tuple(t for t in V1_TYPES if t.kind != "toll_free"), V1_TOLL_FREE_ORDER)

    def check(self, kind: str, criteria: Mapping[str, Any], *, order: bool) -> dict[str, Any]:
        from .. import validate

        return validate.v1_search(kind=kind, order=order, **criteria)

    def max_quantity(self, *, order: bool) -> int:
        return 10 if order else 5000

    def search(self, client: Any, kind: str, criteria: Mapping[str, Any]) -> Any:
        method: Callable[..., Any] = (
            client.search_toll_free if kind == "toll_free" else client.search_local
        )
        return method(**criteria).to_frame()

    def search_and_order(self, client: Any, kind: str, criteria: Mapping[str, Any]) -> Any:
        method: Callable[..., Any] = (
            client.search_and_order_toll_free
            if kind == "toll_free"
            else client.search_and_order_local
        )
        return method(**criteria)

    def normalise(self, number: str) -> str:
        from ..phone import to_e164

        return to_e164(number, field="numbers")

    def in_service(self, client: Any) -> tuple[list[str], dict[str, str]]:
        frame = client.list_numbers()
        numbers = [str(n) for n in frame["number"]]
        return numbers, {str(n): str(i) for n, i in zip(frame["number"], frame["id"], strict=True)}

    def env_credentials(self, env: Mapping[str, str]) -> Any:
        return config.v1_credentials_from(env)[0]

    def order_stopped_text(self, elapsed: float, order_id: str) -> str:
        return (
            "Stopped. V1 is synchronous: the number being ordered right now may still be "
            "allocated; the remaining numbers are not sent."
        )

    def disconnect_stopped_text(self, elapsed: float) -> str:
        return (
            "Stopped: the number being deleted right now may still be released; the rest "
            "were not sent."
        )


_APIS: dict[str, Api] = {"V1": V1Api(), "V2": V2Api()}


def api_named(name: str) -> Api:
    """The adapter for ``"V1"`` or ``"V2"``."""
    try:
        return _APIS[name]
    except KeyError:
        raise ValueError(f"api must be 'V1' or 'V2', not {name!r}") from None


def api_for(client: Any) -> Api:
    """The adapter for a client, by the ``api`` it declares (``V1Client.api == "V1"``)."""
    name = getattr(client, "api", None)
    if name not in _APIS:
        raise TypeError(f"expected a numkit V1Client or V2Client, got {type(client).__name__}")
    return _APIS[name]
