"""What ``werk refs NAME`` finds: the semantic model's uses for ST, tags for other languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werk.agent.cli.context import CliContext
from werk.agent.cli.positions import FilePositions
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import members_of_symbol
from werk.tools.st.model.symbols import Location, Pou, key
from werk.tools.st.model.uses import Symbol


def find_references(cli: CliContext, name: str, dialect: Dialect | None) -> list[dict[str, Any]]:
    from werk.tools.st.loader import load_project

    config = cli.config
    project, _ = load_project(
        config.project_root,
        dialect=dialect,
        exclude=config.config.index.exclude,
        analysis_limit=config.config.st.analysis_limit,
    )
    files: dict[Path, FilePositions] = {}

    def entry(location: Location, kind: str, symbol: Symbol) -> dict[str, Any]:
        path = location.unit.path
        if path not in files:
            files[path] = FilePositions(path, path.read_bytes())
        positions = files[path]
        start, _ = location.file_span()
        return {
            "position": positions.describe(start),
            "kind": kind,
            "line": positions.line_text(start).strip(),
            "symbol": qualified(symbol),
        }

    results: list[dict[str, Any]] = []
    for symbol in candidate_symbols(project, name):
        location = getattr(symbol, "location", None)
        if location is not None:
            results.append(entry(location, "declaration", symbol))
        for use in project.references(symbol):
            kind = use.kind.value + (" (conditional)" if use.conditional else "")
            results.append(entry(use.location, kind, symbol))
    if not results:
        results = other_languages(cli, name)
    return results


def candidate_symbols(project: Project, name: str) -> list[Symbol]:
    """Every user symbol NAME can mean: qualified (``FB_Pump.bRun``) or plain."""
    parts = name.split(".")
    if len(parts) > 1:
        owner: Symbol | None = project.lookup_global_name(parts[0])
        for part in parts[1:]:
            if owner is None:
                return []
            owner = _member(owner, part, project)
        return [owner] if owner is not None and not project.is_standard(owner) else []
    wanted = key(name)
    found: list[Symbol] = []
    top = project.lookup_global_name(name)
    if top is not None and not project.is_standard(top):
        found.append(top)
    for pou in project.all_pous():
        if pou.key == wanted and pou is not top:
            found.append(pou)
        for variable in pou.variables:
            if variable.key == wanted and variable is not top:
                found.append(variable)
    for decl in project.types.values():
        if project.is_standard(decl):
            continue
        found.extend(f for f in decl.fields if f.key == wanted)
        found.extend(m for m in decl.members if m.key == wanted and m is not top)
    return found


def _member(owner: Symbol, name: str, project: Project) -> Symbol | None:
    if isinstance(owner, Pou):
        wanted = key(name)
        for table in (owner.methods, owner.properties, owner.actions):
            if wanted in table:
                return table[wanted]
        variable = owner.variable(name)
        if variable is not None:
            return variable
    return members_of_symbol(owner, project)(name)


def qualified(symbol: Symbol) -> str:
    owner = getattr(symbol, "owner", None)
    owner_name = getattr(owner, "qualified_name", None) or getattr(owner, "name", None)
    name = getattr(symbol, "qualified_name", None) or getattr(symbol, "name", "?")
    return f"{owner_name}.{name}" if owner_name else str(name)


def other_languages(cli: CliContext, name: str) -> list[dict[str, Any]]:
    """Definitions and references from the symbol index (Python, C, C++)."""
    from werk.tools.code import DEFAULT_EXCLUDES, SymbolIndex

    config = cli.config
    index = SymbolIndex.build(
        config.project_root,
        exclude=[*DEFAULT_EXCLUDES, *config.config.index.exclude],
        max_file_size=config.config.index.max_file_size,
    )
    results = []
    for tag in [*index.definitions(name), *index.references(name)]:
        path = config.project_root / tag.path
        positions = FilePositions(Path(tag.path), path.read_bytes())
        results.append(
            {
                "position": positions.describe(tag.start_byte),
                "kind": "definition" if tag.kind == "def" else "reference",
                "line": positions.line_text(tag.start_byte).strip(),
                "symbol": tag.name,
            }
        )
    return results
