"""Hybrid accounts (contract: "Inventory and ownership"), over HTTP with requests.

A customer is a V1 user plus its linked V2 account. V2 shows every number the customer
holds; V1 only those bought on V1 or imported with the linked Dashboard credentials.
DELETE on V1 un-imports an imported number and releases a V1-bought one; a V2
disconnect removes a number from V1 too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sandbox_helpers import V1, V2

import numkit.sandbox as nks

LINKED = {"accountId": "9900000", "userName": "demo", "password": "demo"}


def _provider(**props: str) -> dict[str, object]:
    return {"providerName": "bandwidth-dashboard", "properties": {**LINKED, **props}}


def _v1_numbers(v1: V1) -> set[str]:
    r = v1.get(v1.numbers_path, size="1000")
    assert r.status_code == 200
    return {item["number"] for item in r.json()}


def test_a_number_bought_on_v2_shows_on_v1_only_once_imported(v2: V2, v1: V1) -> None:
    number = v2.search(areaCode="704", quantity="1")[0]
    v2.buy([number])
    e164 = "+1" + number
    assert e164 not in _v1_numbers(v1)
    assert v1.get(f"{v1.numbers_path}/%2B1{number}").status_code == 404
    # A plain V1 order of it is refused: the customer already holds it.
    assert v1.post(v1.numbers_path, json={"number": e164}).status_code == 409

    r = v1.post(v1.numbers_path, json={"number": e164, "name": "imported", "provider": _provider()})
    assert r.status_code == 201, r.text
    location = r.headers["Location"]
    got = v1.get(location).json()
    assert got["number"] == e164 and got["name"] == "imported"
    assert e164 in _v1_numbers(v1)
    again = v1.post(v1.numbers_path, json={"number": e164, "provider": _provider()})
    assert again.status_code == 409 and again.json()["code"] == "duplicate-number"

    # DELETE only un-imports: gone from V1, still in service on V2, importable again.
    assert v1.delete(location).status_code == 200
    assert v1.get(location).status_code == 404
    assert e164 not in _v1_numbers(v1)
    assert v2.get(f"/inserviceNumbers/{number}").status_code == 200
    assert v2.http.get(f"{v1.sb.v2_url}/tns/{number}", auth=v2.auth, timeout=30).status_code == 200
    r = v1.post(v1.numbers_path, json={"number": e164, "provider": _provider()})
    assert r.status_code == 201
    # A V2 disconnect removes it from V1 too.
    v2.disconnect([number])
    assert v1.get(r.headers["Location"]).status_code == 404
    assert e164 not in _v1_numbers(v1)


def test_a_number_bought_on_v1_shows_on_both_and_delete_releases_it(v2: V2, v1: V1) -> None:
    e164 = v1.get("/availableNumbers/local", areaCode="704", quantity=1).json()[0]["number"]
    r = v1.post(v1.numbers_path, json={"number": e164})
    assert r.status_code == 201
    number = e164[2:]
    assert v2.get(f"/inserviceNumbers/{number}").status_code == 200
    assert v1.delete(r.headers["Location"]).status_code == 200
    # Released: out of service on V2 as well (aging), and the V1 user cannot re-order it.
    assert v2.get(f"/inserviceNumbers/{number}").status_code == 404
    tn = v2.http.get(f"{v1.sb.v2_url}/tns/{number}", auth=v2.auth, timeout=30)
    assert tn.status_code == 200 and "<Status>Aging</Status>" in tn.text
    assert v1.post(v1.numbers_path, json={"number": e164}).status_code == 404


@pytest.mark.parametrize(
    ("props", "status", "code"),
    [
        ({"password": "wrong"}, 401, "user-access-denied"),
        ({"userName": "other", "password": "other"}, 401, "user-access-denied"),
        ({"accountId": "9900099"}, 401, "user-access-denied"),
    ],
)
def test_import_with_credentials_not_of_the_linked_account_is_401(
    v2: V2, v1: V1, props: dict[str, str], status: int, code: str
) -> None:
    number = v2.search(areaCode="336", quantity="1")[0]
    v2.buy([number])
    r = v1.post(v1.numbers_path, json={"number": "+1" + number, "provider": _provider(**props)})
    assert r.status_code == status and r.json()["code"] == code
    assert "wrong" not in r.text and "other" not in r.json()["message"]


def test_import_of_a_number_the_account_does_not_hold_is_404(v2: V2, v1: V1) -> None:
    free = v2.search(areaCode="336", quantity="1")[0]
    r = v1.post(v1.numbers_path, json={"number": "+1" + free, "provider": _provider()})
    assert r.status_code == 404 and r.json()["code"] == "number-not-found"
    other = V2.other(v2.sb)
    theirs = other.search(areaCode="828", quantity="1")[0]
    other.buy([theirs])
    r = v1.post(v1.numbers_path, json={"number": "+1" + theirs, "provider": _provider()})
    assert r.status_code == 404
    bad = {"providerName": "somebody-else", "properties": LINKED}
    r = v1.post(v1.numbers_path, json={"number": "+1" + free, "provider": bad})
    assert r.status_code == 400


def test_the_import_password_is_never_logged(make_sandbox: Callable[..., nks.Sandbox]) -> None:
    sb = make_sandbox()
    v2, v1 = V2(sb), V1(sb)
    number = v2.search(areaCode="252", quantity="1")[0]
    v2.buy([number])
    canary = "canary-Pa55-zq81"
    r = v1.post(
        v1.numbers_path, json={"number": "+1" + number, "provider": _provider(password=canary)}
    )
    assert r.status_code == 401 and canary not in r.text
    r = v1.post(v1.numbers_path, json={"number": "+1" + number, "provider": _provider()})
    assert r.status_code == 201
    assert canary not in sb.log_text()
    assert canary.encode() not in Path(sb.state_path).read_bytes()
