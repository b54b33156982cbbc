"""What counts as V1 (Catapult) evidence: hosts, paths, SDK names, credential names.

Everything the scanner knows about V1 lives here, in data, so the Python, notebook and
text scanners agree: the base URL, the numbers endpoints and the Catapult SDKs' method
names. ``import bandwidth`` alone is never evidence: today's Bandwidth SDK uses the same
name; only Catapult-only names count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CREDENTIAL_NAMES",
    "PREFILTER_PYTHON_WORDS",
    "PREFILTER_WORDS",
    "PY_CLIENT_MODULES",
    "PY_SDK_METHODS",
    "V1_HOST",
    "Route",
    "classify_path",
    "matching_lines",
    "prefilter",
    "split_v1_url",
]

V1_HOST = "api.catapult.inetwork.com"
#: hosts that served V1 (the API, and the dashboard host seen in V1 ``application`` URIs)
_V1_HOSTS = re.compile(r"(?:api\.)?catapult\.inetwork\.com", re.IGNORECASE)

#: One compiled pre-filter over raw bytes: a file without any of these cannot hold a
#: finding, so it is never decoded or parsed. Each word is a necessary part of some rule
#: below (host, numbers path, SDK name, credential name).
#:
#: Why these suffice: the host and ``CATAPULT_*`` names hold "atapult"/"ATAPULT"; every SDK
#: rule needs a V1 SDK in the file (``bandwidth.client('catapult')``, ``bandwidth.account``,
#: ``node-bandwidth``, ``Bandwidth::``, ``Bandwidth.Net``, ``com.bandwidth.sdk``: "andwidth")
#: except python-bandwidth's distinctive method names (listed); ``BANDWIDTH_*`` credential
#: names hold "ANDWIDTH"; host-less V1 paths hold "availableNumbers" or "phoneNumbers".
#: Plain ``bytes`` searches, not one regex: CPython's substring search skips ahead by the
#: word's length, an alternation regex tests every byte (measured 3x slower here).
PREFILTER_WORDS = (b"atapult", b"ATAPULT", b"andwidth", b"ANDWIDTH", b"Numbers")
#: python-bandwidth's distinctive method names count without a client in sight (Python)
PREFILTER_PYTHON_WORDS = (*PREFILTER_WORDS, b"search_a", b"order_phone_number")


def prefilter(data: bytes, language: str = "") -> bool:
    """True when ``data`` may hold V1 usage (False means it certainly does not)."""
    words = PREFILTER_PYTHON_WORDS if language in {"python", "notebook"} else PREFILTER_WORDS
    return any(word in data for word in words)


@dataclass(frozen=True)
class Route:
    """A recognised V1 endpoint: ``template`` is the canonical ``/v1/…`` path."""

    template: str
    scope: str  # "numbers" or "other"
    family: str  # "numbers", "messaging", "voice", "media", "applications", "account", …
    pointer: str = ""  # for "other": where that family went (no invented equivalent)


_POINTERS = {
    "messaging": (
        "V1 messaging moved to Bandwidth's Messaging API v2 (messaging.bandwidth.com/api/v2, "
        "an application on a Dashboard location); outside numkit's numbers scope."
    ),
    "voice": (
        "V1 calls, bridges, conferences and recordings moved to Bandwidth's Voice API "
        "(voice.bandwidth.com, BXML callbacks); outside numkit's numbers scope."
    ),
    "media": (
        "V1 media storage moved to the Messaging API v2 media endpoints; outside numkit's "
        "numbers scope."
    ),
    "applications": (
        "V1 applications, domains and endpoints became Dashboard applications attached to "
        "locations (SIP peers); outside numkit's numbers scope."
    ),
    "account": (
        "V1 account, transactions and error logs live in the Bandwidth Dashboard (billing "
        "and reports); outside numkit's numbers scope."
    ),
    "unknown": "A V1 endpoint numkit does not map; check Bandwidth's V1 → V2 migration guides.",
}

_OTHER_FAMILIES = {
    "messages": "messaging",
    "messageEvents": "messaging",
    "media": "media",
    "calls": "voice",
    "bridges": "voice",
    "conferences": "voice",
    "recordings": "voice",
    "transcriptions": "voice",
    "applications": "applications",
    "domains": "applications",
    "endpoints": "applications",
    "account": "account",
    "errors": "account",
    "transactions": "account",
}

_NUMBER_ROUTES = [
    (re.compile(r"/availableNumbers/(local|tollFree)"), "/v1/availableNumbers/{kind}"),
    (re.compile(r"/users/[^/]+/phoneNumbers"), "/v1/users/{userId}/phoneNumbers"),
    (
        re.compile(r"/users/[^/]+/phoneNumbers/[^/]+"),
        "/v1/users/{userId}/phoneNumbers/{numberId}",
    ),
    (re.compile(r"/phoneNumbers/numberInfo/[^/]+"), "/v1/phoneNumbers/numberInfo/{number}"),
]


def other_route(family: str, template: str) -> Route:
    return Route(template, "other", family, _POINTERS.get(family, _POINTERS["unknown"]))


def classify_path(rel: str) -> Route | None:
    """A V1 path relative to ``/v1`` (``/availableNumbers/local``) → its Route, or None.

    Placeholders (``{user_id}``) may stand for any one segment.
    """
    rel = "/" + rel.strip("/")
    for pattern, template in _NUMBER_ROUTES:
        match = pattern.fullmatch(rel)
        if match:
            if "{kind}" in template:
                template = template.replace("{kind}", match.group(1))
            return Route(template, "numbers", "numbers")
    parts = rel.strip("/").split("/")
    if len(parts) >= 3 and parts[0] == "users" and parts[2] in _OTHER_FAMILIES:
        family = _OTHER_FAMILIES[parts[2]]
        shown = "/".join(["users", "{userId}", parts[2], *("{id}" for _ in parts[3:4])])
        return other_route(family, "/v1/" + shown)
    if len(parts) == 2 and parts[0] == "users":
        return other_route("account", "/v1/users/{userId}")
    return None


_URL = re.compile(
    r"(?P<scheme>https?://)?(?P<host>[A-Za-z0-9.\-{}]+(?::\d+)?)?(?P<path>/[^\s\"'`<>)\]]*)?"
)


def split_v1_url(text: str) -> tuple[bool, str | None, str]:
    """``(host_is_v1, path relative to /v1 or None, query)`` for a URL or path template.

    A V1 URL is the Catapult host with a ``/v1`` path (or the bare base URL); a path
    template without a host counts only when it has a ``/v1/`` prefix or is a V1-only
    numbers path — the caller decides the confidence.
    """
    host_match = _V1_HOSTS.search(text)
    path = text
    if host_match:
        path = text[host_match.end() :]
        path = re.sub(r"^:\d+", "", path)
    path, _, query = path.partition("?")
    path = path.split("#", 1)[0]
    index = path.find("/v1/")
    if index >= 0:
        rel = path[index + 3 :]
    elif path.rstrip("/").endswith("/v1") or (host_match and path.strip("/") == ""):
        rel = "/"
    elif host_match:
        rel = path
    else:
        # no host, no /v1/: a numbers path on its own ("/availableNumbers/local")
        found = re.search(
            r"/(?:availableNumbers/(?:local|tollFree)|users/[^/]+/phoneNumbers"
            r"|phoneNumbers/numberInfo/)",
            path,
        )
        if not found:
            return False, None, query
        rel = path[found.start() :]
    return bool(host_match), rel, query


# ---- python-bandwidth (Catapult) -------------------------------------------------------
#: modules whose import is V1 evidence on its own (Catapult-only)
#: (``bandwidth.voice`` and ``bandwidth.messaging`` are not: today's SDK has them too)
PY_CLIENT_MODULES = ("bandwidth.account", "bandwidth.catapult", "bandwidth_sdk")

#: the old ``bandwidth_sdk`` (python-bandwidth 0.x/1.x) class calls: Class.method → call
PY_OLD_SDK_CALLS: dict[tuple[str, str], tuple[str, str]] = {
    ("PhoneNumber", "list_local"): ("GET", "/v1/availableNumbers/local"),
    ("PhoneNumber", "list_tollfree"): ("GET", "/v1/availableNumbers/tollFree"),
    ("PhoneNumber", "list"): ("GET", "/v1/users/{userId}/phoneNumbers"),
    ("PhoneNumber", "as_iterator"): ("GET", "/v1/users/{userId}/phoneNumbers"),
    ("PhoneNumber", "get"): ("GET", "/v1/users/{userId}/phoneNumbers/{numberId}"),
    ("PhoneNumber", "get_number_info"): ("GET", "/v1/users/{userId}/phoneNumbers/{numberId}"),
    ("NumberInfo", "get"): ("GET", "/v1/phoneNumbers/numberInfo/{number}"),
    ("Message", "send"): ("POST", "/v1/users/{userId}/messages"),
    ("Call", "create"): ("POST", "/v1/users/{userId}/calls"),
    ("Call", "list"): ("GET", "/v1/users/{userId}/calls"),
    ("Media", "upload"): ("PUT", "/v1/users/{userId}/media/{id}"),
    ("Application", "create"): ("POST", "/v1/users/{userId}/applications"),
    ("Domain", "create"): ("POST", "/v1/users/{userId}/domains"),
}


@dataclass(frozen=True)
class SdkMethod:
    """One V1 SDK method: the call it makes and how its arguments map to V1 wire names."""

    method: str
    path: str
    positional: tuple[str, ...] = ()
    #: python keyword → V1 wire name; where it goes ("params" or "body")
    keywords: tuple[tuple[str, str], ...] = ()
    into: str = "params"
    id_arg: str | None = None  # the argument that fills {numberId}
    distinctive: bool = True  # flagged even when no V1 client is seen in the file


_SEARCH_KW = (
    ("city", "city"),
    ("state", "state"),
    ("zip_code", "zip"),
    ("area_code", "areaCode"),
    ("local_number", "localNumber"),
    ("in_local_calling_area", "inLocalCallingArea"),
    ("quantity", "quantity"),
    ("pattern", "pattern"),
)
_SEARCH_POS = (
    "city",
    "state",
    "zip_code",
    "area_code",
    "local_number",
    "in_local_calling_area",
    "quantity",
    "pattern",
)
_NUMBER_BODY = (
    ("number", "number"),
    ("name", "name"),
    ("application_id", "applicationId"),
    ("fallback_number", "fallbackNumber"),
)

PY_SDK_METHODS: dict[str, SdkMethod] = {
    "search_available_local_numbers": SdkMethod(
        "GET", "/v1/availableNumbers/local", _SEARCH_POS, _SEARCH_KW
    ),
    "search_available_toll_free_numbers": SdkMethod(
        "GET", "/v1/availableNumbers/tollFree", ("quantity", "pattern"), _SEARCH_KW[-2:]
    ),
    "search_and_order_local_numbers": SdkMethod(
        "POST", "/v1/availableNumbers/local", _SEARCH_POS[:-1], _SEARCH_KW[:-1]
    ),
    "search_and_order_toll_free_numbers": SdkMethod(
        "POST", "/v1/availableNumbers/tollFree", ("quantity",), (("quantity", "quantity"),)
    ),
    "order_phone_number": SdkMethod(
        "POST",
        "/v1/users/{userId}/phoneNumbers",
        ("number", "name", "application_id", "fallback_number"),
        _NUMBER_BODY,
        into="body",
    ),
    "list_phone_numbers": SdkMethod(
        "GET",
        "/v1/users/{userId}/phoneNumbers",
        ("application_id", "state", "name", "city", "number_state", "size"),
        (
            ("application_id", "applicationId"),
            ("state", "state"),
            ("name", "name"),
            ("city", "city"),
            ("number_state", "numberState"),
            ("size", "size"),
        ),
        distinctive=False,
    ),
    "get_phone_number": SdkMethod(
        "GET",
        "/v1/users/{userId}/phoneNumbers/{numberId}",
        ("number_id",),
        id_arg="number_id",
        distinctive=False,
    ),
    "update_phone_number": SdkMethod(
        "POST",
        "/v1/users/{userId}/phoneNumbers/{numberId}",
        ("number_id", "name", "application_id", "fallback_number"),
        _NUMBER_BODY[1:],
        into="body",
        id_arg="number_id",
        distinctive=False,
    ),
    "delete_phone_number": SdkMethod(
        "DELETE",
        "/v1/users/{userId}/phoneNumbers/{numberId}",
        ("number_id",),
        id_arg="number_id",
        distinctive=False,
    ),
    "get_number_info": SdkMethod(
        "GET", "/v1/phoneNumbers/numberInfo/{number}", ("number",), distinctive=False
    ),
}

#: python-bandwidth's other families: flagged only on a known V1 client (names are generic)
PY_OTHER_METHODS: dict[str, tuple[str, str]] = {
    "send_message": ("POST", "/v1/users/{userId}/messages"),
    "send_messages": ("POST", "/v1/users/{userId}/messages"),
    "list_messages": ("GET", "/v1/users/{userId}/messages"),
    "get_message": ("GET", "/v1/users/{userId}/messages/{id}"),
    "create_call": ("POST", "/v1/users/{userId}/calls"),
    "list_calls": ("GET", "/v1/users/{userId}/calls"),
    "get_call": ("GET", "/v1/users/{userId}/calls/{id}"),
    "update_call": ("POST", "/v1/users/{userId}/calls/{id}"),
    "hangup_call": ("POST", "/v1/users/{userId}/calls/{id}"),
    "create_bridge": ("POST", "/v1/users/{userId}/bridges"),
    "create_conference": ("POST", "/v1/users/{userId}/conferences"),
    "list_recordings": ("GET", "/v1/users/{userId}/recordings"),
    "upload_media_file": ("PUT", "/v1/users/{userId}/media/{id}"),
    "list_media_files": ("GET", "/v1/users/{userId}/media"),
    "create_application": ("POST", "/v1/users/{userId}/applications"),
    "list_applications": ("GET", "/v1/users/{userId}/applications"),
    "get_account": ("GET", "/v1/users/{userId}/account"),
    "list_account_transactions": ("GET", "/v1/users/{userId}/account/transactions"),
}


# ---- node-bandwidth, ruby-bandwidth, java, php, C# (text) -----------------------------
#: SDK call → (method, V1 path). ``{kind}`` is filled from a "local"/"tollFree" argument.
def _sdk(cls: str, names: str, method: str, path: str) -> tuple[re.Pattern[str], str, str]:
    return re.compile(rf"\b{cls}s?\s*\.\s*(?:{names})\b(?!\w)"), method, path


_ONE = "/v1/users/{userId}/phoneNumbers/{numberId}"
#: SDK call → (method, V1 path); ``search("tollFree", …)`` is told apart by the scanner.
TEXT_SDK_CALLS: list[tuple[re.Pattern[str], str, str]] = [
    _sdk("AvailableNumber", "searchAndOrder|SearchAndOrderLocalAsync|batchAllocateLocal",
         "POST", "/v1/availableNumbers/local"),
    _sdk("AvailableNumber", "SearchAndOrderTollFreeAsync|batchAllocateTollFree",
         "POST", "/v1/availableNumbers/tollFree"),
    _sdk("AvailableNumber", "search_toll_free|searchTollFree|SearchTollFreeAsync|listTollFree",
         "GET", "/v1/availableNumbers/tollFree"),
    _sdk("AvailableNumber", "search|search_local|searchLocal|SearchLocalAsync|listLocal",
         "GET", "/v1/availableNumbers/local"),
    _sdk("PhoneNumber", r"(?:create|CreateAsync|allocate)(?=\s*\()",
         "POST", "/v1/users/{userId}/phoneNumbers"),
    _sdk("PhoneNumber", r"(?:list|List|ListAsync)(?=\s*\()",
         "GET", "/v1/users/{userId}/phoneNumbers"),
    _sdk("PhoneNumber", r"(?:get|GetAsync)(?=\s*\()", "GET", _ONE),
    _sdk("PhoneNumber", r"(?:update|UpdateAsync|patch)(?=\s*\()", "POST", _ONE),
    _sdk("PhoneNumber", r"(?:delete|DeleteAsync|destroy)(?=\s*\()", "DELETE", _ONE),
]  # fmt: skip

#: a V1 SDK is in use in this file (SDK call names count only with one of these)
TEXT_SDK_EVIDENCE = re.compile(
    r"node-bandwidth|ruby-bandwidth|new\s+Bandwidth\s*\(\s*\{?\s*userId"
    r"|Bandwidth::Client\.new|Bandwidth::(?:AvailableNumber|PhoneNumber)|Bandwidth\.Net"
    r"|BandwidthClient\.getInstance|com\.bandwidth\.sdk\.model\.(?:AvailableNumber|PhoneNumber)"
    r"|Catapult\\|Catapult\.|catapult",
    re.MULTILINE,
)

#: V2 (Iris) SDK evidence: these files' AvailableNumber/PhoneNumber are V2, never flagged
TEXT_V2_EVIDENCE = re.compile(
    r"bandwidth-iris|BandwidthIris|node-bandwidth-iris|bandwidth_iris|@bandwidth/numbers"
    r"|ruby-bandwidth-iris|php-bandwidth-iris|Bandwidth\.Iris"
)

#: V1 credential variable names (lower confidence: other products reuse CATAPULT_*)
CREDENTIAL_NAMES = re.compile(
    r"\b(?:CATAPULT_(?:USER_ID|API_TOKEN|API_SECRET|TOKEN|SECRET|USER)"
    r"|BANDWIDTH_(?:USER_ID|API_TOKEN|API_SECRET))\b"
)

#: a URL or path literal that may be V1 (host, /v1/ path or a V1-only numbers path)
TEXT_URL = re.compile(
    r"(?:https?://)?(?:api\.)?catapult\.inetwork\.com[^\s\"'`<>)\],;]*"
    r"|/v1/(?:availableNumbers|users|phoneNumbers)[^\s\"'`<>)\],;]*"
    r"|/availableNumbers/(?:local|tollFree)\b[^\s\"'`<>)\],;]*"
    r"|/users/[^\s/\"'`]+/phoneNumbers[^\s\"'`<>)\],;]*"
    r"|/phoneNumbers/numberInfo/[^\s\"'`<>)\],;]*",
    re.IGNORECASE,
)

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head")


def matching_lines(text: str, pattern: re.Pattern[str]) -> set[int]:
    """1-based numbers of the lines of ``text`` that ``pattern`` matches on.

    One search over the whole text, then the few matches mapped to line numbers: much
    cheaper than a search per line, since most lines of a scanned file match nothing.
    """
    found: set[int] = set()
    line, counted = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.add(line)
    return found
