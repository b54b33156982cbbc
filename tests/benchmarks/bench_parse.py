"""Parse benchmark: a 5,000-number ``enableTNDetail`` search answer → DataFrame.

Compared, on the same bytes from the sandbox:

* ``floor``    — the bare hardened lxml parse (:func:`numkit.xmlsafe.parse_xml`);
* ``numkit``   — :func:`numkit.parse_search_result` + ``.to_frame()`` (contract dtypes);
* ``naive``    — the same hardened parse, then one dict per number by walking children;
* ``etree``    — the standard library's ``xml.etree.ElementTree``, one dict per number.

(The peer comparison with Bandwidth's ``bandwidth-numbers-sdk`` needs its own venv and
belongs to the benchmark command.)

Machines are noisy, so timings are interleaved — each round runs every contender once, in
turn — and the headline ratio is the median over rounds of ``contender / floor`` measured
in that round. Target: numkit ≤ 2 x the floor.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_parse [--quantity 5000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

__all__ = ["CONTENDERS", "fetch_search_bytes", "main", "measure"]


def fetch_search_bytes(v2_url: str | None = None, quantity: int = 5000) -> bytes:
    """The raw answer of ``GET /availableNumbers?state=NC&enableTNDetail=true``.

    With ``v2_url`` None a private sandbox is started (and stopped) for it.
    """
    from numkit import V2Client, demo

    def grab(url: str) -> bytes:
        p = demo.PRIMARY
        with V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=url) as client:
            response = client.transport.request(
                "GET",
                f"accounts/{p.v2_account_id}/availableNumbers",
                params={"state": "NC", "quantity": quantity, "enableTNDetail": "true"},
            )
            return response.content

    if v2_url is not None:
        return grab(v2_url)
    from numkit import sandbox

    with sandbox.start() as running:
        return grab(running.v2_url)


def floor(data: bytes) -> Any:
    from numkit.xmlsafe import parse_xml

    return parse_xml(data)


def numkit_frame(data: bytes) -> Any:
    from numkit import parse_search_result

    return parse_search_result(data).to_frame()


def naive_dicts(data: bytes) -> list[dict[str, str | None]]:
    from numkit.xmlsafe import parse_xml

    root = parse_xml(data)
    return [
        {child.tag: child.text for child in detail} for detail in root.iter("TelephoneNumberDetail")
    ]


def etree_dicts(data: bytes) -> list[dict[str, str | None]]:
    root = ET.fromstring(data)
    return [
        {child.tag: child.text for child in detail} for detail in root.iter("TelephoneNumberDetail")
    ]


CONTENDERS: dict[str, Callable[[bytes], Any]] = {
    "floor": floor,
    "numkit": numkit_frame,
    "naive": naive_dicts,
    "etree": etree_dicts,
}


def measure(data: bytes, rounds: int = 30, warmup: int = 2) -> dict[str, dict[str, float]]:
    """Per contender: median and best seconds, and the median per-round ratio to floor."""
    import gc

    for _ in range(warmup):
        for run in CONTENDERS.values():
            run(data)
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for _ in range(rounds):
        for name, run in CONTENDERS.items():
            gc.collect()
            started = time.perf_counter()
            run(data)
            times[name].append(time.perf_counter() - started)
    out = {}
    for name, samples in times.items():
        ratios = [s / f for s, f in zip(samples, times["floor"], strict=True)]
        out[name] = {
            "median_s": statistics.median(samples),
            "best_s": min(samples),
            "ratio": statistics.median(ratios),
            "ratio_best": min(samples) / min(times["floor"]),
        }
    return out


def table(results: dict[str, dict[str, float]], size: int, numbers: int) -> str:
    lines = [
        f"parse of a {numbers}-number enableTNDetail answer ({size / 1e6:.2f} MB)",
        "| contender | median ms | best ms | x floor (median of rounds) | x floor (best) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['median_s'] * 1e3:.2f} | {r['best_s'] * 1e3:.2f} "
            f"| {r['ratio']:.2f} | {r['ratio_best']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quantity", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--v2-url", default=None, help="a running sandbox's V2 base URL")
    args = parser.parse_args(argv)
    data = fetch_search_bytes(args.v2_url, args.quantity)
    from numkit import parse_search_result

    numbers = len(parse_search_result(data).numbers)
    results = measure(data, rounds=args.rounds)
    print(table(results, len(data), numbers))
    target = results["numkit"]["ratio"]
    print(f"\nnumkit / floor = {target:.2f} (target ≤ 2.00: {'met' if target <= 2 else 'missed'})")
    return results


if __name__ == "__main__":
    main()
