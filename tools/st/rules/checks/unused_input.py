"""WERK104: a VAR_INPUT that its own POU never reads."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.symbols import Section
from werk.tools.st.rules.checks._dataflow import parameters
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class UnusedInput(Rule):
    """## What it does
    Finds a VAR_INPUT that the POU never reads: not in its body, its methods,
    actions and properties, nor in an FB that extends it. Passing it on, taking
    its address or calling it (an FB instance given as input) count as reading.
    Left alone: parameters of methods that implement an interface method,
    override a base method or are overridden (the signature is fixed
    elsewhere), POUs and variables with attributes or addresses, POUs without
    Structured Text code, and the standard library.

    ## Why is this bad?
    The caller wires a signal to the input and believes the block uses it: an
    interlock, a limit, an enable. Nothing happens when it changes, and nobody
    notices until the interlock is needed.

    ## Example
    ```st
    FUNCTION_BLOCK FB_Pump
    VAR_INPUT
        bEnable : BOOL;
        bDryRunProtection : BOOL; (* never read *)
    END_VAR
    bRun := bEnable;
    ```

    ## Use instead
    Use the input where it was meant to act
    (`bRun := bEnable AND NOT bDryRunProtection;`), or remove it from the
    interface and from its callers.

    ## Fix safety
    No automatic fix: removing an input changes every call of the POU.

    ## References
    PLCopen Coding Guidelines CP24 (unused variables); CODESYS static analysis
    SA0035 (unused input variables).
    """

    code = "WERK104"
    name = "unused-input"
    message = "Input '{name}' is never read inside its POU"
    severity = Severity.WARNING
    category = Category.DATA_FLOW

    def check_project(self) -> Iterator[Finding]:
        for pou, variable, own in parameters(self.project, Section.VAR_INPUT):
            if own is None or not own.read:
                yield self.finding(variable.location, pou, name=variable.name)
