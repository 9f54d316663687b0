"""ST unit tests: discovery by convention, every assertion passing and failing at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.testing.support import line_of, load, plant, write
from werk.tools.st.testing import Status, TestResult, TestRun, discover_tests, run_tests
from werk.tools.st.testing.assertions import assertion_library, with_assertions
from werk.tools.st.testing.results import Place
from werk.tools.st.testing.unit_tests import find_unit_tests


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plant(tmp_path_factory.mktemp("unit") / "project", "unit_tests.st")


@pytest.fixture(scope="module")
def run(root: Path) -> TestRun:
    project = load(root)
    return run_tests(project, discover_tests(root, project=project), max_cycles=500, root=root)


def result(run: TestRun, title: str) -> TestResult:
    (found,) = [r for r in run.results if r.test.title == title]
    return found


def test_discovery_by_name_attribute_and_methods(root: Path) -> None:
    tests = find_unit_tests(load(root))
    assert [(t.title, t.multi_cycle) for t in tests] == [
        ("FB_TestAssertions.TestAllPass", False),
        ("FB_TestAssertions.TestEqualFails", False),
        ("FB_TestAssertions.TestNotEqualFails", False),
        ("FB_TestAssertions.TestTrueFails", False),
        ("FB_TestAssertions.TestFalseFails", False),
        ("FB_TestAssertions.TestNearFails", False),
        ("FB_TestAssertions.TestTcUnitNamesFail", False),
        ("FB_TestAssertions.TestMisuse", False),
        ("CheckPlant.TestClassifiesSigns", False),  # {attribute 'werk_test'}
        ("CheckPlant.TestDelayOverCycles", True),  # calls TEST_FINISHED()
        ("CheckPlant.TestFreshInstance", False),
        ("CheckPlant.TestNeverFinishes", True),
        ("CheckPlant.TestFault", False),
        ("Test_BodyOnly", False),  # no Test methods: the body is the test
        ("FB_TestUnsupported.TestPointerNotReached", False),
    ]  # HelperNotATest and FB_Helper.TestNotInATestFb are not tests
    first = tests[0]
    assert (first.path, first.line) == (root / "unit_tests.st", 14)


def test_every_assertion_passes(run: TestRun) -> None:
    passed = result(run, "FB_TestAssertions.TestAllPass")
    assert (passed.status, passed.cycles) == (Status.PASS, 1), passed.failure


@pytest.mark.parametrize(
    ("title", "call", "signal", "expected", "actual", "message"),
    [
        (
            "TestEqualFails",
            "ASSERT_EQUAL(4, aThree[1]",
            "aThree[1]",
            "4",
            "1",
            "ASSERT_EQUAL(aThree[1]): expected 4, got 1 -- 'first element'",
        ),
        (
            "TestNotEqualFails",
            "ASSERT_NOT_EQUAL(aThree, aThree",
            "aThree",
            "not [1, 2, 3]",
            "[1, 2, 3]",
            "ASSERT_NOT_EQUAL(aThree): expected not [1, 2, 3], got [1, 2, 3] -- 'same arrays'",
        ),
        (
            "TestTrueFails",
            "ASSERT_TRUE(rHalf > 1.0",
            "rHalf > 1.0",
            "TRUE",
            "FALSE",
            "ASSERT_TRUE(rHalf > 1.0): expected TRUE, got FALSE -- 'above one'",
        ),
        (
            "TestFalseFails",
            "ASSERT_FALSE(eMode = E_Mode.Running",
            "eMode = E_Mode.Running",
            "FALSE",
            "TRUE",
            "ASSERT_FALSE(eMode = E_Mode.Running): expected FALSE, got TRUE -- 'not running'",
        ),
        (
            "TestNearFails",
            "ASSERT_NEAR(1.0, rHalf",
            "rHalf",
            "1.0",
            "0.5",
            "ASSERT_NEAR(rHalf): expected 1.0, got 0.5 (further apart than 0.25) -- 'close to one'",
        ),
        (
            "TestMisuse",
            "ASSERT_EQUAL(5);",
            None,
            None,
            None,
            "ASSERT_EQUAL: called without Actual",
        ),
    ],
)
def test_each_assertion_fails_at_its_line(
    root: Path,
    run: TestRun,
    title: str,
    call: str,
    signal: str | None,
    expected: str | None,
    actual: str | None,
    message: str,
) -> None:
    failed = result(run, f"FB_TestAssertions.{title}")
    assert failed.status is Status.FAIL
    failure = failed.failure
    assert failure is not None
    path = root / "unit_tests.st"
    line = line_of(path, call)
    assert failure.position == Place(path, line, 1)
    assert (failure.signal, failure.expected, failure.actual) == (signal, expected, actual)
    assert failure.message == f"{message} [line {line}]"
    assert failure.cycle == 1 and failure.details == []


def test_tcunit_names_fail_together_in_their_cycle(root: Path, run: TestRun) -> None:
    failed = result(run, "FB_TestAssertions.TestTcUnitNamesFail")
    failure = failed.failure
    assert failure is not None
    path = root / "unit_tests.st"
    assert failure.message == (
        f"AssertEquals_INT(aThree[2]): expected 7, got 2 -- 'typed' "
        f"[line {line_of(path, 'AssertEquals_INT(7')}]"
    )
    assert failure.details == [
        "AssertEquals_REAL(rHalf): expected 1.0, got 0.5 (further apart than 0.1) "
        f"-- 'real with delta' [line {line_of(path, 'AssertEquals_REAL(1.0')}]",
        "AssertTrue(sText = 'xyz'): expected TRUE, got FALSE -- 'text' "
        f"[line {line_of(path, 'AssertTrue(sText')}]",
        f"AssertFalse(TRUE): expected FALSE, got TRUE -- 'always' "
        f"[line {line_of(path, 'AssertFalse(TRUE')}]",
        "AssertArrayEquals_INT(aOther): expected [1, 2, 3], got [1, 2, 4] -- 'arrays' "
        f"[line {line_of(path, 'AssertArrayEquals_INT(aThree, aOther')}]",
        "AssertEquals(eMode): expected E_Mode.Done, got E_Mode.Running -- 'modes' "
        f"[line {line_of(path, 'AssertEquals(E_Mode.Done')}]",
    ]


def test_a_test_spanning_cycles_finishes_when_it_says_so(run: TestRun) -> None:
    over_cycles = result(run, "CheckPlant.TestDelayOverCycles")
    assert (over_cycles.status, over_cycles.cycles) == (Status.PASS, 11), over_cycles.failure
    never = result(run, "CheckPlant.TestNeverFinishes")
    assert (never.status, never.cycles) == (Status.ERROR, 500)
    assert never.error == "did not call TEST_FINISHED() within 500 cycles"


def test_each_test_case_gets_a_fresh_instance(run: TestRun) -> None:
    assert result(run, "CheckPlant.TestFreshInstance").status is Status.PASS
    assert result(run, "CheckPlant.TestClassifiesSigns").status is Status.PASS
    assert result(run, "Test_BodyOnly").status is Status.PASS


def test_fault_in_a_test_is_an_error_with_the_stack(root: Path, run: TestRun) -> None:
    faulty = result(run, "CheckPlant.TestFault")
    assert faulty.status is Status.ERROR
    fault = faulty.fault
    assert fault is not None
    division = line_of(root / "plant.st", "nResult := 100 / nBy;")
    call = line_of(root / "unit_tests.st", "fbDivide(nBy := 0);")
    assert fault.frames(root) == [
        f"CheckPlant.fbDivide (FB_Divide) at plant.st:{division}:12",
        f"CheckPlant (CheckPlant.TestFault) at unit_tests.st:{call}:1",
    ]


def test_unsupported_code_in_a_test_is_an_error(run: TestRun) -> None:
    unsupported = result(run, "FB_TestUnsupported.TestPointerNotReached")
    assert unsupported.status is Status.ERROR
    assert unsupported.error is not None
    assert unsupported.error.startswith("not supported by the simulator: pointer arithmetic")


def test_the_assertion_library_resolves_in_the_model(root: Path) -> None:
    project = with_assertions(load(root))
    test_fb = project.find_pou("FB_TestAssertions")
    assert test_fb is not None
    calls = project.analysis(test_fb.methods["testallpass"]).calls
    assert calls and all(use.target is not None for use in calls)
    library = assertion_library()
    assert {use.target.location.unit for use in calls if use.target is not None} == {library}


def test_a_project_function_of_the_same_name_wins(tmp_path: Path) -> None:
    root = plant(tmp_path / "project")
    write(
        root,
        "own.st",
        "FUNCTION ASSERT_TRUE : BOOL\nVAR_INPUT\n    Condition : BOOL;\n    Message : STRING;\n"
        "END_VAR\nASSERT_TRUE := Condition;\nEND_FUNCTION\n\n"
        "FUNCTION_BLOCK FB_TestOwn\nASSERT_TRUE(FALSE, 'ignored by the own ASSERT_TRUE');\n"
        "END_FUNCTION_BLOCK\n",
    )
    project = load(root)
    (own,) = run_tests(project, discover_tests(root, project=project)).results
    assert own.status is Status.PASS, own.failure
