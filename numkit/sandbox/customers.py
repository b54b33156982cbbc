"""Who may call the sandbox: the two demo customers, the primary one possibly replaced
by credentials from the environment (contract: "Sandbox customers").

Kept apart from the server so the Python API (which must stay light) can hash the same
credentials the child process will accept, and so the CLI can print them masked.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from numkit.demo import OTHER, PRIMARY, DemoCustomer
from numkit.envvars import CREDENTIAL_FIELDS, CREDENTIAL_VARIABLES, first_set

__all__ = [
    "CREDENTIAL_VARIABLES",
    "Customer",
    "credentials_fingerprint",
    "customers_from_env",
    "describe",
]

# field -> variables read, first set wins: the one table in numkit.envvars.
_ENV_FIELDS = CREDENTIAL_FIELDS
_SECRET_FIELDS = frozenset({"v1_secret", "v2_password", "v1_token"})
# The second SIP peer of each customer's site (the first is DemoCustomer.peer_id).
SECOND_PEERS: dict[str, tuple[str, str]] = {
    "primary": ("1001", "Messaging app"),
    "other": ("2001", "Messaging app"),
}
V1_APPLICATIONS: tuple[str, ...] = ("a-voice", "a-sms")


@dataclass(frozen=True)
class Customer:
    """One customer of the sandbox, with its V1 and V2 identities.

    ``key`` is what the store records as owner ("primary" / "other"), so a primary
    customer whose credentials change between runs keeps its numbers.
    ``from_env`` names the fields that came from the environment (masked when shown).
    """

    key: str
    creds: DemoCustomer
    from_env: frozenset[str] = field(default_factory=frozenset)

    @property
    def peers(self) -> dict[str, str]:
        """SIP peer id -> name: the default peer first, then the second one
        (``1001`` "Messaging app" / ``2001``; contract: "Sandbox customers")."""
        second = SECOND_PEERS[self.key]
        return {self.creds.peer_id: self.creds.peer_name, second[0]: second[1]}

    @property
    def applications(self) -> dict[str, str]:
        """V1 demo application id -> the SIP peer (location) it hangs on, on V2."""
        return dict(zip(V1_APPLICATIONS, self.peers, strict=True))


def customers_from_env(env: Mapping[str, str]) -> tuple[Customer, Customer]:
    """The primary customer (with any environment credentials applied) and the other."""
    overrides: dict[str, str] = {}
    for fname, names in _ENV_FIELDS.items():
        value = first_set(env, names)
        if value is not None:
            overrides[fname] = value
    primary = Customer("primary", replace(PRIMARY, **overrides), frozenset(overrides))
    return primary, Customer("other", OTHER)


def credentials_fingerprint(env: Mapping[str, str], salt: bytes) -> str:
    """A salted, slow hash of the credentials a sandbox would accept.

    Only this goes to disk (to decide whether the shared sandbox must restart); the
    salt is random per install, and PBKDF2 makes guessing a short password costly.
    """
    material = "\x00".join(
        f"{f}={first_set(env, names) or ''}" for f, names in sorted(_ENV_FIELDS.items())
    )
    digest = hashlib.pbkdf2_hmac("sha256", material.encode(), salt, 50_000)
    return digest.hex()


def same_fingerprint(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def _mask(customer: Customer, fname: str) -> str:
    value = str(getattr(customer.creds, fname))
    if fname in _SECRET_FIELDS and fname in customer.from_env:
        return "****"
    return value


def describe(customer: Customer, label: str) -> list[str]:
    """Lines for the CLI banner; secrets that came from the environment are masked."""
    c = customer.creds
    return [
        f"{label}:",
        f"  V1  user id {_mask(customer, 'v1_user_id')}  token {_mask(customer, 'v1_token')}"
        f"  secret {_mask(customer, 'v1_secret')}",
        f"  V2  account {_mask(customer, 'v2_account_id')}  user {_mask(customer, 'v2_username')}"
        f"  password {_mask(customer, 'v2_password')}",
        f"      site {c.site_id} ({c.site_name}), default SIP peer {c.peer_id} ({c.peer_name}),"
        f" second peer {SECOND_PEERS[customer.key][0]}",
    ]
