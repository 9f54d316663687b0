"""JUnit XML: the structure CI systems read, checked by parsing it."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from tests.tools.st.testing.support import plant, run_all, write
from werk.tools.st.testing import render_junit


def test_suites_cases_failures_and_errors(tmp_path: Path) -> None:
    root = plant(tmp_path / "project")
    write(
        root,
        "tests/classify.trace.yaml",
        "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\ntraces:\n"
        "  - name: positive\n    rows: [[4, 1]]\n"
        '  - name: wrong <on purpose> & "quoted"\n    rows: [[4, 0]]\n',
    )
    write(
        root,
        "tests/divide.scenario.yaml",
        "pou: FB_Divide\nsteps:\n  - set: {nBy: 0}\n    expect: {nResult: 0}\n",
    )
    run = run_all(root)
    suites = ElementTree.fromstring(render_junit(run, root=root))
    assert suites.tag == "testsuites"
    assert {k: suites.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "3",
        "failures": "1",
        "errors": "1",
        "skipped": "0",
    }
    float(suites.get("time", "x"))
    by_name = {suite.get("name"): suite for suite in suites.findall("testsuite")}
    assert list(by_name) == ["tests/classify.trace.yaml", "tests/divide.scenario.yaml"]
    classify = by_name["tests/classify.trace.yaml"]
    assert (classify.get("tests"), classify.get("failures"), classify.get("errors")) == (
        "2",
        "1",
        "0",
    )
    passed, failed = classify.findall("testcase")
    assert passed.get("name") == "positive" and list(passed) == []
    assert passed.get("classname") == "tests/classify.trace.yaml"
    assert passed.get("file") == "tests/classify.trace.yaml" and passed.get("line") == "5"
    assert failed.get("name") == 'wrong <on purpose> & "quoted"'
    (failure,) = failed.findall("failure")
    assert failure.get("message") == "cycle 1 (t=0ms): nClass expected 0, got 1"
    assert failure.get("type") == "trace"
    assert failure.text is not None and "*1*" in failure.text
    divide = by_name["tests/divide.scenario.yaml"]
    (case,) = divide.findall("testcase")
    (error,) = case.findall("error")
    assert error.get("type") == "division by zero"
    assert (error.get("message") or "").startswith("division by zero: integer division by zero")
    assert error.text is not None and "in FB_Divide (FB_Divide) at" in error.text
