"""The sandbox's processes: starting, watching and stopping them, portably.

The server always runs in a child process (``python -m numkit.sandbox``), so a notebook
kernel never hosts an event loop it does not own and a crashed server never takes the
kernel with it. This module starts private sandboxes (:func:`start`) and holds the
process primitives the user's shared sandbox (:mod:`numkit.sandbox.shared`) builds on.
It imports nothing POSIX-only: process stop uses ``Popen.terminate`` / ``os.kill`` with
``SIGTERM``, which the standard library maps to ``TerminateProcess`` on Windows.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["DEFAULT_PORT", "Sandbox", "SandboxError", "health", "root_url", "start"]

DEFAULT_PORT = 8765
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
_OPTION_FLAGS = {
    "host": "--host",
    "order_delay": "--order-delay",
    "aging": "--aging",
    "max_disconnect": "--max-disconnect",
    "fault_rate": "--fault-rate",
    "fault_kinds": "--fault-kinds",
    "seed": "--seed",
    "latency": "--latency",
    "slow_seconds": "--slow-seconds",
    "reservation_hold": "--reservation-hold",
    "callback_hosts": "--callback-hosts",
}


class SandboxError(RuntimeError):
    """The sandbox could not be started, reached or stopped."""


@dataclass(eq=False)  # identity semantics: a Sandbox is a running process
class Sandbox:
    """A running sandbox. ``url`` is the root; ``v1_url``/``v2_url`` the API bases."""

    url: str
    v1_url: str
    v2_url: str
    pid: int
    state_path: str
    shared: bool = False
    #: True when the call that returned this object started the process.
    started: bool = False
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _tmpdir: str | None = field(default=None, repr=False)
    _log_path: str | None = field(default=None, repr=False)
    _env: Mapping[str, str] | None = field(default=None, repr=False)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the server (terminate, then kill) and remove a temporary state."""
        if self.shared:
            from .shared import stop_running

            stop_running(env=self._env)
            return
        _terminate(self.pid, timeout, self._process)
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
        _PRIVATE.discard(self)

    def kill(self) -> None:
        """Kill without cleanup (crash tests); the state file stays."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(10)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, getattr(signal, "SIGKILL", signal.SIGTERM))

    def log_text(self) -> str:
        """What the server printed (banner, warnings, tracebacks)."""
        if not self._log_path:
            return ""
        try:
            return Path(self._log_path).read_text(errors="replace")
        except OSError:
            return ""

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def root_url(url: str | Sandbox) -> str:
    """``scheme://host:port`` of any of a sandbox's URLs."""
    text = url.url if isinstance(url, Sandbox) else str(url)
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not a sandbox URL: {text!r}")
    return f"{parts.scheme}://{parts.netloc}"


# ---- starting and stopping processes ----------------------------------------------
def _flags(options: Mapping[str, Any]) -> list[str]:
    argv: list[str] = []
    for name, value in options.items():
        flag = _OPTION_FLAGS.get(name)
        if flag is None:
            known = ", ".join(["port", "state", *_OPTION_FLAGS])
            raise TypeError(f"unknown sandbox option {name!r} (known: {known})")
        if value is None:
            continue
        if name in ("fault_kinds", "callback_hosts") and not isinstance(value, str):
            value = ",".join(str(k) for k in value)
        argv += [flag, str(value)]
    return argv


def _child_env(env: Mapping[str, str] | None) -> dict[str, str]:
    child = dict(os.environ if env is None else env)
    package_parent = str(Path(__file__).resolve().parents[2])
    path = child.get("PYTHONPATH", "")
    child["PYTHONPATH"] = package_parent + (os.pathsep + path if path else "")
    child.setdefault("PYTHONUNBUFFERED", "1")
    return child


def _spawn(
    *,
    port: int,
    state: str,
    workdir: str,
    options: Mapping[str, Any],
    env: Mapping[str, str] | None,
    detached: bool,
    timeout: float,
    log_path: str,
) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    ready = os.path.join(workdir, f"ready-{secrets.token_hex(4)}.json")
    cmd = [
        sys.executable,
        "-m",
        "numkit.sandbox",
        "--port",
        str(port),
        "--state",
        state,
        "--ready-file",
        ready,
        *_flags(options),
    ]
    if not detached:
        cmd.append("--exit-with-parent")
    # A detached server outlives this process: its own session (POSIX) or process
    # group (Windows), so a Ctrl-C in the terminal that started it does not reach it.
    group = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if detached else 0
    with open(log_path, "ab") as log_file:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=_child_env(env),
            start_new_session=detached and os.name != "nt",
            creationflags=group,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(ready):
            try:
                info = json.loads(Path(ready).read_text())
            except (OSError, ValueError):
                time.sleep(0.02)
                continue
            with contextlib.suppress(OSError):
                os.unlink(ready)
            return proc, info
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    if proc.poll() is None:
        _terminate(proc.pid, 5.0, proc)
    tail = Path(log_path).read_text(errors="replace")[-2000:] if os.path.exists(log_path) else ""
    raise SandboxError(f"the sandbox did not start (exit {proc.returncode}):\n{tail}")


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie child of ours is not)."""
    if sys.platform == "win32":  # no signal 0 there: os.kill(pid, 0) would end the process
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # e.g. a pid beyond the system's range
        return False
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - exercised on Windows only
    if sys.platform != "win32":
        raise OSError("only on Windows")
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _terminate(pid: int, timeout: float, proc: subprocess.Popen[bytes] | None) -> None:
    """Stop a process: politely first, by force after ``timeout`` seconds."""
    if proc is not None:  # our own child: Popen knows how on every platform
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.05)
    force = getattr(signal, "SIGKILL", None)
    if force is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, force)


def health(url: str, timeout: float = 2.0) -> dict[str, Any] | None:
    """The sandbox's ``/_sandbox/health`` answer, or None if nothing sane answers."""
    try:
        with urllib.request.urlopen(f"{root_url(url)}/_sandbox/health", timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("ok") is True else None


# ---- private sandboxes ------------------------------------------------------------
def start(
    port: int = 0,
    state: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = START_TIMEOUT,
    **options: Any,
) -> Sandbox:
    """Start a private sandbox in a child process and wait until it listens.

    ``env`` (default: this process's environment) is what the child reads credentials
    from; pass a mapping without the ``NUMKIT_*``/``BANDWIDTH_*`` variables to get the
    demo customers whatever the caller's environment holds.
    """
    _flags(options)  # validate names before spawning anything
    tmpdir = tempfile.mkdtemp(prefix="numkit-sandbox-")
    state_path = str(state) if state is not None else os.path.join(tmpdir, "state.sqlite")
    log_path = os.path.join(tmpdir, "sandbox.log")
    try:
        proc, info = _spawn(
            port=port,
            state=state_path,
            workdir=tmpdir,
            options=options,
            env=env,
            detached=False,
            timeout=timeout,
            log_path=log_path,
        )
    except BaseException:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    sb = Sandbox(
        url=info["url"],
        v1_url=info["v1_url"],
        v2_url=info["v2_url"],
        pid=int(info["pid"]),
        state_path=state_path,
        _process=proc,
        _tmpdir=tmpdir,
        _log_path=log_path,
    )
    _PRIVATE.add(sb)
    return sb


# Private sandboxes still running when the interpreter exits are stopped (and their
# children also stop by themselves if this process dies without running atexit).
_PRIVATE: weakref.WeakSet[Sandbox] = weakref.WeakSet()


@atexit.register
def _stop_private() -> None:
    for sb in list(_PRIVATE):
        with contextlib.suppress(Exception):
            sb.stop(timeout=3.0)
