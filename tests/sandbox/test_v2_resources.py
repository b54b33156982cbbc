"""V2 sites, SIP peers, in-service numbers, global /tns, auth and isolation."""

from __future__ import annotations

import pytest
import requests
from sandbox_helpers import V2, error_codes, xml


def test_sites_and_sip_peers(v2: V2) -> None:
    root = xml(v2.get("/sites"))
    site = root.find("Sites/Site")
    assert root.tag == "SitesResponse" and site is not None
    assert site.findtext("Id") == "100" and site.findtext("Name") == "Demo site"
    one = xml(v2.get("/sites/100"))
    assert one.findtext("Site/Id") == "100" and one.find("Site/Address/City") is not None
    missing = v2.get("/sites/5001")
    assert missing.status_code == 404
    assert xml(missing).findtext("ResponseStatus/ErrorCode") == "12016"
    assert "5001" in (xml(missing).findtext("ResponseStatus/Description") or "")
    peers = xml(v2.get("/sites/100/sippeers"))
    peer = peers.find("SipPeers/SipPeer")
    assert peers.tag == "TNSipPeersResponse" and peer is not None
    assert peer.findtext("PeerId") == "1000" and peer.findtext("IsDefaultPeer") == "true"
    assert xml(v2.get("/sites/100/sippeers/1000")).findtext("SipPeer/PeerName") == "Demo peer"
    assert v2.get("/sites/200/sippeers").status_code == 404
    other = V2.other(v2.sb)
    assert xml(other.get("/sites")).findtext("Sites/Site/Id") == "200"


def test_in_service_numbers_paging_filters_totals(v2: V2) -> None:
    numbers = v2.search(areaCode="617", quantity=5)
    v2.buy(numbers)
    root = xml(v2.get("/inserviceNumbers", areacode="617", size="2"))
    assert root.tag == "TNs" and root.findtext("TotalCount") == "5"
    assert root.findtext("TelephoneNumbers/Count") == "2"
    assert root.findtext("Links/next")
    seen: list[str] = []
    page = 1
    while True:
        r = v2.get("/inserviceNumbers", areacode="617", size="2", page=str(page))
        part = xml(r)
        seen += [t.text or "" for t in part.findall("TelephoneNumbers/TelephoneNumber")]
        if part.find("Links/next") is None:
            break
        page += 1
    assert sorted(seen) == sorted(numbers)
    assert v2.get("/inserviceNumbers", areacode="458").status_code == 204
    assert xml(v2.get("/inserviceNumbers", npanxx=numbers[0][:6])).findtext("TotalCount")
    assert v2.get("/inserviceNumbers", ratecenter="BOSTON").status_code == 404
    assert v2.get("/inserviceNumbers", page="zero").status_code == 404
    total = int(xml(v2.get("/inserviceNumbers/totals")).findtext("Count") or 0)
    assert total >= 5
    ok = v2.get(f"/inserviceNumbers/{numbers[0]}")
    assert ok.status_code == 200 and ok.content == b""
    assert v2.get("/inserviceNumbers/6175550100").status_code == 404


def test_tns_global_resources(v2: V2) -> None:
    numbers = v2.search(areaCode="206", quantity=2)
    order = v2.buy(numbers)
    tn = numbers[0]
    root = xml(v2.get(f"{v2.sb.v2_url}/tns/{tn}"))
    assert root.tag == "TelephoneNumberResponse"
    assert root.findtext("TelephoneNumber") == tn and root.findtext("Status") == "Inservice"
    assert root.findtext("OrderId") == order.findtext("Order/id")
    assert root.findtext("AccountId") == "9900000" and root.findtext("SiteId") == "100"
    details = xml(v2.get(f"{v2.sb.v2_url}/tns/{tn}/tndetails")).find("TelephoneNumberDetails")
    assert details is not None
    assert details.findtext("Lata") and details.findtext("State") == "WA"
    assert details.findtext("FullNumber") == tn and details.findtext("Site/Id") == "100"
    assert details.findtext("SipPeer/PeerId") == "1000"
    bad = v2.get(f"{v2.sb.v2_url}/tns/12345")
    assert bad.status_code == 400
    assert xml(bad).findtext("ResponseStatus/ErrorCode") == "12512"
    foreign = V2.other(v2.sb).get(f"{v2.sb.v2_url}/tns/{tn}")
    assert foreign.status_code == 404
    assert "cannot be found" in (xml(foreign).findtext("ErrorList/Error/Description") or "")
    listing = xml(v2.get(f"{v2.sb.v2_url}/tns", npa="206", size="1"))
    assert listing.tag == "TelephoneNumbersResponse"
    assert listing.findtext("TelephoneNumberCount") == "2"
    assert listing.findtext("TelephoneNumbers/TelephoneNumber/FullNumber") in numbers
    nxt = listing.findtext("Links/next") or ""
    assert "page=" in nxt
    too_big = v2.get(f"{v2.sb.v2_url}/tns", size="2501")
    assert too_big.status_code == 400
    assert xml(too_big).findtext("ResponseStatus/ErrorCode") == "1006"


def test_isolation_between_customers(v2: V2) -> None:
    numbers = v2.search(areaCode="303", quantity=1)
    order = v2.buy(numbers)
    other = V2.other(v2.sb)
    assert other.get(f"/orders/{order.findtext('Order/id')}").status_code == 404
    assert other.get(f"/inserviceNumbers/{numbers[0]}").status_code == 404
    found = xml(other.get("/orders", page="1", size="1000")).findall(".//orderId")
    assert order.findtext("Order/id") not in {f.text for f in found}
    blocked = other.buy(numbers)
    assert blocked.findtext("OrderStatus") == "FAILED" and error_codes(blocked) == ["5005"]
    root = other.disconnect(numbers)
    assert root.findtext("OrderStatus") == "FAILED"
    assert v2.get(f"/inserviceNumbers/{numbers[0]}").status_code == 200


V2_ENDPOINTS = [
    ("GET", "/availableNumbers?areaCode=919"),
    ("GET", "/orders?page=1&size=5"),
    ("POST", "/orders"),
    ("GET", "/orders/x"),
    ("PUT", "/orders/x"),
    ("GET", "/orders/x/history"),
    ("GET", "/orders/x/tns"),
    ("GET", "/orders/x/notes"),
    ("POST", "/orders/x/notes"),
    ("GET", "/disconnects"),
    ("POST", "/disconnects"),
    ("GET", "/disconnects/x"),
    ("GET", "/sites"),
    ("GET", "/sites/100"),
    ("GET", "/sites/100/sippeers"),
    ("GET", "/inserviceNumbers"),
    ("GET", "/inserviceNumbers/totals"),
    ("GET", "/inserviceNumbers/9195551212"),
    ("GET", "@/tns"),
    ("GET", "@/tns/9195551212"),
    ("GET", "@/tns/9195551212/tndetails"),
]


@pytest.mark.parametrize(("method", "path"), V2_ENDPOINTS)
def test_wrong_credentials_are_empty_401(v2: V2, method: str, path: str) -> None:
    url = v2.sb.v2_url + path[1:] if path.startswith("@") else v2.base + path
    for auth in [("demo", "wrong"), ("nobody", "demo"), None]:
        r = requests.request(method, url, auth=auth, data=b"<x/>", timeout=10)
        assert r.status_code == 401
        assert r.content == b""
        assert r.headers["WWW-Authenticate"].startswith("Basic")
    r = requests.get(url, headers={"Authorization": "Basic !!!notbase64"}, timeout=10)
    assert r.status_code == 401


@pytest.mark.parametrize(("method", "path"), [e for e in V2_ENDPOINTS if not e[1].startswith("@")])
def test_other_account_id_is_empty_403(v2: V2, method: str, path: str) -> None:
    url = f"{v2.sb.v2_url}/accounts/9900099{path}"
    r = requests.request(method, url, auth=("demo", "demo"), data=b"<x/>", timeout=10)
    assert r.status_code == 403 and r.content == b""


def test_unknown_path_and_method(v2: V2) -> None:
    r = v2.get("/nonsense")
    assert r.status_code == 404 and xml(r).tag == "ErrorResponse"
    r = requests.delete(v2.base + "/sites", auth=v2.auth, timeout=10)
    assert r.status_code == 405 and xml(r).tag == "ErrorResponse"
