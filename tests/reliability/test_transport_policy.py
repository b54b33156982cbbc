"""Transport policy, at the level users meet it: the client constructors and real calls.

* Plain ``http://`` to a host that is not loopback is refused by ``V1Client``,
  ``V2Client``, ``from_env`` and ``connect`` unless ``NUMKIT_ALLOW_INSECURE_HTTP=1``
  (``tests/test_transport.py`` covers ``check_base_url`` itself). No request is ever
  sent to those hosts: construction is refused before any network use, and the opt-in
  cases use ``.invalid`` names that cannot resolve.
* TLS verification stays on and the environment's proxies/netrc are not picked up.
* Every request carries a (connect, read) timeout: every call of both clients and of a
  translated plan is recorded at ``requests.Session.send``; and a server that accepts
  connections but never answers makes each client give up in bounded time.
"""

from __future__ import annotations

import math
import socket
import threading
import time

import pytest
import requests
from reliability_helpers import v1_for, v2_for

from numkit import V1Client, V2Client, connect, demo, migrate
from numkit.errors import ConfigurationError, NumkitError, OutcomeUnknown, Timeout, TransportError

pytestmark = pytest.mark.timeout(120)

P = demo.PRIMARY
NON_LOOPBACK_HTTP = [
    "http://numkit-workshop.example.invalid/api",
    "http://10.20.30.40:8765/api",
    "http://192.168.1.5/api",
    "http://[fd00::1]:8765/api",
    "http://127.0.0.1.example.invalid/api",
    "http://localhost.example.invalid:8765/api",
    "HTTP://numkit-workshop.example.invalid/api",
]
LOOPBACK_HTTP = [
    "http://127.0.0.1:8765/api",
    "http://127.8.9.10:8765/api",
    "http://localhost:8765/api",
    "http://[::1]:8765/api",
]


def _v1(url: str, env: dict[str, str]):
    return V1Client(P.v1_user_id, P.v1_token, P.v1_secret, base_url=url, env=env)


def _v2(url: str, env: dict[str, str]):
    return V2Client(P.v2_account_id, P.v2_username, P.v2_password, base_url=url, env=env)


@pytest.mark.parametrize("url", NON_LOOPBACK_HTTP)
@pytest.mark.parametrize("make", [_v1, _v2], ids=["V1Client", "V2Client"])
def test_plain_http_to_a_non_loopback_host_is_refused(make, url) -> None:
    for env in ({}, {"NUMKIT_ALLOW_INSECURE_HTTP": "0"}, {"NUMKIT_ALLOW_INSECURE_HTTP": "true"}):
        with pytest.raises(ConfigurationError) as caught:
            make(url, env)
        assert "NUMKIT_ALLOW_INSECURE_HTTP" in str(caught.value)
        assert P.v2_password not in str(caught.value).replace("demo", "")


@pytest.mark.parametrize("make", [_v1, _v2], ids=["V1Client", "V2Client"])
def test_the_opt_in_allows_a_lan_sandbox_and_https_needs_none(make) -> None:
    lan = "http://numkit-workshop.example.invalid:8765/api"
    client = make(lan, {"NUMKIT_ALLOW_INSECURE_HTTP": "1"})
    assert client.base_url == lan
    client.close()
    secure = make("https://numkit-workshop.example.invalid/api", {})
    assert secure.transport.session.verify is True  # TLS verification stays on
    assert secure.transport.session.trust_env is False  # no proxies/netrc picked up silently
    secure.close()
    for url in LOOPBACK_HTTP:
        make(url, {}).close()


def test_from_env_and_connect_apply_the_same_policy() -> None:
    env = {
        "NUMKIT_V1_BASE_URL": "http://numkit-workshop.example.invalid/v1",
        "NUMKIT_V2_BASE_URL": "http://numkit-workshop.example.invalid/api",
        "NUMKIT_V2_ACCOUNT_ID": "1",
        "NUMKIT_V2_USERNAME": "u",
        "NUMKIT_V2_PASSWORD": "canary-policy-pw",
        "NUMKIT_V1_USER_ID": "u-1",
        "NUMKIT_V1_API_TOKEN": "t",
        "NUMKIT_V1_API_SECRET": "canary-policy-secret",
    }
    for call in (lambda: V1Client.from_env(env), lambda: V2Client.from_env(env)):
        with pytest.raises(ConfigurationError) as caught:
            call()
        assert "canary-policy" not in str(caught.value)
    with pytest.raises(ConfigurationError) as caught:
        connect(env=env, quiet=True)
    assert "canary-policy" not in str(caught.value)


def test_credentials_inside_the_url_are_refused_without_echoing_them() -> None:
    for make in (_v1, _v2):
        with pytest.raises(ConfigurationError) as caught:
            make("http://demo:canary-in-url@127.0.0.1:8765/api", {})
        assert "canary-in-url" not in str(caught.value)


@pytest.mark.parametrize("timeout", [0, -1, (5, 0), (0, 5), (5, None), "10", math.nan, True])
def test_a_non_positive_or_junk_timeout_is_a_configuration_error(timeout) -> None:
    for make in (V1Client, V2Client):
        with pytest.raises(ConfigurationError):
            make("a", "b", "c", base_url="http://127.0.0.1:8765/api", timeout=timeout)


def test_every_request_of_both_clients_carries_a_timeout(sandbox, monkeypatch) -> None:
    seen: list[tuple[str, str, object]] = []
    real_send = requests.Session.send

    def recording_send(self, request, **kwargs):
        seen.append((request.method, request.url, kwargs.get("timeout")))
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    v2, v1 = v2_for(sandbox), v1_for(sandbox)

    found = v2.search(area_code="919", quantity=2, details=True)
    v2.sites()
    v2.sip_peers()
    order = v2.order_numbers(found.numbers)
    done = v2.wait_for_order(order, timeout=30)
    v2.get_order(order.id)
    v2.order_history(order.id)
    v2.orders(limit=5)
    v2.find_order(order.customer_order_id)
    v2.in_service_numbers()
    v2.tn(done.completed_numbers[0])
    v2.tn_details(done.completed_numbers[0])
    disc = v2.disconnect(done.completed_numbers)
    v2.wait_for_disconnect(disc, timeout=30)
    v2.disconnects(limit=5)

    local = v1.search_local(area_code="910", quantity=2)
    v1.search_toll_free(quantity=1)
    number = v1.order_number(local.numbers[0])
    v1.list_numbers()
    v1.get_number(number.id)
    v1.delete_number(number.id)
    bought = v1.search_and_order_local(area_code="910", quantity=1)

    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "quantity": 1}, v2=v2
    )
    plan.run(v1, v2)

    assert len(seen) >= 25, seen
    bad = [s for s in seen if not _good_timeout(s[2])]
    assert not bad, f"requests without a proper timeout: {bad[:5]}"
    assert {m for m, _u, _t in seen} >= {"GET", "POST", "DELETE"}
    for number_id in bought.ids:  # the session sandbox is shared: leave it as we found it
        v1.delete_number(number_id)
    v1.close()
    v2.close()


def _good_timeout(value: object) -> bool:
    if not isinstance(value, tuple) or len(value) != 2:
        return False
    return all(isinstance(v, int | float) and 0 < v < math.inf for v in value)


@pytest.fixture
def silent_server():
    """Accepts connections and never answers (reads and ignores what it gets)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_a_server_that_never_answers_cannot_hang_a_client(silent_server) -> None:
    v2 = V2Client(
        P.v2_account_id,
        P.v2_username,
        P.v2_password,
        base_url=silent_server + "/api",
        timeout=(0.2, 0.2),
        # a lost order POST is looked up for reconcile_window (default 60 s) before
        # OutcomeUnknown; a short window keeps this test about hanging, not about looking
        reconcile_window=3,
    )
    v1 = V1Client(
        P.v1_user_id, P.v1_token, P.v1_secret, base_url=silent_server + "/v1", timeout=(0.2, 0.2)
    )
    calls = {
        "V2 GET order": lambda: v2.get_order("some-order"),
        "V2 POST order": lambda: v2.order_numbers(["9195551212"], site_id="100"),
        "V2 wait": lambda: v2.wait_for_order("some-order", timeout=2),
        "V1 search": lambda: v1.search_local(area_code="919", quantity=1),
        "V1 search-and-order": lambda: v1.search_and_order_local(area_code="919", quantity=1),
    }
    for name, call in calls.items():
        began = time.monotonic()
        with pytest.raises(NumkitError) as caught:
            call()
        elapsed = time.monotonic() - began
        print(f"{name}: {type(caught.value).__name__} after {elapsed:.1f} s")
        assert elapsed < 30, f"{name} took {elapsed:.1f} s"
        if name == "V2 POST order":
            assert isinstance(caught.value, OutcomeUnknown), caught.value
            assert elapsed >= 3  # it did look for the whole window first
        if name != "V2 wait":
            assert isinstance(caught.value, Timeout | OutcomeUnknown | TransportError), (
                name,
                caught.value,
            )
    v1.close()
    v2.close()
