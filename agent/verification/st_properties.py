"""Gate step 3b: the project's properties are not violated (``werk prove``, in-process).

Properties live in ``*.props.yaml`` files (``werk.tools.st.prove.property_file``:
an entry POU and PLCverif patterns over ``instance.*``), found anywhere in
the worktree that git does not ignore. Each file's properties are checked
against the worktree's project with ``check_properties`` (falsification on
the simulator, then bounded model checking and k-induction).

A property fails the step when it is ``violated`` (the evidence is the
counterexample: inputs and values per cycle, the failing cycle marked) or
``defective`` (it names a variable the code no longer has, say). ``proved``
passes, and so does ``unknown`` (most often "held to depth 20": no run up
to the bound violates it), reported as such. A property file that cannot
be read fails the step too. What failed before the change is not blamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.tools.repository_files import list_repository_files
from werk.agent.verification.result import GateBaseline, GateStep
from werk.tools.errors import UsageError, WerkError
from werk.tools.st.prove import CheckOptions, PropertyResult, Verdict, read_property_file
from werk.tools.st.prove import check_properties as check_entry
from werk.tools.st.prove.report import render_result

NAME = "st-properties"
PROPERTY_SUFFIXES = (".props.yaml", ".props.yml")
FILE_PROBLEM = "<file>"
DEFAULT_DEPTH = 20
DEFAULT_TIMEOUT_S = 60.0
MAX_SHOWN = 5
FAILING = ("violated", "defective")


@dataclass
class PropertyCheck:
    """The outcome of one property file: its results, or why it could not be checked."""

    file: str  # relative to the worktree
    entry: str | None = None
    results: list[PropertyResult] = field(default_factory=list)
    problem: str | None = None
    specs: dict[str, Any] = field(default_factory=dict)

    def name_of(self, result: PropertyResult) -> str:
        return f"{self.file}::{result.property.name}"

    @property
    def failing(self) -> list[str]:
        if self.problem is not None:
            return [f"{self.file}::{FILE_PROBLEM}"]
        return [self.name_of(r) for r in self.results if r.verdict.value in FAILING]


def property_files(context: ToolContext) -> list[str]:
    return [
        path
        for path in list_repository_files(context.root, context.exclude).files
        if PurePosixPath(path).name.lower().endswith(PROPERTY_SUFFIXES)
    ]


def check_file(context: ToolContext, relative: str, pattern: str | None = None) -> PropertyCheck:
    """Check the properties of one file (those whose name contains ``pattern``, if given)."""

    check = PropertyCheck(relative)
    try:
        spec = read_property_file(context.root / relative)
        check.entry = spec.entry
        if spec.entry is None:
            raise UsageError(f"{relative}: no 'entry:' POU to check the properties on")
        properties = spec.properties
        if pattern:
            properties = [p for p in properties if pattern.lower() in p.name.lower()]
        if not properties:
            return check
        timeout = min(spec.timeout or DEFAULT_TIMEOUT_S, context.settings.command_timeout_s)
        options = CheckOptions(
            depth=spec.depth or DEFAULT_DEPTH, timeout=timeout, cycle_ms=spec.cycle_ms or 10
        )
        project = context.project()
        check.results = check_entry(project, properties, entry=spec.entry, options=options)
        check.specs = _specs(project, spec.entry)
    except WerkError as exc:
        check.problem = exc.message
    return check


def check_all(context: ToolContext, pattern: str | None = None) -> list[PropertyCheck]:
    return [check_file(context, relative, pattern) for relative in property_files(context)]


def describe(context: ToolContext, check: PropertyCheck, result: PropertyResult) -> str:
    """A property's verdict with its counterexample as a table (``werk prove``'s text)."""

    return f"{check.file}:\n{relative_paths(context, render_result(result, check.specs))}"


def relative_paths(context: ToolContext, text: str) -> str:
    """``text`` with the worktree's absolute paths (property origins) made relative."""
    return text.replace(f"{context.root}/", "")


def baseline_properties(context: ToolContext) -> set[str]:
    return {name for check in check_all(context) for name in check.failing}


def check_properties(context: ToolContext, baseline: GateBaseline | None) -> GateStep:
    checks = check_all(context)
    results = [(check, result) for check in checks for result in check.results]
    if not checks:
        return GateStep(NAME, True, True, "the project has no property files (*.props.yaml)")
    known = baseline.failing_properties if baseline is not None else set()
    evidence: list[str] = []
    new_failures: list[str] = []
    old_failures: list[str] = []
    for check in checks:
        if check.problem is not None:
            name = f"{check.file}::{FILE_PROBLEM}"
            if name in known:
                old_failures.append(check.file)
            else:
                new_failures.append(check.file)
                evidence.append(f"{check.file}: {check.problem}")
    for check, result in results:
        if result.verdict.value not in FAILING:
            continue
        name = check.name_of(result)
        if name in known:
            old_failures.append(name)
            continue
        new_failures.append(name)
        if len(evidence) < MAX_SHOWN:
            evidence.append(describe(context, check, result))
    counts = _counts([result for _, result in results])
    preexisting = f"not holding already: {', '.join(old_failures)}" if old_failures else ""
    if not new_failures:
        return GateStep(NAME, True, False, counts, preexisting=preexisting)
    if len(new_failures) > MAX_SHOWN:
        evidence.append(f"... and {len(new_failures) - MAX_SHOWN} more")
    summary = f"{plural(len(new_failures), 'property', 'properties')} failed ({counts})"
    return GateStep(NAME, False, False, summary, "\n\n".join(evidence), preexisting)


def _counts(results: list[PropertyResult]) -> str:

    if not results:
        return "no properties checked"
    parts = []
    for verdict in Verdict:
        count = sum(1 for r in results if r.verdict is verdict)
        if count:
            parts.append(f"{count} {verdict.value}")
    bounded = sum(1 for r in results if r.held_to_bound)
    text = ", ".join(parts)
    return text + (f" ({bounded} held to the bound, not proved)" if bounded else "")


def _specs(project: Any, entry: str) -> dict[str, Any]:
    """Types of the entry's signals by shown path, so values print as ST literals."""
    from werk.tools.st.prove.entry import Entry

    try:
        found = Entry(project, entry)
    except WerkError:
        return {}
    return {signal.shown: signal.spec for signal in found.signals.values()}
