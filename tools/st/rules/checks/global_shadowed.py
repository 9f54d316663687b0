"""WERK402: a local variable with the name of a global variable, which it hides."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import GlobalList, Pou, Section
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

# VAR_EXTERNAL names the global on purpose: it is the IEC way to import it.
NOT_LOCAL = frozenset({Section.VAR_EXTERNAL, Section.VAR_GLOBAL, Section.VAR_CONFIG})


class GlobalShadowed(Rule):
    """## What it does
    Finds variables of a POU (inputs, outputs, in-outs, VAR, VAR_TEMP,
    VAR_INST, VAR_STAT) named like a global variable (names compare without
    case, as in ST). Inside that POU the name means the local variable, and
    the global is out of reach without its list's name. VAR_EXTERNAL
    declarations, which import the global on purpose, are not flagged, nor
    are globals of a list with `{attribute 'qualified_only'}`: they are only
    ever written `GVL.name`, so a local of the same name hides nothing. As in
    CODESYS, the attribute stands above the GVL and covers every block below
    it: a `VAR_GLOBAL CONSTANT` or `VAR_GLOBAL PERSISTENT` block after the
    attributed `VAR_GLOBAL` is qualified-only too.

    ## Why is this bad?
    An engineer who reads `bEmergencyStop` in a block expects the plant's
    emergency stop from the global list; the block actually reads its own
    local copy, which nothing ever sets. The interlock looks right in review
    and does not work at the machine. The same name also makes online
    monitoring and cross-references point at two different variables.

    ## Example
    ```st
    VAR_GLOBAL
        bEmergencyStop : BOOL;
    END_VAR
    FUNCTION_BLOCK FB_Press
    VAR
        bEmergencyStop : BOOL;
    END_VAR
    ```

    ## Use instead
    Rename the local (`bLocalStop`), or use the global: delete the local
    declaration, or import it with VAR_EXTERNAL.

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines N5 (local names shall not shadow global
    names); CODESYS static analysis SA0013.
    """

    code = "WERK402"
    name = "global-shadowed"
    message = "'{name}' hides the global variable '{global_name}'"
    severity = Severity.WARNING
    category = Category.STYLE

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        for variable in pou.variables:
            if variable.section in NOT_LOCAL:
                continue
            hidden = self.project.find_global(variable.name)
            if hidden is None or hidden is variable:
                continue
            owner = hidden.owner
            shown = (
                f"{owner.name}.{hidden.name}"
                if isinstance(owner, GlobalList) and owner.name
                else hidden.name
            )
            yield self.finding(
                variable.location,
                pou,
                name=variable.name,
                global_name=shown,
            )
