"""``textDocument/foldingRange``: the blocks of Structured Text an editor can fold.

POUs, methods, properties (and their GET/SET), actions, TYPE blocks, VAR
sections, IF (and each ELSIF/ELSE branch), CASE, FOR, WHILE and REPEAT,
multi-line comments, and regions: SCL's ``REGION name`` ... ``END_REGION``
and TwinCAT/CODESYS ``{region "name"}`` ... ``{endregion}`` pragmas. A fold
starts on the line of its opening keyword and ends on the line before its
END keyword, so the END stays visible when folded (a block whose END shares
a line with its last statement folds that line too). In TwinCAT files a
block is folded only where its text is one piece of the XML: a method laid
out in its own element is folded inside that element.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator

from lsprotocol import types
from tree_sitter import Node

from werk.lsp.encoding import PositionConverter
from werk.lsp.features.unit_lines import document_converter, placement
from werk.tools.st.lowering import RewriteKind
from werk.tools.st.source_file import StSourceFile
from werk.tools.st.unit import StUnit

BLOCKS = frozenset(
    {
        "program_declaration",
        "function_declaration",
        "function_block_declaration",
        "interface_declaration",
        "method_declaration",
        "property_declaration",
        "property_accessor",
        "type_declaration",
        "configuration_declaration",
        "resource_declaration",
        "var_input",
        "var_output",
        "var_in_out",
        "var_block",
        "var_temp",
        "var_external",
        "var_global",
        "var_config",
        "var_access",
        "structure_type_inline",
        "if_statement",
        "elsif_clause",
        "else_clause",
        "case_statement",
        "for_statement",
        "while_statement",
        "repeat_statement",
    }
)
REGION_PRAGMA = re.compile(rb"\{\s*(end)?region\b[^}]*\}", re.IGNORECASE)

Fold = tuple[int, int, str | None]  # first line, last line, kind
Place = Callable[[int, int], "tuple[int, int] | None"]  # a document span -> a span of the text


class FoldingCache:
    """Each unit's folds, kept while the unit lives: lines relative to its start for the
    declarations of a plain file (which edits above them only move), in the file otherwise."""

    def __init__(self) -> None:
        self._units: weakref.WeakKeyDictionary[StUnit, list[Fold]] = weakref.WeakKeyDictionary()

    def ranges(
        self, source: StSourceFile, converter: PositionConverter
    ) -> list[types.FoldingRange]:
        folds: set[Fold] = set()
        for unit in source.units:
            place = placement(unit, converter)
            found = self._units.get(unit)
            if found is None:
                found = unit_folds(unit, converter, relative=place is not None)
                self._units[unit] = found
            shift = place.line if place is not None else 0
            folds.update((first + shift, last + shift, kind) for first, last, kind in found)
        return [
            types.FoldingRange(start_line=first, end_line=last, kind=kind)
            for first, last, kind in sorted(folds)
        ]


def folding_ranges(source: StSourceFile, converter: PositionConverter) -> list[types.FoldingRange]:
    """The folds of a file, computed afresh (``FoldingCache`` keeps them per unit)."""
    return FoldingCache().ranges(source, converter)


def unit_folds(unit: StUnit, converter: PositionConverter, *, relative: bool) -> list[Fold]:
    """The folds of one unit, in lines of its own text (``relative``) or of the file."""
    if relative:
        text = document_converter(unit, converter.encoding)
        return [*block_folds(unit, text, _same), *region_folds(unit, text, _same)]
    to_file = unit.document.to_file

    def in_file(start: int, end: int) -> tuple[int, int] | None:
        file_start, file_end = to_file.to_original(start), to_file.to_original(end, "left")
        if file_end - file_start != end - start:
            return None  # not one piece of the file: it spans XML elements
        return file_start, file_end

    return [*block_folds(unit, converter, in_file), *region_folds(unit, converter, in_file)]


def _same(start: int, end: int) -> tuple[int, int] | None:
    return start, end


def block_folds(unit: StUnit, converter: PositionConverter, place: Place) -> Iterator[Fold]:
    stack = [unit.tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.children))
        if node.type == "comment":
            span = text_span(unit, node.start_byte, node.end_byte, place)
            if span is not None:
                first, last = line_of(converter, span[0]), line_of(converter, span[1])
                if last > first:
                    yield first, last, types.FoldingRangeKind.Comment
            continue
        if node.type not in BLOCKS:
            continue
        fold = node_fold(unit, node, converter, place)
        if fold is not None:
            yield fold


def node_fold(unit: StUnit, node: Node, converter: PositionConverter, place: Place) -> Fold | None:
    span = text_span(unit, node.start_byte, node.end_byte, place)
    if span is None:
        return None
    first = line_of(converter, span[0])
    last = line_of(converter, span[1])
    closer = node.children[-1] if node.children else None
    if closer is not None and not closer.is_named and closer.type.upper().startswith("END_"):
        closer_span = text_span(unit, closer.start_byte, closer.end_byte, place)
        if closer_span is not None and starts_line(converter, closer_span[0]):
            last = line_of(converter, closer_span[0]) - 1
    if last <= first:
        return None
    return first, last, None


def region_folds(unit: StUnit, converter: PositionConverter, place: Place) -> Iterator[Fold]:
    """Regions, paired innermost first; an unpaired marker folds nothing."""
    document = unit.document
    markers: list[tuple[int, bool]] = []  # (document offset, is the end)
    for match in REGION_PRAGMA.finditer(document.text):
        markers.append((match.start(), match.group(1) is not None))
    for rewrite in unit.lowered.rewrites:
        if rewrite.kind is RewriteKind.REGION:
            markers.append((rewrite.original_start, bool(rewrite.detail.get("end"))))
    open_at: list[int] = []
    for offset, is_end in sorted(markers):
        if not is_end:
            open_at.append(offset)
            continue
        if not open_at:
            continue
        span = place(open_at.pop(), offset)
        if span is None:
            continue
        first = line_of(converter, span[0])
        last = line_of(converter, span[1]) - 1
        if last > first:
            yield first, last, types.FoldingRangeKind.Region


def text_span(unit: StUnit, start: int, end: int, place: Place) -> tuple[int, int] | None:
    """A lowered span as a span of the text the converter reads."""
    document_start, document_end = unit.lowered.offsets.span_to_original(start, end)
    return place(document_start, document_end)


def line_of(converter: PositionConverter, offset: int) -> int:
    return converter.lines.position(offset).line


def starts_line(converter: PositionConverter, offset: int) -> bool:
    """Whether only blanks precede ``offset`` on its line."""
    line_start = converter.lines.starts[line_of(converter, offset)]
    return not converter.data[line_start:offset].strip()
