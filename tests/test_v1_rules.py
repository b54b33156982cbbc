"""The documented V1 search rules (numkit.v1.rules), pure: no server needed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numkit.errors import ValidationError
from numkit.v1 import rules
from numkit.v1.rules import MESSAGES, v1_search


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"area_code": "919"}, {"area_code": "919"}),
        ({"area_code": 919, "quantity": "3"}, {"area_code": "919", "quantity": 3}),
        (
            {"area_code": "919", "local_number": "555", "in_local_calling_area": "true"},
            {"area_code": "919", "local_number": "555", "in_local_calling_area": True},
        ),
        (
            {"area_code": "919", "local_number": "5551"},
            {"area_code": "919", "local_number": "5551"},
        ),
        ({"state": "nc"}, {"state": "NC"}),
        ({"state": "NC", "city": "Raleigh"}, {"city": "Raleigh", "state": "NC"}),
        ({"zip": "27606", "quantity": 5000}, {"zip": "27606", "quantity": 5000}),
        ({"area_code": "919", "pattern": "*2?9*"}, {"area_code": "919", "pattern": "*2?9*"}),
        # wire names are accepted too, None and "" count as absent
        (
            {"areaCode": "919", "localNumber": "555", "zip": None},
            {"area_code": "919", "local_number": "555"},
        ),
        ({"area_code": "919", "city": ""}, {"area_code": "919"}),
    ],
)
def test_valid_local_criteria_are_normalised(criteria, expected):
    assert v1_search(**criteria) == expected


@pytest.mark.parametrize(
    ("criteria", "field", "rule"),
    [
        ({}, "area_code", "location_required"),
        ({"quantity": 3}, "area_code", "location_required"),
        ({"city": "Raleigh"}, "city", "city_needs_state"),
        ({"city": "Raleigh", "zip": "27606"}, "city", "city_zip"),
        ({"city": "Raleigh", "state": "NC", "area_code": "919"}, "city", "city_area_code"),
        ({"city": "Raleigh", "state": "NC", "local_number": "555"}, "city", "city_area_code"),
        ({"zip": "27606", "state": "NC"}, "zip", "zip_state"),
        ({"zip": "27606", "area_code": "919"}, "zip", "zip_area_code"),
        ({"zip": "27606", "state": "NC", "area_code": "919"}, "zip", "zip_state_area_code"),
        ({"state": "NC", "area_code": "919"}, "state", "state_area_code"),
        ({"state": "NC", "local_number": "555"}, "state", "state_area_code"),
        ({"area_code": "91"}, "area_code", "area_code_digits"),
        ({"area_code": "9190"}, "area_code", "area_code_digits"),
        ({"area_code": "9a9"}, "area_code", "area_code_digits"),
        ({"area_code": "919", "local_number": "55"}, "local_number", "local_number_min"),
        ({"area_code": "919", "local_number": "55555"}, "local_number", "local_number_max"),
        ({"local_number": "555"}, "local_number", "local_number_needs_area_code"),
        (
            {"area_code": "919", "in_local_calling_area": True},
            "in_local_calling_area",
            "lca_needs_local_number",
        ),
        ({"area_code": "919", "quantity": 5001}, "quantity", "quantity_max"),
        ({"area_code": "919", "quantity": 0}, "quantity", "quantity_positive"),
        ({"area_code": "919", "quantity": "many"}, "quantity", "quantity_integer"),
        ({"area_code": "919", "quantity": True}, "quantity", "quantity_integer"),
        ({"state": "North Carolina"}, "state", "state_format"),
        ({"zip": "2760"}, "zip", "zip_format"),
        ({"area_code": "919", "pattern": "a b"}, "pattern", "pattern_format"),
        (
            {"area_code": "919", "in_local_calling_area": "yes", "local_number": "555"},
            "in_local_calling_area",
            "boolean",
        ),
    ],
)
def test_invalid_local_criteria_name_the_documented_rule(criteria, field, rule):
    with pytest.raises(ValidationError) as info:
        v1_search(**criteria)
    assert info.value.field == field
    assert info.value.rule == MESSAGES[rule]
    assert MESSAGES[rule] in str(info.value)


def test_documented_messages_are_verbatim():
    # Quoted from Catapult errors.md (typos included, so users can search for them).
    assert MESSAGES["location_required"] == "Specify a State ZIP Code or Area Code with your query."
    assert MESSAGES["local_number_min"] == "Local Number must contains at least 3 digits."
    assert MESSAGES["local_number_max"] == "localNumber must contain a maximum of 4 digits"
    assert MESSAGES["quantity_max"] == "The maximum quantity of numbers is 5000"
    assert MESSAGES["order_pattern"] == "A query and order numbers cannot contain pattern"


def test_search_and_order_limits():
    assert v1_search(order=True, area_code="919", quantity=10) == {
        "area_code": "919",
        "quantity": 10,
    }
    with pytest.raises(ValidationError) as info:
        v1_search(order=True, area_code="919", quantity=11)
    assert info.value.rule == MESSAGES["order_quantity_max"]
    with pytest.raises(ValidationError) as info:
        v1_search(order=True, area_code="919", pattern="*55*")
    assert info.value.rule == MESSAGES["order_pattern"]
    # the plain search allows both
    assert v1_search(area_code="919", quantity=11, pattern="*55*")["quantity"] == 11


def test_toll_free_takes_only_quantity_and_pattern():
    assert v1_search(kind="toll_free", quantity=2, pattern="8**") == {
        "quantity": 2,
        "pattern": "8**",
    }
    assert v1_search(kind="tollFree") == {}
    with pytest.raises(ValidationError) as info:
        v1_search(kind="toll_free", area_code="800")
    assert info.value.field == "area_code"
    with pytest.raises(ValidationError):
        v1_search(kind="toll_free", order=True, quantity=11)
    with pytest.raises(ValidationError):
        v1_search(kind="toll_free", order=True, pattern="8**")


def test_unknown_parameter_and_kind_are_rejected():
    with pytest.raises(ValidationError) as info:
        v1_search(area_code="919", npa_nxx="919555")
    assert info.value.field == "npa_nxx"
    with pytest.raises(ValidationError):
        v1_search(kind="mobile", area_code="919")


def test_wire_round_trip():
    criteria = v1_search(areaCode="919", localNumber="555", inLocalCallingArea=False, quantity=2)
    assert rules.to_wire(criteria) == {
        "areaCode": "919",
        "localNumber": "555",
        "inLocalCallingArea": "false",
        "quantity": "2",
    }
    assert rules.from_wire({"areaCode": "919", "zipCode": "27606"}) == {
        "area_code": "919",
        "zip": "27606",
    }


def test_validation_error_is_a_value_error_naming_the_value():
    with pytest.raises(ValueError, match="'91'"):
        v1_search(area_code="91")


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10_000),
    st.text(max_size=8),
    st.floats(allow_nan=True),
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from([*rules.WIRE_NAMES, "areaCode", "zipCode"]), _values),
    st.booleans(),
    st.sampled_from(["local", "toll_free"]),
)
def test_any_input_is_either_normalised_or_a_validation_error(criteria, order, kind):
    try:
        out = v1_search(kind=kind, order=order, **criteria)
    except ValidationError as exc:
        assert exc.rule
        return
    # whatever passes is what the V1 server accepts: re-checking is stable
    assert v1_search(kind=kind, order=order, **out) == out
    assert set(rules.to_wire(out)) <= set(rules.WIRE_NAMES.values())
