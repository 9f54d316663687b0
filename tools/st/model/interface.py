"""The interface a unit offers to the rest of the project, for cheap re-analysis.

Most edits change a POU's statements, not what it declares. When the
interface (names, kinds, sections, types) of the replaced units is unchanged,
POUs that used them need not be resolved again: their uses are re-pointed to
the new symbols. A 770-station PROGRAM is then not re-analysed each time one
station's body changes. When only an FB's own variables changed (a local
added while typing), the same holds for every user that does not spell the
changed names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from werk.tools.st.model.symbols import INTERFACE_SECTIONS, Pou, Variable
from werk.tools.st.model.uses import Symbol

if TYPE_CHECKING:
    from werk.tools.st.model.analysis import PouAnalysis
    from werk.tools.st.unit import StUnit

Interface = dict[str, tuple[Symbol, tuple[Any, ...]]]


def interface_of(units: Iterable[StUnit]) -> Interface:
    """Every symbol the units declare, by a qualified key, with what resolution depends on."""
    table: Interface = {}
    for unit in units:
        declarations = unit.declarations
        for pou in declarations.pous:
            _add_pou(table, pou, "")
        for decl in declarations.types:
            table[f"type:{decl.key}"] = (decl, (decl.kind, str(decl.definition), decl.extends))
            for field in decl.fields:
                table[f"field:{decl.key}.{field.key}"] = (field, _variable(field))
            for member in decl.members:
                table[f"member:{decl.key}.{member.key}"] = (member, (member.value,))
        globals_ = [
            *declarations.globals,
            *(g for c in declarations.configurations for g in c.globals),
        ]
        for index, gvl in enumerate(globals_):
            gvl_key = f"gvl:{(gvl.name or '').lower()}#{index}"
            table[gvl_key] = (gvl, (gvl.qualified_only,))
            for variable in gvl.variables:
                table[f"{gvl_key}.{variable.key}"] = (variable, _variable(variable))
    return table


def _add_pou(table: Interface, pou: Pou, prefix: str) -> None:
    name = f"{prefix}{pou.key}"
    descriptor = (
        pou.kind,
        str(pou.return_type),
        pou.extends,
        tuple(pou.implements),
        pou.block_kind,
        # positional calls (``F(a, b)``) bind by this order
        tuple(v.key for v in pou.variables if v.section in INTERFACE_SECTIONS),
    )
    table[f"pou:{name}"] = (pou, descriptor)
    for variable in pou.variables:
        table[f"var:{name}.{variable.key}"] = (variable, _variable(variable))
    for member_table in (pou.methods, pou.properties, pou.actions):
        for member in member_table.values():
            _add_pou(table, member, f"{name}.")


def _variable(variable: Variable) -> tuple[Any, ...]:
    return (variable.section, str(variable.type), variable.address, variable.qualifiers)


def same_interface(old: Interface, new: Interface) -> bool:
    return old.keys() == new.keys() and all(old[k][1] == new[k][1] for k in old)


def changed_private_names(old: Interface, new: Interface) -> set[str] | None:
    """The names of the variables that changed, when only a POU's own variables did.

    A variable outside the calling interface (``VAR``, ``VAR_TEMP``, a
    program's variables...) is reached by name only (``MAIN.nCount``), never by
    position, so a POU that does not spell any of these names resolves as
    before. ``None`` when anything else changed: a parameter, a POU's header,
    a type, a global.
    """
    names: set[str] = set()
    for name in old.keys() ^ new.keys() | {
        k for k in old.keys() & new.keys() if old[k][1] != new[k][1]
    }:
        if not name.startswith("var:"):
            return None
        for table in (old, new):
            entry = table.get(name)
            if entry is not None and getattr(entry[0], "section", None) in INTERFACE_SECTIONS:
                return None
        names.add(name.rpartition(".")[2])
    return names


def retarget(analysis: PouAnalysis, old: Interface, new: Interface) -> PouAnalysis:
    """The analysis with uses of replaced symbols pointing at their successors."""
    successors = {id(old[k][0]): new[k][0] for k in old.keys() & new.keys()}
    uses = [
        replace(use, target=successors[id(use.target)]) if id(use.target) in successors else use
        for use in analysis.uses
    ]
    return replace(analysis, uses=uses, retargeted_from=analysis)
