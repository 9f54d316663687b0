"""ST unit tests in the spirit of TcUnit: test function blocks written in Structured Text.

A FUNCTION_BLOCK is a test FB when its name starts with ``FB_Test`` or
``Test_`` (any case) or it carries ``{attribute 'werk_test'}``. Each of its
METHODs whose name starts with ``Test`` is one test case; a test FB without
such methods is one test case itself, its body. Every test case runs on a
fresh instance in a fresh simulator: a method test calls only that method
(not the FB body), so the cases of one FB cannot disturb each other.

A test case runs one cycle, unless its code calls ``TEST_FINISHED()``: then
it runs every cycle (the virtual clock advancing by the cycle time, so
timers inside work) until the cycle in which it calls ``TEST_FINISHED()``,
at most ``max_cycles`` cycles (a test that never finishes is an ERROR). An
assertion that fails (see ``assertions``) fails the test at the end of that
cycle; the report lists every failed assertion of the cycle with its
position in the file.

Example::

    FUNCTION_BLOCK FB_TestValve
    VAR
        fbValve : FB_Valve;
        nCycle : INT;
    END_VAR

    METHOD TestOpensAtOnce
    fbValve(bOpen := TRUE, wStatus := 16#0001);
    ASSERT_TRUE(fbValve.bSolenoid, 'the solenoid follows the command');
    END_METHOD

    METHOD TestAlarmAfterDiscrepancy
    fbValve(bOpen := TRUE, wStatus := 16#0002, tDiscrepancy := T#50MS);
    nCycle := nCycle + 1;
    IF nCycle = 6 THEN
        ASSERT_TRUE(fbValve.bAlarm, 'the alarm comes after 50 ms');
        TEST_FINISHED();
    END_IF
    END_METHOD
    END_FUNCTION_BLOCK
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from werk.tools.st.model.symbols import Pou, PouKind
from werk.tools.st.model.uses import UseKind
from werk.tools.st.sim.positions import Span

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

TEST_FB_PREFIXES = ("fb_test", "test_")
TEST_ATTRIBUTE = "werk_test"
TEST_METHOD_PREFIX = "test"
FINISHED = "test_finished"


@dataclass(frozen=True)
class UnitTest:
    fb: str
    method: str | None  # None: the FB body is the test
    path: Path
    line: int
    multi_cycle: bool  # its code calls TEST_FINISHED()

    @property
    def title(self) -> str:
        return f"{self.fb}.{self.method}" if self.method else self.fb


def is_test_fb(pou: Pou) -> bool:
    if pou.kind is not PouKind.FUNCTION_BLOCK or pou.parent is not None:
        return False
    attributes = {name.lower() for name in pou.attributes}
    return pou.name.lower().startswith(TEST_FB_PREFIXES) or TEST_ATTRIBUTE in attributes


def find_unit_tests(project: Project, files: Iterable[Path] | None = None) -> list[UnitTest]:
    """The test cases of the project's test FBs (only those in ``files``, if given)."""
    wanted = {path.resolve() for path in files} if files is not None else None
    tests = []
    for pou in project.all_pous():
        if not is_test_fb(pou) or project.is_standard(pou):
            continue
        path = pou.location.unit.path
        if wanted is not None and path.resolve() not in wanted:
            continue
        methods = [
            method
            for method in pou.methods.values()
            if method.name.lower().startswith(TEST_METHOD_PREFIX)
        ]
        if methods:
            for method in methods:
                tests.append(_unit_test(project, pou, method))
        else:
            tests.append(_unit_test(project, pou, None))
    tests.sort(key=lambda test: (str(test.path), test.line))
    return tests


def _unit_test(project: Project, fb: Pou, method: Pou | None) -> UnitTest:
    code = method or fb
    location = code.location
    position = Span(location.unit, location.start, location.end).position
    calls_finished = any(
        use.kind is UseKind.CALL and use.name.lower() == FINISHED
        for use in project.analysis(code).uses
    )
    return UnitTest(
        fb.name,
        method.name if method is not None else None,
        position.path,
        position.line,
        calls_finished,
    )
