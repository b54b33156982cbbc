"""Helpers of the notification tests (a module name no other test folder uses)."""

from __future__ import annotations

from typing import Any

from numkit import demo


def client_for(sb: Any, customer: demo.DemoCustomer = demo.PRIMARY, **kwargs: Any) -> Any:
    from numkit import V2Client

    return V2Client(
        customer.v2_account_id,
        customer.v2_username,
        customer.v2_password,
        base_url=kwargs.pop("base_url", sb.v2_url),
        **kwargs,
    )
