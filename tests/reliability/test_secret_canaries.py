"""Secret canaries: run the kit with credentials nobody could mistake, then search every
place a secret could leak to.

A private sandbox is started with canary credentials in its environment
(``start(env=...)``: they replace the primary customer's). Then:

* every notebook runs top to bottom under nbclient with those credentials in the
  kernel's environment (widget state stored, as "Save notebook with widget state"
  does) — the saved notebook JSON holds no canary;
* every panel is driven with the canary clients (the V2 password and the V1 secret typed
  into the credentials panel) — the widget manager state that would be saved with the
  notebook, the panels' outputs and reprs hold no canary;
* errors of every class are provoked with the canary clients — messages, reprs,
  tracebacks and attributes hold no canary;
* every exchange record (all fields), every curl rendering, the side-by-side and
  credentials explanations, the clients' and kit's reprs;
* every log record of the process (DEBUG and up, urllib3 included) and the sandbox's
  own output.

"Canary" means the raw secrets and the Base64 of the Basic credentials they make.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import logging
import os
import socket
import traceback
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from numkit import sandbox as nks

pytestmark = pytest.mark.timeout(600)

REPO = Path(__file__).resolve().parents[2]
V2_ACCOUNT, V2_USER, V2_PASSWORD = "9911111", "canary-user", "canary-pw-5f0c9e1a"
V1_USER, V1_TOKEN, V1_SECRET = "u-canary", "canary-token-8b2d7c", "canary-secret-41aa09"
CANARY_ENV = {
    "NUMKIT_V2_ACCOUNT_ID": V2_ACCOUNT,
    "NUMKIT_V2_USERNAME": V2_USER,
    "NUMKIT_V2_PASSWORD": V2_PASSWORD,
    "NUMKIT_V1_USER_ID": V1_USER,
    "NUMKIT_V1_API_TOKEN": V1_TOKEN,
    "NUMKIT_V1_API_SECRET": V1_SECRET,
}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


CANARIES = (
    V2_PASSWORD,
    V1_TOKEN,
    V1_SECRET,
    _b64(f"{V2_USER}:{V2_PASSWORD}"),
    _b64(f"{V1_TOKEN}:{V1_SECRET}"),
)


def assert_no_canary(text: str, where: str) -> None:
    found = [c for c in CANARIES if c in text]
    if found:
        at = text.index(found[0])
        raise AssertionError(
            f"canary {found[0]!r} in {where}: …{text[max(0, at - 150) : at + 80]}…"
        )


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("NUMKIT_", "BANDWIDTH_"))}


@pytest.fixture(scope="module")
def canary_sandbox():
    with nks.start(env={**_clean_env(), **CANARY_ENV}, order_delay=0.3, aging=2) as running:
        yield running


@pytest.fixture
def canary_env(canary_sandbox, monkeypatch) -> dict[str, str]:
    env = {
        **CANARY_ENV,
        "NUMKIT_V1_BASE_URL": canary_sandbox.v1_url,
        "NUMKIT_V2_BASE_URL": canary_sandbox.v2_url,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NUMKIT_TARGET", raising=False)
    return env


def _notebook_helpers():
    spec = importlib.util.spec_from_file_location(
        "_nb_runner", REPO / "tests" / "test_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_with_canary_credentials_saves_no_secret(path, canary_env, tmp_path) -> None:
    import nbformat
    from nbclient import NotebookClient

    helpers = _notebook_helpers()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=helpers.CELL_TIMEOUT,
        startup_timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
        store_widget_state=True,
        shutdown_kernel="immediate",
        allow_errors=True,  # a failing cell must not hide a leak in the cells after it
    )
    client.execute()
    saved = nbformat.writes(nb)  # exactly what "save" would write, widget state included
    assert_no_canary(saved, f"the saved {path.name}")
    assert helpers._errors(nb) == [], f"{path.name} failed with canary credentials"


def test_panels_clients_errors_logs_and_records_hold_no_canary(
    canary_sandbox, canary_env, caplog
) -> None:
    import ipywidgets as widgets
    from ipywidgets import embed

    from numkit import V1Client, V2Client, connect, migrate
    from numkit.errors import NumkitError
    from numkit.ui import (
        CredentialsPanel,
        DisconnectPanel,
        ExchangeInspector,
        OrderPanel,
        SearchPanel,
        SideBySidePanel,
        walkthrough,
    )

    caplog.set_level(logging.DEBUG)
    texts: dict[str, str] = {}

    # ---- the credentials panel, secrets typed in --------------------------------------
    panels: list[Any] = []
    clients: dict[str, Any] = {}
    for api, values in (
        ("V2", {"account_id": V2_ACCOUNT, "username": V2_USER, "password": V2_PASSWORD}),
        ("V1", {"user_id": V1_USER, "api_token": V1_TOKEN, "api_secret": V1_SECRET}),
    ):
        panel = CredentialsPanel(
            api=api, env={k: canary_env[k] for k in canary_env if "BASE_URL" in k}
        )
        for name, value in values.items():
            panel.fields[name].value = value
        panel.test_button.click()
        assert panel.client is not None, panel.status.value
        clients[api] = panel.client
        panels.append(panel)
    v2, v1 = clients["V2"], clients["V1"]

    # ---- every panel, driven ------------------------------------------------------------
    search = SearchPanel(v2)
    search.fields["area_code"].value = "919"
    search.fields["quantity"].value = 2
    search.search_button.click()
    assert search.result is not None and len(search.result) == 2, search.status.value
    search.selected = list(search.result["full_number"])
    order = OrderPanel(v2, source=search)
    order.order_button.click()
    assert order.wait(30)
    assert "COMPLETE" in order.status.value, order.status.value
    disconnect = DisconnectPanel(v2)
    disconnect.refresh()
    disconnect.numbers.value = tuple(search.selected)
    disconnect.disconnect_button.click()
    disconnect.confirm_button.click()
    assert disconnect.wait(30)
    side = SideBySidePanel(v1, v2)
    side.run_button.click()
    assert side.wait(30)
    inspector = ExchangeInspector([v2, v1])
    inspector.refresh()
    view = walkthrough(SimpleNamespace(v1=v1, v2=v2))
    view.api.value = "V1"
    view.search.fields["area_code"].value = "910"
    view.search.search_button.click()
    panels += [search, order, disconnect, side, inspector, view]

    # what "Save widget state" would write, and an embedded HTML export
    state = widgets.Widget.get_manager_state(drop_defaults=False)
    texts["widget manager state"] = json.dumps(state, default=str)
    texts["embedded HTML"] = embed.embed_snippet(views=panels)
    for panel in panels:
        texts[f"repr {type(panel).__name__}"] = repr(panel)
        out = getattr(panel, "_out", None)
        if out is not None:
            texts[f"output {type(panel).__name__}"] = json.dumps(out.outputs, default=str)
        texts[f"status {type(panel).__name__}"] = str(
            getattr(getattr(panel, "status", None), "value", "")
        )

    # ---- errors of every class, provoked with the canary clients --------------------------
    errors: list[BaseException] = []

    def provoke(call) -> None:
        try:
            call()
        except NumkitError as exc:
            errors.append(exc)
        else:
            raise AssertionError(f"{call} did not fail")

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()
    wrong_v2 = V2Client(V2_ACCOUNT, V2_USER, V2_PASSWORD + "-wrong", base_url=canary_sandbox.v2_url)
    wrong_v1 = V1Client(V1_USER, V1_TOKEN, V1_SECRET + "-wrong", base_url=canary_sandbox.v1_url)
    dead_v2 = V2Client(
        V2_ACCOUNT, V2_USER, V2_PASSWORD, base_url=f"http://127.0.0.1:{dead_port}/api"
    )
    provoke(lambda: wrong_v2.search(area_code="919", quantity=1))  # AuthenticationError
    provoke(lambda: wrong_v1.search_local(area_code="919", quantity=1))
    provoke(lambda: v2.get_order("no-such-order"))  # NotFound
    provoke(lambda: v1.get_number("n-no-such-number"))
    provoke(lambda: v2.search(area_code="119"))  # ValidationError
    provoke(lambda: dead_v2.sites())  # TransportError
    provoke(lambda: dead_v2.order_numbers(["9195551212"], site_id="100"))  # OutcomeUnknown
    provoke(
        lambda: V2Client(
            V2_ACCOUNT, V2_USER, V2_PASSWORD, base_url="http://lan.example.invalid/api", env={}
        )
    )
    provoke(
        lambda: V1Client(
            V1_USER, V1_TOKEN, V1_SECRET, base_url="http://lan.example.invalid/v1", env={}
        )
    )
    provoke(
        lambda: V2Client(
            V2_ACCOUNT, V2_USER, V2_PASSWORD, base_url=canary_sandbox.v2_url, timeout=0
        )
    )
    classes = {type(e).__name__ for e in errors}
    assert {"AuthenticationError", "NotFound", "ValidationError", "ConfigurationError"} <= classes
    for index, error in enumerate(errors):
        where = f"error {index} {type(error).__name__}"
        texts[where] = "\n".join(
            [str(error), repr(error), *traceback.format_exception(error)]
            + [repr(v) for v in vars(error).values()]
        )

    # ---- clients, kit, records, renderings ---------------------------------------------------
    kit = connect(quiet=True)
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "quantity": 1}, v2=v2
    )
    result = plan.run(v1, v2)
    shown = migrate.side_by_side(result)
    explained = migrate.explain_credentials()
    texts["reprs"] = "\n".join(
        repr(x)
        for x in (
            v1,
            v2,
            v1.transport,
            v2.transport,
            kit,
            kit.v1,
            kit.v2,
            kit.v1_target,
            kit.v2_target,
            plan,
            result,
        )
    )
    texts["side by side"] = str(shown) + shown._repr_html_()
    texts["credentials explained"] = str(explained) + explained._repr_html_()
    records = [
        e for c in (v1, v2, wrong_v1, wrong_v2, dead_v2, kit.v1, kit.v2) for e in c.exchanges
    ]
    assert len(records) > 20
    texts["exchange records"] = "\n".join(repr(vars(e)) + "\n" + e.as_curl() for e in records)
    assert "$NUMKIT_V2_PASSWORD" in texts["exchange records"]

    # ---- logs: this process (DEBUG and up) and the sandbox's own output -----------------
    texts["process log"] = "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records
    )
    texts["sandbox output"] = canary_sandbox.log_text()
    assert "numkit sandbox" in texts["sandbox output"]

    # the search would see a leak: the secrets are really in play
    assert V2_PASSWORD in repr(v2.transport.session.auth)
    for where, text in texts.items():
        assert_no_canary(text, where)
    for client in (v1, v2, wrong_v1, wrong_v2, dead_v2, kit.v1, kit.v2):
        client.close()
