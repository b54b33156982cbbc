"""Recall and precision on the hand-labelled corpus of realistic V1 code (several
languages) and look-alikes (V2/Dashboard code, Twilio, Django/Rails models, today's
Bandwidth SDK, other APIs' /v1/ paths, ordinary words)."""

from __future__ import annotations

import corpus_eval

import numkit
from numkit import migrate


def _report():
    return numkit.scan(str(corpus_eval.CORPUS))


def test_every_labelled_v1_use_is_found_and_nothing_else():
    report = _report()
    result = corpus_eval.score(report)
    assert len(result.labels) >= 75
    assert [m for m in result.missed] == []
    assert [(f.where, f.kind, f.v1_call) for f in result.unexpected] == []
    assert result.recall == 1.0 and result.precision == 1.0
    assert report.errors == [
        numkit.scanner.FileError(
            str(corpus_eval.CORPUS / "python/py2_legacy.py"),
            "syntax error at line 4: Missing parentheses in call to 'print'. "
            "Did you mean print(...)?; scanned as text",
        )
    ]


def test_lookalikes_yield_nothing():
    report = numkit.scan(str(corpus_eval.CORPUS / "negative"))
    assert report.files_scanned == 10
    assert report.findings == [], [(f.where, f.v1_call) for f in report.findings]


def test_languages_kinds_and_confidence():
    report = _report()
    languages = {f.language for f in report.findings}
    assert {"python", "notebook", "javascript", "typescript", "ruby", "php", "csharp"} <= languages
    assert {"java", "shell", "markdown", "yaml", "env"} <= languages
    for f in report.findings:
        if f.language not in {"python", "notebook"} or f.kind == "credential":
            assert f.confidence in {"medium", "low"}, f  # text evidence is never "high"
        if f.kind == "credential":
            assert f.confidence == "low"


def test_v2_code_is_the_translators_own_line():
    """Literal calls: the finding's V2 fields are exactly what migrate says."""
    report = _report()
    by_line = {(f.path.rsplit("/", 1)[-1], f.line): f for f in report.findings}
    f = by_line[("account_client.py", 5)]
    plan = migrate.translate_v1(
        "GET", "/v1/availableNumbers/tollFree", {"quantity": "3", "pattern": "*456"}
    )
    assert (f.v2_method, f.v2_path) == (plan.v2_request.method, plan.v2_request.path)
    assert f.v2_code == migrate.v2_code(plan)
    f = by_line[("runbook.md", 6)]
    plan = migrate.translate_v1("GET", "/v1/availableNumbers/local", {"areaCode": "910"})
    assert (
        f.v2_code
        == migrate.v2_code(plan)
        == 'v2.search(area_code="910", quantity=10, details=True)'
    )


def test_unknown_values_keep_the_codes_own_expressions():
    report = _report()
    codes = {(f.path.rsplit("/", 1)[-1], f.line): f.v2_code for f in report.findings}
    assert codes[("sdk_provisioning.py", 8)] == (
        "v2.search(area_code=area_code, quantity=count, details=True)"
    )
    assert "number_id" in codes[("raw_requests_service.py", 58)]  # the V1 id, read from V1


def test_other_families_point_elsewhere_without_inventing_a_v2_call():
    report = _report()
    other = [f for f in report.findings if f.scope == "other"]
    assert {f.v1_call for f in other} == {"POST /v1/users/{userId}/messages"}
    for f in other:
        assert f.v2_code == "" and f.v2_path == "" and "Messaging API" in f.notes


def test_notes_cover_async_orders_credentials_and_number_formats():
    report = _report()
    notes = {f.v1_call: f.notes for f in report.findings}
    assert "wait_for_order" in notes["POST /v1/users/{userId}/phoneNumbers"]
    assert "notifications" in notes["POST /v1/users/{userId}/phoneNumbers"]
    assert "10-digit" in notes["POST /v1/users/{userId}/phoneNumbers"]
    assert "wait_for_disconnect" in notes["DELETE /v1/users/{userId}/phoneNumbers/{numberId}"]
    assert "username/password" in notes["GET /v1/availableNumbers/local"]
