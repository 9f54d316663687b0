"""Dialect lowering: CODESYS/TwinCAT and Siemens SCL constructs rewritten into standard ST.

The grammar werk parses Structured Text with covers IEC 61131-3 only; real
projects are written in vendor dialects. ``lower`` rewrites each dialect
construct into standard ST the grammar parses, records what it meant as a
``Rewrite``, and keeps an exact byte offset map back to the engineer's file
(see DESIGN.md, "One model of the code").
"""

from werk.tools.st.lowering.lowerer import lower
from werk.tools.st.lowering.rewrite import LoweredSource, Rewrite, RewriteKind

__all__ = ["LoweredSource", "Rewrite", "RewriteKind", "lower"]
