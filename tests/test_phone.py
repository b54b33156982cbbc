"""Number formats: every accepted form normalises; anything else is a ValidationError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numkit.errors import ValidationError
from numkit.phone import national_format, to_e164, to_v2_number


@pytest.mark.parametrize(
    "value",
    [
        "+19195551212",
        "19195551212",
        "9195551212",
        "(919) 555-1212",
        "919.555.1212",
        " +1 919 555 1212 ",
    ],
)
def test_accepted_forms(value):
    assert to_v2_number(value) == "9195551212"
    assert to_e164(value) == "+19195551212"
    assert national_format(value) == "(919) 555-1212"


@pytest.mark.parametrize(
    "value",
    ["", "123", "+442071234567", "1195551212", "9191551212", "abc", None, 9.5, True, "9" * 50],
)
def test_rejected_forms_name_the_value(value):
    with pytest.raises(ValidationError) as info:
        to_v2_number(value, field="telephone_number")
    assert info.value.field == "telephone_number"
    assert info.value.value == value


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.binary(max_size=10)))
def test_fuzz_success_or_validation_error(value):
    try:
        out = to_v2_number(value)
    except ValidationError:
        return
    assert len(out) == 10 and out.isdigit() and out[0] not in "01" and out[3] not in "01"
