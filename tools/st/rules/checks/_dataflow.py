"""Paths through a POU's statements, and who in the project counts as "inside" a POU.

Data-flow and scan-cycle rules ask questions along execution paths of one
call (one scan cycle for a PROGRAM): "is this output written again after it
was written?", "is this variable written on every path before it is read?".
``PathWalk`` answers them on the syntax tree, following IEC 61131-3 §7.3.3:

- the arms of IF/ELSIF/ELSE and of CASE are mutually exclusive; an IF without
  ELSE, or a CASE without ELSE, also has a path that runs no arm;
- FOR and WHILE bodies run zero or more times, REPEAT bodies at least once;
- RETURN ends the call, EXIT leaves the innermost loop, CONTINUE starts its
  next iteration; a CODESYS/SCL jump (``JMP``) ends the path it is on (where it
  lands is not followed), which can only hide findings, never invent one.

Inside a statement the uses come in the model's evaluation order (in
``x := x + 1`` the read of x comes before its write). A rule supplies the
state it carries, how one use changes it (``step``) and how two paths meet
(``join``: union for "on some path", intersection for "on every path").

The second half names the code that belongs to a POU (its methods, actions,
properties, and the FBs that extend it) and the parameters whose shape is
fixed by a signature elsewhere (an interface, a base or an overriding method).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Generic, TypeVar

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.summary_index import SummaryIndex
from werk.tools.st.model.symbols import Location, Pou, PouKind, Section, Variable
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._control_flow import is_jump
from werk.tools.st.rules.report.text import FileView
from werk.tools.st.unit import StUnit

State = TypeVar("State")

# Enough passes for a loop's state to settle: states only grow along a back edge.
MAX_LOOP_PASSES = 8
NOT_STATEMENTS = frozenset({"comment", "pragma"})


@dataclass(frozen=True)
class Step:
    """One use, met in evaluation order along a path."""

    use: Use
    # False for a write that happens only on some evaluations: ``q S= c`` (set/reset).
    certain: bool = True


@dataclass
class Paths(Generic[State]):
    """The states in which paths leave a piece of code, by the way they leave it."""

    normal: State | None = None  # on to the next statement (None: no path does)
    exits: list[State] = field(default_factory=list)  # EXIT of the innermost loop
    continues: list[State] = field(default_factory=list)  # CONTINUE of the innermost loop
    returns: list[State] = field(default_factory=list)  # RETURN from the POU


def join_all(join: Callable[[State, State], State], states: Iterable[State | None]) -> State | None:
    """The meeting of the given paths' states (None where no path reaches)."""
    merged: State | None = None
    for state in states:
        if state is not None:
            merged = state if merged is None else join(merged, state)
    return merged


class PathWalk(Generic[State]):
    """Carry a state along every path through a POU's statements.

    ``repeat_loops``: walk a loop body again from the state its iterations
    leave, until nothing changes, so a use in the body meets the uses of the
    previous iteration (a call in a loop body runs more than once). Without
    it a body is walked once, as its first iteration.
    """

    def __init__(self, pou: Pou, analysis: PouAnalysis, *, repeat_loops: bool = False) -> None:
        self.pou = pou
        self.repeat_loops = repeat_loops
        self.unit: StUnit = pou.location.unit
        self._uses = analysis.uses
        self._starts = sorted((use.location.start, index) for index, use in enumerate(self._uses))

    # --- what a rule supplies --------------------------------------------------------------

    def step(self, state: State, step: Step) -> State:
        raise NotImplementedError

    def join(self, first: State, second: State) -> State:
        raise NotImplementedError

    # --- walking ---------------------------------------------------------------------------

    def walk(self, statements: Sequence[Node], entry: State) -> Paths[State]:
        """The paths through a statement list entered in state ``entry``."""
        paths: Paths[State] = Paths(entry)
        for node in statements:
            if paths.normal is None:  # the rest of the list is unreachable
                break
            if node.type in NOT_STATEMENTS:
                continue
            following = self._statement(node, paths.normal)
            paths = Paths(
                following.normal,
                paths.exits + following.exits,
                paths.continues + following.continues,
                paths.returns + following.returns,
            )
        return paths

    def _statement(self, node: Node, state: State) -> Paths[State]:
        kind = node.type
        if kind == "return_statement":
            return Paths(None, returns=[state])
        if kind == "exit_statement":
            return Paths(None, exits=[state])
        if kind == "continue_statement":
            return Paths(None, continues=[state])
        if is_jump(self.unit, node):
            # Where a JMP lands is not followed: its path is dropped, and the walk of a
            # list stops there. Both err on the side of finding less.
            return Paths(None)
        if kind == "if_statement":
            return self._if(node, state)
        if kind == "case_statement":
            return self._case(node, state)
        if kind == "for_statement":
            body = node.children_by_field_name("body")
            header_end = body[0].start_byte if body else node.end_byte
            state = self._uses_between(node.start_byte, header_end, state)
            return self._loop(body, state)
        if kind == "while_statement":
            condition = node.child_by_field_name("condition")
            return self._loop(self._body(node, condition), state, before=condition)
        if kind == "repeat_statement":
            condition = node.child_by_field_name("condition")
            return self._loop(self._body(node, condition), state, after=condition)
        return Paths(self._simple(node, state))

    def _if(self, node: Node, state: State) -> Paths[State]:
        condition = node.child_by_field_name("condition")
        state = self._region(condition, state)
        arms: list[Paths[State]] = []
        then = [
            c
            for c in node.named_children
            if c != condition and c.type not in ("elsif_clause", "else_clause")
        ]
        arms.append(self.walk(then, state))
        has_else = False
        for clause in node.named_children:
            if clause.type == "elsif_clause":
                clause_condition = clause.child_by_field_name("condition")
                state = self._region(clause_condition, state)
                arms.append(self.walk(self._body(clause, clause_condition), state))
            elif clause.type == "else_clause":
                has_else = True
                arms.append(self.walk(clause.named_children, state))
        if not has_else:
            arms.append(Paths(state))
        return self._merge(arms)

    def _case(self, node: Node, state: State) -> Paths[State]:
        clauses = [c for c in node.named_children if c.type in ("case_clause", "else_clause")]
        selector_end = clauses[0].start_byte if clauses else node.end_byte
        state = self._uses_between(node.start_byte, selector_end, state)
        arms: list[Paths[State]] = []
        for clause in clauses:
            labels = [c for c in clause.named_children if c.type == "case_value"]
            for label in labels:
                state = self._region(label, state)
        for clause in clauses:
            body = [c for c in clause.named_children if c.type != "case_value"]
            arms.append(self.walk(body, state))
        if not any(c.type == "else_clause" for c in clauses):
            arms.append(Paths(state))
        return self._merge(arms)

    def _loop(
        self,
        body: Sequence[Node],
        entry: State,
        *,
        before: Node | None = None,
        after: Node | None = None,
    ) -> Paths[State]:
        """A loop: ``before`` is tested ahead of each iteration (WHILE), ``after`` after it
        (REPEAT ... UNTIL, whose body therefore runs at least once); a FOR header was
        evaluated by the caller."""
        head = entry
        for _ in range(MAX_LOOP_PASSES):
            tested = self._region(before, head)
            inner = self.walk(body, tested)
            back = join_all(self.join, [inner.normal, *inner.continues])
            if back is not None:
                back = self._region(after, back)
            if not self.repeat_loops or back is None:
                break
            following = self.join(head, back)
            if following == head:
                break
            head = following
        leaving = [back, *inner.exits] if after is not None else [tested, back, *inner.exits]
        return Paths(join_all(self.join, leaving), returns=inner.returns)

    def _merge(self, arms: list[Paths[State]]) -> Paths[State]:
        return Paths(
            join_all(self.join, [arm.normal for arm in arms]),
            [s for arm in arms for s in arm.exits],
            [s for arm in arms for s in arm.continues],
            [s for arm in arms for s in arm.returns],
        )

    @staticmethod
    def _body(node: Node, condition: Node | None) -> list[Node]:
        return node.children_by_field_name("body") or [
            c for c in node.named_children if c != condition
        ]

    # --- uses ------------------------------------------------------------------------------

    def _region(self, node: Node | None, state: State) -> State:
        if node is None:
            return state
        return self._uses_between(node.start_byte, node.end_byte, state)

    def _uses_between(self, start: int, end: int, state: State) -> State:
        for use in self._uses_in(start, end):
            state = self.step(state, Step(use))
        return state

    def _simple(self, node: Node, state: State) -> State:
        """An assignment, a call or another statement without statements inside."""
        uncertain: tuple[int, int] | None = None
        if node.type == "assignment_statement" and self.unit.rewrite_in_operator(
            node, RewriteKind.SET_ASSIGN, RewriteKind.RESET_ASSIGN
        ):
            left = node.child_by_field_name("left")
            uncertain = (left.start_byte, left.end_byte) if left is not None else None
        for use in self._uses_in(node.start_byte, node.end_byte):
            start = use.location.start
            certain = not (
                uncertain is not None and use.is_write and uncertain[0] <= start < uncertain[1]
            )
            state = self.step(state, Step(use, certain))
        return state

    def _uses_in(self, start: int, end: int) -> list[Use]:
        """The uses that start inside ``[start, end)``, in evaluation order."""
        first = bisect.bisect_left(self._starts, (start, -1))
        last = bisect.bisect_left(self._starts, (end, -1))
        return [
            self._uses[index] for _, index in sorted(self._starts[first:last], key=itemgetter(1))
        ]


def bodies(pou: Pou) -> list[list[Node]]:
    """The statement lists that run as one call (the body, or each property accessor),
    leaving out those with syntax errors: what did not parse is not judged."""
    span = pou.span
    if any(span.start <= issue.start < span.end for issue in span.unit.issues):
        return []
    found = [list(pou.body), *(list(accessor) for accessor in pou.accessors.values())]
    return [body for body in found if body]


class AgainOnPath(PathWalk[dict[str, Use]]):
    """Uses that meet an earlier use of the same thing on one path: a second write of an
    output, a second call of an instance. ``key`` names what a step touches (None: a
    step that does not count); a loop body meets its own earlier iterations when
    ``repeat_loops`` is set."""

    def __init__(
        self,
        pou: Pou,
        analysis: PouAnalysis,
        key: Callable[[Step], str | None],
        *,
        repeat_loops: bool = False,
    ) -> None:
        super().__init__(pou, analysis, repeat_loops=repeat_loops)
        self.key = key
        self.found: dict[int, tuple[Use, Use]] = {}  # by offset: loops are walked again

    def run(self) -> list[tuple[Use, Use]]:
        """Each repeated use with the first use its path met, in source order."""
        for body in bodies(self.pou):
            self.walk(body, {})
        return [self.found[offset] for offset in sorted(self.found)]

    def step(self, state: dict[str, Use], step: Step) -> dict[str, Use]:
        name = self.key(step)
        if name is None:
            return state
        first = state.get(name)
        if first is None:
            return {**state, name: step.use}
        self.found.setdefault(step.use.location.start, (step.use, first))
        return state

    def join(self, first: dict[str, Use], second: dict[str, Use]) -> dict[str, Use]:
        merged = dict(first)
        for name, use in second.items():
            known = merged.get(name)
            if known is None or use.location.start < known.location.start:
                merged[name] = use
        return merged


class OnEveryPath(PathWalk[frozenset[object]]):
    """What has happened on every path so far: ``mark`` sees each step with that set and
    names what the step adds to it (None: nothing), e.g. a variable now written."""

    def __init__(
        self,
        pou: Pou,
        analysis: PouAnalysis,
        mark: Callable[[frozenset[object], Step], object | None],
    ) -> None:
        super().__init__(pou, analysis)
        self.mark = mark

    def at_end(self, statements: Sequence[Node]) -> frozenset[object] | None:
        """What happened on every path that reaches the end of ``statements``; paths that
        RETURN count only when no path falls through (a ``RETURN`` guard is not a branch)."""
        paths = self.walk(statements, frozenset())
        return paths.normal if paths.normal is not None else join_all(self.join, paths.returns)

    def step(self, state: frozenset[object], step: Step) -> frozenset[object]:
        added = self.mark(state, step)
        return state if added is None else state | {added}

    def join(self, first: frozenset[object], second: frozenset[object]) -> frozenset[object]:
        return first & second


# --- the syntax around a use ---------------------------------------------------------------

DESIGNATOR_PARTS = frozenset({"member_access_expression", "index_expression"})


def node_of(use: Use) -> Node | None:
    """The syntax node a use was recorded at (an identifier, or a lowered direct address)."""
    location = use.location
    root = location.unit.tree.root_node
    return root.named_descendant_for_byte_range(location.start, location.end)


def designator(node: Node) -> Node:
    """The whole variable access ``node`` is part of: ``st.fb.Q`` for ``st`` or ``fb``."""
    current = node
    while current.parent is not None and current.parent.type in DESIGNATOR_PARTS:
        parent = current.parent
        if parent.type == "index_expression" and parent.child_by_field_name("object") != current:
            break  # ``i`` in ``a[i]`` is an index, not part of the access
        current = parent
    return current


def access_key(use: Use) -> str | None:
    """A name for what a use accesses, equal for equal accesses in one POU: ``stout.a``,
    ``aout[2]``, ``w.3``; a variable at a fixed address (``AT %QX0.1``) is named by its
    address, so it matches ``%QX0.1`` in code. None when an index is computed."""
    if use.address is not None:
        return "".join(use.address.split()).lower()
    target = use.target
    address = target.address if isinstance(target, Variable) else None
    if address and "*" not in address and not use.partial:
        return "".join(address.split()).lower()
    node = node_of(use)
    if node is None:
        return None
    whole = designator(node)
    for part in _descendants(whole):
        if part.type == "index_expression":
            indices = part.children_by_field_name("index")
            if any(index.type != "integer_literal" for index in indices):
                return None
        elif part.type not in ("identifier", "member_access_expression", "integer_literal"):
            return None
    return "".join(use.location.unit.original_text(whole).split()).lower()


def access_location(use: Use) -> Location:
    """The span of the whole access a use is part of (``stOut.a`` for ``stOut``)."""
    node = node_of(use)
    if node is None:
        return use.location
    whole = designator(node)
    return Location(use.location.unit, whole.start_byte, whole.end_byte)


def _descendants(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(c for c in current.named_children if c.type not in ("comment", "pragma"))


def is_call_target(use: Use) -> bool:
    """Whether the use names what is called: ``fb`` in ``fb()``, ``fb.Start()``, ``st.fb()``."""
    if use.kind is UseKind.CALL:
        return True
    node = node_of(use)
    if node is None:
        return False
    whole = designator(node)
    parent = whole.parent
    if parent is not None and parent.type == "call_expression":
        return parent.child_by_field_name("function") == whole
    return False


def source_text(location: Location) -> str:
    """The user's text behind a location (``w.3``, not its lowered form)."""
    unit = location.unit
    start, end = unit.lowered.offsets.span_to_original(location.start, location.end)
    return unit.document.text[start:end].decode("utf-8", "replace")


def where(location: Location) -> str:
    """``line:column`` of a location in the user's file, as the text report counts them."""
    start, _ = location.file_span()
    path = location.unit.path
    try:
        stat = path.stat()
        view = _file_view(path, stat.st_mtime_ns, stat.st_size)
    except OSError:  # the file went away since it was loaded
        return f"byte {start}"
    line, column = view.line_column(start)
    return f"{line}:{column}"


@lru_cache(maxsize=8)
def _file_view(path: Path, modified: int, size: int) -> FileView:
    """The user's whole file (a unit holds one declaration of it, or one CDATA section)."""
    return FileView(path.read_bytes())


# --- whose code is it ----------------------------------------------------------------------


def owner_of(pou: Pou) -> Pou:
    """The FB or program a method, property or action belongs to; the POU itself otherwise."""
    return pou.parent if pou.parent is not None else pou


def own_scopes(pou: Pou, project: Project) -> set[int]:
    """The POUs (by id) whose variables are the POU's own: itself, and its FB or program
    with the FBs that one extends (a method or action works on its FB's variables)."""
    return {id(pou)} | {id(p) for p in inheritance_chain(owner_of(pou), project.find_pou)}


def has_code(pou: Pou) -> bool:
    """Whether the POU has statements to judge (an FB implemented in LD or FBD has none)."""
    return bool(pou.body) or any(pou.accessors.values())


def is_library(pou: Pou, project: Project) -> bool:
    """A standard-library POU, or a project's own copy of one (``TON`` in an OSCAT file)."""
    top = owner_of(pou)
    if project.is_standard(top):
        return True
    standard = project.find_pou(top.name)
    return standard is not None and project.is_standard(standard)


@dataclass(frozen=True)
class OwnUse:
    """What a POU's own code does with one of its variables, over all its uses there."""

    read: bool  # read, its address taken, or called (``fb()``, ``fb.Start()``)
    changed: bool  # written (a part too, or passed to a VAR_IN_OUT), address taken, or called

    def __or__(self, other: OwnUse) -> OwnUse:
        return OwnUse(self.read or other.read, self.changed or other.changed)


def parameters(project: Project, section: Section) -> Iterator[tuple[Pou, Variable, OwnUse | None]]:
    """The parameters of ``section`` that the unused and in-out rules judge, each with its
    POU and what that POU's own code does with it (None: no use at all).

    Left alone: POUs without Structured Text code, library POUs, POUs and variables with
    attributes (tools may use them) or addresses, interfaces, and methods whose parameters
    must match a signature declared elsewhere. A project-wide question: the uses may be
    in an FB that extends the POU, the signature in an interface in another file.
    """
    judged = project.shared("judged-parameters", lambda: _judged_parameters(project))
    uses = project.shared("own-variable-uses", lambda: _own_variable_uses(project))
    for pou, variable in judged.get(section, ()):
        found: OwnUse | None = None
        for own in uses.get(variable).values():
            found = own if found is None else found | own
        yield pou, variable, found


def _judged_parameters(project: Project) -> dict[Section, list[tuple[Pou, Variable]]]:
    overridden = project.shared("overridden-methods", lambda: _overridden_methods(project))
    judged: dict[Section, list[tuple[Pou, Variable]]] = {}
    for pou in project.all_pous():
        own = project.declared_fact(
            pou, "judged-parameters", lambda pou: _judged_of(pou, project, overridden)
        )
        for variable in own:
            judged.setdefault(variable.section, []).append((pou, variable))
    return judged


def _judged_of(pou: Pou, project: Project, overridden: set[int]) -> list[Variable]:
    if pou.location.unit.symbols_only or not has_code(pou):
        return []
    top = owner_of(pou)
    if pou.attributes or top.attributes or top.kind is PouKind.INTERFACE:
        return []
    if is_library(pou, project) or _signature_bound(pou, project, overridden):
        return []
    return [v for v in pou.variables if not v.attributes and not v.address]


def _own_variable_uses(project: Project) -> SummaryIndex[Variable, OwnUse]:
    """Every use of a POU's variable in that POU's own code, by variable.

    Kept up to date from one summary per POU, so after an edit only the
    edited POUs are looked at again, where asking ``project.references``
    for each parameter would visit them all.
    """
    index: SummaryIndex[Variable, OwnUse] = project.keep("own-variable-uses", SummaryIndex)
    index.update(
        (
            pou,
            project.derived(
                pou,
                "own-variable-uses",
                lambda analysis, pou=pou: _own_uses_of(pou, analysis, project),
            ),
        )
        for pou in project.all_pous()
    )
    return index


def _own_uses_of(pou: Pou, analysis: PouAnalysis, project: Project) -> dict[Variable, OwnUse]:
    """What ``pou``'s code does with variables that are its own: its FB's or program's
    and those of the FBs that one extends (a method or action works on them)."""
    scopes = own_scopes(pou, project)
    found: dict[Variable, OwnUse] = {}
    for use in analysis.uses:
        target = use.target
        if not isinstance(target, Variable) or id(target.owner) not in scopes:
            continue
        # Taking its address or calling it (or a method of it) may read and change it.
        passed_on = use.kind is UseKind.ADDRESS or is_call_target(use)
        own = OwnUse(read=use.is_read or passed_on, changed=use.is_write or passed_on)
        previous = found.get(target)
        found[target] = own if previous is None else previous | own
    return found


def _overridden_methods(project: Project) -> set[int]:
    """The methods (by id) that an FB extending theirs declares again."""
    found: set[int] = set()
    for pou in project.all_pous():
        if pou.kind is PouKind.FUNCTION_BLOCK and pou.extends and pou.methods:
            for base in list(inheritance_chain(pou, project.find_pou))[1:]:
                found.update(id(base.methods[name]) for name in pou.methods if name in base.methods)
    return found


def _signature_bound(pou: Pou, project: Project, overridden: set[int]) -> bool:
    """Whether a method's parameters must match a signature declared elsewhere: it is
    abstract, implements an interface method, overrides a base method or is overridden.
    Bases and interfaces that are not in the project count as declaring it."""
    if pou.kind is not PouKind.METHOD:
        return False
    owner = pou.parent
    if owner is None or pou.abstract or id(pou) in overridden:
        return True
    chain = list(inheritance_chain(owner, project.find_pou))
    if chain[-1].extends:  # the base is not in the project (a library FB)
        return True
    if any(pou.key in base.methods for base in chain[1:]):
        return True
    return any(
        _interface_declares(name, pou.key, project) for base in chain for name in base.implements
    )


def _interface_declares(name: str, method: str, project: Project, depth: int = 0) -> bool:
    interface = project.find_pou(name)
    if interface is None or interface.kind is not PouKind.INTERFACE or depth > 16:
        return True  # not in the project: assume it declares the method
    if method in interface.methods:
        return True
    bases = [b.strip() for b in (interface.extends or "").split(",") if b.strip()]
    return any(_interface_declares(base, method, project, depth + 1) for base in bases)
