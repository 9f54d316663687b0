"""Project-wide facts the architecture rules share: globals, calls, programs and tasks.

The semantic model's call graph (``werk.tools.st.model.calls``) links POUs
through the calls it resolved (``THIS^.Method()`` and ``SUPER^.Method()``
included). The rules here also need the property accesses that run a GET or
SET accessor, and which PROGRAM
instances a task configuration (IEC 61131-3 §6.8.2: CONFIGURATION, RESOURCE,
TASK, ``PROGRAM ... WITH task``) actually runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.calls import callee_pou
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import GlobalList, Location, Pou, PouKind, Section, Variable, key
from werk.tools.st.model.uses import Symbol, Use, UseKind

CallGraph = dict[Pou, set[Pou]]


def is_global(symbol: Symbol | None) -> bool:
    """A variable of a global variable list (VAR_GLOBAL), not a VAR_CONFIG entry."""
    return (
        isinstance(symbol, Variable)
        and isinstance(symbol.owner, GlobalList)
        and symbol.section is Section.VAR_GLOBAL
    )


def node_at(location: Location) -> Node | None:
    """The smallest named syntax node covering exactly ``location`` (a use, a declaration)."""
    root = location.unit.tree.root_node
    node = root.named_descendant_for_byte_range(location.start, location.end)
    while (
        node is not None
        and node.parent is not None
        and (node.start_byte, node.end_byte) != (location.start, location.end)
        and node.parent.start_byte == node.start_byte
        and node.parent.end_byte == node.end_byte
    ):
        node = node.parent
    return node


def pou_node(pou: Pou) -> Node | None:
    """The declaration node of a POU (``function_block_declaration``, ``method_declaration``...)."""
    root = pou.span.unit.tree.root_node
    node = root.named_descendant_for_byte_range(pou.span.start, pou.span.end)
    while node is not None and (node.start_byte, node.end_byte) != (pou.span.start, pou.span.end):
        node = node.parent
    return node


def source_order(location: Location) -> tuple[str, int, int]:
    """Sort key in the order of the user's files, without mapping each offset back.

    A unit's lowered offsets grow with its document's, and the documents of
    one file follow each other, so (file, document start, lowered offset)
    sorts like the file: one cheap lookup instead of a walk through the
    offset maps, which the project rules would pay for every POU after
    every edit.
    """
    document = location.unit.document
    return (str(document.path), document.to_file.to_original(0), location.start)


# --- calls -----------------------------------------------------------------------------------


def call_target(use: Use, project: Project) -> Pou | None:
    """The POU a CALL use runs (an FB instance's type, a function, a method, an action)."""
    if use.kind is not UseKind.CALL:
        return None
    return callee_pou(use.target, project)


def full_call_graph(project: Project) -> CallGraph:
    """The model's call graph plus ``THIS^``/``SUPER^`` calls and property accessors.

    Reading or writing a property runs its GET or SET accessor, so a property
    use is an edge to the property's POU too.
    """
    return project.shared(
        "full-call-graph",
        lambda: {
            pou: project.derived(
                pou, "call-edges", lambda analysis, pou=pou: _edges(pou, analysis, project)
            )
            for pou in project.all_pous()
        },
    )


def _edges(pou: Pou, analysis: PouAnalysis, project: Project) -> set[Pou]:
    """The POUs one POU's code runs: calls, THIS^/SUPER^ calls, property accessors."""
    edges: set[Pou] = set()
    for use in analysis.uses:
        if use.kind is UseKind.CALL:
            target = callee_pou(use.target, project) if use.target is not None else None
            if target is not None:
                edges.add(target)
        elif is_property_access(use, pou):
            assert isinstance(use.target, Pou)
            edges.add(use.target)
    return edges


def is_property_access(use: Use, pou: Pou) -> bool:
    """A use that runs a property's GET or SET (inside it, its own name is its value)."""
    target = use.target
    return isinstance(target, Pou) and target.kind is PouKind.PROPERTY and target is not pou


def reachable(graph: CallGraph, start: Pou) -> set[Pou]:
    """``start`` and every POU it calls, directly or not."""
    seen = {start}
    stack = [start]
    while stack:
        for callee in graph.get(stack.pop(), ()):
            if callee not in seen:
                seen.add(callee)
                stack.append(callee)
    return seen


# --- programs and tasks ----------------------------------------------------------------------


@dataclass(frozen=True)
class RunningProgram:
    """A PROGRAM as it runs: an instance in a task configuration, or a top-level PROGRAM."""

    name: str  # the instance name in the configuration, else the PROGRAM's name
    pou: Pou
    task: str | None = None

    def describe(self) -> str:
        """``Auto``, ``Auto (task Fast)``, ``Line2 (PROGRAM Line, task Slow)``."""
        details = [] if key(self.name) == self.pou.key else [f"PROGRAM {self.pou.name}"]
        if self.task:
            details.append(f"task {self.task}")
        return f"{self.name} ({', '.join(details)})" if details else self.name


def configured_programs(project: Project) -> list[RunningProgram]:
    """The PROGRAM instances the project's CONFIGURATIONs assign, in declaration order."""
    found: list[RunningProgram] = []
    for unit in project.units():
        for configuration in unit.declarations.configurations:
            for instance in configuration.programs:
                pou = project.find_pou(instance.type_name)
                if pou is not None and pou.kind is PouKind.PROGRAM:
                    found.append(RunningProgram(instance.name, pou, instance.task))
    return found


def running_programs(project: Project, graph: CallGraph) -> list[RunningProgram]:
    """What the PLC runs cyclically.

    With a task configuration in the project: the PROGRAM instances it
    assigns. Without one (TwinCAT and CODESYS keep tasks outside the ST
    sources): every PROGRAM that no other POU calls.
    """
    configured = configured_programs(project)
    if configured:
        return configured
    called = {
        callee for caller, callees in graph.items() for callee in callees if callee is not caller
    }
    return [
        RunningProgram(pou.name, pou)
        for pou in project.all_pous()
        if pou.kind is PouKind.PROGRAM and pou not in called
    ]


# --- what a POU's code touches ---------------------------------------------------------------


def globals_used(analysis: PouAnalysis) -> Iterator[tuple[Variable, Use]]:
    """Every use of a global variable in a POU's code (reads, writes, calls, ADR)."""
    for use in analysis.uses:
        if use.kind is not UseKind.TYPE and is_global(use.target):
            assert isinstance(use.target, Variable)
            yield use.target, use
