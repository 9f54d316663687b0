"""Every standard FB and function has a description an engineer can read on hover."""

from __future__ import annotations

from werk.lsp.features.stdlib_docs import is_conversion, standard_doc
from werk.tools.st.model.project import standard_library
from werk.tools.st.model.symbols import PouKind


def test_every_standard_pou_is_described() -> None:
    missing = [
        pou.name
        for pou in standard_library().declarations.pous
        if pou.kind in (PouKind.FUNCTION, PouKind.FUNCTION_BLOCK) and not standard_doc(pou.name)
    ]
    assert missing == []


def test_conversions_are_described_by_their_name() -> None:
    assert standard_doc("INT_TO_REAL") == (
        "Converts IN from INT to REAL (IEC 61131-3 type conversion)."
    )
    assert standard_doc("TO_DINT") is not None and "any elementary type" in standard_doc("TO_DINT")
    assert standard_doc("TRUNC_INT") == "IN truncated towards zero and converted to INT."
    assert is_conversion("time_to_dint") and not is_conversion("LIMIT")
    assert standard_doc("FB_Pump") is None
