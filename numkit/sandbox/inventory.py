"""The sandbox's number pool: deterministic, lazy and shared by both APIs.

Why a generator and not a table: a realistic pool has hundreds of thousands of numbers,
and nobody should wait for (or store) them. Each NPA-NXX ("exchange") derives its lines
from a hash of its own digits, so the same sandbox version always offers the same
numbers, and only sold or aging numbers are ever written down (by the store).

Location data: city and state come from the phonenumbers geocoder where it knows the
exchange; exchanges it only places in a state inherit the city of the nearest exchange
that has one. Rate centre, LATA and ZIP are synthesised but stay consistent per
exchange (rate centre and ZIP per city, LATA per NPA), so every search type finds the
same numbers through every route.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

__all__ = [
    "KEYPAD",
    "TIER",
    "TOLL_FREE_NPAS",
    "US_STATES",
    "VENDOR_ID",
    "VENDOR_NAME",
    "Criteria",
    "Exchange",
    "Inventory",
    "keypad_digits",
    "national_format",
]

TIER = "0"
VENDOR_ID = "49"
VENDOR_NAME = "Bandwidth CLEC"

# NPA -> (state, LATA, fallback city). LATAs are plausible, not authoritative.
LOCAL_NPAS: dict[str, tuple[str, str, str]] = {
    "919": ("NC", "426", "RALEIGH"),
    "984": ("NC", "426", "RALEIGH"),
    "910": ("NC", "424", "FAYETTEVILLE"),
    "704": ("NC", "422", "CHARLOTTE"),
    "336": ("NC", "420", "GREENSBORO"),
    "252": ("NC", "426", "ROCKY MOUNT"),
    "828": ("NC", "428", "ASHEVILLE"),
    "540": ("VA", "246", "ROANOKE"),
    "804": ("VA", "248", "RICHMOND"),
    "703": ("VA", "236", "ARLINGTON"),
    "571": ("VA", "236", "ARLINGTON"),
    "757": ("VA", "252", "NORFOLK"),
    "434": ("VA", "250", "LYNCHBURG"),
    "202": ("DC", "236", "WASHINGTON"),
    "212": ("NY", "132", "NEW YORK"),
    "646": ("NY", "132", "NEW YORK"),
    "718": ("NY", "132", "BROOKLYN"),
    "518": ("NY", "140", "ALBANY"),
    "415": ("CA", "722", "SAN FRANCISCO"),
    "510": ("CA", "722", "OAKLAND"),
    "408": ("CA", "722", "SAN JOSE"),
    "213": ("CA", "730", "LOS ANGELES"),
    "310": ("CA", "730", "LOS ANGELES"),
    "619": ("CA", "732", "SAN DIEGO"),
    "916": ("CA", "726", "SACRAMENTO"),
    "312": ("IL", "358", "CHICAGO"),
    "773": ("IL", "358", "CHICAGO"),
    "512": ("TX", "558", "AUSTIN"),
    "214": ("TX", "552", "DALLAS"),
    "713": ("TX", "560", "HOUSTON"),
    "210": ("TX", "566", "SAN ANTONIO"),
    "305": ("FL", "460", "MIAMI"),
    "407": ("FL", "458", "ORLANDO"),
    "813": ("FL", "952", "TAMPA"),
    "404": ("GA", "438", "ATLANTA"),
    "770": ("GA", "438", "ATLANTA"),
    "206": ("WA", "674", "SEATTLE"),
    "303": ("CO", "656", "DENVER"),
    "602": ("AZ", "666", "PHOENIX"),
    "617": ("MA", "128", "BOSTON"),
    "215": ("PA", "228", "PHILADELPHIA"),
    "503": ("OR", "672", "PORTLAND"),
    "615": ("TN", "468", "NASHVILLE"),
    "801": ("UT", "660", "SALT LAKE CITY"),
    "702": ("NV", "721", "LAS VEGAS"),
    "612": ("MN", "628", "MINNEAPOLIS"),
    "313": ("MI", "340", "DETROIT"),
    "614": ("OH", "324", "COLUMBUS"),
    "314": ("MO", "520", "SAINT LOUIS"),
}

TOLL_FREE_NPAS: tuple[str, ...] = ("800", "833", "844", "855", "866", "877", "888")

# First three ZIP digits per state (inclusive ranges), for synthesised ZIPs.
_ZIP3: dict[str, tuple[int, int]] = {
    "NC": (270, 289), "VA": (220, 246), "DC": (200, 205), "NY": (100, 149),
    "CA": (900, 961), "IL": (600, 629), "TX": (750, 799), "FL": (320, 349),
    "GA": (300, 319), "WA": (980, 994), "CO": (800, 816), "AZ": (850, 865),
    "MA": (10, 27), "PA": (150, 196), "OR": (970, 979), "TN": (370, 385),
    "UT": (840, 847), "NV": (889, 898), "MN": (550, 567), "MI": (480, 499),
    "OH": (430, 458), "MO": (630, 658),
}  # fmt: skip

_STATE_LIST = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
    "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR"
)
US_STATES = frozenset(_STATE_LIST.split())

KEYPAD: dict[str, str] = {
    **dict.fromkeys("ABC", "2"), **dict.fromkeys("DEF", "3"), **dict.fromkeys("GHI", "4"),
    **dict.fromkeys("JKL", "5"), **dict.fromkeys("MNO", "6"), **dict.fromkeys("PQRS", "7"),
    **dict.fromkeys("TUV", "8"), **dict.fromkeys("WXYZ", "9"),
}  # fmt: skip

# Multipliers coprime with 10000: line i of an exchange is (a*i + b) mod 10000, so the
# lines of one exchange are distinct and look scattered.
_MULTIPLIERS = (1237, 3571, 7919, 4013, 2749, 6421, 9377, 8123, 5179, 6997)
_EXCLUDED_NXX = frozenset({"555", "950", "958", "959", "976"})
_VALID_NXX = tuple(
    nxx
    for nxx in (f"{n:03d}" for n in range(200, 1000))
    if nxx[1:] != "11" and nxx not in _EXCLUDED_NXX
)


def keypad_digits(text: str) -> str:
    """Letters to phone-keypad digits (NEWCARS -> 6392277); digits and wildcards kept."""
    return "".join(KEYPAD.get(ch, ch) for ch in text.upper())


def national_format(number: str) -> str:
    """'9195551212' -> '(919) 555-1212' (the V1 nationalNumber form)."""
    return f"({number[:3]}) {number[3:6]}-{number[6:]}"


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _rate_center(city: str) -> str:
    return re.sub(r"[^A-Z]", "", city)[:10]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One NPA-NXX with its location data and the lines the sandbox offers in it."""

    npa: str
    nxx: str
    city: str
    state: str
    rate_center: str
    lata: str
    zip: str
    toll_free: bool
    count: int  # how many lines this exchange offers
    a: int  # line i is (a*i + b) mod 10000
    b: int

    @property
    def prefix(self) -> str:
        return self.npa + self.nxx

    @property
    def lines(self) -> tuple[str, ...]:
        return _lines(self.a, self.b, self.count)

    def offers(self, line: str) -> bool:
        """Whether the 4-digit ``line`` is one of this exchange's, in O(1)."""
        i = ((int(line) - self.b) * pow(self.a, -1, 10000)) % 10000
        return i < self.count

    def numbers(self) -> Iterator[str]:
        prefix = self.npa + self.nxx
        for line in self.lines:
            yield prefix + line


@dataclass(frozen=True)
class Criteria:
    """Normalised search criteria shared by V1 and V2 (validation lives in each API).

    ``prefix`` is a 6- or 7-digit NPA-NXX(-X) the numbers must start with; ``lca``
    widens a prefix or rate-centre search to the local calling area (only when that is
    the whole search, as the V2 combination table allows). ``pattern`` is a compiled
    regex matched against the 10-digit number (V1 ``pattern``).
    """

    area_code: str | None = None
    prefix: str | None = None
    rate_center: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    lata: str | None = None
    local_vanity: str | None = None  # keypad digits; '_' or '*' = any digit
    ends_in: bool = False
    toll_free: bool = False
    toll_free_vanity: str | None = None  # keypad digits
    toll_free_wildcard: str | None = None  # e.g. '8**', '83*'
    pattern: re.Pattern[str] | None = None
    lca: bool = False


class Inventory:
    """The deterministic pool. Exchanges are built per NPA on first use and cached."""

    def __init__(self) -> None:
        self._local_npas = dict(LOCAL_NPAS)

    # ---- exchanges -------------------------------------------------------------
    @staticmethod
    def _line_params(npa: str, nxx: str, toll_free: bool) -> tuple[int, int, int]:
        h = _hash(f"numkit:{npa}{nxx}")
        count = (5 + h % 30) if toll_free else (3 + h % 38)
        a = _MULTIPLIERS[(h >> 8) % len(_MULTIPLIERS)]
        b = (h >> 20) % 10000
        return count, a, b

    @cache  # noqa: B019 - the inventory lives as long as the process
    def exchanges_for_npa(self, npa: str) -> tuple[Exchange, ...]:
        if npa in TOLL_FREE_NPAS:
            return tuple(
                Exchange(npa, nxx, "", "", "", "", "", True, *self._line_params(npa, nxx, True))
                for nxx in self._valid_nxx()
            )
        meta = self._local_npas.get(npa)
        if meta is None:
            return ()
        state, lata, default_city = meta
        cities = self._geocoded_cities(npa, state)
        known = sorted(cities)
        result = []
        for nxx in self._valid_nxx():
            city = cities.get(nxx) or self._nearest_city(nxx, known, cities) or default_city
            result.append(
                Exchange(
                    npa=npa,
                    nxx=nxx,
                    city=city,
                    state=state,
                    rate_center=_rate_center(city),
                    lata=lata,
                    zip=self._zip(state, city),
                    toll_free=False,
                    **dict(
                        zip(("count", "a", "b"), self._line_params(npa, nxx, False), strict=True)
                    ),
                )
            )
        return tuple(result)

    @staticmethod
    def _valid_nxx() -> tuple[str, ...]:
        return _VALID_NXX

    @staticmethod
    def _geocoded_cities(npa: str, state: str) -> dict[str, str]:
        """NXX -> upper-case city where the geocoder names one in this state."""
        describe = _geocoder()
        cities: dict[str, str] = {}
        if describe is None:  # pragma: no cover - phonenumbers is a dependency
            return cities
        for nxx in Inventory._valid_nxx():
            desc = describe(f"{npa}{nxx}0000")
            if ", " in desc:
                city, st = desc.rsplit(", ", 1)
                if st == state and city:
                    cities[nxx] = city.upper()
        return cities

    @staticmethod
    def _nearest_city(nxx: str, known: list[str], cities: dict[str, str]) -> str | None:
        if not known:
            return None
        i = bisect.bisect_left(known, nxx)
        near = [k for k in known[max(0, i - 1) : i + 1]]
        best = min(near, key=lambda k: (abs(int(k) - int(nxx)), k))
        return cities[best]

    @staticmethod
    @cache
    def _zip(state: str, city: str) -> str:
        lo, hi = _ZIP3.get(state, (100, 999))
        h = _hash(f"zip:{state}:{city}")
        return f"{lo + h % (hi - lo + 1):03d}{(h >> 12) % 100:02d}"

    @cached_property
    def _all_local(self) -> tuple[Exchange, ...]:
        return tuple(ex for npa in self._local_npas for ex in self.exchanges_for_npa(npa))

    @cached_property
    def _all_toll_free(self) -> tuple[Exchange, ...]:
        return tuple(ex for npa in TOLL_FREE_NPAS for ex in self.exchanges_for_npa(npa))

    @cached_property
    def _by_prefix(self) -> dict[str, Exchange]:
        return {ex.prefix: ex for ex in (*self._all_local, *self._all_toll_free)}

    def warm(self) -> None:
        """Build every index now (the server calls this before it says it is ready)."""
        _ = self._by_prefix, self.states, self.zips

    @cached_property
    def states(self) -> dict[str, tuple[Exchange, ...]]:
        return _grouped(self._all_local, lambda ex: ex.state)

    @cached_property
    def zips(self) -> dict[str, tuple[Exchange, ...]]:
        return _grouped(self._all_local, lambda ex: ex.zip)

    def exchange(self, prefix: str) -> Exchange | None:
        return self._by_prefix.get(prefix[:6])

    def contains(self, number: str) -> bool:
        ex = self._by_prefix.get(number[:6]) if len(number) == 10 else None
        return ex is not None and number[6:].isdigit() and ex.offers(number[6:])

    def details(self, number: str) -> Exchange | None:
        """The exchange of ``number`` (location data), whether or not it is offered."""
        return self._by_prefix.get(number[:6]) if len(number) == 10 else None

    def known_city(self, state: str, city: str) -> bool:
        return any(ex.city == city for ex in self.states.get(state, ()))

    # ---- search ----------------------------------------------------------------
    def _base_exchanges(self, c: Criteria) -> Iterable[Exchange]:
        if c.toll_free or c.toll_free_vanity or c.toll_free_wildcard:
            return self._all_toll_free
        if c.prefix:
            ex = self.exchange(c.prefix)
            return (ex,) if ex and not ex.toll_free else ()
        if c.area_code:
            return self.exchanges_for_npa(c.area_code) if c.area_code in self._local_npas else ()
        if c.zip:
            return self.zips.get(c.zip[:5], ())
        if c.state:
            return self.states.get(c.state, ())
        return self._all_local

    @staticmethod
    def _matches_location(ex: Exchange, c: Criteria) -> bool:
        if ex.toll_free:
            if c.toll_free_wildcard:
                w = c.toll_free_wildcard
                return all(p in ("*", d) for p, d in zip(w, ex.npa, strict=False))
            return True
        return not (
            (c.area_code and ex.npa != c.area_code)
            or (c.prefix and not ex.prefix.startswith(c.prefix[:6]))
            or (c.state and ex.state != c.state)
            or (c.city and ex.city != c.city)
            or (c.rate_center and ex.rate_center != c.rate_center)
            or (c.zip and ex.zip != c.zip[:5])
            or (c.lata and ex.lata != c.lata)
        )

    def _lca_extra(self, exact: list[Exchange], c: Criteria) -> list[Exchange]:
        """Neighbouring exchanges that count as local: same rate centre for an NPA-NXX(-X)
        search, same LATA for a rate-centre search (overlay NPAs included)."""
        if not exact or not c.lca:
            return []
        seen = {ex.prefix for ex in exact}
        pool = self.states.get(exact[0].state, ())
        if c.prefix:
            keys = {ex.rate_center for ex in exact}
            extra = [ex for ex in pool if ex.rate_center in keys and ex.prefix not in seen]
        else:
            latas = {ex.lata for ex in exact}
            extra = [ex for ex in pool if ex.lata in latas and ex.prefix not in seen]
        return extra

    def search(
        self,
        c: Criteria,
        *,
        quantity: int,
        taken: Container[str],
        order_by: str | None = None,
        accept: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """Up to ``quantity`` offered numbers matching ``c`` that are not in ``taken``.

        Order: exact matches first, then (with LCA) the local calling area; ``order_by``
        sorts the whole match set first (``fullNumber``, ``npaNxxx``, ``npaNxx``,
        ``areaCode``).
        """
        exact = [ex for ex in self._base_exchanges(c) if self._matches_location(ex, c)]
        lca_only = c.lca and (c.prefix or c.rate_center) and self._lca_alone(c)
        widened = self._lca_extra(exact, c) if lca_only else []
        keys = {"fullnumber": 10, "npanxxx": 7, "npanxx": 6, "areacode": 3}
        key_len = keys.get((order_by or "").lower())
        limit = None if key_len else quantity
        out: list[str] = []
        for group, strict in ((exact, True), (widened, False)):
            for ex in group:
                for number in ex.numbers():
                    if number in taken:
                        continue
                    if strict and c.prefix and not number.startswith(c.prefix):
                        continue
                    if not self._matches_number(number, c):
                        continue
                    if accept is not None and not accept(number):
                        continue
                    out.append(number)
                    if limit is not None and len(out) >= limit:
                        return out
        if key_len:
            out.sort(key=lambda n: n[:key_len])
        return out[:quantity]

    @staticmethod
    def _lca_alone(c: Criteria) -> bool:
        others = (c.area_code, c.city, c.zip, c.lata, c.local_vanity, c.pattern)
        if c.prefix:
            return not any(others) and not c.rate_center
        return not any(others)

    @staticmethod
    def _matches_number(number: str, c: Criteria) -> bool:
        if c.local_vanity and not _vanity_match(number[3:], c.local_vanity, c.ends_in):
            return False
        if c.toll_free_vanity and c.toll_free_vanity[:7] not in number[3:]:
            return False
        return not (c.pattern is not None and not c.pattern.fullmatch(number))


@lru_cache(maxsize=8192)
def _grouped(
    exchanges: Iterable[Exchange], key: Callable[[Exchange], str]
) -> dict[str, tuple[Exchange, ...]]:
    """Exchanges indexed by one of their fields (state, ZIP), in inventory order."""
    out: dict[str, list[Exchange]] = {}
    for ex in exchanges:
        out.setdefault(key(ex), []).append(ex)
    return {k: tuple(v) for k, v in out.items()}


def _lines(a: int, b: int, count: int) -> tuple[str, ...]:
    return tuple(f"{(a * i + b) % 10000:04d}" for i in range(count))


def _geocoder() -> Callable[[str], str] | None:
    """A fast geocoder lookup for 10-digit NANP numbers.

    ``description_for_number`` re-validates every number (about 150 us each); the
    inventory only needs the prefix table, so use it directly when this phonenumbers
    version has it, else fall back to the public call.
    """
    try:
        import phonenumbers
        from phonenumbers import geocoder
    except ImportError:  # pragma: no cover
        return None
    try:
        from phonenumbers.geodata import GEOCODE_DATA, GEOCODE_LONGEST_PREFIX
        from phonenumbers.prefix import _prefix_description_for_number

        def fast(national: str) -> str:
            num = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
            return str(
                _prefix_description_for_number(GEOCODE_DATA, GEOCODE_LONGEST_PREFIX, num, "en")
            )

        return fast
    except ImportError:  # pragma: no cover - private layout changed

        def slow(national: str) -> str:
            num = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
            return str(geocoder.description_for_number(num, "en"))

        return slow


@lru_cache(maxsize=256)
def _vanity_regex(digits: str, ends_in: bool) -> re.Pattern[str]:
    body = "".join(r"\d" if ch in "_*" else re.escape(ch) for ch in digits)
    return re.compile(body + ("$" if ends_in else ""))


def _vanity_match(last7: str, digits: str, ends_in: bool) -> bool:
    return _vanity_regex(digits, ends_in).search(last7) is not None
