"""A private copy of the sample V1 project, for the lesson's "migrate one function and
scan again" (the shipped copy inside the package is never edited)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .engine import sample_project

__all__ = ["copy_sample_project"]


def copy_sample_project(dest: str | os.PathLike[str] | None = None) -> Path:
    """Copy the sample V1 project to ``dest`` (default: a new temporary folder) and
    return the copy's path. An existing ``dest`` must be empty or absent."""
    from ..errors import ValidationError

    if dest is None:
        target = Path(tempfile.mkdtemp(prefix="numkit-v1-project-")) / "v1_project"
    else:
        target = Path(dest)
        if target.exists() and any(target.iterdir()):
            raise ValidationError("dest", str(target), "an empty or new folder")
    shutil.copytree(sample_project(), target, dirs_exist_ok=True)
    return target
