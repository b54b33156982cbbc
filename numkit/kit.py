"""``numkit.connect()``: both clients, aimed at the sandbox unless production was asked for.

Kept apart from :mod:`numkit.config` (which decides, purely) because it builds the
clients: the clients import the configuration, never the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

from .config import Resolved, V1Credentials, V2Credentials, resolve_v1, resolve_v2
from .errors import ConfigurationError
from .targeting import locate
from .transport import DEFAULT_TIMEOUT
from .v1 import V1Client
from .v2 import V2Client

__all__ = ["Kit", "connect"]


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

    def __reduce__(self) -> NoReturn:
        raise ConfigurationError("a Kit holds live credentials and cannot be pickled")


def connect(
    target: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | tuple[float, float] | None = None,
    quiet: bool = False,
) -> Kit:
    """Both clients, aimed at the sandbox unless production was asked for explicitly.

    Prints one line per client saying where it points and why, so a notebook's output
    always shows whether real money is in play. ``env`` (default ``os.environ``) is the
    one environment for everything: credentials, target, and the shared sandbox started
    for them (which then accepts exactly those credentials).
    """
    r1 = locate(resolve_v1(target, env), env)
    r2 = locate(resolve_v2(target, env), env)
    t = DEFAULT_TIMEOUT if timeout is None else timeout
    c1, c2 = r1.credentials, r2.credentials
    assert isinstance(c1, V1Credentials) and isinstance(c2, V2Credentials)
    v1 = V1Client(c1.user_id, c1.api_token, c1.api_secret, base_url=r1.base_url, timeout=t, env=env)
    v2 = V2Client(c2.account_id, c2.username, c2.password, base_url=r2.base_url, timeout=t, env=env)
    if not quiet:
        print(r1.describe())
        print(r2.describe())
    return Kit(v1=v1, v2=v2, v1_target=r1, v2_target=r2)
