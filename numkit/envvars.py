"""Every environment variable numkit reads, named once (contract: "Environment variables").

The clients, ``numkit.connect()``, the sandbox (which accepts the same credentials the
clients send), ``numkit doctor`` and the credential explanations all read their names
from here, so a new spelling cannot be honoured in one place and ignored in another.
Nothing here reads the environment: this module is data only.
"""

from __future__ import annotations

__all__ = [
    "ALLOW_INSECURE_HTTP",
    "BASE_URL",
    "CREDENTIAL_FIELDS",
    "CREDENTIAL_VARIABLES",
    "FULL_TRACEBACKS",
    "HOME",
    "NOTEBOOKS",
    "SESSION",
    "SETTINGS",
    "TARGET",
    "V1_FALLBACK_VARS",
    "V1_VARS",
    "V2_VARS",
    "WORKSPACE",
    "first_set",
]

from collections.abc import Mapping

#: V1 credentials: user id, API token, API secret (in that order).
V1_VARS = ("NUMKIT_V1_USER_ID", "NUMKIT_V1_API_TOKEN", "NUMKIT_V1_API_SECRET")
#: Read for V1 when the ``NUMKIT_`` spelling of the same value is unset.
V1_FALLBACK_VARS = ("BANDWIDTH_USER_ID", "BANDWIDTH_API_TOKEN", "BANDWIDTH_API_SECRET")
#: V2 credentials: account id, username, password (in that order).
V2_VARS = ("NUMKIT_V2_ACCOUNT_ID", "NUMKIT_V2_USERNAME", "NUMKIT_V2_PASSWORD")

#: Demo-customer field (``numkit.demo.DemoCustomer``) -> variables read, first set wins.
CREDENTIAL_FIELDS: dict[str, tuple[str, ...]] = {
    "v1_user_id": (V1_VARS[0], V1_FALLBACK_VARS[0]),
    "v1_token": (V1_VARS[1], V1_FALLBACK_VARS[1]),
    "v1_secret": (V1_VARS[2], V1_FALLBACK_VARS[2]),
    "v2_account_id": (V2_VARS[0],),
    "v2_username": (V2_VARS[1],),
    "v2_password": (V2_VARS[2],),
}
#: Every credential variable, in table order.
CREDENTIAL_VARIABLES: tuple[str, ...] = (*V1_VARS, *V1_FALLBACK_VARS, *V2_VARS)

#: ``sandbox`` (default) or ``production``.
TARGET = "NUMKIT_TARGET"
#: Base URL per API (``V1``/``V2``); set, it wins over every other rule.
BASE_URL = {"V1": "NUMKIT_V1_BASE_URL", "V2": "NUMKIT_V2_BASE_URL"}
#: One folder for the shared sandbox's run and data files (overrides the platform's).
HOME = "NUMKIT_HOME"
#: ``1`` allows plain http:// to a non-loopback host (a workshop sandbox on a LAN).
ALLOW_INSECURE_HTTP = "NUMKIT_ALLOW_INSECURE_HTTP"
#: ``1`` keeps IPython's full tracebacks even after ``numkit.short_errors()``.
FULL_TRACEBACKS = "NUMKIT_FULL_TRACEBACKS"
#: Where ``numkit lab`` keeps the user's working copy of the notebooks.
WORKSPACE = "NUMKIT_WORKSPACE"
#: Where the shipped notebooks are (overrides the package's own copy).
NOTEBOOKS = "NUMKIT_NOTEBOOKS"

#: Tags a launcher (``numkit lab``/``app``), its Jupyter child and their kernels, so the
#: shared sandbox knows who used it (set by the launcher, not by users).
SESSION = "NUMKIT_SESSION"

#: The non-credential settings, as ``numkit doctor`` lists them.
SETTINGS: tuple[str, ...] = (
    TARGET,
    BASE_URL["V1"],
    BASE_URL["V2"],
    HOME,
    ALLOW_INSECURE_HTTP,
    FULL_TRACEBACKS,
    WORKSPACE,
    NOTEBOOKS,
)


def first_set(env: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    """The value of the first variable in ``names`` that is set and not empty."""
    for name in names:
        value = env.get(name)
        if value:
            return value
    return None
