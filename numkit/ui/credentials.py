"""CredentialsPanel: pick an API and a target, enter credentials, test them.

Secrets never become widget state. A ``Password`` widget's value is synced to the
kernel (and saved with the notebook's widget state) like any other trait, so each secret
field sends its value only when you press Enter or leave the field
(``continuous_update=False``); the panel then reads it once, keeps it in a private
attribute that is not a trait, and clears the widget at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from ..errors import AuthenticationError, PermissionDenied, ValidationError
from ._common import AUTO_WIDTH, FIELD_WIDTH, Panel, show
from .apis import Api, api_named

__all__ = ["CredentialsPanel"]

_APIS = (api_named("V2"), api_named("V1"))
_SECRET_NAMES = {name for a in _APIS for name, _l, secret, _p in a.credential_fields if secret}


class _Secret:
    """A string that never shows itself in a repr or a str()."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


class CredentialsPanel(Panel):
    """Choose V1 or V2 (``api``), sandbox or production (``target``), fill ``fields``
    (or leave them empty: the sandbox's demo credentials, or your environment's), and
    press ``test_button``. On success ``client`` is the client built; else None.

    ``fields`` holds both APIs' widgets by the client's keyword names (``account_id``,
    ``username``, ``password``; ``user_id``, ``api_token``, ``api_secret``); only the
    chosen API's are shown. ``env`` replaces ``os.environ`` for resolving the target
    and environment credentials (tests use it).
    """

    def __init__(
        self, *, api: str = "V2", target: str = "sandbox", env: Mapping[str, str] | None = None
    ) -> None:
        super().__init__()
        self._env = env
        self._secrets: dict[str, _Secret] = {}
        self._listeners: list[Callable[[Any], None]] = []
        self.client: Any = None
        self.api = widgets.ToggleButtons(
            options=[(a.label, a.name) for a in _APIS],
            value=api,
            description="API",
            style={"button_width": "auto"},
        )
        self.target = widgets.ToggleButtons(
            options=[("Sandbox", "sandbox"), ("Production", "production")],
            value=target,
            description="Target",
            style={"button_width": "auto"},
        )
        wide = {"description_width": "90px"}
        self.fields: dict[str, widgets.Text] = {}
        for adapter in _APIS:
            for name, label, secret, placeholder in adapter.credential_fields:
                cls = widgets.Password if secret else widgets.Text
                self.fields[name] = cls(
                    description=label,
                    placeholder=placeholder,
                    style=wide,
                    continuous_update=not secret,
                    layout=widgets.Layout(width=FIELD_WIDTH),
                )
        self.test_button = widgets.Button(
            description="Test connection", button_style="primary", icon="plug", layout=AUTO_WIDTH()
        )
        self._hint = widgets.HTML()
        self._compose(
            widgets.HTML(
                "<b>Credentials</b> — V1 uses an API token + secret and a user id in the path; "
                "V2 uses a Dashboard API user's name + password and an account id in the path."
            ),
            self.api,
            self.target,
            *self.fields.values(),
            self._hint,
            self.test_button,
            self.status,
        )
        self._adapt()

    def _wire(self) -> None:
        self.api.observe(self._on_choice, names="value")
        self.target.observe(self._on_choice, names="value")
        for name in _SECRET_NAMES:
            self.fields[name].observe(self._on_secret, names="value")
        self.test_button.on_click(self._on_test)

    # -- public -------------------------------------------------------------------------
    def on_connect(self, callback: Callable[[Any], None]) -> None:
        """Call ``callback(client)`` after each successful test (the walkthrough uses it)."""
        self._listeners.append(callback)

    def test(self) -> Any:
        """What the button does; returns the client or None."""
        with self._callback("Test connection", self.test_button):
            self._test()
        return self.client

    @property
    def secrets_received(self) -> list[str]:
        """Names of the secret fields read and held (the values are never shown)."""
        return sorted(self._secrets)

    # -- callbacks ----------------------------------------------------------------------
    def _on_choice(self, _change: Any) -> None:
        with self._callback("Choose"):
            self._clear()  # another API or target: the last test's answer no longer applies
            self._set_status("")
            self._adapt()

    def _on_secret(self, change: dict[str, Any]) -> None:
        with self._callback("Read secret"):
            value = change["new"]
            if not value:
                return  # our own clearing, or an empty field
            name = change["owner"].description
            key = next(k for k, w in self.fields.items() if w is change["owner"])
            self._secrets[key] = _Secret(value)
            change["owner"].value = ""  # read once, cleared at once
            change["owner"].placeholder = "received (type again to replace)"
            self._say(f"{name}: received and cleared from the widget.")

    def _on_test(self, _button: widgets.Button) -> None:
        with self._callback("Test connection", self.test_button):
            self._test()

    # -- logic --------------------------------------------------------------------------
    def _environ(self) -> Mapping[str, str]:
        return os.environ if self._env is None else self._env

    @property
    def _api(self) -> Api:
        return api_named(self.api.value)

    def _adapt(self) -> None:
        names = {name for name, *_ in self._api.credential_fields}
        for name, widget in self.fields.items():
            show(widget, name in names)
        self._hint.value = f"<i>{self._fallback_text()}</i>"

    def _fallback_text(self) -> str:
        env = self._environ()
        creds = self._api.env_credentials(env)
        names = ", ".join(self._api.variables)
        if creds is not None:
            return f"Empty fields use the credentials in your environment ({names})."
        if self.target.value == "sandbox":
            return "Empty fields use the sandbox's demo credentials."
        return f"Production needs credentials: fill in the fields or set {names}."

    def _typed(self, adapter: Api) -> dict[str, str]:
        values: dict[str, str] = {}
        for name, _label, secret, _p in adapter.credential_fields:
            if secret:
                held = self._secrets.get(name)
                if held is not None:
                    values[name] = held.reveal()
            else:
                text = self.fields[name].value.strip()
                if text:
                    values[name] = text
        return values

    def _test(self) -> None:
        from .. import config
        from ..targeting import locate

        self._clear()
        adapter, target = self._api, self.target.value
        api = adapter.name
        env = self._environ()
        typed = self._typed(adapter)
        wanted = [name for name, *_ in adapter.credential_fields]
        if typed and len(typed) < len(wanted):
            missing = [n for n in wanted if n not in typed]
            raise ValidationError(
                missing[0],
                None,
                f"fill in {', '.join(wanted)} (missing: {', '.join(missing)}), or leave them "
                "all empty to use the environment's or the sandbox's credentials",
            )
        self.client = None
        self._set_status(f"Connecting to {api} ({target})…", "busy")
        resolved = locate(config.resolve(api, target, env, need_credentials=not typed), env)
        assert resolved.base_url is not None  # located
        if typed:
            values = [typed[n] for n in wanted]
            source = "typed in this panel"
        else:
            creds = resolved.credentials
            values = [getattr(creds, n) for n in wanted]
            source = resolved.credentials_source
        self._say(f"{api} → {resolved.target} at {resolved.base_url} ({resolved.reason}).")
        self._say(f"Credentials: {source}.")
        client = adapter.build(values, resolved.base_url, env)
        try:
            summary = adapter.test_connection(client)
        except (AuthenticationError, PermissionDenied) as exc:
            client.close()
            hint = (
                "the API user lacks the role this needs"
                if isinstance(exc, PermissionDenied)
                else "check the values (V2: an API user, not a web login; V1: the token and "
                "secret of this user id)"
            )
            self._render_error(exc, f"Test connection ({api}, {resolved.target})")
            self._set_status(f"{self.status.value} — {hint}", "error")
            return
        except BaseException:
            client.close()
            raise
        self.client = client
        self._secrets.clear()
        for name in _SECRET_NAMES:
            self.fields[name].placeholder = "press Enter when typed"
        self._set_status(f"✓ {summary}", "ok")
        self._say(summary)
        for listener in list(self._listeners):
            listener(client)
