"""The sandbox from Python: private sandboxes for tests, the user's shared one for notebooks.

This module stays light (no Tornado, no lxml): the server always runs in a child
process (``python -m numkit.sandbox``), so a notebook kernel never hosts an event loop
it does not own, and a crashed server never takes the kernel with it.

- ``start(port=0, state=None, **options) -> Sandbox``: a private child process; the
  options are the CLI flags in snake_case (``order_delay=0.2``, ``fault_rate=0.2``,
  ``fault_kinds=["503", "drop"]``, ``max_disconnect=10``…). ``state=None`` uses a fresh
  temporary file, deleted by ``stop()``.
- ``ensure_running(**options) -> Sandbox``: the user's shared sandbox (see
  :mod:`numkit.sandbox.paths` for where its files live). A file lock makes two kernels
  agree on one process; it is restarted when the credentials in the environment differ
  from the ones it was started with (compared through a salted hash; no secret is
  written to disk).
- ``stop_running()``, ``set_faults(url, ...)``, ``get_faults(url)``.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .customers import credentials_fingerprint, same_fingerprint
from .paths import data_dir, runtime_dir

__all__ = [
    "DEFAULT_PORT",
    "Sandbox",
    "SandboxError",
    "ensure_running",
    "get_faults",
    "set_faults",
    "start",
    "stop_running",
]

DEFAULT_PORT = 8765
_OPTION_FLAGS = {
    "host": "--host",
    "order_delay": "--order-delay",
    "aging": "--aging",
    "max_disconnect": "--max-disconnect",
    "fault_rate": "--fault-rate",
    "fault_kinds": "--fault-kinds",
    "seed": "--seed",
    "latency": "--latency",
}
_INFO = "sandbox.json"
_LOCK = "sandbox.lock"


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
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _tmpdir: str | None = field(default=None, repr=False)
    _log_path: str | None = field(default=None, repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove a temporary state."""
        if self.shared:
            stop_running()
            return
        if self._process is not None:
            _terminate(self._process.pid, timeout, self._process)
        else:
            _terminate(self.pid, timeout, None)
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
        _PRIVATE.discard(self)

    def kill(self) -> None:
        """SIGKILL without cleanup (crash tests); the state file stays."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        if self._process is not None:
            self._process.wait(10)

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


# ---- private sandboxes ------------------------------------------------------------
def _flags(options: Mapping[str, Any]) -> list[str]:
    argv: list[str] = []
    for name, value in options.items():
        flag = _OPTION_FLAGS.get(name)
        if flag is None:
            known = ", ".join(["port", "state", *_OPTION_FLAGS])
            raise TypeError(f"unknown sandbox option {name!r} (known: {known})")
        if value is None:
            continue
        if name == "fault_kinds" and not isinstance(value, str):
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
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_child_env(env),
            start_new_session=detached,
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


def start(
    port: int = 0,
    state: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
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


# ---- the shared sandbox -------------------------------------------------------------
@contextlib.contextmanager
def _locked(run_dir: Path) -> Iterator[None]:
    with open(run_dir / _LOCK, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read_info(run_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((run_dir / _INFO).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_info(run_dir: Path, info: Mapping[str, Any]) -> None:
    target = run_dir / _INFO
    tmp = run_dir / (_INFO + ".tmp")
    tmp.write_text(json.dumps(info))
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def _health(url: str, timeout: float = 2.0) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{_root(url)}/_sandbox/health", timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("ok") is True else None


def _healthy(info: Mapping[str, Any]) -> bool:
    pid = int(info.get("pid") or 0)
    if pid <= 0 or not _alive(pid):
        return False
    health = _health(str(info.get("url", "")))
    return health is not None and health.get("pid") == pid


def _terminate(pid: int, timeout: float, proc: subprocess.Popen[bytes] | None) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        if proc is not None:
            proc.wait(timeout)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None:
            if proc.poll() is not None:
                return
        elif not _alive(pid):
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if proc is not None:
        proc.wait(timeout)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def ensure_running(**options: Any) -> Sandbox:
    """The user's shared sandbox, started in the background if it is not running.

    Options are the CLI flags in snake_case; they only apply when a new process is
    started (a healthy running sandbox is reused as it is).
    """
    env = dict(os.environ)
    run_dir = runtime_dir(env)
    port = int(options.pop("port", DEFAULT_PORT))
    state = options.pop("state", None)
    _flags(options)
    with _locked(run_dir):
        info = _read_info(run_dir)
        salt = bytes.fromhex(info["salt"]) if info and info.get("salt") else secrets.token_bytes(16)
        fingerprint = credentials_fingerprint(env, salt)
        if info and _healthy(info):
            if same_fingerprint(str(info.get("credentials", "")), fingerprint):
                return _shared(info)
            _terminate(int(info["pid"]), 10.0, None)
        host = str(options.get("host") or "127.0.0.1")
        if port and not _port_free(host, port):
            port = 0
        state_path = str(state) if state else str(data_dir(env) / "sandbox.sqlite")
        _proc, started = _spawn(
            port=port,
            state=state_path,
            workdir=str(run_dir),
            options=options,
            env=env,
            detached=True,
            timeout=60.0,
            log_path=str(run_dir / "sandbox.log"),
        )
        record = {
            **started,
            "credentials": fingerprint,
            "salt": salt.hex(),
            "started_at": time.time(),
        }
        _write_info(run_dir, record)
        return _shared(record)


def _shared(info: Mapping[str, Any]) -> Sandbox:
    return Sandbox(
        url=str(info["url"]),
        v1_url=str(info["v1_url"]),
        v2_url=str(info["v2_url"]),
        pid=int(info["pid"]),
        state_path=str(info["state_path"]),
        shared=True,
    )


def stop_running() -> bool:
    """Stop the user's shared sandbox; True if one was running."""
    run_dir = runtime_dir()
    with _locked(run_dir):
        info = _read_info(run_dir)
        stopped = False
        if info and _healthy(info):
            _terminate(int(info["pid"]), 10.0, None)
            stopped = True
        with contextlib.suppress(OSError):
            (run_dir / _INFO).unlink()
        return stopped


def running_info() -> dict[str, Any] | None:
    """The shared sandbox's record (URL, pid, state) if it is running and healthy."""
    run_dir = runtime_dir()
    info = _read_info(run_dir)
    if info and _healthy(info):
        return {k: v for k, v in info.items() if k not in ("credentials", "salt")}
    return None


# ---- faults -----------------------------------------------------------------------
def _root(url: str | Sandbox) -> str:
    text = url.url if isinstance(url, Sandbox) else str(url)
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not a sandbox URL: {text!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _control(url: str | Sandbox, method: str, body: Mapping[str, Any] | None) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        f"{_root(url)}/_sandbox/faults",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"} if data else {},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return dict(json.loads(resp.read().decode("utf-8")))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        raise SandboxError(f"{method} /_sandbox/faults failed: HTTP {exc.code} {detail}") from exc
    except OSError as exc:
        raise SandboxError(f"the sandbox at {_root(url)} is not reachable: {exc}") from exc


def set_faults(
    url: str | Sandbox,
    *,
    rate: float | None = None,
    kinds: list[str] | tuple[str, ...] | str | None = None,
    seed: int | None = None,
    latency: float | None = None,
) -> dict[str, Any]:
    """Change the given fault settings (others stay); returns the new settings."""
    changes: dict[str, Any] = {}
    if rate is not None:
        changes["rate"] = rate
    if kinds is not None:
        changes["kinds"] = kinds.split(",") if isinstance(kinds, str) else list(kinds)
    if seed is not None:
        changes["seed"] = seed
    if latency is not None:
        changes["latency"] = latency
    return _control(url, "PUT", changes)


def get_faults(url: str | Sandbox) -> dict[str, Any]:
    """The sandbox's current fault settings."""
    return _control(url, "GET", None)
