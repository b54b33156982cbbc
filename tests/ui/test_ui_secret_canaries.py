"""Canary credentials through every panel: a sandbox that accepts only canary secrets,
credentials typed into the panel, then search → order → disconnect, the inspector and
the side-by-side panel. The secrets must appear in no widget state, repr, Output,
status line, curl text or rendered exchange."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from ui_helpers import assert_clean, assert_no_secret, output_text

from numkit.ui import CredentialsPanel, walkthrough

CANARY_PW = "canary-pw-XYZ"
CANARY_TOKEN = "canary-token-Q7"
CANARY_SECRET = "canary-secret-K9"
SECRETS = (CANARY_PW, CANARY_TOKEN, CANARY_SECRET)


@pytest.fixture(scope="module")
def canary_sandbox():
    from numkit import sandbox as sb

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMKIT_", "BANDWIDTH_"))}
    env.update(
        NUMKIT_V2_ACCOUNT_ID="9911111",
        NUMKIT_V2_USERNAME="canary-user",
        NUMKIT_V2_PASSWORD=CANARY_PW,
        NUMKIT_V1_USER_ID="u-canary",
        NUMKIT_V1_API_TOKEN=CANARY_TOKEN,
        NUMKIT_V1_API_SECRET=CANARY_SECRET,
    )
    with sb.start(env=env, order_delay=0.2, aging=1) as running:
        yield running


def _connect(sandbox, api: str, values: dict[str, str]) -> tuple[CredentialsPanel, object]:
    env = {"NUMKIT_V1_BASE_URL": sandbox.v1_url, "NUMKIT_V2_BASE_URL": sandbox.v2_url}
    panel = CredentialsPanel(api=api, env=env)
    for name, value in values.items():
        panel.fields[name].value = value
    panel.test_button.click()
    assert panel.client is not None, panel.status.value
    assert_clean(panel)
    return panel, panel.client


def test_canaries_never_leak(canary_sandbox) -> None:
    cred_v2, v2 = _connect(
        canary_sandbox,
        "V2",
        {"account_id": "9911111", "username": "canary-user", "password": CANARY_PW},
    )
    cred_v1, v1 = _connect(
        canary_sandbox,
        "V1",
        {"user_id": "u-canary", "api_token": CANARY_TOKEN, "api_secret": CANARY_SECRET},
    )
    view = walkthrough(SimpleNamespace(v1=v1, v2=v2))

    # V2: search → order → disconnect
    view.search.fields["area_code"].value = "919"
    view.search.fields["quantity"].value = 2
    view.search.search_button.click()
    view.search.selected = list(view.search.result["full_number"])
    view.order.order_button.click()
    assert view.order.wait(30)
    assert "COMPLETE" in view.order.status.value, view.order.status.value
    view.disconnect.refresh()
    view.disconnect.numbers.value = tuple(view.search.selected)
    view.disconnect.disconnect_button.click()
    view.disconnect.confirm_button.click()
    assert view.disconnect.wait(30)
    assert "COMPLETE" in view.disconnect.status.value, view.disconnect.status.value

    # V1 through the same panels, then the side-by-side panel and the inspector
    view.api.value = "V1"
    view.search.fields["area_code"].value = "910"
    view.search.search_button.click()
    view.search.selected = list(view.search.result["number"][:1])
    view.order.order_button.click()
    assert view.order.wait(30)
    assert "1 number(s) ordered" in view.order.status.value, view.order.status.value
    view.side_by_side.operation.value = "list_numbers"
    view.side_by_side.run_button.click()
    view.inspector.refresh()
    curls = []
    for source in (0, 1):
        view.inspector.source.value = source
        for index, _record in enumerate(view.inspector._records):
            view.inspector.history.value = index
            curls.append(view.inspector.curl.value)
            curls.append(view.inspector._detail.value)
    assert any("$NUMKIT_V2_PASSWORD" in c or "NUMKIT_V2" in c for c in curls)

    everything = (cred_v2, cred_v1, view)
    texts = [output_text(p) for p in (cred_v1, cred_v2, view.search, view.order)]
    texts += [repr(v1), repr(v2), *curls]
    for secret in SECRETS:
        assert_no_secret(secret, *everything, extra=texts)
    for panel in (view.search, view.order, view.disconnect, view.side_by_side, view.inspector):
        assert_clean(panel)
    v1.close()
    v2.close()
