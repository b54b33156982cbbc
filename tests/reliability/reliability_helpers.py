"""Shared helpers of the reliability and security suite (issue 7).

Every test here that switches faults on starts its *own* sandbox with
``numkit.sandbox.start(...)`` and stops it: the session sandbox of ``tests/conftest.py``
must never be left with faults on. Verification reads always happen with faults off
(:func:`faults_off`), so a check can never be fooled by the thing it is checking.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from numkit import demo

HERE = Path(__file__).resolve().parent


def v2_for(sb: Any, customer: demo.DemoCustomer = demo.PRIMARY, **kwargs: Any):
    from numkit import V2Client

    return V2Client(
        customer.v2_account_id,
        customer.v2_username,
        customer.v2_password,
        base_url=sb.v2_url,
        **kwargs,
    )


def v1_for(sb: Any, customer: demo.DemoCustomer = demo.PRIMARY, **kwargs: Any):
    from numkit import V1Client

    return V1Client(
        customer.v1_user_id, customer.v1_token, customer.v1_secret, base_url=sb.v1_url, **kwargs
    )


@contextlib.contextmanager
def faults_off(sb: Any) -> Iterator[None]:
    """Faults and latency off inside the block; the previous settings come back after."""
    from numkit import sandbox

    before = sandbox.get_faults(sb.url)
    sandbox.set_faults(sb.url, rate=0.0, latency=0.0)
    try:
        yield
    finally:
        sandbox.set_faults(
            sb.url, rate=before["rate"], kinds=before["kinds"], latency=before["latency"]
        )
