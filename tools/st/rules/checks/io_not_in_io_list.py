"""WERK602: an input or output of the code that the I/O list does not name."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoNotInIoList(IoListRule):
    """## What it does
    Finds inputs and outputs of the code (`AT %I...`, `AT %Q...`, `AT %I*`,
    `AT %Q*`, in global lists, programs and function blocks, one per
    instance; and addresses the code uses directly) that no row of the I/O
    lists names, by tag or by address. Marker memory (`%M`) is not expected
    in an I/O list and is not checked. Only when `[plant] io_lists` is set.

    ## Why is this bad?
    An output in the code that the electrical design does not know drives a
    terminal nobody wired, or one wired to something else: the program
    switches what it believes is the horn and opens a valve instead. The I/O
    list is what the electrician and the commissioning engineer test against.

    ## Example
    ```st
    VAR_GLOBAL
        bHorn AT %QX0.3 : BOOL;   (* not in io_list.csv *)
    END_VAR
    ```

    ## Use instead
    Add the signal to the I/O list (and to the wiring), or remove it from the
    code.

    ## Fix safety
    No fix.

    ## References
    No PLCopen or CODESYS static-analysis equivalent: both check the code,
    not the code against the electrical design.
    """

    code = "WERK602"
    name = "io-not-in-io-list"
    severity = Severity.WARNING
    category = Category.CORRECTNESS
