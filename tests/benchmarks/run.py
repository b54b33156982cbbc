"""Run every benchmark and rewrite ``tests/benchmarks/README.md`` (the results table).

``bash scripts/bench.sh`` is the documented command; it makes sure both venvs exist
(the test one, and ``.bench-venv`` with Bandwidth's SDK for the peer comparison), then
runs this module. Each benchmark is measured against a baseline in the same run
(machines are noisy: only ratios are compared with targets), a failing benchmark is
reported in the table instead of stopping the others, and every target that is missed
says by how much.

    .venv/bin/python -m tests.benchmarks.run [--only parse,import,...] [--quick] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ._common import REPO

__all__ = ["BENCHMARKS", "main", "render", "run_all"]

README = Path(__file__).resolve().parent / "README.md"
ARTIFACT = REPO / "test-artifacts" / "bench.json"
SDK_PYTHON = REPO / ".bench-venv" / "bin" / "python"
BENCHMARKS = (
    "parse",
    "sdk",
    "import",
    "poll",
    "notify",
    "throughput",
    "scaling",
    "notebooks",
    "scan",
)


# ---- running ------------------------------------------------------------------------------
def _clean_environment() -> None:
    """Benchmarks use the sandboxes they start, never a user's credentials or URLs."""
    for key in list(os.environ):
        if key.startswith(("NUMKIT_", "BANDWIDTH_")):
            del os.environ[key]


def _parse(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from . import bench_parse

    data = ctx["search_bytes"]
    results = bench_parse.measure(data, rounds=5 if quick else 30)
    from numkit import parse_search_result

    frame = parse_search_result(data).to_frame()
    return {
        "bytes": len(data),
        "numbers": len(frame),
        "dtypes": {k: str(v) for k, v in frame.dtypes.items()},
        "contenders": results,
    }


def _sdk(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    python = Path(os.environ.get("NUMKIT_BENCH_SDK_PYTHON", SDK_PYTHON))
    if not python.exists():
        return {"skipped": f"{python} is missing: run `bash scripts/bench.sh` to create it"}
    with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as fh:
        fh.write(ctx["search_bytes"])
        path = fh.name
    try:
        run = subprocess.run(
            [
                str(python),
                str(REPO / "tests" / "benchmarks" / "bench_sdk.py"),
                path,
                "--rounds",
                "3" if quick else "11",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=False,
        )
    finally:
        os.unlink(path)
    if run.returncode != 0:
        raise RuntimeError(f"bench_sdk.py failed: {run.stderr[-1500:]}")
    return json.loads(run.stdout)


def _import(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from . import bench_import

    return bench_import.measure(rounds=5 if quick else 15)


def _poll(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from . import bench_poll

    return {
        "rows": bench_poll.measure(ctx["v2_url"], (200, 1000) if quick else bench_poll.DELAYS_MS)
    }


def _notify(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from . import bench_notify

    if quick:
        return bench_notify.measure(ctx["v2_url"], (200, 1000), rounds=1)
    return bench_notify.measure(ctx["v2_url"])


def _throughput(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from numkit import sandbox

    from . import bench_throughput

    with sandbox.start() as sb, bench_throughput.bare_server() as bare:
        return bench_throughput.measure(
            sb.v2_url, bare, levels=(1, 10) if quick else (1, 10, 50), seconds=1.0 if quick else 3.0
        )


def _scaling(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from numkit import sandbox

    from . import bench_scaling

    with sandbox.start(order_delay=0, aging=0) as sb:
        rows = bench_scaling.measure(
            sb.v2_url, (10, 100) if quick else (10, 100, 1000), 1 if quick else 3
        )
    return {"rows": {str(k): v for k, v in rows.items()}}


def _notebooks(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from . import bench_notebooks

    paths = bench_notebooks.NOTEBOOKS[:1] if quick else None
    return bench_notebooks.measure(paths)


def _scan(ctx: dict[str, Any], quick: bool) -> dict[str, Any]:
    from . import bench_scan

    result = bench_scan.measure((100, 500) if quick else (1000, 5000), 1 if quick else 5)
    result["corpus"] = bench_scan.corpus_score()
    return result


RUNNERS: dict[str, Callable[[dict[str, Any], bool], dict[str, Any]]] = {
    "parse": _parse,
    "sdk": _sdk,
    "import": _import,
    "poll": _poll,
    "notify": _notify,
    "throughput": _throughput,
    "scaling": _scaling,
    "notebooks": _notebooks,
    "scan": _scan,
}


def run_all(only: tuple[str, ...] = BENCHMARKS, quick: bool = False) -> dict[str, Any]:
    from numkit import sandbox

    from . import bench_parse

    _clean_environment()
    began = time.monotonic()
    results: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "quick": quick,
        "seconds": {},
    }
    with sandbox.start(order_delay=0.2) as sb:
        ctx = {"v2_url": sb.v2_url}
        if {"parse", "sdk"} & set(only):
            ctx["search_bytes"] = bench_parse.fetch_search_bytes(sb.v2_url, 200 if quick else 5000)
        for name in only:
            started = time.monotonic()
            print(f"== {name}", flush=True)
            try:
                results[name] = RUNNERS[name](ctx, quick)
            except Exception as exc:
                traceback.print_exc()
                results[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
            results["seconds"][name] = round(time.monotonic() - started, 1)
    results["total_seconds"] = round(time.monotonic() - began, 1)
    return results


# ---- rendering ----------------------------------------------------------------------------
def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _verdict(ok: bool, missed: str = "") -> str:
    return "**met**" if ok else f"**missed** {missed}".strip()


def _parse_why(ratio: float, best: float) -> str:
    why = (
        "the text extraction and the typed DataFrame (categoricals, Int64) cost about one "
        "more parse"
    )
    if best <= 2:
        why += f"; best-of-rounds is {best:.2f}x, within target: machine noise decides"
    return f"by {(ratio / 2 - 1) * 100:.0f}% — {why}"


def _sdk_why(faster: float, sdk: dict[str, Any]) -> str:
    why = (
        f"the SDK costs {sdk['sdk_over_floor']:.1f}x the floor and numkit "
        f"{sdk.get('numkit_over_floor', 0):.2f}x there; the quotient moves with numkit's "
        "parse ratio (row above)"
    )
    return f"by {(1 - faster / 10) * 100:.0f}% — {why}"


def _summary_rows(r: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    parse = r.get("parse", {})
    if "contenders" in parse:
        c = parse["contenders"]
        ratio = c["numkit"]["ratio"]
        p90 = c["numkit"].get("ratio_p90", ratio)
        p10 = c["numkit"].get("ratio_p10", ratio)
        rows.append(
            [
                f"Parse {parse['numbers']:,} numbers → DataFrame",
                f"numkit {_ms(c['numkit']['median_s'])}",
                f"bare hardened lxml parse {_ms(c['floor']['median_s'])}",
                f"{ratio:.2f}x floor median, p90 {p90:.2f}x (rounds spread {p10:.2f}-{p90:.2f}x, "
                f"best-of-rounds {c['numkit']['ratio_best']:.2f}x)",
                "median ≤ 2x, p90 ≤ 2.3x floor",
                _verdict(
                    ratio <= 2 and p90 <= 2.3,
                    _parse_why(ratio, c["numkit"]["ratio_best"])
                    if ratio > 2
                    else f"p90 by {(p90 / 2.3 - 1) * 100:.0f}% — rounds the machine was busy in",
                ),
            ]
        )
        for name, label in (
            ("naive", "naive lxml walk, dict per number"),
            ("etree", "xml.etree, dict per number"),
        ):
            rows.append(
                [
                    f"Parse vs {label}",
                    f"numkit {_ms(c['numkit']['median_s'])}",
                    f"{label} {_ms(c[name]['median_s'])}",
                    f"numkit = {c['numkit']['median_s'] / c[name]['median_s']:.2f}x its time",
                    "(context)",
                    "",
                ]
            )
    sdk = r.get("sdk", {})
    if "sdk_over_numkit" in sdk:  # all three in the SDK's own process: the direct ratio
        faster = sdk["sdk_over_numkit"]
        rows.append(
            [
                f"Parse vs Bandwidth SDK {sdk.get('sdk_version', '')}",
                f"numkit {_ms(sdk['numkit_median_s'])} ({sdk['numkit_over_floor']:.2f}x floor)",
                f"SDK {_ms(sdk['sdk_median_s'])} ({sdk['sdk_over_floor']:.1f}x floor)",
                f"numkit {faster:.1f}x faster",
                "≥ 10x faster",
                _verdict(faster >= 10, _sdk_why(faster, sdk)),
            ]
        )
    elif "sdk_over_floor" in sdk and "contenders" in parse:  # no pandas there: via the floor
        faster = sdk["sdk_over_floor"] / parse["contenders"]["numkit"]["ratio"]
        rows.append(
            [
                f"Parse vs Bandwidth SDK {sdk.get('sdk_version', '')}",
                f"numkit {parse['contenders']['numkit']['ratio']:.2f}x floor",
                f"SDK {_ms(sdk['sdk_median_s'])} = {sdk['sdk_over_floor']:.1f}x floor",
                f"numkit {faster:.1f}x faster (via the floor)",
                "≥ 10x faster",
                _verdict(faster >= 10, _sdk_why(faster, sdk)),
            ]
        )
    elif sdk:
        rows.append(
            [
                "Parse vs Bandwidth SDK",
                "—",
                "—",
                "not measured",
                "≥ 10x faster",
                sdk.get("skipped") or sdk.get("error", ""),
            ]
        )
    imp = r.get("import", {})
    if "ratio" in imp:
        rows.append(
            [
                "`import numkit` vs `import pandas`",
                f"numkit +{_ms(imp['numkit_s'])}",
                f"pandas +{_ms(imp['pandas_s'])} (interpreter {_ms(imp['interpreter_s'])} subtracted)",
                f"{imp['ratio']:.2f}x",
                "≤ 0.5x",
                _verdict(imp["ratio"] <= 0.5, f"by {(imp['ratio'] / 0.5 - 1) * 100:.0f}%"),
            ]
        )
    poll = r.get("poll", {})
    for row in poll.get("rows", []):
        ok = row["within_one_step"] and row["after_terminal"] == 0
        rows.append(
            [
                f"Polling, order final after {row['delay_ms'] / 1000:g} s",
                f"{row['requests']} requests, detected {row['detection_delay_s']:.2f} s late",
                f"backoff step then {row['backoff_step_s']:g} s",
                f"{row['after_terminal']} requests after terminal",
                "within one step; 0 after terminal",
                _verdict(
                    ok,
                    f"(delay {row['detection_delay_s']:.2f} s > step {row['backoff_step_s']:g} s)",
                ),
            ]
        )
    if "rows" in r.get("notify", {}):
        from . import bench_notify

        rows += bench_notify.render_rows(r["notify"])
    tp = r.get("throughput", {})
    if "rows" in tp:
        top = str(tp["top"]) if str(tp["top"]) in tp["rows"]["sandbox search"] else tp["top"]
        s, b = tp["rows"]["sandbox search"][top], tp["rows"]["bare tornado"][top]
        ratio = tp["p99_ratio_at_top"]
        rows.append(
            [
                f"Sandbox throughput, {tp['top']} clients",
                f"search {s['rps']:.0f} req/s, p99 {s['p99_ms']:.1f} ms",
                f"bare Tornado {b['rps']:.0f} req/s, p99 {b['p99_ms']:.1f} ms",
                f"p99 {ratio:.2f}x bare",
                "p99 ≤ 5x bare",
                _verdict(ratio <= 5, f"by {(ratio / 5 - 1) * 100:.0f}%"),
            ]
        )
    sc = r.get("scaling", {})
    if "rows" in sc:
        sizes = list(sc["rows"])
        marginals = [
            sc["rows"][k]["marginal_ms"] for k in sizes if sc["rows"][k]["marginal_ms"] is not None
        ]
        flat = len(marginals) < 2 or max(marginals) <= 2 * min(marginals) + 0.05
        rows.append(
            [
                "Scaling: order + disconnect, " + "/".join(sizes) + " numbers",
                ", ".join(f"{sc['rows'][k]['per_number_ms']:.2f}" for k in sizes) + " ms/number",
                "marginal " + ", ".join(f"{m:.2f}" for m in marginals) + " ms/number",
                f"largest/smallest marginal {max(marginals) / max(min(marginals), 1e-9):.2f}x"
                if marginals
                else "—",
                "cost per number flat",
                _verdict(flat, "(marginal cost grows with size)"),
            ]
        )
    nb = r.get("notebooks", {})
    if "rows" in nb:
        for name, row in nb["rows"].items():
            rows.append(
                [
                    f"Notebook {name}",
                    f"{row['seconds']:.1f} s",
                    f"one-cell notebook {nb['baseline_s']:.1f} s",
                    f"{row['ratio']:.1f}x (+{row['over_baseline_s']:.1f} s)",
                    "(report)",
                    "",
                ]
            )
    if "rows" in r.get("scan", {}):
        from . import bench_scan

        rows += bench_scan.summary_rows(r["scan"], _verdict)
    for name in BENCHMARKS:
        if "error" in r.get(name, {}):
            rows.append([name, "—", "—", "failed", "", r[name]["error"]])
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _details(r: dict[str, Any]) -> str:
    parts: list[str] = []
    parse = r.get("parse", {})
    if "contenders" in parse:
        rows = [
            [
                name,
                _ms(c["median_s"]),
                _ms(c["best_s"]),
                f"{c['ratio']:.2f}",
                f"{c['ratio_best']:.2f}",
            ]
            for name, c in parse["contenders"].items()
        ]
        sdk = r.get("sdk", {})
        if "sdk_over_floor" in sdk:
            where = "(in .bench-venv, against the floor there)"
            if "numkit_over_floor" in sdk:
                rows.append(
                    [
                        f"numkit {where}",
                        _ms(sdk["numkit_median_s"]),
                        _ms(sdk["numkit_best_s"]),
                        f"{sdk['numkit_over_floor']:.2f}",
                        f"{sdk['numkit_best_s'] / sdk['floor_best_s']:.2f}",
                    ]
                )
            best = sdk.get("sdk_best_s")
            rows.append(
                [
                    f"bandwidth-numbers-sdk {sdk['sdk_version']} {where}",
                    _ms(sdk["sdk_median_s"]),
                    _ms(best) if best else "—",
                    f"{sdk['sdk_over_floor']:.2f}",
                    f"{best / sdk['floor_best_s']:.2f}" if best else "—",
                ]
            )
        parts.append(
            f"### Parse ({parse['numbers']:,} numbers, {parse['bytes'] / 1e6:.2f} MB)\n\n"
            + _table(
                ["contender", "median", "best", "x floor (median of rounds)", "x floor (best)"],
                rows,
            )
            + "\n\nDataFrame dtypes: "
            + ", ".join(f"`{k}` {v}" for k, v in parse["dtypes"].items())
        )
    tp = r.get("throughput", {})
    if "rows" in tp:
        rows = [
            [
                name,
                str(level),
                f"{v['rps']:.0f}",
                f"{v['p50_ms']:.1f}",
                f"{v['p99_ms']:.1f}",
                str(v["errors"]),
            ]
            for name, by_level in tp["rows"].items()
            for level, v in by_level.items()
        ]
        parts.append(
            f"### Sandbox throughput ({tp['seconds']:g} s per cell)\n\n"
            + _table(["server / request", "clients", "req/s", "p50 ms", "p99 ms", "errors"], rows)
        )
    sc = r.get("scaling", {})
    if "rows" in sc:
        rows = [
            [
                k,
                _ms(v["order_s"]),
                _ms(v["disconnect_s"]),
                f"{v['per_number_ms']:.2f}",
                "—" if v["marginal_ms"] is None else f"{v['marginal_ms']:.2f}",
            ]
            for k, v in sc["rows"].items()
        ]
        parts.append(
            "### Scaling (order delay 0, medians)\n\n"
            + _table(
                ["numbers", "order + wait", "disconnect + wait", "ms/number", "marginal ms/number"],
                rows,
            )
        )
    imp = r.get("import", {})
    if "ratio" in imp:
        parts.append(
            "### Import\n\n"
            f"{imp['rounds']} interleaved rounds of fresh interpreters. Heavy modules loaded by "
            f"`import numkit`: {imp['heavy_modules_loaded'] or 'none'}."
        )
    return "\n\n".join(parts)


NOTES = """\
## How to read this

* Every figure is a ratio against a baseline measured in the same run; absolute times
  are shown for orientation only and depend on the machine. No pass/fail test uses them:
  `tests/test_bench_smoke.py` runs numkit's side of each benchmark on tiny inputs so
  none can rot, with no timing assertion.
* **Parse** — interleaved rounds, median of per-round ratios (`bench_parse.py`). The
  floor is numkit's own hardened `parse_xml` (no entities, no DTD, no network). numkit
  builds the contract's DataFrame (categoricals, nullable `string`/`Int64`) on top of it,
  through one regex pass over the detail list whose exactness is proven against the tree
  (same number of details, no other markup). Each round times the floor right before and
  right after numkit and divides by their mean, and the spread of the per-round ratios
  (p10-p90) is reported with the median. The SDK runs in `.bench-venv`
  (`bench_sdk.py`) as its README shows a user (`Account(...).available_numbers.list(...)`
  with `enableTNDetail="true"`, its network call handed the saved bytes); the floor,
  numkit and the SDK run interleaved in that one process, so numkit-vs-SDK is a direct
  same-process ratio (median of per-round ratios).
* **Import** — `python -c "import numkit"` / `"import pandas"`, fresh processes,
  interpreter start subtracted; `import numkit` loads only the error classes (clients,
  pandas, ipywidgets and tornado load on first use).
* **Polling** — `scenario-slow-<ms>` orders; the client's `sleep` is timestamped. The
  "backoff step" is the wait that was running when the order became final.
* **Notifications** — the same `scenario-slow-<ms>` orders, each followed once by
  polling and once by `wait_for_order(notifications=receiver)` at the same time (a
  receiver with Basic credentials, so every delivery includes the 401 challenge); the
  safety net is set beyond the slowest order, so the GETs counted are read-backs. Medians
  of three rounds. On a loaded 2-core machine the 0.2 s row is close: the notification
  path crosses processes about six times (sandbox → receiver → sandbox → receiver →
  waiter → sandbox), polling's first look twice.
* **Throughput** — the load generator is a separate process (threads, keep-alive
  `http.client`), so on a 2-core machine client and server share the CPU: req/s is a
  floor for both servers, and the ratio is what the target is about.
* **Scaling** — order delay 0, so the figure is work, not a timer; the marginal cost per
  number (between sizes) is what must stay flat.
* **Notebooks** — each notebook against its own sandbox, vs a one-cell `import numkit`
  notebook (kernel start). Long notebooks wait on purpose (order delays, Aging).

* **Scan** — `bench_scan.py` generates a tree (40 % Python, 10 % notebooks, the rest
  JavaScript/Ruby/shell/Markdown/YAML, ~20 KB a file, V1 in 2 % of the files) and times
  `numkit.scan` against reading every file and running one compiled regex for the V1 host,
  interleaved per round (sizes too). `grep -rIl` on the same tree is context. The corpus
  row scores the scanner on `tests/scanner/corpus` against `corpus_labels.json`.

## Why a target can be missed

* **Parse ≤ 2x floor (p90 ≤ 2.3x)** is tight by design. numkit's 5,000-number parse is
  the hardened `parse_xml` itself plus one regex pass over the detail list
  (`numkit/v2/parse_search.py`: only the number and the label markup before it are
  captured per row; the few distinct label groups are decoded once) and the typed DataFrame
  built from those groups (`numkit/frames.py`): about 11-13 ms of CPU on top of the
  floor. The floor itself moves more than numkit with the machine's state (8.5 ms in a
  fresh quiet process, 15-20 ms under load: its malloc- and memory-bound C parse suffers
  most from neighbours), so the ratio reads 1.7x-2.6x from run to run; in one process,
  interleaved, the previous stride path measured 2.6-2.9x where this one measures
  1.9-2.1x.
* **≥ 10x faster than the SDK**: the SDK's reflection-style mapper costs 25-40x the floor.
  In `.bench-venv` the floor's tree is freed outside the timed region while numkit frees
  its own inside, so numkit reads higher against the floor there than in the test venv;
  the SDK target is the direct SDK/numkit ratio of the same rounds.
* **Throughput p99** on 2 cores is dominated by scheduling between the load generator and
  the server; both servers suffer alike, so only large ratios mean something.
"""


def render(r: dict[str, Any]) -> str:
    header = ["benchmark", "numkit", "baseline", "ratio", "target", "verdict"]
    lines = [
        "# numkit benchmarks",
        "",
        "One command runs them all (under five minutes on 2 cores) and rewrites this file:",
        "",
        "```bash",
        "bash scripts/bench.sh            # all benchmarks, then this table",
        "bash scripts/bench.sh --only parse,sdk   # a subset",
        "```",
        "",
        "It creates `.venv` if needed and `.bench-venv` (gitignored) holding Bandwidth's V2 SDK",
        "`bandwidth-numbers-sdk` 1.2.0 for the peer comparison — never installed into the test",
        "environment (it pins old certifi/idna/chardet).",
        "",
        f"## Results — {r.get('when', '?')} · {r.get('machine', '?')} · {r.get('total_seconds', '?')} s"
        + (" · QUICK RUN (small inputs, not for comparison)" if r.get("quick") else ""),
        "",
        _table(header, _summary_rows(r)),
        "",
        _details(r),
        "",
        NOTES,
    ]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument(
        "--quick", action="store_true", help="tiny inputs (smoke); not for the table"
    )
    parser.add_argument("--no-write", action="store_true", help="print the table, leave README.md")
    args = parser.parse_args(argv)
    only = tuple(name for name in args.only.split(",") if name)
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; known: {', '.join(BENCHMARKS)}")
    results = run_all(only, quick=args.quick)
    text = render(results)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(results, indent=2, default=str))
    if args.no_write or args.quick:
        print(text)
    else:
        README.write_text(text)
        print(text)
        print(f"wrote {README.relative_to(REPO)} and {ARTIFACT.relative_to(REPO)}")
    return results


if __name__ == "__main__":
    sys.exit(0 if main() is not None else 1)
