"""WERK401: a name that does not follow the project's prefix convention."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import (
    GlobalList,
    Location,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    TypeKind,
    Variable,
)
from werk.tools.st.model.types import (
    ArrayType,
    ElementaryType,
    EnumType,
    NamedType,
    PointerType,
    ReferenceType,
    StringType,
    SubrangeType,
    TypeRef,
    elementary,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

# The variable prefixes widely used with TwinCAT and CODESYS. Keys are elementary types,
# standard FB names, or the kinds ARRAY, POINTER, REFERENCE, FB, INTERFACE, ENUM, STRUCT, UNION.
VARIABLE_PREFIXES: dict[str, str] = {
    "BOOL": "b",
    "BYTE": "by",
    "WORD": "w",
    "DWORD": "dw",
    "LWORD": "lw",
    "SINT": "si",
    "INT": "n",
    "DINT": "di",
    "LINT": "li",
    "USINT": "usi",
    "UINT": "ui",
    "UDINT": "udi",
    "ULINT": "uli",
    "REAL": "r",
    "LREAL": "lr",
    "TIME": "t",
    "STRING": "s",
    "WSTRING": "ws",
    "ARRAY": "a",
    "POINTER": "p",
    "REFERENCE": "ref",
    "FB": "fb",
    "TON": "ton",
    "TOF": "tof",
    "TP": "tp",
    "R_TRIG": "rt",
    "F_TRIG": "ft",
    "ENUM": "e",
    "STRUCT": "st",
}
# Prefixes of declared names: TYPE kinds, POU kinds and GVL.
TYPE_PREFIXES: dict[str, str] = {
    "ENUM": "E_",
    "STRUCT": "ST_",
    "UNION": "U_",
    "ALIAS": "T_",
    "FUNCTION_BLOCK": "FB_",
    "INTERFACE": "I_",
    "GVL": "GVL_",
}
CONTAINERS = ("ARRAY", "POINTER", "REFERENCE")
NOT_DECLARED_HERE = frozenset({Section.VAR_EXTERNAL, Section.VAR_CONFIG, Section.VAR_ACCESS})
MAX_DEPTH = 8
DECLARATION_LABELS = {
    "ENUM": "enumeration",
    "STRUCT": "structure",
    "UNION": "union",
    "ALIAS": "alias type",
    "SUBRANGE": "subrange type",
    "ARRAY": "array type",
    "FUNCTION_BLOCK": "function block",
    "FUNCTION": "function",
    "PROGRAM": "program",
    "METHOD": "method",
    "PROPERTY": "property",
    "ACTION": "action",
    "INTERFACE": "interface",
    "GVL": "global variable list",
}


class NamingConvention(Rule):
    """## What it does
    Checks names against a prefix convention. A variable's name must start
    with the prefix of its type followed by a capital letter or a digit
    (`bStart : BOOL`, `nCount : INT`, `tonDelay : TON`, `aLevels : ARRAY...`),
    and a declared type, function block, interface or global variable list
    with the prefix of its kind (`E_State`, `ST_Recipe`, `FB_Pump`, `I_Axis`,
    `GVL_IO`). Prefixes compare without case unless `case_sensitive` is set;
    the letter after them must be a capital or a digit either way. An array,
    pointer or reference may also carry its element's prefix after its own
    (`anValues`, `afbPumps`, `pstData`). Variables of types with no prefix
    configured are not checked, nor VAR_EXTERNAL declarations (the global
    itself is).

    Off by default: a convention is a team's choice. Settings (each mapping
    is merged over the defaults; an empty prefix turns a check off):
    - `prefixes`: type -> variable prefix. Keys: elementary types (`BOOL` `b`,
      `BYTE` `by`, `WORD` `w`, `DWORD` `dw`, `LWORD` `lw`, `SINT` `si`,
      `INT` `n`, `DINT` `di`, `LINT` `li`, `USINT` `usi`, `UINT` `ui`,
      `UDINT` `udi`, `ULINT` `uli`, `REAL` `r`, `LREAL` `lr`, `TIME` `t`,
      `STRING` `s`, `WSTRING` `ws`), any type or FB name (`TON` `ton`,
      `TOF` `tof`, `TP` `tp`, `R_TRIG` `rt`, `F_TRIG` `ft`), and the kinds
      `ARRAY` `a`, `POINTER` `p`, `REFERENCE` `ref`, `FB` (other FB
      instances) `fb`, `INTERFACE`, `ENUM` `e`, `STRUCT` `st`, `UNION`.
    - `type_prefixes`: kind -> name prefix: `ENUM` `E_`, `STRUCT` `ST_`,
      `UNION` `U_`, `ALIAS` `T_`, `FUNCTION_BLOCK` `FB_`, `INTERFACE` `I_`,
      `GVL` `GVL_`; also `SUBRANGE`, `FUNCTION`, `PROGRAM`, `METHOD`,
      `PROPERTY`, `ACTION`.
    - `case_sensitive` (default false).
    - `global_prefix` and `constant_prefix` (default empty): a scope prefix
      that global variables, and CONSTANT variables, carry before their type
      prefix (`g_` makes it `g_bStart`).

    A global variable list is checked by name only when its container names
    it (a TwinCAT `.TcGVL`, a PLCopen XML list): a plain file's list is named
    after the file.

    ## Why is this bad?
    On a machine, code is read far more often than it is written: in online
    monitoring, in cross-references, on a laptop at the cabinet. A prefix
    tells the reader the type without a jump to the declaration: that
    `nSpeed` is an INT and loses fractions, that `tonDelay` must be called
    every cycle, that `eState` is compared with enumeration values.

    ## Example
    ```st
    VAR
        start : BOOL;
        delay : TON;
    END_VAR
    ```

    ## Use instead
    ```st
    VAR
        bStart : BOOL;
        tonDelay : TON;
    END_VAR
    ```

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines N2 (define type prefixes for variables) and
    N10 (define name prefixes for user-defined types); closest: the naming
    conventions of CODESYS static analysis.
    """

    code = "WERK401"
    name = "naming-convention"
    message = "{what} '{name}' should start with '{prefix}' followed by a capital letter or digit"
    severity = Severity.INFO
    category = Category.STYLE
    enabled_by_default = False
    default_options: ClassVar[Mapping[str, Any]] = {
        "prefixes": VARIABLE_PREFIXES,
        "type_prefixes": TYPE_PREFIXES,
        "case_sensitive": False,
        "global_prefix": "",
        "constant_prefix": "",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefixes = merged(VARIABLE_PREFIXES, self.options.get("prefixes"))
        self.type_prefixes = merged(TYPE_PREFIXES, self.options.get("type_prefixes"))
        self.case_sensitive = bool(self.options.get("case_sensitive"))
        self.global_prefix = str(self.options.get("global_prefix") or "")
        self.constant_prefix = str(self.options.get("constant_prefix") or "")

    # --- checks --------------------------------------------------------------------------

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        yield from self.check_declared(pou.kind.value, pou.name, pou.location, pou)
        for variable in pou.variables:
            if variable.section not in NOT_DECLARED_HERE:
                yield from self.check_variable(variable, pou)

    def check_project(self) -> Iterator[Finding]:
        for unit in self.project.units():
            declarations = unit.declarations
            for decl in declarations.types:
                yield from self.check_declared(decl.kind.value, decl.name, decl.location, None)
                for field in decl.fields:
                    yield from self.check_variable(field, None)
            lists = [
                *declarations.globals,
                *(g for c in declarations.configurations for g in c.globals),
            ]
            for gvl in lists:
                if gvl.name and unit.document.container_name == gvl.name:
                    yield from self.check_declared("GVL", gvl.name, gvl.location, None)
                for variable in gvl.variables:
                    if variable.section is Section.VAR_GLOBAL:
                        yield from self.check_variable(variable, None)

    def check_declared(
        self, kind: str, name: str, location: Location, pou: Pou | None
    ) -> Iterator[Finding]:
        prefix = self.type_prefixes.get(kind)
        if prefix and not self.follows(name, [prefix]):
            what = DECLARATION_LABELS.get(kind, kind.lower()).capitalize()
            yield self.finding(location, pou, what=what, name=name, prefix=prefix)

    def check_variable(self, variable: Variable, pou: Pou | None) -> Iterator[Finding]:
        found = self.variable_prefixes(variable.type, 0)
        if found is None:
            return
        label, prefixes = found
        scope = ""
        if variable.section is Section.VAR_GLOBAL:
            scope += self.global_prefix
        if variable.is_constant:
            scope += self.constant_prefix
        if self.follows(variable.name, [scope + prefix for prefix in prefixes]):
            return
        yield self.finding(
            variable.location,
            pou,
            what=self.describe(variable, label),
            name=variable.name,
            prefix=scope + prefixes[0],
        )

    def describe(self, variable: Variable, label: str) -> str:
        """``BOOL variable``, ``FB_Valve instance``, ``E_State variable``, ``REAL member``."""
        shown = variable.type.name if isinstance(variable.type, NamedType) else label
        if isinstance(self.project.resolve_type(variable.type), Pou):
            return f"{shown} instance"
        return f"{shown} {'variable' if isinstance(variable.owner, Pou | GlobalList) else 'member'}"

    # --- the convention ------------------------------------------------------------------

    def follows(self, name: str, prefixes: list[str]) -> bool:
        for prefix in prefixes:
            head, rest = name[: len(prefix)], name[len(prefix) :]
            same = head == prefix if self.case_sensitive else head.lower() == prefix.lower()
            if same and rest and (rest[0].isupper() or rest[0].isdigit()):
                return True
        return False

    def variable_prefixes(self, type_ref: TypeRef, depth: int) -> tuple[str, list[str]] | None:
        """The type's label and the prefixes its names may start with (the usual one first)."""
        if depth > MAX_DEPTH:
            return None
        container = self.container(type_ref)
        if container is not None:
            kind, element = container
            own = self.prefixes.get(kind)
            if not own:
                return None
            inner = self.variable_prefixes(element, depth + 1)
            allowed = [own] + [own + p for p in inner[1]] if inner else [own]
            return kind, allowed
        label = self.type_key(type_ref, depth)
        if label is None:
            return None
        prefix = self.prefixes.get(label)
        return (label, [prefix]) if prefix else None

    def container(self, type_ref: TypeRef) -> tuple[str, TypeRef] | None:
        resolved = self.project.resolve_alias(type_ref)
        if isinstance(resolved, ArrayType):
            return "ARRAY", resolved.element
        if isinstance(resolved, PointerType):
            return "POINTER", resolved.target
        if isinstance(resolved, ReferenceType):
            return "REFERENCE", resolved.target
        return None

    def type_key(self, type_ref: TypeRef, depth: int) -> str | None:
        """The key of ``prefixes`` that names the type (``BOOL``, ``TON``, ``FB``, ``ENUM``...)."""
        if isinstance(type_ref, NamedType):
            if type_ref.name.upper() in self.prefixes:
                return type_ref.name.upper()
            target = self.project.resolve_type(type_ref)
            if isinstance(target, Pou):
                if target.name.upper() in self.prefixes:
                    return target.name.upper()
                return {PouKind.FUNCTION_BLOCK: "FB", PouKind.INTERFACE: "INTERFACE"}.get(
                    target.kind
                )
            if isinstance(target, TypeDecl):
                if target.kind in (TypeKind.ENUM, TypeKind.STRUCT, TypeKind.UNION):
                    return target.kind.value
                return self.type_key(target.definition, depth + 1) if depth < MAX_DEPTH else None
            return None
        if isinstance(type_ref, ElementaryType):
            return type_ref.name
        if isinstance(type_ref, StringType):
            return "WSTRING" if type_ref.wide else "STRING"
        if isinstance(type_ref, SubrangeType):
            return self.type_key(type_ref.base, depth + 1) if depth < MAX_DEPTH else None
        if isinstance(type_ref, EnumType):
            return "ENUM"
        return None


def merged(defaults: Mapping[str, str], given: object) -> dict[str, str]:
    """The default prefixes with the configured ones over them; keys in canonical upper case."""
    result = {canonical(k): v for k, v in defaults.items()}
    if isinstance(given, Mapping) and given is not defaults:
        result.update({canonical(str(k)): str(v or "") for k, v in given.items()})
    return result


def canonical(key: str) -> str:
    found = elementary(key)
    return found.name if found is not None else key.strip().upper()
