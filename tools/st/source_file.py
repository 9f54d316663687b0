"""One ST source file as units, kept current under edits.

Plain ST files are split into one unit per top-level declaration
(``chunks``); an edit re-lowers and re-parses only the chunks it touches,
with tree-sitter's incremental parsing when the edit stays inside one chunk,
and shifts the units after it. TwinCAT and PLCopen files are small and are
re-read whole. ``edit`` reports which units were replaced so the project
model re-analyses only what they declared and what depended on it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.st.chunks import (
    ends_open,
    has_open_comment,
    has_stray_closer,
    split_chunks,
    starts_with_action,
)
from werk.tools.st.containers import documents_for
from werk.tools.st.dialect import detect_dialect
from werk.tools.st.document import Dialect, Origin, StDocument
from werk.tools.st.lowering import lower
from werk.tools.st.syntax import parse, syntax_issues
from werk.tools.st.unit import StUnit
from werk.tools.text.offsets import Shift


@dataclass
class FileChange:
    """What an edit did to a file's units."""

    removed: list[StUnit] = field(default_factory=list)
    added: list[StUnit] = field(default_factory=list)


@dataclass(eq=False)
class StSourceFile:
    path: Path
    data: bytes
    dialect: Dialect
    units: list[StUnit]
    chunked: bool  # plain ST split per declaration (False: a container, re-read whole)
    forced_dialect: Dialect | None = None
    analysis_limit: int | None = None

    @classmethod
    def load(
        cls,
        path: Path,
        data: bytes,
        dialect: Dialect | None = None,
        analysis_limit: int | None = None,
    ) -> StSourceFile:
        documents = documents_for(path, data, dialect)
        plain = len(documents) == 1 and documents[0].origin is Origin.PLAIN
        if not plain:
            units = [StUnit.from_document(document) for document in documents]
            chosen = units[0].document.dialect if units else (dialect or Dialect.IEC)
            result = cls(path, data, chosen, units, False, dialect, analysis_limit)
        else:
            document = documents[0]
            chosen = dialect or detect_dialect(path, document.text)
            # documents_for leaves a byte-order mark out of the text: keep its offset.
            base = document.to_file.to_original(0)
            units = [
                _chunk_unit(path, document.text[start:end], base + start, chosen)
                for start, end in split_chunks(document.text)
            ]
            result = cls(path, data, chosen, units, True, dialect, analysis_limit)
        result._mark_symbols_only()
        return result

    def _mark_symbols_only(self) -> None:
        too_large = self.analysis_limit is not None and len(self.data) > self.analysis_limit
        for unit in self.units:
            unit.symbols_only = too_large

    def edit(self, start: int, end: int, replacement: bytes) -> FileChange:
        """Replace ``data[start:end]`` by ``replacement`` and bring the units up to date."""
        new_data = self.data[:start] + replacement + self.data[end:]
        if not self.chunked or not self.units:  # a container, or nothing to splice into
            old = self.units
            fresh = StSourceFile.load(self.path, new_data, self.forced_dialect, self.analysis_limit)
            self.data, self.units, self.dialect = new_data, fresh.units, fresh.dialect
            return FileChange(removed=old, added=list(fresh.units))
        delta = len(replacement) - (end - start)
        bases = [unit_base(unit) for unit in self.units]
        first = max(0, bisect.bisect_right(bases, start) - 1)
        last = max(first, bisect.bisect_left(bases, end) - 1)
        if last + 1 < len(self.units) and bases[last + 1] == end:
            last += 1
        last = min(last, len(self.units) - 1)
        # A declaration before the edit that lacks its END keyword runs on into it,
        # and an ACTION at the edit joins the POU before it.
        while first > 0 and (
            ends_open(self.units[first - 1].document.text)
            or starts_with_action(new_data[bases[first] : unit_end(self.units[last]) + delta])
        ):
            first -= 1
        if has_stray_closer(new_data[bases[first] : unit_end(self.units[last]) + delta]):
            # It may close a comment left open earlier, which then ends here.
            opened = [i for i in range(first) if has_open_comment(self.units[i].document.text)]
            if opened:
                first = opened[-1]
        region_start = bases[first]
        while True:
            region_end = unit_end(self.units[last]) + delta
            region = new_data[region_start:region_end]
            if last + 1 >= len(self.units):
                break
            if has_open_comment(region):  # it comments out the rest of the file
                last = len(self.units) - 1
                continue
            if not ends_open(region):
                break
            last += 1  # the region's last declaration now runs on into the next one
        spans = split_chunks(region) if region else []
        old_units = self.units[first : last + 1]
        new_units: list[StUnit] = []
        for chunk_start, chunk_end in spans:
            text = region[chunk_start:chunk_end]
            base = region_start + chunk_start
            reusable = old_units[0] if len(spans) == 1 and len(old_units) == 1 else None
            if reusable is not None:
                new_units.append(_reparsed(reusable, text, base))
            else:
                new_units.append(_chunk_unit(self.path, text, base, self.dialect))
        for unit in self.units[last + 1 :]:
            shift = unit.document.to_file
            assert isinstance(shift, Shift)
            shift.base += delta
        self.units[first : last + 1] = new_units
        self.data = new_data
        self._mark_symbols_only()
        return FileChange(removed=old_units, added=new_units)


def unit_base(unit: StUnit) -> int:
    shift = unit.document.to_file
    assert isinstance(shift, Shift)
    return shift.base


def unit_end(unit: StUnit) -> int:
    return unit_base(unit) + len(unit.document.text)


def _chunk_unit(path: Path, text: bytes, base: int, dialect: Dialect) -> StUnit:
    document = StDocument(path, text, Shift(base, len(text)), dialect)
    return StUnit.from_document(document)


def _reparsed(old: StUnit, text: bytes, base: int) -> StUnit:
    """The chunk's new unit, parsed incrementally from the old one's tree."""
    document = StDocument(old.path, text, Shift(base, len(text)), old.document.dialect)
    lowered = lower(text, document.dialect)
    before, after = old.lowered.text, lowered.text
    prefix = _common_prefix(before, after)
    suffix = _common_suffix(before, after, prefix)
    tree = old.tree
    tree.edit(
        start_byte=prefix,
        old_end_byte=len(before) - suffix,
        new_end_byte=len(after) - suffix,
        start_point=_point(before, prefix),
        old_end_point=_point(before, len(before) - suffix),
        new_end_point=_point(after, len(after) - suffix),
    )
    new_tree = parse(after, tree)
    return StUnit(document, lowered, new_tree, syntax_issues(new_tree, after))


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length of the common prefix, by bisection on slice comparisons (done in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: bytes, b: bytes, prefix: int) -> int:
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _point(text: bytes, offset: int) -> tuple[int, int]:
    line = text.count(b"\n", 0, offset)
    line_start = text.rfind(b"\n", 0, offset) + 1
    return line, offset - line_start
