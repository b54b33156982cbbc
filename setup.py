"""One build step pyproject.toml cannot declare: the lessons ship inside the wheel.

The repository keeps the notebooks in the top-level ``notebooks/`` folder (the layout the
README promises), outside the package, so package data cannot name them. ``build_py``
copies them into the built package as ``numkit/notebooks/``, where ``numkit lab`` finds
them after a wheel install. Editable installs skip the copy: they read the checkout's
``notebooks/`` directly. Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class BuildPyWithNotebooks(build_py):
    def _notebook_targets(self) -> list[tuple[Path, Path]]:
        if getattr(self, "editable_mode", False):
            return []
        dest = Path(self.build_lib) / "numkit" / "notebooks"
        return [(nb, dest / nb.name) for nb in sorted(NOTEBOOKS.glob("*.ipynb"))]

    def run(self) -> None:
        super().run()
        for src, dest in self._notebook_targets():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        return outputs + [str(dest) for _, dest in self._notebook_targets()]


setup(cmdclass={"build_py": BuildPyWithNotebooks})
