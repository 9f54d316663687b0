"""WERK301: a WHILE or REPEAT loop that nothing in its body can end."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis, callee_parameters
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import GlobalList, Location, Pou, PouKind, Section, Variable
from werk.tools.st.model.types import PointerType, ReferenceType
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._control_flow import (
    compound_statements,
    exits_loop,
    loop_body_span,
    user_text,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import descendants, of_type

# Sections whose variables a call may write behind the loop's back.
SHARED_SECTIONS = frozenset({Section.VAR_GLOBAL, Section.VAR_EXTERNAL, Section.VAR_IN_OUT})
INSTANCE_OWNERS = frozenset({PouKind.FUNCTION_BLOCK, PouKind.PROGRAM})
MEMBER_CALLS = frozenset({PouKind.METHOD, PouKind.ACTION, PouKind.PROPERTY})


class LoopWithoutExit(Rule):
    """## What it does
    Finds WHILE and REPEAT loops that cannot end once entered: the body has
    no reachable EXIT, RETURN or jump out of the loop, and nothing in the body
    can change the condition. The condition can change when the body writes
    one of its variables (also as an output, a VAR_IN_OUT or a FOR counter),
    takes its address, passes it to a REFERENCE TO or POINTER TO input,
    writes through a pointer or reference, calls the FB instance it reads (or
    a method of it), or calls something that could write it: any function, FB
    or method for a global, VAR_IN_OUT, pointer, reference, `%Q`/`%M`-mapped
    or address-taken variable; a method or action of the same instance for
    the POU's own variables. A call that does not resolve may write anything.
    A condition that calls a function other than a standard one (or reads a
    property, or a name that does not resolve) is trusted to change.

    Not reported: `WHILE FALSE` and `REPEAT ... UNTIL TRUE` (they run zero
    times or once, the latter a known idiom for a block that can be left with
    EXIT).

    ## Why is this bad?
    A PLC runs its programs once per scan cycle and only updates inputs
    between cycles: a loop that waits for a sensor, a timer or another task
    never sees it change. The cycle overruns, the watchdog stops the
    controller and every output drops: conveyors halt mid-transfer, and a
    process may need a manual restart.

    ## Example
    ```st
    WHILE NOT bDoorClosed DO (* waits for an input that is read once per cycle *)
        bLamp := TRUE;
    END_WHILE
    ```

    ## Use instead
    ```st
    IF NOT bDoorClosed THEN
        bLamp := TRUE; (* and check again in the next cycle *)
    ELSE
        eStep := E_Step.Close;
    END_IF
    ```
    Keep waiting across cycles with a state machine; keep loops bounded to
    work that is finished within one cycle.

    ## Fix safety
    No fix.

    ## References
    No PLCopen guideline; closest: CODESYS static analysis SA0041 (loop-invariant code).
    """

    code = "WERK301"
    name = "loop-without-exit"
    message = "{loop} loop may never end: {reason}"
    severity = Severity.ERROR
    category = Category.CONTROL_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        loops = list(compound_statements(pou, "while_statement", "repeat_statement"))
        if not loops:
            return
        unit = pou.location.unit
        uses = _PouUses(analysis)
        for loop in loops:
            condition = loop.child_by_field_name("condition")
            if condition is None:
                continue
            is_while = loop.type == "while_statement"
            constant = _literal(condition)
            if constant is not None and constant is not is_while:
                continue  # WHILE FALSE never runs, REPEAT ... UNTIL TRUE runs once
            if exits_loop(unit, loop) is not None:
                continue
            if constant is None:
                if _Condition(self.project, pou, uses, loop, condition).may_change():
                    continue
                reason = (
                    f"nothing in its body changes `{user_text(unit, condition)}`"
                    " and it has no EXIT, RETURN or jump out"
                )
            else:
                reason = "its condition is constant and it has no EXIT, RETURN or jump out"
            if is_while:
                do = next((c for c in loop.children if c.type == "DO"), condition)
                location = Location(unit, loop.start_byte, do.end_byte)
            else:
                until = next((c for c in loop.children if c.type == "UNTIL"), condition)
                location = Location(unit, until.start_byte, condition.end_byte)
            yield self.finding(location, pou, loop="WHILE" if is_while else "REPEAT", reason=reason)


def _literal(node: Node) -> bool | None:
    """TRUE or FALSE when the condition is that literal (in parentheses or not)."""
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    if node.type == "boolean_literal":
        return (node.text or b"").strip().upper() == b"TRUE"
    return None


class _PouUses:
    """A POU's uses, indexed once for all its loops."""

    def __init__(self, analysis: PouAnalysis) -> None:
        self.at = {use.location.start: use for use in analysis.uses}
        self.address_taken = {
            id(use.target) for use in analysis.uses if use.kind is UseKind.ADDRESS and use.target
        }
        self.ordered = sorted(analysis.uses, key=lambda use: use.location.start)
        self.starts = [use.location.start for use in self.ordered]

    def within(self, start: int, end: int) -> list[Use]:
        return self.ordered[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


class _Condition:
    """What a loop's condition reads, and whether its body could change any of it."""

    def __init__(
        self, project: Project, pou: Pou, uses: _PouUses, loop: Node, condition: Node
    ) -> None:
        self.project = project
        self.unit = pou.location.unit
        self.uses_at = uses.at
        self.address_taken = uses.address_taken
        self.condition = condition
        self.reads = uses.within(condition.start_byte, condition.end_byte)
        self.body = uses.within(*loop_body_span(loop))
        self.loop = loop

    def may_change(self) -> bool:
        variables: dict[int, Variable] = {}
        addresses: set[str] = set()
        for use in self.reads:
            if self._opaque(use):
                return True
            if isinstance(use.target, Variable):
                variables[id(use.target)] = use.target
            elif use.address:
                addresses.add(use.address.upper())
        shared = any(self._shared(v) for v in variables.values()) or any(
            not a.startswith("%I") for a in addresses
        )
        indirect = any(self._indirect(v) for v in variables.values()) or any(
            node.type == "dereference_expression" for node in descendants([self.condition])
        )
        own = any(self._instance_variable(v) for v in variables.values())
        for use in self.body:
            if not (use.is_write or use.kind is UseKind.ADDRESS):
                continue
            if indirect or (use.target is None and not use.address):
                return True
            if isinstance(use.target, Variable) and (
                id(use.target) in variables or self._indirect(use.target)
            ):
                return True
            if use.address and use.address.upper() in addresses:
                return True
        if self._writes_through_pointer():
            return True
        for callee, instance, passed in self._calls():
            if callee is None or indirect or shared or passed & variables.keys():
                return True
            if instance == "self" and own:
                return True
            if isinstance(instance, Variable) and id(instance) in variables:
                return True
            if isinstance(callee, Pou) and any(v.owner is callee for v in variables.values()):
                return True
        return False

    # --- what the condition reads --------------------------------------------------------

    def _opaque(self, use: Use) -> bool:
        """A read whose value the body's writes do not explain: a call, property or unknown."""
        target = use.target
        if use.kind is UseKind.CALL:
            return not self._pure(target)
        if target is None:
            return not use.address
        return isinstance(target, Pou) and target.kind is not PouKind.PROGRAM

    def _pure(self, target: object) -> bool:
        return (
            isinstance(target, Pou)
            and target.kind is PouKind.FUNCTION
            and self.project.is_standard(target)
        )

    def _shared(self, variable: Variable) -> bool:
        """Whether a call could write it: global, VAR_IN_OUT, mapped, or address taken."""
        return (
            variable.section in SHARED_SECTIONS
            or isinstance(variable.owner, GlobalList)
            or (variable.address is not None and not variable.address.upper().startswith("%I"))
            or id(variable) in self.address_taken
            or self._indirect(variable)
        )

    def _indirect(self, variable: Variable) -> bool:
        resolved = self.project.resolve_alias(variable.type)
        return isinstance(resolved, PointerType | ReferenceType)

    @staticmethod
    def _instance_variable(variable: Variable) -> bool:
        owner = variable.owner
        return isinstance(owner, Pou) and owner.kind in INSTANCE_OWNERS

    # --- what the body does ----------------------------------------------------------------

    def _writes_through_pointer(self) -> bool:
        for node in of_type(_body_nodes(self.loop), "assignment_statement"):
            left = node.child_by_field_name("left")
            if left is not None and any(
                part.type == "dereference_expression" for part in descendants([left])
            ):
                return True
        return False

    def _calls(self) -> Iterator[tuple[object | None, object | None, set[int]]]:
        """(callee, instance, passed) of each call and property access in the body.

        The callee is None when it does not resolve; the instance is the
        variable the call acts on, "self" for the POU's own instance, or None;
        ``passed`` the ids of the variables in its arguments when the callee
        takes a REFERENCE TO or POINTER TO input (it may write through it).
        """
        for node in of_type(_body_nodes(self.loop), "call_expression"):
            function = node.child_by_field_name("function")
            if function is None:
                continue
            name = function
            if function.type == "member_access_expression":
                name = function.child_by_field_name("member") or function
            use = self.uses_at.get(name.start_byte)
            if use is None or use.kind is not UseKind.CALL:
                yield None, None, set()
                continue
            if self._pure(use.target):
                continue
            yield use.target, self._instance(function, use), self._passed(node, use)
        for use in self.body:
            if isinstance(use.target, Pou) and use.target.kind is PouKind.PROPERTY:
                node = self.unit.tree.root_node.descendant_for_byte_range(
                    use.location.start, use.location.end
                )
                function = node.parent if node is not None else None
                if function is None or function.type != "member_access_expression":
                    function = node
                if function is not None:
                    yield use.target, self._instance(function, use), set()

    def _passed(self, call: Node, use: Use) -> set[int]:
        parameters = callee_parameters(use.target, self.project)
        arguments = call.child_by_field_name("arguments")
        if arguments is None or not any(self._indirect(p) for p in parameters):
            return set()
        start, end = arguments.start_byte, arguments.end_byte
        return {id(u.target) for u in self.body if u.target and start <= u.location.start < end}

    def _instance(self, function: Node, use: Use) -> object | None:
        target = use.target
        if isinstance(target, Variable):
            return target  # an FB instance called: fbTimer(...)
        if not isinstance(target, Pou) or target.kind not in MEMBER_CALLS:
            return None
        if function.type != "member_access_expression":
            return "self"  # Reset(), an action or method of this instance
        root = function.child_by_field_name("object")
        while root is not None and root.type in (
            "member_access_expression",
            "index_expression",
            "dereference_expression",
            "parenthesized_expression",
        ):
            inner = root.child_by_field_name("object") or root.child_by_field_name("pointer")
            if inner is None and root.named_children:
                inner = root.named_children[0]
            root = inner
        if root is None:
            return None
        if root.type in ("this_expression", "super_expression"):
            return "self"
        owner = self.uses_at.get(root.start_byte)
        return owner.target if owner is not None else None


def _body_nodes(loop: Node) -> list[Node]:
    return [
        child
        for child in loop.children_by_field_name("body")
        if child.type not in ("comment", "pragma")
    ]
