"""The V1 code scanner: find every V1 (Catapult) call in a codebase and show its V2 way.

>>> import numkit
>>> report = numkit.scan("path/to/your/code")
>>> report.to_frame()              # path, line, cell, language, kind, v1_call, scope, …
>>> report.errors                  # files that could not be read or parsed, with reasons

``numkit scan PATH…`` is the command-line face (``numkit.scanner.cli``). Python is read by
syntax tree, notebooks cell by cell, everything else as text; nothing scanned is ever
imported or run. Each finding's V2 line comes from ``numkit.migrate`` (the translator),
so the scanner and the translator never disagree. Module map: ``walk`` (which files,
read safely), ``patterns`` (what V1 looks like), ``pyscan`` / ``notebook`` / ``textscan``
(per language), ``translate`` (classify + translate), ``engine`` (the scan), ``report``
(text, JSON, Markdown, HTML), ``cli``.
"""

from __future__ import annotations

from .engine import sample_project, scan
from .model import COLUMNS, FileError, Finding, ScanReport
from .workspace import copy_sample_project

__all__ = [
    "COLUMNS",
    "FileError",
    "Finding",
    "ScanReport",
    "copy_sample_project",
    "sample_project",
    "scan",
]
