"""Rename a symbol across the project, or say clearly why not.

LSP methods ``textDocument/prepareRename`` (the name's range and current
spelling) and ``textDocument/rename`` (a ``WorkspaceEdit``: ``documentChanges``
for clients that support them, else ``changes``).

Every occurrence is renamed: uses in code whatever their spelling (ST is
case-insensitive), qualified ones (``GVL_IO.bStart``, ``E_Mode.Auto``,
``fbPump.bRun``), type names in declarations, ``EXTENDS``/``IMPLEMENTS``,
TwinCAT's XML ``Name`` attributes; a method renames the methods it
overrides or implements with it. A rename that would change what the code
means is refused with a message the editor shows: the new name is not an
identifier, is a keyword or a standard-library name, is already declared
where the symbol is, or is a global the renamed symbol would hide or that
would capture one of its uses. The standard library cannot be renamed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from werk.lsp.features.guard import guarded, nothing
from werk.lsp.features.hierarchy import hierarchy, override_family
from werk.lsp.features.occurrences import DECLARATION, Occurrence, occurrences
from werk.lsp.features.places import Places, Span, name_span, span_of
from werk.lsp.features.twincat_names import TWINCAT_SUFFIXES, xml_names
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.lowering.scanner import KEYWORDS
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import PouScope, struct_chain
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Pou,
    PouKind,
    TypeDecl,
    Variable,
    key,
)
from werk.tools.st.model.types import ALIASES, ELEMENTARY
from werk.tools.st.model.uses import Symbol

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

log = logging.getLogger(__name__)

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESERVED = frozenset(
    {word.decode() for word in KEYWORDS}
    | set(ELEMENTARY)
    | set(ALIASES)
    | {"THIS", "SUPER", "REFERENCE", "ANY", "ANY_NUM", "ANY_INT", "ANY_REAL", "ANY_BIT"}
    | {"ANY_STRING", "ANY_DATE", "ANY_ELEMENTARY", "ANY_MAGNITUDE", "ANY_DERIVED"}
)
MEMBER_POUS = frozenset({PouKind.METHOD, PouKind.PROPERTY, PouKind.ACTION})


class RenameRefused(JsonRpcException):
    """A rename the editor must refuse, with the reason shown to the user."""

    CODE = types.LSPErrorCodes.RequestFailed.value
    MESSAGE = "Rename refused"


@dataclass(frozen=True)
class Replacement:
    span: Span
    text: str


def register(server: WerkLanguageServer, places: Places) -> None:
    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded(nothing)
    def prepare_rename(
        ls: WerkLanguageServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        at = places.symbol_at(params.text_document.uri, params.position)
        if at is None or ls.st is None:
            return None
        refusal = read_only(ls.st, at.symbol)
        if refusal is not None:
            raise RenameRefused(refusal)
        span = span_of(at.location)
        shown = ls.st.data(span.path)[span.start : span.end].decode("utf-8", "replace")
        return types.PrepareRenamePlaceholder(
            range=places.range(span), placeholder=display_name(at.symbol) or shown
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    @guarded(nothing)
    def rename(ls: WerkLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        at = places.symbol_at(params.text_document.uri, params.position)
        if at is None or ls.st is None:
            return None
        replacements = plan_rename(ls.st, at.symbol, params.new_name)
        return workspace_edit(ls, places, replacements)


def display_name(symbol: Symbol) -> str:
    return getattr(symbol, "name", None) or ""


# --- what may be renamed ------------------------------------------------------------------


def read_only(workspace: StWorkspace, symbol: Symbol) -> str | None:
    """Why ``symbol`` cannot be renamed at all, or None."""
    name = display_name(symbol)
    if workspace.project.is_standard(symbol):
        return f"{name} belongs to the standard library and cannot be renamed"
    if isinstance(symbol, GlobalList):
        declared = name_span(workspace, symbol)
        if declared is None or declared.path.suffix.lower() not in TWINCAT_SUFFIXES:
            return f"the global variable list {name} is named after its file: rename the file"
    if name_span(workspace, symbol) is None:
        return f"{name} has no declaration in the project"
    return None


def check_new_name(project: Project, new_name: str) -> None:
    if not IDENTIFIER.fullmatch(new_name):
        raise RenameRefused(
            f"'{new_name}' is not a valid identifier: use letters, digits and _, "
            "not starting with a digit"
        )
    if new_name.upper() in RESERVED:
        raise RenameRefused(f"'{new_name}' is a reserved word of IEC 61131-3")
    standard = project.find_pou(new_name) or project.find_type(new_name)
    if standard is not None and project.is_standard(standard):
        raise RenameRefused(f"'{new_name}' is the name of {standard.name} of the standard library")


def plan_rename(workspace: StWorkspace, symbol: Symbol, new_name: str) -> list[Replacement]:
    """The replacements of a rename; raises ``RenameRefused`` with the reason."""
    project = workspace.project
    refusal = read_only(workspace, symbol)
    if refusal is not None:
        raise RenameRefused(refusal)
    check_new_name(project, new_name)
    renamed: list[Symbol] = (
        list(override_family(project, symbol))
        if isinstance(symbol, Pou) and symbol.kind in MEMBER_POUS
        else [symbol]
    )
    found: list[Occurrence] = []
    for each in renamed:
        found.extend(occurrences(workspace, each))
    if key(new_name) != key(display_name(symbol)):
        for each in renamed:
            _refuse_declared(project, each, new_name)
        _refuse_captured_uses(project, renamed, found, new_name)
    return _replacements(workspace, renamed, found, new_name)


# --- collisions ---------------------------------------------------------------------------


def _refuse_declared(project: Project, symbol: Symbol, new_name: str) -> None:
    """The new name is already declared where ``symbol`` is, or is a visible global."""
    wanted = key(new_name)
    clash: Symbol | None = None
    place = ""
    if isinstance(symbol, Variable) and isinstance(symbol.owner, Pou):
        clash, place = _in_pou(project, symbol.owner, wanted), symbol.owner.qualified_name
    elif isinstance(symbol, Variable) and isinstance(symbol.owner, GlobalList):
        gvl = symbol.owner
        clash = next((v for v in gvl.variables if v.key == wanted), None)
        place = gvl.name or "the global variable list"
    elif isinstance(symbol, Variable) and isinstance(symbol.owner, TypeDecl):
        decl = symbol.owner
        clash = next(
            (f for d in struct_chain(decl, project) for f in d.fields if f.key == wanted), None
        )
        if clash is None:
            return  # fields are reached through their struct: globals cannot collide
        place = decl.name
    elif isinstance(symbol, EnumMember) and symbol.owner is not None:
        clash, place = symbol.owner.member(new_name), symbol.owner.name
    elif isinstance(symbol, Pou) and symbol.parent is not None:
        clash, place = _in_pou(project, symbol.parent, wanted), symbol.parent.qualified_name
    if clash is not None and clash is not symbol:
        raise RenameRefused(f"'{new_name}' is already declared in {place}")
    visible = project.lookup_global_name(new_name)
    if visible is None and isinstance(symbol, GlobalList):
        visible = project.gvl_by_name.get(wanted)
    if visible is not None and visible is not symbol:
        raise RenameRefused(f"'{new_name}' is already a global name ({_describe(visible)})")


def _in_pou(project: Project, owner: Pou, wanted: str) -> Symbol | None:
    """A name declared in ``owner``, inherited by it, or declared by an FB deriving from it."""
    found = PouScope(owner, project).names.get(wanted)
    if found is not None:
        return found
    holder = owner.parent or owner
    for derived in hierarchy(project).descendants(holder):
        for variable in derived.variables:
            if variable.key == wanted:
                return variable
        for table in (derived.methods, derived.properties, derived.actions):
            if wanted in table:
                return table[wanted]
    return None


def _refuse_captured_uses(
    project: Project, renamed: list[Symbol], found: Iterable[Occurrence], new_name: str
) -> None:
    """A use whose new name would resolve to something else where it stands."""
    scopes: dict[Pou, PouScope] = {}
    for occurrence in found:
        pou = occurrence.pou
        if pou is None or occurrence.member or occurrence.kind == DECLARATION:
            continue
        scope = scopes.get(pou)
        if scope is None:
            scope = scopes[pou] = PouScope(pou, project)
        meant = scope.lookup(new_name)
        if meant is not None and all(meant is not each for each in renamed):
            raise RenameRefused(
                f"'{new_name}' already means {_describe(meant)} in {pou.qualified_name}"
            )


def _describe(symbol: Symbol) -> str:
    if isinstance(symbol, Pou):
        return f"{symbol.kind.value} {symbol.qualified_name}"
    if isinstance(symbol, TypeDecl):
        return f"type {symbol.name}"
    if isinstance(symbol, EnumMember):
        owner = symbol.owner.name if symbol.owner is not None else "an enumeration"
        return f"member {symbol.name} of {owner}"
    if isinstance(symbol, GlobalList):
        return f"global variable list {symbol.name}"
    owner_name = getattr(symbol.owner, "qualified_name", None) or getattr(
        symbol.owner, "name", None
    )
    return f"variable {symbol.name}" + (f" of {owner_name}" if owner_name else "")


# --- edits --------------------------------------------------------------------------------


def _replacements(
    workspace: StWorkspace, renamed: list[Symbol], found: list[Occurrence], new_name: str
) -> list[Replacement]:
    spans: dict[tuple[Path, int], Span] = {}
    old_names = {key(display_name(each)) for each in renamed}
    for occurrence in found:
        spans.setdefault((occurrence.span.path, occurrence.span.start), occurrence.span)
    for each in renamed:
        declared = name_span(workspace, each)
        if declared is None or declared.path.suffix.lower() not in TWINCAT_SUFFIXES:
            continue
        for start, end in xml_names(workspace.data(declared.path), each):
            spans.setdefault((declared.path, start), Span(declared.path, start, end))
    replacements: list[Replacement] = []
    for span in spans.values():
        written = workspace.data(span.path)[span.start : span.end].decode("utf-8", "replace")
        quoted = len(written) > 1 and written[0] == written[-1] == '"'
        if quoted and key(written[1:-1]) in old_names:  # a Siemens "quoted" name stays quoted
            replacements.append(Replacement(span, f'"{new_name}"'))
        elif key(written) in old_names:
            replacements.append(Replacement(span, new_name))
        else:
            log.warning("rename: %s:%d holds %r, not the name", span.path, span.start, written)
    return replacements


def workspace_edit(
    ls: WerkLanguageServer, places: Places, replacements: list[Replacement]
) -> types.WorkspaceEdit:
    by_path: dict[Path, list[types.TextEdit]] = {}
    for replacement in sorted(replacements, key=lambda r: (str(r.span.path), r.span.start)):
        by_path.setdefault(replacement.span.path, []).append(
            types.TextEdit(range=places.range(replacement.span), new_text=replacement.text)
        )
    workspace_capabilities = ls.client_capabilities.workspace
    edit_capabilities = (
        workspace_capabilities.workspace_edit if workspace_capabilities is not None else None
    )
    if edit_capabilities is not None and edit_capabilities.document_changes:
        open_documents = {
            unquote(uri): document for uri, document in ls.workspace.text_documents.items()
        }
        changes: list[types.TextDocumentEdit] = []
        for path, edits in by_path.items():
            uri = ls.uri(path)
            document = open_documents.get(unquote(uri))
            changes.append(
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=document.version if document is not None else None
                    ),
                    edits=list(edits),
                )
            )
        return types.WorkspaceEdit(document_changes=changes)
    return types.WorkspaceEdit(changes={ls.uri(path): edits for path, edits in by_path.items()})
