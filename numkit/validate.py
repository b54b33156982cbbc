"""Input rules, checked before anything is sent — the public facade for panels and users.

* :func:`v2_search`, :func:`v2_order`, :func:`v2_disconnect` and the field validators
  — the V2 rules, which live beside the V2 client in :mod:`numkit.v2.rules`;
* :func:`v1_search` — the V1 rules, in :mod:`numkit.v1.rules`.

Each returns the criteria normalised (Python names, canonical values, only what was
given, as a dict) or raises :class:`~numkit.errors.ValidationError` whose ``field``/
``value``/``rule`` say which input broke which rule.
"""

from __future__ import annotations

from .v1.rules import v1_search
from .v2.rules import *  # noqa: F403 - the facade re-exports every V2 rule
from .v2.rules import __all__ as _v2_rules
from .v2.values import *  # noqa: F403 - and every one-value V2 rule
from .v2.values import __all__ as _v2_values

__all__ = [*_v2_rules, *_v2_values, "v1_search"]
