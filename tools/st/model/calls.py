"""Who calls whom, and which FB instances each PROGRAM owns.

The call graph links POUs through function calls, method calls and FB
instance calls (an instance call is a call of the instance's FB type). The
instance tree is what an automation engineer navigates by: ``MAIN.fbPump1``,
``MAIN.fbPump1.tonDelay``, one node per FB instance, arrays of instances
expanded per element range.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from werk.tools.st.model.scope import inheritance_chain, value_type
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.model.types import ArrayType, TypeRef

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

MAX_INSTANCE_DEPTH = 16  # FB types that contain themselves are an error, not a reason to hang


def callee_pou(target: object, project: Project) -> Pou | None:
    if isinstance(target, Pou):
        return target
    if isinstance(target, Variable):
        resolved = project.resolve_type(value_type(target.type, project))
        if isinstance(resolved, Pou):
            return resolved
    return None


def call_graph(project: Project) -> dict[Pou, set[Pou]]:
    """Caller -> callees, for every user POU (standard FBs and functions appear as callees)."""
    graph: dict[Pou, set[Pou]] = defaultdict(set)
    for pou in project.all_pous():
        graph.setdefault(pou, set())
        for use in project.analysis(pou).calls:
            callee = callee_pou(use.target, project)
            if callee is not None:
                graph[pou].add(callee)
    return dict(graph)


def callers(graph: dict[Pou, set[Pou]]) -> dict[Pou, set[Pou]]:
    reverse: dict[Pou, set[Pou]] = defaultdict(set)
    for caller, callees in graph.items():
        for callee in callees:
            reverse[callee].add(caller)
    return dict(reverse)


@dataclass(eq=False)
class Instance:
    """One FB instance (or the PROGRAM itself at the root) in a PROGRAM's instance tree."""

    path: str
    type: Pou
    variable: Variable | None = None
    children: list[Instance] = field(default_factory=list)
    array: str | None = None  # "[1..3]" for an array of instances

    def walk(self) -> list[Instance]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def find(self, path: str) -> Instance | None:
        wanted = path.lower()
        return next((i for i in self.walk() if i.path.lower() == wanted), None)


def instance_type(type_ref: TypeRef, project: Project) -> tuple[Pou | None, str | None]:
    """The FB type of a variable, looking through arrays; and the array ranges if any."""
    type_ref = value_type(type_ref, project)
    ranges = None
    resolved_alias = project.resolve_alias(type_ref)
    if isinstance(resolved_alias, ArrayType):
        ranges = "[" + ", ".join(f"{d.lower}..{d.upper}" for d in resolved_alias.dimensions) + "]"
        type_ref = resolved_alias.element
    resolved = project.resolve_type(type_ref)
    if isinstance(resolved, Pou) and resolved.kind is PouKind.FUNCTION_BLOCK:
        return resolved, ranges
    return None, None


INSTANCE_SECTIONS = frozenset(
    {Section.VAR, Section.VAR_INPUT, Section.VAR_OUTPUT, Section.VAR_INST, Section.VAR_STAT}
)


def instance_tree(program: Pou, project: Project) -> Instance:
    root = Instance(program.name, program)
    _expand(root, project, 0, {program.key})
    return root


def _expand(node: Instance, project: Project, depth: int, active: set[str]) -> None:
    if depth >= MAX_INSTANCE_DEPTH:
        return
    for pou in reversed(list(inheritance_chain(node.type, project.find_pou))):
        for variable in pou.variables:
            if variable.section not in INSTANCE_SECTIONS:
                continue
            fb, ranges = instance_type(variable.type, project)
            if fb is None or fb.key in active:
                continue
            child = Instance(f"{node.path}.{variable.name}", fb, variable, array=ranges)
            node.children.append(child)
            _expand(child, project, depth + 1, active | {fb.key})


def programs(project: Project) -> list[Pou]:
    return [pou for pou in project.all_pous() if pou.kind is PouKind.PROGRAM]
