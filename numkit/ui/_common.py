"""What every panel shares: the status line, error rendering, the busy-button guard,
background jobs with a live ticker, and DataFrame → HTML.

Why outputs are appended explicitly instead of relying on ``with out:`` capture alone:
``Output`` only captures inside an IPython kernel, and from a background thread ``with
out:`` would capture whatever cell happens to run at that moment. Appending to
``Output.outputs`` works in a kernel, under Voilà, from a thread and in a plain Python
process (where tests run), so what a test asserts on is what a user sees. Callbacks
still run inside ``with self._out:`` so stray prints from any library land in the
panel, never in the log.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ipywidgets as widgets

from ..display import html_block
from ..errors import NumkitError

__all__ = [
    "ClientPanel",
    "Job",
    "Panel",
    "api_of",
    "busy",
    "frame_html",
    "hide",
    "show",
]

MAX_TABLE_ROWS = 200
#: Width of one-line inputs: their placeholders fit at JupyterLab's default width.
FIELD_WIDTH = "440px"


def AUTO_WIDTH() -> widgets.Layout:
    """A layout as wide as the control's label (checkboxes, buttons), also in a VBox
    (where ``auto`` would stretch it to the full width)."""
    return widgets.Layout(width="fit-content")


_STATUS_COLORS: dict[str, str | None] = {
    "info": None,
    "busy": "#555555",
    "ok": "#1a7f37",
    "warn": "#9a6700",
    "error": "#cf222e",
}


def api_of(client: Any) -> str:
    """``"V1"`` or ``"V2"``: the ``api`` a client declares."""
    from .apis import api_for

    return api_for(client).name


def hide(widget: widgets.Widget) -> None:
    widget.layout.display = "none"


def show(widget: widgets.Widget, visible: bool = True) -> None:
    widget.layout.display = None if visible else "none"


@contextlib.contextmanager
def busy(*buttons: widgets.Button) -> Iterator[None]:
    """Disable ``buttons`` while a call is in flight; re-enable them in ``finally``."""
    before = [b.disabled for b in buttons]
    for button in buttons:
        button.disabled = True
    try:
        yield
    finally:
        for button, was in zip(buttons, before, strict=True):
            button.disabled = was


def frame_html(frame: Any, *, max_rows: int = MAX_TABLE_ROWS) -> str:
    """A DataFrame as an escaped HTML table (at most ``max_rows`` rows, with a note)."""
    if frame is None:
        return ""
    total = len(frame)
    shown = frame.head(max_rows)
    table = shown.to_html(index=False, escape=True, border=0, na_rep="<NA>", classes="numkit-table")
    style = (
        "<style>.numkit-table{border-collapse:collapse;font-size:12px}"
        ".numkit-table th,.numkit-table td{padding:2px 8px;border-bottom:1px solid #ddd;"
        "text-align:left;font-family:monospace}</style>"
    )
    note = ""
    if total > max_rows:
        note = f"<div><i>showing the first {max_rows} of {total} rows</i></div>"
    elif total == 0:
        note = "<div><i>no rows</i></div>"
    return html_block(style + table + note)


def pre(text: str) -> str:
    return html_block(
        "<pre style='white-space:pre-wrap;margin:0;font-size:12px'><code>"
        + html.escape(text)
        + "</code></pre>"
    )


class Job:
    """One background call. ``done`` is set when the panel is idle again (the work
    finished, failed or the user stopped waiting); ``stop`` asks the work to end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stop = threading.Event()
        self.done = threading.Event()
        self.started = time.monotonic()
        self.thread: threading.Thread | None = None
        self.last_status: Any = None
        self.last_change = self.started
        #: True once the outcome is on screen: the ticker stops rewriting the status.
        self.final = False
        #: Makes the panel idle again (set by the panel that runs the job).
        self.finish: Callable[[], None] = self.done.set

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class StopWaiting(Exception):
    """Raised from an ``on_progress`` callback to end a wait the user stopped."""


class Panel(widgets.VBox):
    """Base of every panel: an Output for messages, a status line, error rendering.

    Subclasses build their controls, then call ``self._wire()`` once. ``_messages``
    keeps every rendered message as ``(kind, text)`` so tests can assert on what was
    shown even where ``Output`` capture is unavailable; ``_last_error`` holds the last
    exception rendered.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("tex2jax_ignore")  # MathJax leaves the whole panel alone
        # ``status`` holds the text (contract: ``.status.value`` is the text shown); it is
        # *shown* through an escaped HTML view, because ipywidgets typesets a Label's
        # text with MathJax ("$0.35 and $1.00" would turn into math) and clips it.
        self.status = widgets.Label(value="")
        self._status_view = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.status.observe(self._render_status, names="value")
        self._out = widgets.Output(layout=widgets.Layout(max_height="240px", overflow="auto"))
        self._messages: list[tuple[str, str]] = []
        self._last_error: BaseException | None = None
        self._ui_lock = threading.RLock()
        self._job: Job | None = None
        self.done = threading.Event()
        self.done.set()

    def __repr__(self) -> str:
        # Short on purpose: this is the text/plain fallback saved in notebooks.
        api = getattr(self, "api", None)
        api = getattr(api, "value", api)
        where = f" {api}" if isinstance(api, str) else ""
        return f"<{type(self).__name__}{where}: {self.status.value or 'ready'}>"

    def _compose(self, *parts: widgets.Widget) -> None:
        """Lay out ``parts`` followed by the shared Output, then wire the
        callbacks (:meth:`_wire`). Every panel builds its view this way."""
        shown = [self._status_view if part is self.status else part for part in parts]
        self.children = [*shown, self._out]
        self._wire()

    def _wire(self) -> None:
        """Connect observers and click handlers (subclasses)."""

    # -- the status line and the Output -------------------------------------------------
    def _set_status(self, text: str, kind: str = "info") -> None:
        with self._ui_lock:
            self.status.style.text_color = _STATUS_COLORS.get(kind)
            self.status.style.font_weight = "bold" if kind in {"ok", "error", "warn"} else ""
            self.status.value = text
            self._render_status()

    def _render_status(self, _change: Any = None) -> None:
        """The status text as escaped HTML (wraps; never typeset), in its colour."""
        style = self.status.style
        css = f"color:{style.text_color};" if style.text_color else ""
        css += "font-weight:bold;" if style.font_weight == "bold" else ""
        text = html.escape(self.status.value)
        self._status_view.value = (
            f"<div class='numkit-status tex2jax_ignore' style='line-height:1.4;{css}'>{text}</div>"
            if text
            else ""
        )

    def _say(self, text: str, kind: str = "info") -> None:
        """Append one line to the panel's Output (and the private message log)."""
        with self._ui_lock:
            self._messages.append((kind, text))
            stream = "stderr" if kind == "error" else "stdout"
            self._out.outputs = (
                *self._out.outputs,
                {"output_type": "stream", "name": stream, "text": text + "\n"},
            )

    def _clear(self) -> None:
        with self._ui_lock:
            self._out.outputs = ()

    def _render_error(self, exc: BaseException, doing: str) -> None:
        """numkit errors as one readable line; anything else with its traceback."""
        self._last_error = exc
        if isinstance(exc, NumkitError):
            line = f"{doing} failed: {exc}"
            self._set_status(line, "error")
            self._say(line, "error")
            return
        line = f"{doing} failed with an unexpected {type(exc).__name__}: {exc}"
        self._set_status(line + " (traceback below)", "error")
        with self._ui_lock:
            self._messages.append(("traceback", line))
            self._out.outputs = (
                *self._out.outputs,
                {
                    "output_type": "error",
                    "ename": type(exc).__name__,
                    "evalue": str(exc),
                    "traceback": traceback.format_exception(exc),
                },
            )

    @contextlib.contextmanager
    def _reported(self, doing: str) -> Iterator[None]:
        """Run the body; render any exception instead of letting ipywidgets log it."""
        try:
            yield
        except StopWaiting:
            pass
        except Exception as exc:
            self._render_error(exc, doing)

    def _callback(self, doing: str, *buttons: widgets.Button) -> contextlib.ExitStack:
        """``with self._callback("Search", self.search_button):`` — Output, busy, errors."""
        stack = contextlib.ExitStack()
        stack.enter_context(self._out)
        stack.enter_context(busy(*buttons))
        stack.enter_context(self._reported(doing))
        return stack

    # -- background jobs ----------------------------------------------------------------
    def _start_job(
        self,
        doing: str,
        work: Callable[[Job], None],
        *,
        buttons: Sequence[widgets.Button] = (),
        stop_button: widgets.Button | None = None,
        tick: Callable[[Job], None] | None = None,
        tick_every: float = 0.5,
    ) -> Job:
        """Run ``work(job)`` in a daemon thread with ``buttons`` disabled until it ends.

        ``tick(job)`` runs every ``tick_every`` seconds meanwhile (the live elapsed-time
        line). Errors are rendered like a callback's. ``self.done`` is set when the panel
        is idle again; :meth:`wait` waits for it.
        """
        job = Job(doing)
        with self._ui_lock:
            self._job = job
            self.done.clear()
            for b in buttons:
                b.disabled = True
            if stop_button is not None:
                stop_button.disabled = False

        def finish() -> None:
            with self._ui_lock:
                if self._job is job:
                    for b in buttons:
                        b.disabled = False
                    if stop_button is not None:
                        stop_button.disabled = True
                    self._job = None
                job.done.set()
                if self._job is None:
                    self.done.set()

        job.finish = finish

        def run() -> None:
            try:
                with self._reported(doing):
                    work(job)
            finally:
                if not job.stop.is_set():
                    finish()

        def ticker() -> None:
            while not job.done.wait(tick_every):
                if job.stop.is_set():
                    return
                with self._reported(doing):
                    assert tick is not None
                    tick(job)

        job.thread = threading.Thread(target=run, name=f"numkit-{doing}", daemon=True)
        job.thread.start()
        if tick is not None:
            threading.Thread(target=ticker, name=f"numkit-{doing}-tick", daemon=True).start()
        return job

    def _stop_job(self) -> Job | None:
        """Stop waiting for the current job (its thread ends on its own, unobserved)."""
        with self._ui_lock:
            job = self._job
            if job is None:
                return None
            job.stop.set()
            job.finish()
            return job

    def _active(self, job: Job) -> bool:
        """True while ``job`` is the panel's current, unstopped job."""
        return self._job is job and not job.stop.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the panel is idle (its background call ended or was stopped).

        Returns False if ``timeout`` seconds passed first. For tests and scripts; a
        notebook never needs it.
        """
        return self.done.wait(timeout)


class ClientPanel(Panel):
    """A panel that works through one V1 or V2 client (``client``; ``api`` says which).

    Swapping the client stops a wait in progress (never the order itself) and calls
    :meth:`_use_client`, where the panel adapts its controls and forgets what the
    previous client showed.
    """

    def __init__(self, client: Any, **kwargs: Any) -> None:
        from .apis import api_for

        super().__init__(**kwargs)
        self._client = client
        self._api = api_for(client)

    @property
    def client(self) -> Any:
        return self._client

    @client.setter
    def client(self, client: Any) -> None:
        from .apis import api_for

        self._stop_job()
        self._client = client
        self._api = api_for(client)
        self._use_client()

    @property
    def api(self) -> str:
        """``"V1"`` or ``"V2"``."""
        return self._api.name

    def _use_client(self) -> None:
        """Adapt to a new client (subclasses)."""
