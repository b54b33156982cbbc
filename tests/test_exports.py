"""The public surface is a promise: pin it, and keep `import numkit` light."""

from __future__ import annotations

import json
import subprocess
import sys

import numkit

CONTRACT_NAMES = {
    "connect",
    "Kit",
    "V1Client",
    "V2Client",
    "parse_search_result",
    "parse_order_response",
    "NumkitError",
    "ConfigurationError",
    "ValidationError",
    "TransportError",
    "Timeout",
    "ApiError",
    "AuthenticationError",
    "PermissionDenied",
    "NotFound",
    "RateLimited",
    "ServerError",
    "ResponseParseError",
    "PollTimeout",
    "PollStopped",
    "OutcomeUnknown",
    "Notification",
    "Subscription",
    "Reservation",
    "scan",
    "CredentialsPanel",
    "SearchPanel",
    "OrderPanel",
    "DisconnectPanel",
    "ExchangeInspector",
    "SideBySidePanel",
    "walkthrough",
    "migrate",
    "validate",
    "sandbox",
}


def test_all_contract_names_exported_and_resolvable():
    assert set(numkit.__all__) >= CONTRACT_NAMES
    for name in numkit.__all__:
        assert getattr(numkit, name) is not None, name


def test_error_hierarchy():
    assert issubclass(numkit.ConfigurationError, ValueError)
    assert issubclass(numkit.ValidationError, ValueError)
    assert issubclass(numkit.Timeout, numkit.TransportError)
    for cls in (
        numkit.AuthenticationError,
        numkit.PermissionDenied,
        numkit.NotFound,
        numkit.RateLimited,
        numkit.ServerError,
    ):
        assert issubclass(cls, numkit.ApiError)
    for cls in (
        numkit.ApiError,
        numkit.TransportError,
        numkit.ResponseParseError,
        numkit.PollTimeout,
        numkit.ValidationError,
        numkit.ConfigurationError,
    ):
        assert issubclass(cls, numkit.NumkitError)


def test_import_numkit_is_light():
    code = (
        "import sys, json, numkit; "
        "print(json.dumps([m for m in ('pandas','ipywidgets','tornado','requests','lxml') "
        "if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_import_numkit_leaves_ipython_alone():
    """No IPython import and no handler change on import (one-line errors are opt-in)."""
    code = "import sys, numkit; print('IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# Module-level imports that exist only on POSIX: none may be needed to import numkit.
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource")

EVERY_MODULE = """
import importlib, json, pkgutil, sys, warnings
for name in {posix!r}:
    sys.modules[name] = None  # "import fcntl" now raises ImportError, as on Windows
warnings.simplefilter("ignore")
import numkit
failed = {{}}
names = ["numkit"] + [
    m.name for m in pkgutil.walk_packages(numkit.__path__, "numkit.")
    if not m.name.startswith("numkit.samples")  # a user's V1 project, scanned, never run
]
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{{type(exc).__name__}}: {{exc}}"
print(json.dumps({{"count": len(names), "failed": failed}}))
"""


def test_every_module_imports_without_posix_only_modules():
    """Issue 17: nothing POSIX-only (fcntl …) is imported at module level anywhere."""
    code = EVERY_MODULE.format(posix=POSIX_ONLY)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=240
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["count"] > 40  # really walked the package
    assert report["failed"] == {}
