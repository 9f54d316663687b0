"""Who derives from whom: EXTENDS and IMPLEMENTS across the project (IEC 61131-3 §6.6.5).

Go-to-implementation walks down (an interface to the FBs that implement it,
a base FB to the FBs that extend it); rename walks both ways, because a
method, the base method it overrides and the interface method it implements
must keep one name. The links are gathered once per state of the project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou, PouKind, TypeDecl, key
from werk.tools.st.model.types import ArrayType, NamedType, PointerType, ReferenceType, TypeRef

HIERARCHY = "werk.lsp.hierarchy"
MAX_TYPE_NESTING = 16  # ARRAY OF POINTER TO ... in broken code must not loop
TYPE_POUS = frozenset({PouKind.FUNCTION_BLOCK, PouKind.PROGRAM, PouKind.INTERFACE})


@dataclass
class Hierarchy:
    # key of a POU -> the POUs that name it in EXTENDS or IMPLEMENTS
    children: dict[str, list[Pou]] = field(default_factory=dict)

    def parents(self, pou: Pou, project: Project) -> Iterator[Pou]:
        for name in [*([pou.extends] if pou.extends else []), *pou.implements]:
            parent = project.find_pou(name)
            if parent is not None and parent is not pou:
                yield parent

    def ancestors(self, pou: Pou, project: Project) -> list[Pou]:
        return _closure(pou, lambda p: self.parents(p, project))

    def descendants(self, pou: Pou) -> list[Pou]:
        return _closure(pou, lambda p: iter(self.children.get(p.key, ())))

    def implementers(self, interface: Pou) -> list[Pou]:
        """The FBs that implement ``interface``, directly or through bases and interfaces."""
        return [p for p in self.descendants(interface) if p.kind is PouKind.FUNCTION_BLOCK]


def hierarchy(project: Project) -> Hierarchy:
    return project.shared(HIERARCHY, lambda: _build(project))


def _build(project: Project) -> Hierarchy:
    children: dict[str, list[Pou]] = defaultdict(list)
    for pou in project.pous.values():
        for name in [*([pou.extends] if pou.extends else []), *pou.implements]:
            children[key(name)].append(pou)
    return Hierarchy(dict(children))


def _closure(start: Pou, step: Callable[[Pou], Iterator[Pou]]) -> list[Pou]:
    """Every POU reachable from ``start`` (itself excluded), nearest first."""
    seen: set[int] = {id(start)}
    found: list[Pou] = []
    frontier = [start]
    while frontier:
        following: list[Pou] = []
        for pou in frontier:
            for reached in step(pou):
                if id(reached) not in seen:
                    seen.add(id(reached))
                    found.append(reached)
                    following.append(reached)
        frontier = following
    return found


def own_member(owner: Pou, member: Pou) -> Pou | None:
    """``owner``'s own method or property of ``member``'s name and kind."""
    table = owner.properties if member.kind is PouKind.PROPERTY else owner.methods
    return table.get(member.key)


def override_family(project: Project, member: Pou) -> list[Pou]:
    """A method or property with every declaration that must share its name: the ones
    it overrides or implements, and the ones that override or implement those."""
    owner = member.parent
    if owner is None or member.kind not in (PouKind.METHOD, PouKind.PROPERTY):
        return [member]
    links = hierarchy(project)
    tops = [owner, *(a for a in links.ancestors(owner, project) if own_member(a, member))]
    family: list[Pou] = []
    for top in tops:
        for holder in [top, *links.descendants(top)]:
            found = own_member(holder, member)
            if found is not None and all(found is not f for f in family):
                family.append(found)
    return family


def declared_type(project: Project, type_ref: TypeRef | None) -> Pou | TypeDecl | None:
    """The FB, interface or type a declaration names, through ARRAY OF, POINTER TO and
    REFERENCE TO (an alias is a type of its own: it is not followed)."""
    for _ in range(MAX_TYPE_NESTING):
        if isinstance(type_ref, ArrayType):
            type_ref = type_ref.element
        elif isinstance(type_ref, PointerType | ReferenceType):
            type_ref = type_ref.target
        else:
            break
    if not isinstance(type_ref, NamedType):
        return None
    pou = project.find_pou(type_ref.name)
    if pou is not None and pou.kind in TYPE_POUS:
        return pou
    return project.find_type(type_ref.name)
