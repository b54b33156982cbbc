"""A class on one server: a real JupyterHub with three users, each with their own sandbox
(issue 17, item 5; docs/workshops.md describes the same per-user setup for TLJH/z2jh).

The hub listens on 127.0.0.1 only: JupyterHub itself, ``configurable-http-proxy`` (from
npm, installed by scripts/test.sh into ``.venv/node``), the dummy authenticator and
``SimpleLocalProcessSpawner`` (``--allow-root`` when run as root), with ``NUMKIT_HOME``
set per user through the spawner's environment, exactly as the workshop guide says.
Each user's single-user server gets lesson ``03-order-and-poll`` uploaded through its
contents API and runs it in a kernel it starts through its sessions API, over the
kernel's websocket — what a user's browser does — for all three users at once. Then
every CustomerOrderId a user's run created must be in that user's sandbox and in no
other.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from numkit import V2Client, demo

from .conftest import REPO, free_port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

USERS = ("ada", "grace", "linus")
LESSON = "03-order-and-poll.ipynb"
BIN = Path(sys.executable).parent


def _proxy_command() -> str:
    local = REPO / ".venv" / "node" / "bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if not found:
        pytest.fail(
            "configurable-http-proxy is missing: scripts/test.sh installs it with npm "
            "(npm install -g --prefix .venv/node configurable-http-proxy)"
        )
    return found


CONFIG = """
import os
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {proxy_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{base}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{base}/jupyterhub_cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{base}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.interrupt_timeout = 2  # teardown: a server without a terminal ignores SIGINT
# The per-user part of docs/workshops.md: each user's own NUMKIT_HOME.
c.Spawner.environment = {{
    "NUMKIT_HOME": lambda spawner: f"{base}/home/{{spawner.user.name}}/.numkit",
}}
c.JupyterHub.services = [{{"name": "class-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "class-test",
    "scopes": ["admin:users", "admin:servers", "access:servers"],
    "services": ["class-test"],
}}]
"""


@dataclass
class Hub:
    url: str
    token: str
    base: Path
    log: Path

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(
            method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs
        )


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    base = tmp_path_factory.mktemp("hub")
    token = secrets.token_hex(32)
    proxy_port, hub_port, api_port = free_port(), free_port(), free_port()
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    (base / "jupyterhub_config.py").write_text(
        CONFIG.format(
            proxy_port=proxy_port,
            hub_port=hub_port,
            api_port=api_port,
            proxy=_proxy_command(),
            base=base,
            singleuser=str(BIN / "jupyterhub-singleuser"),
            args=["--allow-root"] if as_root else [],
            token=token,
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMKIT_", "JUPYTER"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    log = base / "hub.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(base / "jupyterhub_config.py")],
            cwd=base, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    running = Hub(url=f"http://127.0.0.1:{proxy_port}", token=token, base=base, log=log)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyterhub exited {proc.returncode}:\n{log.read_text()[-4000:]}")
            try:
                if running.api("GET", "/").status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyterhub did not answer:\n{log.read_text()[-4000:]}")
            time.sleep(0.25)
        yield running
    finally:
        import signal

        proc.send_signal(signal.SIGTERM)  # the hub stops the servers it spawned
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        stops = [  # the per-user sandboxes outlive their kernels, by design
            subprocess.Popen(
                [str(BIN / "numkit"), "sandbox", "--stop"],
                env={**env, "NUMKIT_HOME": f"{base}/home/{user}/.numkit"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for user in USERS
        ]
        for stop in stops:
            stop.wait(60)


def _start_servers(hub: Hub) -> None:
    assert hub.api("POST", "/users", json={"usernames": list(USERS)}).status_code in (201, 409)
    for user in USERS:
        assert hub.api("POST", f"/users/{user}/server").status_code in (201, 202)
    deadline = time.monotonic() + 120
    waiting = set(USERS)
    while waiting:
        for user in sorted(waiting):
            model = hub.api("GET", f"/users/{user}").json()
            if model.get("servers", {}).get("", {}).get("ready"):
                waiting.discard(user)
        if time.monotonic() > deadline:
            pytest.fail(f"servers not ready for {sorted(waiting)}:\n{hub.log.read_text()[-4000:]}")
        time.sleep(0.25)


# ---- a browser's way of running a notebook: contents, sessions, kernel websocket ----------
@dataclass
class Run:
    user: str
    cells: int = 0
    outputs: list[dict[str, Any]] = field(default_factory=list)
    sandbox: dict[str, Any] = field(default_factory=dict)


def _message(session: str, code: str) -> dict[str, Any]:
    msg_id = uuid.uuid4().hex
    return {
        "header": {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "session": session,
            "username": "",
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "content": {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
        "channel": "shell",
        "buffers": [],
    }


async def _execute(
    ws: Any, session: str, code: str, user: str, timeout: float = 120
) -> list[dict[str, Any]]:
    """Send one cell; return its iopub outputs once the kernel is idle again. A cell that
    raises fails the test with the kernel's traceback."""
    message = _message(session, code)
    msg_id = message["header"]["msg_id"]
    await ws.write_message(json.dumps(message))
    outputs: list[dict[str, Any]] = []
    reply: dict[str, Any] | None = None
    idle = False
    deadline = time.monotonic() + timeout
    while reply is None or not idle:
        raw = await asyncio.wait_for(ws.read_message(), max(0.1, deadline - time.monotonic()))
        if raw is None:
            pytest.fail(f"{user}: the kernel websocket closed")
        if isinstance(raw, bytes):  # a message with binary buffers (widgets): not ours
            continue
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if msg["channel"] == "shell" and kind == "execute_reply":
            reply = msg["content"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif kind in ("stream", "execute_result", "display_data", "error"):
            outputs.append({"type": kind, **msg["content"]})
    if reply.get("status") != "ok":
        tb = "\n".join(reply.get("traceback", [])) or json.dumps(reply)[:2000]
        pytest.fail(f"{user}: a cell failed:\n{code}\n{tb}")
    return outputs


async def _run_lesson(hub: Hub, user: str, notebook: dict[str, Any]) -> Run:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    server = f"{hub.url}/user/{user}"
    auth = {"Authorization": f"token {hub.token}"}
    loop = asyncio.get_running_loop()

    def call(method: str, path: str, body: Any) -> Any:
        res = requests.request(method, f"{server}/api{path}", headers=auth, json=body, timeout=60)
        assert res.status_code in (200, 201), (path, res.status_code, res.text[:500])
        return res.json()

    # upload the lesson, open it (a session starts its kernel), connect to the kernel
    await loop.run_in_executor(
        None,
        call,
        "PUT",
        f"/contents/{LESSON}",
        {"type": "notebook", "format": "json", "content": notebook},
    )
    session = await loop.run_in_executor(
        None,
        call,
        "POST",
        "/sessions",
        {"path": LESSON, "type": "notebook", "kernel": {"name": "python3"}},
    )
    kernel = session["kernel"]["id"]
    ws_url = (
        server.replace("http://", "ws://")
        + f"/api/kernels/{kernel}/channels?session_id={session['id']}"
    )
    ws = await websocket_connect(HTTPRequest(ws_url, headers=auth), max_message_size=64 * 2**20)
    run = Run(user=user)
    try:
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            run.outputs += await _execute(ws, session["id"], source, user)
            run.cells += 1
        probe = "import json, numkit.sandbox as s\nprint(json.dumps(s.running_info()))"
        (out,) = [
            o for o in await _execute(ws, session["id"], probe, user) if o["type"] == "stream"
        ]
        run.sandbox = json.loads(out["text"])
    finally:
        ws.close()
    return run


async def _run_all(hub: Hub, notebook: dict[str, Any]) -> list[Run]:
    """All users at once; the first failure is raised after every run has ended (so a
    kernel dying from another user's failure never hides the real cause)."""
    results = await asyncio.gather(
        *(_run_lesson(hub, user, notebook) for user in USERS), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return [r for r in results if isinstance(r, Run)]


def _customer_order_ids(v2_url: str) -> set[str]:
    p = demo.PRIMARY
    with V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=v2_url) as client:
        return {o.customer_order_id for o in client.orders() if o.customer_order_id}


def test_three_users_run_lesson_03_each_in_their_own_sandbox(hub):
    t0 = time.monotonic()
    _start_servers(hub)
    started = time.monotonic() - t0
    notebook = json.loads((REPO / "notebooks" / LESSON).read_text())
    runs = asyncio.run(_run_all(hub, notebook))
    print(
        f"\nhub: servers ready in {started:.1f} s, lesson 03 x3 in {time.monotonic() - t0 - started:.1f} s"
    )

    # each user's kernel found its own sandbox, under its own NUMKIT_HOME
    for run in runs:
        assert run.cells > 10
        assert run.sandbox, f"{run.user}: no shared sandbox running"
        assert run.sandbox["state_path"].startswith(f"{hub.base}/home/{run.user}/.numkit/"), (
            run.sandbox
        )
    assert len({r.sandbox["url"] for r in runs}) == len(USERS)
    assert len({r.sandbox["pid"] for r in runs}) == len(USERS)

    created = {r.user: _customer_order_ids(r.sandbox["v2_url"]) for r in runs}
    for run in runs:
        mine = created[run.user]
        assert len(mine) >= 4, f"{run.user}'s run created too few orders: {mine}"
        for other in runs:
            if other is run:
                continue
            assert not mine & created[other.user], (
                run.user,
                other.user,
                mine & created[other.user],
            )
            p = demo.PRIMARY
            with V2Client(
                p.v2_account_id, p.v2_username, p.v2_password, base_url=other.sandbox["v2_url"]
            ) as client:
                for coid in sorted(mine):
                    assert client.find_order(coid) is None, (
                        f"{run.user}'s {coid} in {other.user}'s sandbox"
                    )
