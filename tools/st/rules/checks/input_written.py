"""WERK102: a POU assigns one of its own inputs."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou, Section, Variable
from werk.tools.st.model.uses import UseKind
from werk.tools.st.rules.checks._dataflow import access_location, own_scopes, source_text
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class InputWritten(Rule):
    """## What it does
    Finds assignments to one of the POU's own VAR_INPUT variables, or to a part
    of one (`stCmd.bStart := FALSE`, `wFlags.3 := TRUE`), inside the POU: in its
    body, in its methods, actions and properties, or in an FB that extends it.
    Set/reset assignments and output arguments (`fbInner(Q => bIn)`) count too.

    ## Why is this bad?
    An input is the caller's value. Overwriting it inside the block hides what
    the caller asked for: the online view shows the block's value, not the
    command, and the next cycle the caller's value is back, so the block
    behaves differently on the first and the following calls. A typical case
    resets a command input (`bExecute := FALSE`) that the caller still holds
    TRUE; whoever debugs the machine sees the command "disappear".

    ## Example
    ```st
    VAR_INPUT
        bReset : BOOL;
    END_VAR
    IF bReset THEN
        nCount := 0;
        bReset := FALSE;
    END_IF
    ```

    ## Use instead
    Keep the input read-only; detect its edge (`R_TRIG`) or copy it into a local
    variable that the block may change.

    ## Fix safety
    No automatic fix.

    ## References
    CODESYS static analysis SA0037 (write access to an input variable).
    """

    code = "WERK102"
    name = "input-written"
    message = "Input '{name}' is assigned inside its own POU"
    severity = Severity.WARNING
    category = Category.DATA_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        owners = own_scopes(pou, self.project)
        for use in analysis.uses:
            target = use.target
            if (
                use.kind is UseKind.WRITE
                and isinstance(target, Variable)
                and target.section is Section.VAR_INPUT
                and id(target.owner) in owners
            ):
                location = access_location(use)
                yield self.finding(location, pou, name=source_text(location))
