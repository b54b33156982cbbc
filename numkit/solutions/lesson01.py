"""Exercises of lesson 01-credentials."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Exercise, Wrong


def _j01_1(answer: Any, ns: Mapping[str, Any]) -> str:
    if answer == "NUMKIT_V2_PASSWORD":
        return "V2's password variable; its value is never shown by the kit"
    if answer == "NUMKIT_V1_API_SECRET":
        raise Wrong("that is V1's secret (token:secret); V2 uses a username and a password")
    raise Wrong(f"{answer!r} is not the variable: see the table in section 2")


def _j01_2(answer: Any, ns: Mapping[str, Any]) -> str:
    if answer == 401:
        return "401 Unauthorized, raised as numkit.AuthenticationError"
    if answer == 403:
        raise Wrong("403 means the login worked but may not do this; a wrong login is 401")
    if isinstance(answer, BaseException):
        raise Wrong("that is the exception itself; its `.http_status` is the number asked for")
    raise Wrong(f"{answer!r}: the HTTP status of a wrong login is a number (err.http_status)")


EXERCISES = [
    Exercise("01-1", "answer_01_1", 'answer_01_1 = "NUMKIT_V2_PASSWORD"', _j01_1),
    Exercise(
        "01-2",
        "answer_01_2",
        'nobody = numkit.V2Client("9900000", "nobody", "demo", base_url=kit.v2.base_url)\n'
        "try:\n"
        "    nobody.sites()\n"
        "except numkit.AuthenticationError as err:\n"
        "    answer_01_2 = err.http_status",
        _j01_2,
    ),
]
