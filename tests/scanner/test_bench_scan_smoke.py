"""Smoke run of the scan benchmark (tiny trees, no timing assertion) so it cannot rot."""

from __future__ import annotations

import os

from benchmarks import bench_scan, run


def test_generated_tree_mix_and_v1_share(tmp_path):
    info = bench_scan.generate(tmp_path, 100)
    names = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert len(names) == 100 and len(info["v1_files"]) == 2
    assert sum(n.endswith(".py") for n in names) == 40
    assert sum(n.endswith(".ipynb") for n in names) == 10
    assert bench_scan.baseline(tmp_path) == sum(
        1 for rel in info["v1_files"] if b"api.catapult" in (tmp_path / rel).read_bytes()
    )


def test_measure_smoke_finds_every_v1_file_and_renders():
    result = bench_scan.measure((40, 80), rounds=1)
    for row in result["rows"].values():
        assert row["all_v1_files_found"] and row["errors"] == 0
        assert row["scan_s"] > 0 and row["baseline_s"] > 0
    result["corpus"] = bench_scan.corpus_score()
    assert result["corpus"]["recall"] == 1.0 and result["corpus"]["precision"] == 1.0
    text = run.render({"scan": result, "when": "now", "machine": os.uname().machine})
    assert "Scan 80 files" in text and "labelled corpus" in text
