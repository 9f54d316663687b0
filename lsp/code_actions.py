"""Quick fixes from the rules, a suppression comment, and "fix all" for a file.

A rule's fix is a list of byte edits of the user's files; here they become
a ``WorkspaceEdit`` in the client's position encoding. Safe fixes are
marked preferred (editors apply them with one key); fixes that may change
behaviour say so in their title and are never preferred.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.tools.st.rules.finding import Finding, Fix, FixSafety, TextEdit
from werk.tools.st.rules.fixes import plan_fixes

FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.werk"

Converter = Callable[[Path], PositionConverter]


def fix_action(
    finding: Finding, fix: Fix, converter: Converter, uri: Callable[[Path], str]
) -> types.CodeAction:
    unsafe = fix.safety is FixSafety.UNSAFE
    title = f"{fix.title} ({finding.code}{', may change behaviour' if unsafe else ''})"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        edit=workspace_edit(fix.edits, converter, uri),
        is_preferred=not unsafe,
    )


def suppress_action(
    finding: Finding, data: bytes, converter: PositionConverter, uri: str
) -> types.CodeAction:
    """``(* werk: ignore CODE -- reason *)`` at the end of the finding's line."""
    line_end = data.find(b"\n", finding.start)
    line_end = len(data) if line_end < 0 else line_end
    if line_end > 0 and data[line_end - 1 : line_end] == b"\r":
        line_end -= 1
    at = converter.position(line_end)
    comment = f" (* werk: ignore {finding.code} -- reason *)"
    return types.CodeAction(
        title=f"Ignore {finding.code} on this line (werk)",
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(range=types.Range(at, at), new_text=comment)]}
        ),
    )


def fix_all_action(
    findings: list[Finding], converter: Converter, uri: Callable[[Path], str]
) -> types.CodeAction | None:
    """Every safe fix of the file's findings that fit together."""
    plan = plan_fixes(findings)
    edits = [edit for file_edits in plan.edits.values() for edit in file_edits]
    if not edits:
        return None
    return types.CodeAction(
        title=f"Apply {len(plan.applied)} safe werk fix(es)",
        kind=FIX_ALL_KIND,
        edit=workspace_edit(edits, converter, uri),
    )


def workspace_edit(
    edits: tuple[TextEdit, ...] | list[TextEdit], converter: Converter, uri: Callable[[Path], str]
) -> types.WorkspaceEdit:
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
        positions = converter(edit.path)
        changes.setdefault(uri(edit.path), []).append(
            types.TextEdit(
                range=positions.range(edit.start, edit.end),
                new_text=edit.replacement.decode("utf-8", "replace"),
            )
        )
    return types.WorkspaceEdit(changes=changes)


def overlaps(finding: Finding, start: int, end: int) -> bool:
    """Whether a finding touches the requested span (an empty span: the cursor)."""
    return finding.start <= end and start <= finding.end
