"""``find_symbol`` and ``find_references``: declarations and uses, from the semantic model.

For Structured Text the answers come from the semantic model, so they are
the ones the compiler would give: ``bStart`` in ``FB_Pump`` is not the
``bStart`` of ``GVL_IO``, case does not matter, a use is marked read, write
(conditional when inside IF/CASE or a set/reset), call or address-taken.
Names may be qualified (``FB_Pump.bStart``, ``GVL_IO.bStart``,
``FB_Pump.Start`` for a method). For Python, C and C++ the symbol index's
tags answer (definitions and references by name, no scoping).
"""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence, plural
from werk.agent.tools.positions import SourcePositions
from werk.tools.st.model.symbols import EnumMember, GlobalList, Pou, PouKind, TypeDecl, Variable
from werk.tools.st.model.uses import Symbol, Use, UseKind

MAX_SYMBOLS = 30
MAX_REFERENCES = 100
ST_LANGUAGE = "st"
UseFilter = Literal["all", "read", "write", "call"]


class FindSymbolArguments(ToolArguments):
    name: str = Field(
        description="Name to look up, plain (bStart) or qualified (FB_Pump.bStart, "
        "GVL_IO.bStart, FB_Pump.Start for a method).",
        validation_alias=AliasChoices("name", "symbol", "identifier", "query"),
    )


class FindReferencesArguments(ToolArguments):
    name: str = Field(
        description="Name whose uses to list, plain or qualified (FB_Pump.bStart).",
        validation_alias=AliasChoices("name", "symbol", "identifier", "query"),
    )
    kind: UseFilter = Field(
        "all",
        description="Only uses of this kind: 'read', 'write' (who writes the variable), "
        "'call', or 'all'.",
        validation_alias=AliasChoices("kind", "filter", "access", "use"),
    )


def find_symbol(context: ToolContext, arguments: FindSymbolArguments) -> str:
    """Find where a name is declared: ST POUs, methods, variables, types, enum values and
    globals (from the semantic model), and Python/C/C++ definitions. Shows the kind, type
    and file:line of each declaration."""
    name = _name(arguments.name)
    positions = SourcePositions(context.root)
    lines = [_describe(symbol, positions) for symbol in _st_candidates(context, name)]
    if not lines:
        index = context.symbol_index()
        for tag in index.definitions(name):
            if index.files[tag.path].language == ST_LANGUAGE:
                continue
            language = index.files[tag.path].language
            lines.append(
                f"{language} {tag.category} {tag.name}  {tag.path}:{tag.line}  "
                f"`{tag.signature_line.strip()}`"
            )
    if not lines:
        raise ToolInputError(_not_found(context, name))
    shown = lines[:MAX_SYMBOLS]
    header = f"{plural(len(lines), 'declaration')} of {name}"
    if len(lines) > len(shown):
        header += f"; the first {len(shown)} shown (qualify the name: Owner.{name})"
    return f"{header}\n{fence('declarations', chr(10).join(shown))}"


def find_references(context: ToolContext, arguments: FindReferencesArguments) -> str:
    """List the uses of a name with file:line:column and the kind of each use (read, write,
    read-write, call, address); kind='write' answers "who writes this variable". ST uses
    come from the semantic model (scoping respected); Python/C/C++ from the symbol index."""
    name = _name(arguments.name)
    positions = SourcePositions(context.root)
    project = context.project()
    candidates = _st_candidates(context, name)
    lines: list[str] = []
    for symbol in candidates:
        for use in project.references(symbol):
            if _wanted(use, arguments.kind):
                lines.append(_use_line(use, symbol, positions, several=len(candidates) > 1))
    if not candidates:
        if arguments.kind in ("read", "write"):
            raise ToolInputError(
                f"no Structured Text symbol named {name}: read/write kinds are known for ST only",
                hint="use kind='all' for Python, C and C++ names",
            )
        index = context.symbol_index()
        for tag in index.references(name):
            if index.files[tag.path].language != ST_LANGUAGE:
                line = positions.line_text(context.root / tag.path, tag.start_byte)
                lines.append(f"{tag.path}:{tag.line} {tag.category}: {line}")
        if not lines and not index.definitions(name):
            raise ToolInputError(_not_found(context, name))
    if not lines:
        what = "uses" if arguments.kind == "all" else f"{arguments.kind} uses"
        return f"no {what} of {name} found ({plural(len(candidates), 'declaration')} known)"
    shown = lines[:MAX_REFERENCES]
    kind = "" if arguments.kind == "all" else f" ({arguments.kind})"
    header = f"{plural(len(lines), 'use')}{kind} of {name}"
    if len(lines) > len(shown):
        header += f"; the first {len(shown)} shown"
    return f"{header}\n{fence('references', chr(10).join(shown))}"


def _name(raw: str) -> str:
    name = raw.strip().strip("`'\"")
    if not name:
        raise ToolInputError("name is empty; give the identifier to look up")
    return name


def _st_candidates(context: ToolContext, name: str) -> list[Symbol]:
    from werk.agent.cli.st_refs import candidate_symbols

    return candidate_symbols(context.project(), name)


def _wanted(use: Use, kind: UseFilter) -> bool:
    if kind == "all":
        return True
    if kind == "write":
        return use.is_write
    if kind == "read":
        return use.is_read
    return use.kind is UseKind.CALL


def _use_line(use: Use, symbol: Symbol, positions: SourcePositions, *, several: bool) -> str:
    path = use.location.unit.path
    start, _ = use.location.file_span()
    kind = use.kind.value
    if use.conditional:
        kind += " (conditional)"
    if use.partial:
        kind += " (partial)"
    where = f" in {use.pou.qualified_name}" if use.pou is not None else ""
    which = f" [{_qualified(symbol)}]" if several else ""
    line = positions.line_text(path, start)
    return f"{positions.describe(path, start)} {kind}{where}{which}: {line}"


def _describe(symbol: Symbol, positions: SourcePositions) -> str:
    location = symbol.location
    path = location.unit.path
    start, _ = location.file_span()
    where = positions.describe(path, start)
    line = positions.line_text(path, start)
    if isinstance(symbol, Pou):
        detail = f"{symbol.kind.value} {symbol.qualified_name}"
        if symbol.return_type is not None:
            detail += f" : {symbol.return_type}"
        if symbol.extends:
            detail += f" EXTENDS {symbol.extends}"
        members = [*symbol.methods.values(), *symbol.properties.values(), *symbol.actions.values()]
        if members:
            detail += " (members: " + ", ".join(m.name for m in members) + ")"
        if symbol.kind in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM, PouKind.FUNCTION):
            interface = [v for v in symbol.variables if v.section.value.startswith("VAR_IN")]
            outputs = [v for v in symbol.variables if v.section.value == "VAR_OUTPUT"]
            detail += f" [{plural(len(interface), 'input')}, {plural(len(outputs), 'output')}]"
    elif isinstance(symbol, Variable):
        detail = f"{symbol.section.value} {_qualified(symbol)} : {symbol.type}"
        if symbol.address:
            detail += f" AT {symbol.address}"
        if symbol.initial_value:
            detail += f" := {symbol.initial_value}"
    elif isinstance(symbol, TypeDecl):
        detail = f"TYPE {symbol.name} ({symbol.kind.value})"
    elif isinstance(symbol, EnumMember):
        owner = symbol.owner.name if symbol.owner is not None else "?"
        detail = f"enum value {owner}.{symbol.name}"
    elif isinstance(symbol, GlobalList):
        detail = (
            f"global variable list {symbol.name or '(unnamed)'} ({len(symbol.variables)} variables)"
        )
    else:  # pragma: no cover - Symbol is a closed union
        detail = str(symbol)
    return f"{detail}  {where}  `{line}`"


def _qualified(symbol: Symbol) -> str:
    from werk.agent.cli.st_refs import qualified

    return qualified(symbol)


def _not_found(context: ToolContext, name: str) -> str:
    project = context.project()
    known = {pou.qualified_name for pou in project.all_pous()}
    known.update(decl.name for decl in project.types.values() if not project.is_standard(decl))
    known.update(variable.name for variable in project.globals.values())
    known.update(
        tag.name for indexed in context.symbol_index().files.values() for tag in indexed.definitions
    )
    folded = {k.lower(): k for k in known}
    close = [folded[k] for k in difflib.get_close_matches(name.lower(), list(folded), n=5)]
    suggestion = f"; similar names: {', '.join(close)}" if close else ""
    return f"no symbol named {name} in the repository{suggestion}"


FIND_SYMBOL = ToolSpec("find_symbol", FindSymbolArguments, find_symbol)
FIND_REFERENCES = ToolSpec("find_references", FindReferencesArguments, find_references)
