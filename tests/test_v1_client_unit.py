"""V1Client behaviour that needs no server: configuration, masking, path building."""

from __future__ import annotations

import pytest

from numkit.errors import ConfigurationError, ValidationError
from numkit.v1 import V1Client
from numkit.v1.client import _number_segment

LOCAL = "http://127.0.0.1:9/v1"


def test_repr_and_curl_never_show_token_or_secret():
    client = V1Client("u-1", "t-very-secret-token", "s-very-secret", base_url=LOCAL)
    for text in (repr(client), repr(client.transport), str(client.__dict__)):
        assert "t-very-secret-token" not in text
        assert "s-very-secret" not in text
    assert "u-1" in repr(client)


def test_explicit_credentials_need_all_three():
    with pytest.raises(ConfigurationError, match="api_secret"):
        V1Client("u-1", "t-1", None, base_url=LOCAL)
    with pytest.raises(ConfigurationError, match="user_id"):
        V1Client("", "t-1", "s-1", base_url=LOCAL)


def test_base_url_without_credentials_reads_the_environment():
    env = {
        "NUMKIT_V1_USER_ID": "u-env",
        "BANDWIDTH_API_TOKEN": "t-env",
        "NUMKIT_V1_API_SECRET": "s-env",
    }
    client = V1Client(base_url=LOCAL, env=env)
    assert client.user_id == "u-env"


def test_loopback_base_url_without_credentials_uses_the_demo_user():
    assert V1Client(base_url=LOCAL, env={}).user_id == "u-demo"


def test_remote_base_url_without_credentials_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="NUMKIT_V1_USER_ID"):
        V1Client(base_url="https://api.catapult.inetwork.com/v1", env={})


def test_from_env_uses_the_base_url_variable():
    env = {"NUMKIT_V1_BASE_URL": LOCAL}
    client = V1Client.from_env(env)
    assert client.base_url == LOCAL and client.user_id == "u-demo"


def test_production_without_credentials_is_refused():
    with pytest.raises(ConfigurationError):
        V1Client.from_env({}, target="production")


@pytest.mark.parametrize("timeout", [0, -1, (3, 0), "soon"])
def test_bad_timeouts(timeout):
    with pytest.raises(ConfigurationError):
        V1Client("u", "t", "s", base_url=LOCAL, timeout=timeout)


def test_plain_http_to_a_remote_host_is_refused():
    with pytest.raises(ConfigurationError, match="http://"):
        V1Client("u", "t", "s", base_url="http://example.com/v1", env={})


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("n-abc", "n-abc"),
        ("+19195551212", "%2B19195551212"),
        ("9195551212", "%2B19195551212"),
        ("(919) 555-1212", "%2B19195551212"),
        (9195551212, "%2B19195551212"),
        ("n-a/b", "n-a%2Fb"),
    ],
)
def test_number_segment(value, segment):
    assert _number_segment(value) == segment


@pytest.mark.parametrize("value", ["", None, True, "123", "+44 20 7946 0958"])
def test_number_segment_rejects_junk(value):
    with pytest.raises(ValidationError):
        _number_segment(value)


def test_order_number_rejects_bad_numbers_before_sending():
    client = V1Client("u", "t", "s", base_url=LOCAL)
    with pytest.raises(ValidationError, match="12345"):
        client.order_number("12345")
    with pytest.raises(ValidationError, match="quantity"):
        client.search_and_order_local(area_code="919", quantity=11)
    with pytest.raises(ValidationError):
        client.search_local(state="NC", area_code="919")
    assert len(client.exchanges) == 0  # nothing was sent


def test_next_links_are_followed_only_on_the_clients_own_host():
    from numkit.errors import ResponseParseError
    from numkit.paging import same_origin

    client = V1Client("u", "t", "s", base_url=LOCAL)
    same = "http://127.0.0.1:9/v1/users/u/phoneNumbers?page=1&size=2"
    assert same_origin(client.base_url, same, what="V1 number list") == same
    relative = same_origin(client.base_url, "/v1/users/u/phoneNumbers?page=2", what="list")
    assert relative == "http://127.0.0.1:9/v1/users/u/phoneNumbers?page=2"
    with pytest.raises(ResponseParseError, match="another host"):
        same_origin(client.base_url, "http://evil.example/v1/users/u/phoneNumbers", what="l")
    with pytest.raises(ResponseParseError, match="another host"):
        same_origin(client.base_url, "https://127.0.0.1:9/v1/x", what="l")
    with pytest.raises(ResponseParseError) as info:
        same_origin(client.base_url, "http://user:s3cret@evil.example/x", what="l")
    assert "s3cret" not in str(info.value)
