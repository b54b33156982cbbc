"""Where a client talks to and with which credentials, decided in one place.

The rule that matters: **credentials lying in the environment never switch a notebook to
real money.** Production is reached only when the user says so (``target="production"``
or ``NUMKIT_TARGET=production``) or points a base-URL variable at it. Everything else
goes to the user's shared sandbox. First match wins, per client:

1. ``NUMKIT_V1_BASE_URL`` / ``NUMKIT_V2_BASE_URL`` is set → that URL as given;
2. ``target="production"``, or target None and ``NUMKIT_TARGET=production`` → the real host;
3. otherwise the shared sandbox (``numkit.sandbox.ensure_running()``).

Resolution reads an environment *mapping* you can pass in (tests and panels do), so no
function here depends on hidden global state.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from . import demo
from .errors import ConfigurationError

if TYPE_CHECKING:
    from .v1 import V1Client
    from .v2 import V2Client

__all__ = [
    "PRODUCTION_V1_URL",
    "PRODUCTION_V2_URL",
    "Kit",
    "Resolved",
    "V1Credentials",
    "V2Credentials",
    "aim",
    "connect",
    "credentials_for",
    "resolve_v1",
    "resolve_v2",
]

PRODUCTION_V1_URL = "https://api.catapult.inetwork.com/v1"
PRODUCTION_V2_URL = "https://dashboard.bandwidth.com/api"

V1_VARS = ("NUMKIT_V1_USER_ID", "NUMKIT_V1_API_TOKEN", "NUMKIT_V1_API_SECRET")
V1_FALLBACK_VARS = ("BANDWIDTH_USER_ID", "BANDWIDTH_API_TOKEN", "BANDWIDTH_API_SECRET")
V2_VARS = ("NUMKIT_V2_ACCOUNT_ID", "NUMKIT_V2_USERNAME", "NUMKIT_V2_PASSWORD")
TARGETS = ("sandbox", "production")

Target = Literal["sandbox", "production", "custom"]


@dataclass(frozen=True)
class V1Credentials:
    user_id: str
    api_token: str
    api_secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"V1Credentials(user_id={self.user_id!r}, api_token=***, api_secret=***)"


@dataclass(frozen=True)
class V2Credentials:
    account_id: str
    username: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"V2Credentials(account_id={self.account_id!r}, "
            f"username={self.username!r}, password=***)"
        )


@dataclass(frozen=True)
class Resolved:
    """The outcome of resolution: URL, target kind, credentials and a human reason."""

    api: Literal["V1", "V2"]
    base_url: str
    target: Target
    reason: str
    credentials: V1Credentials | V2Credentials | None
    credentials_source: str

    def describe(self) -> str:
        return (
            f"{self.api} → {self.target} at {self.base_url} — {self.reason}; "
            f"credentials: {self.credentials_source}"
        )


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def _first(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = env.get(name)
        if value:
            return value
    return None


def choose_target(target: str | None, env: Mapping[str, str]) -> tuple[str, str]:
    """(sandbox|production, why). An explicit argument beats NUMKIT_TARGET."""
    if target is not None:
        if target not in TARGETS:
            raise ConfigurationError(f"target must be 'sandbox' or 'production', not {target!r}")
        return target, f"target={target!r} was passed"
    value = env.get("NUMKIT_TARGET", "").strip()
    if value:
        if value not in TARGETS:
            raise ConfigurationError(
                f"NUMKIT_TARGET must be 'sandbox' or 'production', not {value!r}"
            )
        return value, f"NUMKIT_TARGET={value}"
    return "sandbox", "the default; opt in to production with NUMKIT_TARGET=production"


def _is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in {"localhost", "::1"} or host.startswith("127.")


def _base(api: str, target: str | None, env: Mapping[str, str]) -> tuple[str, Target, str]:
    var = f"NUMKIT_{api}_BASE_URL"
    given = env.get(var, "").strip()
    if given:
        kind: Target = "sandbox" if _is_local(given) else "custom"
        return given, kind, f"{var} is set"
    chosen, why = choose_target(target, env)
    if chosen == "production":
        return (PRODUCTION_V1_URL if api == "V1" else PRODUCTION_V2_URL), "production", why
    from . import sandbox  # lazy: starting the sandbox is only needed here

    running = sandbox.ensure_running()
    return (running.v1_url if api == "V1" else running.v2_url), "sandbox", why


def v1_credentials_from(env: Mapping[str, str]) -> tuple[V1Credentials | None, str]:
    values = [_first(env, a, b) for a, b in zip(V1_VARS, V1_FALLBACK_VARS, strict=True)]
    if all(values):
        named = [a if env.get(a) else b for a, b in zip(V1_VARS, V1_FALLBACK_VARS, strict=True)]
        return V1Credentials(*values), "environment (" + ", ".join(named) + ")"  # type: ignore[arg-type]
    return None, ""


def v2_credentials_from(env: Mapping[str, str]) -> tuple[V2Credentials | None, str]:
    values = [env.get(name) for name in V2_VARS]
    if all(values):
        return V2Credentials(*values), "environment (" + ", ".join(V2_VARS) + ")"  # type: ignore[arg-type]
    return None, ""


def _demo(api: str) -> V1Credentials | V2Credentials:
    p = demo.PRIMARY
    if api == "V1":
        return V1Credentials(p.v1_user_id, p.v1_token, p.v1_secret)
    return V2Credentials(p.v2_account_id, p.v2_username, p.v2_password)


def credentials_for(
    api: Literal["V1", "V2"],
    base_url: str,
    env: Mapping[str, str] | None = None,
    *,
    need: bool = True,
) -> tuple[V1Credentials | V2Credentials | None, str]:
    """(credentials, where they came from) for a client aimed at ``base_url``.

    The environment's credentials if set; else, for a sandbox on this machine, its demo
    customer; else a ConfigurationError naming the variables (or None if not ``need``).
    The one rule both clients and :func:`connect` follow.
    """
    env = _env(env)
    from_env = v1_credentials_from if api == "V1" else v2_credentials_from
    creds, source = from_env(env)
    if creds is None and _is_local(base_url):
        creds, source = _demo(api), "sandbox demo user"
    if creds is None and need:
        names = (
            f"{', '.join(V1_VARS)} (or {', '.join(V1_FALLBACK_VARS)})"
            if api == "V1"
            else ", ".join(V2_VARS)
        )
        raise ConfigurationError(f"{api} credentials are not set for {base_url}: set {names}")
    return creds, source or "not set"


def _resolve(
    api: Literal["V1", "V2"], target: str | None, env: Mapping[str, str] | None, need: bool
) -> Resolved:
    env = _env(env)
    url, kind, why = _base(api, target, env)
    creds, source = credentials_for(api, url, env, need=need)
    return Resolved(api, url, kind, why, creds, source)


def aim(
    api: Literal["V1", "V2"],
    base_url: str | None,
    env: Mapping[str, str] | None = None,
    *,
    need_credentials: bool = True,
) -> tuple[str, V1Credentials | V2Credentials | None]:
    """(base URL, credentials) for a client built without some of them: a missing URL
    is resolved like :func:`connect` resolves it, credentials by :func:`credentials_for`."""
    if base_url is None:
        resolved = _resolve(api, None, env, need_credentials)
        return resolved.base_url, resolved.credentials
    return base_url, credentials_for(api, base_url, env, need=need_credentials)[0]


def resolve_v1(
    target: str | None = None, env: Mapping[str, str] | None = None, *, need_credentials=True
) -> Resolved:
    """Where a V1 client goes and with which credentials (see the module docstring)."""
    return _resolve("V1", target, env, need_credentials)


def resolve_v2(
    target: str | None = None, env: Mapping[str, str] | None = None, *, need_credentials=True
) -> Resolved:
    """Where a V2 client goes and with which credentials (see the module docstring)."""
    return _resolve("V2", target, env, need_credentials)


@dataclass
class Kit:
    """What :func:`connect` returns: one client per API generation."""

    v1: V1Client
    v2: V2Client
    v1_target: Resolved
    v2_target: Resolved

    def __repr__(self) -> str:
        r1, r2 = self.v1_target, self.v2_target
        return f"<Kit v1={r1.target}:{r1.base_url} v2={r2.target}:{r2.base_url}>"


def connect(
    target: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    timeout: object = None,
    quiet: bool = False,
) -> Kit:
    """Both clients, aimed at the sandbox unless production was asked for explicitly.

    Prints one line per client saying where it points and why, so a notebook's output
    always shows whether real money is in play.
    """
    from .transport import DEFAULT_TIMEOUT
    from .v1 import V1Client
    from .v2 import V2Client

    env = _env(env)
    r1 = resolve_v1(target, env)
    r2 = resolve_v2(target, env)
    t = DEFAULT_TIMEOUT if timeout is None else timeout
    c1, c2 = r1.credentials, r2.credentials
    assert isinstance(c1, V1Credentials) and isinstance(c2, V2Credentials)
    v1 = V1Client(c1.user_id, c1.api_token, c1.api_secret, base_url=r1.base_url, timeout=t, env=env)
    v2 = V2Client(c2.account_id, c2.username, c2.password, base_url=r2.base_url, timeout=t, env=env)
    if not quiet:
        print(r1.describe())
        print(r2.describe())
    return Kit(v1=v1, v2=v2, v1_target=r1, v2_target=r2)
