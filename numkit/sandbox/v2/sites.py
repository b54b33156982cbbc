"""Sites and SIP peers ("locations"), and moving numbers between peers (§6.1, §6.2, §6.8).

Each customer has one site with two peers (contract: "Sandbox customers"): the default
peer and a second one, so V1's ``applicationId`` has somewhere to move to on V2.
"""

from __future__ import annotations

import time

from lxml import etree

from ..customers import Customer
from ..xmlio import el, sub, texts
from .base import V2Handler, status_answer
from .orderbody import TEN_DIGITS
from .rules import ten_digits

__all__ = ["MoveTns", "PeerTns", "SipPeers", "SiteItem", "Sites"]

MAX_MOVE = 5000


def site_xml(c: Customer, full: bool) -> etree._Element:
    site = el(
        "Site",
        el("Id", text=c.creds.site_id),
        el("Name", text=c.creds.site_name),
        el("Description", text=f"{c.creds.site_name} (numkit sandbox)"),
    )
    if full:
        site.append(el("CustomerName", text=c.creds.site_name))
        site.append(
            el(
                "Address",
                el("HouseNumber", text="900"),
                el("StreetName", text="Main Campus"),
                el("StreetSuffix", text="Dr"),
                el("City", text="Raleigh"),
                el("StateCode", text="NC"),
                el("Zip", text="27606"),
                el("Country", text="United States"),
                el("AddressType", text="Service"),
            )
        )
    return site


def peer_xml(c: Customer, peer_id: str) -> etree._Element:
    default = peer_id == c.creds.peer_id
    description = (
        f"Default SIP peer of {c.creds.site_name}"
        if default
        else f"Second SIP peer of {c.creds.site_name}"
    )
    return el(
        "SipPeer",
        el("PeerId", text=peer_id),
        el("PeerName", text=c.peers[peer_id]),
        el("Description", text=description),
        el("IsDefaultPeer", text="true" if default else "false"),
    )


class SiteHandler(V2Handler):
    def check_site(self, site_id: str, root_tag: str) -> None:
        if site_id != self.customer.creds.site_id:
            raise status_answer(404, root_tag, "12016", f"Site '{site_id}' does not exist")

    def check_peer(self, site_id: str, peer_id: str, status: int = 400) -> None:
        if peer_id not in self.customer.peers:
            account = self.customer.creds.v2_account_id
            raise status_answer(
                status,
                "SipPeerResponse",
                "13563",
                f"Sip Peer '{peer_id}' account '{account}' and site '{site_id}' does not exist",
            )


class Sites(V2Handler):
    def get(self, account: str) -> None:
        self.send_xml(200, el("SitesResponse", el("Sites", site_xml(self.customer, False))))


class SiteItem(SiteHandler):
    def get(self, account: str, site_id: str) -> None:
        self.check_site(site_id, "SiteResponse")
        self.send_xml(200, el("SiteResponse", site_xml(self.customer, True)))


class SipPeers(SiteHandler):
    def get(self, account: str, site_id: str, peer_id: str | None = None) -> None:
        self.check_site(site_id, "TNSipPeersResponse")
        if peer_id is None:
            peers = [peer_xml(self.customer, p) for p in self.customer.peers]
            self.send_xml(200, el("TNSipPeersResponse", el("SipPeers", peers)))
            return
        self.check_peer(site_id, peer_id)
        self.send_xml(200, el("SipPeerResponse", peer_xml(self.customer, peer_id)))


class PeerTns(SiteHandler):
    """``GET …/sippeers/{peerId}/tns``: the numbers on that location."""

    def get(self, account: str, site_id: str, peer_id: str) -> None:
        self.check_site(site_id, "SipPeerTelephoneNumbersResponse")
        self.check_peer(site_id, peer_id)
        default = self.customer.creds.peer_id
        wrap = el("SipPeerTelephoneNumbers")
        for row in self.world.store.owned(self.customer.key):
            if (row.peer_id or default) == peer_id:
                sub(sub(wrap, "SipPeerTelephoneNumber"), "FullNumber", row.number)
        self.send_xml(200, el("SipPeerTelephoneNumbersResponse", wrap))


class MoveTns(SiteHandler):
    """``POST …/sippeers/{peerId}/movetns`` (§6.8): move numbers to that location.

    Sandbox choices (none documented): no numbers -> 400 5001, more than 5,000 -> 400
    5095, a malformed number -> 400 5070, a number not in service on this account ->
    400 15610; nothing moves unless every number can. Success is 200 with no body. A
    number V1 shows gets the V1 demo application of its new location.
    """

    def post(self, account: str, site_id: str, peer_id: str) -> None:
        tag = "SipPeerTelephoneNumbersResponse"
        self.check_site(site_id, tag)
        self.check_peer(site_id, peer_id)
        raw = texts(self.xml_request(tag), "FullNumber")
        numbers = [ten_digits(n) for n in raw]
        if not numbers:
            raise status_answer(400, tag, "5001", "No telephone numbers to move.")
        if len(numbers) > MAX_MOVE:
            raise status_answer(400, tag, "5095", f"At most {MAX_MOVE} numbers per move.")
        bad = [r for r, n in zip(raw, numbers, strict=True) if not TEN_DIGITS.fullmatch(n)]
        if bad:
            raise status_answer(400, tag, "5070", f"Telephone number {bad[0]} is invalid.")
        app = {p: a for a, p in self.customer.applications.items()}.get(peer_id)
        now = time.time()
        with self.world.store.transaction():
            rows = []
            for n in dict.fromkeys(numbers):
                row = self.world.store.get_number(n)
                if row is None or row.customer != self.customer.key or row.status != "Inservice":
                    raise status_answer(
                        400, tag, "15610", f"Telephone number {n} cannot be found on the account"
                    )
                rows.append(row)
            for row in rows:
                row.peer_id = peer_id
                row.site_id = site_id
                if row.v1_source is not None and app is not None:
                    row.application_id = app
                row.last_modified = now
                self.world.store.put_number(row)
        self.send_empty(200)
