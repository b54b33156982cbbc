"""Small HTTP helpers for the sandbox contract tests.

The tests talk to real sandbox processes (``numkit.sandbox.start``) over HTTP with
plain ``requests`` and ``lxml`` — never numkit's own clients — so they pin the wire
behaviour that any client (ours, Bandwidth's SDKs, hand-written ones) relies on.
"""

from __future__ import annotations

import os
import time
from typing import Any

import requests
from lxml import etree

import numkit.sandbox as nks

DEMO_V2 = ("demo", "demo")
DEMO_V1 = ("t-demo", "s-demo")
OTHER_V2 = ("other", "other")
ACCOUNT = "9900000"
OTHER_ACCOUNT = "9900099"
FINAL = {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}
XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def clean_env() -> dict[str, str]:
    """This process's environment without any credential variables (demo customers)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NUMKIT_V1_", "NUMKIT_V2_", "BANDWIDTH_", "NUMKIT_HOME"))
    }


class V2:
    """A tiny V2 caller: account-scoped paths, Basic auth, XML in and out."""

    def __init__(
        self,
        sb: nks.Sandbox,
        auth: tuple[str, str] = DEMO_V2,
        account: str = ACCOUNT,
        site: str = "100",
    ):
        self.sb = sb
        self.auth = auth
        self.account = account
        self.site = site
        self.http = requests.Session()

    @classmethod
    def other(cls, sb: nks.Sandbox) -> V2:
        """The second demo customer."""
        return cls(sb, auth=OTHER_V2, account=OTHER_ACCOUNT, site="200")

    @property
    def base(self) -> str:
        return f"{self.sb.v2_url}/accounts/{self.account}"

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self.url(path), params=params or None, auth=self.auth, timeout=30)

    def post(self, path: str, body: str | bytes) -> requests.Response:
        headers = {"Content-Type": "application/xml"}
        return self.http.post(
            self.url(path), data=body, auth=self.auth, headers=headers, timeout=30
        )

    def put(self, path: str, body: str | bytes) -> requests.Response:
        headers = {"Content-Type": "application/xml"}
        return self.http.put(self.url(path), data=body, auth=self.auth, headers=headers, timeout=30)

    def search(self, **params: Any) -> list[str]:
        r = self.get("/availableNumbers", **params)
        assert r.status_code == 200, r.text
        return [t.text for t in xml(r).iter("TelephoneNumber", "FullNumber")]

    def order(self, body: str) -> str:
        r = self.post("/orders", body)
        assert r.status_code == 201, r.text
        return r.headers["Location"]

    def wait(self, location: str, timeout: float = 15.0) -> etree._Element:
        deadline = time.monotonic() + timeout
        while True:
            r = self.get(location)
            assert r.status_code == 200, r.text
            root = xml(r)
            if root.findtext("OrderStatus") in FINAL:
                return root
            assert time.monotonic() < deadline, f"order never finished: {r.text}"
            time.sleep(0.05)

    def buy(self, numbers: list[str], **extra: str) -> etree._Element:
        return self.wait(self.order(existing_order(numbers, site=self.site, **extra)))

    def disconnect(self, numbers: list[str], **extra: str) -> etree._Element:
        r = self.post("/disconnects", disconnect_order(numbers, **extra))
        assert r.status_code == 201, r.text
        return self.wait(r.headers["Location"])


class V1:
    """A tiny V1 caller: token/secret auth, JSON."""

    def __init__(self, sb: nks.Sandbox, auth: tuple[str, str] = DEMO_V1, user: str = "u-demo"):
        self.sb = sb
        self.auth = auth
        self.user = user
        self.http = requests.Session()

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.sb.v1_url + path

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self.url(path), params=params or None, auth=self.auth, timeout=30)

    def post(self, path: str, json: Any = None, **params: Any) -> requests.Response:
        return self.http.post(
            self.url(path), json=json, params=params or None, auth=self.auth, timeout=30
        )

    def delete(self, path: str) -> requests.Response:
        return self.http.delete(self.url(path), auth=self.auth, timeout=30)

    @property
    def numbers_path(self) -> str:
        return f"/users/{self.user}/phoneNumbers"


def xml(response: requests.Response) -> etree._Element:
    assert response.content.startswith(XML_DECL), response.content[:120]
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    return etree.fromstring(response.content)


def existing_order(numbers: list[str], site: str = "100", **extra: str) -> str:
    tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers)
    more = "".join(f"<{k}>{v}</{k}>" for k, v in extra.items())
    return (
        f"<Order>{more}<SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType>"
        f"<TelephoneNumberList>{tns}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>"
    )


def search_order(type_name: str, fields: dict[str, str], **extra: str) -> str:
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    more = "".join(f"<{k}>{v}</{k}>" for k, v in extra.items())
    return f"<Order>{more}<{type_name}>{inner}</{type_name}><SiteId>100</SiteId></Order>"


def disconnect_order(numbers: list[str], **extra: str) -> str:
    tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers)
    more = "".join(f"<{k}>{v}</{k}>" for k, v in extra.items())
    return (
        f"<DisconnectTelephoneNumberOrder>{more}<DisconnectTelephoneNumberOrderType>"
        f"<TelephoneNumberList>{tns}</TelephoneNumberList>"
        f"</DisconnectTelephoneNumberOrderType></DisconnectTelephoneNumberOrder>"
    )


def completed(root: etree._Element) -> list[str]:
    return [e.text or "" for e in root.findall("CompletedNumbers/TelephoneNumber/FullNumber")]


def error_codes(root: etree._Element) -> list[str]:
    return [e.findtext("Code") or "" for e in root.findall("ErrorList/Error")]
