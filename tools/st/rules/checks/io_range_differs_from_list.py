"""WERK605: the code states another range for a signal than the I/O list."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoRangeDiffersFromList(IoListRule):
    """## What it does
    Finds I/O variables whose declared range differs from the range the I/O
    list gives their tag. Only when both state one. The code states a range
    by an attribute (`{attribute 'range' := '0..16'}`, or `'min'` and
    `'max'`), in the declaration's comment (`(* [bar] 0..16 *)`,
    `// range: 0..16`, `min: 0 max: 16`) or by a subrange type
    (`INT(0..100)`). The list states it in one column (`0..16`, `0-16`) or
    two (Min, Max). The finding is on the declaration.

    ## Why is this bad?
    Scaling and limit checks are written against the range in the code; if
    the transmitter was ordered for 0..10 bar while the code scales 0..16
    bar, every reading is 60 % too high and the relief logic opens late.

    ## Example
    ```st
    VAR_GLOBAL
        nPressure AT %IW4 : INT;   (* [bar] 0..16 -- io_list.csv says 0..10 *)
    END_VAR
    ```

    ## Use instead
    Make the declaration state the range the device is configured for.

    ## Fix safety
    No fix.

    ## References
    No PLCopen or CODESYS static-analysis equivalent; the range comes from
    the documentation PLCopen Coding Guidelines C2 asks for (comment every
    element).
    """

    code = "WERK605"
    name = "io-range-differs-from-list"
    severity = Severity.WARNING
    category = Category.TYPES
