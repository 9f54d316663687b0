"""WERK105: a VAR_OUTPUT that its own POU never writes."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.symbols import Section
from werk.tools.st.rules.checks._dataflow import parameters
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class UnusedOutput(Rule):
    """## What it does
    Finds a VAR_OUTPUT without an initial value that the POU never writes: not
    in its body, its methods, actions and properties, nor in an FB that extends
    it. Writing a part of it, passing it to a VAR_IN_OUT, taking its address or
    calling it (an FB instance as output) count as writing. Left alone:
    parameters of methods that implement an interface method, override a base
    method or are overridden, POUs and variables with attributes or addresses,
    POUs without Structured Text code, and the standard library.

    ## Why is this bad?
    The caller reads the output and acts on it: a "done", a "fault", a
    position. It never changes from its initial value, so a fault is never
    reported and a sequence that waits for "done" waits forever.

    ## Example
    ```st
    FUNCTION_BLOCK FB_Axis
    VAR_OUTPUT
        bDone : BOOL;
        bError : BOOL; (* never written *)
    END_VAR
    bDone := rPosition >= rTarget;
    ```

    ## Use instead
    Write the output where its condition is decided, or remove it from the
    interface and from its callers.

    ## Fix safety
    No automatic fix: removing an output changes every caller that reads it.

    ## References
    PLCopen Coding Guidelines CP24 (unused variables); CODESYS static analysis
    SA0036 (unused output variables).
    """

    code = "WERK105"
    name = "unused-output"
    message = "Output '{name}' is never written inside its POU"
    severity = Severity.WARNING
    category = Category.DATA_FLOW

    def check_project(self) -> Iterator[Finding]:
        for pou, variable, own in parameters(self.project, Section.VAR_OUTPUT):
            if variable.initial_value is None and (own is None or not own.changed):
                yield self.finding(variable.location, pou, name=variable.name)
