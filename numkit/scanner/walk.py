"""Which files a scan reads, and reading them safely.

Why a walker of our own: the scan must never follow a symlink loop forever, never open
a FIFO or device (that would block), skip ``.git``, virtual environments,
``node_modules`` and git-ignored files, and turn every unreadable file into a reason in
``report.errors`` instead of an exception. Git itself is never run: a scanned
repository's git config may name programs (``core.fsmonitor``) and nothing in the tree
may be executed, so ``.gitignore`` files are read with ``pathspec`` instead.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_MAX_BYTES", "Candidate", "Skip", "decode", "language_of", "walk"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ipynb_checkpoints",
        "bower_components",
    }
)

_LANGUAGES = {
    ".py": "python",
    ".pyw": "python",
    ".pyi": "python",
    ".ipynb": "notebook",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".rb": "ruby",
    ".erb": "ruby",
    ".php": "php",
    ".cs": "csharp",
    ".java": "java",
    ".kt": "kotlin",
    ".go": "go",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "text",
    ".txt": "text",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".env": "env",
    ".json": "json",
    ".toml": "config",
    ".ini": "config",
    ".cfg": "config",
    ".conf": "config",
    ".properties": "config",
    ".xml": "config",
    ".html": "html",
    ".htm": "html",
}
_NAMES = {
    "Dockerfile": "shell",
    "Makefile": "shell",
    "Procfile": "shell",
    "Gemfile": "ruby",
    "Rakefile": "ruby",
    ".env": "env",
}
_SHEBANG = re.compile(rb"#!\s*\S*?(python|node|ruby|php|bash|sh|zsh)\b")


def language_of(path: str | os.PathLike[str]) -> str | None:
    """The scanner's language for a file name, or None (not a file the scanner reads)."""
    return language_of_name(os.path.basename(os.fspath(path)))


def language_of_name(name: str) -> str | None:
    """``.env``, ``.env.local`` and ``prod.env`` are env files; extension-less files are
    decided by their shebang when read (None here means: not a file the scanner reads)."""
    if name in _NAMES:
        return _NAMES[name]
    if name.startswith(".env"):
        return "env"
    dot = name.rfind(".")
    return _LANGUAGES.get(name[dot:].lower()) if dot > 0 else None


@dataclass(frozen=True)
class Candidate:
    """A regular file to scan: ``shown`` is the path as reported (relative to its root)."""

    path: str
    shown: str
    size: int
    language: str | None  # None: decided by the shebang


@dataclass(frozen=True)
class Skip:
    """A path the walk could not enter or read, with the reason."""

    shown: str
    reason: str


class _Ignore:
    """The .gitignore rules of one folder (pathspec's git semantics); ``base`` is that
    folder's path relative to the scan root ("" for the root)."""

    def __init__(self, base: str, lines: list[str], prefix: str = "") -> None:
        import pathspec

        self.base = base + "/" if base else ""
        self.prefix = prefix  # for a .gitignore above the scan root: root's path below it
        self.spec = pathspec.GitIgnoreSpec.from_lines(lines)

    def ignored(self, rel: str, is_dir: bool) -> bool:
        if not rel.startswith(self.base):
            return False
        rel = self.prefix + rel[len(self.base) :]
        return bool(self.spec.match_file(rel + "/" if is_dir else rel))


def _parent_rules(top: str) -> list[_Ignore]:
    """The .gitignore files above the scan root, up to its repository's top (a folder
    holding ``.git``); none when the root is not inside a repository."""
    here = os.path.abspath(top)
    chain: list[str] = []
    folder = os.path.dirname(here)
    while True:
        chain.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return []  # not in a repository: git ignores nothing here
        folder = parent
    rules = []
    for folder in reversed(chain):
        names = (".gitignore", ".git/info/exclude") if folder == chain[-1] else (".gitignore",)
        prefix = os.path.relpath(here, folder).replace(os.sep, "/") + "/"
        rule = _read_ignore(folder, "", names, prefix)
        if rule is not None:
            rules.append(rule)
    return rules


def _read_ignore(
    directory: str, base: str, names: tuple[str, ...], prefix: str = ""
) -> _Ignore | None:
    lines: list[str] = []
    for name in names:
        try:
            with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as fh:
                lines += fh.read(1_000_000).splitlines()
        except OSError:
            continue
    return _Ignore(base, lines, prefix) if any(s.strip() for s in lines) else None


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg")) or os.path.isdir(
        os.path.join(path, "conda-meta")
    )


def walk(
    roots: Sequence[str | os.PathLike[str]],
    *,
    exclude: Sequence[str] = (),
    gitignore: bool = True,
    on_skip: Callable[[Skip], None] | None = None,
) -> Iterator[Candidate]:
    """Yield every file to scan under ``roots`` (files or folders), each once.

    ``exclude`` globs match a file or folder name or its path relative to the root
    (``tests/*``, ``*.min.js``, ``docs``). Problems are reported through ``on_skip``.
    """
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def skip(shown: str, reason: str) -> None:
        if on_skip is not None:
            on_skip(Skip(shown, reason))

    def excluded(rel: str, name: str) -> bool:
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in exclude)

    for raw in roots:
        root = Path(raw)
        shown_root = os.fspath(raw)
        try:
            st = root.stat()
        except FileNotFoundError:
            if root.is_symlink():
                skip(shown_root, "broken symlink")
            else:
                skip(shown_root, "no such file or folder")
            continue
        except OSError as exc:
            skip(shown_root, os_reason(exc))
            continue
        if stat.S_ISREG(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key not in seen_files:
                seen_files.add(key)
                yield Candidate(os.fspath(root), shown_root, st.st_size, language_of(root) or "")
            continue
        if not stat.S_ISDIR(st.st_mode):
            skip(shown_root, "not a regular file or folder")
            continue
        yield from _walk_dir(
            root,
            shown_root,
            excluded=excluded if exclude else None,
            skip=skip,
            gitignore=gitignore,
            seen_files=seen_files,
            seen_dirs=seen_dirs,
        )


def _walk_dir(
    root: Path,
    shown_root: str,
    *,
    excluded: Callable[[str, str], bool] | None,
    skip: Callable[[str, str], None],
    gitignore: bool,
    seen_files: set[tuple[int, int]],
    seen_dirs: set[tuple[int, int]],
) -> Iterator[Candidate]:
    """Depth-first, in name order, with plain strings (pathlib costs more than the
    reading on a large tree)."""
    prefix = "" if shown_root in {".", "./"} else shown_root.rstrip("/") + "/"
    top = os.fspath(root)
    root_stat = os.stat(top)
    root_key = (root_stat.st_dev, root_stat.st_ino)
    start_rules: list[_Ignore] = []
    if gitignore:
        own = _read_ignore(top, "", (".gitignore", ".git/info/exclude"))
        start_rules = [*_parent_rules(top), *([own] if own else [])]
    # stack of (absolute folder, folder relative to root, ignore rules, ancestor identities)
    stack: list[tuple[str, str, list[_Ignore], frozenset[tuple[int, int]]]] = [
        (top, "", start_rules, frozenset({root_key}))
    ]
    seen_dirs.add(root_key)
    while stack:
        directory, rel_dir, rules, ancestors = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skip(prefix + rel_dir if rel_dir else shown_root, os_reason(exc))
            continue
        subdirs: list[tuple[str, str, list[_Ignore], frozenset[tuple[int, int]]]] = []
        for entry in entries:
            name = entry.name
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                is_link = entry.is_symlink()
                st = entry.stat(follow_symlinks=True)
            except FileNotFoundError:
                skip(prefix + rel, "broken symlink" if is_link else "vanished during the scan")
                continue
            except OSError as exc:
                skip(prefix + rel, os_reason(exc))
                continue
            is_dir = stat.S_ISDIR(st.st_mode)
            if excluded is not None and excluded(rel, name):
                continue
            if rules and any(r.ignored(rel, is_dir) for r in rules):
                continue
            key = (st.st_dev, st.st_ino)
            if is_dir:
                if name in SKIP_DIRS or _is_venv(entry.path):
                    continue
                if key in ancestors:
                    skip(prefix + rel, "symlink loop (points back to a folder above it)")
                    continue
                if key in seen_dirs:
                    continue  # reached twice through a symlink: scanned once
                seen_dirs.add(key)
                child_rules = rules
                if gitignore:
                    own = _read_ignore(entry.path, rel, (".gitignore",))
                    if own is not None:
                        child_rules = [*rules, own]
                subdirs.append((entry.path, rel, child_rules, ancestors | {key}))
                continue
            if not stat.S_ISREG(st.st_mode):
                continue  # FIFOs, sockets, devices: never opened
            if key in seen_files:
                continue
            language = language_of_name(name)
            if language is None:
                if "." in name.lstrip("."):
                    continue
                language = ""  # extension-less: decided by a shebang
            seen_files.add(key)
            yield Candidate(entry.path, prefix + rel, st.st_size, language)
        stack.extend(reversed(subdirs))


def os_reason(exc: OSError) -> str:
    """A short reason for ``report.errors`` (one place, for the walk and the reading)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return (exc.strerror or type(exc).__name__).lower()


# ---- reading ---------------------------------------------------------------------------
def read_bytes(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (the one place the scanner reads files)."""
    with open(path, "rb") as fh:
        return fh.read(limit)


def shebang_language(head: bytes) -> str | None:
    match = _SHEBANG.match(head)
    if not match:
        return None
    word = match.group(1).decode()
    return {"python": "python", "node": "javascript", "ruby": "ruby", "php": "php"}.get(
        word, "shell"
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KB of a file without a UTF-16/32 byte-order mark."""
    return data.find(b"\0", 0, 8192) >= 0 and bom_encoding(data) is None


def decode(data: bytes, language: str) -> tuple[str, str | None]:
    """``(text, problem)``: text decoded by BOM, PEP 263 cookie (Python) or UTF-8.

    Undecodable bytes never stop the scan: the text comes back decoded with
    replacement characters (URLs and names are ASCII, so they are still found) and
    ``problem`` says what was wrong, for ``report.errors``.
    """
    encoding = bom_encoding(data)
    if encoding is None and language == "python":
        import io
        import tokenize

        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as exc:
            return data.decode("utf-8", "replace"), f"bad encoding declaration: {exc.msg}"
    encoding = encoding or "utf-8"
    try:
        return data.decode(encoding), None
    except LookupError:
        return data.decode("utf-8", "replace"), f"unknown encoding {encoding!r}"
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, "replace")
        return text, (
            f"not valid {exc.encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "scanned with replacement characters"
        )
