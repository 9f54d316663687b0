"""Text that completion inserts: calls with named parameters, statements, POU skeletons.

Written in the LSP snippet syntax (tab stops ``${1}``, placeholders
``${1:condition}``, final cursor ``$0``) for clients that support snippets,
and turned into plain text with the placeholders' defaults for those that do
not (Neovim's built-in client, for one). Calls name every input
(``TON(IN := ${1}, PT := ${2})``): IEC 61131-3 §6.6.1.2 lets FB calls
assign parameters by name only, and named calls stay correct when an
interface gains a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werk.tools.st.model.symbols import Section, Variable

INDENT = "    "
PLACEHOLDER = re.compile(r"\$\{(\d+)(?::([^}]*))?\}|\$(\d+)")


@dataclass(frozen=True)
class Template:
    label: str
    body: str  # snippet syntax; ``\t`` indents one level
    detail: str


STATEMENTS = [
    Template("IF", "IF ${1:condition} THEN\n\t$0\nEND_IF", "IF ... THEN ... END_IF"),
    Template(
        "CASE",
        "CASE ${1:selector} OF\n\t${2:value}:\n\t\t$0\nEND_CASE",
        "CASE ... OF ... END_CASE",
    ),
    Template(
        "FOR", "FOR ${1:i} := ${2:0} TO ${3:10} DO\n\t$0\nEND_FOR", "FOR ... TO ... DO ... END_FOR"
    ),
    Template("WHILE", "WHILE ${1:condition} DO\n\t$0\nEND_WHILE", "WHILE ... DO ... END_WHILE"),
    Template(
        "REPEAT",
        "REPEAT\n\t$0\nUNTIL ${1:condition}\nEND_REPEAT",
        "REPEAT ... UNTIL ... END_REPEAT",
    ),
]
SIMPLE_STATEMENTS = ["RETURN", "EXIT", "CONTINUE"]

POUS = [
    Template(
        "FUNCTION_BLOCK",
        "FUNCTION_BLOCK ${1:FB_Name}\nVAR_INPUT\n\t$2\nEND_VAR\nVAR_OUTPUT\nEND_VAR\n"
        "VAR\nEND_VAR\n$0\nEND_FUNCTION_BLOCK",
        "function block skeleton",
    ),
    Template(
        "PROGRAM", "PROGRAM ${1:MAIN}\nVAR\n\t$2\nEND_VAR\n$0\nEND_PROGRAM", "program skeleton"
    ),
    Template(
        "FUNCTION",
        "FUNCTION ${1:F_Name} : ${2:BOOL}\nVAR_INPUT\n\t$3\nEND_VAR\n$0\nEND_FUNCTION",
        "function skeleton",
    ),
    Template(
        "TYPE STRUCT",
        "TYPE ${1:ST_Name} :\nSTRUCT\n\t${2:bValue} : ${3:BOOL};$0\nEND_STRUCT\nEND_TYPE",
        "structure type",
    ),
    Template(
        "TYPE ENUM",
        "TYPE ${1:E_Name} :\n(\n\t${2:Idle} := 0,\n\t${3:Running}$0\n);\nEND_TYPE",
        "enumeration type",
    ),
    Template("INTERFACE", "INTERFACE ${1:I_Name}\n$0\nEND_INTERFACE", "interface skeleton"),
    Template("VAR_GLOBAL", "VAR_GLOBAL\n\t$0\nEND_VAR", "global variable list"),
]

MEMBERS = [
    Template(
        "METHOD",
        "METHOD ${1:DoWork} : ${2:BOOL}\nVAR_INPUT\n\t$3\nEND_VAR\n$0\nEND_METHOD",
        "method skeleton",
    ),
    Template(
        "PROPERTY",
        "PROPERTY ${1:Value} : ${2:INT}\nGET\n\t$0\nEND_GET\nSET\nEND_SET\nEND_PROPERTY",
        "property with GET and SET",
    ),
]


def section_template(section: str) -> Template:
    return Template(section, f"{section}\n\t$0\nEND_VAR", f"{section} ... END_VAR")


def call_snippet(name: str, parameters: list[Variable]) -> str:
    """``TON(IN := ${1}, PT := ${2})``: every input and in-out, by name."""
    inputs = [p for p in parameters if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)]
    arguments = ", ".join(
        f"{escape(p.name)} := ${{{number}}}" for number, p in enumerate(inputs, 1)
    )
    return f"{escape(name)}({arguments})"


def plain(snippet: str) -> str:
    """The snippet as plain text: placeholders become their defaults, tab stops vanish."""

    def replace(match: re.Match[str]) -> str:
        return match.group(2) or ""

    text = PLACEHOLDER.sub(replace, snippet)
    return text.replace("\\$", "$").replace("\\}", "}").replace("\\\\", "\\").replace("\t", INDENT)


def escape(text: str) -> str:
    """Literal text inside a snippet: ``$``, ``}`` and ``\\`` are syntax there."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
