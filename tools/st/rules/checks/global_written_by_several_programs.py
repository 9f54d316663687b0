"""CP26: a global variable that more than one PROGRAM (or task) writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.symbols import Pou, PouKind, Variable
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._project import (
    RunningProgram,
    full_call_graph,
    is_global,
    node_at,
    reachable,
    running_programs,
    source_order,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

# A write is recorded under the written path: ``gstHmi.bStart`` and ``gstHmi.bStop`` are
# different data, ``gwCommand.3`` writes all of ``gwCommand`` (a read-modify-write of the word).
WrittenPath = tuple[Variable, str]


class GlobalWrittenBySeveralPrograms(Rule):
    """## What it does
    Finds global variables that more than one PROGRAM writes, following the
    calls each program makes into function blocks, functions, methods,
    actions and properties: an FB instance in `MAIN` and a function called by
    `Diagnostics` writing the same global both count. When the project
    declares a CONFIGURATION, the programs are its program instances and the
    message names their tasks: programs on different tasks writing the same
    global race with each other.

    A write is an assignment, an output connection (`=>`), passing to a
    VAR_IN_OUT, and a call of a global FB instance or of one of its methods
    (the call changes the instance's state). Writes to different members or
    literal elements (`gstHmi.bStart`, `gstHmi.bStop`, `gaAxis[1]`) are
    different data; a write to a whole structure covers its members, and a
    bit write (`gwCommand.3`) writes the whole word. Without a task
    configuration in the sources, the programs are those no other POU calls.

    ## Why is this bad?
    When two programs write the same variable, the last one in the scan wins
    and the other's write is lost: a pump started by the automatic sequence
    is stopped by the manual-mode program in the same cycle, and nobody can
    tell from one program why the output flickers. On different tasks it is
    worse: a fast task can interrupt a slow one between its read and its
    write, so counts go missing and STRINGs or 64-bit values can be seen half
    written.

    ## Example
    ```st
    PROGRAM Auto          (* task Fast *)
    GVL.bPumpOn := bLevelLow;
    PROGRAM Manual        (* task Slow *)
    GVL.bPumpOn := bHandSwitch;
    ```

    ## Use instead
    Give every global one writer: each program writes its own request
    (`GVL.bAutoPumpRequest`, `GVL.bManualPumpRequest`) and one program
    decides `bPumpOn` from them. Across tasks, exchange data through one
    writer per direction or a synchronisation primitive of the runtime.

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines CP26 and CP10 (global variables written from
    several places and tasks); CODESYS static analysis SA0006.
    """

    code = "CP26"
    name = "global-written-by-several-programs"
    message = "Global '{name}' is written by several programs: {writers}{race}"
    severity = Severity.WARNING
    category = Category.ARCHITECTURE

    def check_project(self) -> Iterator[Finding]:
        graph = full_call_graph(self.project)
        writes_of = {
            pou: self.project.derived(
                pou, "global-writes", lambda analysis, pou=pou: list(self.global_writes(pou))
            )
            for pou in graph
        }
        # variable -> path -> program -> the first write that program makes
        writers: dict[Variable, dict[str, dict[RunningProgram, Use]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        shown: dict[tuple[Variable, str], str] = {}
        order = {pou: source_order(pou.location) for pou in graph}
        for program in running_programs(self.project, graph):
            reached = sorted(reachable(graph, program.pou) & order.keys(), key=order.__getitem__)
            for pou in reached:
                for (variable, path), text, use in writes_of.get(pou, ()):
                    writers[variable][path].setdefault(program, use)
                    shown.setdefault((variable, path), text)
        for variable in sorted(writers, key=lambda v: source_order(v.location)):
            paths = writers[variable]
            reported: list[str] = []
            for path in sorted(paths):
                if any(covers(done, path) for done in reported):
                    continue
                programs: dict[RunningProgram, Use] = {}
                for other in sorted(paths):
                    if covers(other, path):
                        for program, use in paths[other].items():
                            programs.setdefault(program, use)
                if len(programs) < 2:
                    continue
                reported.append(path)
                yield self.report(variable, shown[(variable, path)], programs)

    def report(self, variable: Variable, name: str, programs: dict[RunningProgram, Use]) -> Finding:
        ordered = sorted(programs, key=lambda p: (source_order(p.pou.location), p.name))
        tasks = sorted({p.task for p in ordered if p.task}, key=str.lower)
        race = f"; tasks {', '.join(tasks[:-1])} and {tasks[-1]} race" if len(tasks) > 1 else ""
        notes = tuple(
            f"{program.describe()} writes it in {use.pou.qualified_name if use.pou else '?'}"
            for program in ordered
            for use in (programs[program],)
        )
        return self.finding(
            variable.location,
            None,
            related=notes,
            name=name,
            writers=", ".join(p.describe() for p in ordered),
            race=race,
        )

    def global_writes(self, pou: Pou) -> Iterator[tuple[WrittenPath, str, Use]]:
        """The globals a POU's own code writes: (variable, path key), the path as written."""
        uses = self.project.analysis(pou).uses
        by_start = {(use.location.start, use.location.end): use for use in uses}
        for use in uses:
            target = use.target
            if is_global(target) and (use.is_write or use.kind is UseKind.CALL):
                assert isinstance(target, Variable)
                text = written_text(use)
                yield (target, path_key(text)), text, use
            elif use.kind is UseKind.CALL and is_member_call(target):
                instance = called_instance(use, by_start)
                if instance is not None and isinstance(instance.target, Variable):
                    text = written_text(instance)
                    yield (instance.target, path_key(text)), text, instance


def written_text(use: Use) -> str:
    """The written data around a use of a global: ``gstHmi.bStart`` for ``GVL.gstHmi.bStart``.

    The path starts at the global's own name (a GVL qualifier is dropped, so
    qualified and plain writes compare equal) and goes on through members and
    indexes, but not into a bit (a bit write changes the whole word) nor into
    a called method (the call changes the whole instance).
    """
    name = node_at(use.location)
    if name is None:
        return use.name
    unit = use.location.unit
    start = name
    parent = start.parent
    if parent is not None and parent.child_by_field_name("member") == start:
        start = parent  # GVL.gstHmi: walk up from the whole qualified name
    node = start
    while node.parent is not None:
        parent = node.parent
        if parent.child_by_field_name("object") != node:
            break
        if parent.type == "member_access_expression":
            member = parent.child_by_field_name("member")
            if member is None or unit.bit_access(member) is not None or is_call_target(parent):
                break
        elif parent.type != "index_expression":
            break
        node = parent
    if node is start:
        return use.name
    suffix = unit.original_text(node)[len(unit.original_text(start)) :]
    return use.name + "".join(suffix.split())


def is_member_call(target: object) -> bool:
    return isinstance(target, Pou) and target.kind in (PouKind.METHOD, PouKind.ACTION)


def is_call_target(node: Node) -> bool:
    parent = node.parent
    return (
        parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == node
    )


def called_instance(use: Use, by_start: dict[tuple[int, int], Use]) -> Use | None:
    """For ``gfbAxis.Enable()``: the use of ``gfbAxis`` when it is a global instance."""
    member = node_at(use.location)
    access = member.parent if member is not None else None
    if access is None or access.type != "member_access_expression":
        return None
    base = access.child_by_field_name("object")
    while base is not None and base.type in ("index_expression", "member_access_expression"):
        base = base.child_by_field_name("object")
    if base is None or base.type != "identifier":
        return None
    found = by_start.get((base.start_byte, base.end_byte))
    return found if found is not None and is_global(found.target) else None


def path_key(text: str) -> str:
    return text.lower()


def covers(outer: str, inner: str) -> bool:
    """Whether writing ``outer`` writes ``inner`` too (the same data or a part of it)."""
    return inner == outer or (inner.startswith(outer) and inner[len(outer)] in ".[")
