"""The account's numbers on V2: the in-service list (every page) and one number's state
and details (``GET /tns/{tn}``, ``/tndetails``).
"""

from __future__ import annotations

from typing import Any

from .. import paging, validate
from ..errors import ResponseParseError, ValidationError
from ..models import TnDetails, TnInfo
from ..phone import to_v2_number
from . import parse
from .base import V2Base

__all__ = ["NumbersMixin"]


class NumbersMixin(V2Base):
    """``in_service_list``, ``in_service_numbers``, ``tn``, ``tn_details``."""

    def in_service_list(
        self,
        *,
        area_code: str | None = None,
        npa_nxx: str | None = None,
        lata: str | None = None,
        state: str | None = None,
        rate_center: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        page_size: int = 500,
    ) -> list[str]:
        """Every in-service number of the account (all pages) as 10-digit strings."""
        if rate_center is not None and state is None:
            raise ValidationError(
                "state", None, "Please also specify state to filter by rate_center"
            )
        params: dict[str, Any] = {
            "areacode": validate.area_code(area_code) if area_code is not None else None,
            "npanxx": validate.npa_nxx(npa_nxx) if npa_nxx is not None else None,
            "lata": validate.lata(lata) if lata is not None else None,
            "state": validate.state(state) if state is not None else None,
            "ratecenter": (
                validate.place(rate_center, "rate_center", "ratecenter abbreviation")
                if rate_center is not None
                else None
            ),
            "startdate": start_date,
            "enddate": end_date,
            "page": 1,
            "size": validate.quantity(page_size, "page_size", high=5000),
        }
        size = params["size"]
        count = 0

        def fetch(page: str | None) -> tuple[list[str], str | None]:
            nonlocal count
            current = page or "1"
            response = self._get(
                self._account("inserviceNumbers"), params={**params, "page": current}
            )
            if response.status_code == 204 or not response.content.strip():
                return [], None
            numbers, total, following = parse.parse_in_service(
                response.content, numbers=self.numbers
            )
            count += len(numbers)
            if total is not None and count >= total:
                return numbers, None
            if not following and len(numbers) >= size and current.isdigit():
                following = str(int(current) + 1)  # a server without next links
            return numbers, following

        return [n for page in paging.pages(fetch, what="V2 in-service list", key=str) for n in page]

    def in_service_numbers(self, **filters: Any):
        """In-service numbers as a DataFrame with a ``telephone_number`` (str) column.

        Filters: area_code, npa_nxx, lata, state, rate_center (needs state), start_date,
        end_date; all pages are read. Nothing in service (204) → an empty frame.
        """
        from ..frames import in_service_frame

        return in_service_frame(self.in_service_list(**filters))

    def tn(self, number: Any) -> TnInfo:
        """``GET /tns/{tn}``: the number's state (Inservice, Aging, …), order and site."""
        return self._tn(number)

    def tn_details(self, number: Any) -> TnDetails:
        """``GET /tns/{tn}/tndetails``: city, LATA, rate center, tier, vendor, site, peer…"""
        tn = to_v2_number(number, field="tn")
        response = self._get(f"tns/{tn}/tndetails")
        if not response.content.strip():
            raise ResponseParseError(f"GET /tns/{tn}/tndetails: empty body")
        error = parse.embedded_error(
            response.content, http_status=response.status_code, method="GET", url=response.url
        )
        if error is not None:
            raise error
        return parse.parse_tn_details(response.content, numbers=self.numbers)
