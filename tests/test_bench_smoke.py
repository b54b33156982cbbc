"""Smoke runs of the benchmarks (numkit's side only, no timing assertion) so none can rot."""

from __future__ import annotations

from benchmarks import bench_parse


def test_parse_benchmark_smoke(sandbox):
    data = bench_parse.fetch_search_bytes(sandbox.v2_url, quantity=50)
    frame = bench_parse.numkit_frame(data)
    assert len(frame) == 50
    assert len(bench_parse.naive_dicts(data)) == len(bench_parse.etree_dicts(data)) == 50
    results = bench_parse.measure(data, rounds=2, warmup=0)
    assert set(results) == {"floor", "numkit", "naive", "etree"}
    assert all(r["median_s"] > 0 and r["ratio"] > 0 for r in results.values())
    assert "| numkit |" in bench_parse.table(results, len(data), 50)


# ---- appended by the benchmarks owner (issue 8): the rest of the suite, numkit's side ----
def test_import_benchmark_smoke():
    from benchmarks import bench_import

    result = bench_import.measure(rounds=1)
    assert result["pandas_s"] > 0 and result["ratio"] >= 0
    assert "pandas" not in result["heavy_modules_loaded"]


def test_poll_benchmark_smoke(sandbox):
    from benchmarks import bench_poll

    row = bench_poll.measure_one(sandbox.v2_url, 200)
    assert row["status"] == "COMPLETE"
    assert row["requests"] >= 1
    assert row["after_terminal"] == 0  # behaviour, not timing: nothing sent after the end


def test_throughput_benchmark_smoke(sandbox):
    from benchmarks import bench_throughput

    with bench_throughput.bare_server() as bare:
        result = bench_throughput.measure(sandbox.v2_url, bare, levels=(1,), seconds=0.3)
    for by_level in result["rows"].values():
        assert by_level[1]["requests"] > 0 and by_level[1]["errors"] == 0
    assert result["p99_ratio_at_top"] > 0


def test_scaling_benchmark_smoke(sandbox):
    from benchmarks import bench_scaling

    rows = bench_scaling.measure(sandbox.v2_url, sizes=(3, 6), repeat=1)
    assert set(rows) == {3, 6}
    assert rows[6]["marginal_ms"] is not None and rows[3]["per_number_ms"] > 0


def test_notebook_benchmark_smoke(tmp_path):
    from benchmarks import bench_notebooks

    assert bench_notebooks.run_notebook(bench_notebooks.baseline_notebook(), str(tmp_path)) > 0
    assert bench_notebooks.NOTEBOOKS, "no notebooks found to benchmark"


def test_sdk_benchmark_harness_smoke(sandbox):
    """The SDK itself lives in .bench-venv (bench command only); its harness is checked
    here with a stand-in for the SDK call."""
    from types import SimpleNamespace

    from benchmarks import bench_parse, bench_sdk

    from numkit.xmlsafe import parse_xml

    data = bench_parse.fetch_search_bytes(sandbox.v2_url, quantity=20)
    stand_in = lambda: [SimpleNamespace(full_number="9195551212", city="X", state="NC", lata="1")]  # noqa: E731
    result = bench_sdk.measure(data, stand_in, parse_xml, rounds=1, numkit=bench_parse.numkit_frame)
    assert result["numbers"] == 1 and result["sdk_over_floor"] > 0
    assert result["sdk_over_numkit"] > 0 and result["numkit_over_floor"] > 0


def test_runner_renders_every_target_with_its_verdict():
    from benchmarks import run

    contender = {"median_s": 0.01, "best_s": 0.009, "ratio": 1.0, "ratio_best": 1.0}
    results = {
        "when": "now",
        "machine": "test",
        "total_seconds": 1,
        "parse": {
            "numbers": 5000,
            "bytes": 1_200_000,
            "dtypes": {"full_number": "str"},
            "contenders": {
                "floor": contender,
                "numkit": {**contender, "ratio": 2.5, "median_s": 0.025},
                "naive": contender,
                "etree": contender,
            },
        },
        "sdk": {"sdk_over_floor": 20.0, "sdk_median_s": 0.2, "sdk_version": "1.2.0"},
        "import": {
            "interpreter_s": 0.02,
            "numkit_s": 0.01,
            "pandas_s": 0.4,
            "ratio": 0.025,
            "rounds": 1,
            "heavy_modules_loaded": "",
        },
        "poll": {
            "rows": [
                {
                    "delay_ms": 200,
                    "requests": 2,
                    "detection_delay_s": 0.1,
                    "backoff_step_s": 0.25,
                    "within_one_step": True,
                    "after_terminal": 0,
                }
            ]
        },
        "throughput": {
            "top": 50,
            "seconds": 3,
            "p99_ratio_at_top": 1.5,
            "rows": {
                name: {50: {"rps": 100.0, "p50_ms": 1.0, "p99_ms": 2.0, "errors": 0}}
                for name in ("sandbox search", "sandbox order status", "bare tornado")
            },
        },
        "scaling": {
            "rows": {
                "10": {
                    "order_s": 0.01,
                    "disconnect_s": 0.01,
                    "total_s": 0.02,
                    "per_number_ms": 2.0,
                    "marginal_ms": None,
                },
                "100": {
                    "order_s": 0.05,
                    "disconnect_s": 0.05,
                    "total_s": 0.1,
                    "per_number_ms": 1.0,
                    "marginal_ms": 0.9,
                },
            }
        },
        "notebooks": {
            "baseline_s": 1.0,
            "rows": {"00-start-here": {"seconds": 3.0, "ratio": 3.0, "over_baseline_s": 2.0}},
        },
    }
    text = run.render(results)
    assert "**missed** by 25%" in text  # parse 2.5x against ≤ 2x
    assert "numkit 8.0x faster" in text and "by 20%" in text  # SDK 20/2.5 against ≥ 10x
    for label in ("import numkit", "Polling", "Sandbox throughput", "Scaling", "Notebook 00"):
        assert label in text
    direct = {
        **results["sdk"],
        "sdk_over_numkit": 12.0,
        "numkit_median_s": 0.03,
        "numkit_best_s": 0.03,
        "numkit_over_floor": 1.5,
        "sdk_best_s": 0.2,
        "floor_best_s": 0.01,
    }
    assert "numkit 12.0x faster" in run.render({**results, "sdk": direct})
    failed = run.render({**results, "scaling": {"error": "RuntimeError: boom"}})
    assert "RuntimeError: boom" in failed


def test_notify_benchmark_smoke(sandbox):
    """Behaviour only: notified, one read-back GET, the polling row alongside."""
    from benchmarks import bench_notify

    result = bench_notify.measure(sandbox.v2_url, (200,), rounds=1)
    (row,) = result["rows"]
    assert row["notify"]["status"] == row["poll"]["status"] == "COMPLETE"
    assert row["notify"]["notified"] and row["notify"]["order_gets"] == 1
    assert "Notifications, order final after 0.2 s" in bench_notify.render_rows(result)[0][0]
