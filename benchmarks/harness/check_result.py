"""The outcome of one hidden check, and the failure categories a report groups by."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

DID_NOT_COMPILE = "did_not_compile"
FAILED_TESTS = "failed_tests"
VIOLATED_PROPERTY = "violated_property"
BUDGET = "budget"
CRASH = "crash"


@dataclass(frozen=True)
class CheckResult:
    name: str
    kind: str
    """st-test, property, pytest, differential, syntax."""
    passed: bool
    detail: str = ""
    defective: bool = False
    """A check that is itself broken (a property the prover calls defective, a differential
    spec the original FB cannot run): the benchmark's fault, not the model's."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def failure_category(results: list[CheckResult]) -> str | None:
    """The first reason, in the order a user fixes them: compile, then tests, then properties."""
    failed = [result for result in results if not result.passed and not result.defective]
    if not failed:
        return None
    if any(result.kind == "syntax" for result in failed):
        return DID_NOT_COMPILE
    if all(result.kind == "property" for result in failed):
        return VIOLATED_PROPERTY
    return FAILED_TESTS
