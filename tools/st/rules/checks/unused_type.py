"""WERK106: a TYPE that nothing in the project uses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import EnumMember, TypeDecl, Variable, key
from werk.tools.st.model.types import (
    ArrayType,
    EnumType,
    NamedType,
    PointerType,
    ReferenceType,
    SubrangeType,
    TypeRef,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.unit import StUnit

# ``E_State#Running``: a typed literal names its type without a resolved use.
TYPED_LITERAL = re.compile(rb"([A-Za-z_][A-Za-z0-9_]*)\s*#")
IDENTIFIER = re.compile(rb"([A-Za-z_][A-Za-z0-9_]*)")


class UnusedType(Rule):
    """## What it does
    Finds a TYPE (structure, union, enumeration, alias, subrange, array type)
    that nothing in the project names: no variable, field, return type or
    other type is declared with it, no code refers to it or to one of its
    enumeration values, no typed literal (`E_Mode#Auto`) spells it. Types with
    attributes are left alone (tools and other projects may use them).

    ## Why is this bad?
    A data type says "this is how the machine's data looks". One that nothing
    uses is a leftover or a plan that was never finished; the next engineer
    keeps it in sync with the process for nothing, or uses it believing it is
    current.

    ## Example
    ```st
    TYPE ST_OldRecipe :
    STRUCT
        rTemperature : REAL;
    END_STRUCT
    END_TYPE
    ```

    ## Use instead
    Remove the type, or use it where it was meant to be used.

    ## Fix safety
    No automatic fix: a library or an HMI outside the project may use it.

    ## References
    PLCopen Coding Guidelines CP24 (unused declarations); CODESYS static
    analysis SA0031 (unused signatures) is related.
    """

    code = "WERK106"
    name = "unused-type"
    message = "Type '{name}' is not used anywhere in the project"
    severity = Severity.INFO
    category = Category.DATA_FLOW

    def check_project(self) -> Iterator[Finding]:
        declared = [
            decl
            for unit in self.project.units()
            if not unit.symbols_only
            for decl in unit.declarations.types
            if not decl.attributes and not self.project.is_standard(decl)
        ]
        if not declared:
            return
        used = self._used_names()
        for decl in declared:
            if decl.key not in used:
                yield self.finding(decl.location, name=decl.name)

    def _used_names(self) -> set[str]:
        """Every type name the project mentions outside the type's own declaration."""
        used: set[str] = set()
        for unit in self.project.units():
            used |= self.project.derived_from_unit(unit, "type-names", _names_in_unit)
        for pou in self.project.all_pous():
            used |= self.project.derived(pou, "type-uses", _types_used)
        return used


def _names_in_unit(unit: StUnit) -> frozenset[str]:
    """The type names a unit's declarations (and, for unanalysed code, its text) mention."""
    used: set[str] = set()
    declarations = unit.declarations
    variables: list[Variable] = [
        *(v for gvl in declarations.globals for v in gvl.variables),
        *(v for c in declarations.configurations for g in c.globals for v in g.variables),
    ]
    for pou in declarations.pous:
        for member in (pou, *pou.methods.values(), *pou.properties.values()):
            variables.extend(member.variables)
            used.update(named_types(member.return_type))
    for variable in variables:
        used.update(named_types(variable.type))
    for decl in declarations.types:
        mentioned = set(named_types(decl.definition))
        for field in decl.fields:
            mentioned.update(named_types(field.type))
        if decl.extends:
            mentioned.add(key(decl.extends))
        used.update(mentioned - {decl.key})
    # Code too large to analyse is not resolved: any identifier in it may name a type.
    pattern = IDENTIFIER if unit.symbols_only else TYPED_LITERAL
    used.update(m.group(1).decode().lower() for m in pattern.finditer(unit.lowered.text))
    return frozenset(used)


def _types_used(analysis: PouAnalysis) -> frozenset[str]:
    used: set[str] = set()
    for use in analysis.uses:
        target = use.target
        if isinstance(target, TypeDecl):
            used.add(target.key)
        elif isinstance(target, EnumMember) and target.owner is not None:
            used.add(target.owner.key)
    return frozenset(used)


def named_types(type_ref: TypeRef | None) -> Iterable[str]:
    """The keys of the named types a type reference mentions, through arrays and pointers."""
    seen = 0
    while type_ref is not None and seen < 32:
        seen += 1
        if isinstance(type_ref, NamedType):
            yield key(type_ref.name)
            return
        if isinstance(type_ref, ArrayType):
            type_ref = type_ref.element
        elif isinstance(type_ref, PointerType | ReferenceType):
            type_ref = type_ref.target
        elif isinstance(type_ref, SubrangeType | EnumType):
            type_ref = type_ref.base
        else:
            return
