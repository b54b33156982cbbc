"""The Tornado application: the control endpoints, then each API's route table.

Control endpoints (``/_sandbox/faults``, ``/_sandbox/health``, ``/_sandbox/reset``)
answer loopback clients only, need no auth, and are never faulted or delayed: tests
and ``set_faults`` must be able to reach them whatever the sandbox is currently told to
do to API traffic.

Where routes are registered: ``control_routes()`` below, ``numkit/sandbox/v1/routing.py``
and ``numkit/sandbox/v2/routing.py``. A new V2 resource goes in the V2 table (above its
catch-all); a new control endpoint in ``control_routes()``.
"""

from __future__ import annotations

import os
from typing import Any

from tornado import web

from . import v1, v2
from .base import BadBody, BaseHandler, JsonAnswer, is_loopback_client
from .faults import FaultSettingsError
from .world import World

__all__ = ["control_routes", "make_app"]


class ControlHandler(BaseHandler):
    api = "control"

    async def prepare(self) -> None:
        await super().prepare()
        if not is_loopback_client(self.request.remote_ip):
            self.answer_instead(
                JsonAnswer(403, {"error": "control endpoints answer loopback clients only"})
            )

    def send_api_error(self, status: int, code: str, message: str, **headers: str) -> None:
        self.send_json(status, {"error": message}, **headers)

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object (empty body = ``{}``), else a 400."""
        try:
            data = self.json_body()
        except BadBody as exc:
            raise JsonAnswer(400, {"error": str(exc)}) from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise JsonAnswer(400, {"error": "the body must be a JSON object"})
        return data


class FaultsHandler(ControlHandler):
    def get(self) -> None:
        self.send_json(200, self.world.faults.settings.as_dict())

    def put(self) -> None:
        try:
            settings = self.world.faults.update(self.json_object())
        except FaultSettingsError as exc:
            raise JsonAnswer(400, {"error": str(exc)}) from None
        self.send_json(200, settings.as_dict())


class ResetHandler(ControlHandler):
    """``POST /_sandbox/reset``: back to a fresh start (no prompt: callers ask first)."""

    def post(self) -> None:
        self.world.reset()
        self.send_json(200, {"ok": True, "faults": self.world.faults.settings.as_dict()})


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
                "pid": os.getpid(),
            },
        )


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
                "v2_e164": f"{base}/api/v2",
                "health": f"{base}/_sandbox/health",
                "faults": f"{base}/_sandbox/faults",
            },
        )

    async def prepare(self) -> None:  # the index is public, unlike the control endpoints
        await BaseHandler.prepare(self)


class NotFoundHandler(RootHandler):
    def get(self, *args: Any) -> None:
        raise JsonAnswer(404, {"error": "not found: the APIs live under /v1 and /api"})

    post = put = delete = patch = get


def control_routes() -> list[tuple[str, type[BaseHandler]]]:
    return [
        (r"/_sandbox/faults/?", FaultsHandler),
        (r"/_sandbox/health/?", HealthHandler),
        (r"/_sandbox/reset/?", ResetHandler),
        (r"/", RootHandler),
    ]


def make_app(world: World) -> web.Application:
    handlers: list[tuple[str, type[BaseHandler]]] = control_routes()
    handlers += v1.routes()
    handlers += v2.routes()
    handlers.append((r"/(.*)", NotFoundHandler))
    rules = [(pattern, cls, {"world": world}) for pattern, cls in handlers]
    return web.Application(rules, compress_response=False, xsrf_cookies=False)
