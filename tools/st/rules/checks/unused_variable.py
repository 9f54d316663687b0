"""CP24: a local variable that nothing reads or writes."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou, Section
from werk.tools.st.rules.finding import Finding, Fix, Severity, TextEdit
from werk.tools.st.rules.rule import Category, Rule

LOCAL_SECTIONS = frozenset({Section.VAR, Section.VAR_TEMP, Section.VAR_INST, Section.VAR_STAT})


class UnusedVariable(Rule):
    """## What it does
    Finds local variables (VAR, VAR_TEMP, VAR_INST, VAR_STAT) that no code in
    the project reads, writes or passes on.

    ## Why is this bad?
    Dead declarations make an engineer at the machine wonder what they are for,
    cost memory on small controllers, and often are the remains of logic that
    was meant to be connected: a timer declared but never called is an
    interlock that does not exist.

    ## Example
    ```st
    VAR
        tonUnused : TON;
    END_VAR
    ```

    ## Use instead
    Remove the declaration, or connect it where it was meant to be used.

    ## Fix safety
    Safe: removes the declaration when it is the only one on its line and has
    no AT address or attribute (nothing outside the code can refer to it).

    ## References
    PLCopen Coding Guidelines CP24; CODESYS static analysis SA0033.
    """

    code = "CP24"
    name = "unused-variable"
    message = "Variable '{name}' is declared but never used"
    severity = Severity.WARNING
    category = Category.DATA_FLOW
    fix_title = "remove the unused declaration"

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        for variable in pou.variables:
            if variable.section not in LOCAL_SECTIONS or variable.address or variable.attributes:
                continue
            if any(u.target is variable for u in self.project.references(variable)):
                continue
            yield self.finding(variable.location, pou, self._removal(variable), name=variable.name)

    def _removal(self, variable: object) -> Fix | None:
        from werk.tools.st.model.symbols import Variable

        assert isinstance(variable, Variable)
        declaration = variable.declaration
        if declaration is None:
            return None
        unit = declaration.unit
        text = unit.lowered.text
        start, end = declaration.start, declaration.end
        line_start = text.rfind(b"\n", 0, start) + 1
        line_end = text.find(b"\n", end)
        line_end = len(text) if line_end < 0 else line_end + 1
        before, after = text[line_start:start], text[end:line_end]
        single = (
            b"," not in text[variable.location.start : end].split(b":")[0]
            and b"," not in text[start : variable.location.start]
        )
        comment_only = after.strip() == b"" or after.strip().startswith((b"(*", b"//"))
        if before.strip() or not comment_only or not single:
            return None
        file_start, file_end = unit.file_span(line_start, line_end)
        return Fix(
            f"remove the declaration of {variable.name}",
            (TextEdit(unit.path, file_start, file_end, b""),),
        )
