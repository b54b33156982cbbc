"""Hostile and malformed input: always a 4xx envelope, never a crash, hang or file read."""

from __future__ import annotations

import time
from collections.abc import Iterator

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sandbox_helpers import V1, V2, xml

import numkit.sandbox as nks

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Order><Name>&xxe;</Name><SiteId>100</SiteId></Order>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Order>&lol3;</Order>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Order SYSTEM "http://127.0.0.1:9/evil.dtd"><Order/>"""

NO_DOCTYPE_ENTITY = b"""<Order><Name>&amp;&lt;ok&gt;</Name><SiteId>100</SiteId></Order>"""


def _healthy(sb: nks.Sandbox) -> None:
    r = requests.get(sb.url + "/_sandbox/health", timeout=5)
    assert r.status_code == 200 and r.json()["ok"] is True


def test_entities_and_dtds_are_refused(v2: V2) -> None:
    for body in (XXE, LAUGHS, EXTERNAL_DTD):
        t0 = time.monotonic()
        r = v2.post("/orders", body)
        assert r.status_code == 400
        assert b"root:" not in r.content
        assert xml(r).findtext("ErrorList/Error/Code") == "1003"
        assert time.monotonic() - t0 < 2
    r = v2.post("/orders", NO_DOCTYPE_ENTITY)
    assert r.status_code == 400 and "5087" in r.text  # parsed fine, just no order type
    _healthy(v2.sb)


def test_deep_nesting_invalid_utf8_and_namespaces(v2: V2) -> None:
    assert v2.post("/orders", b"<Order>" + b"<a>" * 50_000 + b"</Order>").status_code == 400
    assert (
        v2.post("/disconnects", b"<DisconnectTelephoneNumberOrder>\xc3\x28</x>").status_code == 400
    )
    numbers = v2.search(areaCode="801", quantity=1)
    body = (
        '<Order xmlns="urn:whatever"><SiteId>100</SiteId><ExistingTelephoneNumberOrderType>'
        f"<TelephoneNumberList><TelephoneNumber>{numbers[0]}</TelephoneNumber>"
        "</TelephoneNumberList></ExistingTelephoneNumberOrderType><Name>caf\u00e9 \u2603 &lt;b&gt;</Name></Order>"
    )
    root = v2.wait(v2.order(body.encode("utf-8")))
    assert root.findtext("OrderStatus") == "COMPLETE"
    assert root.findtext("Order/Name") == "caf\u00e9 \u2603 <b>"
    _healthy(v2.sb)


def test_body_size_limit_is_413_on_both_apis(v2: V2, v1: V1) -> None:
    big = b"<Order>" + b"x" * (10 * 1024 * 1024) + b"</Order>"
    r = v2.post("/orders", big)
    assert r.status_code == 413 and xml(r).tag == "ErrorResponse"
    r = requests.post(v1.url(v1.numbers_path), data=big, auth=v1.auth, timeout=30)
    assert r.status_code == 413 and r.json()["category"] == "bad-request"

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for _ in range(11):
            yield b"y" * (1024 * 1024)

    r = requests.post(v2.base + "/orders", data=chunks(), auth=v2.auth, timeout=30)
    assert r.status_code == 413
    _healthy(v2.sb)


def test_json_oddities_on_v1(v1: V1) -> None:
    path = v1.url(v1.numbers_path)
    for raw in (b"[" * 100_000, b'"just a string"', b"42", b"null", b"\xff\xfe", b'{"number": 5}'):
        r = requests.post(path, data=raw, auth=v1.auth, timeout=10)
        assert r.status_code == 400, (raw[:10], r.text)
        assert r.json()["code"] == "validation-error"
    _healthy(v1.sb)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["areaCode", "npaNxx", "npaNxxx", "rateCenter", "city", "state", "zip", "lata",
             "localVanity", "endsIn", "tollFreeVanity", "tollFreeWildCardPattern", "orderBy",
             "quantity", "enableTNDetail", "LCA", "protected", "localNumber", "pattern",
             "inLocalCallingArea"]
        ),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
        max_size=4,
    )
)  # fmt: skip
def test_fuzzed_search_parameters_never_5xx(v2: V2, v1: V1, params: dict[str, str]) -> None:
    r = v2.get("/availableNumbers", **params)
    assert r.status_code in (200, 400), r.text
    r = v1.get("/availableNumbers/local", **params)
    assert r.status_code in (200, 400, 403), r.text
    r = v1.get("/availableNumbers/tollFree", **params)
    assert r.status_code in (200, 400), r.text


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda tag, inner: f"<Order><{tag}>{inner}</{tag}><SiteId>100</SiteId></Order>",
            st.sampled_from(
                ["AreaCodeSearchAndOrderType", "CombinedSearchAndOrderType",
                 "ExistingTelephoneNumberOrderType", "Quantity", "Name"]
            ),
            st.text(alphabet="<>/QuantityAreaCode0123456789 &;", max_size=60),
        ),
    )
)  # fmt: skip
def test_fuzzed_order_bodies_never_5xx(v2: V2, body: bytes | str) -> None:
    r = v2.post("/orders", body)
    assert r.status_code in (201, 400), r.text
    r = v2.post("/disconnects", body)
    assert r.status_code in (201, 400), r.text
