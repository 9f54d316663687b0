"""CP13: a POU that calls itself, directly or through other POUs."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from werk.tools.st.model.symbols import Pou, PouKind
from werk.tools.st.rules.checks._project import CallGraph, call_target, full_call_graph
from werk.tools.st.rules.checks._project import source_order as location_order
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class Recursion(Rule):
    """## What it does
    Finds POUs that call themselves, directly (`F_Fact` calling `F_Fact`) or
    through other POUs (`F_A` calls `F_B`, which calls `F_A`), following
    function calls, FB instance calls, method and action calls (`THIS^.M()` and
    `SUPER^.M()` included) and property accesses. Each POU on a cycle gets one
    finding per call that leads back to it, naming the cycle
    (`F_A -> F_B -> F_A`).

    ## Why is this bad?
    A PLC gives each task a fixed, small stack and a fixed cycle time. How
    deep a recursion goes depends on run-time data, so nobody can prove it
    fits in either: one unexpected value and the controller stops with a
    stack overflow or a watchdog error, and every output of the machine drops
    to its safe state (or, worse, freezes).

    ## Example
    ```st
    FUNCTION F_Fact : DINT
    VAR_INPUT n : DINT; END_VAR
    IF n <= 1 THEN F_Fact := 1; ELSE F_Fact := n * F_Fact(n - 1); END_IF
    END_FUNCTION
    ```

    ## Use instead
    ```st
    F_Fact := 1;
    FOR i := 2 TO n DO F_Fact := F_Fact * i; END_FOR
    ```
    A loop with a bounded count, or an explicit stack in an ARRAY whose size
    is fixed at compile time.

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines CP13; CODESYS static analysis SA0160.
    """

    code = "CP13"
    name = "recursion"
    message = "Recursive call: {cycle}"
    severity = Severity.ERROR
    category = Category.ARCHITECTURE

    def check_project(self) -> Iterator[Finding]:
        graph = full_call_graph(self.project)
        for component in recursive_components(graph):
            for caller in sorted(component, key=source_order):
                reported: set[Pou] = set()
                for use in self.project.analysis(caller).uses:
                    callee = call_target(use, self.project)
                    if callee is None and isinstance(use.target, Pou):
                        is_property = use.target.kind is PouKind.PROPERTY
                        callee = use.target if is_property and use.target is not caller else None
                    if callee is None or callee not in component or callee in reported:
                        continue
                    reported.add(callee)
                    cycle = [caller, *shortest_path(graph, callee, caller, component)]
                    names = " -> ".join(pou.qualified_name for pou in cycle)
                    yield self.finding(use.location, caller, cycle=names)


def source_order(pou: Pou) -> tuple[str, int, int]:
    return location_order(pou.location)


def recursive_components(graph: CallGraph) -> list[set[Pou]]:
    """The strongly connected components that contain a cycle (Tarjan, without recursion)."""
    index: dict[Pou, int] = {}
    low: dict[Pou, int] = {}
    on_stack: set[Pou] = set()
    stack: list[Pou] = []
    found: list[set[Pou]] = []
    counter = 0
    # Visiting order changes which POU roots a component, not the components: no sorting.
    for root in graph:
        if root in index:
            continue
        work: list[tuple[Pou, Iterator[Pou]]] = []
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, iter(graph.get(root, ()))))
        while work:
            node, callees = work[-1]
            advanced = False
            for callee in callees:
                if callee not in graph:
                    continue  # the standard library calls nothing back
                if callee not in index:
                    index[callee] = low[callee] = counter
                    counter += 1
                    stack.append(callee)
                    on_stack.add(callee)
                    work.append((callee, iter(graph.get(callee, ()))))
                    advanced = True
                    break
                if callee in on_stack:
                    low[node] = min(low[node], index[callee])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: set[Pou] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member is node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(component)
    return found


def shortest_path(graph: CallGraph, start: Pou, goal: Pou, within: set[Pou]) -> list[Pou]:
    """The POUs from ``start`` to ``goal`` (both included) by the fewest calls inside ``within``."""
    previous: dict[Pou, Pou | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current is goal:
            break
        for callee in sorted(graph.get(current, ()), key=source_order):
            if callee in within and callee not in previous:
                previous[callee] = current
                queue.append(callee)
    path: list[Pou] = []
    step: Pou | None = goal
    while step is not None:
        path.append(step)
        step = previous.get(step)
    return list(reversed(path))
