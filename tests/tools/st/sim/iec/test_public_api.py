"""The value layer's public names: the compiler in tools/st/sim is written against them."""

from __future__ import annotations

import werk.tools.st.sim.iec as iec


def test_public_api() -> None:
    assert sorted(iec.__all__) == [
        "DivisionByZero", "ElementarySpec", "IecFault", "InvalidOperation", "RangeFault",
        "STANDARD_FUNCTION_BLOCKS", "UnsupportedOperation", "VirtualClock", "binary_operator",
        "conversion", "format_value", "parameter_names", "parse_literal", "spec",
        "standard_function", "store", "storer", "unary_operator",
    ]  # fmt: skip
    for name in iec.__all__:
        assert getattr(iec, name) is not None


def test_the_contract_modules_and_names_exist() -> None:
    from werk.tools.st.sim.iec import (
        clock,
        conversions,
        errors,
        functions,
        literals,
        operators,
        standard_fbs,
        types,
    )

    assert callable(types.spec) and callable(types.store) and callable(types.storer)
    assert {"IecFault", "DivisionByZero", "RangeFault", "UnsupportedOperation"} <= set(vars(errors))
    assert callable(operators.binary_operator) and callable(operators.unary_operator)
    assert callable(literals.parse_literal) and callable(literals.format_value)
    assert callable(conversions.conversion)
    assert callable(functions.standard_function) and callable(functions.parameter_names)
    assert callable(clock.VirtualClock)
    assert isinstance(standard_fbs.STANDARD_FUNCTION_BLOCKS, dict)
