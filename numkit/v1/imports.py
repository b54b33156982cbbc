"""The hybrid bridge: import a number the linked Dashboard (V2) account holds into V1.

``POST /v1/users/{userId}/phoneNumbers`` with ``provider: {providerName:
"bandwidth-dashboard", properties: {accountId, userName, password}}`` (V1's "import
phone number" call) makes a number bought on the Dashboard usable on V1. The number
stays the Dashboard account's: a V1 DELETE only un-imports it, and it can be imported
again.

Why it is reconciled, not re-sent blindly: a number is on V1 at most once (a second
import of it is ``409 duplicate-number``), so when the answer is lost the number is
looked up on V1 (``GET …/phoneNumbers/%2B1…``) through the one send-and-reconcile loop
(:mod:`numkit.reconcile`), exactly like ``order_number``. Found → imported; certainly
absent → sending again cannot import it twice; a 409 that answers such a *re-sent*
import means the lost one worked. A 409 on the *first* send is reported (the number was
already on V1 before this call).

Why a 401 is checked: V1 answers ``401 user-access-denied`` both for a Dashboard login
that is not the linked account's and for V1 credentials that do not own the userId. One
cheap V1 read tells the two apart, so the message names the login that is wrong.

The Dashboard password is a secret like the V1 secret: it is only ever in the request
body, which the transport records masked (:func:`numkit.bodies.mask_secrets`); no
message, repr or note here contains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import reconcile
from ..display import MASK
from ..errors import ApiError, AuthenticationError, NumkitError, ValidationError
from ..phone import to_e164
from .models import PhoneNumber

if TYPE_CHECKING:  # pragma: no cover - client.py imports this module
    from .client import V1Client

__all__ = ["PROVIDER", "import_number"]

PROVIDER = "bandwidth-dashboard"


def import_number(
    client: V1Client,
    number: object,
    *,
    v2_account_id: object,
    v2_username: object,
    v2_password: object,
    name: str | None = None,
    application_id: str | None = None,
) -> PhoneNumber:
    """``POST /users/{userId}/phoneNumbers`` with ``provider: bandwidth-dashboard``:
    make a number the linked Dashboard (V2) account already holds usable on V1.

    The ``v2_*`` arguments are that account's Dashboard login (the password is masked in
    exchange records, curl, reprs and errors). Returns the number (``.source ==
    "imported"``, or ``"recovered"`` after a lost answer: the number is looked up, never
    imported blindly twice). Errors: ``AuthenticationError`` naming the Dashboard login
    when V1 refuses it, ``NotFound`` when the account does not hold the number,
    ``ApiError`` 409 when it is already on V1. ``delete_number`` un-imports it (it stays
    in service on V2).
    """
    from .client import _check_text, _with_source

    e164 = to_e164(number, field="number")
    properties = {
        "accountId": _login_part("v2_account_id", v2_account_id),
        "userName": _login_part("v2_username", v2_username),
        "password": _login_part("v2_password", v2_password, secret=True),
    }
    body: dict[str, Any] = {"number": e164}
    if name is not None:
        body["name"] = _check_text("name", name)
    if application_id is not None:
        body["applicationId"] = _check_text("application_id", application_id)
    body["provider"] = {"providerName": PROVIDER, "properties": properties}
    path = client._user_path("phoneNumbers")
    posts = 0

    def send() -> Any:
        nonlocal posts
        posts += 1
        return client._transport.request("POST", path, json=body, idempotent=False)

    try:
        sent = reconcile.send_and_reconcile(
            send,
            lambda: client._owned(e164),
            what=f"V1 import of {e164}",
            check=f"v1.get_number({e164!r}) (404 means it was not imported)",
            attempts=max(1, client._transport.policy.attempts),
            window=client.reconcile_window,
            resend_safe=True,  # a number is on V1 once: a second import is a 409
            sleep=client._sleep,
            clock=client._clock,
        )
    except AuthenticationError as exc:
        raise _login_refused(client, exc, str(properties["accountId"])) from None
    except ApiError as exc:
        if exc.http_status == 409:
            if posts > 1:  # a re-sent import: the lost first one did it
                owned = client._owned(e164)
                if owned is not None:
                    return _with_source(owned, "recovered")
            exc.add_note(
                f"{e164} is already on V1 (bought there, or imported before): "
                f"v1.get_number({e164!r}) shows it."
            )
        raise
    if sent.found is not None:
        return _with_source(sent.found, "recovered")
    assert sent.response is not None  # (one of response/found is always set)
    return _with_source(client._ordered(sent.response, e164, body), "imported")


def _login_part(field: str, value: object, *, secret: bool = False) -> str:
    """A Dashboard login field: non-empty text (a ValidationError never shows a secret)."""
    if isinstance(value, int) and not isinstance(value, bool) and field == "v2_account_id":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        shown = MASK if secret and value else value
        raise ValidationError(
            field, shown, "the Dashboard (V2) login of the account linked to this V1 user"
        )
    return value if secret else value.strip()


def _login_refused(
    client: V1Client, exc: AuthenticationError, account_id: str
) -> AuthenticationError:
    """V1's 401 to an import, with a message that says WHICH login it refused."""
    try:
        client._transport.request("GET", client._user_path("phoneNumbers"), params={"size": 1})
    except AuthenticationError:
        return exc  # the V1 token/secret themselves are refused: V1's own message fits
    except NumkitError as probe:
        v1_state = f"numkit could not check your V1 credentials ({probe})"
    else:
        v1_state = "your V1 token and secret work (checked)"
    refused = AuthenticationError(
        http_status=exc.http_status,
        code=exc.code,
        description=(
            f"V1 refused the Bandwidth Dashboard login sent for the import "
            f"(v2_account_id={account_id!r}, v2_username, v2_password): it must be the "
            f"Dashboard (V2) account linked to V1 user {client.user_id!r} and that "
            f"account's user name and password; {v1_state}"
        ),
        method=exc.method,
        url=exc.url,
        body=exc.body,
        api=exc.api,
    )
    # V1 errors carry .category and .details (numkit.v1.parse): keep them.
    vars(refused).update(
        category=getattr(exc, "category", None), details=getattr(exc, "details", {})
    )
    return refused
