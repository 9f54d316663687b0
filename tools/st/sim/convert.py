"""Implicit conversions where a value meets a variable of another elementary type.

IEC 61131-3 §6.4.2 converts implicitly when a value is assigned or passed
to a wider type (INT to DINT, INT to REAL); CODESYS and TwinCAT also accept
the narrowing direction with a warning. Either way the stored value is what
the explicit ``<source>_TO_<target>`` conversion gives, followed by the
target's store rule (wrap, REAL rounding, STRING[n] truncation), so that is
what the simulator does. An untyped literal takes the type of its context
(§6.3.2) and is simply stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werk.tools.st.model.types import ElementaryType, StringType, TypeRef
from werk.tools.st.sim.iec.conversions import conversion
from werk.tools.st.sim.iec.types import ElementarySpec, spec, storer

INTEGER_KINDS = frozenset({"bits", "signed", "unsigned"})
STRING_KINDS = frozenset({"string", "wstring"})
TEMPORAL_KINDS = frozenset({"time", "date", "tod", "dt"})


def is_integer(spec: ElementarySpec) -> bool:
    """SINT..ULINT and BYTE..LWORD (the contract's ``kind``, nothing else assumed)."""
    return spec.kind in INTEGER_KINDS


def is_string(spec: ElementarySpec) -> bool:
    return spec.kind in STRING_KINDS


def spec_of_type(type_ref: TypeRef | None) -> ElementarySpec | None:
    """The iec spec of an elementary or string type reference, else None."""
    if isinstance(type_ref, ElementaryType):
        return spec(type_ref.name)
    if isinstance(type_ref, StringType):
        return spec("WSTRING" if type_ref.wide else "STRING")
    return None


def untyped_store(target: ElementarySpec, length: int | None) -> Callable[[Any], Any]:
    """Storing an untyped literal (an ``int``, ``float``, ``bool`` or ``str``) into ``target``."""
    store = storer(target, length)
    kind = target.kind
    if kind == "real":
        return lambda value: store(float(value))
    if kind == "bool":
        return lambda value: bool(value)
    if is_integer(target) or target.kind in TEMPORAL_KINDS:
        lreal = spec("LREAL")
        assert lreal is not None
        from_real = conversion(lreal, target)
        return lambda value: store(value) if isinstance(value, int) else store(from_real(value))
    return store


def converter(
    source: ElementarySpec | None, target: ElementarySpec, length: int | None = None
) -> Callable[[Any], Any]:
    """The function taking a value of ``source`` to what a ``target`` variable holds."""
    if source is None:
        return untyped_store(target, length)
    store = storer(target, length)
    if source.name == target.name:
        return store
    convert = conversion(source, target)

    def converted(value: Any) -> Any:
        return store(convert(value))

    return converted


def convert_constant(value: Any, source: ElementarySpec | None, target: ElementarySpec) -> Any:
    """A constant as a ``target`` value (compile time)."""
    return converter(source, target)(value)
