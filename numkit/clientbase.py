"""What the V1 and V2 clients share: the transport they own and the plumbing around it.

Each client builds its own :class:`~numkit.transport.Transport` (different auth, error
mapper and secret hint); everything a caller does with it afterwards is the same, so it
lives here once.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NoReturn, Self

from .config import Api
from .errors import ConfigurationError
from .reconcile import check_window
from .transport import DEFAULT_TIMEOUT, ErrorMapper, Exchange, TimeoutArg, Transport

__all__ = ["ClientBase", "Dialect", "check_base_url_type", "required"]


@dataclass(frozen=True)
class Dialect:
    """What differs between the APIs on the wire, fixed per client class: how an error
    answer becomes an exception, what ``Accept`` asks for, and the variable names that
    reprs and "copy as curl" show in place of the secret (and of V1's token, which is a
    credential too)."""

    error_mapper: ErrorMapper
    accept: str
    secret_hint: str
    display_user: str | None = None


def check_base_url_type(base_url: object) -> None:
    """``base_url=123`` is a ConfigurationError before anything else looks at it."""
    if base_url is not None and not isinstance(base_url, str):
        raise ConfigurationError(
            f"base_url must be a URL string such as 'https://…', not {type(base_url).__name__}"
        )


def required(client: str, **given: object) -> list[str]:
    """The given credentials, stripped of surrounding blanks; any missing, empty or not
    text is one ConfigurationError naming them all (never their values)."""
    missing = [name for name, value in given.items() if not isinstance(value, str)]
    missing += [n for n, v in given.items() if isinstance(v, str) and not v.strip()]
    if missing:
        names = list(given)
        raise ConfigurationError(
            f"{client} needs {', '.join(names[:-1])} and {names[-1]}; missing or empty: "
            + ", ".join(sorted(missing, key=names.index))
        )
    return [str(value) for value in given.values()]


class ClientBase:
    _transport: Transport
    _sleep: Callable[[float], None]
    _clock: Callable[[], float]
    reconcile_window: float
    api: Api
    #: the constructor's credential parameters, in order; also the fields of the API's
    #: :mod:`numkit.config` credentials (V1Credentials / V2Credentials)
    _credential_names: tuple[str, str, str]
    _dialect: ClassVar[Dialect]

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        target: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
    ) -> Self:
        """URL and credentials from the environment (``NUMKIT_V1_*`` then ``BANDWIDTH_*``
        for V1, ``NUMKIT_V2_*`` for V2), aimed like ``numkit.connect()`` aims (the
        sandbox unless production is asked for)."""
        from .config import resolve
        from .targeting import locate

        resolved = locate(resolve(cls.api, target, env), env)
        # resolution raises when credentials are missing
        values = [getattr(resolved.credentials, name) for name in cls._credential_names]
        build: Callable[..., Self] = cls  # each client's own constructor
        return build(*values, base_url=resolved.base_url, timeout=timeout, env=env)

    @classmethod
    def _aim(
        cls,
        base_url: str | None,
        env: Mapping[str, str] | None,
        given: Sequence[str | None],
        **aim_options: Any,
    ) -> tuple[str, list[str]]:
        """(base URL, credentials) for a new client: as given; a missing URL, or no
        credentials at all, resolved like ``numkit.connect()`` (the environment, else the
        shared sandbox and its demo customer). Explicit credentials are used as given."""
        from .targeting import aim

        check_base_url_type(base_url)
        none_given = all(value is None for value in given)
        if base_url is None or none_given:
            base_url, creds = aim(
                cls.api, base_url, env, need_credentials=none_given, **aim_options
            )
            if none_given and creds is not None:
                given = [getattr(creds, name) for name in cls._credential_names]
        named = dict(zip(cls._credential_names, given, strict=True))
        return str(base_url), required(f"{cls.api}Client", **named)

    def _open(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        timeout: TimeoutArg,
        env: Mapping[str, str] | None,
        sleep: Callable[[float], None] | None,
        clock: Callable[[], float] | None,
        reconcile_window: float,
        history: int = 50,
    ) -> None:
        """The transport and the plumbing both clients set up the same way."""
        self.reconcile_window = check_window(reconcile_window)
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        dialect = self._dialect
        self._transport = Transport(
            base_url,
            username,
            password,
            api=self.api,
            error_mapper=dialect.error_mapper,
            timeout=timeout,
            secret_hint=dialect.secret_hint,
            default_headers={"Accept": dialect.accept},
            display_user=dialect.display_user,
            env=env,
            sleep=self._sleep,
            clock=self._clock,
            history=history,
        )

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        # Pickling would write the credentials to disk or send them to another process.
        raise ConfigurationError(
            f"a numkit {self.api} client cannot be pickled: it holds live credentials. "
            "Build a new client where you need one (e.g. from the environment)."
        )

    def _repr_fields(self) -> str:
        """What repr shows besides the masked secret; never raises (half-built clients)."""
        return f"base_url={getattr(getattr(self, '_transport', None), 'base_url', None)!r}"

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def transport(self) -> Transport:
        return self._transport

    @property
    def exchanges(self) -> deque[Exchange]:
        """Recent request/response records (Authorization masked), newest last."""
        return self._transport.exchanges

    @property
    def timeout(self) -> tuple[float, float]:
        return self._transport.timeout

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
