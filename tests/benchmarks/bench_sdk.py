"""Peer comparison: Bandwidth's V2 Python SDK (PyPI ``bandwidth-numbers-sdk`` 1.2.0)
parsing the same 5,000-number ``enableTNDetail`` answer, against the floor.

Runs in its OWN venv (``.bench-venv``, made by ``scripts/bench.sh``): the SDK pins old
certifi/idna/chardet and must never touch the test environment. That venv also holds
numkit's parse dependencies (lxml, pandas, phonenumbers, at the test venv's versions)
and the repository is on ``PYTHONPATH``, so three contenders run interleaved in this one
process — the floor (:func:`numkit.xmlsafe.parse_xml`), numkit (``parse_search_result(…)
.to_frame()``) and the SDK — and no ratio ever compares two processes. (Without pandas in
the venv, numkit is skipped and only SDK/floor is reported.)

The SDK is used as its README shows a user: ``Account(client=Client(...)).
available_numbers.list({..., "enableTNDetail": "true"})``, which returns its model objects
(``TelephoneNumberDetail`` with ``full_number``, ``city``, …). Only the network is
replaced: its REST helper is handed the saved bytes, so what is timed is the SDK's parse
and model building (``xml.etree`` + its reflection-style mapper).

    .bench-venv/bin/python tests/benchmarks/bench_sdk.py BYTES_FILE [--rounds 7]

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

PARAMS = {"state": "NC", "quantity": 5000, "enableTNDetail": "true"}


class _SavedResponse:
    status_code = 200
    headers: dict[str, str] = {}

    def __init__(self, content: bytes) -> None:
        self.content = content


def sdk_parser(data: bytes) -> Callable[[], list[Any]]:
    """A zero-argument callable doing what a user's ``available_numbers.list`` does."""
    from bandwidth_numbers.client import Client
    from bandwidth_numbers.models.account import Account

    def parse() -> list[Any]:
        client = Client(
            url="http://127.0.0.1:9/api", account_id="9900000", username="demo", password="demo"
        )
        client._rest.request = lambda *args, **kwargs: _SavedResponse(data)
        return Account(client=client).available_numbers.list(dict(PARAMS)).items

    return parse


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    began = time.perf_counter()
    value = run()
    return time.perf_counter() - began, value


def measure(
    data: bytes,
    sdk: Callable[[], list[Any]],
    floor: Callable[[bytes], Any],
    rounds: int,
    numkit: Callable[[bytes], Any] | None = None,
) -> dict[str, Any]:
    """Interleaved rounds (floor, numkit, SDK); median and best seconds of each, and the
    median per-round ratios SDK/floor and SDK/numkit."""
    sdk()
    floor(data)
    if numkit is not None:
        numkit(data)
    sdk_s: list[float] = []
    floor_s: list[float] = []
    numkit_s: list[float] = []
    for _ in range(rounds):
        floor_s.append(_timed(lambda: floor(data))[0])
        if numkit is not None:
            numkit_s.append(_timed(lambda: numkit(data))[0])
        seconds, items = _timed(sdk)
        sdk_s.append(seconds)
    out: dict[str, Any] = {
        "rounds": rounds,
        "sdk_median_s": statistics.median(sdk_s),
        "sdk_best_s": min(sdk_s),
        "floor_median_s": statistics.median(floor_s),
        "floor_best_s": min(floor_s),
        "sdk_over_floor": statistics.median(s / f for s, f in zip(sdk_s, floor_s, strict=True)),
    }
    if numkit_s:
        out.update(
            numkit_median_s=statistics.median(numkit_s),
            numkit_best_s=min(numkit_s),
            numkit_over_floor=statistics.median(
                n / f for n, f in zip(numkit_s, floor_s, strict=True)
            ),
            sdk_over_numkit=statistics.median(s / n for s, n in zip(sdk_s, numkit_s, strict=True)),
        )
    return {
        **out,
        "numbers": len(items),
        "first": {k: getattr(items[0], k, None) for k in ("full_number", "city", "state", "lata")}
        if items
        else {},
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bytes_file")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    from importlib.metadata import version

    from numkit.xmlsafe import parse_xml

    try:
        from numkit import parse_search_result

        def numkit_frame(data: bytes) -> Any:
            return parse_search_result(data).to_frame()

        numkit_frame(b"<SearchResult><ResultCount>0</ResultCount></SearchResult>")
    except ImportError:  # pandas/phonenumbers not in this venv: SDK vs floor only
        numkit_frame = None  # type: ignore[assignment]

    with open(args.bytes_file, "rb") as fh:
        data = fh.read()
    result = measure(data, sdk_parser(data), parse_xml, args.rounds, numkit_frame)
    result["sdk_version"] = version("bandwidth-numbers-sdk")
    result["python"] = sys.version.split()[0]
    json.dump(result, sys.stdout)
    return result


if __name__ == "__main__":
    main()
