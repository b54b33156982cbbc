"""Load: 50 concurrent numkit clients in a separate process against one sandbox.

The clients (``load_clients.py``) mix V2 search / order / poll / disconnect and V1
search / order / get / delete for a bounded time — 10 s in the default run,
``NUMKIT_LOAD_SECONDS`` (e.g. 30) for the long form — then the account is read back:
zero errors, zero server errors, every order and disconnect the clients made exists
exactly once under its CustomerOrderId, nothing else was created, and the account
ends as the clients left it (empty). p50/p99 request latency is printed and saved to
``test-artifacts/load.json``.
"""

from __future__ import annotations

import collections
import json
import os
import secrets
import subprocess
import sys

import pytest
from reliability_helpers import HERE, v1_for, v2_for

SECONDS = float(os.environ.get("NUMKIT_LOAD_SECONDS", "10"))
CLIENTS = 50
ARTIFACTS = HERE.parents[1] / "test-artifacts"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(int(SECONDS) + 240)]


def test_fifty_concurrent_clients_lose_and_duplicate_nothing(start_sandbox) -> None:
    sb = start_sandbox(order_delay=0.5, aging=600)
    tag = secrets.token_hex(3)
    warm = v2_for(sb)  # the sandbox builds some indexes lazily: keep that out of p99
    warm.search(state="NC", quantity=1)
    warm.close()
    run = subprocess.run(
        [
            sys.executable,
            str(HERE / "load_clients.py"),
            "--v1-url",
            sb.v1_url,
            "--v2-url",
            sb.v2_url,
            "--clients",
            str(CLIENTS),
            "--seconds",
            str(SECONDS),
            "--tag",
            tag,
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 200,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    summary = {
        k: report[k]
        for k in ("requests", "searches", "p50_ms", "p99_ms", "requests_per_second", "wall_seconds")
    }
    summary.update(
        orders=len(report["orders"]),
        disconnects=len(report["disconnects"]),
        v1_numbers=len(report["v1_numbers"]),
        clients=CLIENTS,
        seconds=SECONDS,
    )
    print(f"load: {summary}")
    print("slowest requests:", report["slowest"][:5])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(summary, indent=2))

    assert report["errors"] == [], report["errors"][:3]
    assert report["alive_threads"] == 0
    assert not [s for s in report["statuses"] if s >= 500], "server errors under load"
    v2_clients = CLIENTS - CLIENTS // 5  # every fifth client is a V1 client
    assert len(report["orders"]) >= v2_clients  # each V2 client got through a cycle at least
    assert all("status" in o for o in report["orders"].values()), "an order was never waited on"

    v2 = v2_for(sb)
    by_coid = collections.defaultdict(list)
    for summary_ in v2.orders():
        by_coid[summary_.customer_order_id].append(summary_.id)
    mine = {c: ids for c, ids in by_coid.items() if c and c.startswith(f"ld-{tag}-")}
    assert {c: ids for c, ids in mine.items() if len(ids) > 1} == {}, "duplicated orders"
    assert set(mine) == set(report["orders"]), (
        "lost orders (on the server, unknown to a client) or phantom ones"
    )
    for coid, order in report["orders"].items():
        assert mine[coid] == [order["id"]]
    discs = collections.defaultdict(list)
    for summary_ in v2.disconnects():
        discs[summary_.customer_order_id].append(summary_.id)
    dmine = {c: ids for c, ids in discs.items() if c and c.startswith(f"dl-{tag}-")}
    assert set(dmine) == set(report["disconnects"])
    for coid, disc in report["disconnects"].items():
        assert dmine[coid] == disc["ids"] and disc["failed"] == [], (coid, disc)
    # other V2-side orders come only from the V1 clients (V1 numbers also have V2 orders)
    assert {c for c in by_coid if c and c.startswith(("ld-", "dl-"))} <= set(mine)

    ordered = [n for o in report["orders"].values() for n in o["numbers"]]
    released = [n for d in report["disconnects"].values() for n in d["numbers"]]
    assert len(ordered) == len(set(ordered)), "a number was sold twice"
    assert sorted(ordered) == sorted(released)
    assert v2.in_service_list() == [], "numbers left behind"
    v1 = v1_for(sb)
    assert v1.list_numbers().empty
    assert sorted(report["v1_deleted"]) == sorted(report["v1_numbers"])
    v1.close()
    v2.close()
