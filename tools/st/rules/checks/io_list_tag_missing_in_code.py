"""WERK601: a signal of the I/O list that the code does not have."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoListTagMissingInCode(IoListRule):
    """## What it does
    Compares the code with the plant's I/O lists (`[plant] io_lists` in
    `werk.toml`, CSV or Excel) and finds rows whose tag no I/O variable of
    the code has (neither as its path, `GVL_IO.bLevelHigh`, nor as its
    name, `bLevelHigh`) and whose address no variable of the code is at. The
    finding is on the row of the list.

    The lists' columns are found by their headers (Tag, Address, Data type,
    Description, Unit, Range or Min/Max, Device; English or German names) or
    named in `[plant.columns]`; `[plant] sheet` picks the Excel sheet.

    ## Why is this bad?
    A sensor that is wired and listed but never read by the program is a
    function nobody implemented: the high-level switch is in the cabinet,
    and the pump still runs the tank over. At commissioning the signal test
    passes at the terminal and nobody notices the program ignores it.

    ## Example
    ```st
    VAR_GLOBAL
        bLevelLow AT %IX0.1 : BOOL;
        (* io_list.csv also has: bLevelHigh;%IX0.2;BOOL;level switch high *)
    END_VAR
    ```

    ## Use instead
    Declare the signal at its address and use it, or take the row out of the
    list when the device was dropped from the design.

    ## Fix safety
    No fix.

    ## References
    No PLCopen or CODESYS equivalent: CODESYS checks the I/O mapping of its
    own device tree, not an external I/O list. Closest: PLCopen Coding
    Guidelines CP4 (direct addresses consistent with the hardware).
    """

    code = "WERK601"
    name = "io-list-tag-missing-in-code"
    severity = Severity.WARNING
    category = Category.CORRECTNESS
