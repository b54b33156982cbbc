"""Phone-number formats, through phonenumbers.

V2 (Dashboard ``/api``) speaks 10-digit national numbers (``9195551212``); V1 (Catapult)
speaks E.164 (``+19195551212``) and shows ``(919) 555-1212`` as ``nationalNumber``.
Users paste all three, so every entry point normalises here and rejects anything that
is not a North American (NANP) number with a ValidationError that names the value.

We check the NANP shape (NPA and NXX start with 2-9) rather than
``phonenumbers.is_valid_number``: validity metadata changes between phonenumbers
releases and would make the same sandbox number valid one month and invalid the next.
"""

from __future__ import annotations

import phonenumbers

from .errors import ValidationError

__all__ = ["national_format", "to_e164", "to_v2_number"]


def to_v2_number(value: object, *, field: str = "number") -> str:
    """``+19195551212``, ``19195551212``, ``(919) 555-1212`` → ``9195551212``."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValidationError(field, value, "a phone number must be a string such as '9195551212'")
    text = str(value).strip()
    if not text:
        raise ValidationError(field, value, "a phone number is required")
    if len(text) > 40:
        raise ValidationError(field, value, "too long to be a phone number")
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            field, value, f"not a phone number ({exc.args[0] if exc.args else 'unparseable'})"
        ) from exc
    national = str(parsed.national_number)
    if parsed.country_code != 1 or len(national) != 10 or parsed.extension:
        raise ValidationError(
            field, value, "must be a 10-digit North American number (NANP, country code +1)"
        )
    if national[0] in "01" or national[3] in "01":
        raise ValidationError(
            field, value, "area code (NPA) and exchange (NXX) must each start with 2-9"
        )
    return national


def to_e164(value: object, *, field: str = "number") -> str:
    """``9195551212`` (or any accepted form) → ``+19195551212``."""
    return "+1" + to_v2_number(value, field=field)


def national_format(value: object, *, field: str = "number") -> str:
    """``(919) 555-1212``, the form V1 returns as ``nationalNumber``."""
    n = to_v2_number(value, field=field)
    return f"({n[:3]}) {n[3:6]}-{n[6:]}"
