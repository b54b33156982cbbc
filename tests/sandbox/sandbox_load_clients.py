"""N concurrent clients against one sandbox (run as a separate process by test_sandbox_load).

Usage: python sandbox_load_clients.py ROOT_URL CLIENTS SECONDS
Prints one JSON line: status counts, exceptions, orders placed/finished, latencies.

Each client loops over a mix of V2 searches, V2 search-and-orders polled to the end,
V2 disconnects of what it bought, V1 searches, V1 orders and V1 listings. Clients
alternate between the two demo customers so ownership checks are exercised too.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import threading
import time
from collections import Counter
from typing import Any

import requests
from lxml import etree

AREAS = ["919", "910", "540", "804", "703", "212", "415", "312", "512", "305", "404", "206"]
FINAL = {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}


class Client(threading.Thread):
    def __init__(self, root: str, index: int, until: float, out: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.index = index
        self.until = until
        self.out = out
        self.rng = random.Random(index)
        primary = index % 2 == 0
        self.v2_auth = ("demo", "demo") if primary else ("other", "other")
        self.account = "9900000" if primary else "9900099"
        self.site = "100" if primary else "200"
        self.v1_auth = ("t-demo", "s-demo") if primary else ("t-other", "s-other")
        self.user = "u-demo" if primary else "u-other"
        self.http = requests.Session()
        self.statuses: Counter[int] = Counter()
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.orders = 0
        self.finished = 0
        self.owned: list[str] = []

    def call(self, method: str, url: str, **kw: Any) -> requests.Response | None:
        t0 = time.monotonic()
        try:
            r = self.http.request(method, url, timeout=30, **kw)
        except requests.RequestException as exc:
            self.errors.append(f"{method} {url}: {exc!r}")
            return None
        self.latencies.append(time.monotonic() - t0)
        self.statuses[r.status_code] += 1
        return r

    @property
    def v2(self) -> str:
        return f"{self.root}/api/accounts/{self.account}"

    def v2_search(self) -> None:
        params = {"areaCode": self.rng.choice(AREAS), "quantity": self.rng.choice([5, 50, 500])}
        if self.rng.random() < 0.5:
            params["enableTNDetail"] = "true"
        self.call("GET", self.v2 + "/availableNumbers", params=params, auth=self.v2_auth)

    def v2_order(self) -> None:
        body = (
            f"<Order><CustomerOrderId>load-{self.index}-{self.orders}</CustomerOrderId>"
            f"<AreaCodeSearchAndOrderType><AreaCode>{self.rng.choice(AREAS)}</AreaCode>"
            f"<Quantity>{self.rng.choice([1, 2])}</Quantity></AreaCodeSearchAndOrderType>"
            f"<SiteId>{self.site}</SiteId></Order>"
        )
        r = self.call("POST", self.v2 + "/orders", data=body, auth=self.v2_auth)
        if r is None or r.status_code != 201:
            return
        self.orders += 1
        location = r.headers["Location"]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            time.sleep(0.1)
            g = self.call("GET", location, auth=self.v2_auth)
            if g is None or g.status_code != 200:
                continue
            root = etree.fromstring(g.content)
            if root.findtext("OrderStatus") in FINAL:
                self.finished += 1
                self.owned += [e.text or "" for e in root.iter("FullNumber")]
                return

    def v2_disconnect(self) -> None:
        if not self.owned:
            return
        numbers, self.owned = self.owned[:2], self.owned[2:]
        tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers)
        body = (
            "<DisconnectTelephoneNumberOrder><name>load</name><DisconnectTelephoneNumberOrderType>"
            f"<TelephoneNumberList>{tns}</TelephoneNumberList></DisconnectTelephoneNumberOrderType>"
            "</DisconnectTelephoneNumberOrder>"
        )
        self.call("POST", self.v2 + "/disconnects", data=body, auth=self.v2_auth)

    def v1_mix(self) -> None:
        base = f"{self.root}/v1"
        choice = self.rng.random()
        if choice < 0.4:
            self.call(
                "GET",
                base + "/availableNumbers/local",
                params={"areaCode": self.rng.choice(AREAS), "quantity": 20},
                auth=self.v1_auth,
            )
        elif choice < 0.7:
            self.call(
                "POST",
                base + "/availableNumbers/local",
                params={"areaCode": self.rng.choice(AREAS), "quantity": 1},
                auth=self.v1_auth,
            )
        else:
            self.call(
                "GET",
                f"{base}/users/{self.user}/phoneNumbers",
                params={"size": 50},
                auth=self.v1_auth,
            )

    def run(self) -> None:
        actions = [self.v2_search, self.v2_search, self.v2_order, self.v2_disconnect, self.v1_mix]
        while time.monotonic() < self.until:
            self.rng.choice(actions)()


def main() -> int:
    root, clients, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    until = time.monotonic() + seconds
    out: dict[str, Any] = {}
    workers = [Client(root, i, until, out) for i in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + 60)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    for w in workers:
        statuses.update(w.statuses)
        latencies += w.latencies
    latencies.sort()
    summary = {
        "clients": clients,
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": [e for w in workers for e in w.errors][:20],
        "error_count": sum(len(w.errors) for w in workers),
        "orders": sum(w.orders for w in workers),
        "orders_finished": sum(w.finished for w in workers),
        "p50": statistics.median(latencies) if latencies else None,
        "p99": latencies[int(len(latencies) * 0.99) - 1] if latencies else None,
        "alive": sum(w.is_alive() for w in workers),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
