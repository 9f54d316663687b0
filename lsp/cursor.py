"""What is at the cursor: the unit, the POU and the symbol under a file offset.

Every navigation feature starts here. Offsets are of the user's file (inside
the XML for TwinCAT files); the unit's offset map takes them to the lowered
text the model was built from. A name under the cursor is either a use in
code (resolved by the semantic model) or a declaration (a variable, a POU,
a type, a field, an enum member).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Location, Pou
from werk.tools.st.model.uses import Symbol, Use
from werk.tools.st.source_file import StSourceFile
from werk.tools.st.unit import StUnit


@dataclass(frozen=True)
class SymbolAt:
    symbol: Symbol
    location: Location  # the name under the cursor
    use: Use | None  # None: the cursor is on the symbol's declaration
    pou: Pou | None  # the POU the cursor is in


def unit_holding(source: StSourceFile, offset: int) -> tuple[StUnit, int] | None:
    """The unit whose text holds file ``offset``, and the offset in its lowered text.

    A TwinCAT POU is one unit whose lowered text lays the methods, properties
    and actions out after the FB, although the file keeps each in its own XML
    element further down: an offset belongs to a unit when it maps into the
    unit's text and back to itself, not when it lies between the unit's first
    and last byte. The cursor just after a name that ends a CDATA section maps
    back elsewhere, so its left neighbour is tried too.
    """
    for candidate in (offset, offset - 1):
        for unit in source.units:
            lowered = unit.to_file.to_derived(candidate)
            if unit.to_file.to_original(lowered) == candidate:
                return unit, lowered + (offset - candidate)
    if source.chunked:  # plain ST: inside a rewrite that changed lengths
        for unit in source.units:
            start, end = unit.file_span(0, len(unit.lowered.text))
            if start <= offset <= end:
                return unit, unit.to_file.to_derived(offset)
    return None  # between a TwinCAT file's CDATA sections: XML, not ST


def unit_at(workspace: StWorkspace, path: Path, offset: int) -> StUnit | None:
    """The unit holding ``offset`` of the file (see ``unit_holding``)."""
    source = workspace.files.get(path)
    held = unit_holding(source, offset) if source is not None else None
    return held[0] if held is not None else None


def all_pous_of(unit: StUnit) -> Iterator[Pou]:
    for pou in unit.declarations.pous:
        yield pou
        for table in (pou.methods, pou.properties, pou.actions):
            yield from table.values()


def pou_at(unit: StUnit, lowered: int) -> Pou | None:
    """The innermost POU (a method rather than its FB) whose declaration covers the offset."""
    found: Pou | None = None
    for pou in all_pous_of(unit):
        if pou.span.start <= lowered <= pou.span.end and (
            found is None or pou.span.end - pou.span.start < found.span.end - found.span.start
        ):
            found = pou
    return found


def symbol_at(workspace: StWorkspace, path: Path, offset: int) -> SymbolAt | None:
    source = workspace.files.get(path)
    held = unit_holding(source, offset) if source is not None else None
    if held is None:
        return None
    unit, at = held
    pou = pou_at(unit, at)
    project = workspace.project
    if pou is not None and not unit.symbols_only:
        use = use_at(project, pou, at)
        if use is not None and use.target is not None:
            return SymbolAt(use.target, use.location, use, pou)
    declared = declaration_at(unit, at)
    if declared is not None:
        symbol, location = declared
        return SymbolAt(symbol, location, None, pou)
    return None


def use_at(project: Project, pou: Pou, lowered: int) -> Use | None:
    """The use whose name covers the offset (its end included: the cursor after a name)."""
    best: Use | None = None
    for use in project.analysis(pou).uses:
        location = use.location
        if location.start <= lowered <= location.end and (
            best is None or location.end - location.start < best.location.end - best.location.start
        ):
            best = use
    return best


def declaration_at(unit: StUnit, lowered: int) -> tuple[Symbol, Location] | None:
    """The declared name covering the offset: variables, POUs, types, fields, members."""
    for symbol, location in declared_names(unit):
        if location.start <= lowered <= location.end:
            return symbol, location
    return None


def declared_names(unit: StUnit) -> Iterator[tuple[Symbol, Location]]:
    declarations = unit.declarations
    for pou in all_pous_of(unit):
        yield pou, pou.location
        for variable in pou.variables:
            yield variable, variable.location
    for decl in declarations.types:
        yield decl, decl.location
        for field in decl.fields:
            yield field, field.location
        for member in decl.members:
            yield member, member.location
    globals_ = [*declarations.globals, *(g for c in declarations.configurations for g in c.globals)]
    for gvl in globals_:
        for variable in gvl.variables:
            yield variable, variable.location
