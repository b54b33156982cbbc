"""The hardened parser: no entities, no DTD, no network, bounded size."""

from __future__ import annotations

import time

import pytest

from numkit.errors import ResponseParseError
from numkit.xmlsafe import XmlTooLarge, local_name, parse_xml


def test_parses_plain_xml():
    root = parse_xml(
        b'<?xml version="1.0"?><SearchResult><ResultCount>1</ResultCount></SearchResult>'
    )
    assert local_name(root) == "SearchResult"


def test_external_file_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doc = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><r>&x;</r>'
    with pytest.raises(ResponseParseError):
        parse_xml(doc.encode())


def test_billion_laughs_is_refused_quickly():
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">'
            for i in range(1, 10)
        )
        + "]><lolz>&lol9;</lolz>"
    )
    began = time.perf_counter()
    with pytest.raises(ResponseParseError):
        parse_xml(lol.encode())
    assert time.perf_counter() - began < 1


def test_network_entity_is_refused():
    doc = b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://192.0.2.1/x">]><r>&x;</r>'
    with pytest.raises(ResponseParseError):
        parse_xml(doc)


def test_deep_nesting_is_bounded():
    doc = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(ResponseParseError):
        parse_xml(doc)


def test_size_cap():
    with pytest.raises(XmlTooLarge):
        parse_xml(b"<a>" + b"x" * 2000 + b"</a>", max_bytes=1000)


@pytest.mark.parametrize("bad", [b"", b"   ", b"<a>", b"\xff\xfe<a/>", b"not xml", b"<a></b>"])
def test_malformed_is_a_parse_error(bad):
    with pytest.raises(ResponseParseError):
        parse_xml(bad)
