"""V1 JSON parsing and the one V1 error mapper, on fixture files in the real shapes."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from numkit.errors import (
    ApiError,
    AuthenticationError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ResponseParseError,
    ServerError,
)
from numkit.v1 import parse

FIXTURES = Path(__file__).parent / "fixtures" / "v1"
URL = "http://127.0.0.1:9/v1/users/u-demo/phoneNumbers"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def response(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r._content = body
    r.headers.update(headers or {})
    r.reason = {200: "OK", 401: "Unauthorized", 502: "Bad Gateway"}.get(status, "")
    r.url = URL
    return r


JSON = {"Content-Type": "application/json; charset=utf-8"}


@pytest.mark.parametrize(
    ("status", "name", "cls", "code", "description"),
    [
        (
            400,
            "error_400_search.json",
            ApiError,
            "invalid-available-number-search",
            "An Area Code must be 3 digits.",
        ),
        (
            401,
            "error_401_user_access_denied.json",
            AuthenticationError,
            "user-access-denied",
            "User u-demo does not have permission to access user u-other",
        ),
        (
            404,
            "error_404_number.json",
            NotFound,
            "number-not-found",
            "The number n-gone could not be found",
        ),
        (
            409,
            "error_409_duplicate.json",
            ApiError,
            "duplicate-number",
            "Cannot create another instance",
        ),
        (
            403,
            "error_400_search.json",
            PermissionDenied,
            "invalid-available-number-search",
            "An Area Code",
        ),
        (500, "error_404_number.json", ServerError, "number-not-found", "could not be found"),
    ],
)
def test_error_table(status, name, cls, code, description):
    error = parse.error_from_response(response(status, fixture(name), JSON), "get", URL)
    assert type(error) is cls
    assert error.http_status == status
    assert error.code == code
    assert description in error.description
    assert error.method == "GET" and error.url == URL and error.api == "V1"
    assert error.body == fixture(name).decode()
    assert str(error).startswith(f"HTTP {status} from V1 GET /v1/users/u-demo/phoneNumbers: {code}")
    assert error.category == json.loads(fixture(name))["category"]


def test_429_without_message_uses_the_reset_header_in_epoch_milliseconds():
    reset_ms = int((time.time() + 3) * 1000)
    error = parse.error_from_response(
        response(429, fixture("error_429.json"), {**JSON, "X-RateLimit-Reset": str(reset_ms)}),
        "GET",
        URL,
    )
    assert isinstance(error, RateLimited)
    assert error.code == "rate-limit-reached"
    assert 1.5 < error.retry_after <= 3.0
    assert "rate limit reached" in error.description
    assert error.details["rateLimitResetTime"] == "1479308598680"


def test_429_without_header_falls_back_to_the_detail():
    body = json.loads(fixture("error_429.json"))
    body["details"][0]["value"] = str(int((time.time() + 10) * 1000))
    error = parse.error_from_response(response(429, json.dumps(body).encode(), JSON), "GET", URL)
    assert isinstance(error, RateLimited) and 8 < error.retry_after <= 10


def test_429_with_past_reset_means_retry_now():
    error = parse.error_from_response(
        response(429, fixture("error_429.json"), {"X-RateLimit-Reset": "1479308598680"}), "GET", URL
    )
    assert error.retry_after == 0.0


def test_non_json_error_body_is_still_readable():
    error = parse.error_from_response(
        response(502, fixture("error_502.html"), {"Content-Type": "text/html"}), "POST", URL
    )
    assert isinstance(error, ServerError)
    assert error.code is None
    assert "non-JSON error body (text/html)" in error.description
    assert "502 Bad Gateway" in error.description
    assert "\n" not in str(error)


def test_empty_error_body_uses_the_reason():
    error = parse.error_from_response(response(401, b""), "GET", URL)
    assert isinstance(error, AuthenticationError)
    assert error.description == "Unauthorized"


@pytest.mark.parametrize("body", [b"[1, 2]", b"{not json", b'"text"', b"{}"])
def test_odd_json_error_bodies_do_not_crash(body):
    error = parse.error_from_response(response(400, body, JSON), "GET", URL)
    assert isinstance(error, ApiError) and error.http_status == 400


def test_parse_search_results():
    items = parse.parse_available_numbers(json.loads(fixture("search_local.json")))
    assert [i.number for i in items] == ["+19104440230", "+19104440231"]
    first = items[0]
    assert (first.city, first.rate_center, first.state, first.lata, first.price) == (
        "WILMINGTON",
        "WILMINGTON",
        "NC",
        "426",
        0.35,
    )
    assert items[1].lata is None  # lata is missing in one documented example
    toll = parse.parse_available_numbers(json.loads(fixture("search_toll_free.json")))
    assert (
        toll[0].pattern_match == "          2 9 " and toll[0].city is None and toll[0].price == 2.0
    )


def test_parse_phone_number():
    n = parse.parse_phone_number(json.loads(fixture("phone_number.json")))
    assert n.id == "n-id3x6rblp4jrkih2u7zxjdy"
    assert n.number == "+19195551212" and n.national_number == "(919) 555-1212"
    assert n.created_time == datetime(2013, 2, 13, 17, 46, 8, 374000, tzinfo=UTC)
    assert n.price == 0.6 and n.number_state == "enabled" and n.name == "home phone"
    assert n.raw["application"].endswith("a-j321")


def test_parse_search_and_order_takes_ids_from_location():
    items = parse.parse_ordered_numbers(json.loads(fixture("search_and_order_local.json")))
    assert [i.id for i in items] == ["n-x1", "n-x2"]
    assert items[0].source == "search-and-order"


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/v1/users/u-demo/phoneNumbers/n-abc", "n-abc"),
        ("https://api.catapult.inetwork.com/v1/users/u-demo/phoneNumbers/n-abc/", "n-abc"),
        ("", None),
        (None, None),
    ],
)
def test_id_from_location(location, expected):
    assert parse.id_from_location(location) == expected


@pytest.mark.parametrize("data", [{"number": "+1"}, [{"id": "n-1"}], "text", [1]])
def test_wrong_shapes_raise_response_parse_error(data):
    with pytest.raises(ResponseParseError):
        if isinstance(data, dict):
            parse.parse_available_numbers(data)
        else:
            parse.parse_phone_numbers(data)


def test_load_json_refuses_non_json():
    with pytest.raises(ResponseParseError, match="not JSON"):
        parse.load_json(response(200, b"<html/>", {"Content-Type": "text/html"}))
    with pytest.raises(ResponseParseError, match="empty"):
        parse.load_json(response(200, b""))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.35", 0.35), ("", None), (None, None), ("free", None), (2, 2.0)],
)
def test_parse_price(value, expected):
    assert parse.parse_price(value) == expected


def test_parse_time_variants():
    assert parse.parse_time("2013-02-13T17:46:08Z").tzinfo is UTC
    assert parse.parse_time("2013-02-13T17:46:08") == datetime(2013, 2, 13, 17, 46, 8, tzinfo=UTC)
    assert parse.parse_time("yesterday") is None


@pytest.mark.parametrize("junk", [">", "1234", "+4420712345678", "+10195551212"])
def test_junk_numbers_never_become_rows(junk):
    """A V1 answer whose number is not a NANP number is refused, never turned into a row
    (issue 13: real bodies showed '>' and '1234' passing through)."""
    with pytest.raises(ResponseParseError, match="not a telephone number"):
        parse.parse_available_numbers([{"number": junk, "nationalNumber": "x"}])
    with pytest.raises(ResponseParseError, match="not a telephone number"):
        parse.parse_phone_number({"id": "n-1", "number": junk})
    ok = parse.parse_available_numbers([{"number": "19195551212"}])
    assert ok[0].number == "+19195551212"  # normalised to E.164
