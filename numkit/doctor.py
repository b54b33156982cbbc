"""``numkit doctor``: what is installed, whether the sandbox runs, which credentials are set.

It only looks: it never starts the sandbox, never sends a request to Bandwidth and never
prints a credential's value — only the *names* of the variables that are set. Paste its
output into a bug report as is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .envvars import SETTINGS, V1_FALLBACK_VARS, V1_VARS, V2_VARS

__all__ = ["PACKAGES", "collect", "main", "render"]

#: The base install (pyproject's dependencies): missing ones make ``doctor`` fail.
REQUIRED = (
    "ipywidgets",
    "pandas",
    "lxml",
    "tornado",
    "requests",
    "phonenumbers",
    "filelock",
    "platformdirs",
)
#: Distributions whose versions the report shows: numkit, the [lab] extra's front ends
#: and the kernel, then the base install.
PACKAGES = ("numkit", "jupyterlab", "voila", "jupyterlab_widgets", "ipykernel", *REQUIRED)
#: The distribution that provides the ``numkit`` import (contract: Words).
DISTRIBUTION = "numkit-bandwidth"

CREDENTIAL_VARS = {"V1": (*V1_VARS, *V1_FALLBACK_VARS), "V2": V2_VARS}


def _version(dist: str) -> str | None:
    try:
        return metadata.version(DISTRIBUTION if dist == "numkit" else dist)
    except metadata.PackageNotFoundError:
        return None


def _safe_url(url: str) -> str:
    """A URL with any user:password part masked."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        parts = parts._replace(netloc=f"***@{host}")
    return urlunsplit(parts)


def _sandbox_state(env: Mapping[str, str]) -> dict[str, Any]:
    """The shared sandbox's state, read without starting it."""
    try:
        from . import sandbox
    except Exception as exc:  # the sandbox package itself is broken: report, don't crash
        return {"running": False, "error": f"cannot import numkit.sandbox: {exc}"}
    try:
        found = sandbox.running_info(env)  # reads the run file + a health check
    except Exception as exc:  # report any failure; doctor must always finish
        return {"running": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"running": True, **found} if found else {"running": False}


def _targets(env: Mapping[str, str]) -> dict[str, str]:
    """Where ``numkit.connect()`` would send each client, and why (starting nothing)."""
    from .config import resolve
    from .errors import ConfigurationError

    out: dict[str, str] = {}
    for api in ("V1", "V2"):
        try:
            resolved = resolve(api, None, env, need_credentials=False)
        except ConfigurationError as exc:
            out[api] = f"invalid: {exc}"
            continue
        if resolved.base_url is None:
            out[api] = f"the shared sandbox ({resolved.reason})"
        elif resolved.target == "production":
            out[api] = (
                f"PRODUCTION {resolved.base_url} ({resolved.reason}) — real numbers, real money"
            )
        else:
            out[api] = f"{_safe_url(resolved.base_url)} ({resolved.reason})"
    return out


def collect(env: Mapping[str, str] | None = None, *, probe_sandbox: bool = True) -> dict[str, Any]:
    """Everything the report shows, as plain data (no secret values in it)."""
    env = os.environ if env is None else env
    import numkit

    versions: dict[str, str | None] = {"python": sys.version.split()[0]}
    versions.update({name: _version(name) for name in PACKAGES})
    if versions["numkit"] is None:
        versions["numkit"] = getattr(numkit, "__version__", None)
    from .lab import shipped_notebooks_dir, workspace_dir

    shipped = shipped_notebooks_dir(env)
    workspace = workspace_dir(env)
    return {
        "python_executable": sys.executable,
        "numkit_location": str(Path(numkit.__file__).resolve().parent),
        "versions": versions,
        "missing": sorted(n for n in REQUIRED if versions.get(n) is None),
        "sandbox": _sandbox_state(env) if probe_sandbox else {"running": None},
        "credentials": {
            api: [name for name in names if env.get(name)] for api, names in CREDENTIAL_VARS.items()
        },
        "settings": [name for name in SETTINGS if env.get(name)],
        "target": _targets(env),
        "notebooks": {
            "shipped": str(shipped),
            "shipped_count": len(list(shipped.glob("*.ipynb"))) if shipped.is_dir() else 0,
            "workspace": str(workspace),
            "workspace_exists": workspace.is_dir(),
        },
        "chromium": shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None),
    }


def _incomplete(api: str, names: Sequence[str]) -> list[str]:
    """The credential variables still missing for ``api`` (V1 accepts either spelling)."""
    have = set(names)
    if api == "V2":
        return [n for n in V2_VARS if n not in have]
    pairs = zip(V1_VARS, V1_FALLBACK_VARS, strict=True)
    return [a for a, b in pairs if a not in have and b not in have]


def render(info: Mapping[str, Any]) -> str:
    lines = ["numkit doctor", "", "versions"]
    for name, version in info["versions"].items():
        lines.append(f"  {name:<19} {version or 'NOT INSTALLED'}")
    lines.append(f"  {'(python at)':<19} {info['python_executable']}")
    lines.append(f"  {'(numkit at)':<19} {info['numkit_location']}")
    if info["missing"]:
        lines.append(f"  missing: {', '.join(info['missing'])} — reinstall numkit with pip")

    lines += ["", "shared sandbox (not started by doctor)"]
    sb = info["sandbox"]
    if sb.get("running"):
        lines.append(
            f"  running at {sb.get('url')}" + (f" (pid {sb['pid']})" if sb.get("pid") else "")
        )
        for key in ("v1_url", "v2_url", "state_path"):
            if sb.get(key):
                lines.append(f"  {key:<11}{sb[key]}")
    elif sb.get("running") is None and not sb.get("error"):
        lines.append("  not checked")
    else:
        lines.append(
            "  not running — 'numkit sandbox --detach' or 'numkit lab' starts it; "
            "so does numkit.connect()"
        )
    if sb.get("error"):
        lines.append(f"  note: {sb['error']}")

    lines += ["", "credentials (variable names only; values are never shown)"]
    for api, names in info["credentials"].items():
        if names:
            lines.append(f"  {api}: {', '.join(names)}")
            missing = _incomplete(api, names)
            if missing:
                lines.append(
                    f"      incomplete: {', '.join(missing)} not set, so these are ignored "
                    "(sandbox: demo customer; production: an error)"
                )
        else:
            lines.append(f"  {api}: none set (the sandbox's demo customer is used)")
    if info["settings"]:
        lines.append(f"  other numkit settings: {', '.join(info['settings'])}")

    lines += ["", "target (where numkit.connect() would go)"]
    for api, where in info["target"].items():
        lines.append(f"  {api} → {where}")

    nb = info["notebooks"]
    lines += ["", "notebooks"]
    lines.append(f"  shipped    {nb['shipped']} ({nb['shipped_count']} notebooks)")
    lines.append(
        f"  workspace  {nb['workspace']}"
        + ("" if nb["workspace_exists"] else " (created by 'numkit lab')")
    )
    lines += ["", f"chromium (browser tests only): {info['chromium'] or 'not found'}"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="numkit doctor",
        description="Show versions, the shared sandbox's state and which credential "
        "variables are set (names only). Starts nothing, sends nothing.",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    args = p.parse_args(list(argv) if argv is not None else None)
    info = collect()
    print(json.dumps(info, indent=2) if args.json else render(info))
    return 1 if info["missing"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
