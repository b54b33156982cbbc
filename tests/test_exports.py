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
