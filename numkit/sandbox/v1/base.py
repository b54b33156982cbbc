"""The V1 handler base: token/secret auth, the JSON error answer, number rendering.

Errors are ``{category, code, message,
details}``; ``Content-Type`` is sent only with a JSON body.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from ..base import Answer, BadBody, BaseHandler, JsonAnswer
from ..customers import Customer
from ..inventory import national_format
from ..store import NumberRow
from ..timefmt import iso

__all__ = ["LOCAL_PRICE", "TOLL_FREE_PRICE", "V1Error", "V1Handler", "bad_parameters", "ten_digits"]

LOCAL_PRICE = "0.35"
TOLL_FREE_PRICE = "0.75"
_CATEGORY = {
    400: "bad-request",
    401: "authentication",
    403: "forbidden",
    404: "not-found",
    405: "bad-request",
    409: "conflict",
    413: "bad-request",
    429: "too-many-requests",
    500: "backend",
    503: "unavailable",
}


class V1Error(Answer):
    """A V1 error answer: ``{category, code, message, details}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        category: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, code, message, headers)
        self.category = category or _CATEGORY.get(status, "bad-request")

    def render(self, handler: BaseHandler) -> None:
        assert isinstance(handler, V1Handler)
        handler.v1_error(self)


def bad_parameters() -> V1Error:
    return V1Error(400, "validation-error", "Bad parameters")


def ten_digits(value: str) -> str | None:
    """``+19195551212``, ``19195551212`` or ``9195551212`` -> ``9195551212``; else None."""
    v = value.strip()
    if re.fullmatch(r"\+1[0-9]{10}", v):
        return v[2:]
    if re.fullmatch(r"1[0-9]{10}", v):
        return v[1:]
    if re.fullmatch(r"[0-9]{10}", v):
        return v
    return None


class V1Handler(BaseHandler):
    api = "v1"
    customer: Customer

    def details(self) -> list[dict[str, str]]:
        return [
            {"name": "requestMethod", "value": self.request.method or "GET"},
            {"name": "remoteAddress", "value": self.request.remote_ip or ""},
            {"name": "requestPath", "value": self.request.path.removeprefix("/v1/").lstrip("/")},
        ]

    def send_api_error(self, status: int, code: str, message: str, **headers: str) -> None:
        self.v1_error(V1Error(status, code, message, headers=headers))

    def v1_error(self, err: V1Error) -> None:
        body = {
            "category": err.category,
            "code": err.code,
            "message": err.message,
            "details": self.details(),
        }
        self.send_json(err.status_code, body, **err.headers)

    def fault_answer(self, kind: str) -> Answer:
        if kind == "429":
            reset = str(int((time.time() + 1.0) * 1000))
            body = {
                "category": "too-many-requests",
                "code": "rate-limit-reached",
                "details": [{"name": "rateLimitResetTime", "value": reset}, *self.details()],
            }
            return JsonAnswer(429, body, headers={"X-RateLimit-Reset": reset})
        return V1Error(503, "service-unavailable", "The service is temporarily unavailable.")

    def authenticate(self) -> None:
        creds = self.basic_credentials()
        customer = self.world.by_v1_login(*creds) if creds else None
        if customer is None:
            raise V1Error(
                401,
                "unauthorized",
                "Invalid credentials: use your API token and secret.",
                headers={"WWW-Authenticate": 'Basic realm="numkit sandbox V1"'},
            )
        user = self.path_kwargs.get("user")
        if user is not None and user != customer.creds.v1_user_id:
            message = (
                f"User {customer.creds.v1_user_id} does not have permission to access user {user}"
            )
            raise V1Error(401, "user-access-denied", message, "authentication")
        self.customer = customer

    def body_object(self, fields: tuple[str, ...] = ()) -> dict[str, Any]:
        """The JSON body as a dict with null fields dropped (null = absent); each of
        ``fields`` present must be a string."""
        try:
            data = self.json_body()
        except BadBody as exc:
            raise bad_parameters() from exc
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise bad_parameters()
        body = {k: v for k, v in data.items() if v is not None}
        if any(k in body and not isinstance(body[k], str) for k in fields):
            raise bad_parameters()
        return body

    def number_json(self, row: NumberRow) -> dict[str, Any]:
        ex = self.world.inventory.details(row.number)
        out: dict[str, Any] = {
            "id": row.v1_id,
            "name": row.name if row.name is not None else national_format(row.number),
            "number": "+1" + row.number,
            "nationalNumber": national_format(row.number),
        }
        if ex is not None and not ex.toll_free:
            out["city"] = ex.city
            out["state"] = ex.state
        if row.application_id:
            out["applicationId"] = row.application_id
            out["application"] = (
                f"{self.base_url()}/v1/users/{self.customer.creds.v1_user_id}"
                f"/applications/{row.application_id}"
            )
        if row.fallback_number:
            out["fallbackNumber"] = row.fallback_number
        out["price"] = TOLL_FREE_PRICE if ex is not None and ex.toll_free else LOCAL_PRICE
        out["createdTime"] = iso(row.created_at)
        out["numberState"] = "enabled"
        return out

    def _peer_for(self, application_id: str | None, current: str | None = None) -> str:
        """The SIP peer (V2 location) a V1 demo application hangs on (``a-voice`` ->
        the default peer, ``a-sms`` -> the second); other ids keep the current peer."""
        apps = self.customer.applications
        if application_id in apps:
            return apps[application_id]
        return current or self.customer.creds.peer_id

    def number_url(self, row: NumberRow) -> str:
        return (
            f"{self.base_url()}/v1/users/{self.customer.creds.v1_user_id}/phoneNumbers/{row.v1_id}"
        )


class V1NotFound(V1Handler):
    def _nf(self, *args: Any, **kwargs: Any) -> None:
        raise V1Error(404, "resource-not-found", "The resource does not exist")

    get = post = put = delete = patch = _nf
