"""``textDocument/signatureHelp`` for function, method and FB instance calls.

Inside ``LIMIT(`` or ``fbPump(`` the editor shows the parameters with their
types, which are inputs (``IN : BOOL``), in-outs and outputs (``Q => BOOL``,
read back with ``=>``), and highlights the one being typed: the named one
(``PT := |``), else by position among inputs and in-outs (IEC 61131-3
§6.6.1.2: positional arguments fill VAR_INPUT and VAR_IN_OUT in order), or,
in a call that names its parameters, the first input not assigned yet. The
call is read from the text before the cursor, so it works while the line is
incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.features.assist_session import AssistSession, Cursor
from werk.lsp.features.cursor_context import OpenCall
from werk.lsp.features.st_tokens import Kind, Token
from werk.lsp.features.symbol_docs import Doc, doc_of, one_line, parameters
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable, key

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

SECTION_WORDS = {
    Section.VAR_INPUT: "input",
    Section.VAR_IN_OUT: "in-out, passed by reference",
    Section.VAR_OUTPUT: "output, read back with =>",
}


@dataclass(frozen=True)
class SignatureSupport:
    markdown: bool = True
    label_offsets: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities | None) -> SignatureSupport:
        text = capabilities.text_document if capabilities is not None else None
        help_ = text.signature_help if text is not None else None
        info = help_.signature_information if help_ is not None else None
        formats = (info.documentation_format if info is not None else None) or []
        parameter = info.parameter_information if info is not None else None
        return cls(
            markdown=not formats or types.MarkupKind.Markdown in formats,
            label_offsets=bool(parameter is not None and parameter.label_offset_support),
        )


def signature_help(
    session: AssistSession,
    ls: WerkLanguageServer,
    uri: str,
    position: types.Position,
    support: SignatureSupport,
) -> types.SignatureHelp | None:
    cursor = session.cursor(ls, uri, position)
    if cursor is None or cursor.context.in_text:
        return None
    call = next((b for b in reversed(cursor.context.brackets) if b is not None), None)
    if call is None:
        return None
    callee, shown_name = called(cursor, call)
    if callee is None:
        return None
    project = cursor.workspace.project
    interface = [] if callee.kind is PouKind.ACTION else parameters(callee, project)
    signature = signature_of(shown_name, callee, interface, project, support)
    active = active_parameter(cursor, call, interface)
    signature.active_parameter = active
    return types.SignatureHelp(signatures=[signature], active_signature=0, active_parameter=active)


def called(cursor: Cursor, call: OpenCall) -> tuple[Pou | None, str]:
    """What the call invokes: a function or method, or the FB type of an instance."""
    subject = cursor.scope.resolve(call.callee)
    shown = ".".join(t.text for t in call.callee if t.kind is Kind.WORD)
    if subject is None:
        return None, shown
    symbol = subject.symbol
    if isinstance(symbol, Pou) and symbol.kind in (
        PouKind.FUNCTION,
        PouKind.METHOD,
        PouKind.ACTION,
    ):
        return symbol, shown
    project = cursor.workspace.project
    resolved = project.resolve_type(subject.type) if subject.type is not None else None
    if isinstance(resolved, Pou) and resolved.kind is PouKind.FUNCTION_BLOCK:
        return resolved, shown
    return None, shown


def signature_of(
    name: str,
    callee: Pou,
    interface: list[Variable],
    project: Project,
    support: SignatureSupport,
) -> types.SignatureInformation:
    label = f"{name}("
    parameters_info: list[types.ParameterInformation] = []
    for index, parameter in enumerate(interface):
        if index:
            label += ", "
        operator = " => " if parameter.section is Section.VAR_OUTPUT else " : "
        text = f"{parameter.name}{operator}{parameter.type}"
        start = len(label)
        label += text
        words = SECTION_WORDS.get(parameter.section, parameter.section.value)
        detail = f"{words} · {one_line(parameter.doc)}" if parameter.doc else words
        parameters_info.append(
            types.ParameterInformation(
                label=(start, start + len(text)) if support.label_offsets else text,
                documentation=markup(detail, support.markdown),
            )
        )
    label += ")"
    if callee.return_type is not None and callee.kind in (PouKind.FUNCTION, PouKind.METHOD):
        label += f" : {callee.return_type}"
    documentation = doc_of(callee, project)
    return types.SignatureInformation(
        label=label,
        documentation=markup(documentation, support.markdown) if documentation else None,
        parameters=parameters_info,
    )


def markup(text: str, markdown: bool) -> types.MarkupContent:
    doc = Doc(markdown).text(text)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=doc.render())


def active_parameter(cursor: Cursor, call: OpenCall, interface: list[Variable]) -> int | None:
    """The index in ``interface`` of the parameter the cursor is on."""
    arguments = cursor.context.arguments(call)
    current = arguments[-1] if arguments else []
    named = argument_name(current)
    if named is not None:
        return index_of(interface, named)
    earlier = [argument_name(argument) for argument in arguments[:-1]]
    positional = [p for p in interface if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)]
    if any(name is not None for name in earlier):
        given = {key(name) for name in earlier if name is not None}
        partial = cursor.context.partial
        typed = partial.text.lower() if partial is not None and not current else ""
        for parameter in positional:
            if parameter.key not in given and parameter.key.startswith(typed):
                return interface.index(parameter)
        return None
    position = len(arguments) - 1
    if position < len(positional):
        return interface.index(positional[position])
    return None


def argument_name(argument: list[Token]) -> str | None:
    """``PT`` of ``PT := T#5s`` (also ``Q =>``), else None."""
    if len(argument) >= 2 and argument[0].kind is Kind.WORD and argument[1].text in (":=", "=>"):
        return argument[0].text
    return None


def index_of(interface: list[Variable], name: str) -> int | None:
    wanted = key(name)
    return next((i for i, p in enumerate(interface) if p.key == wanted), None)
