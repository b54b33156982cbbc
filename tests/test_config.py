"""Target and credential resolution: production only when asked for by name."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest

import numkit
from numkit import config
from numkit.errors import ConfigurationError

V2_ENV = {
    "NUMKIT_V2_ACCOUNT_ID": "42",
    "NUMKIT_V2_USERNAME": "ann",
    "NUMKIT_V2_PASSWORD": "pw-canary",
}
V1_ENV = {
    "NUMKIT_V1_USER_ID": "u-1",
    "NUMKIT_V1_API_TOKEN": "t-1",
    "NUMKIT_V1_API_SECRET": "s-canary",
}


def test_base_url_variable_wins_over_target():
    env = {"NUMKIT_V2_BASE_URL": "http://127.0.0.1:9/api", "NUMKIT_TARGET": "production"}
    r = config.resolve_v2("production", env)
    assert r.base_url == "http://127.0.0.1:9/api"
    assert r.target == "sandbox"
    assert "NUMKIT_V2_BASE_URL" in r.reason
    assert r.credentials.username == "demo"  # loopback URL, nothing set → demo user


def test_explicit_production_uses_real_host_and_env_credentials():
    r = config.resolve_v2("production", V2_ENV)
    assert r.base_url == config.PRODUCTION_V2_URL and r.target == "production"
    assert r.credentials.account_id == "42"
    r1 = config.resolve_v1("production", V1_ENV)
    assert r1.base_url == config.PRODUCTION_V1_URL


def test_numkit_target_variable_selects_production_when_no_argument():
    r = config.resolve_v2(None, {**V2_ENV, "NUMKIT_TARGET": "production"})
    assert r.target == "production"


def test_explicit_argument_beats_variable():
    env = {**V2_ENV, "NUMKIT_TARGET": "production", "NUMKIT_V2_BASE_URL": ""}
    r = config.resolve_v2("production", env)
    assert r.target == "production"


def test_production_without_credentials_names_the_variables():
    with pytest.raises(ConfigurationError) as info:
        config.resolve_v2("production", {})
    message = str(info.value)
    for name in config.V2_VARS:
        assert name in message
    with pytest.raises(ConfigurationError, match="BANDWIDTH_API_TOKEN"):
        config.resolve_v1("production", {})


def test_custom_non_loopback_url_without_credentials_is_an_error():
    with pytest.raises(ConfigurationError):
        config.resolve_v2(None, {"NUMKIT_V2_BASE_URL": "https://staging.example/api"})


def test_bandwidth_fallback_variables_for_v1():
    env = {"BANDWIDTH_USER_ID": "u-9", "BANDWIDTH_API_TOKEN": "t-9", "BANDWIDTH_API_SECRET": "s-9"}
    r = config.resolve_v1("production", env)
    assert r.credentials.user_id == "u-9"
    assert "BANDWIDTH_USER_ID" in r.credentials_source
    env["NUMKIT_V1_USER_ID"] = "u-numkit"
    assert config.resolve_v1("production", env).credentials.user_id == "u-numkit"


@pytest.mark.parametrize("bad", ["prod", "PRODUCTION", "live"])
def test_unknown_targets_are_configuration_errors(bad):
    with pytest.raises(ConfigurationError):
        config.resolve_v2(bad, V2_ENV)
    with pytest.raises(ConfigurationError):
        config.resolve_v2(None, {**V2_ENV, "NUMKIT_TARGET": bad})


def test_credential_reprs_hide_secrets():
    r = config.resolve_v2("production", V2_ENV)
    r1 = config.resolve_v1("production", V1_ENV)
    text = repr(r) + repr(r1) + r.describe() + r1.describe()
    assert "pw-canary" not in text and "s-canary" not in text and "t-1" not in text


def test_credentials_in_env_never_switch_to_production(sandbox, monkeypatch):
    """Real credentials lying in the environment still resolve to the sandbox."""
    env = {
        **V1_ENV,
        **V2_ENV,
        "NUMKIT_V1_BASE_URL": sandbox.v1_url,
        "NUMKIT_V2_BASE_URL": sandbox.v2_url,
    }
    r = config.resolve_v2(None, env)
    assert r.target == "sandbox"
    assert r.base_url != config.PRODUCTION_V2_URL


def test_resolution_is_pure_the_shared_sandbox_is_located_separately(tmp_path, monkeypatch):
    """Resolving starts nothing; targeting.locate() is what starts the shared sandbox."""
    from numkit import sandbox, targeting

    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path))
    r = config.resolve_v2(None, {})
    assert r.target == "sandbox" and r.shared_sandbox and r.base_url is None
    assert r.credentials.username == "demo" and "default" in r.reason
    assert "not started yet" in r.describe()
    assert sandbox.running_info() is None
    assert not list(tmp_path.rglob("sandbox.json"))  # nothing was started
    try:
        located = targeting.locate(r, {})
        assert located.base_url.startswith("http://127.0.0.1:")
        assert located.base_url.endswith("/api")
        assert sandbox.running_info()["v2_url"] == located.base_url
    finally:
        sandbox.stop_running()


def test_config_imports_no_client_and_no_sandbox(tmp_path):
    """The import circle config <-> v1/v2 is gone: config is decided without them."""
    code = (
        "import json, sys; from numkit import config; "
        "config.resolve_v1(None, {}); config.resolve_v2('production', "
        + repr(V2_ENV)
        + "); print(json.dumps(sorted(m for m in sys.modules if m.startswith('numkit'))))"
    )
    env = {**os.environ, "NUMKIT_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    loaded = set(json.loads(out.stdout))
    assert loaded <= {"numkit", "numkit.config", "numkit.demo", "numkit.envvars", "numkit.errors"}
    assert not any(tmp_path.iterdir())


def test_e164_mode_picks_the_api_v2_base():
    r = config.resolve_v2("production", V2_ENV, numbers="e164")
    assert r.base_url == config.PRODUCTION_V2_E164_URL == "https://dashboard.bandwidth.com/api/v2"
    assert config.resolve_v2("production", V2_ENV).base_url == config.PRODUCTION_V2_URL
    assert config.resolve_v2(None, {}, numbers="e164").e164
    given = {"NUMKIT_V2_BASE_URL": "http://127.0.0.1:9/api"}
    assert config.resolve_v2(None, given, numbers="e164").base_url == "http://127.0.0.1:9/api"


def test_connect_env_is_the_one_environment_of_the_shared_sandbox(tmp_path, monkeypatch):
    """connect(env=...) and a client's env= reach the sandbox they start (issue 12.10):
    it accepts exactly those credentials, although os.environ holds none of them."""
    import numkit
    from numkit import sandbox

    monkeypatch.setenv("NUMKIT_HOME", str(tmp_path))
    env = {**V1_ENV, **V2_ENV}
    try:
        kit = numkit.connect(env=env, quiet=True)
        assert kit.v2.account_id == "42" and kit.v1.user_id == "u-1"
        assert [s.id for s in kit.v2.sites()] == ["100"]  # 200, not 401
        assert kit.v1.search_local(area_code="919", quantity=1).numbers
        pid = sandbox.running_info(env)["pid"]
        alone = numkit.V2Client(env=env)  # no arguments: the same sandbox, not a restart
        assert alone.account_id == "42" and alone.sites()
        assert sandbox.running_info(env)["pid"] == pid
        kit.v1.close()
        kit.v2.close()
        alone.close()
    finally:
        sandbox.stop_running(env=env)


def test_a_kit_cannot_be_pickled(sandbox):
    env = {"NUMKIT_V1_BASE_URL": sandbox.v1_url, "NUMKIT_V2_BASE_URL": sandbox.v2_url}
    kit = numkit.connect(env=env, quiet=True)
    with pytest.raises(ConfigurationError):
        pickle.dumps(kit)


def test_connect_prints_one_line_per_client(sandbox, capsys):
    env = {"NUMKIT_V1_BASE_URL": sandbox.v1_url, "NUMKIT_V2_BASE_URL": sandbox.v2_url}
    kit = numkit.connect(env=env)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("V1 → sandbox at ") and lines[1].startswith("V2 → sandbox at ")
    assert kit.v2.account_id == "9900000"
    with pytest.raises(ConfigurationError):
        numkit.connect(env=env, timeout=0)
