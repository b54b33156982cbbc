"""numkit.validate: the V2 search and order rules (notes §2.1, §2.2, §3.1, §3.2), checked
before anything is sent, each failure naming field, value and rule."""

from __future__ import annotations

import pytest

from numkit import validate
from numkit.errors import ValidationError


# -- search: valid inputs and their normal form ------------------------------------------------
@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"area_code": 919}, {"area_code": "919"}),
        ({"areaCode": "919", "quantity": "5"}, {"area_code": "919", "quantity": 5}),
        ({"npa_nxx": "(919) 228"}, {"npa_nxx": "919228"}),
        ({"npa_nxxx": "919-228-1"}, {"npa_nxxx": "9192281"}),
        ({"rate_center": " cary ", "state": "nc"}, {"rate_center": "CARY", "state": "NC"}),
        ({"city": "raleigh", "state": "NC"}, {"city": "RALEIGH", "state": "NC"}),
        ({"state": "nc", "lata": 426}, {"state": "NC", "lata": "426"}),
        ({"zip": "27606-1234"}, {"zip": "27606-1234"}),
        ({"zip": "276061234"}, {"zip": "27606-1234"}),
        (
            {"local_vanity": "newcars", "ends_in": "true"},
            {"local_vanity": "NEWCARS", "ends_in": True},
        ),
        ({"toll_free_vanity": "flowers"}, {"toll_free_vanity": "FLOWERS"}),
        (
            {"toll_free_wildcard": "8**", "order_by": "fullNumber"},
            {"toll_free_wildcard": "8**", "order_by": "fullNumber"},
        ),
        (
            {"npa_nxx": "919228", "lca": False, "details": True},
            {"npa_nxx": "919228", "lca": False, "details": True},
        ),
        ({"state": "NC", "lca": True}, {"state": "NC", "lca": True}),
        (
            {"area_code": "919", "city": "CARY", "state": "NC"},
            {"area_code": "919", "city": "CARY", "state": "NC"},
        ),
        ({"area_code": "919", "protected": "none"}, {"area_code": "919", "protected": "NONE"}),
        ({"area_code": "919", "quantity": None}, {"area_code": "919"}),
    ],
)
def test_v2_search_normalises(criteria, expected):
    assert validate.v2_search(**criteria) == expected


# -- search: each rule, with the field it names --------------------------------------------------
@pytest.mark.parametrize(
    ("criteria", "field", "words"),
    [
        ({}, "criteria", "at least one"),
        ({"quantity": 5}, "criteria", "at least one"),
        ({"area_code": "91"}, "area_code", "exactly 3 digits"),
        ({"area_code": "019"}, "area_code", "cannot begin with 0 or 1"),
        ({"area_code": "119"}, "area_code", "cannot begin with 0 or 1"),
        ({"area_code": "372"}, "area_code", "cannot begin with 37 or 96"),
        ({"area_code": "962"}, "area_code", "cannot begin with 37 or 96"),
        ({"area_code": "292"}, "area_code", "9 as the second digit"),
        ({"area_code": "411"}, "area_code", "cannot end with 11"),
        ({"area_code": True}, "area_code", "digits"),
        ({"npa_nxx": "919128"}, "npa_nxx", "NXX cannot begin with 0 or 1"),
        ({"npa_nxx": "911228"}, "npa_nxx", "cannot end with 11"),
        ({"npa_nxxx": "919228"}, "npa_nxxx", "exactly 7 digits"),
        ({"area_code": "919", "npa_nxx": "919228"}, "npa_nxx", "mutually exclusive"),
        ({"rate_center": "CARY"}, "state", "specify state"),
        ({"city": "CARY"}, "state", "specify state"),
        ({"state": "XX"}, "state", "The state abbreviation XX is not valid"),
        ({"zip": "2760"}, "zip", "The zip code 2760 is not valid"),
        ({"lata": "123456"}, "lata", "The lata 123456 is not valid"),
        ({"local_vanity": "ABC"}, "local_vanity", "4-7 letters or digits"),
        ({"local_vanity": "NEWCARS", "zip": "27606"}, "zip", "local_vanity combines only"),
        ({"ends_in": True, "area_code": "919"}, "ends_in", "meaningless without Local Vanity"),
        ({"toll_free_vanity": "FLOWERS", "state": "NC"}, "state", "cannot be combined"),
        ({"toll_free_wildcard": "9**"}, "toll_free_wildcard", "invalid format"),
        ({"toll_free_wildcard": "8**", "lca": True}, "lca", "cannot be combined"),
        (
            {"toll_free_wildcard": "8**", "toll_free_vanity": "FLOWERS"},
            "toll_free_wildcard",
            "cannot",
        ),
        ({"area_code": "919", "lca": True}, "lca", "LCA search is not supported"),
        (
            {"area_code": "919", "order_by": "fullNumber"},
            "order_by",
            "not supported for these criteria",
        ),
        ({"npa_nxx": "919228", "order_by": "price"}, "order_by", "fullNumber, npaNxxx"),
        ({"area_code": "919", "quantity": 0}, "quantity", "1 to 5000"),
        ({"area_code": "919", "quantity": 5001}, "quantity", "1 to 5000"),
        ({"area_code": "919", "quantity": "lots"}, "quantity", "whole number"),
        ({"area_code": "919", "quantity": True}, "quantity", "whole number"),
        ({"area_code": "919", "details": "yes"}, "details", "True or False"),
        ({"area_code": "919", "protected": "SOME"}, "protected", "NONE, ONLY, MIXED"),
        ({"area_code": "919", "colour": "red"}, "colour", "unknown criterion"),
        ({"area_code": "919", "areaCode": "910"}, "areaCode", "given twice"),
    ],
)
def test_v2_search_rules(criteria, field, words):
    with pytest.raises(ValidationError) as info:
        validate.v2_search(**criteria)
    error = info.value
    assert error.field == field
    assert words in error.rule
    assert isinstance(error, ValueError)
    assert field in str(error)


# -- orders ---------------------------------------------------------------------------------------
def test_v2_order_numbers():
    checked = validate.v2_order(
        numbers=["+19195551212", "(919) 555-1213"],
        site_id=100,
        customer_order_id="my order-1",
        partial_allowed="false",
    )
    assert checked == {
        "numbers": ["9195551212", "9195551213"],
        "site_id": "100",
        "customer_order_id": "my order-1",
        "partial_allowed": False,
    }


@pytest.mark.parametrize(
    ("criteria", "field", "words"),
    [
        ({"numbers": []}, "numbers", "empty"),
        ({"numbers": "9195551212"}, "numbers", "list of numbers"),
        ({"numbers": ["9195551212", "+19195551212"]}, "numbers", "duplicated"),
        ({"numbers": ["12345"]}, "numbers", "10-digit"),
        ({"numbers": ["9195551212"], "quantity": 1}, "quantity", "no search criteria"),
        (
            {"numbers": ["9195551212"], "back_order_requested": True},
            "back_order_requested",
            "Specific TN",
        ),
        ({"area_code": "919"}, "quantity", "needs quantity"),
        ({"area_code": "919", "quantity": 0}, "quantity", "1 to 5000"),
        (
            {"npa_nxx": "919228", "quantity": 1, "back_order_requested": True},
            "back_order_requested",
            "NPANXX",
        ),
        (
            {"npa_nxxx": "9192281", "quantity": 1, "back_order_requested": True},
            "back_order_requested",
            "npa_nxxx",
        ),
        (
            {"toll_free_vanity": "FLOWERS", "quantity": 1, "back_order_requested": True},
            "back_order_requested",
            "TollFree",
        ),
        (
            {
                "local_vanity": "CARS",
                "area_code": "919",
                "quantity": 1,
                "back_order_requested": True,
            },
            "back_order_requested",
            "Local Vanity",
        ),
        ({"local_vanity": "CARS", "quantity": 1}, "area_code", "needs area_code"),
        (
            {"local_vanity": "CARS", "area_code": "919", "state": "NC", "quantity": 1},
            "state",
            "only with area_code",
        ),
        ({"area_code": "919", "lca": True, "quantity": 1}, "lca", "LCA"),
        ({"city": "CARY", "quantity": 1}, "state", "specify state"),
        (
            {"area_code": "919", "quantity": 1, "customer_order_id": "x" * 41},
            "customer_order_id",
            "at most 40",
        ),
        (
            {"area_code": "919", "quantity": 1, "customer_order_id": "bad_id!"},
            "customer_order_id",
            "letters, digits, dashes",
        ),
        ({"area_code": "919", "quantity": 1, "site_id": "abc"}, "site_id", "numeric id"),
        (
            {"area_code": "919", "quantity": 1, "order_by": "fullNumber"},
            "order_by",
            "unknown criterion",
        ),
    ],
)
def test_v2_order_rules(criteria, field, words):
    with pytest.raises(ValidationError) as info:
        validate.v2_order(**criteria)
    assert info.value.field == field
    assert words in info.value.rule


@pytest.mark.parametrize(
    ("criteria", "element"),
    [
        ({"numbers": ["9195551212"]}, "ExistingTelephoneNumberOrderType"),
        ({"area_code": "919"}, "AreaCodeSearchAndOrderType"),
        ({"rate_center": "CARY", "state": "NC"}, "RateCenterSearchAndOrderType"),
        ({"rate_center": "CARY", "state": "NC", "lca": True}, "RateCenterSearchAndOrderType"),
        ({"npa_nxx": "919228"}, "NPANXXSearchAndOrderType"),
        ({"npa_nxx": "919228", "lca": False}, "NPANXXSearchAndOrderType"),
        ({"city": "CARY", "state": "NC"}, "CitySearchAndOrderType"),
        ({"state": "NC"}, "StateSearchAndOrderType"),
        ({"zip": "27606"}, "ZIPSearchAndOrderType"),
        ({"lata": "426"}, "LATASearchAndOrderType"),
        ({"toll_free_vanity": "FLOWERS"}, "TollFreeVanitySearchAndOrderType"),
        ({"toll_free_wildcard": "8**"}, "TollFreeWildCharSearchAndOrderType"),
        ({"npa_nxxx": "9192281"}, "CombinedSearchAndOrderType"),
        ({"local_vanity": "CARS", "area_code": "919"}, "CombinedSearchAndOrderType"),
        ({"area_code": "919", "state": "NC"}, "CombinedSearchAndOrderType"),
        ({"state": "NC", "lca": True}, "CombinedSearchAndOrderType"),
    ],
)
def test_order_type_choice(criteria, element):
    checked = (
        validate.v2_order(quantity=1, **criteria)
        if "numbers" not in criteria
        else (validate.v2_order(**criteria))
    )
    assert validate.v2_order_type(checked) == element


def test_disconnect_rules():
    checked = validate.v2_disconnect(["9195551212", "+19195551212"], name="x" * 50)
    assert checked["numbers"] == ["9195551212"]  # duplicates dropped
    with pytest.raises(ValidationError, match="at most 50"):
        validate.v2_disconnect(["9195551212"], name="x" * 51)


def test_v1_search_is_reexported():
    assert callable(validate.v1_search)


def test_numbers_from_a_search_result_or_a_frame():
    from numkit.models import SearchResult

    result = SearchResult(numbers=["9195551212", "9195551213"])
    assert validate.v2_order(numbers=result)["numbers"] == result.numbers
    frame = result.to_frame()
    assert validate.v2_order(numbers=frame)["numbers"] == result.numbers
    assert (
        validate.v2_order(
            numbers=frame[["npa"]]
            .rename(columns={"npa": "x"})
            .assign(telephone_number=result.numbers)
        )["numbers"]
        == result.numbers
    )
    with pytest.raises(ValidationError, match="full_number or telephone_number"):
        validate.v2_order(numbers=frame[["npa"]])
