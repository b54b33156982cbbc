"""Assertions shared by the panel tests: rendered output, tracebacks, secrets."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ipywidgets.widgets import widget as _widget_module
from widget_tree import walk


def output_text(panel: Any) -> str:
    """Everything rendered in the panel's Output, as text."""
    parts = []
    for item in panel._out.outputs:
        kind = item.get("output_type")
        if kind == "stream":
            parts.append(item["text"])
        elif kind == "error":
            parts.append("\n".join(item.get("traceback", [])))
        else:
            parts.append(json.dumps(item.get("data", {})))
    return "".join(parts)


def assert_clean(panel: Any) -> None:
    """No unexpected error was rendered (no traceback) by the panel."""
    kinds = [item.get("output_type") for item in panel._out.outputs]
    assert "error" not in kinds, output_text(panel)
    assert not [m for m in panel._messages if m[0] == "traceback"], panel._messages
    assert "Traceback" not in output_text(panel)


def assert_no_secret(secret: str, *roots: Any, extra: Iterable[str] = ()) -> None:
    """``secret`` appears in no widget state, repr, Output or message of ``roots``, nor
    in the state of any widget alive in the process."""
    blobs: list[str] = list(extra)
    for root in roots:
        blobs.append(repr(root))
        for widget in walk(root):
            blobs.append(json.dumps(widget.get_state(), default=str))
            blobs.append(repr(widget))
        if hasattr(root, "_out"):
            blobs.append(json.dumps(root._out.outputs, default=str))
        blobs.append(repr(getattr(root, "_messages", "")))
        blobs.append(repr(getattr(root, "_last_error", "")))
        blobs.append(str(getattr(root, "_last_error", "")))
    for widget in list(_widget_module._instances.values()):
        blobs.append(json.dumps(widget.get_state(), default=str))
    leaks = [b for b in blobs if secret in b]
    assert not leaks, f"secret found in: {leaks[0][:300]}"
