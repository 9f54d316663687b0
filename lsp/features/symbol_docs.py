"""How a symbol is shown to the engineer: its declaration in ST, its kind, its documentation.

Hover, completion details and signature help all describe the same things:
a variable as its declaration line (``bStart AT %IX0.1 : BOOL := FALSE``)
and the section it is in, a POU as its header and interface, a type as its
definition, each with the comment written next to it (the standard library
with the descriptions of ``stdlib_docs``). Text goes out as Markdown or
plain text, whichever the client reads.
"""

from __future__ import annotations

import re

from werk.lsp.features.stdlib_docs import standard_doc
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    TypeKind,
    Variable,
)
from werk.tools.st.model.uses import Symbol

CODE_LANGUAGE = "st"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
SECTION_LABELS = {
    Section.VAR_INPUT: "input",
    Section.VAR_OUTPUT: "output",
    Section.VAR_IN_OUT: "in-out",
    Section.VAR: "local",
    Section.VAR_TEMP: "temporary",
    Section.VAR_INST: "instance (method)",
    Section.VAR_STAT: "static",
    Section.VAR_GLOBAL: "global",
    Section.VAR_EXTERNAL: "external (global)",
    Section.VAR_CONFIG: "configuration",
    Section.VAR_ACCESS: "access path",
    Section.STRUCT_FIELD: "field",
}
# How a caller uses each interface section of an instance (``fb.IN := x``, ``y := fb.Q``).
CALLER_USE = {
    Section.VAR_INPUT: "set by the caller",
    Section.VAR_OUTPUT: "read by the caller",
    Section.VAR_IN_OUT: "passed by reference",
}
MAX_INTERFACE_LINES = 24


class Doc:
    """Paragraphs, code and lists, rendered as Markdown or as plain text."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.blocks: list[str] = []

    def code(self, text: str) -> Doc:
        self.blocks.append(f"```{CODE_LANGUAGE}\n{text}\n```" if self.markdown else text)
        return self

    def text(self, text: str, *, escape: bool = True) -> Doc:
        """A paragraph; user text (comments) is escaped so Markdown shows it as written."""
        if text:
            self.blocks.append(self.escape(text) if escape and self.markdown else text)
        return self

    def bullets(self, items: list[str]) -> Doc:
        if items:
            marker = "- " if self.markdown else "  "
            self.blocks.append("\n".join(marker + item for item in items))
        return self

    def rule(self) -> Doc:
        """A separator between parts (Markdown only: plain text separates by blank lines)."""
        if self.blocks and self.markdown:
            self.blocks.append("---")
        return self

    def escape(self, text: str) -> str:
        return MARKDOWN_SPECIAL.sub(r"\\\1", text) if self.markdown else text

    def strong(self, text: str) -> str:
        return f"**{self.escape(text)}**" if self.markdown else text

    def render(self) -> str:
        blocks = list(self.blocks)
        while blocks and blocks[-1] == "---":
            blocks.pop()
        return "\n\n".join(blocks)


# --- one-line descriptions ---------------------------------------------------------------------


def declaration_line(symbol: Symbol) -> str:
    """The symbol as ST declares it, on one line."""
    if isinstance(symbol, Variable):
        at = f" AT {symbol.address}" if symbol.address else ""
        value = f" := {one_line(symbol.initial_value)}" if symbol.initial_value else ""
        return f"{symbol.name}{at} : {symbol.type}{value}"
    if isinstance(symbol, Pou):
        return pou_header(symbol)
    if isinstance(symbol, TypeDecl):
        return type_line(symbol)
    if isinstance(symbol, EnumMember):
        owner = f"{symbol.owner.name}." if symbol.owner is not None else ""
        value = f" := {symbol.value}" if symbol.value else ""
        return f"{owner}{symbol.name}{value}"
    if isinstance(symbol, GlobalList):
        name = f" {symbol.name}" if symbol.name else ""
        return f"VAR_GLOBAL{name} ({len(symbol.variables)} variables)"
    return str(symbol)


def pou_header(pou: Pou) -> str:
    kind = pou.kind.value
    name = pou.qualified_name if pou.parent is not None else pou.name
    parts = [kind]
    if pou.access and pou.access != "PUBLIC":
        parts.append(pou.access)
    if pou.abstract:
        parts.append("ABSTRACT")
    parts.append(name)
    text = " ".join(parts)
    if pou.return_type is not None:
        text += f" : {pou.return_type}"
    if pou.extends:
        text += f" EXTENDS {pou.extends}"
    if pou.implements:
        text += " IMPLEMENTS " + ", ".join(pou.implements)
    return text


def type_line(decl: TypeDecl) -> str:
    if decl.kind is TypeKind.ENUM:
        members = ", ".join(
            f"{m.name} := {m.value}" if m.value else m.name for m in decl.members[:12]
        )
        more = ", ..." if len(decl.members) > 12 else ""
        return f"TYPE {decl.name} : ({members}{more})"
    if decl.kind in (TypeKind.STRUCT, TypeKind.UNION):
        base = f" EXTENDS {decl.extends}" if decl.extends else ""
        return f"TYPE {decl.name}{base} : {decl.kind.value}"
    return f"TYPE {decl.name} : {decl.definition}"


def kind_label(symbol: Symbol) -> str:
    """What the symbol is, in an engineer's words: "input of FB_Pump", "enumeration"..."""
    if isinstance(symbol, Variable):
        section = SECTION_LABELS.get(symbol.section, symbol.section.value)
        owner = symbol.owner
        if isinstance(owner, Pou):
            return f"{section} of {owner.qualified_name}"
        if isinstance(owner, GlobalList):
            return f"global variable in {owner.name}" if owner.name else "global variable"
        if isinstance(owner, TypeDecl):
            return f"field of {owner.name}"
        return section
    if isinstance(symbol, Pou):
        return {
            PouKind.PROGRAM: "program",
            PouKind.FUNCTION: "function",
            PouKind.FUNCTION_BLOCK: "function block",
            PouKind.METHOD: "method",
            PouKind.PROPERTY: "property",
            PouKind.ACTION: "action",
            PouKind.INTERFACE: "interface",
        }[symbol.kind]
    if isinstance(symbol, TypeDecl):
        return {
            TypeKind.STRUCT: "structure",
            TypeKind.UNION: "union",
            TypeKind.ENUM: "enumeration",
            TypeKind.ALIAS: "type alias",
            TypeKind.SUBRANGE: "subrange type",
            TypeKind.ARRAY: "array type",
        }[symbol.kind]
    if isinstance(symbol, EnumMember):
        return f"value of {symbol.owner.name}" if symbol.owner is not None else "enumeration value"
    if isinstance(symbol, GlobalList):
        return "global variable list"
    return ""


def doc_of(symbol: Symbol, project: Project) -> str | None:
    """The documentation comment of a symbol; for the standard library, its description."""
    if isinstance(symbol, Pou) and project.is_standard(symbol):
        return standard_doc(symbol.name)
    doc = getattr(symbol, "doc", None)
    return doc if isinstance(doc, str) and doc.strip() else None


def parameters(pou: Pou, project: Project) -> list[Variable]:
    """The interface of a POU in call order: inputs and in-outs, then outputs (inherited
    ones first, as an instance of a derived FB has them)."""
    chain = list(reversed(list(inheritance_chain(pou, project.find_pou))))
    if pou.kind in (PouKind.FUNCTION, PouKind.METHOD):
        chain = [pou]
    found = [v for p in chain for v in p.variables]
    inputs = [v for v in found if v.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)]
    outputs = [v for v in found if v.section is Section.VAR_OUTPUT]
    return inputs + outputs


def interface_lines(pou: Pou, project: Project) -> list[str]:
    """``VAR_INPUT IN : BOOL; (* doc *)`` lines of a POU's interface, grouped by section."""
    lines: list[str] = []
    current: Section | None = None
    shown = parameters(pou, project)
    for variable in shown[:MAX_INTERFACE_LINES]:
        if variable.section is not current:
            if current is not None:
                lines.append("END_VAR")
            lines.append(variable.section.value)
            current = variable.section
        comment = f" (* {one_line(variable.doc)} *)" if variable.doc else ""
        lines.append(f"    {declaration_line(variable)};{comment}")
    if current is not None:
        lines.append("END_VAR")
    if len(shown) > MAX_INTERFACE_LINES:
        lines.append(f"(* ... {len(shown) - MAX_INTERFACE_LINES} more *)")
    return lines


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())
