"""Pure pieces: reading notification and subscription bodies, writing a subscription,
the private-URL rule and the safety-net argument."""

from __future__ import annotations

import pytest

from numkit.errors import ResponseParseError, ValidationError
from numkit.notifications import parse_notification, parse_subscriptions
from numkit.notifications.models import MAX_NOTIFICATION_BYTES, subscription_body
from numkit.notifications.subscribe import is_private_url
from numkit.notifications.waiting import check_safety_net
from numkit.xmlsafe import parse_xml

DOC = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Notification>
  <SubscriptionId>8c1b5e2e-1</SubscriptionId>
  <Message>Created a new number order for 2 numbers</Message>
  <OrderId>ord-1</OrderId>
  <OrderType>orders</OrderType>
  <CustomerOrderId>my-order-1</CustomerOrderId>
  <Status>COMPLETE</Status>
  <Note>2 of 2 number(s) completed.</Note>
  <CompletedTelephoneNumbers>
    <TelephoneNumber>+19195551212</TelephoneNumber>
    <TelephoneNumber>9195551213</TelephoneNumber>
  </CompletedTelephoneNumbers>
  <LastModifiedDate>2026-03-04T05:06:07.890Z</LastModifiedDate>
</Notification>"""


def test_notification_fields_and_numbers_normalised_to_ten_digits() -> None:
    n = parse_notification(DOC)
    assert n.subscription_id == "8c1b5e2e-1"
    assert (n.order_type, n.order_id, n.customer_order_id) == ("orders", "ord-1", "my-order-1")
    assert n.status == "COMPLETE" and n.note == "2 of 2 number(s) completed."
    assert n.message.startswith("Created a new number order")
    assert n.completed_numbers == ["9195551212", "9195551213"]
    assert n.last_modified is not None and n.last_modified.year == 2026
    assert n.raw == DOC


def test_notification_without_customer_order_id_or_numbers() -> None:
    n = parse_notification(
        b"<Notification><OrderId>x</OrderId><Status>failed</Status></Notification>"
    )
    assert n.customer_order_id is None and n.completed_numbers == [] and n.status == "FAILED"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<Notification><OrderId>x</OrderId>",  # malformed
        b"<Other><OrderId>x</OrderId></Other>",  # wrong root
        b"<Notification><Status>COMPLETE</Status></Notification>",  # no OrderId
        b'<!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><Notification>'
        b"<OrderId>&x;</OrderId></Notification>",  # XXE
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<Notification><OrderId>&b;</OrderId></Notification>",  # entity expansion
        b"<Notification><OrderId>x</OrderId><CompletedTelephoneNumbers><TelephoneNumber>"
        b"not-a-number</TelephoneNumber></CompletedTelephoneNumbers></Notification>",
        b"<Notification><OrderId>"
        + b"x" * (MAX_NOTIFICATION_BYTES + 1)
        + b"</OrderId></Notification>",
    ],
)
def test_hostile_or_broken_notifications_are_refused(body: bytes) -> None:
    with pytest.raises(ResponseParseError):
        parse_notification(body)


def test_subscription_body_has_documented_shape_and_credentials() -> None:
    body = subscription_body(
        "http://127.0.0.1:9/",
        order_type="orders",
        expiry=3600,
        username="u",
        password="p<&>",
        order_id="o-1",
    )
    root = parse_xml(body)
    assert root.tag == "Subscription"
    assert [c.tag for c in root] == ["OrderType", "OrderId", "CallbackSubscription"]
    cb = root.find("CallbackSubscription")
    assert cb.findtext("URL") == "http://127.0.0.1:9/" and cb.findtext("Expiry") == "3600"
    assert cb.findtext("CallbackCredentials/BasicAuthentication/Password") == "p<&>"


def test_subscriptions_listing_is_read_without_password() -> None:
    body = b"""<SubscriptionsResponse><Subscriptions>
      <Subscription><SubscriptionId>s1</SubscriptionId><OrderType>orders</OrderType>
        <CallbackSubscription><URL>https://example.com/hook</URL><Expiry>3599</Expiry>
          <Status>200 OK</Status><CallbackCredentials><BasicAuthentication>
          <Username>hook</Username></BasicAuthentication></CallbackCredentials>
        </CallbackSubscription></Subscription>
      <Subscription><SubscriptionId>s2</SubscriptionId><OrderType>disconnects</OrderType>
        <EmailSubscription><Email>a@example.com</Email><DigestRequested>NONE</DigestRequested>
        </EmailSubscription></Subscription>
    </Subscriptions></SubscriptionsResponse>"""
    first, second = parse_subscriptions(body)
    assert (first.id, first.order_type, first.url, first.expiry, first.status) == (
        "s1",
        "orders",
        "https://example.com/hook",
        3599,
        "200 OK",
    )
    assert first.username == "hook"
    assert second.email == "a@example.com" and second.url is None


@pytest.mark.parametrize(
    ("url", "private"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost/", True),
        ("http://[::1]:80/", True),
        ("http://10.1.2.3/", True),
        ("http://192.168.0.5/", True),
        ("http://169.254.1.1/", True),
        ("http://jupyter/", True),
        ("https://hooks.example.com/x", False),
        ("https://8.8.8.8/", False),
        ("https://dashboard.bandwidth.com/api", False),
    ],
)
def test_private_url_rule(url: str, private: bool) -> None:
    assert is_private_url(url) is private


@pytest.mark.parametrize("value", [(0, 5), (5, 1), (1,), "5,30", (1, float("nan")), (True, 2)])
def test_safety_net_must_be_a_pair_of_positive_seconds(value: object) -> None:
    with pytest.raises(ValidationError):
        check_safety_net(value)


def test_safety_net_accepts_lists_and_ints() -> None:
    assert check_safety_net([1, 2]) == (1.0, 2.0)
