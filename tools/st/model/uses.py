"""How a name is used at one place in the code: read, written, called...

Every identifier in a statement becomes a ``Use`` resolved to the symbol it
names (or to nothing, which is reported as unresolved). Whether a use reads or
writes is what rules (read before write, double writes), the system model
(who drives this output?) and the editor (references marked read/write) need.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from werk.tools.st.model.symbols import EnumMember, GlobalList, Location, Pou, TypeDecl, Variable
from werk.tools.st.model.types import TypeRef

Symbol: TypeAlias = Variable | Pou | TypeDecl | EnumMember | GlobalList


class UseKind(StrEnum):
    READ = "read"
    WRITE = "write"
    READ_WRITE = "read-write"  # passed to a VAR_IN_OUT, or a FOR counter
    CALL = "call"  # a function, method or FB instance invoked
    ADDRESS = "address"  # ADR(x), REF= x: may be written through a pointer later
    TYPE = "type"  # a type or FB name in a declaration


@dataclass(frozen=True)
class Use:
    name: str  # as written (the real name for SCL "quoted" names)
    location: Location
    kind: UseKind
    target: Symbol | None
    pou: Pou | None  # the POU whose code contains the use
    conditional: bool = False  # inside IF/CASE/WHILE/FOR or a set/reset assignment
    partial: bool = False  # a write to part of it: a member, element or bit
    address: str | None = None  # a direct address used in code, e.g. %IX0.0

    @property
    def is_write(self) -> bool:
        return self.kind in (UseKind.WRITE, UseKind.READ_WRITE)

    @property
    def is_read(self) -> bool:
        return self.kind in (UseKind.READ, UseKind.READ_WRITE)


@dataclass(frozen=True)
class Conversion:
    """An implicit conversion from ``source`` to ``target`` type (IEC 61131-3 §6.4.2)."""

    location: Location
    source: TypeRef
    target: TypeRef
