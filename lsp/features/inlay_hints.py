"""``textDocument/inlayHint``: parameter names before positional arguments.

``LIMIT(0, rLevel, 100)`` reads as ``LIMIT(MN: 0, IN: rLevel, MX: 100)``:
positional arguments fill a POU's inputs and in-outs in declaration order
(IEC 61131-3 §6.6.1.2), which the reader otherwise has to look up. No hint
is shown for a named argument, for an argument that is a variable of the
parameter's own name, or for a call with a single argument (``ABS(x)``,
``INT_TO_REAL(n)``: the name adds nothing). Only calls inside the requested
range are looked at.
"""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types
from tree_sitter import Node

from werk.lsp.cursor import all_pous_of
from werk.lsp.encoding import PositionConverter
from werk.tools.st.model.analysis import callee_parameters
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Section
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.source_file import StSourceFile
from werk.tools.st.unit import StUnit

SKIPPED_ARGUMENTS = frozenset({"comment", "pragma", "named_argument"})


def inlay_hints(
    source: StSourceFile,
    project: Project,
    converter: PositionConverter,
    span: tuple[int, int],
) -> list[types.InlayHint]:
    hints: list[types.InlayHint] = []
    for unit in source.units:
        if unit.symbols_only:
            continue
        first, last = unit.file_span(0, len(unit.lowered.text))
        if last < span[0] or first > span[1]:
            continue
        for offset, label in unit_hints(unit, project, span):
            hints.append(
                types.InlayHint(
                    position=converter.position(offset),
                    label=label,
                    kind=types.InlayHintKind.Parameter,
                    padding_right=True,
                )
            )
    hints.sort(key=lambda hint: (hint.position.line, hint.position.character))
    return hints


def unit_hints(unit: StUnit, project: Project, span: tuple[int, int]) -> Iterator[tuple[int, str]]:
    """``(file offset, "MN:")`` for each positional argument of a call inside ``span``."""
    calls: dict[tuple[int, int], Use] = {}
    for pou in all_pous_of(unit):
        for use in project.analysis(pou).uses:
            if use.kind is UseKind.CALL:
                calls[(use.location.start, use.location.end)] = use
    if not calls:
        return
    to_file = unit.to_file
    stack = [unit.tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type != "call_expression":
            continue
        use = calls.get(callee_span(node))
        arguments = node.child_by_field_name("arguments")
        if use is None or arguments is None:
            continue
        positional = [
            p
            for p in callee_parameters(use.target, project)
            if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]
        values = [a for a in arguments.named_children if a.type not in ("comment", "pragma")]
        if len(values) < 2:
            continue
        for parameter, argument in zip(positional, values, strict=False):
            if argument.type in SKIPPED_ARGUMENTS:
                continue
            if unit.text(argument).strip().lower() == parameter.key:
                continue
            offset = to_file.to_original(argument.start_byte)
            if span[0] <= offset <= span[1]:
                yield offset, f"{parameter.name}:"


def callee_span(call: Node) -> tuple[int, int]:
    """The span of the name the analysis records the call at (the member of ``a.b()``)."""
    function = call.child_by_field_name("function")
    if function is None:
        return (-1, -1)
    if function.type == "member_access_expression":
        member = function.child_by_field_name("member")
        if member is not None:
            return (member.start_byte, member.end_byte)
    return (function.start_byte, function.end_byte)
