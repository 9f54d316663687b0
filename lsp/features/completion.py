"""``textDocument/completion`` and ``completionItem/resolve`` for Structured Text.

What is offered depends on where the cursor is (``completion_context``):
variables in scope with their types, members after ``fbPump.`` (inputs one
sets, outputs one reads), enumeration values after ``E_State.``/``E_State#``
and wherever an enumeration value is expected, parameters inside a call,
types after ``name :``, statements and the keywords that fit, POU templates
between POUs. Calls are inserted with named parameters, as snippets where the
client supports them. Items carry the type and section as detail; resolve
adds the declaration and its comment (the standard library's description).

Large projects have thousands of candidates (every conversion function of
the standard library, hundreds of FB types): candidates are cheap tuples,
filtered by the typed prefix and cut to the best ``MAX_ITEMS`` before any
LSP item is built; a cut list is marked incomplete so the client asks again
as the user types.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from werk.lsp.features.assist_session import Cursor
from werk.lsp.features.completion_context import Place, Wanted, wanted
from werk.lsp.features.cursor_context import POU_OPENERS
from werk.lsp.features.scope_at import ScopeAt, Subject, type_from_text
from werk.lsp.features.snippets import (
    MEMBERS,
    POUS,
    SIMPLE_STATEMENTS,
    STATEMENTS,
    Template,
    call_snippet,
    plain,
    section_template,
)
from werk.lsp.features.stdlib_docs import is_conversion
from werk.lsp.features.symbol_docs import (
    CALLER_USE,
    Doc,
    declaration_line,
    doc_of,
    interface_lines,
    kind_label,
    parameters,
)
from werk.lsp.features.symbol_refs import ref_of, symbol_of
from werk.tools.st.document import Origin
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
    key,
)
from werk.tools.st.model.types import ELEMENTARY, TypeRef
from werk.tools.st.model.uses import Symbol

MAX_ITEMS = 200
MAX_EAGER_DOCS = 60  # documentation sent at once to clients that cannot resolve items
Kind = types.CompletionItemKind

# Ranking: what the context asks for first, then the POU's own names, then the project's.
EXPECTED, PARAMETER, LOCAL, MEMBER, GLOBAL, PROJECT, LIBRARY, KEYWORD, CONVERSION = range(9)

ELEMENTARY_TYPES = sorted({*ELEMENTARY, "STRING", "WSTRING"})
TYPE_SNIPPETS = [
    Template("ARRAY", "ARRAY[${1:0}..${2:9}] OF ${3:INT}", "array type"),
    Template("POINTER TO", "POINTER TO ${1:INT}", "pointer type"),
    Template("REFERENCE TO", "REFERENCE TO ${1:INT}", "reference type"),
    Template("STRING(n)", "STRING(${1:80})", "string of n characters"),
]
SECTIONS_BY_POU = {
    "PROGRAM": ["VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT", "VAR", "VAR_TEMP", "VAR_EXTERNAL"],
    "FUNCTION_BLOCK": ["VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT", "VAR", "VAR_TEMP", "VAR_STAT"],
    "FUNCTION": ["VAR_INPUT", "VAR_IN_OUT", "VAR_OUTPUT", "VAR", "VAR_TEMP"],
    "METHOD": ["VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT", "VAR", "VAR_INST"],
    "PROPERTY": ["VAR"],
    "ACTION": [],
    "INTERFACE": [],
}
BLOCK_CONTINUATIONS = {
    "IF": ["ELSIF", "ELSE", "END_IF"],
    "CASE": ["ELSE", "END_CASE"],
    "FOR": ["END_FOR"],
    "WHILE": ["END_WHILE"],
    "REPEAT": ["UNTIL", "END_REPEAT"],
}


@dataclass(frozen=True)
class ClientSupport:
    """What the client can show, from its capabilities."""

    snippets: bool = False
    markdown: bool = True
    resolve: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities | None) -> ClientSupport:
        text = capabilities.text_document if capabilities is not None else None
        completion = text.completion if text is not None else None
        item = completion.completion_item if completion is not None else None
        formats = (item.documentation_format if item is not None else None) or []
        return cls(
            snippets=bool(item is not None and item.snippet_support),
            markdown=not formats or types.MarkupKind.Markdown in formats,
            resolve=bool(item is not None and item.resolve_support is not None),
        )


@dataclass(frozen=True)
class Candidate:
    """One possible item, cheap to make; ``build`` makes the LSP item for the few kept."""

    label: str
    group: int
    build: Callable[[], types.CompletionItem]

    @property
    def sort_text(self) -> str:
        return f"{self.group}{self.label.lower()}"


class Completer:
    """The completion items for one cursor."""

    def __init__(self, cursor: Cursor, support: ClientSupport, uri: str) -> None:
        self.cursor = cursor
        self.support = support
        self.uri = uri
        self.scope: ScopeAt = cursor.scope
        self.project: Project = cursor.workspace.project
        self.want: Wanted = wanted(cursor.context)
        partial = cursor.context.partial
        start = partial.start if partial is not None else cursor.text.cursor
        self.edit_range = cursor.range_from(start)
        self.candidates: dict[str, Candidate] = {}

    # --- the answer --------------------------------------------------------------------------

    def complete(self) -> types.CompletionList:
        offer = {
            Place.MEMBER: self.members,
            Place.ENUM_LITERAL: self.enum_literal,
            Place.TYPE: self.types_,
            Place.VALUE: self.values,
            Place.ARGUMENT: self.arguments,
            Place.STATEMENT: self.statements,
            Place.DECLARATIONS: self.declarations,
            Place.DECLARATION_NAME: self.declaration_names,
            Place.POU_HEADER: self.header,
            Place.TOP_LEVEL: self.top_level,
        }.get(self.want.place)
        if offer is not None:
            offer()
        return self.finish()

    def finish(self) -> types.CompletionList:
        prefix = self.want.prefix
        found = [
            c
            for c in self.candidates.values()
            if matches(prefix, c.label, fuzzy=c.group != CONVERSION)
        ]
        filtered = len(found) < len(self.candidates)
        found.sort(key=lambda c: c.sort_text)
        incomplete = filtered or len(found) > MAX_ITEMS
        items = [candidate.build() for candidate in found[:MAX_ITEMS]]
        for item, candidate in zip(items, found, strict=False):
            item.sort_text = candidate.sort_text
            if item.text_edit is None:
                item.text_edit = types.TextEdit(self.edit_range, item.insert_text or item.label)
                item.insert_text = None
        if not self.support.resolve and len(items) <= MAX_EAGER_DOCS:
            for item in items:
                resolve_item(item, self.project, self.support)
        return types.CompletionList(is_incomplete=incomplete, items=items)

    # --- adding candidates -------------------------------------------------------------------

    def add(self, label: str, group: int, build: Callable[[], types.CompletionItem]) -> None:
        known = self.candidates.get(label)
        if known is None or group < known.group:
            self.candidates[label] = Candidate(label, group, build)

    def add_symbol(self, symbol: Symbol, group: int, *, member: bool = False) -> None:
        label = getattr(symbol, "name", None)
        if not isinstance(label, str) or not label:
            return
        self.add(label, group, lambda: self.symbol_item(symbol, member=member))

    def add_keyword(self, word: str, group: int = KEYWORD) -> None:
        self.add(word, group, lambda: types.CompletionItem(label=word, kind=Kind.Keyword))

    def add_template(self, template: Template, group: int = KEYWORD) -> None:
        def build() -> types.CompletionItem:
            item = types.CompletionItem(
                label=template.label,
                kind=Kind.Snippet,
                detail=template.detail,
                filter_text=template.label.split()[0],
            )
            self.set_text(item, template.body, snippet=True)
            return item

        self.add(template.label, group, build)

    def set_text(self, item: types.CompletionItem, text: str, *, snippet: bool) -> None:
        if snippet and self.support.snippets:
            item.insert_text_format = types.InsertTextFormat.Snippet
            item.text_edit = types.TextEdit(self.edit_range, text)
        else:
            item.insert_text_format = types.InsertTextFormat.PlainText
            item.text_edit = types.TextEdit(self.edit_range, plain(text) if snippet else text)

    # --- items -------------------------------------------------------------------------------

    def symbol_item(self, symbol: Symbol, *, member: bool = False) -> types.CompletionItem:
        name = str(getattr(symbol, "name", ""))
        item = types.CompletionItem(label=name, kind=item_kind(symbol), detail=self.detail(symbol))
        if member and isinstance(symbol, Variable) and symbol.section in CALLER_USE:
            item.detail = f"{symbol.type} · {CALLER_USE[symbol.section]}"
            item.kind = Kind.Field
        ref = ref_of(symbol)
        if ref is not None:
            item.data = {"uri": self.uri, "ref": ref}
        if isinstance(symbol, EnumMember):
            owner = symbol.owner
            qualified = owner is not None and "qualified_only" in {
                a.lower() for a in owner.attributes
            }
            if qualified and owner is not None and self.want.place is not Place.MEMBER:
                self.set_text(item, f"{owner.name}.{symbol.name}", snippet=False)
        return item

    def detail(self, symbol: Symbol) -> str:
        if isinstance(symbol, Variable):
            constant = "CONSTANT " if symbol.is_constant else ""
            return f"{constant}{symbol.type} · {kind_label(symbol)}"
        if isinstance(symbol, Pou):
            if symbol.return_type is not None:
                return f"{kind_label(symbol)} : {symbol.return_type}"
            return kind_label(symbol)
        if isinstance(symbol, EnumMember):
            value = f" = {symbol.value}" if symbol.value else ""
            return f"{symbol.owner.name if symbol.owner else ''}{value}"
        return kind_label(symbol)

    def add_call(self, name: str, callee: Pou, group: int, *, label: str | None = None) -> None:
        """A call with every input named: ``LIMIT(MN := ${1}, IN := ${2}, MX := ${3})``."""
        shown = label or name

        def build() -> types.CompletionItem:
            item = types.CompletionItem(
                label=shown,
                kind=Kind.Method if callee.kind is PouKind.METHOD else Kind.Function,
                detail=self.detail(callee),
                filter_text=name,
            )
            if callee.kind is PouKind.FUNCTION_BLOCK:
                item.kind = Kind.Snippet
                item.detail = f"call of {callee.name}"
            ref = ref_of(callee)
            if ref is not None:
                item.data = {"uri": self.uri, "ref": ref}
            inputs = [] if callee.kind is PouKind.ACTION else parameters(callee, self.project)
            self.set_text(item, call_snippet(name, inputs), snippet=True)
            return item

        self.add(shown, group, build)

    # --- places ------------------------------------------------------------------------------

    def members(self) -> None:
        subject = self.scope.resolve(self.want.chain)
        if subject is None:
            return
        for symbol in self.scope.members(subject):
            if isinstance(symbol, Pou) and symbol.kind in (PouKind.METHOD, PouKind.ACTION):
                self.add_call(symbol.name, symbol, MEMBER)
            else:
                self.add_symbol(symbol, MEMBER, member=True)

    def enum_literal(self) -> None:
        chain = self.want.chain
        decl = self.project.find_type(chain[0].text) if chain else None
        if decl is not None and decl.kind is TypeKind.ENUM:
            for member in decl.members:
                self.add_symbol(member, MEMBER, member=True)

    def types_(self) -> None:
        for word in ELEMENTARY_TYPES:
            self.add(word, LIBRARY, functools.partial(self.type_keyword, word))
        for template in TYPE_SNIPPETS:
            self.add_template(template, LIBRARY)
        for keyword in self.want.keywords:
            self.add_keyword(keyword, LOCAL)
        for decl in self.project.types.values():
            self.add_symbol(decl, PROJECT)
        for pou in self.project.pous.values():
            if pou.kind in (PouKind.FUNCTION_BLOCK, PouKind.INTERFACE):
                group = LIBRARY if self.project.is_standard(pou) else PROJECT
                self.add_symbol(pou, group)

    def type_keyword(self, word: str) -> types.CompletionItem:
        return types.CompletionItem(label=word, kind=Kind.TypeParameter, detail="elementary type")

    def values(self, *, statement: bool = False) -> None:
        want = self.want
        self.expected_values()
        if want.after_operand:
            for keyword in want.keywords:
                self.add_keyword(keyword, LOCAL)
            return
        self.names_in_scope(statement=statement)
        if not statement:
            for word in ("TRUE", "FALSE", "NOT"):
                self.add_keyword(word)
        for keyword in want.keywords:
            self.add_keyword(keyword)

    def names_in_scope(self, *, statement: bool) -> None:
        scope = self.scope
        for symbol in scope.local_symbols():
            if isinstance(symbol, Pou) and symbol.kind in (PouKind.METHOD, PouKind.ACTION):
                self.add_call(symbol.name, symbol, LOCAL)
            elif isinstance(symbol, Pou) and symbol is scope.pou:
                self.add_symbol(symbol, LOCAL)  # a function's return value
            else:
                self.add_symbol(symbol, LOCAL)
            if statement and isinstance(symbol, Variable):
                fb = self.fb_of(symbol.type)
                if fb is not None:
                    self.add_call(symbol.name, fb, LOCAL, label=f"{symbol.name}(…)")
        for variable in self.project.globals.values():
            if not self.project.is_standard(variable):
                self.add_symbol(variable, GLOBAL)
        for gvl in self.project.gvl_by_name.values():
            self.add_symbol(gvl, GLOBAL)
        prefix = self.want.prefix
        for pou in self.project.pous.values():
            standard = self.project.is_standard(pou)
            group = LIBRARY if standard else PROJECT
            if pou.kind is PouKind.FUNCTION:
                if standard and is_conversion(pou.name):
                    if prefix:  # thousands of them: only once the user typed a letter
                        self.add_call(pou.name, pou, CONVERSION)
                    continue
                self.add_call(pou.name, pou, group)
            elif pou.kind is PouKind.PROGRAM:
                self.add_symbol(pou, group)
        for decl in self.project.types.values():
            if decl.kind is TypeKind.ENUM:
                self.add_symbol(decl, PROJECT)
        owner = scope.owner
        if owner is not None and owner.kind is PouKind.FUNCTION_BLOCK:
            self.add_keyword("THIS^", KEYWORD)
            if owner.extends:
                self.add_keyword("SUPER^", KEYWORD)

    def fb_of(self, type_ref: TypeRef) -> Pou | None:
        resolved = self.project.resolve_type(type_ref)
        if isinstance(resolved, Pou) and resolved.kind is PouKind.FUNCTION_BLOCK:
            return resolved
        return None

    def expected_values(self) -> None:
        """Enumeration values where the context expects a value of an enumeration."""
        for decl in self.expected_enums():
            for member in decl.members:
                self.add_symbol(member, EXPECTED)

    def expected_enums(self) -> Iterable[TypeDecl]:
        want = self.want
        type_refs: list[TypeRef | None] = []
        if want.parameter is not None and want.call is not None:
            parameter = self.parameter_named(want.parameter)
            type_refs.append(parameter.type if parameter is not None else None)
        if want.expected:
            subject = self.scope.resolve(want.expected)
            type_refs.append(subject.type if subject is not None else None)
        if want.expected_type:
            type_refs.append(type_from_text(want.expected_type))
        if want.place is Place.STATEMENT and want.case_selector:
            subject = self.scope.resolve(want.case_selector)
            type_refs.append(subject.type if subject is not None else None)
        for type_ref in type_refs:
            resolved = self.project.resolve_type(type_ref) if type_ref is not None else None
            if isinstance(resolved, TypeDecl) and resolved.kind is TypeKind.ENUM:
                yield resolved

    def callee(self) -> tuple[Pou | None, Subject | None]:
        call = self.want.call
        if call is None:
            return None, None
        subject = self.scope.resolve(call.callee)
        if subject is None:
            return None, None
        symbol = subject.symbol
        if isinstance(symbol, Pou) and symbol.kind in (
            PouKind.FUNCTION,
            PouKind.METHOD,
            PouKind.ACTION,
        ):
            return symbol, subject
        fb = self.fb_of(subject.type) if subject.type is not None else None
        return fb, subject

    def parameter_named(self, name: str) -> Variable | None:
        callee, _ = self.callee()
        if callee is None:
            return None
        return next((p for p in parameters(callee, self.project) if p.key == key(name)), None)

    def arguments(self) -> None:
        callee, _ = self.callee()
        call = self.want.call
        if callee is not None and call is not None:
            named = {
                argument[0].text.lower()
                for argument in self.cursor.context.arguments(call)[:-1]
                if len(argument) > 1 and argument[1].text in (":=", "=>")
            }
            for parameter in parameters(callee, self.project):
                if parameter.key not in named:
                    self.add_parameter(parameter)
        self.values()

    def add_parameter(self, parameter: Variable) -> None:
        operator = "=>" if parameter.section is Section.VAR_OUTPUT else ":="
        label = f"{parameter.name} {operator}"

        def build() -> types.CompletionItem:
            item = types.CompletionItem(
                label=label,
                kind=Kind.Field,
                detail=f"{parameter.type} · {CALLER_USE.get(parameter.section, '')}",
                filter_text=parameter.name,
            )
            ref = ref_of(parameter)
            if ref is not None:
                item.data = {"uri": self.uri, "ref": ref}
            self.set_text(item, f"{label} ", snippet=False)
            return item

        self.add(label, PARAMETER, build)

    def statements(self) -> None:
        self.values(statement=True)
        for template in STATEMENTS:
            self.add_statement_keyword(template)
        for word in SIMPLE_STATEMENTS:
            self.add_keyword(word)
        blocks = self.want.open_blocks
        if blocks:
            for word in BLOCK_CONTINUATIONS.get(blocks[-1], []):
                self.add_keyword(word, LOCAL)
        else:
            self.add_pou_closer()

    def add_statement_keyword(self, template: Template) -> None:
        if self.support.snippets:
            self.add_template(template)
        else:
            self.add_keyword(template.label)

    def add_pou_closer(self) -> None:
        frames = self.cursor.context.pou_frames
        if frames:
            self.add_keyword(POU_OPENERS[frames[-1].kind], KEYWORD)

    def declarations(self) -> None:
        kind = self.want.pou_kind or ""
        for section in SECTIONS_BY_POU.get(kind, []):
            self.add_template(section_template(section), LOCAL)
        unit = self.cursor.text.unit
        plain_file = unit is not None and unit.document.origin is Origin.PLAIN
        if kind in ("FUNCTION_BLOCK", "PROGRAM", "INTERFACE") and plain_file:
            for template in MEMBERS:
                self.add_template(template, LOCAL)
        self.statements()

    def declaration_names(self) -> None:
        for keyword in self.want.keywords:
            self.add_keyword(keyword, LOCAL)

    def header(self) -> None:
        want = self.want
        word = want.header_word
        if word == ":":
            self.types_()
            return
        if word in ("EXTENDS", "IMPLEMENTS"):
            interfaces = word == "IMPLEMENTS" or want.pou_kind == "INTERFACE"
            wanted_kind = PouKind.INTERFACE if interfaces else PouKind.FUNCTION_BLOCK
            for pou in self.project.pous.values():
                if pou.kind is wanted_kind and not self.project.is_standard(pou):
                    self.add_symbol(pou, PROJECT)
            return
        for keyword in want.keywords:
            self.add_keyword(keyword, LOCAL)

    def top_level(self) -> None:
        for template in POUS:
            self.add_template(template, LOCAL)


def resolve_item(
    item: types.CompletionItem, project: Project, support: ClientSupport
) -> types.CompletionItem:
    """Add the declaration and its documentation to an item that names a symbol."""
    data: Any = item.data
    ref = data.get("ref") if isinstance(data, dict) else None
    symbol = symbol_of(project, ref) if isinstance(ref, str) else None
    if symbol is None:
        return item
    doc = Doc(support.markdown)
    if isinstance(symbol, Pou) and symbol.kind in (
        PouKind.FUNCTION_BLOCK,
        PouKind.FUNCTION,
        PouKind.METHOD,
        PouKind.PROGRAM,
        PouKind.INTERFACE,
    ):
        doc.code("\n".join([declaration_line(symbol), *interface_lines(symbol, project)]))
    else:
        doc.code(declaration_line(symbol))
    doc.text(kind_label(symbol), escape=True)
    comment = doc_of(symbol, project)
    if comment:
        doc.text(comment)
    kind = types.MarkupKind.Markdown if support.markdown else types.MarkupKind.PlainText
    item.documentation = types.MarkupContent(kind=kind, value=doc.render())
    return item


def item_kind(symbol: Symbol) -> types.CompletionItemKind:
    if isinstance(symbol, Variable):
        if symbol.is_constant:
            return Kind.Constant
        if symbol.section is Section.STRUCT_FIELD:
            return Kind.Field
        return Kind.Variable
    if isinstance(symbol, Pou):
        return {
            PouKind.PROGRAM: Kind.Module,
            PouKind.FUNCTION: Kind.Function,
            PouKind.FUNCTION_BLOCK: Kind.Class,
            PouKind.METHOD: Kind.Method,
            PouKind.PROPERTY: Kind.Property,
            PouKind.ACTION: Kind.Method,
            PouKind.INTERFACE: Kind.Interface,
        }[symbol.kind]
    if isinstance(symbol, TypeDecl):
        if symbol.kind in (TypeKind.STRUCT, TypeKind.UNION):
            return Kind.Struct
        if symbol.kind is TypeKind.ENUM:
            return Kind.Enum
        return Kind.TypeParameter
    if isinstance(symbol, EnumMember):
        return Kind.EnumMember
    if isinstance(symbol, GlobalList):
        return Kind.Module
    return Kind.Text


def matches(prefix: str, label: str, *, fuzzy: bool = True) -> bool:
    """Whether the client would show ``label`` for ``prefix``: same first letter, then the
    prefix's letters in order (``tD`` finds ``tonDelay``), case-insensitively. Without
    ``fuzzy``, only a real prefix counts (the conversions: ``to`` would find them all)."""
    if not prefix:
        return True
    wanted_text = prefix.lower()
    text = label.lower()
    if text.startswith(wanted_text):
        return True
    if not fuzzy or text[:1] != wanted_text[:1]:
        return False
    position = 0
    for char in wanted_text:
        position = text.find(char, position)
        if position < 0:
            return False
        position += 1
    return True
