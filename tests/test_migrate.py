"""The V1 → V2 translator: pure translation tests (no server) and runs against the sandbox."""

from __future__ import annotations

import re

import pytest

from numkit import migrate
from numkit.errors import NotFound, ValidationError
from numkit.xmlsafe import parse_xml


def xml(plan) -> object:
    return parse_xml(plan.v2_request.body.encode())


def text(root, path: str) -> str | None:
    node = root.find(path)
    return None if node is None else node.text


# -- searches ----------------------------------------------------------------------------
def test_the_contract_example():
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "quantity": 1}, v2=None
    )
    assert plan.v2_request.method == "GET"
    assert plan.v2_request.path == "/accounts/{accountId}/availableNumbers"
    assert plan.v2_request.params == {"areaCode": "919", "quantity": "1", "enableTNDetail": "true"}
    assert plan.v2_request.body is None
    assert all(isinstance(n, str) and n.endswith(".") for n in plan.notes)
    assert any("5000" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"areaCode": "919"}, {"areaCode": "919", "quantity": "10"}),
        ({"areaCode": "919", "localNumber": "555"}, {"npaNxx": "919555", "LCA": "false"}),
        ({"areaCode": "919", "localNumber": "5551"}, {"npaNxxx": "9195551", "LCA": "false"}),
        (
            {"areaCode": "919", "localNumber": "555", "inLocalCallingArea": "true"},
            {"npaNxx": "919555", "LCA": "true"},
        ),
        ({"state": "nc"}, {"state": "NC"}),
        ({"state": "NC", "city": "Raleigh"}, {"city": "RALEIGH", "state": "NC"}),
        ({"zip": "27606", "quantity": "3"}, {"zip": "27606", "quantity": "3"}),
        ({"areaCode": "919", "pattern": "*NEWCAR*"}, {"areaCode": "919", "localVanity": "NEWCAR"}),
        ({"areaCode": "919", "pattern": "*2525"}, {"localVanity": "2525", "endsIn": "true"}),
    ],
)
def test_local_search_parameters(params, expected):
    plan = migrate.translate_v1("GET", "/v1/availableNumbers/local", params=params)
    got = plan.v2_request.params
    assert {k: got.get(k) for k in expected} == expected
    assert got["enableTNDetail"] == "true"
    assert "areaCode" not in got or "npaNxx" not in got


def test_lca_note_explains_the_different_default():
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "localNumber": "555"}
    )
    assert any("LCA defaults to true" in n for n in plan.notes)
    assert any("npaNxx=919555" in n for n in plan.notes)


@pytest.mark.parametrize(
    "params",
    [
        {"areaCode": "919", "pattern": "*2?9*"},  # '?' has no V2 counterpart
        {"zip": "27606", "pattern": "*2525*"},  # localVanity does not combine with zip
    ],
)
def test_local_patterns_v2_cannot_express_are_left_out_with_a_note(params):
    plan = migrate.translate_v1("GET", "/v1/availableNumbers/local", params=params)
    assert "localVanity" not in plan.v2_request.params
    assert any("no V2 equivalent" in n and "filter" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (None, {"tollFreeWildCardPattern": "8**"}),
        ("8**", {"tollFreeWildCardPattern": "8**"}),
        ("84*", {"tollFreeWildCardPattern": "84*"}),
        ("8*", {"tollFreeWildCardPattern": "8**"}),
        ("*FLOWERS*", {"tollFreeVanity": "FLOWERS"}),
        ("*2?9*", {"tollFreeWildCardPattern": "8**"}),
    ],
)
def test_toll_free_patterns(pattern, expected):
    params = {"quantity": 2} if pattern is None else {"quantity": 2, "pattern": pattern}
    plan = migrate.translate_v1("GET", "/v1/availableNumbers/tollFree", params=params)
    assert plan.v2_request.params == {**expected, "quantity": "2"}
    assert plan.operation == "search-toll-free"


def test_full_url_with_query_string_is_accepted():
    plan = migrate.translate_v1(
        "get", "https://api.catapult.inetwork.com/v1/availableNumbers/local?areaCode=910&quantity=3"
    )
    assert plan.v2_request.params["areaCode"] == "910"
    assert plan.v1_call.path == "/availableNumbers/local"


def test_invalid_v1_input_is_rejected_with_the_v1_message():
    with pytest.raises(ValidationError, match="cannot combine State with Area Code"):
        migrate.translate_v1(
            "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "state": "NC"}
        )


# -- search-and-order --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params", "element", "children"),
    [
        (
            "local",
            {"areaCode": "910", "quantity": "1"},
            "AreaCodeSearchAndOrderType",
            {"AreaCode": "910", "Quantity": "1"},
        ),
        (
            "local",
            {"areaCode": "919", "localNumber": "555", "quantity": "2"},
            "NPANXXSearchAndOrderType",
            {"NpaNxx": "919555", "EnableLCA": "false", "Quantity": "2"},
        ),
        (
            "local",
            {"areaCode": "919", "localNumber": "5551", "quantity": "2"},
            "CombinedSearchAndOrderType",
            {"NpaNxxX": "9195551", "Quantity": "2"},
        ),
        ("local", {"state": "NC"}, "StateSearchAndOrderType", {"State": "NC", "Quantity": "10"}),
        (
            "local",
            {"state": "NC", "city": "Raleigh", "quantity": 3},
            "CitySearchAndOrderType",
            {"City": "RALEIGH", "State": "NC", "Quantity": "3"},
        ),
        ("local", {"zip": "27606"}, "ZIPSearchAndOrderType", {"Zip": "27606"}),
        (
            "tollFree",
            {},
            "TollFreeWildCharSearchAndOrderType",
            {"TollFreeWildCardPattern": "8**", "Quantity": "1"},
        ),
    ],
)
def test_search_and_order_becomes_one_v2_order(path, params, element, children):
    plan = migrate.translate_v1("POST", f"/v1/availableNumbers/{path}", params=params)
    request = plan.v2_request
    assert (request.method, request.path) == ("POST", "/accounts/{accountId}/orders")
    root = xml(plan)
    assert root.tag == "Order"
    assert text(root, "SiteId") == "{siteId}"
    assert text(root, "PartialAllowed") == "true"
    assert text(root, "BackOrderRequested") == "false"
    assert text(root, "CustomerOrderId").startswith("nk-")
    kind = root.find(element)
    assert kind is not None, plan.v2_request.body
    for tag, value in children.items():
        assert text(kind, tag) == value
    assert plan.follow_up == "v2.wait_for_order(order.id)"
    assert any("asynchronous" in n and "wait_for_order" in n for n in plan.notes)


def test_search_and_order_keeps_the_v1_limits():
    with pytest.raises(ValidationError, match="searching and ordering is 10"):
        migrate.translate_v1(
            "POST", "/v1/availableNumbers/local", params={"areaCode": "919", "quantity": 11}
        )
    with pytest.raises(ValidationError, match="cannot contain pattern"):
        migrate.translate_v1("POST", "/v1/availableNumbers/tollFree", params={"pattern": "8**"})


# -- one number --------------------------------------------------------------------------
@pytest.mark.parametrize("number", ["+19195551212", "9195551212", "(919) 555-1212"])
def test_order_one_number(number):
    plan = migrate.translate_v1(
        "POST", "/v1/users/u-demo/phoneNumbers", body={"number": number, "name": "front desk"}
    )
    assert plan.operation == "order-number"
    root = xml(plan)
    assert (
        root.findtext("ExistingTelephoneNumberOrderType/TelephoneNumberList/TelephoneNumber")
        == "9195551212"
    )
    assert text(root, "Name") == "front desk"
    joined = " ".join(plan.notes)
    assert "synchronous" in joined and "asynchronous" in joined and "wait_for_order" in joined
    assert "Location" in joined


def test_order_body_as_json_text_and_bad_numbers():
    plan = migrate.translate_v1(
        "POST", "/users/u-demo/phoneNumbers", body='{"number": "+19195551212"}'
    )
    assert plan.operation == "order-number"
    with pytest.raises(ValidationError, match="12345"):
        migrate.translate_v1("POST", "/v1/users/u-demo/phoneNumbers", body={"number": "12345"})
    with pytest.raises(ValidationError):
        migrate.translate_v1("POST", "/v1/users/u-demo/phoneNumbers", body={})


def test_list_numbers():
    plan = migrate.translate_v1(
        "GET", "/v1/users/u-demo/phoneNumbers", params={"size": 2, "state": "NC", "name": "x"}
    )
    assert plan.v2_request.path == "/accounts/{accountId}/inserviceNumbers"
    assert plan.v2_request.params == {"state": "NC", "page": "1", "size": "2"}
    assert any("Link" in n for n in plan.notes)
    assert any("no name" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("segment", "tn"),
    [("%2B19195551212", "9195551212"), ("+19195551212", "9195551212"), ("n-abc", "{tn}")],
)
def test_get_number(segment, tn):
    plan = migrate.translate_v1("GET", f"/v1/users/u-demo/phoneNumbers/{segment}")
    assert plan.v2_request.path == f"/tns/{tn}/tndetails"
    assert plan.v2_request.placeholders == (["{tn}"] if tn == "{tn}" else [])


def test_delete_becomes_a_disconnect_with_the_hybrid_caveat():
    plan = migrate.translate_v1("DELETE", "/v1/users/u-demo/phoneNumbers/%2B19195551212")
    request = plan.v2_request
    assert (request.method, request.path) == ("POST", "/accounts/{accountId}/disconnects")
    root = xml(plan)
    assert root.tag == "DisconnectTelephoneNumberOrder"
    assert root.findtext(".//TelephoneNumber") == "9195551212"
    joined = " ".join(plan.notes)
    assert "un-imports" in joined and "Hybrid" in joined and "billing" in joined
    assert plan.follow_up == "v2.wait_for_disconnect(disc)"


# -- no equivalent -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "body", "operation"),
    [
        ("POST", "/v1/users/u-demo/phoneNumbers/n-abc", {"applicationId": "a-1"}, "update-number"),
        ("GET", "/v1/phoneNumbers/numberInfo/%2B19195551212", None, "cnam-lookup"),
        (
            "POST",
            "/v1/users/u-demo/phoneNumbers",
            {"number": "+19195551212", "provider": {"providerName": "bandwidth-dashboard"}},
            "import-number",
        ),
        ("GET", "/v1/users/u-demo/calls", None, "unknown"),
    ],
)
def test_calls_without_v2_equivalent_say_so(method, path, body, operation):
    plan = migrate.translate_v1(method, path, body=body)
    assert plan.operation == operation
    assert plan.v2_request is None and not plan.has_equivalent
    assert plan.notes[0].startswith("No V2 equivalent")
    rendered = str(migrate.side_by_side(plan))
    assert "No V2 equivalent" in rendered


def test_update_note_explains_applications():
    plan = migrate.translate_v1(
        "POST", "/v1/users/u-demo/phoneNumbers/n-abc", body={"applicationId": "a-1"}
    )
    assert any("SIP peer" in n for n in plan.notes)


# -- rendering, credentials, numbers -----------------------------------------------------
def test_side_by_side_of_a_plan_masks_authorization():
    plan = migrate.translate_v1(
        "POST", "/v1/users/u-demo/phoneNumbers", body={"number": "+19195551212"}
    )
    view = migrate.side_by_side(plan)
    text_ = str(view)
    assert "https://api.catapult.inetwork.com/v1/users/u-demo/phoneNumbers" in text_
    assert "https://dashboard.bandwidth.com/api/accounts/{accountId}/orders" in text_
    assert "Authorization: Basic ***" in text_
    assert "<ExistingTelephoneNumberOrderType>" in text_
    assert '"number": "+19195551212"' in text_
    html_ = view._repr_html_()
    assert "<table" in html_ and "&lt;Order&gt;" in html_ and "Basic ***" in html_
    assert plan._repr_html_() == html_ and str(plan) == text_


def test_side_by_side_rejects_other_objects():
    with pytest.raises(TypeError):
        migrate.side_by_side("GET /v1/availableNumbers/local")


def test_explain_credentials_names_variables_never_values():
    env = {"NUMKIT_V1_API_SECRET": "s-canary", "NUMKIT_V2_PASSWORD": "pw-canary"}
    explanation = migrate.explain_credentials(env)
    text_ = str(explanation)
    html_ = explanation._repr_html_()
    for word in ("userId", "apiToken", "apiSecret", "accountId", "username", "password"):
        assert word in text_
    assert "NUMKIT_V1_API_SECRET" in text_ and "NUMKIT_V2_PASSWORD" in text_
    assert "canary" not in text_ and "canary" not in html_
    assert "<table>" in html_


def test_validate_reexports_the_v1_rules():
    from numkit import validate
    from numkit.v1 import rules

    assert validate.v1_search is rules.v1_search


def test_number_converters():
    assert migrate.to_v2_number("+19195551212") == "9195551212"
    assert migrate.to_e164("9195551212") == "+19195551212"
    assert migrate.to_e164("(919) 555-1212") == "+19195551212"
    with pytest.raises(ValidationError):
        migrate.to_v2_number("555-1212")


# -- against the sandbox: plans run on both APIs -----------------------------------------
def _query(exchange) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(exchange.url).query))


def test_a_v2_client_fills_account_and_site(v1, v2):
    plan = migrate.translate_v1(
        "POST",
        "/v1/availableNumbers/local",
        params={"areaCode": "910", "quantity": 1},
        v2=v2,
        v1=v1,
    )
    assert plan.v1_base_url == v1.base_url
    assert migrate.translate_v1("GET", "/v1/users/u-demo/phoneNumbers").v1_base_url == (
        "https://api.catapult.inetwork.com/v1"
    )
    assert plan.v2_request.path == "/accounts/9900000/orders"
    assert text(xml(plan), "SiteId") == "100"
    assert plan.v2_request.placeholders == []
    assert plan.v2_base_url == v2.base_url
    assert not any("{siteId}" in n for n in plan.notes)


def test_translating_sends_nothing_unless_a_site_is_needed(v2):
    before = len(v2.exchanges)
    for method, path in [
        ("GET", "/v1/availableNumbers/tollFree"),
        ("GET", "/v1/users/u-demo/phoneNumbers"),
        ("DELETE", "/v1/users/u-demo/phoneNumbers/%2B19195551212"),
    ]:
        migrate.translate_v1(method, path, v2=v2)
    assert len(v2.exchanges) == before


def test_run_local_search_on_both_apis(v1, v2):
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "quantity": 2}, v2=v2
    )
    result = plan.run(v1, v2)
    assert result.ok
    assert len(result.v1_output.numbers) == 2 and len(result.v2_output.numbers) == 2
    assert all(n.startswith("+1919") for n in result.v1_output.numbers)
    assert all(n.startswith("919") and len(n) == 10 for n in result.v2_output.numbers)
    assert len(result.v1_exchanges) == 1 and len(result.v2_exchanges) == 1
    assert _query(result.v2_exchange) == plan.v2_request.params
    assert result.v2_exchange.url.split("?")[0].endswith(plan.v2_request.path)
    assert _query(result.v1_exchange) == {"areaCode": "919", "quantity": "2"}


def test_run_exact_prefix_search_keeps_v1_semantics(v1, v2):
    prefix = v1.search_local(area_code="919", quantity=1).numbers[0][5:8]
    plan = migrate.translate_v1(
        "GET",
        "/v1/availableNumbers/local",
        params={"areaCode": "919", "localNumber": prefix, "quantity": 5},
        v2=v2,
    )
    result = plan.run(v1, v2).raise_for_error()
    assert all(n.startswith("919" + prefix) for n in result.v2_output.numbers)
    assert all(n.startswith("+1919" + prefix) for n in result.v1_output.numbers)


def test_run_toll_free_search(v1, v2):
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/tollFree", params={"quantity": 2, "pattern": "8**"}, v2=v2
    )
    result = plan.run(v1, v2).raise_for_error()
    assert len(result.v1_output) == 2 and len(result.v2_output.numbers) == 2


def test_run_search_and_order_on_both_apis(v1, v2):
    plan = migrate.translate_v1(
        "POST", "/v1/availableNumbers/local", params={"areaCode": "910", "quantity": 1}, v2=v2
    )
    result = plan.run(v1, v2, wait=True).raise_for_error()
    assert len(result.v1_output) == 1 and result.v1_output.ids[0].startswith("n-")
    assert result.v2_output.status == "COMPLETE"
    assert len(result.v2_output.completed_numbers) == 1
    post = next(e for e in result.v2_exchanges if e.method == "POST")
    assert post.request_body == plan.v2_request.body  # the plan shows exactly what was sent
    assert post.status == 201
    view = str(migrate.side_by_side(result))
    assert "201" in view and "Location:" in view and "<OrderStatus>RECEIVED</OrderStatus>" in view
    assert "COMPLETE" in view
    v1.delete_number(result.v1_output.ids[0])
    v2.wait_for_disconnect(v2.disconnect(result.v2_output.completed_numbers))


def test_round_trip_search_on_v1_order_and_disconnect_on_v2(v1, v2):
    number = v1.search_local(area_code="919", quantity=1).numbers[0]
    plan = migrate.translate_v1(
        "POST",
        "/v1/users/u-demo/phoneNumbers",
        body={"number": number, "name": "round trip"},
        v2=v2,
    )
    result = plan.run(None, v2)  # the V2 side only
    assert result.v1_exchanges == [] and not result.v1_ran
    order = result.v2_output
    assert order.status == "RECEIVED" and order.id
    status = v2.wait_for_order(order.id, timeout=20)
    assert status.status == "COMPLETE"
    assert status.completed_numbers == [migrate.to_v2_number(number)]
    # Hybrid accounts (contract "Inventory and ownership"): V1 shows a number only once
    # it was bought on V1 or imported there, so a number bought on V2 is not on V1.
    with pytest.raises(NotFound):
        v1.get_number(number)

    disconnect = migrate.translate_v1(
        "DELETE", f"/v1/users/u-demo/phoneNumbers/{number.replace('+', '%2B')}", v2=v2
    )
    done = disconnect.run(None, v2, wait=True).raise_for_error()
    assert done.v2_output.status == "COMPLETE"
    assert migrate.to_v2_number(number) not in set(v2.in_service_numbers()["telephone_number"])


def test_run_order_number_on_v1(v1):
    number = v1.search_local(area_code="919", quantity=1).numbers[0]
    plan = migrate.translate_v1("POST", "/v1/users/u-demo/phoneNumbers", body={"number": number})
    result = plan.run(v1, None)
    assert result.v1_output.number == number and not result.v2_ran
    assert result.v1_exchange.status == 201
    view = str(result)
    assert "201 Created" in view and "Location:" in view
    v1.delete_number(result.v1_output.id)


def test_run_list_numbers_on_both_apis(v1, v2):
    ordered = v1.search_and_order_local(area_code="919", quantity=2)
    bought_on_v2 = v2.wait_for_order(v2.order_search(area_code="910", quantity=1), timeout=30)
    assert bought_on_v2.status == "COMPLETE"
    plan = migrate.translate_v1("GET", "/v1/users/u-demo/phoneNumbers", params={"size": 1}, v2=v2)
    result = plan.run(v1, v2).raise_for_error()
    v1_numbers = {migrate.to_v2_number(n) for n in result.v1_output["number"]}
    v2_numbers = set(result.v2_output["telephone_number"])
    assert {migrate.to_v2_number(n) for n in ordered.numbers} <= v1_numbers
    # Hybrid accounts: what V1 bought is in the linked V2 account too; what V2 bought
    # shows on V1 only once imported there.
    assert v1_numbers <= v2_numbers
    assert set(bought_on_v2.completed_numbers) <= v2_numbers - v1_numbers
    assert len(result.v1_exchanges) >= 2  # size=1: one page per number
    for number_id in ordered.ids:
        v1.delete_number(number_id)
    v2.wait_for_disconnect(v2.disconnect(bought_on_v2.completed_numbers), timeout=30)


def test_run_get_number_by_id_resolves_the_number_for_v2(v1, v2):
    number = v1.search_local(area_code="919", quantity=1).numbers[0]
    owned = v1.order_number(number)
    plan = migrate.translate_v1("GET", f"/v1/users/u-demo/phoneNumbers/{owned.id}", v2=v2)
    assert plan.v2_request.path == "/tns/{tn}/tndetails"
    result = plan.run(v1, v2).raise_for_error()
    assert result.v1_output.id == owned.id
    assert result.v2_output.telephone_number == migrate.to_v2_number(number)
    assert result.v2_exchange.url.endswith(f"/tns/{migrate.to_v2_number(number)}/tndetails")
    v1.delete_number(owned.id)


def test_run_delete_on_v1_only(v1):
    owned = v1.order_number(v1.search_local(area_code="919", quantity=1).numbers[0])
    plan = migrate.translate_v1("DELETE", f"/v1/users/u-demo/phoneNumbers/{owned.id}")
    result = plan.run(v1, None).raise_for_error()
    assert result.v1_output is None and result.v1_exchange.status == 200


def test_run_a_call_without_equivalent(v1, v2):
    owned = v1.order_number(v1.search_local(area_code="919", quantity=1).numbers[0])
    plan = migrate.translate_v1(
        "POST", f"/v1/users/u-demo/phoneNumbers/{owned.id}", body={"name": "renamed"}, v2=v2
    )
    result = plan.run(v1, v2)
    assert result.ok and result.v1_output.name == "renamed"
    assert not result.v2_ran and result.v2_exchanges == []
    view = str(migrate.side_by_side(result))
    assert "No V2 equivalent" in view and "renamed" in view
    v1.delete_number(owned.id)


def test_run_records_errors_instead_of_raising(v1, v2):
    plan = migrate.translate_v1("GET", "/v1/phoneNumbers/numberInfo/%2B19195551212", v2=v2)
    result = plan.run(v1, v2)
    assert result.v1_error is not None and result.v1_error.http_status == 404
    assert "Error" in str(result)
    with pytest.raises(type(result.v1_error)):
        result.raise_for_error()


def test_rendered_results_never_show_credentials(v1, v2):
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919", "quantity": 1}, v2=v2
    )
    result = plan.run(v1, v2)
    view = migrate.side_by_side(result)
    for rendered in (str(view), view._repr_html_()):
        assert "Authorization: Basic ***" in rendered
        assert "s-demo" not in rendered and "t-demo" not in rendered
        assert "ZGVtbzpkZW1v" not in rendered  # base64 of demo:demo
    assert "<SearchResult>" in str(view) and "[" in str(view)


# -- the package's seams: method objects, the numkit code line, labels, one body printer ----
@pytest.mark.parametrize(
    ("method", "path", "kwargs", "line"),
    [
        (
            "GET",
            "/v1/availableNumbers/local",
            {"params": {"areaCode": "919", "quantity": 3}},
            'v2.search(area_code="919", quantity=3, details=True)',
        ),
        (
            "POST",
            "/v1/availableNumbers/tollFree",
            {},
            'v2.wait_for_order(v2.order_search(toll_free_wildcard="8**", quantity=1))',
        ),
        (
            "POST",
            "/v1/users/u-1/phoneNumbers",
            {"body": {"number": "+19195551212", "name": "desk"}},
            'v2.wait_for_order(v2.order_numbers(["9195551212"], name="desk"))',
        ),
        (
            "DELETE",
            "/v1/users/u-1/phoneNumbers/n-abc",
            {},
            'v2.wait_for_disconnect(v2.disconnect([v1.get_number("n-abc").number]))',
        ),
        (
            "GET",
            "/v1/users/u-1/phoneNumbers/%2B19195551212",
            {},
            'v2.tn_details("9195551212")',
        ),
        ("GET", "/v1/users/u-1/phoneNumbers", {}, "v2.in_service_numbers()"),
        ("POST", "/v1/users/u-1/phoneNumbers/n-1", {"body": {"name": "x"}}, None),
        ("GET", "/v1/users/u-1/messages", {}, None),
    ],
)
def test_v2_code_is_one_line_of_numkit_without_generated_ids(method, path, kwargs, line):
    plan = migrate.translate_v1(method, path, **kwargs)
    assert migrate.v2_code(plan) == line == plan.v2_code
    if line is not None:
        compile(line, "<v2_code>", "eval")  # valid Python
        assert "nk-" not in line and "customer_order_id" not in line


def test_steps_hold_client_methods_not_names():
    from numkit import V1Client, V2Client

    plan = migrate.translate_v1("DELETE", "/v1/users/u-1/phoneNumbers/n-abc")
    assert plan.v1_step.method is V1Client.delete_number
    assert plan.v2_step.method is V2Client.disconnect
    assert plan.v2_step.wait is V2Client.wait_for_disconnect
    assert plan.v2_step.number_arg == "numbers" and plan.v2_step.resolve_first
    filled = plan.v2_step.with_number("9195551212")
    assert filled.kwargs["numbers"] == ["9195551212"] and filled.number_arg is None


def test_sides_not_sent_are_labelled(v1, v2):
    plan = migrate.translate_v1("GET", "/v1/availableNumbers/tollFree", v2=v2)
    view = migrate.side_by_side(plan)
    assert view.v1_label.endswith("not sent") and view.v2_label.endswith("not sent")
    assert "no V1 target" in view.v1_blocks[0][0]
    assert "not sent" in view._repr_html_() and "not sent" in str(view)
    with_target = migrate.side_by_side(
        migrate.translate_v1("GET", "/v1/availableNumbers/tollFree", v2=v2, v1=v1)
    )
    assert "translated only" in with_target.v1_blocks[0][0]
    ran = migrate.side_by_side(plan.run(None, v2))
    assert ran.v1_label.endswith("not sent") and not ran.v2_label.endswith("not sent")


def test_html_is_mathjax_free_and_escaped():
    explained = migrate.explain_credentials()._repr_html_()
    assert "tex2jax_ignore" in explained
    # every `$` sits inside <code>
    outside = re.sub(r"<code>.*?</code>", "", explained, flags=re.S)
    assert "$" not in outside and "<code>$NUMKIT_V1_API_TOKEN:$NUMKIT_V1_API_SECRET</code>" in (
        explained
    )
    plan = migrate.translate_v1(
        "POST", "/v1/users/u-1/phoneNumbers", body={"number": "+19195551212", "name": "<b>x"}
    )
    markup = plan._repr_html_()
    assert "tex2jax_ignore" in markup and "<b>x" not in markup and "&lt;b&gt;x" in markup


def test_one_body_printer_masks_secrets_in_bodies():
    from numkit.bodies import pretty_body
    from numkit.ui import inspector

    assert inspector.pretty_body is pretty_body
    plan = migrate.translate_v1(
        "POST",
        "/v1/users/u-1/phoneNumbers",
        body={
            "number": "+19195551212",
            "provider": {
                "providerName": "bandwidth-dashboard",
                "properties": {"accountId": "9900000", "userName": "demo", "password": "canary-pw"},
            },
        },
    )
    assert plan.operation == "import-number"
    for rendered in (str(plan), plan._repr_html_(), repr(plan)):
        assert "canary-pw" not in rendered
    assert '"password": "***"' in str(plan)
    xml = "<Sub><Password>canary-pw</Password><Url>http://x</Url></Sub>"
    assert "canary-pw" not in pretty_body(xml) and "<Password>***</Password>" in pretty_body(xml)
    assert "canary-pw" in pretty_body(xml, mask=False)


def test_params_must_be_a_mapping():
    with pytest.raises(ValidationError) as info:
        migrate.translate_v1("GET", "/v1/availableNumbers/local", params=[("areaCode", "919")])
    assert info.value.field == "params"
