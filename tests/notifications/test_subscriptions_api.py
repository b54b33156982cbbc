"""The sandbox's ``/subscriptions`` resource over real HTTP: documented shapes, per
account, validation errors in ``ResponseStatus`` with the codes of docs/sandbox.md, and
the password never written back."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import requests
from lxml import etree
from notify_helpers import client_for

from numkit import demo
from numkit.errors import NotFound, ValidationError

P, OTHER = demo.PRIMARY, demo.OTHER


def url(sb, account: str = P.v2_account_id, suffix: str = "") -> str:
    return f"{sb.v2_url}/accounts/{account}/subscriptions{suffix}"


def auth(customer=P) -> tuple[str, str]:
    return (customer.v2_username, customer.v2_password)


CALLBACK = """<Subscription><OrderType>{order_type}</OrderType>
<CallbackSubscription><URL>{url}</URL><Expiry>{expiry}</Expiry>
<CallbackCredentials><BasicAuthentication><Username>hook</Username>
<Password>{password}</Password></BasicAuthentication></CallbackCredentials>
</CallbackSubscription></Subscription>"""


def create(sb, body: str, customer=P) -> requests.Response:
    return requests.post(
        url(sb, customer.v2_account_id),
        data=body.encode(),
        auth=auth(customer),
        headers={"Content-Type": "application/xml"},
        timeout=10,
    )


def test_create_read_replace_delete_in_documented_shapes(nsb) -> None:
    body = CALLBACK.format(
        order_type="orders", url="http://127.0.0.1:9/hook", expiry=3600, password="pw-77x"
    )
    made = create(nsb, body)
    assert made.status_code == 201 and made.content == b""
    location = made.headers["Location"]
    sub_id = location.rsplit("/", 1)[-1]
    assert location.endswith(f"/accounts/{P.v2_account_id}/subscriptions/{sub_id}")

    listed = requests.get(url(nsb), auth=auth(), timeout=10)
    assert listed.status_code == 200 and b"pw-77x" not in listed.content
    root = etree.fromstring(listed.content)
    assert root.tag == "SubscriptionsResponse"
    item = root.find(f"Subscriptions/Subscription[SubscriptionId='{sub_id}']")
    assert item.findtext("OrderType") == "orders"
    cb = item.find("CallbackSubscription")
    assert cb.findtext("URL") == "http://127.0.0.1:9/hook"
    assert 3590 <= int(cb.findtext("Expiry")) <= 3600  # seconds left
    assert cb.findtext("Status") == "READY"
    assert cb.findtext("CallbackCredentials/BasicAuthentication/Username") == "hook"
    assert cb.find("CallbackCredentials/BasicAuthentication/Password") is None

    one = requests.get(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10)
    assert one.status_code == 200
    assert [
        e.findtext("SubscriptionId") for e in etree.fromstring(one.content).iter("Subscription")
    ] == [sub_id]

    replaced = requests.put(
        url(nsb, suffix=f"/{sub_id}"),
        data=CALLBACK.format(
            order_type="disconnects", url="http://127.0.0.1:9/b", expiry=60, password="pw-2"
        ).encode(),
        auth=auth(),
        timeout=10,
    )
    assert replaced.status_code == 200
    again = etree.fromstring(
        requests.get(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10).content
    )
    assert (
        again.findtext(".//OrderType") == "disconnects"
        and again.findtext(".//URL") == "http://127.0.0.1:9/b"
    )

    gone = requests.delete(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10)
    assert gone.status_code == 200
    assert requests.get(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10).status_code == 404


def test_another_customers_subscription_is_404(nsb) -> None:
    made = create(
        nsb,
        CALLBACK.format(order_type="orders", url="http://127.0.0.1:9/", expiry=60, password="x"),
    )
    sub_id = made.headers["Location"].rsplit("/", 1)[-1]
    theirs = url(nsb, OTHER.v2_account_id, f"/{sub_id}")
    for method in ("GET", "PUT", "DELETE"):
        answer = requests.request(
            method, theirs, auth=auth(OTHER), data=b"<Subscription/>", timeout=10
        )
        assert answer.status_code == 404, method
    listing = requests.get(url(nsb, OTHER.v2_account_id), auth=auth(OTHER), timeout=10)
    assert sub_id.encode() not in listing.content
    # and the account in the path must be the caller's own
    assert requests.get(url(nsb, OTHER.v2_account_id), auth=auth(), timeout=10).status_code == 403
    requests.delete(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10)


def test_email_subscription_is_stored(nsb) -> None:
    body = (
        "<Subscription><OrderType>orders</OrderType><EmailSubscription><Email>ops@example.com"
        "</Email><DigestRequested>DAILY</DigestRequested></EmailSubscription></Subscription>"
    )
    made = create(nsb, body)
    assert made.status_code == 201
    sub_id = made.headers["Location"].rsplit("/", 1)[-1]
    item = etree.fromstring(
        requests.get(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10).content
    )
    assert item.findtext(".//EmailSubscription/Email") == "ops@example.com"
    assert item.findtext(".//EmailSubscription/DigestRequested") == "DAILY"
    requests.delete(url(nsb, suffix=f"/{sub_id}"), auth=auth(), timeout=10)


CB = (
    "<CallbackSubscription><URL>http://127.0.0.1:9/</URL><Expiry>60</Expiry></CallbackSubscription>"
)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<Subscription><OrderType>orders", "1003"),
        ('<!DOCTYPE s [<!ENTITY x "y">]><Subscription/>', "1003"),
        ("<Other/>", "12601"),
        (f"<Subscription>{CB}</Subscription>", "12602"),
        (f"<Subscription><OrderType>portins</OrderType>{CB}</Subscription>", "12602"),
        ("<Subscription><OrderType>orders</OrderType></Subscription>", "12603"),
        (
            "<Subscription><OrderType>orders</OrderType>"
            + CB
            + "<EmailSubscription><Email>a@b.co</Email></EmailSubscription></Subscription>",
            "12603",
        ),
        (
            CB.join(["<Subscription><OrderType>orders</OrderType>", "</Subscription>"]).replace(
                "http://127.0.0.1:9/", "ftp://x/"
            ),
            "12604",
        ),
        (
            CB.join(["<Subscription><OrderType>orders</OrderType>", "</Subscription>"]).replace(
                "http://127.0.0.1:9/", "/relative"
            ),
            "12604",
        ),
        (
            CB.join(["<Subscription><OrderType>orders</OrderType>", "</Subscription>"]).replace(
                "<Expiry>60", "<Expiry>-5"
            ),
            "12605",
        ),
        (
            CB.join(["<Subscription><OrderType>orders</OrderType>", "</Subscription>"]).replace(
                "<Expiry>60", "<Expiry>1 day"
            ),
            "12605",
        ),
        (
            "<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>"
            "http://127.0.0.1:9/</URL><CallbackCredentials><BasicAuthentication><Username>u"
            "</Username></BasicAuthentication></CallbackCredentials></CallbackSubscription>"
            "</Subscription>",
            "12606",
        ),
        (
            "<Subscription><OrderType>orders</OrderType><EmailSubscription><Email>nope"
            "</Email></EmailSubscription></Subscription>",
            "12607",
        ),
        (
            f"<Subscription><OrderType>orders</OrderType><OrderId>{'x' * 65}</OrderId>{CB}"
            "</Subscription>",
            "12608",
        ),
    ],
)
def test_validation_errors_use_response_status(nsb, body: str, code: str) -> None:
    answer = create(nsb, body)
    assert answer.status_code == 400
    root = etree.fromstring(answer.content)
    assert root.tag == "SubscriptionResponse"
    assert root.findtext("ResponseStatus/ErrorCode") == code
    assert root.findtext("ResponseStatus/Description")


def test_client_methods_and_unknown_id(nsb, nv2) -> None:
    sub = nv2.subscribe("http://127.0.0.1:9/x", order_type="disconnects", expiry=120)
    assert sub.status == "READY" and sub.order_type == "disconnects"
    listed = {s.id: s for s in nv2.subscriptions()}
    assert listed[sub.id].url == "http://127.0.0.1:9/x" and listed[sub.id].expiry <= 120
    nv2.unsubscribe(sub)
    assert sub.id not in {s.id for s in nv2.subscriptions()}
    with pytest.raises(NotFound):
        nv2.unsubscribe(sub.id)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"url": "not a url"},
        {"url": "ftp://127.0.0.1/"},
        {"url": "http://127.0.0.1/", "order_type": "portins"},
        {"url": "http://127.0.0.1/", "username": "u"},
        {"url": "http://127.0.0.1/", "expiry": 0},
        {"url": "http://127.0.0.1/", "expiry": "86400"},
    ],
)
def test_client_validates_before_sending(nsb, nv2, kwargs) -> None:
    before = len(nv2.exchanges)
    url_ = kwargs.pop("url")
    with pytest.raises(ValidationError):
        nv2.subscribe(url_, **kwargs)
    assert len(nv2.exchanges) == before


def test_real_dashboard_refuses_loopback_and_private_callbacks(nsb) -> None:
    # A non-private base URL is "a real Dashboard"; nothing is sent (validated first).
    client = client_for(nsb, base_url="https://dashboard.bandwidth.com/api")
    for target in ("http://127.0.0.1:8000/", "http://localhost/x", "http://192.168.1.20/hook"):
        with pytest.raises(ValidationError) as info:
            client.subscribe(target)
        message = str(info.value)
        assert "cannot reach" in message and "public HTTPS URL" in message
    assert len(client.exchanges) == 0


def test_state_file_is_private(nsb) -> None:
    path = Path(nsb.state_path)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, candidate


def test_reset_forgets_subscriptions(nsb, nv2) -> None:
    from numkit import sandbox

    nv2.subscribe("http://127.0.0.1:9/r")
    assert nv2.subscriptions()
    sandbox.reset(nsb.url)
    assert nv2.subscriptions() == []
