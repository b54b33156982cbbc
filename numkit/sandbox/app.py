"""The Tornado application: routes of both APIs plus the control endpoints.

Control endpoints (``/_sandbox/faults``, ``/_sandbox/health``) answer loopback clients
only, need no auth, and are never faulted or delayed: tests and ``set_faults`` must be
able to reach them whatever the sandbox is currently told to do to API traffic.
"""

from __future__ import annotations

from typing import Any

from tornado import web

from . import v1, v2
from .base import BadBody, BaseHandler, is_loopback_client
from .faults import FaultSettingsError
from .world import World

__all__ = ["make_app"]


class ControlHandler(BaseHandler):
    api = "control"

    async def prepare(self) -> None:
        await super().prepare()
        if not is_loopback_client(self.request.remote_ip):
            message = {"error": "control endpoints answer loopback clients only"}
            self.answer_instead(lambda: self.send_json(403, message))

    def send_api_error(self, status: int, code: str, message: str) -> None:
        self.send_json(status, {"error": message})


class FaultsHandler(ControlHandler):
    def get(self) -> None:
        self.send_json(200, self.world.faults.settings.as_dict())

    def put(self) -> None:
        try:
            changes: Any = self.json_body()
            settings = self.world.faults.update(changes if changes is not None else {})
        except (FaultSettingsError, BadBody, ValueError) as exc:
            self.send_json(400, {"error": str(exc)})
            return
        self.send_json(200, settings.as_dict())


class HealthHandler(ControlHandler):
    def get(self) -> None:
        o = self.world.options
        self.send_json(
            200,
            {
                "ok": True,
                "version": self.world.version,
                "max_disconnect": o.max_disconnect,
                "order_delay": o.order_delay,
                "aging": o.aging,
                "pid": self._pid(),
            },
        )

    @staticmethod
    def _pid() -> int:
        import os

        return os.getpid()


class RootHandler(ControlHandler):
    """``GET /``: where things are (handy when someone opens the URL in a browser)."""

    def get(self) -> None:
        base = f"{self.request.protocol}://{self.request.host}"
        self.send_json(
            200,
            {
                "service": "numkit sandbox",
                "v1": f"{base}/v1",
                "v2": f"{base}/api",
                "health": f"{base}/_sandbox/health",
                "faults": f"{base}/_sandbox/faults",
            },
        )

    async def prepare(self) -> None:  # the index is public, unlike the control endpoints
        await BaseHandler.prepare(self)


class NotFoundHandler(RootHandler):
    def get(self, *args: Any) -> None:
        self.send_json(404, {"error": "not found: the APIs live under /v1 and /api"})

    post = put = delete = patch = get  # type: ignore[assignment]


def make_app(world: World) -> web.Application:
    handlers: list[Any] = [
        (r"/_sandbox/faults/?", FaultsHandler),
        (r"/_sandbox/health/?", HealthHandler),
        (r"/", RootHandler),
    ]
    handlers += v1.routes()
    handlers += v2.routes()
    handlers.append((r"/(.*)", NotFoundHandler))
    rules = [(pattern, cls, {"world": world}) for pattern, cls in handlers]
    return web.Application(rules, compress_response=False, xsrf_cookies=False)
