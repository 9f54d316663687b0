"""Name lookup: which symbol does a name mean at a place in the code?

IEC 61131-3 names are case-insensitive and scoped: a method sees its own
variables, then its FB's (including those inherited through EXTENDS), then
global variables, enumeration members, POUs and types, then the standard
library. Member access (``fbPump.tonDelay.Q``, ``GVL_IO.bStart``,
``E_State.Running``, ``stData.rLevel``) looks inside the type of the object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from werk.tools.st.model.symbols import (
    GlobalList,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    TypeKind,
    Variable,
    key,
)
from werk.tools.st.model.types import (
    ArrayType,
    NamedType,
    PointerType,
    ReferenceType,
    TypeRef,
)
from werk.tools.st.model.uses import Symbol

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

MAX_INHERITANCE = 32  # guards against EXTENDS cycles in broken code


def inheritance_chain(pou: Pou, find_pou: Callable[[str], Pou | None]) -> Iterator[Pou]:
    """The POU and its ancestors through EXTENDS, nearest first."""
    current: Pou | None = pou
    seen = 0
    while current is not None and seen < MAX_INHERITANCE:
        yield current
        seen += 1
        current = find_pou(current.extends) if current.extends else None


class PouScope:
    """The names visible inside one POU (method, property or action included)."""

    def __init__(self, pou: Pou, project: Project) -> None:
        self.pou = pou
        self.project = project
        self.names: dict[str, Symbol] = {}
        owner = (
            pou.parent if pou.kind in (PouKind.METHOD, PouKind.PROPERTY, PouKind.ACTION) else None
        )
        if owner is not None:
            for ancestor in reversed(list(inheritance_chain(owner, project.find_pou))):
                self._add_members(ancestor)
        for ancestor in reversed(list(inheritance_chain(pou, project.find_pou))):
            self._add_members(ancestor)
        if pou.kind in (PouKind.FUNCTION, PouKind.METHOD, PouKind.PROPERTY):
            # The POU's own name is its return value inside its body.
            self.names.setdefault(pou.key, pou)
        for variable in pou.variables:
            self.names[variable.key] = variable

    def _add_members(self, pou: Pou) -> None:
        for variable in pou.variables:
            self.names[variable.key] = variable
        for table in (pou.methods, pou.properties, pou.actions):
            self.names.update(table)

    def lookup(self, name: str) -> Symbol | None:
        wanted = key(name)
        found = self.names.get(wanted)
        if found is not None:
            if isinstance(found, Variable) and found.section is Section.VAR_EXTERNAL:
                return self.project.find_global(name) or found
            return found
        return self.project.lookup_global_name(name)


def members_of(type_ref: TypeRef | None, project: Project) -> Callable[[str], Symbol | None]:
    """Member lookup inside a value of ``type_ref``; returns a function name -> symbol."""
    target = project.resolve_type(type_ref) if type_ref is not None else None

    def none(_: str) -> Symbol | None:
        return None

    if isinstance(target, Pou):
        chain = list(inheritance_chain(target, project.find_pou))

        def in_pou(name: str) -> Symbol | None:
            wanted = key(name)
            for pou in chain:
                for variable in pou.variables:
                    if variable.key == wanted:
                        return variable
                for table in (pou.methods, pou.properties, pou.actions):
                    if wanted in table:
                        return table[wanted]
            return None

        return in_pou
    if isinstance(target, TypeDecl):
        if target.kind in (TypeKind.STRUCT, TypeKind.UNION):
            decls = list(struct_chain(target, project))

            def in_struct(name: str) -> Symbol | None:
                for decl in decls:
                    found = decl.field(name)
                    if found is not None:
                        return found
                return None

            return in_struct
        if target.kind is TypeKind.ENUM:
            return target.member
    return none


def struct_chain(decl: TypeDecl, project: Project) -> Iterator[TypeDecl]:
    current: TypeDecl | None = decl
    seen = 0
    while current is not None and seen < MAX_INHERITANCE:
        yield current
        seen += 1
        base = project.find_type(current.extends) if current.extends else None
        current = base


def members_of_symbol(symbol: Symbol, project: Project) -> Callable[[str], Symbol | None]:
    """Member lookup on a name used as an object: an instance, a GVL, an enum type, a PROGRAM."""
    if isinstance(symbol, GlobalList):
        return symbol.variable
    if isinstance(symbol, TypeDecl) and symbol.kind is TypeKind.ENUM:
        return symbol.member
    if isinstance(symbol, Pou) and symbol.kind is PouKind.PROGRAM:
        return members_of(NamedType(symbol.name), project)
    if isinstance(symbol, Variable):
        return members_of(value_type(symbol.type, project), project)
    return lambda name: None


def value_type(type_ref: TypeRef, project: Project) -> TypeRef:
    """The type a variable has when used in an expression (REFERENCE TO is dereferenced)."""
    seen = 0
    while isinstance(type_ref, ReferenceType) and type_ref.implicit and seen < MAX_INHERITANCE:
        type_ref = type_ref.target
        seen += 1
    return type_ref


def element_type(type_ref: TypeRef, project: Project) -> TypeRef | None:
    resolved = project.resolve_alias(type_ref)
    if isinstance(resolved, ArrayType):
        return resolved.element
    return None


def pointee_type(type_ref: TypeRef, project: Project) -> TypeRef | None:
    resolved = project.resolve_alias(type_ref)
    if isinstance(resolved, PointerType | ReferenceType):
        return resolved.target
    return None


__all__ = [
    "PouScope",
    "element_type",
    "inheritance_chain",
    "members_of",
    "members_of_symbol",
    "pointee_type",
    "value_type",
]
