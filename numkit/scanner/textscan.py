"""Everything that is not parsed as Python: JavaScript/TypeScript, Ruby, PHP, C#, Java,
shell, Markdown, YAML, ``.env`` — and Python that does not parse (Python 2 is common in
V1-era code) or notebook shell lines (``!curl …``).

Line by line, with three kinds of evidence: V1 URLs and paths, the well-known call names
of the V1 SDKs (counted only in a file that uses a V1 SDK, and never in one that uses
the V2 "Iris" SDKs, whose class names overlap), and V1 credential variable names. None
of this is as certain as a syntax tree, so confidence is medium at most (low for
credentials).
"""

from __future__ import annotations

import re

from .hits import Hit
from .patterns import (
    CREDENTIAL_NAMES,
    TEXT_SDK_CALLS,
    TEXT_SDK_EVIDENCE,
    TEXT_URL,
    TEXT_V2_EVIDENCE,
    matching_lines,
)

__all__ = ["scan_text"]

#: every rule below needs one of these words on the line (instance calls aside)
_LINE_HINT = re.compile(r"atapult|ATAPULT|vailableNumber|honeNumber|ANDWIDTH|/v1/users")
# "…/users/" + userId + "/phoneNumbers" → "…/users/{userId}/phoneNumbers"
_CONCAT = re.compile(r"""(["'`])\s*\+\s*([\w.$\[\]()]+?)\s*\+\s*\1""")
_CONCAT_TAIL = re.compile(r"""(["'`])\s*\+\s*([\w.$\[\]()]+)\s*$""")
_INTERP = re.compile(r"\$\{([^}]*)\}|#\{([^}]*)\}|\{\$([^}]*)\}")  # JS / Ruby / PHP
_METHOD_HINTS = [
    (re.compile(r"\b(GET|POST|PUT|DELETE|PATCH)\s+`?(?:https?://|/v1/)"), None),
    (re.compile(r"(?:-X|--request)\s*['\"]?(GET|POST|PUT|DELETE|PATCH)", re.I), None),
    (re.compile(r"\bmethod\s*[:=]>?\s*['\"]?(GET|POST|PUT|DELETE|PATCH)\b", re.I), None),
    (re.compile(r"\.(get|post|put|delete|patch)\s*[(<]", re.I), None),
    (re.compile(r"\b(?:Net::HTTP::|HttpMethod\.|HttpMethod::)(Get|Post|Put|Delete|Patch)\b"), None),
    (re.compile(r"\bcurl\b.*\s(?:-d|--data(?:-raw|-binary)?|-F)\b"), "POST"),
    (re.compile(r"\b(?:post|Post|POST)(?:Async|_json|JSON)?\s*\("), "POST"),
    (re.compile(r"\b(?:delete|Delete|DELETE)(?:Async)?\s*\("), "DELETE"),
]
_CALL_WORDS = re.compile(
    r"\bcurl\b|\bwget\b|\bfetch\s*\(|\baxios\b|\$http\b|\brequest\s*\(|\bhttp\.|HttpClient|"
    r"Net::HTTP|RestClient|Faraday|HTTParty|\bgot\s*\(|superagent|\bhttps?\.request|"
    r"curl_init|Guzzle|WebClient|HttpRequest|OkHttp|Invoke-RestMethod|\brequests\.",
    re.I,
)


def scan_text(
    text: str, language: str, *, cell: int | None = None, line_offset: int = 0
) -> list[Hit]:
    """Every V1 sighting in ``text`` (a whole file, or one notebook cell's lines)."""
    sdk_ok = bool(TEXT_SDK_EVIDENCE.search(text)) and not TEXT_V2_EVIDENCE.search(text)
    evidence = sdk_ok or "catapult" in text.lower()
    instances = _instances(text) if sdk_ok else None
    hits: list[Hit] = []
    lines = text.split("\n")
    wanted = matching_lines(text, _LINE_HINT)  # most lines of a file hold nothing
    if instances is not None:
        wanted |= matching_lines(text, instances)
    for number in sorted(wanted):
        raw = lines[number - 1].rstrip("\r")
        if len(raw) > 4000:
            raw = raw[:4000]  # minified bundles: one giant line is not worth more
        line = _unconcat(raw)
        taken: list[tuple[int, int]] = []
        for match in TEXT_URL.finditer(line):
            target = _normalise(match.group(0))
            command = _command(line, lines, number)
            method = _method(command)
            near_call = bool(_CALL_WORDS.search(command))
            kind = "http-call" if near_call else "url"
            hits.append(
                Hit(
                    line=number + line_offset,
                    kind=kind,
                    method=method or "GET",
                    target=target,
                    confidence="medium",
                    source=raw.strip(),
                    via="curl" if "curl" in command else "",
                    cell=cell,
                    evidence=evidence,
                )
            )
            taken.append(match.span())
        if sdk_ok:
            for pattern, method, path in TEXT_SDK_CALLS:
                for match in pattern.finditer(line):
                    if any(a <= match.start() < b for a, b in taken):
                        continue
                    actual = path
                    if "availableNumbers/local" in path and re.search(
                        r"['\"]toll[-_]?free['\"]", line[match.end() : match.end() + 40], re.I
                    ):
                        actual = path.replace("local", "tollFree")
                    hits.append(
                        Hit(
                            line=number + line_offset,
                            kind="sdk-call",
                            method=method,
                            target=actual,
                            confidence="medium",
                            source=raw.strip(),
                            via=match.group(0).rstrip("( "),
                            cell=cell,
                        )
                    )
                    taken.append(match.span())
        if instances is not None:
            for match in instances.finditer(line):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                verb = match.group(2).lower()
                method = "DELETE" if verb in {"delete", "destroy"} else "POST"
                hits.append(
                    Hit(
                        line=number + line_offset,
                        kind="sdk-call",
                        method=method,
                        target="/v1/users/{userId}/phoneNumbers/{numberId}",
                        confidence="medium",
                        source=raw.strip(),
                        via=match.group(0).rstrip("( "),
                        cell=cell,
                    )
                )
        for match in CREDENTIAL_NAMES.finditer(line):
            hits.append(
                Hit(
                    line=number + line_offset,
                    kind="credential",
                    method="",
                    target=match.group(0),
                    confidence="low",
                    source=raw.strip(),
                    via="environment",
                    cell=cell,
                )
            )
    return hits


_INSTANCE = re.compile(
    r"(?:\b(?:const|let|var)\s+)?\b(\w+)\s*=\s*(?:await\s+)?[\w.:]*PhoneNumbers?\s*[.:]+\s*"
    r"(?:create|get|CreateAsync|GetAsync)\b"
)


def _instances(text: str) -> re.Pattern[str] | None:
    """``number.delete`` / ``number.update`` on a variable that holds a V1 SDK number
    (``number = Bandwidth::PhoneNumber.create(…)``), or None when there is none."""
    if "honeNumber" not in text:
        return None
    names = sorted(
        {
            m.group(1)
            for line in text.splitlines()
            if "honeNumber" in line
            for m in _INSTANCE.finditer(line)
        }
    )
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(r"\b(" + alternation + r")\s*\.\s*(delete|destroy|update)\b")


def _unconcat(line: str) -> str:
    line = _CONCAT.sub(lambda m: "{" + m.group(2) + "}", line)
    return _CONCAT_TAIL.sub(lambda m: "{" + m.group(2) + "}" + m.group(1), line)


def _normalise(url: str) -> str:
    while url.endswith("}") and url.count("}") > url.count("{"):
        url = url[:-1]
    url = _INTERP.sub(lambda m: "{" + next(g for g in m.groups() if g is not None) + "}", url)
    url = re.sub(
        r"\$(\w+)|\$\{(\w+)\}|%(\w+)%",
        lambda m: "{" + (m.group(1) or m.group(2) or m.group(3)) + "}",
        url,
    )
    return url.rstrip(".,;:!")


def _command(line: str, lines: list[str], number: int) -> str:
    """The line, or the whole shell command when it is continued with a backslash."""
    start, end = number - 1, number
    while start > 0 and number - start < 8 and lines[start - 1].rstrip().endswith("\\"):
        start -= 1
    while end < len(lines) and end - number < 8 and lines[end - 1].rstrip().endswith("\\"):
        end += 1
    if start == number - 1 and end == number:
        return line
    return " ".join([line, *lines[start : number - 1], *lines[number:end]])


def _method(command: str) -> str | None:
    for pattern, fixed in _METHOD_HINTS:
        match = pattern.search(command)
        if match:
            return fixed or match.group(1).upper()
    return None
