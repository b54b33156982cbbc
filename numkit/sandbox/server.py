"""Run one sandbox process: open the state, bind, announce readiness, serve until told.

Readiness is announced two ways: the banner on stdout (for people) and, when asked, a
small JSON "ready file" written atomically after the socket is listening (for
``numkit.sandbox.start`` in the parent process, which must not parse human text).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from tornado import httpserver, netutil
from tornado.ioloop import PeriodicCallback

from .app import make_app
from .customers import describe
from .notify import Notifier
from .store import Store
from .world import Options, World

__all__ = ["run"]

log = logging.getLogger("numkit.sandbox")
# Tornado's own limit answers a bare 400 without any envelope, so it is set out of reach:
# handlers stream bodies and drop everything past MAX_BODY_BYTES (a 413 in the API's
# envelope), and body_timeout bounds how long anyone may keep sending.
SERVER_MAX_BODY = 1 << 40


def _write_ready(path: str, info: dict[str, object]) -> None:
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(info))
    os.replace(tmp, target)


def run(
    options: Options,
    *,
    env: Mapping[str, str],
    ready_file: str | None = None,
    exit_with_parent: bool = False,
) -> int:
    """Serve until SIGINT/SIGTERM (or, with ``exit_with_parent``, until the process that
    started us is gone: a private sandbox must not outlive a crashed test run)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)  # no per-request noise
    if options.state is None:
        raise ValueError("run() needs a state path")
    store = Store(options.state)  # StateFileError names the file; the CLI prints it
    world = World(options, store, env)
    return asyncio.run(_serve(world, ready_file, os.getppid() if exit_with_parent else None))


async def _serve(world: World, ready_file: str | None, parent: int | None) -> int:
    o = world.options
    sockets = netutil.bind_sockets(o.port, address=o.host)
    server = httpserver.HTTPServer(
        make_app(world),
        max_body_size=SERVER_MAX_BODY,
        idle_connection_timeout=60,
        body_timeout=60,
    )
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    host = o.host if ":" not in o.host else f"[{o.host}]"
    root = f"http://{'127.0.0.1' if o.host in ('0.0.0.0', '') else host}:{port}"  # noqa: S104
    world.tick()
    ticker = PeriodicCallback(_safe_tick(world), 50)
    ticker.start()
    notifier = Notifier(world)  # order notifications: due ones (also from before) go out
    notifier.start()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # non-POSIX
            loop.add_signal_handler(sig, stop.set)

    if parent is not None:

        def orphaned() -> None:
            if os.getppid() != parent:
                log.info("the parent process is gone; stopping")
                stop.set()

        PeriodicCallback(orphaned, 500).start()

    info = {
        "url": root,
        "v1_url": f"{root}/v1",
        "v2_url": f"{root}/api",
        "pid": os.getpid(),
        "state_path": o.state,
        "port": port,
        "version": world.version,
    }
    _banner(world, info)
    if ready_file:
        _write_ready(ready_file, info)
    # Build the nationwide indexes (state, ZIP) after saying we are ready: most sessions
    # start with an area-code search, which needs only one NPA and is instant anyway.
    threading.Thread(target=world.inventory.warm, name="inventory-warm", daemon=True).start()
    await stop.wait()
    ticker.stop()
    notifier.stop()
    server.stop()
    await server.close_all_connections()
    world.store.close()
    return 0


def _safe_tick(world: World) -> Callable[[], None]:
    def tick() -> None:
        try:
            world.tick()
        except Exception:
            log.exception("periodic order resolution failed")

    return tick


def _banner(world: World, info: Mapping[str, object]) -> None:
    o = world.options
    lines = [
        f"numkit sandbox {world.version} listening on {info['url']}  (pid {info['pid']})",
        f"  V1 base URL:  {info['v1_url']}",
        f"  V2 base URL:  {info['v2_url']}",
        f"  state file:   {o.state}",
        f"  order delay {o.order_delay:g} s, aging {o.aging:g} s, "
        f"max disconnect {o.max_disconnect}, reservation hold {o.reservation_hold:g} s",
    ]
    if o.fault_rate or o.latency:
        lines.append(
            f"  faults: rate {o.fault_rate:g} kinds {','.join(o.fault_kinds)} "
            f"seed {o.seed} latency {o.latency:g} s slow {o.slow_seconds:g} s"
        )
    lines += describe(world.customers[0], "primary customer")
    lines += describe(world.customers[1], "second customer")
    print("\n".join(lines), flush=True)
    sys.stdout.flush()
