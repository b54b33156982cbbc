"""Rich displays of results: a short repr, a small escaped HTML table, secrets masked."""

from __future__ import annotations

import dataclasses

from numkit import models
from numkit.display import code_spans, html_block, rich_repr


def test_every_public_result_has_a_short_repr_and_html():
    status = models.OrderStatus(
        id="ord-1",
        status="PARTIAL",
        completed_numbers=["9195550100"] * 12,
        failed_numbers=["9195550101"],
        errors=[("5005", "unavailable", "9195550101")],
        raw=b"<OrderResponse>" + b"x" * 5000,
    )
    text = repr(status)
    assert text.startswith("<OrderStatus id=ord-1 status=PARTIAL")
    assert "(12 in all)" in text and "raw" not in text and len(text) < 300
    markup = status._repr_html_()
    assert "tex2jax_ignore" in markup and "OrderStatus" in markup
    assert "telephone_number" in markup  # the first rows of to_frame()
    for name in models.__all__:
        cls = getattr(models, name)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            assert "_repr_html_" in dir(cls), name


def test_values_are_escaped_and_secrets_masked():
    @rich_repr
    @dataclasses.dataclass(frozen=True)
    class Sample:
        name: str
        password: str
        note: str = ""

    sample = Sample(name="<b>x</b>", password="canary-secret", note="costs $5")
    assert "canary-secret" not in repr(sample) and "password=***" in repr(sample)
    markup = sample._repr_html_()
    assert "canary-secret" not in markup and "<b>x</b>" not in markup
    assert "&lt;b&gt;x&lt;/b&gt;" in markup and "<code>costs $5</code>" in markup


def test_dollar_text_goes_in_code():
    assert code_spans("use $NUMKIT_V2_PASSWORD now") == ("use <code>$NUMKIT_V2_PASSWORD</code> now")
    assert code_spans("set NUMKIT_TARGET=production") == (
        "set <code>NUMKIT_TARGET=production</code>"
    )
    assert code_spans("<x> & y") == "&lt;x&gt; &amp; y"
    assert html_block("a").startswith("<div class='numkit tex2jax_ignore'>")
