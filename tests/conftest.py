"""Shared fixtures: a private sandbox on port 0 and clients aimed at it.

Tests never touch the user's shared sandbox or real credentials: every NUMKIT_/BANDWIDTH_
variable is removed and the runtime/data folders point into a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from numkit import demo

_CREDENTIAL_PREFIXES = ("NUMKIT_", "BANDWIDTH_")


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    saved = {k: v for k, v in os.environ.items() if k.startswith(_CREDENTIAL_PREFIXES)}
    for key in saved:
        del os.environ[key]
    home = tmp_path_factory.mktemp("numkit-home")
    names = ("XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CACHE_HOME", "NUMKIT_HOME")
    old = {k: os.environ.get(k) for k in names}
    for name, sub in zip(names, ("run", "data", "cache", "numkit"), strict=True):
        (home / sub).mkdir(mode=0o700)
        os.environ[name] = str(home / sub)
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    os.environ.update(saved)


@pytest.fixture(scope="session")
def sandbox():
    """One private sandbox for the session (fast orders); stopped at the end."""
    from numkit import sandbox as sb

    with sb.start(order_delay=0.2, aging=2) as running:
        yield running


@pytest.fixture
def v2(sandbox):
    from numkit import V2Client

    p = demo.PRIMARY
    client = V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=sandbox.v2_url)
    yield client
    client.close()


@pytest.fixture
def v1(sandbox):
    from numkit import V1Client

    p = demo.PRIMARY
    client = V1Client(p.v1_user_id, p.v1_token, p.v1_secret, base_url=sandbox.v1_url)
    yield client
    client.close()
