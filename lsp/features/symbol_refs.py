"""Symbols named by plain strings, so a completion item can find its symbol again.

``completionItem/resolve`` gets back only the item the server sent; its
``data`` names the symbol by path (``var|FB_Pump.Start|nSpeed``,
``member|E_State|Idle``) rather than by object identity, so resolving still
works after edits re-parsed the file in between, and the name is looked up
case-insensitively in the project as it is now.
"""

from __future__ import annotations

from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import EnumMember, GlobalList, Pou, TypeDecl, Variable, key
from werk.tools.st.model.uses import Symbol

SEPARATOR = "|"


def ref_of(symbol: Symbol) -> str | None:
    """A string that names ``symbol`` in its project, or None for what cannot be named."""
    if isinstance(symbol, Variable):
        owner = symbol.owner
        if isinstance(owner, Pou):
            return SEPARATOR.join(("var", owner.qualified_name, symbol.name))
        if isinstance(owner, GlobalList):
            return SEPARATOR.join(("gvar", owner.name or "", symbol.name))
        if isinstance(owner, TypeDecl):
            return SEPARATOR.join(("field", owner.name, symbol.name))
        return None
    if isinstance(symbol, Pou):
        return SEPARATOR.join(("pou", symbol.qualified_name))
    if isinstance(symbol, TypeDecl):
        return SEPARATOR.join(("type", symbol.name))
    if isinstance(symbol, EnumMember) and symbol.owner is not None:
        return SEPARATOR.join(("member", symbol.owner.name, symbol.name))
    if isinstance(symbol, GlobalList) and symbol.name:
        return SEPARATOR.join(("gvl", symbol.name))
    return None


def symbol_of(project: Project, ref: str) -> Symbol | None:
    """The symbol ``ref`` names in ``project`` now (None when it is gone)."""
    kind, _, rest = ref.partition(SEPARATOR)
    if kind == "var":
        owner_name, _, name = rest.rpartition(SEPARATOR)
        pou = find_qualified_pou(project, owner_name)
        return pou.variable(name) if pou is not None else None
    if kind == "gvar":
        list_name, _, name = rest.rpartition(SEPARATOR)
        gvl = project.gvl_by_name.get(key(list_name)) if list_name else None
        if gvl is not None:
            return next((v for v in gvl.variables if v.key == key(name)), None)
        return project.find_global(name)
    if kind == "field":
        type_name, _, name = rest.rpartition(SEPARATOR)
        decl = project.find_type(type_name)
        return decl.field(name) if decl is not None else None
    if kind == "pou":
        return find_qualified_pou(project, rest)
    if kind == "type":
        return project.find_type(rest)
    if kind == "member":
        type_name, _, name = rest.rpartition(SEPARATOR)
        decl = project.find_type(type_name)
        return decl.member(name) if decl is not None else None
    if kind == "gvl":
        return project.gvl_by_name.get(key(rest))
    return None


def find_qualified_pou(project: Project, name: str) -> Pou | None:
    """``FB_Pump`` or ``FB_Pump.Start`` (a method, property or action of FB_Pump)."""
    head, _, member = name.partition(".")
    pou = project.find_pou(head)
    if pou is None or not member:
        return pou
    wanted = key(member)
    for table in (pou.methods, pou.properties, pou.actions):
        if wanted in table:
            return table[wanted]
    return None
