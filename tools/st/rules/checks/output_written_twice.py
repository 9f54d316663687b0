"""CP12: an output written more than once along one path of one cycle."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou, Section, Variable
from werk.tools.st.model.uses import UseKind
from werk.tools.st.rules.checks._dataflow import (
    AgainOnPath,
    Step,
    access_key,
    access_location,
    own_scopes,
    source_text,
    where,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class OutputWrittenTwice(Rule):
    """## What it does
    Finds an output written a second time on one path through the code of one
    call: a VAR_OUTPUT of the POU (of its FB, for a method or action), a variable
    at an `AT %Q...` address, a global bound to `%Q`, or a `%Q` address used in
    code. Two writes in mutually exclusive arms of one IF or CASE are fine; a
    write in an IF without ELSE followed by another write is not, since on the
    path through the IF both happen. Set/reset assignments (`S=`, `R=`), writes
    through a computed index (`aOut[i]`) and writes of different parts
    (`stOut.a`, `stOut.b`) are not counted.

    What counts are the places in the code that write, as CODESYS SA0004
    counts them: one assignment inside a loop is one write, however many
    times the loop runs it, also when it reads the old value to accumulate
    (`bAny := bAny OR aOn[i];`). A read-modify-write is a write all the same:
    `wActive := 0;` before a loop that accumulates into `wActive` is a first
    write, and the loop's assignment a second one. The fault override
    (`bOut := bCmd;` and then `IF bFault THEN bOut := FALSE; END_IF`) is
    common PLC code but two writes on the path through the IF; SA0004 flags
    it too (its only exception is writes in different branches of one IF or
    CASE), and so does this rule. Unlike SA0004, a write on a path that
    returned before the next one is not counted.

    ## Why is this bad?
    A physical output is copied to the hardware once, at the end of the cycle:
    only the last write counts, and the earlier ones mislead whoever reads the
    code at the machine ("the valve is opened here... and closed again three
    screens further down"). When the output drives something, the engineer
    must be able to find the one place that decides its value.

    ## Example
    ```st
    bValve := bOpenCmd;
    IF bAlarm THEN
        bValve := FALSE;
    END_IF
    ```

    ## Use instead
    ```st
    bValve := bOpenCmd AND NOT bAlarm;
    ```
    or compute the value in a local variable and write the output once, at the
    end; a mask built in a loop is built in a local too:
    ```st
    wMask := 0;
    FOR i := 0 TO 15 DO
        IF aOn[i] THEN
            wMask := wMask OR SHL(WORD#1, i);
        END_IF
    END_FOR
    wActive := wMask;
    ```
    Where a team keeps the fault override on purpose, say so on the line:
    `(* werk: ignore CP12 -- fault override *)`.

    ## Fix safety
    No automatic fix: merging the writes is a decision about the logic.

    ## References
    PLCopen Coding Guidelines CP12 (physical outputs shall be written once per
    PLC cycle); CODESYS static analysis SA0004 (multiple write access on output).
    """

    code = "CP12"
    name = "output-written-twice"
    message = "Output '{name}' is written again on a path that already wrote it"
    severity = Severity.WARNING
    category = Category.SCAN_CYCLE

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        owners = own_scopes(pou, self.project)

        def output(step: Step) -> str | None:
            use = step.use
            if use.kind is not UseKind.WRITE or not step.certain:
                return None
            if use.address is not None:
                return access_key(use) if use.address.upper().startswith("%Q") else None
            target = use.target
            if not isinstance(target, Variable):
                return None
            is_output = (target.address or "").upper().startswith("%Q") or (
                target.section is Section.VAR_OUTPUT and id(target.owner) in owners
            )
            return access_key(use) if is_output else None

        for second, first in AgainOnPath(pou, analysis, output).run():
            location = access_location(second)
            yield self.finding(
                location,
                pou,
                related=(f"first written here: {where(access_location(first))}",),
                name=source_text(location),
            )
