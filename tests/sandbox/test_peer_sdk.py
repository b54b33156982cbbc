"""Bandwidth's own V2 Python SDK works against the sandbox unchanged (issue 2's promise).

PyPI ``bandwidth-numbers-sdk`` 1.2.0 (package ``bandwidth_numbers``; not the unrelated
``iris-sdk``) goes into a fresh venv in a pytest tmp dir — it pins old certifi/idna/
chardet, so it must never touch the test venv. ``peer_sdk_flow.py`` then runs in that
venv, pointed at a private sandbox's V2 base, and walks the whole seed-guide flow with
the SDK as a user would; this test checks the JSON summary it prints.

Where the SDK itself is at fault (v2 notes §8.1), the assertion pins what the SDK really
does and a comment says why; everything the SDK does correctly must simply work.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import numkit.sandbox as nks

SDK = "bandwidth-numbers-sdk==1.2.0"
SCRIPT = Path(__file__).with_name("peer_sdk_flow.py")
TEN_DIGITS = re.compile(r"^\d{10}$")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _sdk_venv(root: Path) -> Path:
    """A new venv under ``root`` with the SDK installed by pip; returns its python."""
    venv = root / "sdk-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", SDK],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert pip.returncode == 0, f"pip could not install {SDK}:\n{pip.stdout}\n{pip.stderr}"
    return python


def _local_only_env() -> dict[str, str]:
    """The environment for the SDK process: no proxy can carry its traffic off this
    machine, and nothing from the test venv leaks in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
        and not k.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def test_bandwidth_python_sdk_runs_the_whole_flow_unchanged(
    tmp_path: Path, make_sandbox: Callable[..., nks.Sandbox]
) -> None:
    python = _sdk_venv(tmp_path)
    sb = make_sandbox(order_delay=0.2)
    # -I: isolated mode, so only the SDK's venv (and not this repository) is importable.
    proc = subprocess.run(
        [str(python), "-I", str(SCRIPT), sb.v2_url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=_local_only_env(),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)

    # Sites and SIP peers parse into the SDK's models.
    assert {"id": "100", "name": "Demo site"} in out["sites"]
    assert [p["peer_id"] for p in out["sip_peers"]] == ["1000", "1001"]  # contract: two peers
    assert out["sip_peers"][0]["is_default_peer"] == "true"

    # Search, plain and with details: 10-digit numbers, the same numbers both ways.
    plain, detail = out["search_plain"], out["search_detail"]
    assert len(plain) == 5 and all(TEN_DIGITS.match(n) for n in plain)
    assert all(n.startswith("919") for n in plain)
    assert [d["full_number"] for d in detail] == plain
    for d in detail:
        assert d["state"] == "NC" and d["city"] and d["rate_center"] and d["lata"]

    # The ExistingTelephoneNumber order: id from Location, RECEIVED, then COMPLETE.
    numbers = plain[:2]
    assert out["in_service_before"] == []
    assert re.fullmatch(r"[0-9a-f-]{36}", out["order_id"])
    assert out["order_created_status"] == "RECEIVED"
    assert out["order_statuses"][-1] == "COMPLETE"
    final = out["order_final"]
    assert final["status"] == "COMPLETE"
    assert sorted(final["completed"]) == sorted(numbers)
    assert (final["completed_quantity"], final["failed_quantity"]) == ("2", "0")
    assert (final["site_id"], final["name"]) == ("100", "peer SDK order")
    assert final["customer_order_id"] == "peer-sdk-1"

    # SDK bug (v2 notes §8.1): its camel-casing writes NpanxxSearchAndOrderType and
    # EnableLca instead of the documented NPANXXSearchAndOrderType/EnableLCA. The sandbox
    # accepts those element-name variants (issue 2), so the order still completes here.
    assert "NpanxxSearchAndOrderType" in out["npanxx_wire_names"]
    assert "EnableLca" in out["npanxx_wire_names"]
    assert out["npanxx_final"]["status"] == "COMPLETE"
    [third] = out["npanxx_final"]["completed"]
    assert TEN_DIGITS.match(third) and third.startswith(numbers[0][:6])
    assert third not in numbers

    # The numbers appear in the in-service list and its totals…
    bought = [*numbers, third]
    assert out["in_service_after_order"] == bought
    assert out["in_service_total_after_order"] == "3"

    # …and the disconnect (RECEIVED, then COMPLETE) takes them out again.
    assert re.fullmatch(r"[0-9a-f-]{36}", out["disconnect_id"])
    assert out["disconnect_created_status"] == "RECEIVED"
    assert out["disconnect_statuses"][-1] == "COMPLETE"
    assert out["disconnect_final"]["status"] == "COMPLETE"
    assert out["in_service_after_disconnect"] == []
    assert out["in_service_total_after_disconnect"] == "0"

    # Errors. An <ErrorList> directly under the root is what the SDK's parser handles:
    # it raises RestError("{code} Iris error: {description}").
    assert out["error_bad_site"] == {
        "raised": "RestError",
        "message": "5016 Iris error: The SiteId submitted is invalid.",
    }
    # SDK bug (v2 notes §8.1): for any other error body its parser calls
    # Element.getchildren(), removed in Python 3.9, and its bare `except:` turns that into
    # a RestError whose message is the raw response bytes. So the search error is raised,
    # but as the repr of the <SearchResult><Error> body rather than "4000 Iris error: …".
    assert out["etree_has_getchildren"] is False
    search = out["error_search"]
    assert search["raised"] == "RestError"
    assert search["message"].startswith("b'<?xml")
    assert "<SearchResult><Error><Code>4000</Code>" in search["message"]
    assert "Iris error" not in search["message"]
    # The same for a 404's <ErrorResponse><ResponseStatus> (the SDK only formats
    # ErrorList/Error/{Code, Description}; a ResponseStatus has no Code to format).
    unknown = out["error_unknown_order"]
    assert unknown["raised"] == "RestError"
    assert "<ResponseStatus><Description>The resource does not exist" in unknown["message"]
    # A 401 has an empty body, so the SDK re-raises requests' HTTPError, as documented.
    assert out["error_auth"]["raised"] == "HTTPError"
    assert out["error_auth"]["message"].startswith("401 Client Error")

    assert "Traceback" not in sb.log_text()
