"""V2 XML parsing and the one V2 error mapper, on fixture files in the real shapes
(notes §2.3, §4.2, §5, §6, §7.1). Envelopes the sandbox never produces live here."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from numkit import parse_order_response, parse_search_result
from numkit.errors import (
    ApiError,
    AuthenticationError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ResponseParseError,
    ServerError,
)
from numkit.models import DisconnectStatus, OrderStatus
from numkit.v2 import parse, parse_search

FIXTURES = Path(__file__).parent / "fixtures" / "v2"
URL = "http://127.0.0.1:9/api/accounts/9900000/orders"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def response(status: int, body: bytes = b"", headers: dict[str, str] | None = None):
    r = requests.Response()
    r.status_code = status
    r._content = body
    r.headers.update(headers or {})
    r.reason = {401: "Unauthorized", 403: "Forbidden", 502: "Bad Gateway"}.get(status, "")
    r.url = URL
    return r


# -- search -------------------------------------------------------------------------------------
def test_plain_search():
    result = parse_search_result(fixture("search_plain.xml"))
    assert result.numbers == ["9192286710", "9192286700"]
    assert result.result_count == 2
    assert result.details is None
    assert not result.has_details
    assert len(result) == 2 and list(result) == result.numbers


def test_plain_search_one_element_list():
    assert parse_search_result(fixture("search_plain_one.xml")).numbers == ["9192286710"]


def test_detail_search_pretty_printed_spec_example():
    result = parse_search_result(fixture("search_detail.xml"))
    assert result.numbers == ["9192956932"]
    (d,) = result.details
    assert (d.city, d.lata, d.rate_center, d.state) == ("KNIGHTDALE", "426", "KNIGHTDALE", "NC")
    assert (d.tier, d.vendor_id, d.vendor_name) == (0, "49", "Bandwidth CLEC")
    assert (d.npa, d.nxx) == ("919", "295")


def test_detail_search_compact_takes_fast_path_and_decodes_entities():
    data = fixture("search_detail_compact.xml")
    assert parse_search._compact_columns(data, parse.parse_xml(data)) is not None
    result = parse_search_result(data)
    assert result.numbers == ["9192956932", "9194600001", "4155550100"]
    assert result.details[2].city == "AT&T PARK"
    assert result.details[2].tier == 1


def test_fast_and_general_paths_agree():
    data = fixture("search_detail_compact.xml")
    root = parse.parse_xml(data)
    fast = parse_search._compact_columns(data, root)
    general = parse_search._detail_columns(root.iter("TelephoneNumberDetail"))
    assert fast is not None and fast == general


@pytest.mark.parametrize(
    "mutation",
    [
        # a detail with its children in another order
        lambda s: s.replace(
            b"<City>CARY</City><LATA>426</LATA>", b"<LATA>426</LATA><City>CARY</City>"
        ),
        # an empty element, a self-closing one, whitespace between elements
        lambda s: s.replace(b"<Tier>1</Tier>", b"<Tier></Tier>"),
        lambda s: s.replace(b"<Tier>1</Tier>", b"<Tier/>"),
        lambda s: s.replace(b"</State><FullNumber>4155", b"</State>\n  <FullNumber>4155"),
        lambda s: s.replace(
            b"</TelephoneNumberDetail><TelephoneNumberDetail><City>CARY",
            b"</TelephoneNumberDetail>\n<TelephoneNumberDetail><City>CARY",
        ),
        # a comment, CDATA, an unknown element, an attribute, a missing element
        lambda s: s.replace(b"<City>CARY</City>", b"<City>CA<!-- x -->RY</City>"),
        lambda s: s.replace(b"<City>CARY</City>", b"<City><![CDATA[CARY]]></City>"),
        lambda s: s.replace(b"<Tier>1</Tier>", b"<Tier>1</Tier><Extra>e</Extra>"),
        lambda s: s.replace(b"<City>CARY</City>", b'<City lang="en">CARY</City>'),
        lambda s: s.replace(b"<VendorId>50</VendorId>", b""),
        # the LATA spelling of tndetails, and an E.164 number
        lambda s: s.replace(b"<LATA>722</LATA>", b"<Lata>722</Lata>"),
        lambda s: s.replace(b"<FullNumber>4155550100", b"<FullNumber>+14155550100"),
        # a second list, a processing instruction, a CR line end, a namespaced detail
        lambda s: s.replace(
            b"</TelephoneNumberDetailList>",
            b"</TelephoneNumberDetailList><TelephoneNumberDetailList></TelephoneNumberDetailList>",
        ),
        lambda s: s.replace(b"<City>CARY</City>", b"<City>CA<?pi x?>RY</City>"),
        lambda s: s.replace(b"<City>CARY</City>", b"<City>CARY\r</City>"),
        lambda s: s.replace(
            b"<TelephoneNumberDetail><City>CARY",
            b'<TelephoneNumberDetail xmlns="urn:x"><City>CARY',
        ),
    ],
)
def test_any_deviation_gives_the_same_answer(mutation):
    """Child order, empty elements, comments, whitespace, … never change the result:
    either the fast path's checks reject the shape or it reads it correctly."""
    base = parse_search_result(fixture("search_detail_compact.xml"))
    mutated = mutation(fixture("search_detail_compact.xml"))
    result = parse_search_result(mutated)
    assert result.numbers == base.numbers
    root = parse.parse_xml(mutated)
    fast = parse_search._compact_columns(mutated, root)
    general = parse_search._detail_columns(root.iter("TelephoneNumberDetail"))
    if fast is not None:  # the fast path is exact or steps aside
        assert [n.strip() for n in fast.full_number] == general.full_number
        assert {k: v for k, v in fast.items() if k != "full_number"} == {
            k: v for k, v in general.items() if k != "full_number"
        }
    by_number = {d.full_number: d for d in result.details}
    for expected in base.details:
        got = by_number[expected.full_number]
        for field in ("city", "lata", "rate_center", "state", "vendor_name"):
            assert getattr(got, field) == getattr(expected, field), field
    frame = result.to_frame()
    assert list(frame["full_number"]) == base.numbers


def test_detail_variants_lata_case_order_empty_unknown_attributes():
    result = parse_search_result(fixture("search_detail_variants.xml"))
    # the detail without a FullNumber is dropped; +1 numbers become 10-digit
    assert result.numbers == ["9192956932", "9194600001"]
    first, second = result.details
    assert first.lata == "426" and first.city == "KNIGHTDALE" and first.vendor_id == "49"
    assert second.city is None and second.lata is None and second.tier is None
    assert second.state == "NC"
    assert result.result_count == 3


def test_empty_search_result():
    result = parse_search_result(fixture("search_empty.xml"))
    assert result.numbers == [] and not result
    frame = result.to_frame()
    assert frame.empty and list(frame.columns)[:3] == ["full_number", "npa", "nxx"]


@pytest.mark.parametrize(
    ("name", "code"), [("search_error_4010.xml", "4010"), ("search_error_4000_count.xml", "4000")]
)
def test_search_error_bytes_raise(name, code):
    with pytest.raises(ApiError) as info:
        parse_search_result(fixture(name))
    assert info.value.code == code


def test_hostile_xml_is_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><SearchResult>&a;</SearchResult>'
    with pytest.raises(ResponseParseError):
        parse_search_result(evil)


# -- orders -------------------------------------------------------------------------------------
def test_order_created():
    status = parse_order_response(fixture("order_created.xml"))
    assert isinstance(status, OrderStatus)
    assert status.id == "47955555-67aa-4adb-8c0f-b6894e60c0dc"
    assert status.status == "RECEIVED" and not status.final
    assert status.customer_order_id == "nk-123" and status.name == "training run"
    assert status.site_id == "461"
    assert status.order_type == "ExistingTelephoneNumberOrderType"
    assert status.requested_numbers == ["6672286710", "5756186700"]
    assert status.partial_allowed is True and status.back_order_requested is False
    assert status.created == datetime(2018, 1, 23, 19, 56, 29, 678000, tzinfo=UTC)


def test_order_complete_and_elapsed():
    now = datetime(2014, 1, 6, 19, 9, 53, 691000, tzinfo=UTC)
    status = parse.parse_order(fixture("order_complete.xml"), now=now)
    assert status.status == "COMPLETE" and status.final and status.ok
    assert status.completed_numbers == ["8042105666"]
    assert status.failed_numbers == [] and status.errors == []
    assert status.elapsed == pytest.approx(10.0)
    assert status.order_type == "AreaCodeSearchAndOrderType" and status.quantity == 1
    assert status.peer_id == "500709" and status.summary == "1 number ordered in (804)"
    assert status.created_by == "jbm" and status.completed_quantity == 1


def test_order_partial_errorlist_is_an_outcome():
    status = parse_order_response(fixture("order_partial.xml"))
    assert status.status == "PARTIAL"
    assert status.completed_numbers == ["8332121213"]
    assert status.failed_numbers == ["8332121212"]
    assert status.errors == [
        ("5005", "The telephone number is unavailable for ordering", "8332121212")
    ]
    assert status.name == "partial example"  # lower-case <name>
    frame = status.to_frame()
    assert list(frame["outcome"]) == ["completed", "failed"]
    assert list(frame["error_code"].fillna("-")) == ["-", "5005"]


def test_order_failed_php_form_with_empty_elements():
    status = parse_order_response(fixture("order_failed_php.xml"))
    assert status.status == "FAILED"
    assert status.failed_numbers == ["2055551212", "2055551213"]
    assert status.completed_numbers == []
    assert status.order_type == "ExistingTelephoneNumberOrderType"
    assert status.requested_numbers == []
    assert len(status.errors) == 2


def test_order_failed_java_form_repeated_failednumbers_and_tn_list_errors():
    status = parse_order_response(fixture("order_failed_java.xml"))
    assert status.status == "FAILED"  # upper-cased
    assert status.id == "11111111-2222-3333-4444-555555555555"  # <Id>
    assert status.failed_numbers == ["9195550001", "9195550002", "9195550003"]
    assert ("5018", "The entire quantity of telephone numbers ordered is unavailable", None) in (
        status.errors
    )
    assert ("5005", "unavailable", "9195550002") in status.errors


def test_order_backordered_is_final_for_the_poller():
    status = parse_order_response(fixture("order_backordered.xml"))
    assert status.status == "BACKORDERED" and status.final
    assert status.pending_quantity == 3 and status.back_order_requested is True


def test_order_400_body_keeps_errors():
    status = parse_order_response(fixture("order_400_site.xml"))
    assert status.status == "" and status.errors[0][0] == "5016"


def test_disconnect_shapes():
    created = parse_order_response(fixture("disconnect_created.xml"))
    assert isinstance(created, DisconnectStatus)
    assert created.id == "df2gc2e2-653d-466c-945d-8f292f09ce55"  # ids need not be hex
    assert created.status == "RECEIVED" and created.customer_order_id == "My OrderId"
    assert created.requested_numbers == ["5405514342", "7034343704"]
    assert created.ids == [created.id]

    done = parse_order_response(fixture("disconnect_complete.xml"))
    assert done.status == "COMPLETE" and done.completed_numbers == ["5405514342"]
    assert done.errors == [] and done.name == "training run"

    failed = parse_order_response(fixture("disconnect_failed.xml"))  # OrderRequest, dashed time
    assert failed.status == "FAILED" and failed.failed_numbers == ["2055551212"]
    assert failed.errors[0][0] == "5006"
    assert failed.created == datetime(2022, 5, 25, 14, 12, 57, 840000, tzinfo=UTC)
    assert list(failed.to_frame()["outcome"]) == ["failed"]


# -- other resources ----------------------------------------------------------------------------
def test_sites_and_peers():
    sites = parse.parse_sites(fixture("sites.xml"))
    assert [(s.id, s.name) for s in sites] == [("399", "SiteName"), ("400", "Second")]
    (peer,) = parse.parse_sip_peers(fixture("sippeers.xml"), site_id="399")
    assert (peer.id, peer.name, peer.is_default, peer.site_id) == (
        "500709",
        "Test4 Peer",
        True,
        "399",
    )
    assert parse.parse_sites(b"") == []


def test_tn_and_tndetails():
    tn = parse.parse_tn(fixture("tn.xml"))
    assert (tn.telephone_number, tn.status, tn.account_id) == ("2012035013", "Inservice", "8000273")
    d = parse.parse_tn_details(fixture("tndetails.xml"))
    assert (d.telephone_number, d.city, d.lata, d.rate_center) == (
        "2018981023",
        "JERSEY CITY",
        "224",
        "JERSEYCITY",
    )
    assert (d.site_id, d.site_name, d.peer_id, d.tier) == ("743", "Test Site", "304", 0)
    assert d.service_types == ["Voice", "Messaging"]


def test_history_lists_and_inservice():
    history = parse.parse_history(fixture("history.xml"))
    assert [h.status for h in history] == ["RECEIVED", "COMPLETE"]
    assert history[1].difference == 'CustomerOrderId : "" --> hello'
    assert parse.parse_history(b"") == []

    entries, total, next_page = parse.parse_order_list(fixture("orders_list.xml"))
    assert [e.id for e in entries] == ["a1", "a2"]
    assert entries[0].customer_order_id == "cust-1" and entries[0].user_id == "bwc_user"
    assert entries[1].status == "FAILED"
    assert (total, next_page) == (122, "c5d8d076-aaaa")

    numbers, total, next_page = parse.parse_in_service(fixture("inservice.xml"))
    assert numbers == ["8043024183", "8042121778"] and (total, next_page) == (3, "2")
    assert parse.parse_in_service(b"") == ([], 0, None)


def test_embedded_response_status_on_2xx():
    error = parse.embedded_error(fixture("sippeers_12016.xml"))
    assert error.code == "12016" and "does not exist" in error.description
    assert parse.embedded_error(fixture("sites.xml")) is None


# -- the error mapper: table-driven ------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "name", "cls", "code", "description"),
    [
        (400, "search_error_4010.xml", ApiError, "4010", "One of more required"),
        (400, "search_error_4000_count.xml", ApiError, "4000", "can not end with 11"),
        (400, "order_400_site.xml", ApiError, "5016", "The SiteId submitted is invalid."),
        (400, "disconnect_400.xml", ApiError, "5095", "maximum size of 3"),
        (404, "sippeers_12016.xml", NotFound, "12016", "Site '5001' does not exist"),
        (404, "error_response_404.xml", NotFound, None, "The resource does not exist"),
        (400, "tndetails_400.xml", ApiError, "12512", "is not valid"),
        (400, "note_400.xml", ApiError, "12501", "Username is required"),
        (400, "errors_flat.xml", ApiError, "5091", "The first error"),
        (400, "errors_nested.xml", ApiError, "5240", "Calling name display"),
        (400, "lnp_status.xml", ApiError, "7201", "Order request not valid"),
        (404, "tns_not_found.xml", NotFound, "15610", "cannot be found on accounts"),
        (404, "links_404.xml", NotFound, None, "does not exist"),
        (502, "error_502.html", ServerError, None, "502 Bad Gateway"),
        (400, "error_v2.json", ApiError, "4010", "null or empty"),
        (503, "order_400_site.xml", ServerError, "5016", "invalid"),
    ],
)
def test_error_envelopes(status, name, cls, code, description):
    error = parse.error_from_response(response(status, fixture(name)), "post", URL)
    assert type(error) is cls
    assert error.http_status == status
    assert error.code == code
    assert description in error.description
    assert error.method == "POST" and error.url == URL and error.api == "V2"
    assert error.body == fixture(name)
    assert str(error).startswith(f"HTTP {status} from V2 POST /api/accounts/9900000/orders")


def test_per_number_errors_are_kept():
    error = parse.error_from_response(response(400, fixture("errors_nested.xml")), "POST", URL)
    assert error.errors == [
        ("5240", "Calling name display is not supported", "9195551212"),
        ("5241", "Another", "9195551213"),
    ]


@pytest.mark.parametrize(
    ("status", "cls", "words"),
    [
        (401, AuthenticationError, "wrong username or password"),
        (403, PermissionDenied, "lacks the role"),
        (404, NotFound, "does not exist"),
        (500, ServerError, None),
    ],
)
def test_empty_body_errors(status, cls, words):
    error = parse.error_from_response(response(status, b""), "GET", URL)
    assert type(error) is cls and error.code is None
    if words:
        assert words in error.description


def test_rate_limited_carries_retry_after():
    error = parse.error_from_response(response(429, b"", {"Retry-After": "3"}), "GET", URL)
    assert isinstance(error, RateLimited) and error.retry_after == 3.0


def test_errors_never_echo_credentials():
    r = response(401, b"")
    r.request = requests.Request("GET", URL, auth=("demo", "s3cret")).prepare()
    error = parse.error_from_response(r, "GET", URL)
    assert "s3cret" not in str(error) and "s3cret" not in repr(error.__dict__)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-01-23T19:56:29.678Z", datetime(2018, 1, 23, 19, 56, 29, 678000, tzinfo=UTC)),
        ("2014-03-25 12:55:11.0", datetime(2014, 3, 25, 12, 55, 11, tzinfo=UTC)),
        ("2022-05-25T14-12-57.840Z", datetime(2022, 5, 25, 14, 12, 57, 840000, tzinfo=UTC)),
        ("junk", None),
        (None, None),
    ],
)
def test_dates(text, expected):
    assert parse.parse_date(text) == expected


@pytest.mark.parametrize(
    ("wire", "ten"),
    [("9195551212", "9195551212"), ("+19195551212", "9195551212"), (" ", None), (None, None)],
)
def test_ten_digit(wire, ten):
    assert parse.ten_digit(wire) == ten


@pytest.mark.parametrize(
    "body",
    [b"<SearchResult/>", b"<html><body>proxy error</body></html>", b"<Foo><Bar>1</Bar></Foo>"],
)
def test_a_body_that_is_not_an_order_answer_is_a_parse_error(body):
    from numkit.errors import ResponseParseError

    with pytest.raises(ResponseParseError, match="expected an order or disconnect answer"):
        parse_order_response(body)
    with pytest.raises(ResponseParseError):
        parse.parse_disconnect(body.replace(b"<SearchResult", b"<DisconnectX"))


# -- what real bodies showed (issue 13) ---------------------------------------------------------
def test_detail_rows_named_telephone_number_are_read():
    data = fixture("search_detail_telephonenumber.xml")
    result = parse_search_result(data)
    assert result.result_count == 2
    assert result.numbers == ["9193620001", "9193620002"] and result.rejected == []
    assert result.details[0].city == "APEX" and result.details[1].tier == 0
    compact = b"".join(line.strip() for line in data.splitlines())  # the fast path too
    root = parse.parse_xml(compact)
    assert parse_search._compact_columns(compact, root) is not None
    assert parse_search_result(compact).numbers == result.numbers


@pytest.mark.parametrize("name", ["search_detail_junk_numbers.xml", "search_plain_junk.xml"])
def test_junk_numbers_are_reported_never_rows(name):
    result = parse_search_result(fixture(name))
    assert all(n.isdigit() and len(n) == 10 for n in result.numbers)
    assert ">" in result.rejected and not set(result.rejected) & set(result.numbers)
    assert len(result.numbers) + len(result.rejected) == result.result_count
    assert f"{len(result.rejected)} rows rejected" in repr(result)
    frame = result.to_frame()
    assert list(frame["full_number"]) == result.numbers


def test_junk_detail_rows_keep_the_other_columns_aligned():
    result = parse_search_result(fixture("search_detail_junk_numbers.xml"))
    assert result.numbers == ["9193620001", "9194600001"]
    assert result.rejected == [">", "1234"]
    assert [d.city for d in result.details] == ["APEX", "CARY"]
    assert list(result.to_frame()["city"]) == ["APEX", "CARY"]


def test_empty_search_result_counts_zero():
    assert parse_search_result(fixture("search_empty.xml")).result_count == 0


def test_search_frame_shows_missing_values_as_na():
    import pandas as pd

    frame = parse_search_result(fixture("search_detail_variants.xml")).to_frame()
    assert frame["lata"].iloc[1] is pd.NA and frame["tier"].iloc[1] is pd.NA
    assert pd.isna(frame["city"].iloc[1])
    shown = frame.to_string()
    assert "<NA>" in shown and "NaN" not in shown and "nan" not in shown


def test_order_answer_without_status_is_received_only_on_201_or_202():
    data = fixture("order_created_no_status.xml")
    for http_status in (201, 202):
        order = parse.parse_order(data, http_status=http_status)
        assert order.status == "RECEIVED" and order.id.startswith("6b2d5d7e")
    for http_status in (200, None):
        with pytest.raises(ResponseParseError, match="without <OrderStatus>"):
            parse.parse_order(data, http_status=http_status)
    assert parse_order_response(data, http_status=201).status == "RECEIVED"


def test_order_numbers_in_e164_mode_and_junk_in_an_order_answer():
    partial = parse.parse_order(fixture("order_partial.xml"), numbers="e164")
    plain = parse.parse_order(fixture("order_partial.xml"))
    assert partial.completed_numbers == ["+1" + n for n in plain.completed_numbers]
    assert partial.failed_numbers == ["+1" + n for n in plain.failed_numbers]
    assert {e[2] for e in partial.errors if e[2]} <= set(partial.failed_numbers)
    junk = fixture("order_complete.xml").replace(
        b"</CompletedNumbers>",
        b"<TelephoneNumber><FullNumber>&gt;</FullNumber></TelephoneNumber></CompletedNumbers>",
    )
    status = parse.parse_order(junk)
    assert ">" not in status.completed_numbers
    assert any(e[1] and "'>'" in e[1] for e in status.errors)


def test_tn_details_keep_features_attributes_and_the_sip_peer_block():
    d = parse.parse_tn_details(fixture("tndetails_features.xml"))
    assert (d.peer_id, d.peer_name, d.peer_is_default) == ("1001", "Messaging app", False)
    assert d.sip_peer == {"PeerId": "1001", "PeerName": "Messaging app", "IsDefaultPeer": "false"}
    assert d.features["E911"] == {"Status": "Success", "CallerName": "ACME DEMO"}
    assert d.features["Lidb"]["UseType"] == "BUSINESS"
    assert d.features["Dlda"]["ListingType"] == "LISTED"
    assert d.tn_attributes == ["Protected"]
    plain = parse.parse_tn_details(fixture("tndetails.xml"))
    assert plain.features == {} and plain.tn_attributes == [] and plain.peer_is_default is True
    assert parse.parse_tn_details(fixture("tndetails.xml"), numbers="e164").telephone_number == (
        "+12018981023"
    )


def test_reservation_and_peer_number_bodies():
    from numkit.v2.locations import parse_peer_numbers
    from numkit.v2.reservations import parse_reservation

    r = parse_reservation(fixture("reservation.xml"))
    assert (r.id, r.number, r.expires_in, r.account_id) == (
        "0099ff73-da96-4303-8a0a-00ff316c07aa",
        "9193620001",
        1492.0,
        "9900000",
    )
    assert parse_reservation(fixture("reservation.xml"), numbers="e164").number == "+19193620001"
    with pytest.raises(ResponseParseError):
        parse_reservation(b"<ReservationResponse/>")
    assert parse_peer_numbers(fixture("sippeer_tns.xml")) == ["9193620001", "9193620002"]
    assert parse_peer_numbers(b"") == []
    error = parse.embedded_error(fixture("reservation_5041.xml"), http_status=400)
    assert error is not None and error.code == "5041"


@pytest.mark.parametrize(
    ("status", "name", "cls", "code"),
    [
        (400, "reservation_5041.xml", ApiError, "5041"),
        (400, "movetns_13563.xml", ApiError, "13563"),
    ],
)
def test_new_error_bodies_map(status, name, cls, code):
    error = parse.error_from_response(response(status, fixture(name)), "POST", URL)
    assert isinstance(error, cls) and error.code == code and error.http_status == status
