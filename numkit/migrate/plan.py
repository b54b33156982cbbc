"""What a translation produces: the V1 call, the V2 request, the client steps, the result.

A :class:`Step` holds the client *method object* it calls (``V2Client.search``,
``V1Client.order_number`` …) and its keyword arguments, so running a plan and printing
its numkit code both read the same object; nothing is looked up by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..config import PRODUCTION_V1_URL, PRODUCTION_V2_URL
from ..errors import NumkitError

if TYPE_CHECKING:
    from ..transport import Exchange

__all__ = ["ACCOUNT", "SITE", "TN", "USER", "Plan", "Result", "Step", "V1Call", "V2Request"]

ACCOUNT = "{accountId}"
SITE = "{siteId}"
TN = "{tn}"
USER = "{userId}"


@dataclass(frozen=True)
class V1Call:
    """The V1 call as translated: ``path`` is relative to the V1 base (``…/v1``)."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None

    def url(self, base_url: str = PRODUCTION_V1_URL) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return base_url.rstrip("/") + self.path + query

    def __repr__(self) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"<V1Call {self.method} {self.path}{query}>"


@dataclass(frozen=True)
class V2Request:
    """The equivalent V2 request: ``path`` is relative to the V2 base (``…/api``)."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: str | None = None

    def url(self, base_url: str = PRODUCTION_V2_URL) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return base_url.rstrip("/") + self.path + query

    @property
    def placeholders(self) -> list[str]:
        """Placeholders still to fill (``{accountId}``, ``{siteId}``, ``{tn}``)."""
        text = self.path + " " + (self.body or "")
        return sorted(set(re.findall(r"\{(?:accountId|siteId|tn)\}", text)))


@dataclass(frozen=True)
class Step:
    """One client call of a plan: ``method(client, **kwargs)``.

    ``number_arg`` names a keyword still missing because V2 addresses numbers by the
    number and the V1 call named it by id (``number_ref``): running the plan looks the
    number up on V1 first. ``resolve_first`` says the look-up must happen before the V1
    call (a V1 delete makes the id unreadable). ``wait`` is the V2 wait that follows an
    asynchronous call (``V2Client.wait_for_order`` / ``wait_for_disconnect``).
    """

    method: Callable[..., Any]
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    number_arg: str | None = None
    number_ref: str | None = None
    resolve_first: bool = False
    wait: Callable[..., Any] | None = None

    @property
    def name(self) -> str:
        return self.method.__name__

    def with_number(self, tn: str) -> Step:
        """This step with the looked-up 10-digit number filled in."""
        if self.number_arg is None:
            return self
        value: Any = [tn] if self.number_arg == "numbers" else tn
        kwargs = {**self.kwargs, self.number_arg: value}
        return Step(self.method, kwargs, wait=self.wait)

    def __call__(self, client: Any) -> Any:
        return self.method(client, **self.kwargs)


@dataclass
class Plan:
    """One V1 call, its V2 equivalent (``v2_request``, None if V2 has none) and notes."""

    operation: str
    v1_call: V1Call
    v2_request: V2Request | None
    notes: list[str]
    follow_up: str | None = None
    v1_base_url: str = PRODUCTION_V1_URL
    v2_base_url: str = PRODUCTION_V2_URL
    #: True when a V1 client (or base URL) was given: the V1 side has a target to run on.
    v1_target: bool = False
    v1_step: Step | None = field(default=None, repr=False)
    v2_step: Step | None = field(default=None, repr=False)

    @property
    def has_equivalent(self) -> bool:
        return self.v2_request is not None

    @property
    def v2_code(self) -> str | None:
        """One line of numkit code doing the same on V2 (None: V2 has no equivalent)."""
        from .render import v2_code

        return v2_code(self)

    def run(
        self, v1: Any = None, v2: Any = None, *, wait: bool = False, timeout: float = 120
    ) -> Result:
        """Perform the V1 call with ``v1`` and the V2 request with ``v2``; either may be
        None to run one side only. Errors from the APIs are recorded in the Result, not
        raised (``result.raise_for_error()`` raises the first).

        ``wait=True`` also waits for a V2 order or disconnect to finish (V1 calls are
        synchronous already). Calls that change state act on both accounts: ordering the
        same specific number on both sides makes the second attempt fail, exactly as it
        would in production, where one pool of numbers serves both APIs.
        """
        from .run import run_plan

        return run_plan(self, v1, v2, wait=wait, timeout=timeout)

    def __repr__(self) -> str:
        target = (
            f"{self.v2_request.method} {self.v2_request.path}"
            if self.v2_request is not None
            else "no V2 equivalent"
        )
        return (
            f"<Plan {self.operation}: {self.v1_call.method} {self.v1_call.path} → {target} "
            f"({len(self.notes)} notes)>"
        )

    def __str__(self) -> str:
        from .render import side_by_side

        return str(side_by_side(self))

    def _repr_html_(self) -> str:
        from .render import side_by_side

        return side_by_side(self)._repr_html_()


@dataclass
class Result:
    """Both sides of a run: the exchanges recorded by each client and the parsed answers."""

    plan: Plan
    v1_exchanges: list[Exchange] = field(default_factory=list)
    v2_exchanges: list[Exchange] = field(default_factory=list)
    v1_output: Any = None
    v2_output: Any = None
    v1_error: NumkitError | None = None
    v2_error: NumkitError | None = None
    v1_ran: bool = False
    v2_ran: bool = False

    @property
    def ok(self) -> bool:
        return self.v1_error is None and self.v2_error is None

    @property
    def v1_exchange(self) -> Exchange | None:
        """The main V1 exchange (the first one sent)."""
        return self.v1_exchanges[0] if self.v1_exchanges else None

    @property
    def v2_exchange(self) -> Exchange | None:
        """The main V2 exchange: the one matching the plan's request, else the first."""
        if not self.v2_exchanges:
            return None
        request = self.plan.v2_request
        if request is not None:
            tail = request.path.rsplit("/", 1)[-1]
            for exchange in self.v2_exchanges:
                path = exchange.url.split("?", 1)[0]
                if exchange.method == request.method and path.endswith(tail):
                    return exchange
        return self.v2_exchanges[0]

    def raise_for_error(self) -> Result:
        for error in (self.v1_error, self.v2_error):
            if error is not None:
                raise error
        return self

    def __repr__(self) -> str:
        sides = []
        for api, ran, exchange, error in (
            ("V1", self.v1_ran, self.v1_exchange, self.v1_error),
            ("V2", self.v2_ran, self.v2_exchange, self.v2_error),
        ):
            if not ran:
                sides.append(f"{api} not sent")
            elif error is not None:
                sides.append(f"{api} failed ({type(error).__name__})")
            else:
                status = getattr(exchange, "status", None)
                sides.append(f"{api} {status if status is not None else 'ok'}")
        return f"<Result {self.plan.operation}: {', '.join(sides)}>"

    def __str__(self) -> str:
        from .render import side_by_side

        return str(side_by_side(self))

    def _repr_html_(self) -> str:
        from .render import side_by_side

        return side_by_side(self)._repr_html_()
