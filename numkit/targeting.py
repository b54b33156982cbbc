"""Aiming a client: the one place the user's shared sandbox is started for it.

:mod:`numkit.config` decides, without side effects, where a client goes. When the
answer is "the user's shared sandbox", its URL is only known once it runs:
:func:`start_shared_sandbox` is the single function that starts it on behalf of
``numkit.connect()`` and of ``V1Client()`` / ``V2Client()`` built without a URL. Code
that must not start anything (``numkit doctor``) asks :func:`numkit.config.resolve`
and :func:`numkit.sandbox.running_info` instead.

The same ``env`` mapping that supplied the credentials is handed to the sandbox, so
the sandbox it starts accepts exactly those credentials (one environment).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .config import Api, Credentials, Resolved, resolve

if TYPE_CHECKING:
    from .sandbox import Sandbox

__all__ = ["aim", "locate", "start_shared_sandbox"]


def start_shared_sandbox(env: Mapping[str, str] | None = None) -> Sandbox:
    """Start (or reuse) the user's shared sandbox, accepting ``env``'s credentials."""
    from .sandbox import ensure_running  # lazy: only a sandbox target needs it

    return ensure_running(env=env)


def locate(resolved: Resolved, env: Mapping[str, str] | None = None) -> Resolved:
    """``resolved`` with a URL: the shared sandbox's, started if that is the target."""
    if resolved.base_url is not None:
        return resolved
    running = start_shared_sandbox(env)
    if resolved.api == "V1":
        return resolved.at(running.v1_url)
    return resolved.at(running.v2_url + ("/v2" if resolved.e164 else ""))


def aim(
    api: Api,
    base_url: str | None,
    env: Mapping[str, str] | None = None,
    *,
    need_credentials: bool = True,
    numbers: str | None = None,
) -> tuple[str, Credentials | None]:
    """(base URL, credentials) for a client built without some of them.

    A missing URL is resolved like ``numkit.connect()`` resolves it (which may start the
    shared sandbox); credentials by :func:`numkit.config.credentials_for`.
    """
    resolved = resolve(
        api, None, env, base_url=base_url, numbers=numbers, need_credentials=need_credentials
    )
    located = locate(resolved, env)
    assert located.base_url is not None
    return located.base_url, located.credentials
