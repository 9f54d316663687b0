"""What the dialect lowering did to a source: the rewrites it made and the lowered text.

The lowered text is what tree-sitter parses; the engineer only ever sees the
original. Each ``Rewrite`` says which dialect construct stood at a span of the
original, what it was lowered to, and what it meant (a bit number, a string
length, a Siemens block name, an attribute...), so the semantic model can
recover the meaning the standard syntax could not carry, and every finding can
be reported on the engineer's own bytes.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from werk.tools.st.document import Dialect
from werk.tools.text.offsets import OffsetMap


class RewriteKind(StrEnum):
    """One member per dialect construct the lowering rewrites."""

    # CODESYS / TwinCAT
    SET_ASSIGN = "set_assign"  # x S= y  ->  x := y      (latching set)
    RESET_ASSIGN = "reset_assign"  # x R= y  ->  x := y  (latching reset)
    AND_THEN = "and_then"  # short-circuit AND
    OR_ELSE = "or_else"  # short-circuit OR
    BIT_ACCESS = "bit_access"  # w.3 / w.%X3 -> w._ / w._X3; detail bit, byte, word or dword
    STRING_LENGTH = "string_length"  # STRING[80] -> STRING(80); detail length
    VAR_INST = "var_inst"  # method variables that keep their value -> VAR
    VAR_STAT = "var_stat"  # static variables -> VAR
    VAR_QUALIFIER = "var_qualifier"  # VAR PERSISTENT, VAR DB_SPECIFIC; detail qualifier
    REFERENCE_TO = "reference_to"  # REFERENCE TO -> REF_TO
    VARIABLE_LENGTH_ARRAY = "variable_length_array"  # ARRAY[*] -> ARRAY[0..0]
    TYPED_ENUM = "typed_enum"  # (A := 0, B) INT; detail base_type
    STRUCT_SEMICOLON = "struct_semicolon"  # ; inserted after END_STRUCT
    UNION = "union"  # UNION/END_UNION -> STRUCT/END_STRUCT
    STRUCT_EXTENDS = "struct_extends"  # TYPE S2 EXTENDS S1 : STRUCT; detail base
    ENUM_QUALIFIER = "enum_qualifier"  # E_State#Run -> E_State.Run
    ACTION = "action"  # ACTION A: / END_ACTION -> METHOD A / END_METHOD; detail name
    MEMBER_MOVED = "member_moved"  # a METHOD/ACTION/PROPERTY after the body, moved before it
    PROGRAM_AS_FUNCTION_BLOCK = "program_as_function_block"  # a PROGRAM with actions/methods
    POU_MODIFIER = "pou_modifier"  # FUNCTION_BLOCK ABSTRACT F, METHOD PUBLIC FINAL M; detail
    MISSING_RETURN_TYPE = "missing_return_type"  # FUNCTION F -> FUNCTION F : VOID
    JUMP_LABEL = "jump_label"  # retry: ; detail label
    JUMP = "jump"  # JMP retry; / SCL GOTO retry; detail label
    LTIME_LITERAL = "ltime_literal"  # LT#1s -> " T#1s"; detail type
    # Both families
    PRAGMA = "pragma"  # a pragma where the grammar takes none; detail attribute, value, text
    NESTED_COMMENT = "nested_comment"  # (* a (* b *) c *); inner delimiters blanked
    DIRECT_ADDRESS = "direct_address"  # %IX0.0 in an expression, or AT %I*; detail address
    # Siemens SCL (TIA Portal)
    SCL_BEGIN = "scl_begin"  # BEGIN between declarations and statements
    SCL_LOCAL = "scl_local"  # #speed -> " speed"; detail name
    QUOTED_NAME = "quoted_name"  # "Motor DB" -> _Motor_DB_; detail name
    SCL_ATTRIBUTE = "scl_attribute"  # VERSION : 0.1, TITLE = ..., NON_RETAIN; detail
    REGION = "region"  # REGION name / END_REGION; detail region
    TYPE_COLON = "type_colon"  # TYPE "UDT" STRUCT -> TYPE _UDT_: STRUCT
    ORGANIZATION_BLOCK = "organization_block"  # ORGANIZATION_BLOCK -> PROGRAM; detail block
    DATA_BLOCK = "data_block"  # DATA_BLOCK -> PROGRAM, a STEP 7 STRUCT section -> VAR; detail
    DATA_BLOCK_TYPE = "data_block_type"  # the FB or UDT an instance DB is of; detail type
    S5_TIME = "s5_time"  # S5T#10S -> "  T#10S"; detail type


# Kinds whose span encloses other rewrites instead of standing beside them.
ENCLOSING_KINDS = frozenset({RewriteKind.MEMBER_MOVED})


@dataclass(frozen=True)
class Rewrite:
    """One dialect construct: where it is in the original and the lowered text, and its meaning."""

    kind: RewriteKind
    original_start: int
    original_end: int
    lowered_start: int
    lowered_end: int
    detail: Mapping[str, object] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.detail, MappingProxyType):
            object.__setattr__(self, "detail", MappingProxyType(dict(self.detail)))


@dataclass(frozen=True)
class LoweredSource:
    """A source as written, the standard ST it was lowered to, and the map between them."""

    original: bytes
    text: bytes
    dialect: Dialect
    offsets: OffsetMap
    rewrites: tuple[Rewrite, ...]  # sorted by lowered_start, enclosing ones first

    def rewrites_in(
        self, lowered_start: int, lowered_end: int, kind: RewriteKind | None = None
    ) -> list[Rewrite]:
        """The rewrites overlapping ``[lowered_start, lowered_end)``, in order.

        An insertion (an empty span) counts when it lies inside the range; an
        empty range finds the rewrites that contain or touch its position.
        """
        leaves, ends = self._leaves
        first = bisect.bisect_left(ends, lowered_start)
        found = []
        for rewrite in itertools.chain(self._enclosing, leaves[first:]):
            start, end = rewrite.lowered_start, rewrite.lowered_end
            if start > lowered_end:
                if rewrite.kind not in ENCLOSING_KINDS:
                    break
                continue
            if lowered_start == lowered_end:
                hit = start <= lowered_start <= end
            else:
                hit = start < lowered_end and (end > lowered_start or start == end >= lowered_start)
            if hit and (kind is None or rewrite.kind is kind):
                found.append(rewrite)
        return sorted(found, key=lowered_order)

    def rewrite_at(self, lowered_offset: int, kind: RewriteKind | None = None) -> Rewrite | None:
        """The innermost rewrite covering ``lowered_offset`` (an insertion covers its position)."""
        leaves, ends = self._leaves
        first = bisect.bisect_left(ends, lowered_offset)
        for rewrite in leaves[first:]:
            start, end = rewrite.lowered_start, rewrite.lowered_end
            if start > lowered_offset:
                break
            if (start <= lowered_offset < end or start == end == lowered_offset) and (
                kind is None or rewrite.kind is kind
            ):
                return rewrite
        for rewrite in self._enclosing:
            start, end = rewrite.lowered_start, rewrite.lowered_end
            if start <= lowered_offset < end and (kind is None or rewrite.kind is kind):
                return rewrite
        return None

    @cached_property
    def _leaves(self) -> tuple[list[Rewrite], list[int]]:
        """Rewrites that enclose none: they never overlap, so their ends ascend too."""
        leaves = sorted(
            (r for r in self.rewrites if r.kind not in ENCLOSING_KINDS),
            key=lambda r: (r.lowered_start, r.lowered_end),
        )
        return leaves, [r.lowered_end for r in leaves]

    @cached_property
    def _enclosing(self) -> tuple[Rewrite, ...]:
        return tuple(r for r in self.rewrites if r.kind in ENCLOSING_KINDS)


def lowered_order(rewrite: Rewrite) -> tuple[int, int]:
    """Sort key of ``LoweredSource.rewrites``: by start, an enclosing rewrite before its content."""
    return (rewrite.lowered_start, -rewrite.lowered_end)
