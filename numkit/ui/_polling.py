"""What the order and disconnect panels share: a progress bar and a live status line
while a V2 order is polled in the background, and V1's one-call-per-number loop."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..errors import NumkitError, PollStopped, PollTimeout
from ._common import AUTO_WIDTH, ClientPanel, Job, StopWaiting, frame_html

__all__ = ["TERMINAL", "PollingPanel", "v1_outcome_frame"]

TERMINAL = {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}
_STAGE = {"RECEIVED": 1, "PROCESSING": 2}
_BAR = {"COMPLETE": "success", "PARTIAL": "warning", "BACKORDERED": "warning", "FAILED": "danger"}
V1_COLUMNS = ["number", "id", "outcome", "error_code", "error_description"]


def v1_outcome_frame(rows: list[dict[str, Any]]):  # -> pandas.DataFrame
    """V1 has no order object: one row per number tried, like ``status.to_frame()``."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=V1_COLUMNS)
    for column in ("number", "id", "error_code", "error_description"):
        frame[column] = frame[column].astype("string")
    frame["outcome"] = pd.Categorical(frame["outcome"], categories=["completed", "failed"])
    return frame


def v1_row(
    number: str,
    number_id: str | None,
    outcome: str = "completed",
    code: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    return {
        "number": number,
        "id": number_id,
        "outcome": outcome,
        "error_code": code,
        "error_description": description,
    }


class PollingPanel(ClientPanel):
    """A :class:`Panel` with ``progress``, ``stop_button``, a result table and ``result``."""

    noun = "Order"

    def __init__(self, client: Any, *, timeout: float = 120.0, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self.timeout = timeout
        self.stop_button = widgets.Button(
            description="Stop waiting", icon="stop", disabled=True, layout=AUTO_WIDTH()
        )
        self.progress = widgets.IntProgress(value=0, min=0, max=3, description="Progress")
        self._table = widgets.HTML()
        self.result = None

    def _reset_view(self) -> None:
        """Forget the last answer: status, messages, result table and progress."""
        self._clear()
        self.result = None
        self._table.value = ""
        self._set_status("")
        self.progress.value = 0
        self.progress.bar_style = ""

    # -- progress -----------------------------------------------------------------------
    def _reset_progress(self, maximum: int) -> None:
        self.progress.max = max(1, maximum)
        self.progress.value = 0
        self.progress.bar_style = "info"

    def _elapsed(self, job: Job) -> float:
        since = getattr(job.last_status, "elapsed", None)
        if isinstance(since, int | float) and not isinstance(since, bool):
            return float(since) + (time.monotonic() - job.last_change)
        return job.elapsed()

    def _line(self, job: Job) -> str:
        status = job.last_status
        if status is None:
            return f"{job.name}: waiting for the server… {job.elapsed():.1f} s"
        if isinstance(status, str):
            return f"{status} — {job.elapsed():.1f} s"
        return f"{self.noun} {status.id}: {status.status} — {self._elapsed(job):.1f} s elapsed"

    def _tick(self, job: Job) -> None:
        with self._ui_lock:
            if self._active(job) and not job.final:
                self._set_status(self._line(job), "busy")

    def _final(self, job: Job, text: str, kind: str) -> None:
        with self._ui_lock:
            job.final = True
            self._set_status(text, kind)

    def _busy_refused(self) -> bool:
        if self._job is not None:
            self._say("Still busy with the previous request: stop it or wait.", "warn")
            return True
        return False

    # -- V2: poll with on_progress ------------------------------------------------------
    def _poll(self, job: Job, label: str, wait: Callable[..., Any], target: Any) -> Any:
        """``wait(target, on_progress=…, timeout=…, stop=…)`` (a client's
        ``wait_for_order`` or ``wait_for_disconnect``); the final status, or None after a
        timeout or a stop. The job's stop event ends the polling at once ("Stop
        waiting"), not at the next status change."""

        def on_progress(status: Any) -> None:
            if job.stop.is_set():
                raise StopWaiting
            with self._ui_lock:
                job.last_status = status
                job.last_change = time.monotonic()
                if self._active(job) and not job.final:
                    stage = 3 if status.status in TERMINAL else _STAGE.get(status.status, 1)
                    self.progress.value = min(self.progress.max, stage)
                    self._set_status(self._line(job), "busy")
            if self._active(job):
                self._say(f"{label}: {status.status} after {self._elapsed(job):.1f} s")

        try:
            return wait(target, on_progress=on_progress, timeout=self.timeout, stop=job.stop)
        except PollStopped:
            return None
        except PollTimeout as exc:
            if self._active(job):
                last = getattr(exc.last_status, "status", None) or "without a final state"
                self._final(
                    job,
                    f"{label} is still {last} after {self.timeout:g} s of waiting. It "
                    "continues on the server; nothing was cancelled.",
                    "warn",
                )
                self.progress.bar_style = "warning"
                self._say(str(exc))
            return None

    def _follow(
        self, job: Job, label: str, wait: Callable[..., Any], target: Any, *, verb: str
    ) -> bool:
        """Poll to the end and show the outcome; False after a timeout or a stop."""
        status = self._poll(job, label, wait, target)
        if status is None:
            return False
        self._show_outcome(job, status, verb=verb)
        return True

    def _show_outcome(self, job: Job, status: Any, *, verb: str) -> None:
        if not self._active(job):
            return
        frame = status.to_frame()
        self.result = frame
        self._table.value = frame_html(frame)
        done, failed = len(status.completed_numbers), len(status.failed_numbers)
        for code, description, number in status.errors:
            self._say(f"{number or self.noun.lower()}: {code} {description}", "error")
        text = (
            f"{self.noun} {status.id}: {status.status} — {done} {verb}, {failed} failed "
            f"({self._elapsed(job):.1f} s)"
        )
        if status.status == "BACKORDERED":
            text += ". Nothing allocated yet: the back-order stays open on the server."
        kind = {"COMPLETE": "ok", "FAILED": "error"}.get(status.status, "warn")
        self.progress.value = self.progress.max
        self.progress.bar_style = _BAR.get(status.status, "info")
        self._final(job, text, kind)
        self._say(text)

    # -- V1: one synchronous call per number --------------------------------------------
    def _per_number(
        self,
        job: Job,
        numbers: list[str],
        call: Callable[[str], Any],
        *,
        doing: str,
        done_text: Callable[[str, Any], tuple[str, str | None]],
    ) -> list[dict[str, Any]]:
        """Call ``call(number)`` for each number until stopped; a numkit error marks that
        number failed (shown in the table and the output) and the loop goes on."""
        rows: list[dict[str, Any]] = []
        for index, number in enumerate(numbers):
            if job.stop.is_set():
                break
            with self._ui_lock:
                job.last_status = f"V1: {doing} {number} ({index + 1} of {len(numbers)})"
            try:
                answer = call(number)
            except NumkitError as exc:
                rows.append(v1_row(number, None, "failed", getattr(exc, "code", None), str(exc)))
                self._say(f"{number}: {exc}", "error")
            else:
                shown, number_id = done_text(number, answer)
                rows.append(v1_row(shown, number_id))
            if self._active(job):
                self.progress.value = index + 1
        return rows

    def _show_v1_rows(self, job: Job, rows: list[dict[str, Any]], *, verb: str, note: str) -> None:
        frame = v1_outcome_frame(rows)
        if self._job in (None, job):  # stopped or not, show what was done
            self.result = frame
            self._table.value = frame_html(frame)
        done = sum(1 for r in rows if r["outcome"] == "completed")
        failed = len(rows) - done
        if self._active(job):
            text = f"V1: {done} number(s) {verb}, {failed} failed ({job.elapsed():.1f} s). {note}"
            self.progress.value = self.progress.max
            self.progress.bar_style = (
                "success" if not failed else ("danger" if not done else "warning")
            )
            self._final(job, text, "ok" if not failed else ("error" if not done else "warn"))
            self._say(text)
