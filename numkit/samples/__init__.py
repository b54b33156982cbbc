"""Data shipped with numkit: ``v1_project/`` is a small V1 (Catapult) codebase for the
scanner lesson (``numkit.scanner.sample_project()``). It is read, never imported or run:
it is not a package, and its imports (Flask, python-bandwidth) are not numkit's."""
