"""The names visible at the cursor, and what an access chain typed there refers to.

A POU sees its own variables, then its FB's and their ancestors' (EXTENDS),
then global variables, enumeration members, POUs and types (IEC 61131-3
§6.5.2, the model's ``PouScope``). At the cursor the POU may be mid-edit, so
the scope merges three sources, the later winning: the POU as it last parsed
cleanly, the POU as it parses now, and the declarations read from the text
before the cursor. An access chain (``fbPump.tonDelay.``, ``aAxes[i].``,
``THIS^.``, ``GVL_IO.``) is resolved through the model's member lookup; the
members offered after it respect what a caller may see from outside an
instance (inputs, outputs, in-outs, public methods and properties).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from werk.lsp.features.cursor_context import ScannedDeclaration
from werk.lsp.features.st_tokens import Kind, Token
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import (
    PouScope,
    element_type,
    inheritance_chain,
    members_of,
    members_of_symbol,
    pointee_type,
    struct_chain,
    value_type,
)
from werk.tools.st.model.symbols import (
    INTERFACE_SECTIONS,
    EnumMember,
    GlobalList,
    Location,
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
    Dimension,
    NamedType,
    PointerType,
    ReferenceType,
    StringType,
    TypeRef,
    UnknownType,
    elementary,
)
from werk.tools.st.model.uses import Symbol
from werk.tools.st.unit import StUnit

CALLABLE_KINDS = (PouKind.FUNCTION, PouKind.METHOD)
SECTION_NAMES = {section.value: section for section in Section}


@dataclass(frozen=True)
class Subject:
    """What an access chain evaluates to: a symbol, a value of a type, or both."""

    symbol: Symbol | None
    type: TypeRef | None
    inside: bool = False  # THIS^/SUPER^: the instance seen from its own code
    base_only: bool = False  # SUPER^: the base's members, private ones excluded


class ScopeAt:
    """Name lookup at one cursor position (see the module docstring)."""

    def __init__(
        self,
        project: Project,
        pou: Pou | None,
        *,
        last_good: Pou | None = None,
        scanned: list[ScannedDeclaration] | None = None,
        pou_path: tuple[str, ...] = (),
        unit: StUnit | None = None,
        previous: Callable[[Pou], Pou | None] | None = None,
    ) -> None:
        self.project = project
        self.pou = pou or last_good
        # The last clean parse of a POU of this file, for members the current parse lost.
        self.previous = previous
        self.names: dict[str, Symbol] = {}
        for source in (last_good, pou):
            if source is not None:
                self.names.update(PouScope(source, project).names)
        if unit is not None and unit.issues:  # a clean parse already knows every declaration
            self._add_scanned(scanned or [], pou_path, unit)

    def _add_scanned(
        self, scanned: list[ScannedDeclaration], pou_path: tuple[str, ...], unit: StUnit
    ) -> None:
        """Declarations read from the text of this POU and of the FB around a method."""
        path = tuple(name.lower() for name in pou_path)
        visible = [
            d for d in scanned if d.pou and tuple(p.lower() for p in d.pou) == path[: len(d.pou)]
        ]
        for declaration in sorted(visible, key=lambda d: len(d.pou)):
            for name in declaration.names:
                existing = self.names.get(key(name))
                if isinstance(existing, Variable) and existing.owner is not None:
                    continue  # the parse knows it (with its documentation and position)
                self.names[key(name)] = scanned_variable(declaration, name, unit, self.pou)

    # --- lookups -----------------------------------------------------------------------------

    def lookup(self, name: str) -> Symbol | None:
        found = self.names.get(key(name))
        if found is not None:
            if isinstance(found, Variable) and found.section is Section.VAR_EXTERNAL:
                return self.project.find_global(name) or found
            return found
        return self.project.lookup_global_name(name)

    def local_symbols(self) -> list[Symbol]:
        """What the POU itself declares or inherits: variables, methods, properties, actions."""
        return list(self.names.values())

    @property
    def owner(self) -> Pou | None:
        """The FB or PROGRAM whose instance ``THIS`` is (a method's parent)."""
        pou = self.pou
        if pou is None:
            return None
        if pou.kind in (PouKind.METHOD, PouKind.PROPERTY, PouKind.ACTION) and pou.parent:
            return pou.parent
        return pou

    # --- chains ------------------------------------------------------------------------------

    def resolve(self, chain: list[Token]) -> Subject | None:
        """What ``chain`` (``fbPump.tonDelay``, ``aAxes[i]``, ``THIS^``) refers to."""
        if not chain or chain[0].kind is not Kind.WORD:
            return None
        subject = self.first(chain[0])
        index = 1
        while subject is not None and index < len(chain):
            token = chain[index]
            if token.text == "." and index + 1 < len(chain):
                subject = self.member(subject, chain[index + 1].text)
                index += 2
            elif token.text == "^":
                if not subject.inside:  # THIS^ is the instance itself
                    pointee = pointee_type(subject.type, self.project) if subject.type else None
                    subject = Subject(None, pointee)
                index += 1
            elif token.text in ("[", "("):
                closer = _closing(chain, index)
                if token.text == "[":
                    element = element_type(subject.type, self.project) if subject.type else None
                    subject = Subject(None, element)
                else:
                    subject = Subject(None, call_result(subject.symbol))
                index = closer + 1
            else:
                return None
        return subject

    def first(self, token: Token) -> Subject | None:
        word = token.upper
        owner = self.owner
        if word == "THIS" and owner is not None:
            return Subject(None, NamedType(owner.name), inside=True)
        if word == "SUPER" and owner is not None:
            if owner.extends is None:
                return None
            return Subject(None, NamedType(owner.extends), inside=True, base_only=True)
        symbol = self.lookup(token.text)
        if symbol is None:
            return None
        return Subject(symbol, symbol_type(symbol, self.project))

    def member(self, subject: Subject, name: str) -> Subject | None:
        if subject.symbol is not None and not isinstance(subject.symbol, Variable | EnumMember):
            found = members_of_symbol(subject.symbol, self.project)(name)
        else:
            found = members_of(subject.type, self.project)(name) if subject.type else None
        if found is None:
            return None
        return Subject(found, symbol_type(found, self.project))

    # --- members for completion --------------------------------------------------------------

    def members(self, subject: Subject) -> list[Symbol]:
        """The members a user may write after ``subject.``, nearest declaration first."""
        symbol = subject.symbol
        project = self.project
        if isinstance(symbol, GlobalList):
            return list(symbol.variables)
        if isinstance(symbol, TypeDecl):
            return list(symbol.members) if symbol.kind is TypeKind.ENUM else []
        if isinstance(symbol, Pou) and symbol.kind is PouKind.PROGRAM:
            return pou_members(symbol, project, inside=False, program=True)
        if isinstance(symbol, Pou) and symbol.kind not in (
            PouKind.FUNCTION_BLOCK,
            PouKind.INTERFACE,
        ):
            return []
        target = project.resolve_type(subject.type) if subject.type is not None else None
        if isinstance(target, Pou):
            versions = [target]
            earlier = self.previous(target) if self.previous is not None else None
            if earlier is not None and earlier is not target:
                versions.append(earlier)
            merged: dict[str, Symbol] = {}
            for version in versions:
                for member in pou_members(
                    version,
                    project,
                    inside=subject.inside,
                    base_only=subject.base_only,
                    program=version.kind is PouKind.PROGRAM,
                ):
                    merged.setdefault(key(str(getattr(member, "name", ""))), member)
            return list(merged.values())
        if isinstance(target, TypeDecl) and target.kind in (TypeKind.STRUCT, TypeKind.UNION):
            fields: dict[str, Variable] = {}
            for decl in struct_chain(target, project):
                for found in decl.fields:
                    fields.setdefault(found.key, found)
            return list(fields.values())
        return []


def pou_members(
    pou: Pou,
    project: Project,
    *,
    inside: bool,
    base_only: bool = False,
    program: bool = False,
) -> list[Symbol]:
    """Variables, methods, properties and actions of an instance of ``pou``.

    From outside: the interface sections (a PROGRAM's VAR too, which CODESYS
    lets other code read) and the members that are not PRIVATE or PROTECTED.
    From inside (``THIS^``): everything but temporaries, private members of
    a base excluded (``SUPER^``: the base's members only).
    """
    found: dict[str, Symbol] = {}
    for depth, owner in enumerate(inheritance_chain(pou, project.find_pou)):
        inherited = depth > 0 or base_only
        for variable in owner.variables:
            if inside:
                if variable.section is Section.VAR_TEMP:
                    continue
            elif variable.section not in INTERFACE_SECTIONS and not (
                program and variable.section is Section.VAR
            ):
                continue
            found.setdefault(variable.key, variable)
        for table in (owner.methods, owner.properties, owner.actions):
            for member in table.values():
                access = (member.access or "PUBLIC").upper()
                if access == "PRIVATE" and (inherited or not inside):
                    continue
                if access == "PROTECTED" and not inside:
                    continue
                found.setdefault(member.key, member)
    return list(found.values())


def symbol_type(symbol: Symbol | None, project: Project) -> TypeRef | None:
    """The type a symbol has as a value (None for containers: a GVL, an enum type)."""
    if isinstance(symbol, Variable):
        return value_type(symbol.type, project)
    if isinstance(symbol, EnumMember) and symbol.owner is not None:
        return NamedType(symbol.owner.name)
    if isinstance(symbol, Pou):
        if symbol.kind in (PouKind.FUNCTION, PouKind.METHOD, PouKind.PROPERTY):
            return symbol.return_type
        return NamedType(symbol.name)
    return None


def call_result(symbol: Symbol | None) -> TypeRef | None:
    if isinstance(symbol, Pou) and symbol.kind in CALLABLE_KINDS:
        return symbol.return_type
    return None


def scanned_variable(
    declaration: ScannedDeclaration, name: str, unit: StUnit, owner: Pou | None
) -> Variable:
    """A variable known only from the text (the parse has not caught up with it yet)."""
    return Variable(
        name=name,
        location=Location(unit, 0, 0),
        section=SECTION_NAMES.get(declaration.section.upper(), Section.VAR),
        type=type_from_text(declaration.type_text),
        qualifiers=declaration.qualifiers,
        initial_value=declaration.initial_value,
        address=declaration.address,
        owner=None,
    )


def type_from_text(text: str) -> TypeRef:
    """A type as typed in a declaration: enough to look up its members and values."""
    words = text.replace("[", " [ ").replace("]", " ] ").split()
    upper = [w.upper() for w in words]
    if not words:
        return UnknownType("no type")
    if upper[0] == "ARRAY" and "OF" in upper:
        element = type_from_text(" ".join(words[upper.index("OF") + 1 :]))
        return ArrayType((Dimension("?", "?"),), element)
    if upper[:2] == ["POINTER", "TO"]:
        return PointerType(type_from_text(" ".join(words[2:])))
    if upper[:2] == ["REFERENCE", "TO"]:
        return ReferenceType(type_from_text(" ".join(words[2:])), implicit=True)
    if upper[0] == "REF_TO":
        return ReferenceType(type_from_text(" ".join(words[1:])))
    if upper[0] in ("STRING", "WSTRING"):
        return StringType(wide=upper[0] == "WSTRING", length=None)
    return elementary(words[0]) or NamedType(words[0])


def _closing(chain: list[Token], index: int) -> int:
    opener = chain[index].text
    closer = "]" if opener == "[" else ")"
    depth = 0
    for position in range(index, len(chain)):
        text = chain[position].text
        if text == opener:
            depth += 1
        elif text == closer:
            depth -= 1
            if depth == 0:
                return position
    return len(chain)


def pou_named(project: Project, unit: StUnit | None, path: tuple[str, ...]) -> Pou | None:
    """The POU ``path`` names (``("FB_Pump", "Start")`` is a method), preferring the unit's own
    declarations to a same-named POU elsewhere in the project."""
    if not path:
        return None
    wanted = key(path[0])
    pou = None
    if unit is not None:
        pou = next((p for p in unit.declarations.pous if p.key == wanted), None)
    pou = pou or project.find_pou(path[0])
    for name in path[1:]:
        if pou is None:
            return None
        member = key(name)
        pou = pou.methods.get(member) or pou.properties.get(member) or pou.actions.get(member)
    return pou
