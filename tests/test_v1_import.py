"""``V1Client.import_number`` (the hybrid bridge) over real sockets to a private sandbox.

The sandbox is started with a canary Dashboard password for the primary customer (u-demo
↔ 9900000), so the canary test can search every place the password could leak to: the
exchange records, curl, reprs, errors, logs and the exchange inspector's HTML.
"""

from __future__ import annotations

import logging
import os
import time

import pytest

from numkit import V1Client, V2Client, demo
from numkit import sandbox as nks
from numkit.errors import (
    ApiError,
    AuthenticationError,
    NotFound,
    TransportError,
    ValidationError,
)

CANARY = "dash-pw-canary-7d41c2e9"  # the primary customer's Dashboard (V2) password
P, OTHER = demo.PRIMARY, demo.OTHER


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("NUMKIT_", "BANDWIDTH_"))}


@pytest.fixture(scope="module")
def box():
    env = {**_clean_env(), "NUMKIT_V2_PASSWORD": CANARY}
    with nks.start(port=0, env=env, order_delay=0.1, aging=2) as running:
        yield running


@pytest.fixture
def v1(box):
    with V1Client(P.v1_user_id, P.v1_token, P.v1_secret, base_url=box.v1_url) as client:
        yield client


@pytest.fixture
def v2(box):
    with V2Client(P.v2_account_id, P.v2_username, CANARY, base_url=box.v2_url) as client:
        yield client


@pytest.fixture
def other_v2(box):
    with V2Client(
        OTHER.v2_account_id, OTHER.v2_username, OTHER.v2_password, base_url=box.v2_url
    ) as client:
        yield client


def login(password: str = CANARY) -> dict[str, str]:
    return {"v2_account_id": P.v2_account_id, "v2_username": P.v2_username, "v2_password": password}


def buy_on_v2(v2: V2Client, area_code: str) -> str:
    """One number bought on V2 (10 digits)."""
    number = v2.search(area_code=area_code, quantity=1).numbers[0]
    status = v2.wait_for_order(v2.order_numbers([number]), timeout=30)
    assert status.status == "COMPLETE", status
    return status.completed_numbers[0]


def release_on_v2(v2: V2Client, number: str) -> None:
    v2.wait_for_disconnect(v2.disconnect([number]), timeout=30)


def test_import_round_trip_delete_unimports_and_import_again(v1, v2) -> None:
    tn = buy_on_v2(v2, "919")
    e164 = "+1" + tn
    try:
        with pytest.raises(NotFound):  # bought on V2: V1 does not show it yet
            v1.get_number(e164)

        imported = v1.import_number(tn, name="front desk", **login())
        assert imported.number == e164 and imported.source == "imported"
        assert imported.id.startswith("n-") and imported.name == "front desk"
        assert imported.location and imported.location.endswith(imported.id)
        assert v1.get_number(e164).id == imported.id
        assert e164 in [n.number for n in v1.iter_numbers()]
        post = [e for e in v1.exchanges if e.method == "POST"][-1]
        assert '"providerName": "bandwidth-dashboard"' in post.request_body
        assert post.status == 201

        v1.delete_number(imported.id)  # un-imports: gone from V1 ...
        with pytest.raises(NotFound):
            v1.get_number(e164)
        assert v2.tn(tn).status == "Inservice"  # ... still in service on V2
        assert tn in v2.in_service_list(area_code="919")

        again = v1.import_number(e164, **login())  # and it can be imported again
        assert again.source == "imported" and again.number == e164
        assert v1.get_number(e164).number == e164
    finally:
        release_on_v2(v2, tn)
    with pytest.raises(NotFound):  # a V2 disconnect removes it from V1 too
        v1.get_number(e164)


def test_importing_a_number_already_on_v1_is_a_409(v1, v2) -> None:
    tn = buy_on_v2(v2, "252")
    try:
        v1.import_number(tn, **login())
        with pytest.raises(ApiError) as caught:
            v1.import_number(tn, **login())
        assert caught.value.http_status == 409 and caught.value.code == "duplicate-number"
        assert not isinstance(caught.value, AuthenticationError | NotFound)
        assert any("already on V1" in note for note in caught.value.__notes__)
    finally:
        release_on_v2(v2, tn)


def test_wrong_dashboard_login_is_an_authentication_error_naming_it(v1, v2) -> None:
    tn = buy_on_v2(v2, "336")
    try:
        with pytest.raises(AuthenticationError) as caught:
            v1.import_number(tn, **login("not-the-password"))
        err = caught.value
        assert err.http_status == 401 and err.code == "user-access-denied"
        assert "Dashboard login" in str(err) and "v2_password" in str(err)
        assert "V1 token and secret work" in str(err)
        assert "not-the-password" not in str(err) + repr(err)
        # Another account's real Dashboard login is refused the same way.
        with pytest.raises(AuthenticationError, match="Dashboard"):
            v1.import_number(
                tn, v2_account_id=OTHER.v2_account_id, v2_username="other", v2_password="other"
            )
        with pytest.raises(NotFound):  # nothing was imported
            v1.get_number(tn)
    finally:
        release_on_v2(v2, tn)


def test_a_401_for_the_v1_credentials_keeps_v1s_own_message(box) -> None:
    # The demo token on another user's path: V1 refuses the V1 credentials, not the
    # Dashboard login, and numkit must not blame the Dashboard login.
    wrong = V1Client(OTHER.v1_user_id, P.v1_token, P.v1_secret, base_url=box.v1_url)
    with wrong, pytest.raises(AuthenticationError) as caught:
        wrong.import_number("9195550100", **login())
    assert "Dashboard" not in str(caught.value)
    assert caught.value.code == "user-access-denied"


def test_a_number_the_linked_account_does_not_hold_is_not_found(v1, other_v2) -> None:
    with pytest.raises(NotFound) as caught:  # nobody holds it
        v1.import_number(other_v2.search(area_code="704", quantity=1).numbers[0], **login())
    assert caught.value.code == "number-not-found"
    theirs = buy_on_v2(other_v2, "704")  # the other customer's number
    try:
        with pytest.raises(NotFound):
            v1.import_number(theirs, **login())
    finally:
        release_on_v2(other_v2, theirs)


def test_bad_input_is_refused_before_sending(v1) -> None:
    sent = len(v1.exchanges)
    with pytest.raises(ValidationError) as caught:
        v1.import_number("12", **login())
    assert caught.value.field == "number"
    with pytest.raises(ValidationError) as caught:
        v1.import_number("9195550100", **login(""))
    assert caught.value.field == "v2_password"
    with pytest.raises(ValidationError) as caught:
        v1.import_number("9195550100", **{**login(), "v2_username": " "})
    assert caught.value.field == "v2_username"
    with pytest.raises(ValidationError) as caught:
        v1.import_number("9195550100", **login(), name=5)  # type: ignore[arg-type]
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:  # a non-text password is not echoed
        v1.import_number("9195550100", **login(12345))  # type: ignore[arg-type]
    assert "12345" not in str(caught.value) + repr(caught.value.value)
    assert len(v1.exchanges) == sent


def test_a_lost_answer_is_looked_up_not_resent(box, v1, v2) -> None:
    tn = buy_on_v2(v2, "828")
    try:
        nks.set_faults(box, rate=1.0, kinds=["commit-drop"])  # imported, then no answer
        try:
            found = v1.import_number(tn, **login())
        finally:
            nks.set_faults(box, rate=0.0)
        assert found.source == "recovered" and found.number == "+1" + tn
        posts = [e for e in v1.exchanges if e.method == "POST"]
        assert len(posts) == 1 and posts[0].status is None  # sent once, answer lost
        assert v1.get_number(tn).id == found.id
    finally:
        release_on_v2(v2, tn)


def test_a_409_to_a_resent_import_means_the_lost_one_worked(box, v2) -> None:
    """Attempt 1 is held past the read timeout; the look-up then finds nothing, so the
    import is sent again (safe: a number is on V1 once). The client's injected sleep —
    the pause before that re-send — waits until attempt 1 has landed, so attempt 2 is a
    409, which must come back as the recovered number, not as an error."""
    tn = buy_on_v2(v2, "984")
    probe = V1Client(P.v1_user_id, P.v1_token, P.v1_secret, base_url=box.v1_url)

    def landed(_seconds: float) -> None:
        nks.set_faults(box, rate=0.0)  # attempt 2 is answered at once
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                probe.get_number(tn)
                return
            except NotFound:
                time.sleep(0.05)
        raise AssertionError("the held import never landed")

    client = V1Client(
        P.v1_user_id,
        P.v1_token,
        P.v1_secret,
        base_url=box.v1_url,
        timeout=(3.0, 0.3),
        sleep=landed,
    )
    try:
        nks.set_faults(box, rate=1.0, kinds=["slow-commit"], slow_seconds=0.8)
        found = client.import_number(tn, **login())
        assert found.source == "recovered" and found.number == "+1" + tn
        posts = [e for e in client.exchanges if e.method == "POST"]
        assert [p.status for p in posts] == [None, 409]
    finally:
        nks.set_faults(box, rate=0.0)
        client.close()
        probe.close()
        release_on_v2(v2, tn)


def test_the_dashboard_password_leaks_nowhere(box, v1, v2, caplog) -> None:
    from numkit.ui import ExchangeInspector

    caplog.set_level(logging.DEBUG)
    tn = buy_on_v2(v2, "910")
    errors: list[BaseException] = []
    try:
        imported = v1.import_number(tn, **login())
        for attempt in (
            lambda: v1.import_number(tn, **login()),  # 409
            lambda: v1.import_number("9195550100", **login()),  # 404
            lambda: v1.import_number(
                tn, v2_account_id=OTHER.v2_account_id, v2_username="x", v2_password=CANARY
            ),  # 401
        ):
            with pytest.raises((ApiError, TransportError)) as caught:
                attempt()
            errors.append(caught.value)
    finally:
        release_on_v2(v2, tn)

    imports = [e for e in v1.exchanges if e.method == "POST"]
    assert len(imports) == 4 and imported.source == "imported"
    texts = [repr(v1), repr(v1.transport), repr(imported), str(imported)]
    for record in v1.exchanges:
        assert record.request_body is None or CANARY not in record.request_body
        texts += [repr(vars(record)), record.as_curl(), repr(record)]
    for record in imports:
        assert '"password": "***"' in record.request_body
        assert '"password": "***"' in record.as_curl()
    for err in errors:
        texts += [str(err), repr(err), repr(vars(err)), *getattr(err, "__notes__", [])]
    inspector = ExchangeInspector(v1, count=50)
    inspector.refresh()
    for index in range(len(inspector.history.options)):
        inspector.history.value = index
        texts += [inspector._detail.value, inspector.curl.value, inspector.status.value]
    texts += [r.getMessage() for r in caplog.records]
    leaks = [t for t in texts if CANARY in t]
    assert leaks == []
    shown = "".join(texts)
    assert "bandwidth-dashboard" in shown and "***" in shown  # the checks looked at bodies
