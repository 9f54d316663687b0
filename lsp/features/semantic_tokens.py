"""``textDocument/semanticTokens/full`` and ``/range``: names coloured by what they are.

A TextMate grammar colours keywords and literals; only the semantic model
knows that ``bStart`` is an input, ``tonDelay`` an instance of a standard
FB, ``Idle`` an enumeration value, ``nMax`` a constant. Tokens use the
standard LSP types and modifiers so that every theme colours them:

- POUs: FUNCTION_BLOCK ``class``, PROGRAM and global variable lists
  ``namespace``, FUNCTION ``function``, METHOD/ACTION ``method``,
  PROPERTY ``property``, INTERFACE ``interface``;
- types: STRUCT/UNION ``struct``, enumerations ``enum`` and their values
  ``enumMember``, other named types ``type``;
- variables by section: VAR_INPUT and VAR_IN_OUT ``parameter``,
  VAR_OUTPUT and structure fields ``property``, the rest ``variable``;
- modifiers: ``declaration`` where a name is declared, ``readonly`` for
  CONSTANT, ``static`` for globals, ``modification`` where code writes it,
  ``defaultLibrary`` for the standard library.

Positions are in the user's file (inside the XML for TwinCAT files).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from lsprotocol import types

from werk.lsp.cursor import all_pous_of, declared_names
from werk.lsp.encoding import PositionConverter
from werk.lsp.features.unit_lines import document_converter, placement
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    TypeKind,
    Variable,
)
from werk.tools.st.model.types import NamedType
from werk.tools.st.model.uses import Symbol, UseKind
from werk.tools.st.source_file import StSourceFile
from werk.tools.st.unit import StUnit
from werk.tools.text.offsets import Shift

TOKEN_TYPES = [
    "namespace",
    "type",
    "class",
    "enum",
    "interface",
    "struct",
    "parameter",
    "variable",
    "property",
    "enumMember",
    "function",
    "method",
]
TOKEN_MODIFIERS = ["declaration", "readonly", "static", "modification", "defaultLibrary"]
LEGEND = types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)
TYPE_INDEX = {name: index for index, name in enumerate(TOKEN_TYPES)}
DECLARATION, READONLY, STATIC, MODIFICATION, DEFAULT_LIBRARY = (1 << i for i in range(5))

POU_TYPES = {
    PouKind.PROGRAM: "namespace",
    PouKind.FUNCTION: "function",
    PouKind.FUNCTION_BLOCK: "class",
    PouKind.METHOD: "method",
    PouKind.PROPERTY: "property",
    PouKind.ACTION: "method",
    PouKind.INTERFACE: "interface",
}
SECTION_TYPES = {
    Section.VAR_INPUT: "parameter",
    Section.VAR_IN_OUT: "parameter",
    Section.VAR_OUTPUT: "property",
    Section.STRUCT_FIELD: "property",
}
GLOBAL_SECTIONS = frozenset({Section.VAR_GLOBAL, Section.VAR_EXTERNAL, Section.VAR_CONFIG})


def classify(symbol: Symbol, project: Project) -> tuple[str, int] | None:
    """The token type and modifiers of a symbol (before use-specific modifiers)."""
    modifiers = DEFAULT_LIBRARY if project.is_standard(symbol) else 0
    if isinstance(symbol, Variable):
        if symbol.is_constant:
            modifiers |= READONLY
        if symbol.section in GLOBAL_SECTIONS:
            modifiers |= STATIC
        return SECTION_TYPES.get(symbol.section, "variable"), modifiers
    if isinstance(symbol, Pou):
        return POU_TYPES[symbol.kind], modifiers
    if isinstance(symbol, TypeDecl):
        if symbol.kind in (TypeKind.STRUCT, TypeKind.UNION):
            return "struct", modifiers
        if symbol.kind is TypeKind.ENUM:
            return "enum", modifiers
        return "type", modifiers
    if isinstance(symbol, EnumMember):
        return "enumMember", modifiers | READONLY
    if isinstance(symbol, GlobalList):
        return "namespace", modifiers
    return None


def unit_tokens(unit: StUnit, project: Project) -> Iterator[tuple[int, int, int, int]]:
    """``(start, end, type index, modifiers)`` in the unit's lowered text, unsorted."""
    for symbol, location in declared_names(unit):
        found = classify(symbol, project)
        if found is not None:
            yield location.start, location.end, TYPE_INDEX[found[0]], found[1] | DECLARATION
    yield from type_names(unit, project)
    if unit.symbols_only:
        return
    for pou in all_pous_of(unit):
        for use in project.analysis(pou).uses:
            if use.target is None:
                continue
            found = classify(use.target, project)
            if found is None:
                continue
            modifiers = found[1]
            if use.is_write and use.kind is not UseKind.TYPE:
                modifiers |= MODIFICATION
            yield use.location.start, use.location.end, TYPE_INDEX[found[0]], modifiers


def type_names(unit: StUnit, project: Project) -> Iterator[tuple[int, int, int, int]]:
    """The type names in global and structure declarations (``stData : ST_Data;``); those of
    POU variables are uses the analysis records."""
    declarations = unit.declarations
    lists = [*declarations.globals, *(g for c in declarations.configurations for g in c.globals)]
    variables = [v for gvl in lists for v in gvl.variables]
    variables += [f for decl in declarations.types for f in decl.fields]
    text = unit.lowered.text
    for variable in variables:
        if not isinstance(variable.type, NamedType) or variable.declaration is None:
            continue
        target = project.resolve_type(variable.type)
        if not isinstance(target, Pou | TypeDecl):
            continue
        found = classify(target, project)
        pattern = re.compile(rb"\b" + re.escape(variable.type.name.encode()) + rb"\b", re.I)
        match = pattern.search(text, variable.location.end, variable.declaration.end)
        if found is not None and match is not None:
            yield match.start(), match.end(), TYPE_INDEX[found[0]], found[1]


Row = tuple[int, int, int, int, int]  # line, column, length, type index, modifiers


@dataclass
class UnitTokens:
    """One unit's tokens, positioned relative to the unit's start when it is a moved piece of
    its file (``relative``), else in the file; also delta-encoded from ``(0, 0)``."""

    key: tuple[object, ...]
    relative: bool
    rows: list[Row]
    data: list[int]


class SemanticTokens:
    """Tokens per unit, kept while the unit, its analyses and the project's declarations
    stay the same: after an edit only the edited declaration is tokenised again."""

    def __init__(self) -> None:
        self._units: weakref.WeakKeyDictionary[StUnit, UnitTokens] = weakref.WeakKeyDictionary()

    def full(
        self, source: StSourceFile, project: Project, converter: PositionConverter
    ) -> list[int]:
        units = [self.of(unit, project, converter) for unit in source.units]
        if all(found.relative for found in units):
            return assemble(source.units, units, converter)
        rows = sorted(
            row
            for unit, found in zip(source.units, units, strict=True)
            for row in absolute(unit, found, converter)
        )
        return delta_encode(rows)

    def range(
        self,
        source: StSourceFile,
        project: Project,
        converter: PositionConverter,
        first: types.Position,
        last: types.Position,
    ) -> list[int]:
        """The tokens that start inside ``[first, last)``."""
        rows: list[Row] = []
        for unit in source.units:
            start, end = unit.file_span(0, len(unit.lowered.text))
            if (
                converter.position(end).line < first.line
                or converter.position(start).line > last.line
            ):
                continue
            found = self.of(unit, project, converter)
            rows.extend(
                row
                for row in absolute(unit, found, converter)
                if (first.line, first.character) <= (row[0], row[1]) < (last.line, last.character)
            )
        return delta_encode(sorted(rows))

    def of(self, unit: StUnit, project: Project, converter: PositionConverter) -> UnitTokens:
        shifted = isinstance(unit.document.to_file, Shift)
        key: tuple[object, ...] = (
            project.interface_generation,
            converter.encoding,
            shifted,
            *(id(project.analysis(pou)) for pou in all_pous_of(unit)),
        )
        found = self._units.get(unit)
        if found is not None and found.key == key:
            return found
        rows = unit_rows(unit, project, converter, relative=shifted)
        found = UnitTokens(key, shifted, rows, delta_encode(rows))
        self._units[unit] = found
        return found


def unit_rows(
    unit: StUnit, project: Project, converter: PositionConverter, *, relative: bool
) -> list[Row]:
    """The unit's tokens as rows: relative to the unit's text, or in the file."""
    document = document_converter(unit, converter.encoding) if relative else converter
    to_document = unit.lowered.offsets
    to_file = unit.document.to_file
    found: dict[int, Row] = {}
    for start, end, kind, modifiers in unit_tokens(unit, project):
        begin = to_document.to_original(start)
        finish = to_document.to_original(end, "left")
        if not relative:
            begin, finish = to_file.to_original(begin), to_file.to_original(finish, "left")
        if finish <= begin or begin in found:
            continue
        first = document.position(begin)
        last = document.position(finish)
        if first.line != last.line:
            continue  # tokens never span lines (a quoted SCL name split by lowering)
        found[begin] = (
            first.line,
            first.character,
            last.character - first.character,
            kind,
            modifiers,
        )
    return sorted(found.values())


def absolute(unit: StUnit, found: UnitTokens, converter: PositionConverter) -> list[Row]:
    if not found.relative:
        return found.rows
    place = placement(unit, converter)
    if place is None:
        return []
    return [
        (place.line + line, column + (place.column if line == 0 else 0), length, kind, modifiers)
        for line, column, length, kind, modifiers in found.rows
    ]


def assemble(
    units: list[StUnit], found: list[UnitTokens], converter: PositionConverter
) -> list[int]:
    """The file's encoding from each unit's: only a unit's first token needs a new delta."""
    data: list[int] = []
    previous = (0, 0)
    for unit, tokens in sorted(
        zip(units, found, strict=True), key=lambda pair: pair[0].document.to_file.to_original(0)
    ):
        if not tokens.rows:
            continue
        place = placement(unit, converter)
        if place is None:
            continue
        line, column = tokens.rows[0][0], tokens.rows[0][1]
        first = (place.line + line, column + (place.column if line == 0 else 0))
        if first < previous:
            continue  # overlapping units cannot happen in a chunked file; stay valid anyway
        delta_line = first[0] - previous[0]
        delta_column = first[1] - previous[1] if delta_line == 0 else first[1]
        data.extend((delta_line, delta_column, *tokens.data[2:5]))
        data.extend(tokens.data[5:])
        last_line, last_column = tokens.rows[-1][0], tokens.rows[-1][1]
        previous = (place.line + last_line, last_column + (place.column if last_line == 0 else 0))
    return data


def delta_encode(rows: list[Row]) -> list[int]:
    data: list[int] = []
    previous_line = previous_column = 0
    for line, column, length, kind, modifiers in rows:
        delta_line = line - previous_line
        delta_column = column - previous_column if delta_line == 0 else column
        data.extend((delta_line, delta_column, length, kind, modifiers))
        previous_line, previous_column = line, column
    return data
