"""Numbers to a location: ``POST …/sites/{siteId}/sippeers/{peerId}/movetns``.

V1 attached a number to an application with ``applicationId``; on V2 the number moves
to the SIP peer ("location") the application hangs on. This is that migration step,
plus reading a peer's numbers back (``GET …/sippeers/{peerId}/tns``).
"""

from __future__ import annotations

from typing import Any

from .. import validate
from ..errors import ResponseParseError
from ..phone import format_number, from_wire
from ..xmltools import Element, get, kids, named, root_of, text
from . import build
from .base import XML_BODY, V2Base
from .errors import embedded_error

__all__ = ["MAX_MOVE", "LocationsMixin", "parse_peer_numbers"]

#: Numbers per ``movetns`` call; longer lists are sent in batches.
MAX_MOVE = 5000


def parse_peer_numbers(data: bytes | str | Element, *, numbers: str = "10digit") -> list[str]:
    """``SipPeerTelephoneNumbersResponse/…/SipPeerTelephoneNumber/FullNumber`` → numbers
    (a bare ``FullNumber`` list too); empty body → []."""
    if isinstance(data, bytes | str) and not data.strip():
        return []
    root = root_of(data)
    entries = named(root, "sippeertelephonenumber")
    if entries:
        texts = [get(kids(e), "FullNumber", "TelephoneNumber") for e in entries]
    else:
        texts = [text(e) for e in named(root, "fullnumber")]
    out = []
    for wire in texts:
        ten = from_wire(wire)
        if ten is None:
            raise ResponseParseError(f"peer number list holds {wire!r}, not a number")
        out.append(format_number(ten, numbers))
    return out


class LocationsMixin(V2Base):
    """``move_numbers`` and ``peer_numbers``."""

    def _peer_path(self, site_id: Any, peer_id: Any, *rest: str) -> str:
        site = validate.numeric_id(site_id, "site_id")
        peer = validate.numeric_id(peer_id, "peer_id")
        return self._account("sites", site, "sippeers", peer, *rest)

    def move_numbers(self, numbers: Any, *, site_id: Any, peer_id: Any) -> list[str]:
        """Move numbers to SIP peer ``peer_id`` of site ``site_id`` (where V1 set an
        ``applicationId``, V2 moves the number to that application's location).

        Returns the numbers moved (client format). At most 5,000 go in one call, so
        longer lists are sent in batches. Moving is idempotent (a number already on the
        peer stays there), so a lost answer may safely be retried. An unknown site is
        a 404 (12016), an unknown peer a 400 (13563).
        """
        checked = validate.numbers_list(numbers, duplicates="drop")
        path = self._peer_path(site_id, peer_id, "movetns")
        for i in range(0, len(checked), MAX_MOVE):
            body = build.movetns_xml(checked[i : i + MAX_MOVE], wire=self.wire)
            response = self._transport.request(
                "POST", path, data=body, headers=XML_BODY, idempotent=True
            )
            if response.content.strip():
                error = embedded_error(
                    response.content,
                    http_status=response.status_code,
                    method="POST",
                    url=response.url,
                )
                if error is not None:
                    raise error
        return [format_number(n, self.numbers) for n in checked]

    def peer_numbers(self, *, site_id: Any, peer_id: Any) -> list[str]:
        """``GET …/sites/{siteId}/sippeers/{peerId}/tns``: the numbers on that peer."""
        response = self._get(self._peer_path(site_id, peer_id, "tns"))
        if response.content.strip():
            error = embedded_error(
                response.content, http_status=response.status_code, method="GET", url=response.url
            )
            if error is not None:
                raise error
        return parse_peer_numbers(response.content, numbers=self.numbers)
