"""One ST document, lowered, parsed and read: the unit every feature works on.

A unit owns the three texts a position can refer to (the user's file, the ST
document extracted from it, and the lowered standard ST the parser saw) and
maps spans from the last to the first. It also answers the questions the
declaration reader asks about dialect rewrites (was this METHOD an ACTION?
this VAR a VAR_INST? this REF_TO a REFERENCE TO?), so that nothing downstream
needs to know that lowering happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tree_sitter import Node, Tree

from werk.tools.st.document import StDocument
from werk.tools.st.lowering import LoweredSource, Rewrite, RewriteKind, lower
from werk.tools.st.syntax import SyntaxIssue, parse, syntax_issues
from werk.tools.text.offsets import ChainedMap

if TYPE_CHECKING:
    from werk.tools.st.model.declarations import FileDeclarations
    from werk.tools.st.model.symbols import Section


@dataclass(eq=False)
class StUnit:
    document: StDocument
    lowered: LoweredSource
    tree: Tree
    issues: list[SyntaxIssue] = field(default_factory=list)
    # Too large to analyse: declarations are read, statement bodies are not resolved.
    symbols_only: bool = False
    _declarations: FileDeclarations | None = None

    @classmethod
    def from_document(cls, document: StDocument) -> StUnit:
        lowered = lower(document.text, document.dialect)
        tree = parse(lowered.text)
        return cls(document, lowered, tree, syntax_issues(tree, lowered.text))

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def declarations(self) -> FileDeclarations:
        if self._declarations is None:
            from werk.tools.st.model.declarations import read_declarations

            self._declarations = read_declarations(self)
        return self._declarations

    @property
    def to_file(self) -> ChainedMap:
        return ChainedMap((self.lowered.offsets, self.document.to_file))

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the lowered text as a span of the user's file."""
        return self.to_file.span_to_original(start, end)

    def text(self, node: Node) -> str:
        return self.lowered.text[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def original_text(self, node: Node) -> str:
        """The document text behind ``node`` (before lowering), e.g. ``%IX0.0`` for ``_IX0_0``."""
        start, end = self.lowered.offsets.span_to_original(node.start_byte, node.end_byte)
        return self.document.text[start:end].decode("utf-8", "replace")

    # --- what lowering did, asked by the declaration reader and the resolver ------------

    def rewrite_in(self, node: Node, *kinds: RewriteKind) -> Rewrite | None:
        for rewrite in self.lowered.rewrites_in(node.start_byte, node.end_byte):
            if rewrite.kind in kinds:
                return rewrite
        return None

    def _keyword_rewrite(self, node: Node, *kinds: RewriteKind) -> Rewrite | None:
        """A rewrite of the node's first keyword (the one that opens it)."""
        first = node.children[0] if node.children else node
        for rewrite in self.lowered.rewrites_in(node.start_byte, first.end_byte + 1):
            if rewrite.kind in kinds:
                return rewrite
        return None

    def is_action(self, node: Node) -> bool:
        return self._keyword_rewrite(node, RewriteKind.ACTION) is not None

    def section_rewrite(self, node: Node) -> Section | None:
        from werk.tools.st.model.symbols import Section

        rewrite = self._keyword_rewrite(node, RewriteKind.VAR_INST, RewriteKind.VAR_STAT)
        if rewrite is None:
            return None
        return Section.VAR_INST if rewrite.kind is RewriteKind.VAR_INST else Section.VAR_STAT

    def is_reference_to(self, node: Node) -> bool:
        return self._keyword_rewrite(node, RewriteKind.REFERENCE_TO) is not None

    def is_union(self, node: Node | None) -> bool:
        return node is not None and self._keyword_rewrite(node, RewriteKind.UNION) is not None

    def enum_base_type(self, node: Node) -> str | None:
        end = node.end_byte
        for rewrite in self.lowered.rewrites_in(node.start_byte, end + 64):
            if rewrite.kind is RewriteKind.TYPED_ENUM and rewrite.lowered_start >= end - 1:
                return str(rewrite.detail.get("base_type") or "") or None
        return None

    def struct_base(self, node: Node) -> str | None:
        rewrite = self.rewrite_in(node, RewriteKind.STRUCT_EXTENDS)
        if rewrite is None:
            return None
        return str(rewrite.detail.get("base") or rewrite.detail.get("base_type") or "") or None

    def header_rewrites(self, node: Node) -> list[Rewrite]:
        """Rewrites in a POU header: modifiers, pragmas and SCL attributes before its body."""
        end = node.end_byte
        name = node.child_by_field_name("name")
        for child in node.named_children:
            if child.type not in ("identifier", "comment") and child != name:
                end = child.start_byte
                break
        return [
            rewrite
            for rewrite in self.lowered.rewrites_in(node.start_byte, end)
            if rewrite.kind
            in (
                RewriteKind.POU_MODIFIER,
                RewriteKind.PRAGMA,
                RewriteKind.SCL_ATTRIBUTE,
                RewriteKind.ORGANIZATION_BLOCK,
                RewriteKind.DATA_BLOCK,
                RewriteKind.DATA_BLOCK_TYPE,
                RewriteKind.PROGRAM_AS_FUNCTION_BLOCK,
            )
        ]

    def identifier_name(self, node: Node) -> str:
        """The name an identifier stands for (SCL ``"Motor DB"`` is lowered to ``_Motor_DB_``)."""
        for rewrite in self.lowered.rewrites_in(node.start_byte, node.end_byte):
            if rewrite.kind is RewriteKind.QUOTED_NAME:
                return str(rewrite.detail.get("name") or self.text(node))
        return self.text(node)

    def direct_address(self, node: Node) -> str | None:
        """``%IX0.0`` when this identifier is a lowered direct address used in code."""
        for rewrite in self.lowered.rewrites_in(node.start_byte, node.end_byte):
            if rewrite.kind is RewriteKind.DIRECT_ADDRESS:
                return str(rewrite.detail.get("address") or self.original_text(node))
        return None

    def bit_access(self, node: Node) -> int | None:
        """The bit number when this member is a lowered bit access (``w.3``, ``w.%X3``)."""
        for rewrite in self.lowered.rewrites_in(node.start_byte, node.end_byte):
            if rewrite.kind is RewriteKind.BIT_ACCESS:
                bit = rewrite.detail.get("bit")
                return int(bit) if isinstance(bit, int | str) and str(bit).isdigit() else 0
        return None

    def rewrite_in_operator(self, node: Node, *kinds: RewriteKind) -> Rewrite | None:
        """A rewrite between the left and right operand (``S=``, ``AND_THEN``...)."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return None
        for rewrite in self.lowered.rewrites_in(left.end_byte, right.start_byte):
            if rewrite.kind in kinds:
                return rewrite
        return None
