"""V1 (Catapult) numbers API: JSON, ``apiToken:apiSecret``, userId in the paths.

``client.py`` (V1Client), ``parse.py`` (JSON → models and the one V1 error mapper),
``rules.py`` (the documented search rules, checked before sending), ``models.py``.
"""

from __future__ import annotations

from .client import OutcomeUnknown, V1Client
from .models import PhoneNumber, V1AvailableNumber, V1SearchAndOrderResult, V1SearchResult
from .parse import error_from_response
from .rules import v1_search

__all__ = [
    "OutcomeUnknown",
    "PhoneNumber",
    "V1AvailableNumber",
    "V1Client",
    "V1SearchAndOrderResult",
    "V1SearchResult",
    "error_from_response",
    "v1_search",
]
