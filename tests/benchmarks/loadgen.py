"""HTTP load generator for the throughput benchmark, run as its own process.

``--clients`` threads, each with one keep-alive ``http.client`` connection, send the same
authenticated GET as fast as they can for ``--seconds`` (bounded: at most 600 s, only to
the URL given, which the benchmark always points at 127.0.0.1). Prints JSON: requests,
errors, requests/s, p50 and p99 latency. ``http.client`` rather than requests keeps the
client's own cost small, so the server is what is measured.

    python -m tests.benchmarks.loadgen URL --clients 10 --seconds 3 --user demo --password demo
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def _worker(url: str, auth: str, deadline: float, out: dict) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": auth, "Accept": "application/xml"}
    while time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        elapsed = time.perf_counter() - began
        if ok:
            out["latencies"].append(elapsed)
        else:
            out["errors"] += 1
    conn.close()


def run(url: str, clients: int, seconds: float, user: str, password: str) -> dict:
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loadgen only targets loopback")
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    shards = [{"latencies": [], "errors": 0} for _ in range(clients)]
    began = time.monotonic()
    deadline = began + seconds
    threads = [
        threading.Thread(target=_worker, args=(url, auth, deadline, shard)) for shard in shards
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    wall = time.monotonic() - began
    latencies = sorted(x for s in shards for x in s["latencies"])

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0.0

    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": sum(s["errors"] for s in shards),
        "rps": len(latencies) / wall if wall else 0.0,
        "p50_ms": pct(0.50) * 1000,
        "p99_ms": pct(0.99) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--user", default="demo")
    parser.add_argument("--password", default="demo")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 600:
        parser.error("clients 1-200, seconds 0-600")
    json.dump(run(args.url, args.clients, args.seconds, args.user, args.password), sys.stdout)


if __name__ == "__main__":
    main()
