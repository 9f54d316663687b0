"""``textDocument/hover``: what a name is, and what it is in the plant.

For a variable: its declaration (type, initial value, AT address), section
and comment; where the project writes and reads it (counts, and the first
places as ``file:line`` with the POU whose code it is); and from the system
model the instance paths it exists at, the channel it is wired to, its
engineering unit and range. For a POU: its header and interface, its
documentation (the standard library's for TON, LIMIT...) and where it runs.
The name under the cursor comes from the semantic model, or, while the line
does not parse, from the text before the cursor and the last good parse.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.cursor import symbol_at
from werk.lsp.features.assist_session import AssistSession
from werk.lsp.features.cursor_context import chain_before
from werk.lsp.features.cursor_text import cursor_text, word_end
from werk.lsp.features.symbol_docs import (
    Doc,
    declaration_line,
    doc_of,
    interface_lines,
    kind_label,
)
from werk.lsp.features.system_view import SystemFacts
from werk.lsp.features.usage import Usage, usage_of
from werk.lsp.st_workspace import StWorkspace
from werk.tools.plant.engineering import engineering_of
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Location,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    TypeKind,
    Variable,
)
from werk.tools.st.model.uses import Symbol, Use

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

MAX_PLACES = 3  # places listed per kind of use
MAX_PATHS = 5  # instance paths listed
STALE_NOTE = "(system model from before the latest edits; updating)"
PLANT_SECTIONS = frozenset(
    {
        Section.VAR_INPUT,
        Section.VAR_OUTPUT,
        Section.VAR_IN_OUT,
        Section.VAR,
        Section.VAR_STAT,
        Section.VAR_GLOBAL,
        Section.VAR_EXTERNAL,
    }
)


class HoverWriter:
    """The hover text of one symbol (see the module docstring)."""

    def __init__(
        self, session: AssistSession, workspace: StWorkspace, encoding: str, markdown: bool
    ) -> None:
        self.session = session
        self.workspace = workspace
        self.project = workspace.project
        self.encoding = encoding
        self.doc = Doc(markdown)

    def write(self, symbol: Symbol) -> str:
        doc = self.doc
        if isinstance(symbol, Pou) and symbol.kind is not PouKind.ACTION:
            lines = [declaration_line(symbol)]
            if symbol.kind is not PouKind.PROPERTY:
                lines += interface_lines(symbol, self.project)
            doc.code("\n".join(lines))
        elif isinstance(symbol, TypeDecl):
            doc.code("\n".join(type_lines(symbol)))
        else:
            doc.code(declaration_line(symbol))
        doc.text(self.summary(symbol))
        comment = doc_of(symbol, self.project)
        if comment:
            doc.text(comment)
        if is_used_by_code(symbol) and not self.project.is_standard(symbol):
            self.usage(symbol)
        if isinstance(symbol, Variable):
            self.plant_of_variable(symbol)
        elif isinstance(symbol, Pou) and symbol.kind in (
            PouKind.FUNCTION_BLOCK,
            PouKind.PROGRAM,
        ):
            self.plant_of_pou(symbol)
        return doc.render()

    def summary(self, symbol: Symbol) -> str:
        parts = [kind_label(symbol)]
        if isinstance(symbol, Variable):
            parts.extend(q for q in sorted(symbol.qualifiers))
        if isinstance(symbol, Pou) and self.project.is_standard(symbol):
            parts.append("standard library")
        return " · ".join(p for p in parts if p)

    # --- where it is used --------------------------------------------------------------------

    def usage(self, symbol: Symbol) -> None:
        usage = usage_of(self.project, symbol)
        doc = self.doc
        doc.rule()
        if usage.empty:
            doc.text("Not used anywhere in the project.")
            return
        counts = [
            f"{label} {len(uses)}×"
            for label, uses in (
                ("written", usage.writes),
                ("read", usage.reads),
                ("called", usage.calls),
                ("address taken", usage.addressed),
            )
            if uses
        ]
        headline = " · ".join(counts)
        doc.text(headline[:1].upper() + headline[1:], escape=False)
        doc.bullets(self.places(usage))

    def places(self, usage: Usage) -> list[str]:
        lines: list[str] = []
        for label, uses in (
            ("written", usage.writes),
            ("read", usage.reads),
            ("called", usage.calls),
            ("address taken", usage.addressed),
        ):
            for use in uses[:MAX_PLACES]:
                lines.append(f"{label} in {self.pou_name(use)} at {self.place(use.location)}")
            if len(uses) > MAX_PLACES:
                lines.append(f"... {len(uses) - MAX_PLACES} more {label}")
        return lines

    def pou_name(self, use: Use) -> str:
        name = use.pou.qualified_name if use.pou is not None else "?"
        return self.doc.escape(name)

    def place(self, location: Location) -> str:
        path = location.unit.path
        line = self.session.positions.line_of(self.workspace, location, self.encoding)
        shown = f"{self.shown(path)}:{line}"
        if not self.doc.markdown:
            return shown
        uri = path.as_uri() if path.is_absolute() else str(path)
        return f"[{self.doc.escape(shown)}]({uri}#L{line})"

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.workspace.root))
        except ValueError:
            return path.name

    # --- the plant ---------------------------------------------------------------------------

    def plant_of_variable(self, variable: Variable) -> None:
        lines: list[str] = []
        engineering = engineering_of(variable)
        if engineering.unit:
            lines.append(f"unit: {engineering.unit}")
        if engineering.has_range:
            lines.append(f"range: {engineering.range_text()}")
        facts: SystemFacts | None = None
        if variable.section in PLANT_SECTIONS and variable.owner is not None:
            facts = self.session.system.facts_for_variable(self.workspace, variable)
        if facts is not None:
            lines.extend(self.paths(facts.paths, "instance"))
            lines.extend(f"wired to {link.endpoint}" for link in facts.links)
        if not lines:
            return
        self.doc.rule()
        self.doc.text(self.doc.strong("In the plant"), escape=False)
        self.doc.bullets([self.doc.escape(line) for line in lines])
        if facts is not None and facts.stale:
            self.doc.text(STALE_NOTE)

    def plant_of_pou(self, pou: Pou) -> None:
        facts = self.session.system.facts_for_pou(self.workspace, pou)
        if facts is None:
            return
        lines = self.paths(facts.paths, "instance")
        if facts.task:
            lines.append(f"runs in task {facts.task}")
        self.doc.rule()
        self.doc.text(self.doc.strong("In the plant"), escape=False)
        if lines:
            self.doc.bullets([self.doc.escape(line) for line in lines])
        else:
            self.doc.text("No instance runs it.")
        if facts.stale:
            self.doc.text(STALE_NOTE)

    @staticmethod
    def paths(paths: list[str], noun: str) -> list[str]:
        if not paths:
            return []
        shown = ", ".join(paths[:MAX_PATHS])
        more = f" and {len(paths) - MAX_PATHS} more" if len(paths) > MAX_PATHS else ""
        label = noun if len(paths) == 1 else f"{len(paths)} {noun}s"
        return [f"{label}: {shown}{more}"]


def is_used_by_code(symbol: Symbol) -> bool:
    """Whether statements read, write or call it (FB types and programs are instantiated,
    which the plant part shows instead)."""
    if isinstance(symbol, Variable | EnumMember):
        return True
    return isinstance(symbol, Pou) and symbol.kind in (
        PouKind.FUNCTION,
        PouKind.METHOD,
        PouKind.ACTION,
        PouKind.PROPERTY,
    )


def type_lines(decl: TypeDecl) -> list[str]:
    """A type's definition; a structure with its fields."""
    if decl.kind not in (TypeKind.STRUCT, TypeKind.UNION):
        return [declaration_line(decl)]
    lines = [declaration_line(decl)]
    for field in decl.fields[:24]:
        comment = f" (* {field.doc} *)" if field.doc else ""
        lines.append(f"    {declaration_line(field)};{comment}")
    if len(decl.fields) > 24:
        lines.append(f"    (* ... {len(decl.fields) - 24} more *)")
    lines.append(f"END_{decl.kind.value}")
    return lines


def hover(
    session: AssistSession,
    ls: WerkLanguageServer,
    uri: str,
    position: types.Position,
    markdown: bool,
) -> types.Hover | None:
    workspace = ls.st
    path = session.file_of(ls, uri)
    if workspace is None or path is None:
        return None
    converter = session.positions.converter(workspace, path, ls.encoding)
    offset = converter.offset(position)
    if not workspace.files[path].chunked and cursor_text(workspace, path, offset) is None:
        return None  # in the XML around a TwinCAT file's ST, not in its code
    found = symbol_at(workspace, path, offset)
    symbol: Symbol | None = None
    span: tuple[int, int] | None = None
    if found is not None:
        symbol = found.symbol
        span = found.location.file_span()
    else:
        end = word_end(workspace.data(path), offset)
        cursor = session.cursor(ls, uri, position, offset=end)
        partial = cursor.context.partial if cursor is not None else None
        if cursor is None or partial is None:
            return None
        tokens = [*cursor.context.statement, partial]
        subject = cursor.scope.resolve(chain_before(tokens, len(tokens)))
        symbol = subject.symbol if subject is not None else None
        span = (cursor.file_offset(partial.start), cursor.file_offset(partial.end))
    if symbol is None or (isinstance(symbol, GlobalList) and not symbol.variables):
        return None
    writer = HoverWriter(session, workspace, ls.encoding, markdown)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(
        contents=types.MarkupContent(kind=kind, value=writer.write(symbol)),
        range=converter.range(*span),
    )
