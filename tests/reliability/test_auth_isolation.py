"""Authentication on every endpoint, and isolation between the two customers.

The endpoints are enumerated from the sandbox's own route table
(``numkit.sandbox.v1.routes()`` / ``v2.routes()``), with every method each handler
implements and every V2 path prefix, so a route added later is covered without
touching this file. Every wrong credential gets 401 — and nothing else happens.

Isolation: the primary customer (demo) buys numbers on both APIs and creates orders,
a backorder and a disconnect; the second customer (other) then tries to read and change
each of them through every path it has. It sees none of them, changes none of them, and
demo's account reads the same afterwards.
"""

from __future__ import annotations

import base64
import re

import pytest
import requests
from reliability_helpers import v1_for, v2_for

from numkit import demo
from numkit.errors import ApiError, NotFound, PermissionDenied
from numkit.sandbox import v1 as sandbox_v1
from numkit.sandbox import v2 as sandbox_v2
from numkit.sandbox.base import BaseHandler

pytestmark = pytest.mark.timeout(120)

P, Q = demo.PRIMARY, demo.OTHER
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
SAMPLES = {
    "account": P.v2_account_id,
    "order_id": "ord-1",
    "site_id": P.site_id,
    "peer_id": P.peer_id,
    "tn": "9195551212",
    "user": P.v1_user_id,
    "number_id": "n-1",
    "reservation_id": "res-1",
    "sub_id": "sub-1",
}
V2_PREFIXES = ("/api", "/api/v1", "/v1.0", "/api/v2")


def _fill(pattern: str) -> list[str]:
    """Concrete paths for a route pattern: named groups get a sample value, and groups
    that are a list of alternatives (``orders|disconnects``) give one path each."""
    match = re.search(r"\(\?P<(\w+)>([^)]*)\)", pattern)
    if match is None:
        path = pattern.replace("/?", "").replace(".*", "not-a-route").replace("\\.", ".")
        return [path]
    name, body = match.group(1), match.group(2)
    if re.fullmatch(r"[A-Za-z|]+", body):
        values = list(dict.fromkeys(body.split("|")))
    else:
        values = [SAMPLES[name]]
    out: list[str] = []
    for value in values:
        out += _fill(pattern[: match.start()] + value + pattern[match.end() :])
    return out


def _implemented(handler: type) -> list[str]:
    return [
        m for m in METHODS if getattr(handler, m.lower()) is not getattr(BaseHandler, m.lower())
    ]


def _endpoints() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for pattern, handler in sandbox_v2.routes():
        for prefix in V2_PREFIXES:
            concrete = pattern.replace(sandbox_v2.PREFIX, prefix)
            methods = _implemented(handler) or ["GET"]
            out += [(m, path) for path in _fill(concrete) for m in methods]
    for pattern, handler in sandbox_v1.routes():
        methods = _implemented(handler) or ["GET"]
        out += [(m, path) for path in _fill(pattern) for m in methods]
    return sorted(set(out))


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


WRONG = {
    "no header": None,
    "wrong password": _basic(P.v2_username, "not-the-password"),
    "unknown user": _basic("nobody", "nothing"),
    "V1 token on V2 / V2 user on V1": "swap",
    "empty basic": "Basic ",
    "garbage basic": "Basic !!!not-base64!!!",
    "bearer": "Bearer abc.def.ghi",
}


@pytest.fixture(scope="module")
def sb():
    from numkit import sandbox

    with sandbox.start(order_delay=0.3, aging=600) as running:
        yield running


def test_route_table_is_enumerated() -> None:
    endpoints = _endpoints()
    paths = {p for _m, p in endpoints}
    assert any(p.endswith("/availableNumbers") for p in paths)
    assert any("/disconnects/" in p for p in paths)
    assert any(p.startswith("/v1/users/") for p in paths)
    assert ("DELETE", "/v1/users/u-demo/phoneNumbers/n-1") in endpoints
    assert ("POST", "/api/accounts/9900000/orders") in endpoints
    assert len(endpoints) > 60


def test_wrong_credentials_get_401_on_every_endpoint_of_both_apis(sb) -> None:
    session = requests.Session()
    failures = []
    count = 0
    for method, path in _endpoints():
        is_v1 = path.startswith("/v1/")
        for label, header in WRONG.items():
            if header == "swap":  # the right secret for the *other* API
                header = (
                    _basic(P.v2_username, P.v2_password)
                    if is_v1
                    else _basic(P.v1_token, P.v1_secret)
                )
            headers = {"Authorization": header} if header else {}
            body = b"<Order/>" if method in ("POST", "PUT", "PATCH") and not is_v1 else None
            if is_v1 and method == "POST":
                body = b"{}"
            response = session.request(
                method, sb.url + path, headers=headers, data=body, timeout=10
            )
            count += 1
            if response.status_code != 401:
                failures.append(f"{method} {path} [{label}] -> {response.status_code}")
                continue
            if is_v1:
                error = response.json()
                if error.get("category") != "authentication" and error.get("code") not in (
                    "unauthorized",
                ):
                    failures.append(f"{method} {path} [{label}] V1 body {error}")
            elif response.content.strip():
                failures.append(f"{method} {path} [{label}] V2 401 body is not empty")
    assert not failures, f"{len(failures)} of {count}: " + "\n".join(failures[:20])

    # nothing happened: no order, no number was created by any of those requests
    v2 = v2_for(sb)
    assert v2.orders() == []
    assert v2.in_service_list() == []
    v2.close()


def test_one_customer_cannot_read_or_change_the_others_orders_or_numbers(sb) -> None:
    demo_v2, demo_v1 = v2_for(sb), v1_for(sb)
    other_v2, other_v1 = v2_for(sb, Q), v1_for(sb, Q)

    # ---- demo's things on both APIs --------------------------------------------------
    order = demo_v2.order_search(area_code="919", quantity=3, customer_order_id="demo-private")
    done = demo_v2.wait_for_order(order, timeout=30)
    assert done.status == "COMPLETE"
    tn_v2 = done.completed_numbers
    backorder = demo_v2.order_search(
        area_code="910",
        quantity=1,
        customer_order_id="scenario-backorder-demo",
        back_order_requested=True,
    )
    assert demo_v2.wait_for_order(backorder, timeout=30).status == "BACKORDERED"
    disc = demo_v2.disconnect(tn_v2[2:], customer_order_id="demo-disc")
    assert demo_v2.wait_for_disconnect(disc, timeout=30).status == "COMPLETE"
    bought = demo_v1.search_and_order_local(area_code="704", quantity=1)
    v1_id, v1_number = bought.ids[0], bought.numbers[0]
    demo_in_service = set(demo_v2.in_service_list())
    assert demo_in_service == {*tn_v2[:2], v1_number[2:]}
    demo_orders = {o.id: o.status for o in demo_v2.orders()}

    # ---- the other customer, V2, through the client ------------------------------------
    for ident in (order.id, backorder.id):
        with pytest.raises(NotFound):
            other_v2.get_order(ident)
        with pytest.raises(NotFound):
            other_v2.order_history(ident)
    with pytest.raises(NotFound):
        other_v2.get_disconnect(disc.id)
    assert other_v2.find_order("demo-private") is None
    assert other_v2.find_disconnect("demo-disc") is None
    assert all(o.id not in demo_orders for o in other_v2.orders())
    assert not set(other_v2.in_service_list()) & demo_in_service
    for tn in tn_v2[:2]:
        with pytest.raises(ApiError):
            other_v2.tn(tn)
        with pytest.raises(ApiError):
            other_v2.tn_details(tn)
    # trying to take or release demo's numbers fails, per number, and changes nothing
    taken = other_v2.wait_for_order(other_v2.order_numbers(tn_v2[:2]), timeout=30)
    assert taken.status == "FAILED" and taken.completed_numbers == []
    released = other_v2.wait_for_disconnect(other_v2.disconnect(tn_v2[:2]), timeout=30)
    assert released.completed_numbers == [], released

    # ---- the other customer, V2, raw: demo's account path and demo's ids ---------------
    raw = requests.Session()
    raw.auth = (Q.v2_username, Q.v2_password)
    mine = f"{sb.v2_url}/accounts/{Q.v2_account_id}"
    theirs = f"{sb.v2_url}/accounts/{P.v2_account_id}"
    for method, url, body in [
        ("GET", f"{theirs}/orders?page=1&size=10", None),
        ("GET", f"{theirs}/orders/{order.id}", None),
        ("GET", f"{theirs}/inserviceNumbers", None),
        ("POST", f"{theirs}/disconnects", b"<DisconnectTelephoneNumberOrder/>"),
        ("PUT", f"{theirs}/orders/{backorder.id}", b"<Order><CloseOrder>true</CloseOrder></Order>"),
    ]:
        response = raw.request(method, url, data=body, timeout=10)
        assert response.status_code == 403, (method, url, response.status_code)
    for method, url, body in [
        ("GET", f"{mine}/orders/{order.id}/tns", None),
        ("GET", f"{mine}/orders/{order.id}/notes", None),
        ("GET", f"{mine}/orders/{order.id}/totals", None),
        (
            "POST",
            f"{mine}/orders/{order.id}/notes",
            b"<Note><UserId>x</UserId><Description>hi</Description></Note>",
        ),
        ("PUT", f"{mine}/orders/{backorder.id}", b"<Order><CloseOrder>true</CloseOrder></Order>"),
        ("GET", f"{mine}/inserviceNumbers/{tn_v2[0]}", None),
    ]:
        response = raw.request(method, url, data=body, timeout=10)
        assert response.status_code == 404, (method, url, response.status_code, response.text[:200])
    listing = raw.get(f"{sb.v2_url}/tns", params={"size": 2500}, timeout=10).text
    assert not [tn for tn in demo_in_service if tn in listing]
    assert P.v2_account_id not in listing

    # ---- the other customer, V1 -----------------------------------------------------------
    response = requests.get(
        f"{sb.v1_url}/users/{P.v1_user_id}/phoneNumbers", auth=(Q.v1_token, Q.v1_secret), timeout=10
    )
    assert response.status_code in (401, 403), response.status_code
    assert v1_number not in response.text
    with pytest.raises(NotFound):
        other_v1.get_number(v1_id)
    with pytest.raises((NotFound, PermissionDenied)):
        other_v1.delete_number(v1_id)
    with pytest.raises(ApiError):
        other_v1.order_number(v1_number)
    other_numbers = {n.number for n in other_v1.iter_numbers()}
    assert not other_numbers & {v1_number, *(f"+1{t}" for t in demo_in_service)}

    # ---- demo's account is exactly as it was ------------------------------------------
    assert set(demo_v2.in_service_list()) == demo_in_service
    assert {o.id: o.status for o in demo_v2.orders()} == demo_orders
    assert demo_v2.get_order(backorder.id).status == "BACKORDERED"
    assert demo_v1.get_number(v1_id).number == v1_number
    for client in (demo_v2, demo_v1, other_v2, other_v1):
        client.close()
