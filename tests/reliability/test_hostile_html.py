"""Server text never becomes markup: every panel and rich repr against a hostile server.

A small API server on loopback answers the V1 and V2 calls the panels make, with a
script-injection payload in every text field it can carry (city, rate center, vendor,
site name, order name, error descriptions, V1 number names, a response header, the
reason phrase, and — where a parser lets it through — the "number" itself). The real
clients talk to it over real sockets; each panel is then driven through its public
controls, and every piece of HTML it produced (HTML widget values, rich outputs) is
parsed: no executable element or attribute may appear, the payload must show up as
*text* (so the test cannot pass by showing nothing), and a ``$`` from the server may
only sit inside ``<code>``/``<pre>`` or a ``tex2jax_ignore`` container (JupyterLab
typesets ``$…$`` as math).

Adding a panel or a rich repr: write one function ``(world) -> iterable of markup`` and
add it to ``HTML_SOURCES`` with a name; nothing else changes.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import ipywidgets as widgets
import pytest
from widget_tree import walk

import numkit
from numkit import migrate, models
from numkit.ui import (
    CredentialsPanel,
    DisconnectPanel,
    ExchangeInspector,
    OrderPanel,
    SearchPanel,
    SideBySidePanel,
    walkthrough,
)

PAYLOAD = "<img src=x onerror=alert(1)>"
HOSTILE = f'{PAYLOAD}"><script>alert(2)</script>$x^2$'
#: What must be visible as text wherever the payload was shown.
MARKER = "onerror=alert(1)"
HEADER_VALUE = "<svg onload=alert(3)>"

ACCOUNT = "9900000"
USER = "u-hostile"
NUMBERS = ["9195550100", "9195550101"]
FORBIDDEN_TAGS = {
    "script", "img", "svg", "iframe", "object", "embed", "math", "video", "audio",
    "link", "meta", "base", "form", "frame", "frameset",
}  # fmt: skip
_VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "area", "base", "source"}


# -- the hostile server ---------------------------------------------------------------------
def _x(text: str) -> str:
    return xml_escape(text)


def _search_xml() -> str:
    rows = "".join(
        "<TelephoneNumberDetail>"
        f"<City>{_x(HOSTILE)}</City><LATA>426</LATA><RateCenter>{_x(HOSTILE)}</RateCenter>"
        f"<State>NC</State><FullNumber>{n}</FullNumber><Tier>0</Tier><VendorId>49</VendorId>"
        f"<VendorName>{_x(HOSTILE)}</VendorName></TelephoneNumberDetail>"
        for n in NUMBERS
    )
    return (
        f"<SearchResult><ResultCount>{len(NUMBERS)}</ResultCount>"
        f"<TelephoneNumberDetailList>{rows}</TelephoneNumberDetailList></SearchResult>"
    )


def _order_xml(order_id: str, status: str) -> str:
    errors = "".join(
        f"<Error><Code>5005</Code><Description>{_x(HOSTILE)}</Description>"
        f"<TelephoneNumber>{n}</TelephoneNumber></Error>"
        for n in NUMBERS[1:]
    )
    completed = f"<TelephoneNumber><FullNumber>{NUMBERS[0]}</FullNumber></TelephoneNumber>"
    tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in NUMBERS)
    final = status not in {"RECEIVED", "PROCESSING"}
    return (
        "<OrderResponse>"
        + (f"<ErrorList>{errors}</ErrorList>" if final else "")
        + (f"<FailedNumbers><FullNumber>{NUMBERS[1]}</FullNumber></FailedNumbers>" if final else "")
        + (f"<CompletedNumbers>{completed}</CompletedNumbers>" if final else "")
        + f"<Order><CustomerOrderId>{order_id}</CustomerOrderId><Name>{_x(HOSTILE)}</Name>"
        "<OrderCreateDate>2026-01-01T00:00:00.000Z</OrderCreateDate>"
        f"<id>{order_id}</id><ExistingTelephoneNumberOrderType><TelephoneNumberList>{tns}"
        "</TelephoneNumberList></ExistingTelephoneNumberOrderType><SiteId>100</SiteId>"
        f"<PartialAllowed>true</PartialAllowed></Order><OrderStatus>{status}</OrderStatus>"
        f"<Summary>{_x(HOSTILE)}</Summary></OrderResponse>"
    )


def _disconnect_xml(order_id: str, status: str) -> str:
    tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in NUMBERS)
    errors = (
        f"<ErrorList><Error><Code>5006</Code><Description>{_x(HOSTILE)}</Description>"
        f"<TelephoneNumber>{NUMBERS[1]}</TelephoneNumber></Error></ErrorList>"
        if status == "PARTIAL"
        else ""
    )
    return (
        f"<DisconnectTelephoneNumberOrderResponse>{errors}<orderRequest>"
        f"<CustomerOrderId>{order_id}</CustomerOrderId><Name>{_x(HOSTILE)}</Name>"
        f"<OrderCreateDate>2026-01-01T00:00:00.000Z</OrderCreateDate><id>{order_id}</id>"
        f"<DisconnectTelephoneNumberOrderType><TelephoneNumberList>{tns}</TelephoneNumberList>"
        "</DisconnectTelephoneNumberOrderType></orderRequest>"
        f"<OrderStatus>{status}</OrderStatus></DisconnectTelephoneNumberOrderResponse>"
    )


def _v1_number(index: int) -> dict[str, Any]:
    number = "+1" + NUMBERS[index % len(NUMBERS)]
    return {
        "id": f"n-{index}",
        "number": number,
        "nationalNumber": HOSTILE,
        "name": HOSTILE,
        "city": HOSTILE,
        "state": "NC",
        "price": "0.35",
        "createdTime": "2026-01-01T00:00:00Z",
        "numberState": "enabled",
    }


class _Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: str, ctype: str, **headers: str) -> None:
        data = body.encode()
        self.send_response(status, HOSTILE)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Hostile", HEADER_VALUE)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _xml(self, body: str, status: int = 200, **headers: str) -> None:
        self._send(
            status, '<?xml version="1.0" encoding="UTF-8"?>' + body, "application/xml", **headers
        )

    def _json(self, data: Any, status: int = 200, **headers: str) -> None:
        self._send(status, json.dumps(data), "application/json", **headers)

    def _route(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        acct = f"/api/accounts/{ACCOUNT}"
        if path == f"{acct}/availableNumbers":
            return self._xml(_search_xml())
        if path == f"{acct}/sites":
            return self._xml(
                f"<SitesResponse><Sites><Site><Id>100</Id><Name>{_x(HOSTILE)}</Name>"
                "</Site></Sites></SitesResponse>"
            )
        if path == f"{acct}/orders" and method == "POST":
            loc = f"http://{self.headers['Host']}{acct}/orders/ord-1"
            return self._xml(_order_xml("ord-1", "RECEIVED"), 201, Location=loc)
        if path.startswith(f"{acct}/orders/"):
            return self._xml(_order_xml(path.rsplit("/", 1)[-1], "PARTIAL"))
        if path == f"{acct}/inserviceNumbers":
            tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in NUMBERS)
            return self._xml(
                f"<TNs><TotalCount>{len(NUMBERS)}</TotalCount><TelephoneNumbers>"
                f"<Count>{len(NUMBERS)}</Count>{tns}</TelephoneNumbers></TNs>"
            )
        if path == f"{acct}/disconnects" and method == "POST":
            loc = f"http://{self.headers['Host']}{acct}/disconnects/disc-1"
            return self._xml(_disconnect_xml("disc-1", "RECEIVED"), 201, Location=loc)
        if path.startswith(f"{acct}/disconnects/"):
            return self._xml(_disconnect_xml(path.rsplit("/", 1)[-1], "PARTIAL"))
        if path == f"{acct}/tnreservation" and method == "POST":
            return self._xml(
                f"<ReservationResponse><Reservation><ReservationId>{_x(HOSTILE)}</ReservationId>"
                f"<AccountId>{ACCOUNT}</AccountId><ReservationExpires>14400</ReservationExpires>"
                f"<ReservedTn>{NUMBERS[0]}</ReservedTn></Reservation></ReservationResponse>",
                201,
            )
        if path in ("/v1/availableNumbers/local", "/v1/availableNumbers/tollFree"):
            return self._json([{**_v1_number(i), "rateCenter": HOSTILE} for i in range(2)])
        if path == f"/v1/users/{USER}/phoneNumbers" and method == "GET":
            return self._json([_v1_number(i) for i in range(2)])
        if path == f"/v1/users/{USER}/phoneNumbers" and method == "POST":
            loc = f"http://{self.headers['Host']}/v1/users/{USER}/phoneNumbers/n-0"
            return self._send(201, "", "application/json", Location=loc)
        if path.startswith(f"/v1/users/{USER}/phoneNumbers/"):
            if method == "DELETE":
                return self._send(200, "", "application/json")
            return self._json(_v1_number(0))
        return self._json({"category": "not-found", "code": "x", "message": HOSTILE}, 404)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")


@dataclasses.dataclass
class World:
    v1: Any
    v2: Any
    url: str


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    v2 = numkit.V2Client(ACCOUNT, "demo", "demo", base_url=f"{url}/api")
    v1 = numkit.V1Client(USER, "t-demo", "s-demo", base_url=f"{url}/v1")
    try:
        yield World(v1, v2, url)
    finally:
        server.shutdown()
        server.server_close()


# -- collecting and checking markup --------------------------------------------------------
def widget_markup(root: widgets.Widget) -> list[str]:
    """Every HTML string a widget tree shows: HTML widget values and rich outputs."""
    out: list[str] = []
    for widget in walk(root):
        if isinstance(widget, widgets.HTML | widgets.HTMLMath):
            out.append(widget.value)
        if isinstance(widget, widgets.Output):
            for item in widget.outputs:
                html = item.get("data", {}).get("text/html")
                if html:
                    out.append(html)
    return out


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, protects $)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")
        classes = dict(attrs).get("class") or ""
        protects = tag in {"code", "pre"} or "tex2jax_ignore" in classes.split()
        if tag not in _VOID:
            self.stack.append((tag, protects))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "$" in data and not any(protects for _tag, protects in self.stack):
            self.problems.append(f"unprotected $ in {data[:60]!r}")


def check(markups: Iterable[str]) -> tuple[list[str], str]:
    """(problems, all visible text) of some markup."""
    problems: list[str] = []
    text: list[str] = []
    for markup in markups:
        scan = _Scan()
        scan.feed(markup)
        scan.close()
        problems += scan.problems
        text += scan.text
    return problems, "".join(text)


# -- the sources: one entry per panel or rich repr -----------------------------------------
def _search(world: World) -> Iterable[str]:
    panel = SearchPanel(world.v2)
    panel.fields["area_code"].value = "919"
    panel.search_button.click()
    assert panel.result is not None, panel.status.value
    return widget_markup(panel)


def _reservations(world: World) -> Iterable[str]:
    panel = SearchPanel(world.v2)
    panel.fields["area_code"].value = "919"
    panel.search_button.click()
    panel.selected = NUMBERS[:1]
    held = panel.reserve()
    assert held, panel.status.value
    return [*widget_markup(panel), *(r._repr_html_() for r in held)]


def _search_v1(world: World) -> Iterable[str]:
    panel = SearchPanel(world.v1)
    panel.fields["area_code"].value = "919"
    panel.search_button.click()
    assert panel.result is not None, panel.status.value
    return widget_markup(panel)


def _order(world: World) -> Iterable[str]:
    search = SearchPanel(world.v2)
    search.fields["area_code"].value = "919"
    search.search_button.click()
    search.selected = NUMBERS
    panel = OrderPanel(world.v2, source=search, timeout=10)
    panel.order_button.click()
    assert panel.wait(15)
    assert panel.result is not None, panel.status.value
    return widget_markup(panel)


def _order_v1(world: World) -> Iterable[str]:
    panel = OrderPanel(world.v1, timeout=10)
    panel.numbers.value = NUMBERS[0]
    panel.order_button.click()
    assert panel.wait(15)
    return widget_markup(panel)


def _disconnect(world: World) -> Iterable[str]:
    panel = DisconnectPanel(world.v2, timeout=10)
    panel.numbers.value = tuple(NUMBERS)
    panel.disconnect_button.click()
    shown = widget_markup(panel)  # the confirmation question
    panel.confirm_button.click()
    assert panel.wait(15)
    assert panel.result is not None, panel.status.value
    return shown + widget_markup(panel)


def _disconnect_v1(world: World) -> Iterable[str]:
    panel = DisconnectPanel(world.v1, timeout=10)
    panel.numbers.value = ("+1" + NUMBERS[0],)
    panel.disconnect_button.click()
    shown = widget_markup(panel)
    panel.confirm_button.click()
    assert panel.wait(15)
    return shown + widget_markup(panel)


def _inspector(world: World) -> Iterable[str]:
    world.v2.search(area_code="919", quantity=2)
    panel = ExchangeInspector([world.v2, world.v1])
    shown = widget_markup(panel)
    world.v1.list_numbers()
    panel.source.value = 1
    return shown + widget_markup(panel)


def _side_by_side(world: World) -> Iterable[str]:
    panel = SideBySidePanel(world.v1, world.v2)
    panel.operation.value = "search_local"
    panel.run_button.click()
    shown = widget_markup(panel)
    panel.operation.value = "credentials"
    panel.run_button.click()
    return shown + widget_markup(panel)


def _credentials(world: World) -> Iterable[str]:
    env = {"NUMKIT_V2_BASE_URL": f"{world.url}/api", "NUMKIT_V1_BASE_URL": f"{world.url}/v1"}
    panel = CredentialsPanel(env=env)
    panel.fields["account_id"].value = ACCOUNT
    panel.fields["username"].value = "demo"
    panel.fields["password"].value = "demo"
    panel.test_button.click()
    return widget_markup(panel)


def _walkthrough(world: World) -> Iterable[str]:
    view = walkthrough(_Kit(world.v1, world.v2))
    view.search.fields["area_code"].value = "919"
    view.search.search_button.click()
    return widget_markup(view)


@dataclasses.dataclass
class _Kit:
    v1: Any
    v2: Any


def _migrate_reprs(world: World) -> Iterable[str]:
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/local", params={"areaCode": "919"}, v2=world.v2
    )
    result = plan.run(world.v1, world.v2)
    named = migrate.translate_v1(
        "POST", f"/v1/users/{USER}/phoneNumbers", body={"number": "+19195551212", "name": HOSTILE}
    )
    return [
        plan._repr_html_(),
        result._repr_html_(),
        migrate.side_by_side(result)._repr_html_(),
        named._repr_html_(),
        migrate.explain_credentials({"NUMKIT_V2_USERNAME": HOSTILE})._repr_html_(),
    ]


def _client_results(world: World) -> Iterable[str]:
    """Rich reprs of what the clients returned from the hostile server."""
    order = world.v2.order_numbers(NUMBERS)
    results: list[Any] = [
        world.v2.search(area_code="919", quantity=2),
        *(world.v2.search(area_code="919", quantity=2, details=True).details or []),
        *world.v2.sites(),
        order,
        world.v2.get_order(order.id),
        world.v2.disconnect(NUMBERS),
        world.v1.search_local(area_code="919"),
        *world.v1.search_local(area_code="919"),
        world.v1.get_number("n-0"),
    ]
    return [r._repr_html_() for r in results]


def _hostile_value(field: dataclasses.Field[Any]) -> Any:
    kind = str(field.type)
    if "list" in kind and "str" in kind:
        return [HOSTILE, HOSTILE]
    if "str" in kind:
        return HOSTILE
    return dataclasses.MISSING


def _every_model(world: World) -> Iterable[str]:
    """Every rich result class, built with the payload in each text field."""
    out = []
    for name in models.__all__:
        cls = getattr(models, name)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            continue
        kwargs = {}
        for f in dataclasses.fields(cls):
            value = _hostile_value(f)
            if value is not dataclasses.MISSING and f.init:
                kwargs[f.name] = value
        try:
            obj = cls(**kwargs)
        except TypeError:
            continue  # a required non-text field: covered by the client results above
        assert hasattr(obj, "_repr_html_"), f"{name} has no _repr_html_"
        out.append(obj._repr_html_())
        assert MARKER not in repr(obj) or PAYLOAD in repr(obj)  # repr is text, not markup
    return out


def _notifications(world: World) -> Iterable[str]:
    """The notifications view and the Notification/Subscription reprs, with a hostile
    notification POSTed to its receiver (every text field carries the payload)."""
    import requests

    from numkit.notifications import Receiver, parse_subscriptions
    from numkit.ui.notifications import NotificationsPanel

    body = (
        f"<Notification><SubscriptionId>{_x(HOSTILE)}</SubscriptionId><Message>{_x(HOSTILE)}"
        f"</Message><OrderId>{_x(HOSTILE)}</OrderId><OrderType>orders</OrderType>"
        f"<CustomerOrderId>{_x(HOSTILE)}</CustomerOrderId><Status>{_x(HOSTILE)}</Status>"
        f"<Note>{_x(HOSTILE)}</Note></Notification>"
    ).encode()
    with Receiver() as rx:
        panel = NotificationsPanel(world.v2, receiver=rx)
        assert requests.post(rx.url, data=body, timeout=10).status_code == 200
        panel._refresh_feed()
        assert panel.inspector is not None
        panel.inspector.refresh()
        listing = (
            f"<SubscriptionsResponse><Subscriptions><Subscription><SubscriptionId>{_x(HOSTILE)}"
            f"</SubscriptionId><OrderType>orders</OrderType><CallbackSubscription><URL>"
            f"{_x(HOSTILE)}</URL><Status>{_x(HOSTILE)}</Status></CallbackSubscription>"
            "</Subscription></Subscriptions></SubscriptionsResponse>"
        ).encode()
        reprs = [n._repr_html_() for n in rx.notifications]
        reprs += [s._repr_html_() for s in parse_subscriptions(listing)]
        return widget_markup(panel) + reprs


def _scan_panel(world: World) -> Iterable[str]:
    """The scan panel, the scan report's HTML and repr: here the hostile text comes from
    the scanned files (content and file name), not from a server."""
    import tempfile
    from pathlib import Path

    from numkit.scanner.report import render_html

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        line = (
            f'requests.get("https://api.catapult.inetwork.com/v1/users/u/phoneNumbers/{HOSTILE}")'
        )
        (root / "app.py").write_text(f"import requests\n{line}  # {HOSTILE}\n")
        (root / "notes.md").write_text(f"curl https://api.catapult.inetwork.com/v1/{HOSTILE}\n")
        (root / f"x{PAYLOAD.replace('/', '')}.sh").write_text(f"{HOSTILE} $CATAPULT_API_TOKEN\n")
        panel = numkit.ScanPanel(root)
        report = panel.scan()
        assert report is not None and report.findings
        out: list[str] = []
        for index in range(len(report.findings)):
            panel.findings.value = index
            out += widget_markup(panel)
        return [*out, render_html(report, full_page=False), report._repr_html_()]


#: name → function(world) returning the markup to check. New panels/reprs: add one line.
HTML_SOURCES: dict[str, Callable[[World], Iterable[str]]] = {
    "SearchPanel V2": _search,
    "SearchPanel V1": _search_v1,
    "SearchPanel V2 reservations": _reservations,
    "OrderPanel V2": _order,
    "OrderPanel V1": _order_v1,
    "DisconnectPanel V2": _disconnect,
    "DisconnectPanel V1": _disconnect_v1,
    "ExchangeInspector": _inspector,
    "SideBySidePanel": _side_by_side,
    "CredentialsPanel": _credentials,
    "walkthrough": _walkthrough,
    "migrate reprs": _migrate_reprs,
    "client result reprs": _client_results,
    "every model repr": _every_model,
    "NotificationsPanel": _notifications,
    "ScanPanel and scan report": _scan_panel,
}
#: Sources that cannot show the payload by design (the value never reaches their HTML).
NO_PAYLOAD_SHOWN = {"OrderPanel V1", "DisconnectPanel V1", "CredentialsPanel"}


@pytest.mark.parametrize("name", sorted(HTML_SOURCES))
def test_server_text_never_becomes_markup(world: World, name: str) -> None:
    markups = [m for m in HTML_SOURCES[name](world) if m]
    assert markups, f"{name} produced no HTML at all"
    problems, text = check(markups)
    assert not problems, f"{name}: {problems[:5]}"
    if name not in NO_PAYLOAD_SHOWN:
        # the payload went through and is shown as text, not dropped
        assert MARKER in text or re.search(r"onload=alert\(3\)", text), (
            f"{name} never showed the hostile value, so this test proves nothing for it"
        )


def test_the_checker_catches_what_it_must() -> None:
    bad = [
        f"<div>{PAYLOAD}</div>",
        "<p onclick='x()'>a</p>",
        "<a href='javascript:alert(1)'>a</a>",
        "<div>$x^2$</div>",
    ]
    for markup in bad:
        problems, _ = check([markup])
        assert problems, markup
    good = "<div class='numkit tex2jax_ignore'>&lt;img src=x onerror=alert(1)&gt; $x$</div>"
    assert check([good]) == ([], "<img src=x onerror=alert(1)> $x$")
