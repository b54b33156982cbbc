"""numkit's benchmark suite (run as modules from the repository root, e.g.
``python -m tests.benchmarks.bench_parse``). Not collected by pytest; a tiny smoke run of
each lives in ``tests/test_bench_smoke.py``."""
