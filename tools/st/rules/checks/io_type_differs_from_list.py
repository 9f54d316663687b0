"""WERK604: the code declares a signal with another data type than the I/O list."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoTypeDiffersFromList(IoListRule):
    """## What it does
    Finds I/O variables whose declared type differs from the data type the
    I/O list gives their tag (`nLevel AT %IW2 : WORD` against `INT` in the
    list). Types compare case-insensitively (`Bool` is `BOOL`). The finding
    is on the declaration.

    ## Why is this bad?
    An analog input read as WORD where the card delivers a signed INT turns
    a slightly negative reading (a sensor below zero, a wire break on a
    live-zero input) into 65,000 and something: the level looks full.

    ## Example
    ```st
    VAR_GLOBAL
        nLevelRaw AT %IW2 : WORD;   (* io_list.csv: nLevelRaw;%IW2;INT *)
    END_VAR
    ```

    ## Use instead
    Declare the type the device delivers, as the list states it.

    ## Fix safety
    No fix.

    ## References
    No PLCopen or CODESYS static-analysis equivalent: both check the code,
    not the code against the electrical design.
    """

    code = "WERK604"
    name = "io-type-differs-from-list"
    severity = Severity.WARNING
    category = Category.TYPES
