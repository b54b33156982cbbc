"""V1Client against a private sandbox over real HTTP (no mocks): every call and error."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pandas as pd
import pytest

from numkit import demo
from numkit.errors import (
    ApiError,
    AuthenticationError,
    NotFound,
    ValidationError,
)
from numkit.v1 import OutcomeUnknown, PhoneNumber, V1Client

pytestmark = pytest.mark.timeout(60)


@contextmanager
def faults(sandbox, **settings):
    from numkit import sandbox as sb

    sb.set_faults(sandbox.url, **settings)
    try:
        yield
    finally:
        sb.set_faults(sandbox.url, rate=0.0, kinds=["503", "429", "drop", "commit-drop", "slow"])


def fresh_number(v1: V1Client, area_code: str = "919") -> str:
    """A number nobody owns right now (searches are not reservations)."""
    return v1.search_local(area_code=area_code, quantity=1).numbers[0]


def client(
    sandbox,
    user=demo.PRIMARY.v1_user_id,
    token=demo.PRIMARY.v1_token,
    secret=demo.PRIMARY.v1_secret,
):
    return V1Client(user, token, secret, base_url=sandbox.v1_url)


# -- search ------------------------------------------------------------------------------
def test_search_local_by_area_code(v1):
    found = v1.search_local(area_code="919", quantity=3)
    assert len(found.numbers) == 3
    assert all(n.startswith("+1919") and len(n) == 12 for n in found.numbers)
    frame = found.to_frame()
    assert list(frame.columns) == [
        "number",
        "national_number",
        "city",
        "rate_center",
        "state",
        "lata",
        "price",
        "pattern_match",
    ]
    assert str(frame["number"].dtype) == "string" and str(frame["lata"].dtype) == "string"
    assert isinstance(frame["state"].dtype, pd.CategoricalDtype)
    assert frame["price"].dtype == "Float64"
    assert frame["national_number"][0].startswith("(919) ")
    assert str(frame["pattern_match"].dtype) == "string"
    assert (frame["state"] == "NC").all()


def test_search_local_default_quantity_is_ten(v1):
    assert len(v1.search_local(area_code="910")) == 10


@pytest.mark.parametrize(
    "criteria",
    [
        {"state": "NC", "quantity": 2},
        {"state": "NC", "city": "Raleigh", "quantity": 2},
    ],
)
def test_search_local_by_state_and_city(v1, criteria):
    found = v1.search_local(**criteria)
    assert 1 <= len(found) <= 2
    assert all(item.state == "NC" for item in found)


def test_search_local_by_zip(v1):
    from numkit.sandbox.inventory import Inventory

    zip_code = sorted(Inventory().zips)[0]
    found = v1.search_local(zip=zip_code, quantity=2)
    assert 1 <= len(found) <= 2


def test_search_local_by_local_number(v1):
    prefix = v1.search_local(area_code="919", quantity=1).numbers[0][5:8]
    found = v1.search_local(area_code="919", local_number=prefix, quantity=3)
    assert found.numbers and all(n.startswith("+1919" + prefix) for n in found.numbers)
    wider = v1.search_local(
        area_code="919", local_number=prefix, in_local_calling_area=True, quantity=3
    )
    assert wider.numbers


def test_search_local_with_pattern(v1):
    found = v1.search_local(area_code="919", pattern="*2?9*", quantity=3)
    for number in found.numbers:
        digits = number[2:]
        assert any(digits[i] == "2" and digits[i + 2] == "9" for i in range(len(digits) - 2)), (
            number
        )
    frame = found.to_frame()  # the frame keeps V1's patternMatch
    assert list(frame["pattern_match"]) == [item.pattern_match for item in found.items]
    assert all(isinstance(p, str) and p for p in frame["pattern_match"])


def test_search_toll_free(v1):
    found = v1.search_toll_free(quantity=2, pattern="8**")
    assert len(found) == 2
    assert all(n[2:5] in {"800", "833", "844", "855", "866", "877", "888"} for n in found.numbers)
    frame = found.to_frame()
    assert frame["city"].isna().all()


def test_validation_happens_before_sending(v1):
    with pytest.raises(ValidationError, match="Specify a State ZIP Code or Area Code"):
        v1.search_local(quantity=3)
    with pytest.raises(ValidationError, match="City the State is also required"):
        v1.search_local(city="Raleigh")
    with pytest.raises(ValidationError, match="cannot combine State with Area Code"):
        v1.search_local(state="NC", area_code="919")
    with pytest.raises(ValidationError, match="5000"):
        v1.search_local(area_code="919", quantity=5001)
    assert len(v1.exchanges) == 0


def test_server_side_validation_matches_the_client_rules(v1):
    # Sent raw (bypassing the client's check): the sandbox answers the documented message.
    with pytest.raises(ApiError) as info:
        v1.transport.request("GET", "availableNumbers/local", params={"areaCode": "91"})
    assert info.value.http_status == 400
    assert info.value.code == "invalid-available-number-search"
    assert info.value.description == "An Area Code must be 3 digits."


# -- errors ------------------------------------------------------------------------------
def test_wrong_secret_is_401(sandbox):
    bad = client(sandbox, secret="s-wrong")
    with pytest.raises(AuthenticationError) as info:
        bad.list_numbers()
    assert info.value.http_status == 401
    assert "s-wrong" not in str(info.value) and "s-wrong" not in repr(bad.exchanges[-1].__dict__)


def test_wrong_secret_on_search_is_401(sandbox):
    with pytest.raises(AuthenticationError):
        client(sandbox, secret="s-wrong").search_local(area_code="919")


def test_user_id_the_token_does_not_own_is_user_access_denied(sandbox):
    other = client(sandbox, user=demo.OTHER.v1_user_id)  # demo token, other user's id
    with pytest.raises(AuthenticationError) as info:
        other.list_numbers()
    assert info.value.code == "user-access-denied"
    assert "u-other" in info.value.description


def test_get_unknown_number_is_404(v1):
    with pytest.raises(NotFound) as info:
        v1.get_number("n-doesnotexist")
    assert info.value.api == "V1"


# -- order / get / list / delete ---------------------------------------------------------
def test_order_get_list_delete(v1):
    number = fresh_number(v1)
    ordered = v1.order_number(number, name="test line")
    assert isinstance(ordered, PhoneNumber)
    assert ordered.id.startswith("n-") and ordered.number == number
    assert ordered.source == "ordered" and ordered.name == "test line"
    assert ordered.created_time is not None and ordered.number_state == "enabled"

    by_id = v1.get_number(ordered.id)
    by_number = v1.get_number(number)
    by_ten_digits = v1.get_number(number[2:])
    assert by_id.id == by_number.id == by_ten_digits.id == ordered.id
    assert "%2B1" in v1.exchanges[-2].url  # the + travels URL-encoded

    frame = v1.list_numbers()
    assert list(frame.columns) == [
        "id",
        "number",
        "national_number",
        "name",
        "created_time",
        "price",
        "number_state",
        "city",
        "state",
    ]
    assert str(frame["created_time"].dtype).startswith("datetime64") and "UTC" in str(
        frame["created_time"].dtype
    )
    assert ordered.id in set(frame["id"])
    mine = frame[frame["id"] == ordered.id].iloc[0]
    assert ordered.city and ordered.state  # V1 returns them; the frame keeps them
    assert (mine["city"], mine["state"]) == (ordered.city, ordered.state)

    v1.delete_number(ordered.id)
    with pytest.raises(NotFound):
        v1.get_number(ordered.id)
    assert ordered.id not in set(v1.list_numbers()["id"])


def test_order_accepts_every_number_format(v1):
    number = fresh_number(v1)
    national = f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    ordered = v1.order_number(national)
    assert ordered.number == number
    v1.delete_number(ordered.id)


def test_ordering_an_owned_number_again_returns_it(v1):
    number = fresh_number(v1)
    first = v1.order_number(number)
    again = v1.order_number(number)
    assert again.id == first.id and again.source == "already-owned"
    v1.delete_number(first.id)


def test_ordering_another_customers_number_is_refused(sandbox, v1):
    number = fresh_number(v1)
    mine = v1.order_number(number)
    other = client(sandbox, demo.OTHER.v1_user_id, demo.OTHER.v1_token, demo.OTHER.v1_secret)
    # The sandbox's documented choice: someone else's number is "not found" for you.
    with pytest.raises(NotFound) as info:
        other.order_number(number)
    assert info.value.code == "number-not-found"
    v1.delete_number(mine.id)


def test_a_released_number_cannot_be_ordered_back_by_the_same_user(v1):
    number = fresh_number(v1)
    ordered = v1.order_number(number)
    v1.delete_number(ordered.id)
    with pytest.raises(NotFound):
        v1.order_number(number)


def test_update_number(v1):
    number = fresh_number(v1)
    ordered = v1.order_number(number)
    updated = v1.update_number(ordered.id, name="renamed")
    assert updated.name == "renamed"
    v1.delete_number(ordered.id)


def test_search_and_order(v1):
    result = v1.search_and_order_local(area_code="919", quantity=2)
    assert len(result) == 2 and all(i.startswith("n-") for i in result.ids)
    assert all(n.startswith("+1919") for n in result.numbers)
    owned = set(v1.list_numbers()["number"])
    assert set(result.numbers) <= owned
    toll = v1.search_and_order_toll_free(quantity=1)
    assert len(toll) == 1
    for number_id in result.ids + toll.ids:
        v1.delete_number(number_id)


def test_search_and_order_rules(v1):
    with pytest.raises(ValidationError, match="searching and ordering is 10"):
        v1.search_and_order_local(area_code="919", quantity=11)
    with pytest.raises(ValidationError, match="cannot contain pattern"):
        v1.search_and_order_local(area_code="919", pattern="*55*")


# -- pagination --------------------------------------------------------------------------
def test_list_numbers_follows_every_next_link(v1):
    ordered = v1.search_and_order_local(area_code="910", quantity=5)
    before = len(v1.exchanges)
    frame = v1.list_numbers(size=2)
    pages = [e for e in list(v1.exchanges)[before:] if e.method == "GET"]
    assert len(pages) >= 3
    assert set(ordered.numbers) <= set(frame["number"])
    assert frame["id"].is_unique
    for number_id in ordered.ids:
        v1.delete_number(number_id)


# -- faults: retries and uncertain outcomes ----------------------------------------------
def test_lost_order_response_is_recovered(sandbox, v1):
    number = fresh_number(v1)
    with faults(sandbox, rate=1.0, kinds=["commit-drop"]):
        ordered = v1.order_number(number)
    assert ordered.number == number and ordered.source == "recovered"
    owned = v1.list_numbers()
    assert (owned["number"] == number).sum() == 1
    v1.delete_number(ordered.id)


def test_lost_search_and_order_response_is_reported_as_unknown(sandbox, v1):
    before = set(v1.list_numbers()["number"])
    with (
        faults(sandbox, rate=1.0, kinds=["commit-drop"]),
        pytest.raises(OutcomeUnknown) as info,
    ):
        v1.search_and_order_local(area_code="919", quantity=1)
    assert "unknown" in str(info.value) and "list_numbers" in str(info.value)
    posts = [e for e in v1.exchanges if e.method == "POST"]
    assert len(posts) == 1  # never sent twice
    after = v1.list_numbers()
    new = after[~after["number"].isin(before)]
    assert len(new) == 1  # commit-drop: the order did happen
    v1.delete_number(new["id"].iloc[0])


def test_lost_delete_response_is_reconciled(sandbox, v1):
    ordered = v1.order_number(fresh_number(v1))
    with faults(sandbox, rate=1.0, kinds=["commit-drop"]):
        v1.delete_number(ordered.id)
    with pytest.raises(NotFound):
        v1.get_number(ordered.id)


def test_searches_are_retried_through_429_and_503(sandbox, v1):
    from numkit.transport import RetryPolicy

    v1.transport.policy = RetryPolicy(attempts=6, backoff=0.05, cap=0.5, deadline=20)
    started = time.monotonic()
    with faults(sandbox, rate=0.4, kinds=["429", "503"], seed=3):
        for _ in range(3):
            assert len(v1.search_local(area_code="919", quantity=1)) == 1
    assert time.monotonic() - started < 20
    statuses = [e.status for e in v1.exchanges]
    assert {429, 503} <= set(statuses), statuses  # both were met and retried through
    assert statuses.count(200) == 3


def test_rate_limited_error_carries_retry_after(sandbox, v1):
    with faults(sandbox, rate=1.0, kinds=["429"]), pytest.raises(ApiError) as info:
        # POST search-and-order is never retried: the 429 surfaces at once
        v1.search_and_order_local(area_code="919", quantity=1)
    assert info.value.http_status == 429
    assert info.value.retry_after is not None and info.value.retry_after >= 0


def test_exchanges_mask_credentials(v1):
    v1.search_local(area_code="919", quantity=1)
    exchange = v1.exchanges[-1]
    assert exchange.request_headers["Authorization"] == "Basic ***"
    curl = exchange.as_curl()
    assert "t-demo" not in curl and "s-demo" not in curl
    assert "$NUMKIT_V1_API_TOKEN:$NUMKIT_V1_API_SECRET" in curl
