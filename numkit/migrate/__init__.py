"""V1 (Catapult) → V2 (Dashboard) translation, call by call.

>>> from numkit import migrate
>>> plan = migrate.translate_v1("GET", "/v1/availableNumbers/local",
...                             params={"areaCode": "919", "quantity": 1})
>>> plan.v2_request.path
'/accounts/{accountId}/availableNumbers'
>>> plan.v2_request.params
{'areaCode': '919', 'quantity': '1', 'enableTNDetail': 'true'}
>>> migrate.v2_code(plan)
'v2.search(area_code="919", quantity=1, details=True)'

A :class:`Plan` holds the V1 call as given, the equivalent V2 request (or ``None`` when
V2 has none) and plain-sentence notes on what differs and why. ``plan.run(v1, v2)``
performs both calls through the numkit clients (so validation, retries and the
exactly-once rules apply) and returns a :class:`Result` with both sides' exchanges and
parsed answers; :func:`side_by_side` renders either as text or as HTML in a notebook.

One module per job: ``table`` (which V1 calls, :func:`translate_v1`), ``searches`` and
``numbers`` (the translations), ``plan`` (the data), ``run`` (running a plan),
``render`` (side by side, the numkit code line), ``credentials``
(:func:`explain_credentials`).
"""

from __future__ import annotations

from ..phone import national_format, to_e164, to_v2_number
from .credentials import Explanation, explain_credentials
from .plan import Plan, Result, Step, V1Call, V2Request
from .render import SideBySide, side_by_side, v2_code
from .table import translate_v1

__all__ = [
    "Explanation",
    "Plan",
    "Result",
    "SideBySide",
    "Step",
    "V1Call",
    "V2Request",
    "explain_credentials",
    "national_format",
    "side_by_side",
    "to_e164",
    "to_v2_number",
    "translate_v1",
    "v2_code",
]
