"""The outline ``werk symbols`` prints: declarations of a unit, nested, with positions."""

from __future__ import annotations

from typing import Any

from werk.agent.cli.positions import FilePositions
from werk.tools.st.model.symbols import GlobalList, Location, Pou, TypeDecl, Variable
from werk.tools.st.unit import StUnit


def outline(unit: StUnit, positions: FilePositions) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    declarations = unit.declarations

    def add(
        depth: int, kind: str, name: str, label: str, location: Location, doc: str | None
    ) -> None:
        start, _ = location.file_span()
        entries.append(
            {
                "depth": depth,
                "kind": kind,
                "name": name,
                "label": label,
                "position": positions.describe(start),
                "doc": doc,
            }
        )

    def add_pou(pou: Pou, depth: int) -> None:
        returns = f" : {pou.return_type}" if pou.return_type is not None else ""
        extends = f" EXTENDS {pou.extends}" if pou.extends else ""
        add(
            depth,
            pou.kind.value,
            pou.name,
            f"{pou.kind.value} {pou.name}{returns}{extends}",
            pou.location,
            pou.doc,
        )
        for variable in pou.variables:
            add_variable(variable, depth + 1)
        for table in (pou.methods, pou.properties, pou.actions):
            for member in table.values():
                add_pou(member, depth + 1)

    def add_variable(variable: Variable, depth: int) -> None:
        address = f" AT {variable.address}" if variable.address else ""
        initial = f" := {variable.initial_value}" if variable.initial_value else ""
        label = f"{variable.section.value} {variable.name}{address} : {variable.type}{initial}"
        add(depth, "variable", variable.name, label, variable.location, variable.doc)

    def add_type(decl: TypeDecl) -> None:
        add(0, "type", decl.name, f"TYPE {decl.name} : {decl.kind.value}", decl.location, decl.doc)
        for field in decl.fields:
            add_variable(field, 1)
        for member in decl.members:
            value = f" := {member.value}" if member.value else ""
            add(1, "enum-member", member.name, f"{member.name}{value}", member.location, None)

    def add_globals(gvl: GlobalList) -> None:
        title = f"VAR_GLOBAL ({gvl.name})" if gvl.name else "VAR_GLOBAL"
        add(0, "globals", gvl.name or "", title, gvl.location, None)
        for variable in gvl.variables:
            add_variable(variable, 1)

    for pou in declarations.pous:
        add_pou(pou, 0)
    for decl in declarations.types:
        add_type(decl)
    for gvl in declarations.globals:
        add_globals(gvl)
    for config in declarations.configurations:
        add(0, "configuration", config.name, f"CONFIGURATION {config.name}", config.location, None)
        for task in config.tasks:
            label = f"TASK {task.name} (INTERVAL := {task.interval}, PRIORITY := {task.priority})"
            add(1, "task", task.name, label, task.location, None)
        for program in config.programs:
            label = f"PROGRAM {program.name} WITH {program.task} : {program.type_name}"
            add(1, "program-instance", program.name, label, program.location, None)
    return entries
