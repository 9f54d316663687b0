"""Reads the declarations of a global variable list (VAR_GLOBAL ... END_VAR) in
CODESYS/TwinCAT syntax: comments, pragmas and string literals are skipped with a
small scanner, so a `;` inside them never splits a declaration."""

from __future__ import annotations

import re
from dataclasses import dataclass

BLOCK = re.compile(r"\bVAR_GLOBAL\b(.*?)\bEND_VAR\b", re.IGNORECASE | re.DOTALL)
BLOCK_QUALIFIER = re.compile(r"^\s*(CONSTANT|RETAIN|PERSISTENT)\b", re.IGNORECASE)
DECLARATION = re.compile(
    r"^(?P<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)"
    r"(?:\s+AT\s+(?P<address>%[\w.]+))?\s*:(?!=)\s*(?P<type>.+?)\s*(?::=.*)?$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class GlobalVariable:
    name: str
    data_type: str
    address: str
    """The AT address as written, or "" for an unlocated variable."""


def read_gvl(source: str) -> list[GlobalVariable]:
    variables = []
    for block in BLOCK.finditer(_without_comments(source)):
        body = BLOCK_QUALIFIER.sub("", block.group(1))
        for declaration in _split_outside_strings(body):
            match = DECLARATION.match(declaration.strip())
            if match is None:
                continue
            data_type = match.group("type")
            for name in re.split(r"\s*,\s*", match.group("names")):
                variables.append(GlobalVariable(name, data_type, match.group("address") or ""))
    return variables


def _without_comments(source: str) -> str:
    """``source`` with comments and pragmas blanked out; string literals kept."""
    out: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char in "'\"":
            end = source.find(char, index + 1)
            end = len(source) if end < 0 else end + 1
            out.append(source[index:end])
            index = end
        elif source.startswith("//", index):
            end = source.find("\n", index)
            index = len(source) if end < 0 else end
        elif source.startswith("(*", index):
            end = source.find("*)", index + 2)
            index = len(source) if end < 0 else end + 2
            out.append(" ")
        elif char == "{":
            end = source.find("}", index)
            index = len(source) if end < 0 else end + 1
            out.append(" ")
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _split_outside_strings(body: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == ";":
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]
