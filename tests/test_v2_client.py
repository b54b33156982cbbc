"""V2Client against the session sandbox over real HTTP: every search type, every order
type, every scenario outcome, polling, disconnects, errors and DataFrame dtypes."""

from __future__ import annotations

import time
import uuid

import pandas as pd
import pytest

from numkit import V2Client, demo
from numkit.errors import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    NotFound,
    PermissionDenied,
    PollTimeout,
    ValidationError,
)
from numkit.models import Disconnect, DisconnectStatus, Order, OrderStatus

KEYPAD = {"2": "A", "3": "D", "4": "G", "5": "J", "6": "M", "7": "P", "8": "T", "9": "W"}
SEARCH_DTYPES = {
    "full_number": "string",
    "npa": "string",
    "nxx": "string",
    "city": "category",
    "rate_center": "category",
    "state": "category",
    "lata": "string",
    "tier": "Int64",
    "vendor_id": "string",
    "vendor_name": "category",
}


def coid(word: str = "t") -> str:
    return f"{word}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def other(sandbox):
    p = demo.OTHER
    client = V2Client(p.v2_account_id, p.v2_username, p.v2_password, base_url=sandbox.v2_url)
    yield client
    client.close()


def fresh(v2: V2Client, n: int = 1, area_code: str = "919") -> list[str]:
    return v2.search(area_code=area_code, quantity=n).numbers


def release(v2: V2Client, numbers) -> None:
    numbers = [n for n in numbers if n]
    if numbers:
        v2.wait_for_disconnect(v2.disconnect(numbers), timeout=30)


# -- construction -------------------------------------------------------------------------------
def test_repr_and_exchanges_never_show_the_password(sandbox):
    client = V2Client("9900000", "demo", "demo", base_url=sandbox.v2_url)
    with client:
        assert "password=***" in repr(client) and "'demo'" in repr(client)
        client.sites()
        exchange = client.exchanges[-1]
        assert exchange.request_headers["Authorization"] == "Basic ***"
        curl = exchange.as_curl()
        assert "$NUMKIT_V2_PASSWORD" in curl and "demo:demo" not in curl


def test_from_env_and_base_url_resolution(sandbox):
    env = {"NUMKIT_V2_BASE_URL": sandbox.v2_url}
    with V2Client.from_env(env) as client:
        assert client.base_url == sandbox.v2_url
        assert client.account_id == demo.PRIMARY.v2_account_id  # sandbox demo customer
        assert client.sites()[0].id == demo.PRIMARY.site_id
    with V2Client(env=env) as client:  # nothing given: resolved like connect()
        assert client.base_url == sandbox.v2_url
    with V2Client(base_url=sandbox.v2_url, env={}) as client:  # loopback: demo credentials
        assert client.account_id == demo.PRIMARY.v2_account_id


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"account_id": "1", "username": "u"}, "password"),
        ({"account_id": "1", "username": "u", "password": "p", "timeout": 0}, "timeout"),
        ({"account_id": "1", "username": "u", "password": "p", "timeout": -1}, "timeout"),
    ],
)
def test_configuration_errors(sandbox, kwargs, words):
    with pytest.raises(ConfigurationError, match=words):
        V2Client(base_url=sandbox.v2_url, **kwargs)


def test_plain_http_to_a_remote_host_is_refused():
    with pytest.raises(ConfigurationError, match="plain http"):
        V2Client("1", "u", "p", base_url="http://dashboard.example.com/api", env={})
    V2Client("1", "u", "p", base_url="http://10.0.0.5/api", env={"NUMKIT_ALLOW_INSECURE_HTTP": "1"})


def test_production_needs_credentials():
    with pytest.raises(ConfigurationError, match="NUMKIT_V2_USERNAME"):
        V2Client.from_env({}, target="production")


# -- search -------------------------------------------------------------------------------------
def test_search_area_code_with_details_frame_dtypes(v2):
    result = v2.search(area_code="919", quantity=5, details=True)
    assert len(result.numbers) == 5
    assert all(len(n) == 10 and n.startswith("919") for n in result.numbers)
    frame = result.to_frame()
    assert {k: str(v) for k, v in frame.dtypes.items()} == SEARCH_DTYPES
    assert frame["npa"].eq("919").all() and frame["city"].notna().all()
    assert frame["tier"].notna().all()


def test_search_plain_frame_has_na_details(v2):
    frame = v2.search(area_code="910", quantity=3).to_frame()
    assert {k: str(v) for k, v in frame.dtypes.items()} == SEARCH_DTYPES
    assert len(frame) == 3 and frame["city"].isna().all() and frame["nxx"].notna().all()


def test_every_local_search_type(v2):
    seed = v2.search(area_code="919", quantity=1, details=True).details[0]
    prefix = seed.full_number[:6]
    cases = {
        "npa_nxx": (dict(npa_nxx=prefix, lca=False), lambda n: n.startswith(prefix)),
        "npa_nxxx": (
            dict(npa_nxxx=seed.full_number[:7], lca=False),
            lambda n: n.startswith(seed.full_number[:7]),
        ),
        "rate_center": (dict(rate_center=seed.rate_center, state=seed.state), None),
        "city": (dict(city=seed.city, state=seed.state), None),
        "state": (dict(state=seed.state), None),
        "lata": (dict(lata=seed.lata), None),
        "combined": (dict(area_code="919", city=seed.city, state=seed.state), None),
    }
    for name, (criteria, check) in cases.items():
        result = v2.search(quantity=3, details=True, **criteria)
        assert result.numbers, name
        for detail in result.details:
            if check:
                assert check(detail.full_number), (name, detail)
            if "city" in criteria:
                assert detail.city == seed.city, name
            if "rate_center" in criteria:
                assert detail.rate_center == seed.rate_center, name
            if "state" in criteria:
                assert detail.state == seed.state, name
            if "lata" in criteria:
                assert detail.lata == seed.lata, name


def zip_of(city: str, state: str) -> str:
    """The ZIP the sandbox's inventory gives a city (the API's details carry no ZIP)."""
    from numkit.sandbox.inventory import Inventory

    return Inventory._zip(state, city)


def test_zip_search(v2):
    seed = v2.search(area_code="919", quantity=1, details=True).details[0]
    result = v2.search(zip=zip_of(seed.city, seed.state), quantity=2, details=True)
    assert len(result.numbers) == 2
    assert {d.city for d in result.details} == {seed.city}


def test_vanity_searches(v2):
    number = fresh(v2)[0]
    letters = "".join(KEYPAD.get(d, d) for d in number[-4:])
    anywhere = v2.search(local_vanity=letters, area_code="919", quantity=5)
    assert number in anywhere.numbers or anywhere.numbers
    assert all(number[-4:] in n[3:] for n in anywhere.numbers)
    ending = v2.search(local_vanity=letters, ends_in=True, area_code="919", quantity=5)
    assert ending.numbers and all(n.endswith(number[-4:]) for n in ending.numbers)

    toll_free = v2.search(toll_free_wildcard="8**", quantity=2)
    assert toll_free.numbers and all(
        n[:3] in {"800", "833", "844", "855", "866", "877", "888"} for n in toll_free.numbers
    )
    assert all(n.startswith("83") for n in v2.search(toll_free_wildcard="83*", quantity=2))
    digits = toll_free.numbers[0][-4:]
    vanity = v2.search(toll_free_vanity="".join(KEYPAD.get(d, d) for d in digits), quantity=2)
    assert vanity.numbers and all(digits in n for n in vanity.numbers)


def test_order_by(v2):
    result = v2.search(npa_nxx=fresh(v2)[0][:6], order_by="fullNumber", quantity=10, lca=False)
    assert result.numbers == sorted(result.numbers)


def test_empty_search_gives_an_empty_frame(v2):
    result = v2.search(toll_free_vanity="QQQQQQQQQQ", quantity=1)
    assert result.numbers == []
    frame = result.to_frame()
    assert frame.empty and {k: str(v) for k, v in frame.dtypes.items()} == SEARCH_DTYPES


def test_validation_happens_before_sending(v2):
    before = len(v2.exchanges)
    with pytest.raises(ValidationError) as info:
        v2.search(area_code="411")
    assert info.value.field == "area_code" and "end with 11" in info.value.rule
    with pytest.raises(ValidationError):
        v2.search(city="CARY")
    assert len(v2.exchanges) == before


def test_server_side_search_error_envelope(v2):
    # valid to the client (digits are allowed in rate center abbreviations), not to the server
    with pytest.raises(ApiError) as info:
        v2.search(rate_center="CARY9", state="NC")
    assert info.value.http_status == 400 and info.value.code == "4001"
    assert "ratecenter" in info.value.description.lower()


# -- sites, peers, numbers ----------------------------------------------------------------------
def test_sites_and_peers(v2):
    (site,) = v2.sites()
    assert (site.id, site.name) == (demo.PRIMARY.site_id, demo.PRIMARY.site_name)
    assert v2.default_site_id() == site.id
    peers = v2.sip_peers(site.id)
    # the demo site's default peer first; the contract adds a second peer to move numbers to
    assert peers[0].id == demo.PRIMARY.peer_id and peers[0].is_default
    assert len(peers) == len({p.id for p in peers}) and not any(p.is_default for p in peers[1:])
    assert v2.sip_peers() == peers
    with pytest.raises(NotFound) as info:
        v2.sip_peers("999")
    assert info.value.code == "12016"


def test_authentication_and_permission_errors(sandbox):
    with V2Client("9900000", "demo", "s3cr3t-x", base_url=sandbox.v2_url) as bad:
        with pytest.raises(AuthenticationError) as info:
            bad.sites()
        assert info.value.http_status == 401 and "s3cr3t" not in str(info.value)
    with V2Client("9900099", "demo", "demo", base_url=sandbox.v2_url) as elsewhere:
        with pytest.raises(PermissionDenied) as denied:
            elsewhere.sites()
        assert denied.value.http_status == 403


# -- ordering: every type -----------------------------------------------------------------------
def test_order_numbers_wait_and_inspect(v2):
    numbers = fresh(v2, 2)
    progress: list[OrderStatus] = []
    # the Name sets the pace (the generated CustomerOrderId is not a scenario): still
    # RECEIVED at the first poll however busy the machine is
    order = v2.order_numbers(numbers, name="scenario-slow-1500-walkthrough")
    assert isinstance(order, Order) and order.status == "RECEIVED" and order.id
    assert order.customer_order_id.startswith("nk-") and order.site_id == demo.PRIMARY.site_id
    assert order.location and order.location.endswith(order.id)
    done = v2.wait_for_order(order, on_progress=progress.append)
    assert done.status == "COMPLETE" and sorted(done.completed_numbers) == sorted(numbers)
    assert progress[0].status == "RECEIVED" and progress[-1].status == "COMPLETE"
    assert all(p.elapsed is not None and p.elapsed >= 0 for p in progress)
    frame = done.to_frame()
    assert list(frame.columns) == ["telephone_number", "outcome", "error_code", "error_description"]
    assert frame["outcome"].eq("completed").all()
    assert v2.get_order(order.id).status == "COMPLETE"
    assert [h.status for h in v2.order_history(order)] == ["RECEIVED", "COMPLETE"]
    found = v2.find_order(order.customer_order_id)
    assert found is not None and found.id == order.id
    assert order.id in {o.id for o in v2.orders(customer_order_id=order.customer_order_id)}
    # the numbers are ours now
    in_service = v2.in_service_numbers(npa_nxx=numbers[0][:6])
    assert set(numbers) <= set(in_service["telephone_number"])
    assert str(in_service["telephone_number"].dtype) == "string"
    details = v2.tn_details(numbers[0])
    assert details.status == "Inservice" and details.site_id == demo.PRIMARY.site_id
    assert v2.tn(numbers[0]).status == "Inservice"
    release(v2, numbers)


def test_every_search_and_order_type(v2):
    seed = v2.search(area_code="910", quantity=1, details=True).details[0]
    tf = v2.search(toll_free_wildcard="8**", quantity=1).numbers[0]
    local = fresh(v2, 1, "919")[0]

    def letters(number: str) -> str:
        return "".join(KEYPAD.get(d, d) for d in number[-4:])

    # The narrow criteria first: the sandbox fills orders in creation order, and an
    # NPA-NXX-X or a vanity may match a single number that a broad order would take.
    cases = {
        "CombinedSearchAndOrderType": dict(npa_nxxx=seed.full_number[:7]),
        "Combined-vanity": dict(local_vanity=letters(local), area_code="919"),
        "TollFreeVanitySearchAndOrderType": dict(toll_free_vanity=letters(tf)),
        "AreaCodeSearchAndOrderType": dict(area_code="910"),
        "RateCenterSearchAndOrderType": dict(rate_center=seed.rate_center, state=seed.state),
        "NPANXXSearchAndOrderType": dict(npa_nxx=seed.full_number[:6]),
        "CitySearchAndOrderType": dict(city=seed.city, state=seed.state),
        "StateSearchAndOrderType": dict(state=seed.state),
        "ZIPSearchAndOrderType": dict(zip=zip_of(seed.city, seed.state)),
        "LATASearchAndOrderType": dict(lata=seed.lata),
        "TollFreeWildCharSearchAndOrderType": dict(toll_free_wildcard="8**"),
        "Combined-several": dict(area_code="910", city=seed.city, state=seed.state),
    }
    orders = {name: v2.order_search(quantity=1, **criteria) for name, criteria in cases.items()}
    owned = []
    for name, order in orders.items():
        expected = "CombinedSearchAndOrderType" if name.startswith("Combined") else name
        assert order.order_type == expected, name
        done = v2.wait_for_order(order.id, timeout=30)
        assert done.status == "COMPLETE", (name, done.errors)
        assert len(done.completed_numbers) == 1, name
        owned += done.completed_numbers
    assert orders["CombinedSearchAndOrderType"].quantity == 1
    assert (
        v2.get_order(orders["CombinedSearchAndOrderType"].id)
        .completed_numbers[0]
        .startswith(seed.full_number[:7])
    )
    release(v2, owned)


# -- scenario outcomes --------------------------------------------------------------------------
def test_scenario_partial(v2):
    numbers = fresh(v2, 2)
    done = v2.wait_for_order(v2.order_numbers(numbers, customer_order_id=coid("scenario-partial")))
    assert done.status == "PARTIAL"
    assert done.completed_numbers == numbers[:1] and done.failed_numbers == numbers[1:]
    assert done.errors[0][0] == "5005" and done.errors[0][2] == numbers[1]
    frame = done.to_frame()
    assert frame.set_index("telephone_number")["outcome"].to_dict() == {
        numbers[0]: "completed",
        numbers[1]: "failed",
    }
    release(v2, done.completed_numbers)


def test_scenario_failed(v2):
    numbers = fresh(v2, 2)
    done = v2.wait_for_order(v2.order_numbers(numbers, customer_order_id=coid("scenario-failed")))
    assert done.status == "FAILED" and done.completed_numbers == []
    assert sorted(done.failed_numbers) == sorted(numbers)
    assert {e[0] for e in done.errors} == {"5005"}
    search_order = v2.order_search(area_code="919", quantity=2, name="scenario-failed run")
    failed = v2.wait_for_order(search_order)
    assert failed.status == "FAILED" and {e[0] for e in failed.errors} == {"5018"}


def test_scenario_backorder(v2):
    order = v2.order_search(
        area_code="919",
        quantity=2,
        back_order_requested=True,
        customer_order_id=coid("scenario-backorder"),
    )
    done = v2.wait_for_order(order)
    assert done.status == "BACKORDERED" and done.completed_numbers == []
    with pytest.raises(ApiError) as info:
        v2.order_numbers(fresh(v2), customer_order_id=coid("scenario-backorder"))
    assert info.value.http_status == 400 and info.value.code == "5522"


def test_scenario_slow_progress_timeout_and_resume(v2):
    order = v2.order_numbers(fresh(v2), customer_order_id=coid("scenario-slow-1200"))
    seen: list[str] = []
    with pytest.raises(PollTimeout) as info:
        v2.wait_for_order(order.id, timeout=0.4, on_progress=lambda s: seen.append(s.status))
    assert info.value.last_status.status == "RECEIVED" and seen == ["RECEIVED"]
    assert order.id in str(info.value)
    started = time.monotonic()
    done = v2.wait_for_order(order.id, timeout=30)  # resumed from the id alone
    assert done.status == "COMPLETE" and done.elapsed >= 1.2
    assert time.monotonic() - started < 6
    release(v2, done.completed_numbers)


def test_real_rules_partial_allowed(v2, other):
    taken = other.wait_for_order(other.order_numbers(fresh(other)))
    assert taken.status == "COMPLETE"
    theirs = taken.completed_numbers[0]
    ours = fresh(v2)[0]
    partial = v2.wait_for_order(v2.order_numbers([ours, theirs]))
    assert partial.status == "PARTIAL" and partial.completed_numbers == [ours]
    assert partial.failed_numbers == [theirs]
    strict = v2.wait_for_order(v2.order_numbers([fresh(v2)[0], theirs], partial_allowed=False))
    assert strict.status == "FAILED"
    release(v2, partial.completed_numbers)
    release(other, [theirs])


def test_order_errors(v2):
    with pytest.raises(ApiError) as info:
        v2.order_numbers(fresh(v2), site_id="999")
    assert info.value.http_status == 400 and info.value.code == "5016"
    with pytest.raises(NotFound):
        v2.get_order("00000000-0000-0000-0000-000000000000")
    with pytest.raises(ValidationError):
        v2.order_numbers(["9195551212", "919-555-1212"])


# -- disconnecting ------------------------------------------------------------------------------
def test_disconnect_and_repeat_without_false_failure(v2):
    numbers = v2.wait_for_order(v2.order_numbers(fresh(v2, 2))).completed_numbers
    disc = v2.disconnect(numbers, name="cleanup")
    assert isinstance(disc, Disconnect) and disc.ids == [disc.id] and disc.status == "RECEIVED"
    done = v2.wait_for_disconnect(disc)
    assert done.status == "COMPLETE" and sorted(done.completed_numbers) == sorted(numbers)
    assert v2.tn(numbers[0]).status == "Aging"
    assert numbers[0] not in set(v2.in_service_numbers()["telephone_number"])
    assert disc.id in {d.id for d in v2.disconnects()}
    # repeating it: the server says "not on your account", numkit sees they are aging
    again = v2.wait_for_disconnect(v2.disconnect(numbers))
    assert again.status == "COMPLETE" and again.wire_status == "FAILED"
    assert sorted(again.already_disconnected) == sorted(numbers)
    assert again.failed_numbers == [] and again.to_frame()["outcome"].eq("completed").all()
    raw = v2.get_disconnect(again.id, reconcile=False)
    assert raw.status == "FAILED" and raw.errors[0][0] == "5006"


def test_disconnecting_a_number_never_owned_fails(v2, other):
    theirs = other.wait_for_order(other.order_numbers(fresh(other))).completed_numbers
    done = v2.wait_for_disconnect(v2.disconnect(theirs))
    assert done.status == "FAILED" and done.failed_numbers == theirs
    assert done.errors[0][0] == "5006" and not done.already_disconnected
    release(other, theirs)


def test_disconnect_scenario_failed(v2):
    numbers = v2.wait_for_order(v2.order_numbers(fresh(v2))).completed_numbers
    done = v2.wait_for_disconnect(v2.disconnect(numbers, customer_order_id=coid("scenario-failed")))
    assert isinstance(done, DisconnectStatus)
    assert done.status == "FAILED" and done.failed_numbers == numbers
    assert v2.tn(numbers[0]).status == "Inservice"
    release(v2, numbers)


def test_in_service_empty_is_an_empty_frame(other):
    frame = other.in_service_numbers(npa_nxx="201200")
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["telephone_number"]
    assert str(frame["telephone_number"].dtype) == "string"


def test_lists_follow_every_page(v2):
    numbers = []
    for number in fresh(v2, 3):  # three orders, three numbers
        numbers += v2.wait_for_order(v2.order_numbers([number])).completed_numbers
    everything = v2.in_service_list()
    assert set(numbers) <= set(everything)
    assert v2.in_service_list(page_size=2) == everything  # several pages, same answer
    orders = v2.orders()
    paged = v2.orders(page_size=2)
    assert [o.id for o in paged] == [o.id for o in orders] and len(orders) > 2
    assert len(v2.orders(page_size=2, limit=3)) == 3
    release(v2, numbers)


def test_stop_event_ends_a_real_wait_and_the_order_still_completes(v2):
    import threading

    from numkit.errors import PollStopped

    number = v2.search(area_code="919", quantity=1).numbers[0]
    order = v2.order_numbers([number], customer_order_id="scenario-slow-3000-stop")
    stop = threading.Event()
    timer = threading.Timer(0.4, stop.set)
    timer.start()
    began = time.monotonic()
    with pytest.raises(PollStopped):
        v2.wait_for_order(order.id, timeout=30, stop=stop)
    assert time.monotonic() - began < 2.5
    assert v2.wait_for_order(order.id, timeout=30).status == "COMPLETE"
    v2.wait_for_disconnect(v2.disconnect([number]))


def test_test_connection_names_the_account(v2):
    line = v2.test_connection()
    assert "9900000" in line and "100" in line
