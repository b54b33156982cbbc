"""The sandbox's fixed demo customers (contract: "Sandbox customers").

These are not secrets: they only open the local sandbox. They live in one place so the
sandbox, the clients' defaults and the docs never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OTHER", "PRIMARY", "DemoCustomer"]


@dataclass(frozen=True)
class DemoCustomer:
    v1_user_id: str
    v1_token: str
    v1_secret: str
    v2_account_id: str
    v2_username: str
    v2_password: str
    site_id: str
    site_name: str
    peer_id: str
    peer_name: str


PRIMARY = DemoCustomer(
    v1_user_id="u-demo",
    v1_token="t-demo",
    v1_secret="s-demo",
    v2_account_id="9900000",
    v2_username="demo",
    v2_password="demo",
    site_id="100",
    site_name="Demo site",
    peer_id="1000",
    peer_name="Demo peer",
)

OTHER = DemoCustomer(
    v1_user_id="u-other",
    v1_token="t-other",
    v1_secret="s-other",
    v2_account_id="9900099",
    v2_username="other",
    v2_password="other",
    site_id="200",
    site_name="Other site",
    peer_id="2000",
    peer_name="Other peer",
)
