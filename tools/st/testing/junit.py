"""JUnit XML for CI systems (GitLab, Jenkins, GitHub Actions test reporters, Azure DevOps).

The de-facto schema those tools read (the Ant/Surefire ``JUnit.xsd``
family): a ``testsuites`` root with totals, one ``testsuite`` per test file
(its tests, failures, errors and time), one ``testcase`` per test with
``name``, ``classname`` (the file), ``file``, ``line`` and ``time``, and in
it a ``failure`` (the test ran and diverged) or an ``error`` (it could not
run: a fault, an unsupported construct, a bad definition). The element's
``message`` is the one-line reason, its text the full report with the trace.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path

from werk.tools.st.testing.results import Status, TestResult, TestRun, relative
from werk.tools.st.testing.text_report import details


def render_junit(run: TestRun, *, root: Path | None = None, name: str = "werk test") -> str:
    root = root if root is not None else run.root
    suites = ElementTree.Element(
        "testsuites",
        name=name,
        tests=str(len(run.results)),
        failures=str(run.failed),
        errors=str(run.errors),
        skipped="0",
        time=_seconds(run.duration_s),
    )
    by_file: dict[str, list[TestResult]] = {}
    for result in run.results:
        by_file.setdefault(relative(result.test.file, root), []).append(result)
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    for file, results in by_file.items():
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=file,
            tests=str(len(results)),
            failures=str(sum(1 for r in results if r.status is Status.FAIL)),
            errors=str(sum(1 for r in results if r.status is Status.ERROR)),
            skipped="0",
            time=_seconds(sum(r.duration_s for r in results)),
            timestamp=stamp,
        )
        for result in results:
            _testcase(suite, result, file, root)
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(suite: ElementTree.Element, result: TestResult, file: str, root: Path | None) -> None:
    test = result.test
    case = ElementTree.SubElement(
        suite,
        "testcase",
        name=test.title or test.name,
        classname=file,
        file=file,
        line=str(test.line),
        time=_seconds(result.duration_s),
    )
    if result.status is Status.PASS:
        return
    text = "\n".join(details(result, root=root))
    if result.status is Status.FAIL:
        message = result.failure.message if result.failure is not None else "failed"
        element = ElementTree.SubElement(case, "failure", message=message, type=test.kind.value)
    else:
        if result.fault is not None:
            message, kind = f"{result.fault.kind}: {result.fault.message}", result.fault.kind
        else:
            message = result.error or "error"
            kind = "bad test" if result.bad_definition else "not run"
        element = ElementTree.SubElement(case, "error", message=message, type=kind)
    element.text = text


def _seconds(value: float) -> str:
    return f"{value:.3f}"
