"""Assertions for ST unit tests: ``ASSERT_EQUAL`` and friends, declared in ST, run in Python.

The functions are declared in ``assertions.st`` (plus TcUnit's names,
generated below), which ``with_assertions`` adds to the project under test,
so the semantic model resolves them like any FUNCTION. The simulator calls
the Python implementations (``natives``) instead of an ST body. Each call
counts as an assertion; a failed one is recorded with the position of the
call in the user's file, what was expected and what came, and the test goes
on to the end of its cycle (as TcUnit does), after which the runner reports
every failure of that cycle.

=========================================  ========================================
``ASSERT_EQUAL(Expected, Actual, Message)``  equal values (arrays and structs too)
``ASSERT_NOT_EQUAL(Expected, Actual, Msg)``  different values
``ASSERT_TRUE(Condition, Message)``          Condition is TRUE
``ASSERT_FALSE(Condition, Message)``         Condition is FALSE
``ASSERT_NEAR(Expected, Actual, Delta, M)``  ``|Expected - Actual| <= Delta`` (numbers)
``TEST_FINISHED()``                          a multi-cycle test is done (see unit_tests)
=========================================  ========================================

TcUnit's names are aliases: ``AssertEquals`` and ``AssertEquals_<TYPE>``
(BOOL, the integer and bit-string types, STRING, TIME, DATE...) for
ASSERT_EQUAL, ``AssertEquals_REAL``/``_LREAL`` with a Delta for ASSERT_NEAR,
``AssertTrue``, ``AssertFalse``, and ``AssertArrayEquals_<TYPE>``
(``Expecteds``, ``Actuals``; with a Delta for REAL and LREAL). ``Message``
may be left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.sim import NativeArgument, NativeCall, NativeFunction, SourcePosition
from werk.tools.st.testing.values import shower
from werk.tools.st.unit import StUnit

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

ASSERTIONS_PATH = Path("<werk-testing>/assertions.st")
EQUAL_TYPES = (
    "BOOL", "BYTE", "WORD", "DWORD", "LWORD", "SINT", "INT", "DINT", "LINT", "USINT", "UINT",
    "UDINT", "ULINT", "STRING", "WSTRING", "TIME", "LTIME", "DATE", "DATE_AND_TIME",
    "TIME_OF_DAY",
)  # fmt: skip
ARRAY_TYPES = (
    "BOOL", "BYTE", "WORD", "DWORD", "LWORD", "SINT", "INT", "DINT", "LINT", "USINT", "UINT",
    "UDINT", "ULINT",
)  # fmt: skip
REAL_TYPES = ("REAL", "LREAL")


def tcunit_declarations() -> str:
    """TcUnit's assertion names, declared as interfaces like the ones in assertions.st."""

    def function(name: str, inputs: list[tuple[str, str]]) -> str:
        variables = " ".join(f"{n} : {t};" for n, t in [*inputs, ("Message", "STRING")])
        return f"FUNCTION {name} : BOOL VAR_INPUT {variables} END_VAR END_FUNCTION"

    lines = [
        function("AssertEquals", [("Expected", "ANY"), ("Actual", "ANY")]),
        function("AssertTrue", [("Condition", "BOOL")]),
        function("AssertFalse", [("Condition", "BOOL")]),
    ]
    for type_name in EQUAL_TYPES:
        lines.append(
            function(f"AssertEquals_{type_name}", [("Expected", type_name), ("Actual", type_name)])
        )
    for type_name in REAL_TYPES:
        inputs = [("Expected", type_name), ("Actual", type_name), ("Delta", type_name)]
        lines.append(function(f"AssertEquals_{type_name}", inputs))
    for type_name in ARRAY_TYPES:
        lines.append(
            function(f"AssertArrayEquals_{type_name}", [("Expecteds", "ANY"), ("Actuals", "ANY")])
        )
    for type_name in REAL_TYPES:
        inputs = [("Expecteds", "ANY"), ("Actuals", "ANY"), ("Delta", type_name)]
        lines.append(function(f"AssertArrayEquals_{type_name}", inputs))
    return "\n".join(lines) + "\n"


@cache
def assertion_library() -> StUnit:
    """The declarations as one unit (parsed once per process)."""
    text = files("werk.tools.st.testing").joinpath("assertions.st").read_bytes()
    text += b"\n" + tcunit_declarations().encode()
    return StUnit.from_document(StDocument.plain(ASSERTIONS_PATH, text, Dialect.IEC))


def with_assertions(project: Project) -> Project:
    """``project`` if it resolves against the assertion library (every project does by
    default), else a project of its units with the library added (``project`` unchanged)."""
    from werk.tools.st.model.project import Project

    library = assertion_library()
    if project.is_standard_unit(library):
        return project
    return Project(list(project.units()), libraries=[library])


def is_library(project: Project, name: str) -> bool:
    pou = project.find_pou(name)
    return pou is not None and pou.location.unit is assertion_library()


@dataclass
class AssertionFailure:
    function: str  # as called: ASSERT_EQUAL, AssertEquals_INT...
    message: str  # the test's own message ('' when none was given)
    reason: str  # what went wrong, e.g. "expected 5, actual 4"
    subject: str | None = None  # the checked expression as written, e.g. fbValve.bAlarm
    expected: str | None = None
    actual: str | None = None
    position: SourcePosition | None = None


@dataclass
class AssertionRecorder:
    """What the assertions of one test saw: how many ran, which failed, whether it finished."""

    project: Project | None = None
    count: int = 0
    failures: list[AssertionFailure] = field(default_factory=list)
    finished: bool = False

    def natives(self) -> dict[str, NativeFunction]:
        """The implementations, by the name of every function in the library."""
        core: dict[str, Callable[[NativeCall], bool]] = {
            "ASSERT_EQUAL": self.assert_equal,
            "ASSERT_NOT_EQUAL": self.assert_not_equal,
            "ASSERT_TRUE": self.assert_true,
            "ASSERT_FALSE": self.assert_false,
            "ASSERT_NEAR": self.assert_near,
            "TEST_FINISHED": self.test_finished,
            "AssertEquals": self.assert_equal,
            "AssertTrue": self.assert_true,
            "AssertFalse": self.assert_false,
        }
        for type_name in EQUAL_TYPES:
            core[f"AssertEquals_{type_name}"] = self.assert_equal
        for type_name in REAL_TYPES:
            core[f"AssertEquals_{type_name}"] = self.assert_near
            core[f"AssertArrayEquals_{type_name}"] = self.assert_near
        for type_name in ARRAY_TYPES:
            core[f"AssertArrayEquals_{type_name}"] = self.assert_equal
        return dict(core)

    # --- the assertions --------------------------------------------------------------------

    def assert_equal(self, call: NativeCall) -> bool:
        expected, actual = self._pair(call)
        if expected is None or actual is None:
            return False
        if same(expected.value, actual.value):
            return self._passed()
        return self._failed(call, "values differ", actual, self._show(expected), self._show(actual))

    def assert_not_equal(self, call: NativeCall) -> bool:
        expected, actual = self._pair(call)
        if expected is None or actual is None:
            return False
        if not same(expected.value, actual.value):
            return self._passed()
        shown = self._show(expected)
        return self._failed(call, "values are equal", actual, f"not {shown}", self._show(actual))

    def assert_true(self, call: NativeCall) -> bool:
        return self._condition(call, True)

    def assert_false(self, call: NativeCall) -> bool:
        return self._condition(call, False)

    def assert_near(self, call: NativeCall) -> bool:
        expected, actual = self._pair(call)
        delta = call.argument("Delta")
        if expected is None or actual is None:
            return False
        if delta is None:
            return self._failed(call, "no Delta given", None)
        if not _numeric(delta.value):
            return self._failed(call, f"Delta must be a number, not {delta.type_name}", delta)
        if not (_numeric(expected.value) and _numeric(actual.value)):
            what = f"{expected.type_name} and {actual.type_name}"
            return self._failed(call, f"compares numbers, not {what}", actual)
        if near(expected.value, actual.value, float(delta.value)):
            return self._passed()
        shown_delta = self._show(delta)
        return self._failed(
            call,
            f"further apart than {shown_delta}",
            actual,
            self._show(expected),
            self._show(actual),
        )

    def test_finished(self, call: NativeCall) -> bool:
        self.finished = True
        return True

    # --- recording -------------------------------------------------------------------------

    def _pair(self, call: NativeCall) -> tuple[NativeArgument | None, NativeArgument | None]:
        expected = call.argument("Expected") or call.argument("Expecteds")
        actual = call.argument("Actual") or call.argument("Actuals")
        if expected is None or actual is None:
            missing = "Expected" if expected is None else "Actual"
            self._failed(call, f"called without {missing}", None)
            return None, None
        return expected, actual

    def _condition(self, call: NativeCall, wanted: bool) -> bool:
        condition = call.argument("Condition")
        if condition is None:
            return self._failed(call, "called without Condition", None)
        if condition.value is wanted:
            return self._passed()
        return self._failed(call, "", condition, _bool(wanted), self._show(condition))

    def _passed(self) -> bool:
        self.count += 1
        return True

    def _failed(
        self,
        call: NativeCall,
        reason: str,
        subject: NativeArgument | None,
        expected: str | None = None,
        actual: str | None = None,
    ) -> bool:
        self.count += 1
        message = call.argument("Message")
        self.failures.append(
            AssertionFailure(
                function=call.function,
                message=str(message.value) if message is not None else "",
                reason=reason,
                subject=subject.text if subject is not None else None,
                expected=expected,
                actual=actual,
                position=call.position,
            )
        )
        return False

    def _show(self, argument: NativeArgument) -> str:
        if argument.layout is None:
            return repr(argument.value)
        return shower(argument.layout, self.project)(argument.value)


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def same(a: Any, b: Any) -> bool:
    """Equality of simulator values; a BOOL never equals a number (Python's True == 1)."""
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def near(a: Any, b: Any, delta: float) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(near(x, y, delta) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        if math.isnan(float(a)) or math.isnan(float(b)):
            return False
        return abs(float(a) - float(b)) <= delta
    return False


def _numeric(value: Any) -> bool:
    if isinstance(value, list):
        return all(_numeric(item) for item in value)
    return isinstance(value, int | float) and not isinstance(value, bool)
