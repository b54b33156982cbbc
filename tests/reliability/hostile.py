"""Hostile XML documents, built on demand (some are tens of megabytes).

``hostile_documents(canary_file, port)`` yields (name, bytes). ``canary_file`` is a file
whose content must never show up anywhere; ``port`` is a loopback listener that must
never be connected to. Every document here must end in a clean error, except those in
``INERT`` which are well-formed but must not do what they ask (XInclude).
"""

from __future__ import annotations

from collections.abc import Iterator

MB = 1024 * 1024

#: Well-formed documents whose hostile part must simply be ignored (no error required).
INERT = frozenset({"xinclude_file"})


def _laughs(levels: int = 10, fanout: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        entities.append(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * fanout + '">')
    return "<!DOCTYPE lolz [" + "".join(entities) + "]>"


def hostile_documents(
    canary_file: str, port: int, root: str = "Order"
) -> Iterator[tuple[str, bytes]]:
    file_url = f"file://{canary_file}"
    net_url = f"http://127.0.0.1:{port}"
    decl = '<?xml version="1.0" encoding="UTF-8"?>'
    body = f"<{root}><Name>&e;</Name><CustomerOrderId>x</CustomerOrderId></{root}>"

    yield "xxe_file", f'{decl}<!DOCTYPE r [<!ENTITY e SYSTEM "{file_url}">]>{body}'.encode()
    yield "xxe_network", f'{decl}<!DOCTYPE r [<!ENTITY e SYSTEM "{net_url}/e">]>{body}'.encode()
    yield (
        "xxe_parameter_entity",
        f'{decl}<!DOCTYPE r [<!ENTITY % p SYSTEM "{net_url}/p.dtd"> %p;]>{body}'.encode(),
    )
    yield (
        "external_dtd",
        f'{decl}<!DOCTYPE r SYSTEM "{net_url}/evil.dtd"><{root}><Name>x</Name></{root}>'.encode(),
    )
    # a DOCTYPE pushed past the first 4 KB by a comment (beats a naive prefix check)
    yield (
        "external_dtd_after_padding",
        (
            f"{decl}<!--{'a' * 8192}-->"
            f'<!DOCTYPE r SYSTEM "{net_url}/evil.dtd"><{root}><Name>x</Name></{root}>'
        ).encode(),
    )
    # the same attacks in UTF-16 (a byte search for "<!ENTITY" does not see them)
    yield (
        "xxe_file_utf16",
        (
            f'<?xml version="1.0" encoding="UTF-16"?>'
            f'<!DOCTYPE r [<!ENTITY e SYSTEM "{file_url}">]>{body}'
        ).encode("utf-16"),
    )
    yield (
        "billion_laughs_utf16",
        (
            f'<?xml version="1.0" encoding="UTF-16"?>{_laughs()}'
            f"<{root}><Name>&lol9;</Name></{root}>"
        ).encode("utf-16"),
    )
    yield "billion_laughs", f"{decl}{_laughs()}<{root}><Name>&lol9;</Name></{root}>".encode()
    yield (
        "quadratic_blowup",
        (
            f'{decl}<!DOCTYPE r [<!ENTITY a "{"x" * 50_000}">]>'
            f"<{root}><Name>{'&a;' * 50_000}</Name></{root}>"
        ).encode(),
    )
    yield "deep_nesting", (f"<{root}>" + "<a>" * 100_000 + "</a>" * 100_000 + f"</{root}>").encode()
    yield (
        "huge_text_node",
        f"<{root}><Name>".encode() + b"x" * (12 * MB) + f"</Name></{root}>".encode(),
    )
    yield (
        "invalid_utf8",
        f"<{root}><Name>".encode() + b"\xff\xfe\xc3\x28" + f"</Name></{root}>".encode(),
    )
    yield "truncated", f"{decl}<{root}><Name>unfinished".encode()
    yield "not_xml", b"\x00\x01\x02 definitely not xml"
    yield (
        "xinclude_file",
        (
            f'<{root} xmlns:xi="http://www.w3.org/2001/XInclude">'
            f'<xi:include href="{file_url}" parse="text"/></{root}>'
        ).encode(),
    )


def oversized(limit: int) -> bytes:
    """A well-formed document just over ``limit`` bytes."""
    head, tail = b"<Order><Name>", b"</Name></Order>"
    return head + b"x" * (limit + 1 - len(head) - len(tail)) + tail


def client_battery(canary_file: str, port: int) -> dict:
    """Every hostile document through every V2 response parser of numkit.

    Returns {"results": [[doc, parser, outcome, seconds, leaked]], "rss_before",
    "rss_after"} (peak resident set size in KiB, before and after the battery). Run it in a
    fresh process so the memory figure is this battery's own.
    """
    import resource
    import time
    from pathlib import Path

    import numkit
    from numkit import xmlsafe
    from numkit.errors import ResponseParseError
    from numkit.v2 import parse

    secret = Path(canary_file).read_text()
    parsers = {
        "parse_search_result": numkit.parse_search_result,
        "parse_order_response": numkit.parse_order_response,
        **{
            name: getattr(parse, name)
            for name in parse.__all__
            if name.startswith("parse_") and name not in ("parse_search_result",)
        },
    }
    docs = list(hostile_documents(canary_file, port))
    docs.append(("over_the_size_cap", oversized(xmlsafe.MAX_XML_BYTES)))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = []
    for doc_name, data in docs:
        for parser_name, parser in parsers.items():
            began = time.perf_counter()
            try:
                value = parser(data)
            except ResponseParseError as exc:
                outcome, text = "ResponseParseError", str(exc)
            except Exception as exc:
                outcome, text = f"UNEXPECTED {type(exc).__name__}", repr(exc)
            else:
                outcome, text = "parsed", repr(value)
            seconds = time.perf_counter() - began
            results.append([doc_name, parser_name, outcome, seconds, secret in text])
        del data
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"results": results, "rss_before": rss_before, "rss_after": rss_after}
