"""WERK603: the code and the I/O list put a signal at different addresses."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoAddressDiffersFromList(IoListRule):
    """## What it does
    Finds I/O variables whose address differs from the address the I/O list
    gives their tag (`bStart AT %IX0.0` in the code, `%IX0.4` in the list),
    and variables at an address the list gives to another tag (`%IX0.2` is
    `bLevelHigh` in the code but `bLevelMax` in the list). Addresses are
    compared in their normal form, so `E0.2`, `I 0.2` and `%IX0.2` are one
    address. The finding is on the declaration.

    ## Why is this bad?
    The program reads the wrong wire: the start button's contact switches
    another input, and the machine starts when someone opens a guard door.
    Such errors survive a desk check because each side looks right alone.

    ## Example
    ```st
    VAR_GLOBAL
        bStart AT %IX0.0 : BOOL;   (* io_list.csv: bStart;%IX0.4;BOOL *)
    END_VAR
    ```

    ## Use instead
    Correct whichever side is wrong; the I/O list usually follows the
    wiring diagram.

    ## Fix safety
    No fix.

    ## References
    No PLCopen or CODESYS equivalent; closest: PLCopen Coding Guidelines CP4
    (direct addresses).
    """

    code = "WERK603"
    name = "io-address-differs-from-list"
    severity = Severity.WARNING
    category = Category.CORRECTNESS
