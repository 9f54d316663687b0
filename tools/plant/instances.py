"""The FB instances that exist at run time, by the paths engineers navigate by.

Each PROGRAM instance roots a tree (``Main``, ``Main.fbStation``,
``Main.fbStation.fbPump1``, ``Main.fbStation.fbPump1.tonDelay``); a function
block declared in a global variable list roots its own (``GVL_Axes.fbAxisX``).
The trees come from the semantic model's ``instance_tree``; here they are
named after the program *instance* (``PROGRAM Line2 WITH Slow : LINE`` runs
at ``Line2``) and indexed by path; ``SystemModel.instances_of`` lists every
place an FB type runs, so the editor can show them and the agent can go from
a path to the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from werk.tools.plant.tasks import ProgramRun
from werk.tools.st.model.calls import Instance, instance_tree, instance_type
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import GlobalList, Pou, Variable, key


@dataclass(eq=False)
class FbInstance:
    """One instance: a PROGRAM at the root, an FB instance below it."""

    path: str
    pou: Pou  # the FB type (the PROGRAM for a root)
    variable: Variable | None = None  # the declaration that creates it (None for a PROGRAM)
    parent: FbInstance | None = None
    children: list[FbInstance] = field(default_factory=list)
    array: str | None = None  # "[1..3]": an array of instances, one path for all elements
    global_list: GlobalList | None = None  # for an instance declared in a GVL

    @property
    def key(self) -> str:
        return key(self.path)

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def root(self) -> FbInstance:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def depth(self) -> int:
        return self.path.count(".") - self.root.path.count(".")

    def walk(self) -> Iterator[FbInstance]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class InstanceTree:
    """Every instance of a project, by path."""

    roots: list[FbInstance] = field(default_factory=list)
    by_path: dict[str, FbInstance] = field(default_factory=dict)

    def add_root(self, root: FbInstance) -> None:
        self.roots.append(root)
        for node in root.walk():
            self.by_path.setdefault(node.key, node)

    def find(self, path: str) -> FbInstance | None:
        return self.by_path.get(key(path))

    def all(self) -> Iterator[FbInstance]:
        for root in self.roots:
            yield from root.walk()


def build_instances(project: Project, runs: list[ProgramRun]) -> InstanceTree:
    """The instance trees of the program instances ``runs`` and of the global FB instances."""
    tree = InstanceTree()
    for run in runs:
        if tree.find(run.name) is None:
            tree.add_root(relabel(instance_tree(run.pou, project), run.name, None))
    for gvl in project.global_lists:
        if project.is_standard(gvl):
            continue
        for variable in gvl.variables:
            fb, ranges = instance_type(variable.type, project)
            if fb is None:
                continue
            path = f"{gvl.name}.{variable.name}" if gvl.name else variable.name
            if tree.find(path) is not None:
                continue
            root = relabel(instance_tree(fb, project), path, None)
            root.variable, root.array, root.global_list = variable, ranges, gvl
            tree.add_root(root)
    return tree


def relabel(instance: Instance, root_path: str, parent: FbInstance | None) -> FbInstance:
    """``instance``'s tree with paths under ``root_path`` instead of the POU's name."""
    name = instance.path.rsplit(".", 1)[-1]
    path = f"{parent.path}.{name}" if parent is not None else root_path
    node = FbInstance(path, instance.type, instance.variable, parent, array=instance.array)
    node.children = [relabel(child, root_path, node) for child in instance.children]
    return node
