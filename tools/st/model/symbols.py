"""What an ST project declares: POUs, variables, types, global lists, tasks.

Names are kept as declared (for display) and looked up case-insensitively
through ``key`` (IEC 61131-3 identifiers are case-insensitive). Every symbol
knows the unit it was declared in and its span there, so any feature can
report it at the user's original position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from werk.tools.st.model.types import EnumType, TypeRef

if TYPE_CHECKING:
    from tree_sitter import Node

    from werk.tools.st.unit import StUnit


def key(name: str) -> str:
    """The lookup key of an ST identifier."""
    return name.lower()


class PouKind(StrEnum):
    PROGRAM = "PROGRAM"
    FUNCTION = "FUNCTION"
    FUNCTION_BLOCK = "FUNCTION_BLOCK"
    METHOD = "METHOD"
    PROPERTY = "PROPERTY"
    ACTION = "ACTION"
    INTERFACE = "INTERFACE"


class Section(StrEnum):
    VAR = "VAR"
    VAR_INPUT = "VAR_INPUT"
    VAR_OUTPUT = "VAR_OUTPUT"
    VAR_IN_OUT = "VAR_IN_OUT"
    VAR_TEMP = "VAR_TEMP"
    VAR_INST = "VAR_INST"
    VAR_STAT = "VAR_STAT"
    VAR_GLOBAL = "VAR_GLOBAL"
    VAR_EXTERNAL = "VAR_EXTERNAL"
    VAR_CONFIG = "VAR_CONFIG"
    VAR_ACCESS = "VAR_ACCESS"
    STRUCT_FIELD = "STRUCT_FIELD"  # a field of a STRUCT or UNION


# Sections a caller can see from outside an FB instance (``fbPump.bRun``).
INTERFACE_SECTIONS = frozenset({Section.VAR_INPUT, Section.VAR_OUTPUT, Section.VAR_IN_OUT})


@dataclass(frozen=True)
class Location:
    """A span of a unit's lowered text."""

    unit: StUnit
    start: int
    end: int

    def file_span(self) -> tuple[int, int]:
        return self.unit.file_span(self.start, self.end)

    def __repr__(self) -> str:
        return f"Location({self.unit.path.name}:{self.start}-{self.end})"


@dataclass(eq=False)
class Variable:
    name: str
    location: Location  # the name
    section: Section
    type: TypeRef
    declaration: Location | None = None  # the whole declaration line
    qualifiers: frozenset[str] = frozenset()  # CONSTANT, RETAIN, PERSISTENT, NON_RETAIN
    initial_value: str | None = None
    address: str | None = None  # %IX0.1, %QW4, %MD10 (also %I* for TwinCAT)
    attributes: dict[str, str] = field(default_factory=dict)
    doc: str | None = None
    owner: Pou | GlobalList | TypeDecl | None = None

    @property
    def key(self) -> str:
        return key(self.name)

    @property
    def is_constant(self) -> bool:
        return "CONSTANT" in self.qualifiers

    def __repr__(self) -> str:
        return f"Variable({self.name}: {self.type} [{self.section}])"


@dataclass(eq=False)
class Pou:
    kind: PouKind
    name: str
    location: Location  # the name
    span: Location  # the whole declaration
    variables: list[Variable] = field(default_factory=list)
    return_type: TypeRef | None = None
    extends: str | None = None
    implements: list[str] = field(default_factory=list)
    methods: dict[str, Pou] = field(default_factory=dict)
    properties: dict[str, Pou] = field(default_factory=dict)
    actions: dict[str, Pou] = field(default_factory=dict)
    parent: Pou | None = None  # the FB/program a method, property or action belongs to
    body: list[Node] = field(
        default_factory=list
    )  # statements (for properties: GET and SET accessors)
    accessors: dict[str, list[Node]] = field(default_factory=dict)  # "GET"/"SET" -> statements
    attributes: dict[str, str] = field(default_factory=dict)
    access: str | None = None  # PUBLIC, PRIVATE, PROTECTED, INTERNAL
    doc: str | None = None
    abstract: bool = False
    # Siemens block the POU was lowered from: "ORGANIZATION_BLOCK" or "DATA_BLOCK".
    block_kind: str | None = None

    @property
    def key(self) -> str:
        return key(self.name)

    @property
    def qualified_name(self) -> str:
        return f"{self.parent.qualified_name}.{self.name}" if self.parent else self.name

    def variable(self, name: str) -> Variable | None:
        wanted = key(name)
        for variable in self.variables:
            if variable.key == wanted:
                return variable
        return None

    def __repr__(self) -> str:
        return f"Pou({self.kind} {self.qualified_name})"


class TypeKind(StrEnum):
    STRUCT = "STRUCT"
    UNION = "UNION"
    ENUM = "ENUM"
    ALIAS = "ALIAS"
    SUBRANGE = "SUBRANGE"
    ARRAY = "ARRAY"


@dataclass(eq=False)
class EnumMember:
    name: str
    location: Location
    value: str | None
    owner: TypeDecl | None = None

    @property
    def key(self) -> str:
        return key(self.name)


@dataclass(eq=False)
class TypeDecl:
    name: str
    location: Location
    kind: TypeKind
    definition: TypeRef
    fields: list[Variable] = field(default_factory=list)
    members: list[EnumMember] = field(default_factory=list)
    extends: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    doc: str | None = None
    span: Location | None = None

    @property
    def key(self) -> str:
        return key(self.name)

    @property
    def enum(self) -> EnumType | None:
        return self.definition if isinstance(self.definition, EnumType) else None

    def field(self, name: str) -> Variable | None:
        wanted = key(name)
        return next((f for f in self.fields if f.key == wanted), None)

    def member(self, name: str) -> EnumMember | None:
        wanted = key(name)
        return next((m for m in self.members if m.key == wanted), None)

    def __repr__(self) -> str:
        return f"TypeDecl({self.kind} {self.name})"


@dataclass(eq=False)
class GlobalList:
    """A VAR_GLOBAL block; in TwinCAT/CODESYS a named GVL (``GVL_IO.bStart``)."""

    name: str | None
    location: Location
    variables: list[Variable] = field(default_factory=list)
    qualified_only: bool = False
    """The GVL's ``{attribute 'qualified_only'}``: written above its first block, it covers
    every block of the GVL (``share_qualified_only``)."""
    attributes: dict[str, str] = field(default_factory=dict)
    """The attributes written right above this block."""
    _by_key: dict[str, Variable] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=-1, repr=False)  # how many variables _by_key has seen

    def variable(self, name: str) -> Variable | None:
        """A variable by name, case-insensitively; the table is built on first use (an I/O
        list of a thousand signals is looked up at every ``GVL_IO.x`` in the project)."""
        if self._indexed != len(self.variables):
            self._by_key = {}
            for variable in self.variables:
                self._by_key.setdefault(variable.key, variable)
            self._indexed = len(self.variables)
        return self._by_key.get(key(name))


@dataclass(eq=False)
class Task:
    name: str
    location: Location
    interval: str | None = None
    priority: int | None = None
    single: str | None = None


@dataclass(eq=False)
class ProgramInstance:
    """``PROGRAM Main WITH MainTask : MAIN;`` inside a RESOURCE."""

    name: str
    location: Location
    type_name: str
    task: str | None = None


@dataclass(eq=False)
class Configuration:
    name: str
    location: Location
    resources: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    programs: list[ProgramInstance] = field(default_factory=list)
    globals: list[GlobalList] = field(default_factory=list)
