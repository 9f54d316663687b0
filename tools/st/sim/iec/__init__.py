"""IEC 61131-3 value semantics for the scan-cycle simulator: pure values, no syntax trees.

Value representation (the contract with the compiler in ``tools/st/sim``):

- BOOL → ``bool``.
- SINT..ULINT and BYTE..LWORD → ``int``, always stored wrapped to the type's
  width (two's complement for signed types), as CODESYS/TwinCAT do on overflow.
- REAL → ``float`` rounded to IEEE single precision on every store; LREAL → ``float``.
- TIME → ``int`` milliseconds, 32-bit unsigned wraparound (CODESYS/TwinCAT
  keep TIME in a DWORD of ms); LTIME → ``int`` nanoseconds, 64-bit unsigned.
- DATE and DT → ``int`` seconds since 1970-01-01 (32-bit unsigned);
  TIME_OF_DAY/TOD → ``int`` ms since midnight; LDATE/LDT/LTOD → ``int`` ns.
- STRING[n], WSTRING[n] → ``str`` (default n = 80, cut to n characters on store).
- Enumeration values → ``int``.

Modules: ``types`` (elementary types, ``store``/``storer``), ``errors`` (run-time
faults), ``clock`` (virtual time), ``operators`` (ST operators), ``literals``
(parsing and showing values), ``conversions`` (``*_TO_*``, ``TRUNC``),
``functions`` (the standard functions), ``standard_fbs`` (TON, CTU, R_TRIG...).
Each module's docstring records the semantic choices it makes and where they
come from.
"""

from werk.tools.st.sim.iec.clock import VirtualClock
from werk.tools.st.sim.iec.conversions import conversion
from werk.tools.st.sim.iec.errors import (
    DivisionByZero,
    IecFault,
    InvalidOperation,
    RangeFault,
    UnsupportedOperation,
)
from werk.tools.st.sim.iec.functions import parameter_names, standard_function
from werk.tools.st.sim.iec.literals import format_value, parse_literal
from werk.tools.st.sim.iec.operators import binary_operator, unary_operator
from werk.tools.st.sim.iec.standard_fbs import STANDARD_FUNCTION_BLOCKS
from werk.tools.st.sim.iec.types import ElementarySpec, spec, store, storer

__all__ = [
    "STANDARD_FUNCTION_BLOCKS",
    "DivisionByZero",
    "ElementarySpec",
    "IecFault",
    "InvalidOperation",
    "RangeFault",
    "UnsupportedOperation",
    "VirtualClock",
    "binary_operator",
    "conversion",
    "format_value",
    "parameter_names",
    "parse_literal",
    "spec",
    "standard_function",
    "store",
    "storer",
    "unary_operator",
]
