"""What ``numkit lab`` and ``numkit app`` share: a Jupyter front end beside the sandbox.

Both commands run a Jupyter server (JupyterLab, or Voilà for the app) as a child process
next to the user's shared sandbox, and both must leave the machine as they found it
without pulling the sandbox from under anybody:

- **Session tag.** The command tags itself and its Jupyter child (so every kernel it
  starts) with ``NUMKIT_SESSION``; ``ensure_running()`` records which sessions used the
  shared sandbox and which one started it.
- **On exit** the sandbox is stopped only when this session started it and no other
  numkit process (another ``numkit lab``, a script, a kernel elsewhere) has used it since.
  Otherwise one line says it was left running and how to stop it.
- **Signals.** Ctrl+C reaches Jupyter directly (same terminal, same process group), and
  Jupyter decides what it means (JupyterLab asks before shutting down), so this process
  ignores it while Jupyter runs; SIGTERM/SIGHUP sent to this process are passed on.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import envvars

if TYPE_CHECKING:
    from .sandbox import Sandbox

__all__ = [
    "SESSION_VAR",
    "base_parser",
    "new_session",
    "release_sandbox",
    "run_jupyter",
    "serve",
    "wants_shared_sandbox",
]

#: The variable that tags a launcher, its Jupyter child and their kernels.
SESSION_VAR = envvars.SESSION


def base_parser(
    prog: str, description: str, *, server: str, default_port: int, print_help: str
) -> argparse.ArgumentParser:
    """The options ``numkit lab`` and ``numkit app`` share (contract: CLI)."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port for {server} (default: {default_port} or the next free one)",
    )
    p.add_argument("--print-command", action="store_true", help=print_help)
    return p


def new_session(command: str) -> str:
    """A tag no other process uses: the command, this pid and a random part."""
    return f"{command}-{os.getpid()}-{secrets.token_hex(4)}"


def wants_shared_sandbox(env: Mapping[str, str] | None = None) -> bool:
    """True when ``numkit.connect()`` in this environment would use the shared sandbox
    for at least one API (asked of :func:`numkit.config.resolve`, which starts nothing;
    its URL is None exactly when the shared sandbox is the answer)."""
    from .config import resolve

    v1, v2 = (resolve(api, env=env, need_credentials=False) for api in ("V1", "V2"))
    return v1.base_url is None or v2.base_url is None


def ensure_sandbox(prog: str) -> Sandbox | None:
    """Start (or reuse) the shared sandbox for ``prog``; None after printing why it
    could not start."""
    from . import sandbox
    from .errors import NumkitError

    try:
        running = sandbox.ensure_running()
    except (NumkitError, OSError, RuntimeError) as exc:
        print(f"{prog}: could not start the shared sandbox: {exc}", file=sys.stderr)
        print(f"{prog}: try 'numkit sandbox' in a terminal to see why", file=sys.stderr)
        return None
    print(f"{prog}: sandbox running at {running.url} (V1 {running.v1_url}, V2 {running.v2_url})")
    return running


def release_sandbox(prog: str, session: str) -> str:
    """Stop the shared sandbox if this session started it and nobody else used it since;
    print what happened. Returns the outcome of ``sandbox.stop_if_unused``."""
    from . import sandbox

    try:
        outcome = sandbox.stop_if_unused(session)
    except (OSError, RuntimeError) as exc:
        print(f"{prog}: could not check the shared sandbox: {exc}", file=sys.stderr)
        return "error"
    if outcome == "stopped":
        print(f"{prog}: stopped the sandbox it started (nothing else used it)")
    elif outcome == "used":
        print(
            f"{prog}: left the shared sandbox running: another numkit process used it "
            "(stop it with `numkit sandbox --stop`)"
        )
    elif outcome == "not-ours":
        print(
            f"{prog}: left the shared sandbox running: it was not started by this "
            "command (stop it with `numkit sandbox --stop`)"
        )
    return str(outcome)


def run_jupyter(cmd: Sequence[str], env: Mapping[str, str]) -> int:
    """Run ``cmd`` in the foreground until it exits; its exit code (see module docstring
    for signals)."""
    proc = subprocess.Popen(list(cmd), env=dict(env))
    passed_on = [
        s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
    ]
    previous: dict[int, Any] = {}

    def pass_on(signum: int, _frame: object) -> None:
        if proc.poll() is None:
            proc.send_signal(signum)

    try:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)
        for signum in passed_on:
            previous[signum] = signal.signal(signum, pass_on)
    except ValueError:  # not the main thread (e.g. called from a test): keep defaults
        pass
    try:
        return proc.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def serve(prog: str, needs: str, cmd: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    """The whole life of ``numkit lab`` / ``numkit app`` once its command line is built:
    check that the ``needs`` module (the ``[lab]`` extra) is there, tag the session,
    ensure the shared sandbox if the environment uses it, run Jupyter, release the
    sandbox. Returns the exit code."""
    if importlib.util.find_spec(needs) is None:
        print(
            f"{prog}: {needs} is not installed in this environment: "
            "pip install 'numkit-bandwidth[lab]' (the lab extra)",
            file=sys.stderr,
        )
        return 1
    from .errors import NumkitError

    session = new_session(prog.split()[-1])
    os.environ[SESSION_VAR] = session  # tags this process's own use of the sandbox
    try:
        needed = wants_shared_sandbox()
    except NumkitError as exc:  # e.g. NUMKIT_TARGET=prod (a typo): say so, no traceback
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    if needed and ensure_sandbox(prog) is None:
        return 1
    sys.stdout.flush()
    child_env = {**(os.environ if env is None else env), SESSION_VAR: session}
    try:
        return run_jupyter(cmd, child_env)
    finally:
        release_sandbox(prog, session)
