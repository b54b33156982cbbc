"""Where a client talks to and with which credentials, decided in one place, purely.

The rule that matters: **credentials lying in the environment never switch a notebook to
real money.** Production is reached only when the user says so (``target="production"``
or ``NUMKIT_TARGET=production``) or points a base-URL variable at it. Everything else
goes to the user's shared sandbox. First match wins, per client:

1. ``NUMKIT_V1_BASE_URL`` / ``NUMKIT_V2_BASE_URL`` is set → that URL as given;
2. ``target="production"``, or target None and ``NUMKIT_TARGET=production`` → the real host;
3. otherwise the user's shared sandbox.

Nothing here has a side effect: resolution reads an environment *mapping* (passed in,
or ``os.environ``) and returns a :class:`Resolved`. When the answer is the shared
sandbox, ``Resolved.base_url`` is None until :func:`numkit.targeting.locate` starts it
— the one place that does — so ``numkit doctor`` can ask where a client *would* go
without starting anything. Variable names come from :mod:`numkit.envvars`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from . import demo
from .envvars import BASE_URL, TARGET, V1_FALLBACK_VARS, V1_VARS, V2_VARS, first_set
from .errors import ConfigurationError

__all__ = [
    "PRODUCTION_V1_URL",
    "PRODUCTION_V2_E164_URL",
    "PRODUCTION_V2_URL",
    "V1_FALLBACK_VARS",
    "V1_VARS",
    "V2_VARS",
    "Api",
    "Resolved",
    "V1Credentials",
    "V2Credentials",
    "choose_target",
    "credentials_for",
    "is_local",
    "resolve",
    "resolve_v1",
    "resolve_v2",
    "v1_credentials_from",
    "v2_credentials_from",
]

PRODUCTION_V1_URL = "https://api.catapult.inetwork.com/v1"
PRODUCTION_V2_URL = "https://dashboard.bandwidth.com/api"
#: Bandwidth's other "V2": the same Dashboard API with every number in E.164.
PRODUCTION_V2_E164_URL = "https://dashboard.bandwidth.com/api/v2"
TARGETS = ("sandbox", "production")

Api = Literal["V1", "V2"]
Target = Literal["sandbox", "production", "custom"]


def _secret() -> Any:
    """A credential field that reprs, logs and tracebacks show as ``***``."""
    return field(repr=False, metadata={"secret": True})


class _MaskedRepr:
    def __repr__(self) -> str:
        instance: Any = self  # always one of the dataclasses below
        shown = [
            f"{f.name}=***" if f.metadata.get("secret") else f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(instance)
        ]
        return f"{type(self).__name__}({', '.join(shown)})"


@dataclass(frozen=True, repr=False)
class V1Credentials(_MaskedRepr):
    user_id: str
    api_token: str = _secret()  # a credential too: V1's Basic-auth user
    api_secret: str = _secret()


@dataclass(frozen=True, repr=False)
class V2Credentials(_MaskedRepr):
    account_id: str
    username: str
    password: str = _secret()


Credentials = V1Credentials | V2Credentials


@dataclass(frozen=True)
class Resolved:
    """The outcome of resolution: URL, target kind, credentials and a human reason.

    ``base_url`` is None when the target is the user's shared sandbox and it has not
    been located yet (:func:`numkit.targeting.locate` fills it in); ``e164`` says the
    V2 client wants the ``/api/v2`` (E.164) flavour of that sandbox.
    """

    api: Api
    base_url: str | None
    target: Target
    reason: str
    credentials: Credentials | None
    credentials_source: str
    e164: bool = False

    @property
    def shared_sandbox(self) -> bool:
        """True when this points at the user's shared sandbox (not yet located)."""
        return self.base_url is None

    def at(self, base_url: str) -> Resolved:
        """The same decision, with the shared sandbox's URL filled in."""
        return replace(self, base_url=base_url)

    def describe(self) -> str:
        where = self.base_url or "the shared sandbox (not started yet)"
        return (
            f"{self.api} → {self.target} at {where} — {self.reason}; "
            f"credentials: {self.credentials_source}"
        )


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def choose_target(target: str | None, env: Mapping[str, str]) -> tuple[str, str]:
    """(sandbox|production, why). An explicit argument beats NUMKIT_TARGET."""
    if target is not None:
        if target not in TARGETS:
            raise ConfigurationError(f"target must be 'sandbox' or 'production', not {target!r}")
        return target, f"target={target!r} was passed"
    value = env.get(TARGET, "").strip()
    if value:
        if value not in TARGETS:
            raise ConfigurationError(f"{TARGET} must be 'sandbox' or 'production', not {value!r}")
        return value, f"{TARGET}={value}"
    return "sandbox", f"the default; opt in to production with {TARGET}=production"


def is_local(url: str) -> bool:
    """True for a URL on this machine's loopback (where a sandbox, never Bandwidth, runs)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return host in {"localhost", "::1"} or host.startswith("127.")


def v1_credentials_from(env: Mapping[str, str]) -> tuple[V1Credentials | None, str]:
    """V1 credentials from ``env`` (each value: ``NUMKIT_`` spelling, else ``BANDWIDTH_``)."""
    pairs = list(zip(V1_VARS, V1_FALLBACK_VARS, strict=True))
    user_id, token, secret = (first_set(env, pair) for pair in pairs)
    if user_id and token and secret:
        named = [a if env.get(a) else b for a, b in pairs]
        return V1Credentials(user_id, token, secret), "environment (" + ", ".join(named) + ")"
    return None, ""


def v2_credentials_from(env: Mapping[str, str]) -> tuple[V2Credentials | None, str]:
    """V2 credentials from ``env`` (all three ``NUMKIT_V2_*`` variables, or none)."""
    account, user, password = (env.get(name) for name in V2_VARS)
    if account and user and password:
        return V2Credentials(account, user, password), "environment (" + ", ".join(V2_VARS) + ")"
    return None, ""


def _demo(api: Api) -> Credentials:
    p = demo.PRIMARY
    if api == "V1":
        return V1Credentials(p.v1_user_id, p.v1_token, p.v1_secret)
    return V2Credentials(p.v2_account_id, p.v2_username, p.v2_password)


def credentials_for(
    api: Api,
    base_url: str | None,
    env: Mapping[str, str] | None = None,
    *,
    need: bool = True,
) -> tuple[Credentials | None, str]:
    """(credentials, where they came from) for a client aimed at ``base_url``.

    The environment's credentials if set; else, for a sandbox on this machine (a
    loopback URL, or None: the shared sandbox), its demo customer; else a
    ConfigurationError naming the variables (or None if not ``need``).
    """
    env = _env(env)
    from_env = v1_credentials_from if api == "V1" else v2_credentials_from
    creds: Credentials | None
    creds, source = from_env(env)
    if creds is None and (base_url is None or is_local(base_url)):
        creds, source = _demo(api), "sandbox demo user"
    if creds is None and need:
        names = (
            f"{', '.join(V1_VARS)} (or {', '.join(V1_FALLBACK_VARS)})"
            if api == "V1"
            else ", ".join(V2_VARS)
        )
        where = base_url or "the shared sandbox"
        raise ConfigurationError(f"{api} credentials are not set for {where}: set {names}")
    return creds, source or "not set"


def resolve(
    api: Api,
    target: str | None = None,
    env: Mapping[str, str] | None = None,
    *,
    base_url: str | None = None,
    numbers: str | None = None,
    need_credentials: bool = True,
) -> Resolved:
    """Where a client of ``api`` goes and with which credentials (module docstring).

    ``base_url`` given wins over every rule (credentials are still resolved for it);
    ``numbers="e164"`` picks the E.164 flavour of V2 (``/api/v2``) for production and
    the shared sandbox. Starts nothing.
    """
    env = _env(env)
    e164 = api == "V2" and numbers == "e164"
    url: str | None
    if base_url is not None:
        url = base_url
        kind: Target = "sandbox" if is_local(url) else "custom"
        why = "base_url was passed"
    elif env.get(BASE_URL[api], "").strip():
        url = env[BASE_URL[api]].strip()
        kind = "sandbox" if is_local(url) else "custom"
        why = f"{BASE_URL[api]} is set"
    else:
        chosen, why = choose_target(target, env)
        if chosen == "production":
            kind = "production"
            url = PRODUCTION_V1_URL if api == "V1" else PRODUCTION_V2_URL
            if e164:
                url = PRODUCTION_V2_E164_URL
        else:
            kind, url = "sandbox", None
    creds, source = credentials_for(api, url, env, need=need_credentials)
    return Resolved(api, url, kind, why, creds, source, e164=e164)


def resolve_v1(
    target: str | None = None,
    env: Mapping[str, str] | None = None,
    *,
    need_credentials: bool = True,
) -> Resolved:
    """Where a V1 client goes and with which credentials (see the module docstring)."""
    return resolve("V1", target, env, need_credentials=need_credentials)


def resolve_v2(
    target: str | None = None,
    env: Mapping[str, str] | None = None,
    *,
    numbers: str | None = None,
    need_credentials: bool = True,
) -> Resolved:
    """Where a V2 client goes and with which credentials (see the module docstring)."""
    return resolve("V2", target, env, numbers=numbers, need_credentials=need_credentials)
