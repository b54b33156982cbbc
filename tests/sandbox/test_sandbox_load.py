"""50 concurrent clients in a separate process: a search/order/poll mix with zero 5xx."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numkit.sandbox as nks

SCRIPT = Path(__file__).with_name("sandbox_load_clients.py")


def test_fifty_concurrent_clients_get_no_server_errors(
    make_sandbox: Callable[..., nks.Sandbox],
) -> None:
    sb = make_sandbox(order_delay=0.2)
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), sb.url, "50", "8"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    print(summary)
    assert summary["alive"] == 0
    assert summary["error_count"] == 0, summary["errors"]
    assert not [s for s in summary["statuses"] if s.startswith("5")], summary["statuses"]
    assert summary["requests"] > 500
    assert summary["orders"] > 20 and summary["orders_finished"] == summary["orders"]
    # The server is still healthy and its log has no tracebacks.
    assert "Traceback" not in sb.log_text()
