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

__all__ = [
    "format_number",
    "from_wire",
    "national_format",
    "number_formats",
    "to_e164",
    "to_v2_number",
]

_NANP_LEAD = frozenset("23456789")
_WIRE_SEPARATORS = str.maketrans("", "", " ()-.")


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


def from_wire(value: str | None) -> str | None:
    """A number as a server wrote it → ``9195551212``, or None when it is not one.

    Accepts ``9195551212``, ``19195551212``, ``+19195551212`` and the usual separators;
    anything else (``'>'``, ``'1234'``, a 555-style exchange starting with 0/1) gives
    None so the caller can *report* it instead of turning junk into a row. Pure string
    work, no phonenumbers call: parsers run this 5,000 times per search answer.
    """
    if value is None:
        return None
    text = value.strip()
    if len(text) != 10 or not text.isdigit():
        text = text.translate(_WIRE_SEPARATORS)
        if text.startswith("+1"):
            text = text[2:]
        elif len(text) == 11 and text.startswith("1"):
            text = text[1:]
    if (
        len(text) == 10
        and text.isascii()
        and text.isdigit()
        and text[0] in _NANP_LEAD
        and text[3] in _NANP_LEAD
    ):
        return text
    return None


def format_number(ten: str, numbers: str = "10digit") -> str:
    """A 10-digit number in a V2 client's format: as is, or ``+1…`` when ``numbers`` is
    ``"e164"`` (contract: E.164 mode)."""
    return "+1" + ten if numbers == "e164" else ten


def number_formats(base_url: str, numbers: str | None = None) -> tuple[str, str]:
    """(how a V2 client shows numbers, how it sends them) — the contract's E.164 mode.

    A base URL ending in ``/api/v2`` (Bandwidth's E.164 API) implies ``"e164"`` for
    both; ``numbers="e164"`` on an ``/api`` base only changes how numbers look in
    Python (the wire stays 10-digit there). Asking for ``"10digit"`` on ``/api/v2`` is a
    ConfigurationError: that API returns ``+1`` numbers whatever the client wants.
    """
    from urllib.parse import urlsplit

    from .errors import ConfigurationError

    if urlsplit(base_url).path.rstrip("/").endswith("/api/v2"):
        if numbers == "10digit":
            raise ConfigurationError(
                'numbers="10digit" does not fit a base URL ending in /api/v2 (the E.164 API); '
                "use an /api base URL for 10-digit numbers"
            )
        return "e164", "e164"
    return (numbers or "10digit"), "10digit"
