"""``run_prove``: check the project's requirement properties (``werk prove``) on the current code.

The properties of the ``*.props.yaml`` files (PLCverif patterns over the
entry POU's ``instance``) are checked by falsification on the simulator,
bounded model checking and k-induction. Each property is ``proved``,
``violated`` (with the counterexample: per cycle the inputs and the values
the property reads, the failing cycle marked), ``unknown`` (usually "held
to depth 20": no violation up to the bound) or ``defective``.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence
from werk.agent.workspace.paths import normalised

MAX_FILES = 10


class RunProveArguments(ToolArguments):
    path: str | None = Field(
        None,
        description="One property file (*.props.yaml) to check (default: all of them).",
        validation_alias=AliasChoices("path", "file", "property_file"),
    )
    pattern: str | None = Field(
        None,
        description="Only properties whose name contains this text.",
        validation_alias=AliasChoices("pattern", "filter", "name", "property"),
    )


def run_prove(context: ToolContext, arguments: RunProveArguments) -> str:
    """Check the project's requirement properties (*.props.yaml: PLCverif patterns such as
    invariant, implication, response) against the current code with werk prove. Violated
    properties come with a counterexample: inputs and values per PLC cycle."""
    from werk.agent.verification.st_properties import (
        PropertyCheck,
        check_all,
        check_file,
        property_files,
        relative_paths,
    )
    from werk.tools.st.prove import render_results

    if arguments.path:
        context.workspace.resolve(arguments.path)
        relative = normalised(arguments.path)
        if relative not in property_files(context):
            raise ToolInputError(
                f"{relative} is not a property file of the repository",
                hint="property files end in .props.yaml; list_files with pattern *.props.yaml",
            )
        checks: list[PropertyCheck] = [check_file(context, relative, arguments.pattern)]
    else:
        checks = check_all(context, arguments.pattern)
    if not checks:
        return "the project has no property files (*.props.yaml); nothing to prove"
    known = context.baseline.failing_properties if context.baseline is not None else set()
    parts = []
    for check in checks[:MAX_FILES]:
        if check.problem is not None:
            parts.append(f"{check.file}: cannot be checked: {check.problem}")
            continue
        if not check.results:
            parts.append(f"{check.file}: no property matches")
            continue
        before = [name for name in check.failing if name in known]
        text = relative_paths(context, render_results(check.results, check.specs))
        if before:
            text += f"(failed before the change too: {', '.join(before)})\n"
        parts.append(fence(f"{check.file} (entry {check.entry})", text))
    if len(checks) > MAX_FILES:
        parts.append(f"... and {len(checks) - MAX_FILES} more property files (give path)")
    return "\n".join(parts)


TOOL = ToolSpec("run_prove", RunProveArguments, run_prove)
