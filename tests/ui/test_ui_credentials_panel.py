"""CredentialsPanel: secrets read once and cleared, never in widget state; test
connection against the sandbox, wrong credentials, production without credentials."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from ui_helpers import assert_clean, assert_no_secret, output_text

from numkit import demo
from numkit.ui import CredentialsPanel

CANARY_PW = "canary-pw-XYZ"
CANARY_TOKEN = "canary-token-Q7"
CANARY_SECRET = "canary-secret-K9"


def _sandbox_env(sandbox) -> dict[str, str]:
    return {"NUMKIT_V1_BASE_URL": sandbox.v1_url, "NUMKIT_V2_BASE_URL": sandbox.v2_url}


def test_password_is_read_once_and_cleared() -> None:
    panel = CredentialsPanel(env={})
    field = panel.fields["password"]
    assert isinstance(field, widgets.Password)
    assert field.continuous_update is False  # sent on Enter/blur, not per keystroke
    field.value = CANARY_PW
    assert field.value == ""
    assert panel.secrets_received == ["password"]
    assert "received" in field.placeholder
    assert_no_secret(CANARY_PW, panel)


def test_fields_follow_the_api_choice() -> None:
    panel = CredentialsPanel(env={})
    shown = {n for n, w in panel.fields.items() if w.layout.display != "none"}
    assert shown == {"account_id", "username", "password"}
    panel.api.value = "V1"
    shown = {n for n, w in panel.fields.items() if w.layout.display != "none"}
    assert shown == {"user_id", "api_token", "api_secret"}
    assert isinstance(panel.fields["api_token"], widgets.Password)
    assert isinstance(panel.fields["api_secret"], widgets.Password)
    assert "demo credentials" in panel._hint.value
    panel.target.value = "production"
    assert "Production needs credentials" in panel._hint.value


def test_production_without_credentials_is_refused_before_sending() -> None:
    panel = CredentialsPanel(env={})
    panel.target.value = "production"
    panel.test_button.click()
    assert panel.client is None
    assert "Test connection failed" in panel.status.value
    assert "NUMKIT_V2_USERNAME" in panel.status.value
    assert panel.test_button.disabled is False
    assert_clean(panel)


def test_partly_filled_fields_name_what_is_missing() -> None:
    panel = CredentialsPanel(env={})
    panel.fields["username"].value = "someone"
    panel.test_button.click()
    assert "missing: account_id, password" in panel.status.value
    assert panel.client is None


def test_unreachable_host_with_canary_secrets_leaks_nothing() -> None:
    env = {"NUMKIT_V1_BASE_URL": "http://127.0.0.1:9/v1"}  # nothing listens on port 9
    panel = CredentialsPanel(api="V1", env=env)
    panel.fields["user_id"].value = "u-canary"
    panel.fields["api_token"].value = CANARY_TOKEN
    panel.fields["api_secret"].value = CANARY_SECRET
    panel.test_button.click()
    assert panel.client is None
    assert "Test connection failed" in panel.status.value
    assert "connection failed" in panel.status.value
    assert_clean(panel)
    for canary in (CANARY_TOKEN, CANARY_SECRET):
        assert_no_secret(canary, panel)


@pytest.mark.parametrize("api", ["V2", "V1"])
def test_sandbox_demo_credentials_when_fields_are_empty(sandbox, api) -> None:
    panel = CredentialsPanel(api=api, env=_sandbox_env(sandbox))
    panel.test_button.click()
    assert panel.client is not None, panel.status.value
    assert panel.status.value.startswith("✓ "), panel.status.value
    assert f"{api} credentials work" in panel.status.value or "work" in panel.status.value
    assert "sandbox demo user" in output_text(panel)
    assert panel.client.base_url.startswith(sandbox.url)
    assert_clean(panel)
    panel.client.close()


def test_typed_v2_credentials_work_and_are_forgotten(sandbox) -> None:
    p = demo.PRIMARY
    panel = CredentialsPanel(env=_sandbox_env(sandbox))
    seen = []
    panel.on_connect(seen.append)
    panel.fields["account_id"].value = p.v2_account_id
    panel.fields["username"].value = p.v2_username
    panel.fields["password"].value = p.v2_password
    panel.test_button.click()
    assert panel.client is not None, panel.status.value
    assert seen == [panel.client]
    assert panel.secrets_received == []  # the client holds them now, the panel does not
    assert "typed in this panel" in output_text(panel)
    panel.client.close()


def test_wrong_password_says_so_and_leaks_nothing(sandbox) -> None:
    p = demo.PRIMARY
    panel = CredentialsPanel(env=_sandbox_env(sandbox))
    panel.fields["account_id"].value = p.v2_account_id
    panel.fields["username"].value = p.v2_username
    panel.fields["password"].value = CANARY_PW
    panel.test_button.click()
    assert panel.client is None
    assert "HTTP 401" in panel.status.value
    assert "check the values" in panel.status.value
    assert panel.test_button.disabled is False
    assert_clean(panel)
    assert_no_secret(CANARY_PW, panel)


def test_wrong_v1_secret_leaks_nothing(sandbox) -> None:
    panel = CredentialsPanel(api="V1", env=_sandbox_env(sandbox))
    panel.fields["user_id"].value = demo.PRIMARY.v1_user_id
    panel.fields["api_token"].value = CANARY_TOKEN
    panel.fields["api_secret"].value = CANARY_SECRET
    panel.test_button.click()
    assert panel.client is None
    assert "HTTP 401" in panel.status.value
    for canary in (CANARY_TOKEN, CANARY_SECRET):
        assert_no_secret(canary, panel)
