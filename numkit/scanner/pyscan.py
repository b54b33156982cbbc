"""Python, by syntax tree: V1 SDK calls and HTTP calls to V1 URLs. Never imported or run.

Strings are followed through simple constant assignments, f-strings, ``+``, ``%``,
``str.format``, ``urljoin``, ``"/".join`` and ``os.environ.get(name, default)`` so a URL
built in pieces is still recognised; what cannot be known without running the code
becomes a ``{placeholder}`` (e.g. ``{user_id}``). Names are resolved per file, not
across imports: a URL whose base comes from another module is still found by its
V1-only path (``…/availableNumbers/local``), with medium confidence.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from .focus import focus_source, hot_line_numbers, hot_lines, overlaps, statements, units
from .hits import Hit, Unknown
from .patterns import (
    CREDENTIAL_NAMES,
    HTTP_VERBS,
    PY_CLIENT_MODULES,
    PY_OLD_SDK_CALLS,
    PY_OTHER_METHODS,
    PY_SDK_METHODS,
    TEXT_URL,
    split_v1_url,
)

__all__ = ["PyContext", "collect", "focus_source", "hot_line_numbers", "scan_python"]

_HTTP_MODULES = ("requests", "httpx", "aiohttp", "urllib", "urllib3", "http.client", "treq")
_URL_FUNCS = {"urlopen", "Request", "request", "fetch", "open"}
_MAX_DEPTH = 12


def scan_python(tree: ast.Module, text: str, context: PyContext | None = None) -> list[Hit]:
    """Every V1 sighting in one parsed Python module (or notebook cell).

    A notebook passes one ``context`` for all its cells, collected first (``collect``),
    so a client made in one cell is known where another cell uses it.
    """
    if context is None:
        context = PyContext()
        nodes = collect(tree, text, context)
    else:
        nodes = context.nodes.get(id(tree)) or collect(tree, text, PyContext())
    return _Scanner(tree, text, context, nodes).run()


class _Nodes:
    """The nodes pass 2 looks at, gathered during pass 1's single walk of the tree."""

    __slots__ = ("calls", "strings", "subscripts")

    def __init__(self) -> None:
        self.calls: list[ast.Call] = []
        self.strings: list[ast.Constant] = []
        self.subscripts: list[ast.Subscript] = []


class PyContext:
    """What pass 1 learns: imports, assignments, V1 clients and file-wide evidence."""

    def __init__(self) -> None:
        self.imports: dict[str, str] = {}  # local name → qualified name
        self.values: dict[str, list[ast.expr]] = {}  # name / attr name → assigned values
        self.clients: set[str] = set()  # names (or attributes) holding a V1 SDK client
        self.evidence = False  # a Catapult-only import, client or the word "catapult"
        self.host_in_file = False
        self.nodes: dict[int, _Nodes] = {}  # id(tree) → its nodes, for notebook cells


def collect(tree: ast.Module, text: str, ctx: PyContext, *, focus: bool = True) -> _Nodes:
    """Pass 1: imports, assignments and V1 clients (into ``ctx``), then the calls, strings
    and subscripts pass 2 needs (returned).

    Why ``focus``: walking every expression of a large module costs more than reading it.
    Statements are cheap to list, so every import and assignment is collected; but only
    the units (functions, methods, top-level statements) whose lines mention a V1 word,
    or a name assigned from one (followed to a fixed point), are walked in full.
    """
    lowered = text.lower()
    ctx.evidence = ctx.evidence or "catapult" in lowered
    ctx.host_in_file = ctx.host_in_file or "catapult.inetwork.com" in lowered
    assigned: list[tuple[str, ast.AST]] = []
    for stmt in statements(tree.body):
        _statement(stmt, ctx, assigned)
    nodes = _Nodes()
    ctx.nodes[id(tree)] = nodes
    walked: list[ast.AST] = [tree]
    if focus:
        hot = hot_lines(text, assigned)
        walked = [u for u in units(tree) if overlaps(u, hot)]
    for unit in walked:
        for node in ast.walk(unit):
            if isinstance(node, ast.Call):
                nodes.calls.append(node)
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, str):
                    nodes.strings.append(node)
            elif isinstance(node, ast.Subscript):
                nodes.subscripts.append(node)
    return nodes


def _statement(stmt: ast.AST, ctx: PyContext, assigned: list[tuple[str, ast.AST]]) -> None:
    if isinstance(stmt, ast.Import):
        for alias in stmt.names:
            local = alias.asname or alias.name.split(".")[0]
            ctx.imports[local] = alias.name if alias.asname else alias.name.split(".")[0]
            if alias.name.startswith(PY_CLIENT_MODULES):
                ctx.evidence = True
    elif isinstance(stmt, ast.ImportFrom) and stmt.module:
        for alias in stmt.names:
            qualified = f"{stmt.module}.{alias.name}"
            ctx.imports[alias.asname or alias.name] = qualified
            if qualified.startswith(PY_CLIENT_MODULES):
                ctx.evidence = True
    elif isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            key = _target_key(target)
            if key:
                assigned.append((key, stmt))
                ctx.values.setdefault(key, []).append(stmt.value)
                if isinstance(stmt.value, ast.Call) and _is_v1_client(ctx, stmt.value):
                    ctx.clients.add(key)
                    ctx.evidence = True
    elif isinstance(stmt, ast.With | ast.AsyncWith):
        for item in stmt.items:
            key = _target_key(item.optional_vars) if item.optional_vars is not None else None
            if key and isinstance(item.context_expr, ast.Call):
                assigned.append((key, stmt))
                ctx.values.setdefault(key, []).append(item.context_expr)


def _qualified(ctx: PyContext, node: ast.expr) -> str:
    """``requests.get`` for ``rq.get`` after ``import requests as rq``; '' if unknown."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        head = ctx.imports.get(node.id, node.id)
        return ".".join([head, *reversed(parts)])
    return ""


def _is_v1_client(ctx: PyContext, call: ast.Call) -> bool:
    name = _qualified(ctx, call.func)
    if name in {"bandwidth.client", "bandwidth.client_module.client"}:
        first = call.args[0] if call.args else None
        return isinstance(first, ast.Constant) and str(first.value).lower() in {
            "catapult",
            "account",
            "voice",
            "messaging",
        }
    return name.startswith(PY_CLIENT_MODULES) and name.rsplit(".", 1)[-1] in {
        "Client",
        "CatapultClient",
    }


class _Scanner:
    def __init__(self, tree: ast.Module, text: str, ctx: PyContext, nodes: _Nodes) -> None:
        self.tree = tree
        self.nodes = nodes
        self.lines = text.splitlines()
        self.ctx = ctx
        self.imports = ctx.imports
        self.values = ctx.values
        self.clients = ctx.clients
        self.hits: list[Hit] = []
        self.used_strings: set[int] = set()  # id() of string nodes consumed by a call

    @property
    def evidence(self) -> bool:
        return self.ctx.evidence

    @property
    def host_in_file(self) -> bool:
        return self.ctx.host_in_file

    # -- pass 2: calls -------------------------------------------------------------------
    def run(self) -> list[Hit]:
        for node in self.nodes.calls:
            self._call(node)
        self._loose_strings()
        self.hits.sort(key=lambda h: h.line)
        return self.hits

    def _call(self, call: ast.Call) -> None:
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if isinstance(func, ast.Attribute) and name in PY_SDK_METHODS:
            self._sdk_call(call, func, name)
            return
        if isinstance(func, ast.Attribute) and name in PY_OTHER_METHODS:
            if _receiver_key(func.value) in self.clients:
                method, path = PY_OTHER_METHODS[name]
                self._add(call, "sdk-call", method, path, "high", via=f"{name}()")
            return
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            old = PY_OLD_SDK_CALLS.get((func.value.id, name))
            if old and self.imports.get(func.value.id, "").startswith("bandwidth_sdk"):
                self._add(call, "sdk-call", old[0], old[1], "high", via=f"{func.value.id}.{name}()")
                return
        if name in HTTP_VERBS or name in _URL_FUNCS:
            self._http_call(call, name)
        self._credential(call)

    def _sdk_call(self, call: ast.Call, func: ast.Attribute, name: str) -> None:
        spec = PY_SDK_METHODS[name]
        receiver = _receiver_key(func.value)
        args = _bind(call, spec.positional)
        if args is None:
            return
        known_kw = {py for py, _ in spec.keywords} | set(spec.positional)
        if any(k not in known_kw for k in args):
            return  # not python-bandwidth's signature: someone else's function
        if receiver in self.clients or self.evidence:
            confidence = "high"
        elif spec.distinctive:
            confidence = "medium"
        else:
            return  # generic name (get_phone_number…) without any V1 client in sight
        params: dict[str, Any] = {}
        body: dict[str, Any] | None = None
        wire = dict(spec.keywords)
        for py, value in args.items():
            if py == spec.id_arg or py not in wire:
                continue
            resolved = self._value(value)
            if spec.into == "body":
                body = body or {}
                body[wire[py]] = resolved
            else:
                params[wire[py]] = resolved
        path = spec.path
        if spec.id_arg and spec.id_arg in args:
            ident = self._value(args[spec.id_arg])
            shown = "{" + ident.expr + "}" if isinstance(ident, Unknown) else str(ident)
            path = path.replace("{numberId}", shown.replace("/", "_"))
        if (
            spec.into == "body"
            and body is None
            and spec.method == "POST"
            and "number" in dict(spec.keywords)
        ):
            body = {"number": Unknown("number")}
        self._add(call, "sdk-call", spec.method, path, confidence, params, body, via=f"{name}()")

    def _http_call(self, call: ast.Call, name: str) -> None:
        qualified = _qualified(self.ctx, call.func)
        url_node: ast.expr | None = None
        method = name.upper() if name in HTTP_VERBS else "GET"
        kwargs = {k.arg: k.value for k in call.keywords if k.arg}
        if name == "request":
            if len(call.args) >= 2:
                url_node = call.args[1]
            elif "url" in kwargs:
                url_node = kwargs["url"]
            verb = call.args[0] if call.args else kwargs.get("method")
            if isinstance(verb, ast.Constant) and isinstance(verb.value, str):
                method = verb.value.upper()
        else:
            url_node = call.args[0] if call.args else (kwargs.get("url") or kwargs.get("fullurl"))
        if name in {"Request", "urlopen"}:
            method_kw = kwargs.get("method")
            if isinstance(method_kw, ast.Constant) and isinstance(method_kw.value, str):
                method = method_kw.value.upper()
            elif "data" in kwargs or len(call.args) >= 2:
                method = "POST"
        if name == "open" and not qualified.startswith(_HTTP_MODULES):
            return  # builtins.open
        if url_node is None:
            return
        template = self._string(url_node)
        if template is None:
            return
        host, rel, _query = split_v1_url(template)
        if rel is None:
            return
        self._mark_used(url_node)
        confidence = "high" if (host or self.host_in_file) else "medium"
        params = self._dict(kwargs.get("params"))
        body = self._json_body(kwargs)
        library = qualified.split(".")[0] if qualified else name
        self._add(call, "http-call", method, template, confidence, params, body, via=library)

    def _credential(self, call: ast.Call) -> None:
        for arg in [*call.args[:1], *(k.value for k in call.keywords if k.arg == "key")]:
            if (
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and CREDENTIAL_NAMES.fullmatch(arg.value)
            ):
                self._add(call, "credential", "", arg.value, "low", via="environment")

    def _loose_strings(self) -> None:
        """V1 URLs that no call consumed (a base URL in a settings module, a docstring)."""
        for sub in self.nodes.subscripts:
            if isinstance(sub.slice, ast.Constant):
                value = sub.slice.value
                if isinstance(value, str) and CREDENTIAL_NAMES.fullmatch(value):
                    self._add(sub, "credential", "", value, "low", via="environment")
        for node in self.nodes.strings:
            if not isinstance(node.value, str):
                continue
            if id(node) in self.used_strings or "catapult.inetwork.com" not in node.value.lower():
                continue
            for match in TEXT_URL.finditer(node.value):
                url = match.group(0).rstrip(".,;:`")
                if "catapult" not in url.lower() or split_v1_url(url)[1] is None:
                    continue
                line = getattr(node, "lineno", 1) + node.value.count("\n", 0, match.start())
                self._add(node, "url", "", url, "medium", via="string", line=line)

    # -- values --------------------------------------------------------------------------
    def _mark_used(self, node: ast.expr, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            return
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant):
                self.used_strings.add(id(sub))
            elif isinstance(sub, ast.Name | ast.Attribute):
                key = _target_key(sub)
                for value in self.values.get(key or "", [])[-1:]:
                    self._mark_used(value, depth + 1)

    def _string(self, node: ast.expr, depth: int = 0) -> str | None:
        """The string an expression builds, with ``{name}`` where a part is unknown."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):
            out = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    out.append(str(part.value))
                elif isinstance(part, ast.FormattedValue):
                    inner = self._string(part.value, depth + 1)
                    out.append(inner if inner is not None else _placeholder(part.value))
            return "".join(out)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self._string(node.left, depth + 1)
            right = self._string(node.right, depth + 1)
            if left is None and right is None:
                return None
            return (left if left is not None else _placeholder(node.left)) + (
                right if right is not None else _placeholder(node.right)
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            fmt = self._string(node.left, depth + 1)
            if fmt is None:
                return None
            items = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            for item in items:
                value = self._string(item, depth + 1)
                fmt = _replace_first_percent(
                    fmt, value if value is not None else _placeholder(item)
                )
            return fmt
        if isinstance(node, ast.Name | ast.Attribute):
            key = _target_key(node)
            assigned = self.values.get(key or "", [])
            for candidate in reversed(assigned):
                got = self._string(candidate, depth + 1)
                if got is not None:
                    return got
            return None
        if isinstance(node, ast.Call):
            return self._call_string(node, depth)
        return None

    def _call_string(self, node: ast.Call, depth: int) -> str | None:
        func = node.func
        qualified = _qualified(self.ctx, func)
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "format" and isinstance(func, ast.Attribute):
            fmt = self._string(func.value, depth + 1)
            if fmt is None:
                return None
            positional = [self._string(a, depth + 1) or _placeholder(a) for a in node.args]
            named = {
                k.arg: self._string(k.value, depth + 1) or _placeholder(k.value)
                for k in node.keywords
                if k.arg
            }
            return _format(fmt, positional, named)
        if name == "urljoin" and len(node.args) == 2:
            base = self._string(node.args[0], depth + 1) or _placeholder(node.args[0])
            rest = self._string(node.args[1], depth + 1) or _placeholder(node.args[1])
            return base.rstrip("/") + "/" + rest.lstrip("/")
        if name == "join" and isinstance(func, ast.Attribute) and node.args:
            sep = self._string(func.value, depth + 1)
            seq = node.args[0]
            if sep is not None and isinstance(seq, ast.List | ast.Tuple):
                return sep.join(self._string(e, depth + 1) or _placeholder(e) for e in seq.elts)
        is_env = qualified.endswith(("environ.get", "os.getenv")) or name == "getenv"
        if name in {"get", "getenv"} and is_env and len(node.args) >= 2:
            return self._string(node.args[1], depth + 1)
        if name in {"rstrip", "strip", "lstrip"} and isinstance(func, ast.Attribute):
            inner = self._string(func.value, depth + 1)
            if inner is not None and not node.args:
                return getattr(inner, name)()
            if inner is not None and isinstance(node.args[0], ast.Constant):
                return getattr(inner, name)(str(node.args[0].value))
        if name in {"str", "quote"} and node.args:
            return self._string(node.args[0], depth + 1)
        return None

    def _value(self, node: ast.expr) -> Any:
        """A literal Python value, else :class:`Unknown` with the expression's source."""
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        text = self._string(node)
        if text is not None and "{" not in text:
            return text
        return Unknown(_source(node))

    def _dict(self, node: ast.expr | None) -> dict[str, Any]:
        if isinstance(node, ast.Name):
            for value in reversed(self.values.get(node.id, [])):
                if isinstance(value, ast.Dict):
                    node = value
                    break
        if not isinstance(node, ast.Dict):
            return {}
        out: dict[str, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                out[key.value] = self._value(value)
        return out

    def _json_body(self, kwargs: dict[str, ast.expr]) -> dict[str, Any] | None:
        node = kwargs.get("json")
        if node is None and "data" in kwargs:
            data = kwargs["data"]
            if (
                isinstance(data, ast.Call)
                and isinstance(data.func, ast.Attribute)
                and data.func.attr == "encode"
            ):
                data = data.func.value  # json.dumps(...).encode()
            if isinstance(data, ast.Call) and getattr(data.func, "attr", "") == "dumps":
                node = data.args[0] if data.args else None
            else:
                node = data
        body = self._dict(node) if node is not None else None
        return body or None

    def _add(
        self,
        node: ast.AST,
        kind: str,
        method: str,
        target: str,
        confidence: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        *,
        via: str = "",
        line: int | None = None,
    ) -> None:
        line = int(line or getattr(node, "lineno", None) or 1)
        source = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.hits.append(
            Hit(
                line=line,
                kind=kind,
                method=method,
                target=target,
                confidence=confidence,
                source=source,
                params=dict(params or {}),
                body=body,
                via=via,
                evidence=self.evidence or self.host_in_file,
            )
        )


# ---- helpers ---------------------------------------------------------------------------
def _target_key(node: ast.expr) -> str | None:
    """``name`` for ``name = …``; the attribute name for ``self.base = …`` / ``cls.BASE``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _receiver_key(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        return None
    return _target_key(node)


def _bind(call: ast.Call, positional: tuple[str, ...]) -> dict[str, ast.expr] | None:
    if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > len(positional):
        return None
    bound = dict(zip(positional, call.args, strict=False))
    for keyword in call.keywords:
        if keyword.arg is None:
            continue  # **kwargs: unknown extras
        bound[keyword.arg] = keyword.value
    return bound


def _source(node: ast.expr) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # unparse of odd trees: a placeholder is enough
        return "…"
    return text if len(text) <= 40 else text[:37] + "..."


def _placeholder(node: ast.expr) -> str:
    return "{" + _source(node) + "}"


def _replace_first_percent(fmt: str, value: str) -> str:
    import re

    return re.sub(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]", lambda _m: value, fmt, count=1)


def _format(fmt: str, positional: list[str], named: dict[str, str]) -> str:
    import re

    counter = iter(range(len(positional)))

    def sub(match: re.Match[str]) -> str:
        field = match.group(1).split("!")[0].split(":")[0]
        if field == "":
            index = next(counter, None)
            return positional[index] if index is not None else match.group(0)
        if field.isdigit():
            i = int(field)
            return positional[i] if i < len(positional) else match.group(0)
        return named.get(field, match.group(0))

    return re.sub(r"\{([^{}]*)\}", sub, fmt)
