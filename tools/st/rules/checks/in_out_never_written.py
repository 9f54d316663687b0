"""WERK103: a VAR_IN_OUT that its POU only reads."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.model.types import PointerType, ReferenceType
from werk.tools.st.rules.checks._dataflow import parameters
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class InOutNeverWritten(Rule):
    """## What it does
    Finds a VAR_IN_OUT (not `VAR_IN_OUT CONSTANT`) that the POU reads but never
    changes: no write to it or to a part of it, no passing it on to another
    VAR_IN_OUT, no address taken, no call of it or of a method or FB inside it,
    in the POU's body, methods, actions and properties, nor in an FB that
    extends it. Pointers, references and interfaces passed as VAR_IN_OUT, and
    the POUs the unused-parameter rules leave alone, are not checked.

    ## Why is this bad?
    VAR_IN_OUT tells the caller "I will change what you pass me": the caller
    must pass a variable (never an expression or a constant), and whoever
    debugs a wrong value searches this block as one of its writers. A
    parameter that is only read says that falsely.

    ## Example
    ```st
    VAR_IN_OUT
        stRecipe : ST_Recipe; (* only read *)
    END_VAR
    rSetpoint := stRecipe.rTemperature;
    ```

    ## Use instead
    `VAR_INPUT stRecipe : ST_Recipe;`, or for a large structure that should not
    be copied on every call, `VAR_IN_OUT CONSTANT stRecipe : ST_Recipe;`.

    ## Fix safety
    No automatic fix: moving the declaration to another section may change
    callers that pass expressions.

    ## References
    IEC 61131-3 (3rd edition) VAR_IN_OUT CONSTANT; no PLCopen or CODESYS id
    (werk's own rule).
    """

    code = "WERK103"
    name = "in-out-never-written"
    message = (
        "In-out '{name}' is only read: declare it VAR_INPUT, or VAR_IN_OUT CONSTANT "
        "for a large structure"
    )
    severity = Severity.INFO
    category = Category.DATA_FLOW

    def check_project(self) -> Iterator[Finding]:
        for pou, variable, own in parameters(self.project, Section.VAR_IN_OUT):
            if own is not None and not own.changed and self._checked(variable):
                yield self.finding(variable.location, pou, name=variable.name)

    def _checked(self, variable: Variable) -> bool:
        if variable.is_constant or isinstance(variable.type, PointerType | ReferenceType):
            return False
        resolved = self.project.resolve_type(variable.type)
        return not (isinstance(resolved, Pou) and resolved.kind is PouKind.INTERFACE)
