"""The baseline server of the throughput benchmark: a bare Tornado handler.

One handler that checks Basic Auth the cheapest possible way and answers a fixed XML
body the size of a sandbox search answer — what any Tornado app costs before it does
any work. Started as a child process; prints its port on stdout, then serves until
killed.

    .venv/bin/python -m tests.benchmarks.bare_server [--body-bytes 606]
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from tornado import httpserver, netutil, web

EXPECTED_AUTH = "Basic ZGVtbzpkZW1v"  # demo:demo, the sandbox's public demo login


class Bare(web.RequestHandler):
    body = b""

    def get(self, *_args: str) -> None:
        if self.request.headers.get("Authorization") != EXPECTED_AUTH:
            self.set_status(401)
            return
        self.set_header("Content-Type", "application/xml; charset=utf-8")
        self.finish(self.body)


async def _serve(size: int) -> None:
    head = b'<?xml version="1.0" encoding="UTF-8"?><SearchResult><TelephoneNumberList>'
    tail = b"</TelephoneNumberList></SearchResult>"
    filler = b"<TelephoneNumber>9195551212</TelephoneNumber>"
    Bare.body = head + filler * max(0, (size - len(head) - len(tail)) // len(filler)) + tail
    app = web.Application([(r"/(.*)", Bare)])
    sockets = netutil.bind_sockets(0, address="127.0.0.1")
    server = httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    print(sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--body-bytes", type=int, default=606)
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.body_bytes))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
