"""Finding tests: file names, .gitignore, paths, ST test FBs, and -k."""

from __future__ import annotations

from pathlib import Path

from tests.tools.st.testing.support import FIXTURES, load, plant, write
from werk.tools.st.testing import TestKind, discover_tests, select
from werk.tools.st.testing.discovery import find_test_files, kind_of

TRACE = "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\nrows: [[1, 1]]\n"
SCENARIO = "pou: FB_Classify\nsteps:\n  - set: {nValue: 1}\n    expect: {nClass: 1}\n"


def test_kinds_by_file_name() -> None:
    assert kind_of(Path("a.trace.yaml")) is TestKind.TRACE
    assert kind_of(Path("A.TRACE.YML")) is TestKind.TRACE
    assert kind_of(Path("a.trace.csv")) is TestKind.TRACE
    assert kind_of(Path("a.scenario.yaml")) is TestKind.SCENARIO
    assert kind_of(Path("a.agents4plc.jsonl")) is TestKind.AGENTS4PLC
    assert kind_of(Path("package.json")) is None
    assert kind_of(Path("bench.json"), explicit=True) is TestKind.AGENTS4PLC
    assert kind_of(Path("a.yaml")) is None


def test_gitignore_and_default_excludes_are_respected(tmp_path: Path) -> None:
    root = plant(tmp_path / "project")
    write(root, "tests/a.trace.yaml", TRACE)
    write(root, "tests/b.scenario.yaml", SCENARIO)
    write(root, "build/old.trace.yaml", TRACE)
    write(root, ".venv/lib/x.trace.yaml", TRACE)
    write(root, "tests/nested/.gitignore", "skipped.trace.yaml\n")
    write(root, "tests/nested/skipped.trace.yaml", TRACE)
    write(root, "tests/nested/kept.trace.yaml", TRACE)
    write(root, ".gitignore", "build/\n")
    found = [path.relative_to(root).as_posix() for path, _ in find_test_files(root)]
    assert found == ["tests/a.trace.yaml", "tests/b.scenario.yaml", "tests/nested/kept.trace.yaml"]
    # A file named on the command line is taken even if ignored.
    explicit = find_test_files(root, [root / "build" / "old.trace.yaml"])
    assert [path.name for path, _ in explicit] == ["old.trace.yaml"]


def test_discover_files_and_st_tests_with_names(tmp_path: Path) -> None:
    root = plant(tmp_path / "project", "unit_tests.st")
    write(root, "tests/a.trace.yaml", TRACE)
    write(root, "tests/b.scenario.yaml", SCENARIO)
    tests = discover_tests(root, project=load(root))
    names = [test.name for test in tests]
    assert names[:2] == ["tests/a.trace.yaml::a", "tests/b.scenario.yaml::b"]
    assert "unit_tests.st::CheckPlant.TestDelayOverCycles" in names
    assert [t.kind for t in tests][:3] == [TestKind.TRACE, TestKind.SCENARIO, TestKind.ST]
    # The project is loaded when not given.
    assert [t.name for t in discover_tests(root)] == names


def test_paths_limit_files_and_st_tests(tmp_path: Path) -> None:
    root = plant(tmp_path / "project", "unit_tests.st")
    write(root, "tests/a.trace.yaml", TRACE)
    write(root, "other/c.trace.yaml", TRACE)
    project = load(root)
    assert [t.name for t in discover_tests(root, [root / "tests"], project=project)] == [
        "tests/a.trace.yaml::a"
    ]
    only_st = discover_tests(root, [root / "unit_tests.st"], project=project)
    assert only_st and all(t.kind is TestKind.ST for t in only_st)


def test_select_by_substring_or_pattern(tmp_path: Path) -> None:
    root = plant(tmp_path / "project", "unit_tests.st")
    tests = discover_tests(root, project=load(root))
    assert [t.title for t in select(tests, "freshinstance")] == ["CheckPlant.TestFreshInstance"]
    assert [t.title for t in select(tests, "*checkplant.test*s")] == [
        "CheckPlant.TestClassifiesSigns",
        "CheckPlant.TestDelayOverCycles",
        "CheckPlant.TestNeverFinishes",
    ]
    assert select(tests, "nothing like this") == []


def test_fixture_task_file_is_found_by_its_name() -> None:
    assert kind_of(FIXTURES / "tasks.agents4plc.json") is TestKind.AGENTS4PLC
