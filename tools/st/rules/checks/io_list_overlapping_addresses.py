"""WERK607: two rows of the I/O lists whose addresses share bits."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoListOverlappingAddresses(IoListRule):
    """## What it does
    Finds rows of the I/O lists whose addresses overlap: the same address
    twice, or a bit inside a word another row uses (`%IX8.3` and `%IW4`).
    Where an address lies depends on the controller (setting `addressing`
    in `[plant]`): `codesys` counts the number after the size in units of
    that size (`%IW4` is bytes 8-9), `byte` counts bytes (Siemens S7); `auto`
    (default) uses `byte` when the project has Siemens SCL sources. The
    finding is on the later row.

    ## Why is this bad?
    Two signals on one terminal: one of them is wired wrong, or the list was
    copied and not updated. The code written from such a list has two names
    for one input and the program reads the same wire twice.

    ## Example
    ```st
    (* io_list.csv:
       bLevelLow;%IX0.1;BOOL
       bLevelHigh;%IX0.1;BOOL   <- the same input *)
    ```

    ## Use instead
    Give each signal its own channel in the list and in the wiring.

    ## Fix safety
    No fix.

    ## References
    Like PLCopen Coding Guidelines CP4 and CODESYS static analysis SA0028
    (overlapping memory areas), applied to the I/O list.
    """

    code = "WERK607"
    name = "io-list-overlapping-addresses"
    severity = Severity.WARNING
    category = Category.CORRECTNESS
