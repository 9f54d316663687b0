"""The semantic model of a whole ST project: every unit's declarations in
case-insensitive symbol tables, name resolution per POU, call graph and FB
instance trees.

It is built once and updated per file: replacing a file's units rebuilds the
symbol tables (cheap dictionary work) and drops only the analyses of POUs in
that file and of POUs that used something it declared, so an edit re-resolves
what it can affect and nothing else.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar, cast

from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.analysis import PouAnalysis, analyse_pou
from werk.tools.st.model.declarations import share_qualified_only
from werk.tools.st.model.interface import (
    changed_private_names,
    interface_of,
    retarget,
    same_interface,
)
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Pou,
    PouKind,
    TypeDecl,
    TypeKind,
    Variable,
    key,
)
from werk.tools.st.model.types import NamedType, TypeRef
from werk.tools.st.model.uses import Symbol, Use
from werk.tools.st.unit import StUnit

STDLIB_PATH = Path("<werk-stdlib>/standard.st")
T = TypeVar("T")
MAX_ALIAS_DEPTH = 32
_IDENTIFIER = re.compile(rb"[a-z_][a-z0-9_]*")  # over lower-cased text


@cache
def standard_library() -> StUnit:
    """The standard FBs and functions (parsed once per process) plus generated conversions."""
    text = files("werk.tools.st.model").joinpath("stdlib.st").read_bytes()
    text += conversion_functions()
    return StUnit.from_document(StDocument.plain(STDLIB_PATH, text, Dialect.IEC))


def default_libraries() -> list[StUnit]:
    """Libraries every project resolves against: the unit-test assertions (so that
    ``werk check``, the index and the editor know ``ASSERT_EQUAL`` as ``werk test`` does)."""
    from werk.tools.st.testing.assertions import assertion_library

    return [assertion_library()]


def conversion_functions() -> bytes:
    """``INT_TO_REAL`` and friends for every pair of elementary types; ``TO_*``, ``TRUNC_*``."""
    names = [
        "BOOL", "BYTE", "WORD", "DWORD", "LWORD", "SINT", "INT", "DINT", "LINT", "USINT",
        "UINT", "UDINT", "ULINT", "REAL", "LREAL", "TIME", "LTIME", "DATE", "TOD", "DT",
        "TIME_OF_DAY", "DATE_AND_TIME", "STRING", "WSTRING", "CHAR", "WCHAR",
    ]  # fmt: skip
    lines = []
    for target in names:
        result = target
        lines.append(f"FUNCTION TO_{target} : {result} VAR_INPUT IN : ANY; END_VAR END_FUNCTION")
        for source in names:
            if source != target:
                lines.append(
                    f"FUNCTION {source}_TO_{target} : {result} "
                    f"VAR_INPUT IN : {source}; END_VAR END_FUNCTION"
                )
    for target in ("SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT"):
        lines.append(
            f"FUNCTION TRUNC_{target} : {target} VAR_INPUT IN : ANY_REAL; END_VAR END_FUNCTION"
        )
    return ("\n" + "\n".join(lines) + "\n").encode()


class Project:
    """All units of a project and the tables that resolve names across them."""

    def __init__(
        self, units: Iterable[StUnit] = (), *, libraries: Iterable[StUnit] | None = None
    ) -> None:
        """``libraries``: declarations that resolve like the standard library but give way
        to the project's own (default: werk's unit-test assertions, ``ASSERT_EQUAL``...)."""
        self.units_by_path: dict[Path, list[StUnit]] = defaultdict(list)
        # Keyed by the objects themselves (identity): ids of freed objects are reused.
        self._analyses: dict[Pou, PouAnalysis] = {}
        # unit -> POUs whose analysis used a symbol that unit declares
        self._dependents: dict[StUnit, set[Pou]] = defaultdict(set)
        # name key -> POUs in which that name did not resolve
        self._unresolved: dict[str, set[Pou]] = defaultdict(set)
        # id of a symbol -> POUs whose analysis referred to it (may hold stale entries:
        # ``references`` checks each use's target by identity)
        self._referrers: dict[int, set[Pou]] = defaultdict(set)
        # each analysed POU's uses grouped by the id of their target
        self._uses_by_target: dict[Pou, dict[int, list[Use]]] = {}
        # facts rules derive from one POU's analysis or one unit, kept while it stands
        self._derived: dict[Pou, dict[str, tuple[PouAnalysis, Any]]] = {}
        self._derived_units: dict[StUnit, dict[str, Any]] = {}
        # project-wide facts, kept until the next change of any file
        self._shared: dict[str, Any] = {}
        # objects rules keep up to date across edits (see ``keep``)
        self._kept: dict[str, Any] = {}
        # facts about a POU's declarations, kept until an interface changes
        self._declared: dict[Pou, dict[str, tuple[int, Any]]] = {}
        # counts the edits that changed what the project declares for others to see: a
        # parameter, a type, a global, a POU's header (not a POU's own locals; interface.py)
        self.interface_generation = 0
        # the names each POU's text spells, while its unit stands (see _identifiers_of)
        self._identifiers: dict[Pou, frozenset[str]] = {}
        self._stdlib = standard_library()
        self._libraries = list(libraries) if libraries is not None else default_libraries()
        self._library_units = {id(unit) for unit in [self._stdlib, *self._libraries]}
        for unit in units:
            self.units_by_path[unit.path].append(unit)
        self._rebuild_tables()

    # --- building --------------------------------------------------------------------------

    def set_file(self, path: Path, units: list[StUnit]) -> None:
        """Replace what ``path`` contributes (an empty list removes the file).

        Units that stay (the same objects, as after an edit elsewhere in the
        file) keep their analyses; the POUs of units that left, and every POU
        that used something they declared, are analysed again when asked.
        """
        old = self.units_by_path.pop(path, [])
        if units:
            self.units_by_path[path] = list(units)  # a copy: callers edit theirs in place
        kept = set(units)
        before = set(old)
        for unit in units:
            if unit not in before:  # new declarations may resolve names that did not
                for name in declared_names(unit):
                    for pou in self._unresolved.pop(name, set()):
                        self._analyses.pop(pou, None)
        removed = [unit for unit in old if unit not in kept]
        added = [unit for unit in units if unit not in before]
        removed_pous = {pou for unit in removed for pou in self._all_pous_of(unit)}
        for pou in removed_pous:
            self._analyses.pop(pou, None)
            self._derived.pop(pou, None)
            self._declared.pop(pou, None)
        for unit in removed:
            self._derived_units.pop(unit, None)
        dependants = {d for unit in removed for d in self._dependents.pop(unit, set())}
        dependants -= removed_pous
        for pou in removed_pous:
            self._identifiers.pop(pou, None)
        old_interface, new_interface = interface_of(removed), interface_of(added)
        if same_interface(old_interface, new_interface):
            unaffected = dependants  # only statements changed
        else:
            names = changed_private_names(old_interface, new_interface)
            if names is None:
                self.interface_generation += 1
                unaffected = set()
            else:  # only a POU's own variables: no other declaration can see them
                unaffected = {d for d in dependants if not names & self._identifiers_of(d)}
        for dependant in dependants:
            analysis = self._analyses.get(dependant)
            if analysis is None:
                continue
            if dependant in unaffected:  # re-point its uses, keep its analysis
                self._analyses[dependant] = retarget(analysis, old_interface, new_interface)
                self._register_retargeted(dependant, analysis, self._analyses[dependant])
            else:
                self._analyses.pop(dependant)
        self._rebuild_tables()

    def _identifiers_of(self, pou: Pou) -> frozenset[str]:
        """The names a POU's text spells (keys), to tell whether a renamed local can matter."""
        found = self._identifiers.get(pou)
        if found is None:
            span = pou.span
            text = span.unit.lowered.text[span.start : span.end]
            found = frozenset(w.decode() for w in _IDENTIFIER.findall(text.lower()))
            self._identifiers[pou] = found
        return found

    def _rebuild_tables(self) -> None:
        # POUs in the project now (the standard library's excluded), and whether all of
        # them have an analysis, so references() can trust the referrer index.
        self._pou_list = [pou for unit in self.units() for pou in self._all_pous_of(unit)]
        self._live_pous: set[Pou] = set(self._pou_list)
        self._all_analysed = False
        self._shared = {}
        self.pous: dict[str, Pou] = {}
        self.types: dict[str, TypeDecl] = {}
        self.global_lists: list[GlobalList] = []
        self.gvl_by_name: dict[str, GlobalList] = {}
        self.globals: dict[str, Variable] = {}
        self.enum_members: dict[str, list[EnumMember]] = defaultdict(list)
        # A plain file is read in chunks, one per block: its GVL's attributes are the file's.
        for file_units in self.units_by_path.values():
            share_qualified_only(g for unit in file_units for g in unit.declarations.globals)
        # The standard library first (TON is TON), the project's own declarations next,
        # then the libraries, which give way to a project's own ASSERT_EQUAL.
        for unit in [self._stdlib, *self.units(), *self._libraries]:
            declarations = unit.declarations
            for pou in declarations.pous:
                self.pous.setdefault(pou.key, pou)
            for decl in declarations.types:
                self.types.setdefault(decl.key, decl)
                for member in decl.members:
                    self.enum_members[member.key].append(member)
            for gvl in [
                *declarations.globals,
                *(g for c in declarations.configurations for g in c.globals),
            ]:
                self.global_lists.append(gvl)
                if gvl.name:
                    self.gvl_by_name.setdefault(key(gvl.name), gvl)
                if not gvl.qualified_only:
                    for variable in gvl.variables:
                        self.globals.setdefault(variable.key, variable)

    # --- queries ---------------------------------------------------------------------------

    def units(self) -> Iterator[StUnit]:
        for units in self.units_by_path.values():
            yield from units

    def is_standard(self, symbol: Symbol) -> bool:
        location = getattr(symbol, "location", None)
        return location is not None and id(location.unit) in self._library_units

    def is_standard_unit(self, unit: StUnit) -> bool:
        """The standard library or one of the project's libraries."""
        return id(unit) in self._library_units

    def all_pous(self) -> Iterator[Pou]:
        """User POUs and their methods, properties and actions (not the standard library).

        A list kept until the next change: the project rules walk it after every edit.
        """
        return iter(self._pou_list)

    @staticmethod
    def _all_pous_of(unit: StUnit) -> Iterator[Pou]:
        for pou in unit.declarations.pous:
            yield pou
            for table in (pou.methods, pou.properties, pou.actions):
                yield from table.values()

    def find_pou(self, name: str) -> Pou | None:
        return self.pous.get(key(name))

    def find_type(self, name: str) -> TypeDecl | None:
        return self.types.get(key(name))

    def find_global(self, name: str) -> Variable | None:
        return self.globals.get(key(name))

    def lookup_global_name(self, name: str) -> Symbol | None:
        """A name not declared in the POU: global, enum member, POU, type or GVL name."""
        wanted = key(name)
        found: Symbol | None = self.globals.get(wanted)
        if found is not None:
            return found
        members = self.enum_members.get(wanted)
        if members and len({id(m.owner) for m in members}) == 1:
            return members[0]
        return self.pous.get(wanted) or self.types.get(wanted) or self.gvl_by_name.get(wanted)

    def resolve_type(self, type_ref: TypeRef | None) -> Pou | TypeDecl | TypeRef | None:
        """What a type reference names: an FB/program POU, a type declaration, or itself."""
        seen = 0
        while isinstance(type_ref, NamedType) and seen < MAX_ALIAS_DEPTH:
            seen += 1
            pou = self.find_pou(type_ref.name)
            if pou is not None and pou.kind in (
                PouKind.FUNCTION_BLOCK,
                PouKind.PROGRAM,
                PouKind.INTERFACE,
            ):
                return pou
            decl = self.find_type(type_ref.name)
            if decl is None:
                return type_ref
            if decl.kind is TypeKind.ALIAS and isinstance(decl.definition, NamedType):
                type_ref = decl.definition
                continue
            return decl
        return type_ref

    def resolve_alias(self, type_ref: TypeRef) -> TypeRef:
        """Follow aliases to the structural type (``ARRAY``, ``POINTER``, elementary...)."""
        resolved = self.resolve_type(type_ref)
        seen = 0
        while isinstance(resolved, TypeDecl) and seen < MAX_ALIAS_DEPTH:
            seen += 1
            if resolved.kind in (TypeKind.ALIAS, TypeKind.ARRAY, TypeKind.SUBRANGE):
                resolved = self.resolve_type(resolved.definition)
            else:
                return NamedType(resolved.name)
        if isinstance(resolved, Pou):
            return NamedType(resolved.name)
        return resolved if isinstance(resolved, TypeRef) else type_ref

    def analysis(self, pou: Pou) -> PouAnalysis:
        """Name resolution of one POU's code, cached until something it depends on changes."""
        cached = self._analyses.get(pou)
        if cached is None:
            if pou.location.unit.symbols_only:
                return PouAnalysis(pou)
            cached = analyse_pou(pou, self)
            self._analyses[pou] = cached
            self._register(pou, cached)
        return cached

    def derived(self, pou: Pou, name: str, compute: Callable[[PouAnalysis], T]) -> T:
        """A fact computed from ``pou``'s analysis, recomputed only when the analysis changes.

        Project-wide rules summarise each POU (its call edges, the globals it
        writes) and combine the summaries; after an edit only the POUs whose
        analysis changed are summarised again.
        """
        analysis = self.analysis(pou)
        facts = self._derived.setdefault(pou, {})
        entry = facts.get(name)
        if entry is not None and entry[0] is analysis:
            return cast(T, entry[1])
        value = compute(analysis)
        facts[name] = (analysis, value)
        return value

    def declared_fact(self, pou: Pou, name: str, compute: Callable[[Pou], T]) -> T:
        """A fact about ``pou``'s declarations that may look at other declarations
        (the types of its variables, its bases, the interfaces it implements).

        Kept until the POU is replaced or any edit changes what the project
        declares: an edit of statements, the common case, keeps them all.
        """
        facts = self._declared.setdefault(pou, {})
        entry = facts.get(name)
        if entry is not None and entry[0] == self.interface_generation:
            return cast(T, entry[1])
        value = compute(pou)
        facts[name] = (self.interface_generation, value)
        return value

    def derived_from_unit(self, unit: StUnit, name: str, compute: Callable[[StUnit], T]) -> T:
        """A fact computed from one unit (units change only by being replaced)."""
        facts = self._derived_units.setdefault(unit, {})
        if name not in facts:
            facts[name] = compute(unit)
        return cast(T, facts[name])

    def shared(self, name: str, compute: Callable[[], T]) -> T:
        """A project-wide fact, computed once per state of the project.

        Several rules combine the same per-POU summaries into one table (the
        uses of every parameter inside its POU); after an edit the first rule
        that asks builds it and the others reuse it.
        """
        if name not in self._shared:
            self._shared[name] = compute()
        return cast(T, self._shared[name])

    def keep(self, name: str, factory: Callable[[], T]) -> T:
        """An object that lives as long as the project: an index that rules update
        after each edit instead of rebuilding it (``SummaryIndex``)."""
        if name not in self._kept:
            self._kept[name] = factory()
        return cast(T, self._kept[name])

    def _register(self, pou: Pou, analysis: PouAnalysis) -> None:
        """Remember which units ``pou``'s analysis depends on, what it left unresolved,
        and which symbols it refers to (for ``references``)."""
        by_target: dict[int, list[Use]] = defaultdict(list)
        for use in analysis.uses:
            if use.target is not None:
                self._referrers[id(use.target)].add(pou)
                by_target[id(use.target)].append(use)
            target_location = getattr(use.target, "location", None)
            if target_location is not None:
                self._dependents[target_location.unit].add(pou)
            elif use.address is None:
                self._unresolved[key(use.name)].add(pou)
        self._uses_by_target[pou] = dict(by_target)

    def _register_retargeted(self, pou: Pou, before: PouAnalysis, after: PouAnalysis) -> None:
        """``_register`` for an analysis whose uses were re-pointed (``retarget``): only the
        few uses of replaced symbols move, which spares walking a large PROGRAM's thousands
        of uses on every keystroke in an FB it calls."""
        by_target = self._uses_by_target.get(pou)
        if by_target is None:
            self._register(pou, after)
            return
        for old_use, new_use in zip(before.uses, after.uses, strict=True):
            if old_use is new_use or new_use.target is None:
                continue
            by_target.pop(id(old_use.target), None)
            self._referrers[id(new_use.target)].add(pou)
            by_target.setdefault(id(new_use.target), []).append(new_use)
            target_location = getattr(new_use.target, "location", None)
            if target_location is not None:
                self._dependents[target_location.unit].add(pou)

    def uses(self) -> Iterator[Use]:
        for pou in self.all_pous():
            yield from self.analysis(pou).uses

    def references(self, symbol: Symbol) -> list[Use]:
        """Every use of ``symbol``, in file and source order.

        Looks only at the POUs whose analysis referred to it: an index kept as
        analyses are made, so a check with thousands of lookups stays linear.
        """
        if not self._all_analysed:
            for pou in self._live_pous:
                self.analysis(pou)
            self._all_analysed = True
        found: list[Use] = []
        for pou in list(self._referrers.get(id(symbol), ())):
            if pou not in self._live_pous:
                continue
            self.analysis(pou)  # (re)analyses and re-indexes it if an edit dropped it
            candidates = self._uses_by_target.get(pou, {}).get(id(symbol), ())
            found.extend(use for use in candidates if use.target is symbol)
        return sorted(found, key=lambda use: (str(use.location.unit.path), use.location.start))


def declared_names(unit: StUnit) -> set[str]:
    """Every name a unit declares, members included (for re-resolving what was unresolved)."""
    names: set[str] = set()
    declarations = unit.declarations
    for pou in declarations.pous:
        names.add(pou.key)
        names.update(variable.key for variable in pou.variables)
        for table in (pou.methods, pou.properties, pou.actions):
            for member in table.values():
                names.add(member.key)
                names.update(variable.key for variable in member.variables)
    for decl in declarations.types:
        names.add(decl.key)
        names.update(field.key for field in decl.fields)
        names.update(member.key for member in decl.members)
    for gvl in [
        *declarations.globals,
        *(g for c in declarations.configurations for g in c.globals),
    ]:
        if gvl.name:
            names.add(key(gvl.name))
        names.update(variable.key for variable in gvl.variables)
    return names
