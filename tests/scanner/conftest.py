"""Helpers for the scanner tests: write small trees of files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # corpus_eval


@pytest.fixture
def tree(tmp_path):
    """``tree({"a/b.py": "text", "c.bin": b"bytes"})`` writes files under a fresh folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write
