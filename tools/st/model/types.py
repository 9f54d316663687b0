"""Types as written in declarations and as inferred for expressions (IEC 61131-3 §6.4).

A ``TypeRef`` is what a declaration says (``ARRAY[1..10] OF REAL``,
``POINTER TO ST_Data``, ``FB_Pump``); named types are resolved against the
project when needed, never copied, so an edit to a type declaration is seen
by every variable of that type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    """What an elementary type is, for conversions and operator rules."""

    BOOL = "bool"
    BIT_STRING = "bit-string"
    SIGNED = "signed"
    UNSIGNED = "unsigned"
    REAL = "real"
    DURATION = "duration"
    DATE = "date"
    STRING = "string"


@dataclass(frozen=True)
class ElementaryInfo:
    category: Category
    bits: int


ELEMENTARY: dict[str, ElementaryInfo] = {
    "BOOL": ElementaryInfo(Category.BOOL, 1),
    "BYTE": ElementaryInfo(Category.BIT_STRING, 8),
    "WORD": ElementaryInfo(Category.BIT_STRING, 16),
    "DWORD": ElementaryInfo(Category.BIT_STRING, 32),
    "LWORD": ElementaryInfo(Category.BIT_STRING, 64),
    "SINT": ElementaryInfo(Category.SIGNED, 8),
    "INT": ElementaryInfo(Category.SIGNED, 16),
    "DINT": ElementaryInfo(Category.SIGNED, 32),
    "LINT": ElementaryInfo(Category.SIGNED, 64),
    "USINT": ElementaryInfo(Category.UNSIGNED, 8),
    "UINT": ElementaryInfo(Category.UNSIGNED, 16),
    "UDINT": ElementaryInfo(Category.UNSIGNED, 32),
    "ULINT": ElementaryInfo(Category.UNSIGNED, 64),
    "REAL": ElementaryInfo(Category.REAL, 32),
    "LREAL": ElementaryInfo(Category.REAL, 64),
    "TIME": ElementaryInfo(Category.DURATION, 32),
    "LTIME": ElementaryInfo(Category.DURATION, 64),
    "DATE": ElementaryInfo(Category.DATE, 32),
    "LDATE": ElementaryInfo(Category.DATE, 64),
    "TIME_OF_DAY": ElementaryInfo(Category.DATE, 32),
    "TOD": ElementaryInfo(Category.DATE, 32),
    "LTIME_OF_DAY": ElementaryInfo(Category.DATE, 64),
    "LTOD": ElementaryInfo(Category.DATE, 64),
    "DATE_AND_TIME": ElementaryInfo(Category.DATE, 32),
    "DT": ElementaryInfo(Category.DATE, 32),
    "LDATE_AND_TIME": ElementaryInfo(Category.DATE, 64),
    "LDT": ElementaryInfo(Category.DATE, 64),
    "CHAR": ElementaryInfo(Category.STRING, 8),
    "WCHAR": ElementaryInfo(Category.STRING, 16),
    "STRING": ElementaryInfo(Category.STRING, 8),
    "WSTRING": ElementaryInfo(Category.STRING, 16),
}
ALIASES = {
    "TOD": "TIME_OF_DAY",
    "DT": "DATE_AND_TIME",
    "LTOD": "LTIME_OF_DAY",
    "LDT": "LDATE_AND_TIME",
}


class TypeRef:
    """Base of every type reference; ``str()`` gives the ST spelling."""

    def display(self) -> str:
        return str(self)


@dataclass(frozen=True)
class ElementaryType(TypeRef):
    name: str  # upper case, aliases normalised (TOD -> TIME_OF_DAY)

    @property
    def info(self) -> ElementaryInfo:
        return ELEMENTARY[self.name]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class StringType(TypeRef):
    wide: bool
    length: int | None  # None: the default length (80 in CODESYS/TwinCAT, 254 in SCL)
    length_text: str | None = None

    def __str__(self) -> str:
        base = "WSTRING" if self.wide else "STRING"
        return f"{base}({self.length_text})" if self.length_text else base


@dataclass(frozen=True)
class NamedType(TypeRef):
    """A user type, FB, interface or standard FB, resolved against the project on demand."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Dimension:
    lower: str
    upper: str
    lower_value: int | None = None
    upper_value: int | None = None


@dataclass(frozen=True)
class ArrayType(TypeRef):
    dimensions: tuple[Dimension, ...]
    element: TypeRef

    def __str__(self) -> str:
        ranges = ", ".join(f"{d.lower}..{d.upper}" for d in self.dimensions)
        return f"ARRAY[{ranges}] OF {self.element}"


@dataclass(frozen=True)
class PointerType(TypeRef):
    target: TypeRef

    def __str__(self) -> str:
        return f"POINTER TO {self.target}"


@dataclass(frozen=True)
class ReferenceType(TypeRef):
    target: TypeRef
    # CODESYS REFERENCE TO is dereferenced implicitly; IEC REF_TO needs ``^``.
    implicit: bool = False

    def __str__(self) -> str:
        return f"REFERENCE TO {self.target}" if self.implicit else f"REF_TO {self.target}"


@dataclass(frozen=True)
class SubrangeType(TypeRef):
    base: TypeRef
    lower: str
    upper: str
    lower_value: int | None = None
    upper_value: int | None = None

    def __str__(self) -> str:
        return f"{self.base} ({self.lower}..{self.upper})"


@dataclass(frozen=True)
class EnumType(TypeRef):
    """An inline enumeration; named enumerations are ``TypeDecl``s referenced by ``NamedType``."""

    members: tuple[str, ...]
    base: TypeRef | None = None

    def __str__(self) -> str:
        return "(" + ", ".join(self.members) + ")"


@dataclass(frozen=True)
class StructType(TypeRef):
    """An inline structure (its fields are ``Variable``s on the owning ``TypeDecl``)."""

    field_names: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return "STRUCT"


@dataclass(frozen=True)
class UnknownType(TypeRef):
    """A type that could not be read or inferred; rules must not guess about it."""

    reason: str = ""

    def __str__(self) -> str:
        return "?"


BOOL = ElementaryType("BOOL")
UNKNOWN = UnknownType()


def elementary(name: str) -> ElementaryType | None:
    upper = name.upper()
    upper = ALIASES.get(upper, upper)
    return ElementaryType(upper) if upper in ELEMENTARY else None


@dataclass(frozen=True)
class GenericType(TypeRef):
    """A generic type of the standard library (``ANY_NUM``), or the type of an untyped literal.

    ``10`` is ``ANY_INT`` until it meets a typed operand or target, as IEC
    61131-3 §6.3.2 lets untyped literals take the type their context needs.
    """

    name: str

    def __str__(self) -> str:
        return self.name


ANY_INT = GenericType("ANY_INT")
ANY_REAL = GenericType("ANY_REAL")
