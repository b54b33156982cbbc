"""Running a plan: the V1 call through a V1 client, the V2 request through a V2 client.

Both sides go through the clients (validation, retries, exactly-once ordering apply);
API errors are recorded in the :class:`~numkit.migrate.plan.Result`, not raised, so a
failing side still shows side by side.
"""

from __future__ import annotations

from typing import Any

from ..errors import NumkitError, ValidationError
from ..phone import to_v2_number
from .plan import TN, USER, Plan, Result, Step, V1Call

__all__ = ["run_plan", "send_as_given"]


def run_plan(plan: Plan, v1: Any, v2: Any, *, wait: bool, timeout: float) -> Result:
    result = Result(plan)
    v2_step = plan.v2_step
    if v1 is not None:
        before = list(v1.exchanges)
        result.v1_ran = True
        try:
            if v2 is not None and v2_step is not None and v2_step.resolve_first:
                v2_step = v2_step.with_number(_number_of(v1, v2_step))
            if plan.v1_step is not None:
                result.v1_output = plan.v1_step(v1)
        except NumkitError as exc:
            result.v1_error = exc
        result.v1_exchanges = _new(v1.exchanges, before)
    if v2 is not None and v2_step is not None:
        result.v2_ran = True
        before = list(v2.exchanges)
        try:
            if v2_step.number_arg is not None:
                v2_step = v2_step.with_number(_resolved_number(v2_step, result, v1))
            output = v2_step(v2)
            if wait and v2_step.wait is not None:
                output = v2_step.wait(v2, output, timeout=timeout)
            result.v2_output = output
        except NumkitError as exc:
            result.v2_error = exc
        result.v2_exchanges = _new(v2.exchanges, before)
    return result


def send_as_given(v1: Any, call: V1Call) -> Any:
    """A V1 call the V1 client has no method for (CNAM, import, unknown): sent as is."""
    from ..v1.parse import load_json

    path = call.path.replace(USER, getattr(v1, "user_id", USER))
    response = v1.transport.request(
        call.method,
        path,
        params=call.params or None,
        json=call.body,
        idempotent=call.method == "GET",
    )
    if response.content and response.content.strip():
        return load_json(response, f"{call.method} {call.path}")
    return None


def _number_of(v1: Any, step: Step) -> str:
    """The 10-digit number behind the V1 id the step names (one V1 GET)."""
    assert step.number_ref is not None
    return to_v2_number(v1.get_number(step.number_ref).number)


def _resolved_number(step: Step, result: Result, v1: Any) -> str:
    number = getattr(result.v1_output, "number", None)
    if isinstance(number, str):
        return to_v2_number(number)
    if v1 is not None:
        return _number_of(v1, step)
    raise ValidationError(
        "tn", TN, "this V1 call names the number by id; run it with a V1 client to look it up"
    )


def _new(exchanges: Any, before: list[Any]) -> list[Any]:
    seen = {id(e) for e in before}
    return [e for e in exchanges if id(e) not in seen]
