"""Fuzzed input to every public validator and number-format helper: the answer is a
value or a ValidationError, never another exception (no TypeError, KeyError,
AttributeError, OverflowError, RecursionError…).

Values come from a deliberately wide strategy: None, booleans, huge and negative
integers, NaN and infinities, arbitrary Unicode (including surrogates' neighbours,
RTL marks, full-width digits), digit and phone-like strings, bytes, lists, dicts and
arbitrary objects, under the real parameter names (Python and wire spellings) and
junk ones. 400 examples per test in the default run; ``NUMKIT_FUZZ_EXAMPLES=5000`` for a
deep run.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numkit import migrate, phone, validate
from numkit.errors import ValidationError
from numkit.v1 import rules as v1_rules

pytestmark = pytest.mark.timeout(240)

FUZZ = settings(
    max_examples=int(os.environ.get("NUMKIT_FUZZ_EXAMPLES", "400")),  # more for a deep run
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

digits = st.text(alphabet="0123456789", min_size=0, max_size=14)
phone_like = st.one_of(
    digits,
    st.builds(lambda d: f"+1{d}", digits),
    st.builds(lambda a, b, c: f"({a}) {b}-{c}", digits, digits, digits),
    st.builds(lambda d: f"{d} ext. 12", digits),
    st.text(
        alphabet="0123456789+-(). *#xX\u00a0\u200f\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",
        max_size=30,
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(math.nan),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    phone_like,
    st.binary(max_size=20),
    st.sampled_from(["919", "NC", "RALEIGH", "27606", "428", "8**", "true", "false", "", " "]),
    st.builds(object),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=5),
    st.lists(phone_like, max_size=5),
    st.tuples(scalars, scalars),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
    st.frozensets(st.integers(), max_size=3),
)

V2_NAMES = [
    *validate.SEARCH_WIRE_NAMES,
    *validate.SEARCH_WIRE_NAMES.values(),
    "npanxx",
    "tollFreeWildCharPattern",
    "enable_tn_detail",
]
ORDER_NAMES = [
    *V2_NAMES,
    "numbers",
    "site_id",
    "peer_id",
    "name",
    "customer_order_id",
    "partial_allowed",
    "back_order_requested",
]
V1_NAMES = [*v1_rules.WIRE_NAMES, *v1_rules.WIRE_NAMES.values(), "zip_code", "zipCode"]
RESERVED = {"kind", "order"}  # v1_search's own keywords, fuzzed separately
JUNK_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ABC", min_size=1, max_size=12).filter(
    lambda name: name not in RESERVED
)


def criteria(names: list[str]) -> st.SearchStrategy[dict]:
    return st.dictionaries(
        st.one_of(st.sampled_from(names), JUNK_NAMES), values, min_size=0, max_size=6
    )


def _only_validation_errors(fn, /, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        # the error is usable by a panel: a field name and a rule, and a printable line
        assert isinstance(exc.field, str) and exc.field
        assert isinstance(exc.rule, str) and exc.rule
        assert str(exc)
        return None


@FUZZ
@given(criteria(V2_NAMES))
def test_v2_search_validator(c) -> None:
    result = _only_validation_errors(validate.v2_search, **c)
    if result is not None:  # what passes must build query parameters without error
        validate.search_params(result)


@FUZZ
@given(criteria(ORDER_NAMES))
def test_v2_order_validator(c) -> None:
    result = _only_validation_errors(validate.v2_order, **c)
    if result is not None:
        assert validate.v2_order_type(result).endswith("Type")


@FUZZ
@given(values, st.one_of(st.none(), values), st.one_of(st.none(), values))
def test_v2_disconnect_validator(numbers, name, coid) -> None:
    _only_validation_errors(validate.v2_disconnect, numbers, name_=name, customer_order_id_=coid)


@FUZZ
@given(
    criteria(V1_NAMES),
    st.one_of(st.sampled_from(["local", "toll_free", "tollFree"]), values),
    st.one_of(st.booleans(), values),
)
def test_v1_search_validator(c, kind, order) -> None:
    result = _only_validation_errors(validate.v1_search, kind=kind, order=order, **c)
    if result is not None:
        v1_rules.to_wire(result)


FIELD_VALIDATORS = [
    validate.area_code,
    validate.npa_nxx,
    validate.npa_nxxx,
    validate.state,
    validate.zip_code,
    validate.lata,
    validate.wildcard,
    validate.quantity,
    validate.order_by,
    validate.protected,
    validate.customer_order_id,
    validate.name,
    lambda v: validate.place(v, "city", "city"),
    lambda v: validate.vanity(v, "local_vanity"),
    lambda v: validate.boolean(v, "lca"),
    lambda v: validate.numeric_id(v, "site_id"),
    lambda v: validate.numbers_list(v),
]


@FUZZ
@given(st.sampled_from(range(len(FIELD_VALIDATORS))), values)
def test_single_field_validators(index, value) -> None:
    _only_validation_errors(FIELD_VALIDATORS[index], value)


NUMBER_HELPERS = {
    "phone.to_v2_number": phone.to_v2_number,
    "phone.to_e164": phone.to_e164,
    "phone.national_format": phone.national_format,
    "migrate.to_v2_number": migrate.to_v2_number,
    "migrate.to_e164": migrate.to_e164,
}


@FUZZ
@given(st.sampled_from(sorted(NUMBER_HELPERS)), st.one_of(phone_like, values))
def test_number_format_helpers(name, value) -> None:
    result = _only_validation_errors(NUMBER_HELPERS[name], value)
    if result is None:
        return
    # what comes out is canonical and round-trips
    ten = phone.to_v2_number(result)
    assert len(ten) == 10 and ten.isdigit()
    assert phone.to_e164(ten) == "+1" + ten
    assert migrate.to_v2_number(migrate.to_e164(ten)) == ten


@FUZZ
@given(st.from_regex(r"\A[2-9][0-9]{2}[2-9][0-9]{6}\Z"))
def test_every_nanp_shaped_number_is_accepted_in_every_form(ten) -> None:
    forms = [ten, "+1" + ten, "1" + ten, f"({ten[:3]}) {ten[3:6]}-{ten[6:]}", int(ten)]
    for form in forms:
        assert phone.to_v2_number(form) == ten
        assert migrate.to_e164(form) == "+1" + ten
