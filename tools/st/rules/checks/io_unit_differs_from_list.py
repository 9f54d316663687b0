"""WERK606: the code states a unit for a signal that contradicts the I/O list."""

from __future__ import annotations

from werk.tools.st.rules.checks._io_list import IoListRule
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Category


class IoUnitDiffersFromList(IoListRule):
    """## What it does
    Finds I/O variables whose declared engineering unit differs from the
    unit the I/O list gives their tag: a different quantity (`bar` against
    `m/s`), or the same quantity at another scale (`bar` against `kPa`: the
    message gives the factor). Units are compared with pint's unit registry,
    so `degC` and `°C`, or `%` and `percent`, are the same unit; units it
    does not know are compared as text. The code states a unit by an
    attribute (`{attribute 'unit' := 'bar'}`) or in the declaration's
    comment (`(* [bar] *)`, `// unit: bar`). The finding is on the
    declaration.

    ## Why is this bad?
    A value in kPa treated as bar is a hundred times too large: alarms trip
    on every start, or, the other way round, never. Unit mix-ups between the
    instrument list and the program are among the most common commissioning
    errors in process plants.

    ## Example
    ```st
    VAR_GLOBAL
        {attribute 'unit' := 'bar'}
        nPressure AT %IW4 : INT;   (* io_list.csv says kPa *)
    END_VAR
    ```

    ## Use instead
    State the unit the value really has, and convert where the units change.

    ## Fix safety
    No fix.

    ## References
    No PLCopen or CODESYS static-analysis equivalent; the unit comes from
    the documentation PLCopen Coding Guidelines C2 asks for (comment every
    element).
    """

    code = "WERK606"
    name = "io-unit-differs-from-list"
    severity = Severity.WARNING
    category = Category.TYPES
