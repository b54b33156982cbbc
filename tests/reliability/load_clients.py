"""Load generator: N threads, each with its own numkit clients, hammering one sandbox.

Run as a separate process (so the clients' CPU is not the server's and not pytest's)::

    python load_clients.py --v1-url URL --v2-url URL --clients 50 --seconds 10 --tag T

Each V2 client loops search → order (specific numbers or search-and-order, alternating)
→ wait (polling) → disconnect what it got → wait; every fifth client is a V1 client
looping search → order one number → get → delete. A cycle that has started always
finishes, so the account ends empty. Everything is bounded: ``--seconds`` for starting
new cycles, and per-call timeouts. Prints one JSON document: what every call did, every
error, and per-request latencies (from the clients' exchange records).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import threading
import time
import traceback
from typing import Any

from numkit import V1Client, V2Client, demo

AREA_CODES = ("919", "910", "704", "336", "828", "252", "980")


def _v2_loop(index: int, args: argparse.Namespace, deadline: float, out: dict[str, Any]) -> None:
    p = demo.PRIMARY
    client = V2Client(
        p.v2_account_id, p.v2_username, p.v2_password, base_url=args.v2_url, history=100_000
    )
    rng = random.Random(index)
    cycle = 0
    try:
        while time.monotonic() < deadline:
            cycle += 1
            coid = f"ld-{args.tag}-{index:02d}-{cycle:03d}"
            area = rng.choice(AREA_CODES)
            found = client.search(area_code=area, quantity=2)
            out["searches"] += 1
            if cycle % 2 and found.numbers:
                order = client.order_numbers(found.numbers[:1], customer_order_id=coid)
            else:
                order = client.order_search(area_code=area, quantity=1, customer_order_id=coid)
            out["orders"][coid] = {"id": order.id}
            final = client.wait_for_order(order, timeout=60)
            out["orders"][coid].update(status=final.status, numbers=final.completed_numbers)
            if final.completed_numbers:
                dcoid = f"dl-{args.tag}-{index:02d}-{cycle:03d}"
                disc = client.disconnect(final.completed_numbers, customer_order_id=dcoid)
                out["disconnects"][dcoid] = {"ids": disc.ids}
                done = client.wait_for_disconnect(disc, timeout=60)
                out["disconnects"][dcoid].update(
                    status=done.status, numbers=done.completed_numbers, failed=done.failed_numbers
                )
    except Exception as exc:
        out["errors"].append(
            f"V2 client {index}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        )
    finally:
        out["latencies"] += [e.elapsed for e in client.exchanges if e.status is not None]
        out["slowest"] += sorted(
            ([round(e.elapsed, 3), e.method, e.url.split("?")[0][-60:]] for e in client.exchanges),
            reverse=True,
        )[:3]
        out["requests"] += len(client.exchanges)
        out["statuses"] += [e.status or 0 for e in client.exchanges]
        client.close()


def _v1_loop(index: int, args: argparse.Namespace, deadline: float, out: dict[str, Any]) -> None:
    p = demo.PRIMARY
    client = V1Client(p.v1_user_id, p.v1_token, p.v1_secret, base_url=args.v1_url)
    client.transport.exchanges = collections.deque(maxlen=100_000)  # keep every record
    rng = random.Random(1000 + index)
    try:
        while time.monotonic() < deadline:
            found = client.search_local(area_code=rng.choice(AREA_CODES), quantity=3)
            out["searches"] += 1
            for number in found.numbers:
                try:
                    bought = client.order_number(number)
                except Exception as exc:
                    if getattr(exc, "http_status", None) in (404, 409):  # someone was quicker
                        continue
                    raise
                if bought.source == "already-owned":  # a sibling thread of this user won
                    continue
                out["v1_numbers"][bought.id] = bought.number
                assert client.get_number(bought.id).number == bought.number
                client.delete_number(bought.id)
                out["v1_deleted"].append(bought.id)
                break
    except Exception as exc:
        out["errors"].append(
            f"V1 client {index}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        )
    finally:
        out["latencies"] += [e.elapsed for e in client.exchanges if e.status is not None]
        out["slowest"] += sorted(
            ([round(e.elapsed, 3), e.method, e.url.split("?")[0][-60:]] for e in client.exchanges),
            reverse=True,
        )[:3]
        out["requests"] += len(client.exchanges)
        out["statuses"] += [e.status or 0 for e in client.exchanges]
        client.close()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--v1-url", required=True)
    parser.add_argument("--v2-url", required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--tag", default="load")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 600:
        parser.error("clients must be 1-200 and seconds 0-600 (a bounded run)")

    out: dict[str, Any] = {
        "orders": {},
        "disconnects": {},
        "v1_numbers": {},
        "v1_deleted": [],
        "errors": [],
        "latencies": [],
        "statuses": [],
        "requests": 0,
        "searches": 0,
        "slowest": [],
    }
    shards = [
        {k: (type(v)() if not isinstance(v, int) else 0) for k, v in out.items()}
        for _ in range(args.clients)
    ]
    began = time.monotonic()
    deadline = began + args.seconds
    threads = []
    for index in range(args.clients):
        loop = _v1_loop if index % 5 == 4 else _v2_loop
        thread = threading.Thread(target=loop, args=(index, args, deadline, shards[index]))
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 300)
    wall = time.monotonic() - began
    for shard in shards:  # one shard per thread: no shared mutable state while running
        for key, value in shard.items():
            if isinstance(value, dict):
                out[key].update(value)
            else:
                out[key] += value
    out["slowest"] = sorted(out["slowest"], reverse=True)[:10]
    out["alive_threads"] = sum(t.is_alive() for t in threads)
    out["wall_seconds"] = wall
    latencies = out.pop("latencies")
    out["p50_ms"] = round(_percentile(latencies, 0.50) * 1000, 2)
    out["p99_ms"] = round(_percentile(latencies, 0.99) * 1000, 2)
    out["requests_per_second"] = round(len(latencies) / wall, 1) if wall else 0.0
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
