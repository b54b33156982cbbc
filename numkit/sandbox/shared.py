"""The user's shared sandbox: one per user, found through a run file, guarded by a lock.

A small run file (``sandbox.json``: URLs, pid, a salted hash of the credentials it
accepts, which sessions used it) in the runtime folder (:mod:`numkit.sandbox.paths`)
describes the running process; a ``filelock`` lock makes two kernels agree on one
process. A damaged run file is never fatal: it is reported (logger ``numkit.sandbox``,
shown on stderr by default) and replaced. A lock held for longer than ``LOCK_TIMEOUT``
(a frozen process) is a :class:`SandboxError` naming the holder, never an endless wait.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..envvars import CREDENTIAL_VARIABLES, SESSION
from .customers import credentials_fingerprint, same_fingerprint
from .paths import data_dir, runtime_dir
from .process import (
    DEFAULT_PORT,
    START_TIMEOUT,
    STOP_TIMEOUT,
    Sandbox,
    SandboxError,
    _alive,
    _flags,
    _spawn,
    _terminate,
    health,
)

__all__ = [
    "LOCK_TIMEOUT",
    "ensure_running",
    "running_info",
    "stop_if_unused",
    "stop_running",
]

log = logging.getLogger("numkit.sandbox")

#: Seconds a caller waits for the shared sandbox's lock: longer than a healthy holder
#: needs (a start may take up to ``START_TIMEOUT``, a stop up to ``STOP_TIMEOUT``).
LOCK_TIMEOUT = 120.0
_INFO = "sandbox.json"
_LOCK = "sandbox.lock"
_OWNER = "sandbox.lock.owner"


# ---- lock and run file ---------------------------------------------------------------
@contextlib.contextmanager
def _locked(run_dir: Path, timeout: float | None) -> Iterator[None]:
    """Hold the shared sandbox's lock; a holder that never lets go is an error, not a hang."""
    from filelock import FileLock
    from filelock import Timeout as LockTimeout

    wait = LOCK_TIMEOUT if timeout is None else timeout
    lock = FileLock(str(run_dir / _LOCK), timeout=wait)
    try:
        lock.acquire()
    except LockTimeout:
        raise SandboxError(_lock_message(run_dir, wait)) from None
    try:
        owner = {"pid": os.getpid(), "since": time.time()}
        with contextlib.suppress(OSError):
            (run_dir / _OWNER).write_text(json.dumps(owner))
        yield
    finally:
        lock.release()


def _lock_message(run_dir: Path, waited: float) -> str:
    holder = ""
    try:
        owner = json.loads((run_dir / _OWNER).read_text())
        pid, since = int(owner["pid"]), float(owner["since"])
        holder = f" by process {pid} (holding it for {time.time() - since:.0f} s)"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return (
        f"the shared sandbox's lock {run_dir / _LOCK} is held{holder}; gave up after "
        f"{waited:g} s. If that process is stuck (a frozen kernel), end it and try again."
    )


@dataclass(frozen=True)
class _Record:
    """A run file's contents, checked field by field (it may be damaged or forged)."""

    pid: int | None  # the process it names, if the pid is usable
    url: str | None  # its root URL, if usable
    shared: Sandbox | None  # the full description, if every field is usable
    salt: bytes | None
    fingerprint: str | None
    problems: tuple[str, ...]
    started_by: str | None = None  # the session tag of the caller that started it
    used_by: frozenset[str] = frozenset()  # every session tag that asked for it since
    data: Mapping[str, Any] = field(default_factory=dict)  # the file as read


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _http_url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return value if parts.scheme == "http" and parts.hostname else None


def _salt(value: object) -> bytes | None:
    try:
        salt = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        return None
    return salt if len(salt) >= 16 else None


def _read_record(run_dir: Path) -> _Record | None:
    """The run file, or None when there is none; damage is listed in ``problems``."""
    path = run_dir / _INFO
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _Record(None, None, None, None, None, (f"cannot be read ({exc})",))
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return _Record(None, None, None, None, None, ("is not a JSON object",))
    pid, url, salt = _int(data.get("pid")), _http_url(data.get("url")), _salt(data.get("salt"))
    v1, v2 = _http_url(data.get("v1_url")), _http_url(data.get("v2_url"))
    state, fingerprint = data.get("state_path"), data.get("credentials")
    checks = {
        "pid": pid,
        "url": url,
        "v1_url": v1,
        "v2_url": v2,
        "state_path": state if isinstance(state, str) and state else None,
        "salt": salt,
        "credentials": fingerprint if isinstance(fingerprint, str) and fingerprint else None,
    }
    problems = tuple(f"has an unusable {name!r}" for name, value in checks.items() if not value)
    shared = None
    if pid and url and v1 and v2 and isinstance(state, str) and state:
        shared = Sandbox(url=url, v1_url=v1, v2_url=v2, pid=pid, state_path=state, shared=True)
    used = data.get("used_by")
    started_by = data.get("started_by")
    return _Record(
        pid,
        url,
        shared,
        salt,
        fingerprint if isinstance(fingerprint, str) else None,
        problems,
        started_by if isinstance(started_by, str) else None,
        frozenset(t for t in used if isinstance(t, str)) if isinstance(used, list) else frozenset(),
        data,
    )


def _write_record(run_dir: Path, info: Mapping[str, Any]) -> None:
    target = run_dir / _INFO
    tmp = run_dir / (_INFO + ".tmp")
    tmp.write_text(json.dumps(info))
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def _running(record: _Record | None) -> bool:
    """The process the record names is alive and is the sandbox answering at its URL."""
    if record is None or record.pid is None or record.url is None or not _alive(record.pid):
        return False
    answer = health(record.url)
    return answer is not None and answer.get("pid") == record.pid


def _report(run_dir: Path, record: _Record | None, action: str) -> None:
    if record is not None and record.problems:
        log.warning(
            "numkit: the shared sandbox's run file %s %s; %s.",
            run_dir / _INFO,
            "; ".join(record.problems),
            action,
        )


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _shared_child_env(env: Mapping[str, str] | None) -> dict[str, str]:
    """The shared sandbox's environment: this process's, with exactly ``env``'s credentials.

    So ``connect(env=…)`` and a client's ``env=`` get a sandbox that accepts the
    credentials they send (one environment), whatever else ``os.environ`` holds.
    """
    if env is None:
        return dict(os.environ)
    child = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_VARIABLES}
    child.update(env)
    return child


# ---- the public functions ---------------------------------------------------------
def ensure_running(
    *,
    env: Mapping[str, str] | None = None,
    lock_timeout: float | None = None,
    **options: Any,
) -> Sandbox:
    """The user's shared sandbox, started in the background if it is not running.

    ``env`` (default: this process's environment) holds the credentials the sandbox must
    accept; a running one started with other credentials is restarted (compared through
    a salted hash; no secret is written to disk). Options are the CLI flags in
    snake_case (plus ``port``/``state``); they only apply when a new process is started.
    A damaged run file is reported and replaced, never raised.
    """
    child_env = _shared_child_env(env)
    run_dir = runtime_dir(env)
    session = _session(env)
    port = int(options.pop("port", DEFAULT_PORT))
    state = options.pop("state", None)
    _flags(options)
    with _locked(run_dir, lock_timeout):
        record = _read_record(run_dir)
        running = _running(record)
        salt = record.salt if record is not None and record.salt else secrets.token_bytes(16)
        fingerprint = credentials_fingerprint(child_env, salt)
        if running and record is not None and record.pid is not None:
            shared, known = record.shared, record.fingerprint
            if shared is not None and known is not None and same_fingerprint(known, fingerprint):
                if session not in record.used_by:
                    used = sorted(record.used_by | {session})
                    _write_record(run_dir, {**record.data, "used_by": used})
                return _attach(shared, env, started=False)
            if record.problems:
                _report(run_dir, record, f"restarting the sandbox it names (pid {record.pid})")
            else:
                log.info("numkit: credentials changed; restarting the shared sandbox.")
            _terminate(record.pid, STOP_TIMEOUT, None)
        else:
            _report(run_dir, record, "starting a new sandbox")
        started = _spawn_shared(run_dir, port, state, options, child_env, env)
        info = {
            **started,
            "credentials": fingerprint,
            "salt": salt.hex(),
            "started_at": time.time(),
            "started_by": session,
            "used_by": [session],
        }
        _write_record(run_dir, info)
        new = _read_record(run_dir)
        if new is None or new.shared is None:  # pragma: no cover - the child wrote nonsense
            raise SandboxError(f"the sandbox started but reported {started!r}")
        return _attach(new.shared, env, started=True)


def _spawn_shared(
    run_dir: Path,
    port: int,
    state: str | None,
    options: Mapping[str, Any],
    child_env: Mapping[str, str],
    env: Mapping[str, str] | None,
) -> dict[str, Any]:
    """Start the shared sandbox's process; its ready report (URLs, pid)."""
    host = str(options.get("host") or "127.0.0.1")
    if port and not _port_free(host, port):
        port = 0
    state_path = str(state) if state else str(data_dir(env) / "sandbox.sqlite")

    def spawn(on_port: int) -> dict[str, Any]:
        return _spawn(
            port=on_port,
            state=state_path,
            workdir=str(run_dir),
            options=options,
            env=child_env,
            detached=True,
            timeout=START_TIMEOUT,
            log_path=str(run_dir / "sandbox.log"),
        )[1]

    try:
        return spawn(port)
    except SandboxError:
        if not port:
            raise
        # Someone took the port between the check and the bind (two users' first
        # connect() on one hub): any free port will do.
        log.info("numkit: port %s was taken meanwhile; starting on a free port.", port)
        return spawn(0)


def _session(env: Mapping[str, str] | None) -> str:
    """The tag recorded for the caller: its ``NUMKIT_SESSION``, else its process id."""
    tag = (env or {}).get(SESSION) or os.environ.get(SESSION)
    return tag or f"pid:{os.getpid()}"


def _attach(sb: Sandbox, env: Mapping[str, str] | None, *, started: bool) -> Sandbox:
    sb._env = env
    sb.started = started
    return sb


def stop_running(
    *, env: Mapping[str, str] | None = None, lock_timeout: float | None = None
) -> bool:
    """Stop the user's shared sandbox; True if one was running.

    A damaged run file is reported and removed; nothing is stopped on its word unless
    the process it names answers at its URL as that very sandbox.
    """
    run_dir = runtime_dir(env)
    with _locked(run_dir, lock_timeout):
        record = _read_record(run_dir)
        stopped = _running(record)
        _report(run_dir, record, "removed it")
        if stopped and record is not None and record.pid is not None:
            _terminate(record.pid, STOP_TIMEOUT, None)
        with contextlib.suppress(OSError):
            (run_dir / _INFO).unlink()
        return stopped


def stop_if_unused(
    session: str, *, env: Mapping[str, str] | None = None, lock_timeout: float | None = None
) -> str:
    """Stop the shared sandbox only if ``session`` started it and nobody else used it since.

    For launchers (``numkit lab``/``app``) leaving the machine as they found it. Returns
    ``"stopped"``, ``"used"`` (another session asked for it), ``"not-ours"`` (another
    session started it) or ``"not-running"``.
    """
    run_dir = runtime_dir(env)
    with _locked(run_dir, lock_timeout):
        record = _read_record(run_dir)
        if record is None or record.pid is None or not _running(record):
            return "not-running"
        if record.started_by != session:
            return "not-ours"
        if not record.used_by <= {session}:
            return "used"
        _terminate(record.pid, STOP_TIMEOUT, None)
        with contextlib.suppress(OSError):
            (run_dir / _INFO).unlink()
        return "stopped"


def running_info(env: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The shared sandbox's URLs, pid and state file if it is running; starts nothing.

    Reads the run file without taking the lock (a reader never waits on a writer).
    """
    record = _read_record(runtime_dir(env))
    if record is None or record.shared is None or not _running(record):
        return None
    sb = record.shared
    return {
        "url": sb.url,
        "v1_url": sb.v1_url,
        "v2_url": sb.v2_url,
        "pid": sb.pid,
        "state_path": sb.state_path,
    }
