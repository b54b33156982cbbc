"""Walking a widget tree, shared by the panel tests and the hostile-HTML test.

``tests/`` is on ``sys.path`` (pytest puts the root conftest's folder there), so any
test can ``from widget_tree import walk``.
"""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as widgets


def walk(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """``root`` and every widget reachable from its traits (children, layouts, styles)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        for name in widget.keys:
            value = getattr(widget, name, None)
            values = value if isinstance(value, list | tuple) else [value]
            stack.extend(v for v in values if isinstance(v, widgets.Widget))
