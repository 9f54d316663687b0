"""One scan cycle of the entry POU as z3 terms: symbolic execution of the ST statements.

The encoder walks the same syntax trees and the same compiled layouts as the
simulator (``werk.tools.st.sim``: slots, enum values, array bounds, the
model's resolved names and expression types) and computes, for every state
variable, its value after the cycle as a term over the values before it and
the cycle's inputs. It mirrors the simulator's decisions one by one: how an
untyped literal is typed, which type an operation has, how a value is
converted when stored, that a CASE takes the first matching clause, that a
FOR loop evaluates its bounds once and increments its counter through its
type, that an FB input left out of a call keeps its value. Operators and
conversions are ``smt_operators`` (tested against ``iec.operators``).

Control flow is merged: both branches of an IF are executed on copies of
the values and joined with ``If(c, then, else)``; RETURN, EXIT and CONTINUE
set flags that guard the statements after them. Loops are unrolled; when a
loop could run more often than ``loop_limit`` iterations, reaching that is
an *incompleteness marker* -- so are statements outside the encoded subset
(methods, pointers, strings...). A marker is a condition, not an error:
proofs must show markers unreachable, and a counterexample that reaches one
is not trusted (the verdict is "unknown: not supported: ... at file:line").
Runtime faults the simulator raises (division by zero, an array index out of
bounds, a subrange violation, a REAL conversion out of range) are fault
conditions: a reachable fault stops the PLC, which violates every "always"
property.

Standard function blocks are modelled on ``iec.standard_fbs`` with the
hidden state of ``state`` (edge memories, timer phase and age).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import z3
from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind
from werk.tools.st.prove import smt_operators as ops
from werk.tools.st.prove.smt_values import (
    BOOL,
    Sym,
    Unsupported,
    constant,
    equals_value,
    in_range,
    widened,
)
from werk.tools.st.prove.state import AGE_LIMIT, RUNNING
from werk.tools.st.sim.constants import (
    NotConstantError,
)
from werk.tools.st.sim.context import FrameKind
from werk.tools.st.sim.convert import converter, is_integer
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.values import (
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    ReferenceLayout,
    StandardFbLayout,
    SubrangeLayout,
)

if TYPE_CHECKING:
    pass


from werk.tools.st.prove.entry import CYCLE_TIME
from werk.tools.st.prove.smt_calls import CallEncoder
from werk.tools.st.prove.smt_store import (
    FALSE,
    SKIPPED,
    TRUE,
    Effects,
    Frame,
    Place,
    Store,
    Value,
    choose,
    conj,
    disj,
    is_false,
)


class CycleEncoder(CallEncoder):
    """Encodes the entry's cycle; ``step`` maps values before the cycle to values after."""

    # --- the cycle -------------------------------------------------------------------------

    def step(
        self, before: dict[str, Any], inputs: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any], Effects]:
        """The values after one cycle, the values at its beginning, and its effects.

        ``before``: a term per state variable; ``inputs``: a term per input
        signal (the values the environment gives this cycle).
        """
        values = dict(before)
        values.update({key: term for key, term in inputs.items() if key != CYCLE_TIME})
        elapsed_ms = inputs.get(CYCLE_TIME)  # a ranged cycle time: the environment's choice
        for timer in self.space.timers:
            phase_key, age_key = f"{timer.key}.#phase", f"{timer.key}.#age"
            if elapsed_ms is None:
                step = z3.BitVecVal(1_000_000 * self.cycle_ms if timer.long else self.cycle_ms, 64)
            else:
                step = z3.ZeroExt(64 - elapsed_ms.size(), elapsed_ms)
                step = step * 1_000_000 if timer.long else step
            age = values[age_key]
            aged = z3.If(
                z3.UGE(age, z3.BitVecVal(AGE_LIMIT, 64) - step),
                z3.BitVecVal(AGE_LIMIT, 64),
                age + step,
            )
            running = values[phase_key] == z3.BitVecVal(RUNNING, 8)
            values[age_key] = z3.If(running, aged, z3.BitVecVal(0, 64))
        begin = dict(values)
        store = Store(values)
        effects = Effects()
        pou = self.entry.pou
        frame = Frame(self.context(pou, FrameKind.INSTANCE, self.entry.cls), FrameKind.INSTANCE, "")
        frame.cls = self.entry.cls
        self.run_body(frame, pou.body, store, TRUE, effects)
        for timer in self.space.timers:  # the age of a timer that is not running is 0
            phase_key, age_key = f"{timer.key}.#phase", f"{timer.key}.#age"
            running = store.values[phase_key] == z3.BitVecVal(RUNNING, 8)
            store.values[age_key] = z3.If(running, store.values[age_key], z3.BitVecVal(0, 64))
        return store.values, begin, effects

    def block(
        self, frame: Frame, nodes: list[Node], store: Store, guard: Any, effects: Effects
    ) -> None:
        statements = [node for node in nodes if node.type not in SKIPPED]
        for position, node in enumerate(statements):
            live = store.live
            if is_false(live):
                return
            if not z3.is_true(z3.simplify(live)):
                rest = statements[position:]
                branch = store.copy()
                self.block_now(frame, rest, branch, conj(guard, live), effects)
                store.merge(live, branch, store.copy())
                return
            self.statement(frame, node, store, guard, effects)

    def block_now(
        self, frame: Frame, nodes: list[Node], store: Store, guard: Any, effects: Effects
    ) -> None:
        """``nodes`` run while nothing has returned or left the loop yet."""
        store.returned = store.exited = store.continued = FALSE
        self.block(frame, nodes, store, guard, effects)

    def statement(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        """One statement; one outside the encoded subset becomes a marker, its effects dropped."""
        attempt = store.copy()
        local = Effects()
        try:
            self.statement_or_error(frame, node, attempt, guard, local)
        except Unsupported as exc:
            where = exc.where or self.where(frame, node)
            effects.marker(guard, f"not supported: {exc.what} at {where}")
            return
        except NotConstantError as exc:
            effects.marker(guard, f"not supported: {exc.what} at {self.where(frame, node)}")
            return
        store.values = attempt.values
        store.returned, store.exited, store.continued = (
            attempt.returned,
            attempt.exited,
            attempt.continued,
        )
        effects.faults.extend(local.faults)
        effects.markers.extend(local.markers)

    def statement_or_error(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        kind = node.type
        if kind == "ERROR" or node.has_error:
            raise Unsupported("a syntax error")
        if kind == "assignment_statement":
            self.assignment(frame, node, store, guard, effects)
        elif kind == "invocation_statement":
            calls = [c for c in node.named_children if c.type not in SKIPPED]
            if len(calls) != 1 or calls[0].type != "call_expression":
                raise Unsupported(f"statement {frame.ctx.text(node)!r}")
            self.call(frame, calls[0], store, guard, effects)
        elif kind == "if_statement":
            self.if_statement(frame, node, store, guard, effects)
        elif kind == "case_statement":
            self.case_statement(frame, node, store, guard, effects)
        elif kind == "for_statement":
            self.for_statement(frame, node, store, guard, effects)
        elif kind == "while_statement":
            self.while_statement(frame, node, store, guard, effects, repeat=False)
        elif kind == "repeat_statement":
            self.while_statement(frame, node, store, guard, effects, repeat=True)
        elif kind == "return_statement":
            store.returned = TRUE
        elif kind == "exit_statement":
            if frame.loops == 0:
                raise Unsupported("EXIT outside a loop")
            store.exited = TRUE
        elif kind == "continue_statement":
            if frame.loops == 0:
                raise Unsupported("CONTINUE outside a loop")
            store.continued = TRUE
        elif kind == "empty_statement":
            if self._is_jump(frame, node):
                raise Unsupported("JMP (jumps to labels)")
        else:
            raise Unsupported(f"statement {kind}")

    def _is_jump(self, frame: Frame, node: Node) -> bool:
        unit = frame.ctx.unit
        text = unit.lowered.text
        for rewrite in unit.lowered.rewrites_in(max(node.start_byte - 256, 0), node.end_byte):
            if (
                rewrite.kind is RewriteKind.JUMP
                and rewrite.lowered_end <= node.start_byte
                and not text[rewrite.lowered_end : node.start_byte].strip()
            ):
                return True
        return False

    def assignment(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            raise Unsupported(f"assignment {frame.ctx.text(node)!r}")
        latch = frame.ctx.unit.rewrite_in_operator(
            node, RewriteKind.SET_ASSIGN, RewriteKind.RESET_ASSIGN
        )
        value = self.expression(frame, right, store, guard, effects)
        self.reject_property_write(frame, left)
        place = self.place(frame, left, store, guard, effects)
        layout = place.layout
        if latch is not None:
            if layout.spec is None or layout.spec.kind != "bool":
                raise Unsupported("S=/R= on a non-BOOL")
            if value.spec is None or value.spec.kind != "bool" or value.untyped:
                raise Unsupported("S=/R= with a non-BOOL condition")
            condition = self.typed(value, BOOL).term
            current = self.read(place, store)
            result = TRUE if latch.kind is RewriteKind.SET_ASSIGN else FALSE
            self.write(place, Value(choose(condition, result, current.term), BOOL), store)
            return
        if isinstance(layout, FbLayout | StandardFbLayout):
            raise Unsupported(f"assignment of a whole FB instance ({layout.name})")
        if isinstance(layout, ReferenceLayout):
            raise Unsupported(f"assignment to a {layout.name}")
        if layout.aggregate:
            self.assign_aggregate(frame, place, right, store, guard, effects)
            return
        stored = self.coerced(frame, value, layout, right, guard, effects)
        self.write(place, stored, store)

    def reject_property_write(self, frame: Frame, left: Node) -> None:
        target = frame.ctx.target(
            left if left.type == "identifier" else (left.child_by_field_name("member") or left)
        )
        if isinstance(target, Pou) and target.kind is PouKind.PROPERTY:
            raise Unsupported(f"property {target.name} (properties are not encoded)")

    def assign_aggregate(
        self, frame: Frame, place: Place, right: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        source = self.place(frame, right, store, guard, effects)
        target_key, source_key = place.single, source.single
        if target_key is None or source_key is None:
            raise Unsupported("assignment of an array or structure chosen by a variable index")
        if source.layout.value_class != place.layout.value_class:
            raise Unsupported(f"{source.layout.name} assigned to {place.layout.name}")
        suffixes = [key[len(source_key) :] for key in store.values if self._under(key, source_key)]
        for suffix in suffixes:
            store.values[target_key + suffix] = store.values[source_key + suffix]

    @staticmethod
    def _under(key: str, prefix: str) -> bool:
        return key.startswith(prefix) and key[len(prefix) : len(prefix) + 1] in (".", "[")

    def condition(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Any:
        value = self.expression(frame, node, store, guard, effects)
        if value.spec is None or value.spec.kind != "bool":
            raise Unsupported(f"condition {frame.ctx.text(node)!r} is not BOOL")
        return self.typed(value, BOOL).term

    def branches(
        self,
        frame: Frame,
        arms: list[tuple[Callable[[Store, Any], Any], list[Node]]],
        otherwise: list[Node] | None,
        store: Store,
        guard: Any,
        effects: Effects,
    ) -> None:
        """The first arm whose test holds runs, else ``otherwise``: tests are evaluated in
        order, each only when the earlier ones failed (they may have side effects)."""
        if not arms:
            if otherwise is not None:
                self.block(frame, otherwise, store, guard, effects)
            return
        test, body = arms[0]
        condition = z3.simplify(test(store, guard))
        if z3.is_true(condition):
            self.block(frame, body, store, guard, effects)
            return
        rest = store.copy()
        if not z3.is_false(condition):
            then = store.copy()
            self.block(frame, body, then, conj(guard, condition), effects)
        else:
            then = rest
        self.branches(frame, arms[1:], otherwise, rest, conj(guard, z3.Not(condition)), effects)
        store.merge(condition, then, rest)

    def if_statement(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        condition_node = node.child_by_field_name("condition")
        if condition_node is None:
            raise Unsupported("IF without a condition")
        first_body: list[Node] = []
        otherwise: list[Node] | None = None
        elsifs: list[Node] = []
        for child in node.named_children:
            if child == condition_node:
                continue
            if child.type == "elsif_clause":
                elsifs.append(child)
            elif child.type == "else_clause":
                otherwise = list(child.named_children)
            else:
                first_body.append(child)

        def test_of(test_node: Node) -> Callable[[Store, Any], Any]:
            return lambda s, g: self.condition(frame, test_node, s, g, effects)

        arms = [(test_of(condition_node), first_body)]
        for clause in elsifs:
            clause_condition = clause.child_by_field_name("condition")
            if clause_condition is None:
                raise Unsupported("ELSIF without a condition")
            body = [c for c in clause.named_children if c != clause_condition]
            arms.append((test_of(clause_condition), body))
        self.branches(frame, arms, otherwise, store, guard, effects)

    def case_statement(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        children = [c for c in node.named_children if c.type not in SKIPPED]
        if not children:
            raise Unsupported("CASE without a selector")
        selector_node = node.child_by_field_name("subject") or children[0]
        selector = self.expression(frame, selector_node, store, guard, effects)
        if (
            selector.spec is None
            or selector.untyped
            or not (is_integer(selector.spec) or isinstance(selector.layout, EnumLayout))
        ):
            raise Unsupported(f"CASE on {frame.ctx.text(selector_node)!r} (not an integer)")
        sym = selector.sym()
        arms: list[tuple[Callable[[Store, Any], Any], list[Node]]] = []
        otherwise: list[Node] | None = None
        for child in children:
            if child == selector_node:
                continue
            if child.type == "case_clause":
                tests: list[Any] = []
                body: list[Node] = []
                for part in child.named_children:
                    if part.type == "case_value":
                        for label in part.named_children:
                            if label.type in SKIPPED:
                                continue
                            low, high = self.case_label(frame, label, selector.spec)
                            tests.append(
                                equals_value(sym, low) if low == high else in_range(sym, low, high)
                            )
                    elif part.type not in SKIPPED:
                        body.append(part)
                arms.append((_constant_test(disj(*tests)), body))
            elif child.type == "else_clause":
                otherwise = list(child.named_children)
        self.branches(frame, arms, otherwise, store, guard, effects)

    def case_label(self, frame: Frame, node: Node, selector: ElementarySpec) -> tuple[int, int]:
        if node.type == "subrange":
            lower = node.child_by_field_name("lower")
            upper = node.child_by_field_name("upper")
            if lower is None or upper is None:
                raise Unsupported(f"CASE label {frame.ctx.text(node)!r}")
            return self.label_value(frame, lower, selector), self.label_value(
                frame, upper, selector
            )
        value = self.label_value(frame, node, selector)
        return value, value

    def label_value(self, frame: Frame, node: Node, selector: ElementarySpec) -> int:
        ctx = frame.ctx
        symbol_node = (
            node.child_by_field_name("member") if node.type == "member_access_expression" else node
        )
        target = ctx.target(symbol_node) if symbol_node is not None else None
        if isinstance(target, EnumMember) and target.owner is not None:
            value: Any = ctx.constants.enum_values(target.owner)[target.key]
            value_spec = ctx.constants.enum_base(target.owner)
        else:
            value, value_spec = ctx.constants.evaluate(node, ctx.unit, ctx.scope.lookup)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Unsupported(f"CASE label {ctx.text(node)!r} is not an integer")
        try:
            return int(converter(value_spec, selector)(value))
        except IecFault as exc:
            raise Unsupported(f"CASE label {ctx.text(node)!r} ({exc})") from None

    def loop_body(
        self,
        frame: Frame,
        body: list[Node],
        store: Store,
        guard: Any,
        effects: Effects,
        after: Callable[[Store, Any], None] | None = None,
    ) -> None:
        """One iteration: the body (EXIT and CONTINUE set flags), then ``after`` unless EXIT."""
        frame.loops += 1
        try:
            store.continued = FALSE
            self.block(frame, body, store, guard, effects)
        finally:
            frame.loops -= 1
        store.continued = FALSE
        if after is not None:
            going = z3.Not(disj(store.exited, store.returned))
            if not is_false(going):
                branch = store.copy()
                after(branch, conj(guard, going))
                store.merge(going, branch, store.copy())

    def for_statement(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> None:
        control_node = node.child_by_field_name("control")
        start_node = node.child_by_field_name("start")
        end_node = node.child_by_field_name("end")
        step_node = node.child_by_field_name("step")
        if control_node is None or start_node is None or end_node is None:
            raise Unsupported("FOR without a counter, start or end")
        control = self.place(frame, control_node, store, guard, effects)
        layout = control.layout
        if (
            not isinstance(layout, ElementaryLayout | SubrangeLayout)
            or layout.spec is None
            or not is_integer(layout.spec)
            or control.single is None
        ):
            raise Unsupported(f"FOR counter {control.name!r} is not an integer variable")
        spec = layout.spec

        def coerced(value_node: Node) -> Value:
            value = self.expression(frame, value_node, store, guard, effects)
            return self.coerced(frame, value, layout, value_node, guard, effects)

        start = coerced(start_node)
        end = coerced(end_node).sym()
        step = coerced(step_node).sym() if step_node is not None else Sym(constant(spec, 1), spec)
        self.write(control, start, store)
        if isinstance(layout, SubrangeLayout):
            low, high = layout.lower, layout.upper
        else:
            low, high = int(spec.minimum or 0), int(spec.maximum or 0)
        width = spec.bits + 2

        def test(s: Store) -> Any:
            counter = Sym(self.read(control, s).term, spec)
            up = ops.compare("<=", counter, end)
            down = ops.compare(">=", counter, end)
            step_positive = ops.compare(">=", step, Sym(constant(spec, 0), spec))
            return z3.simplify(z3.If(step_positive, up, down))

        def increment(s: Store, g: Any) -> None:
            counter = Sym(self.read(control, s).term, spec)
            following = widened(counter, width) + widened(step, width)
            inside = z3.And(following >= low, following <= high)
            wrapped = z3.Extract(spec.bits - 1, 0, following)
            if isinstance(layout, SubrangeLayout):
                effects.fault(
                    conj(g, z3.Not(inside)), f"subrange fault at {self.where(frame, node)}"
                )
            self.write(control, Value(wrapped, spec), s)

        self.unrolled(
            frame,
            node,
            store,
            guard,
            effects,
            test,
            lambda s, g: self.loop_body(
                frame, node.children_by_field_name("body"), s, g, effects, increment
            ),
        )

    def unrolled(
        self,
        frame: Frame,
        node: Node,
        store: Store,
        guard: Any,
        effects: Effects,
        test: Callable[[Store], Any],
        iteration: Callable[[Store, Any], None],
    ) -> None:
        """Repeat ``iteration`` while ``test`` holds, up to the loop limit (then a marker).

        A run that faulted inside the loop (an index out of bounds) has
        stopped: the loop is unrolled only while some run that has not
        faulted can still go round, which bounds loops like
        ``FOR i := 1 TO top`` over an array by the array's size.
        """
        store.exited = FALSE
        for iteration_number in range(self.loop_limit):
            going = z3.simplify(conj(test(store), z3.Not(store.exited), z3.Not(store.returned)))
            # Ask the solver when something may fault, else now and then (a loop whose end
            # depends on a counter is over when no run can go round any more).
            ask = bool(effects.faults or effects.markers) or _power_of_two(iteration_number)
            if z3.is_false(going) or (ask and not self.feasible(conj(guard, going), effects)):
                store.exited = FALSE
                return
            branch = store.copy()
            iteration(branch, conj(guard, going))
            store.merge(going, branch, store.copy())
        going = z3.simplify(conj(test(store), z3.Not(store.exited), z3.Not(store.returned)))
        if self.feasible(conj(guard, going), effects):
            effects.marker(
                conj(guard, going, z3.Not(self.dead(effects))),
                f"not supported: a loop running more than {self.loop_limit} iterations at "
                f"{self.where(frame, node)}",
            )
        store.exited = FALSE

    @staticmethod
    def dead(effects: Effects) -> Any:
        """Runs that have faulted or left the encoded subset so far in this statement."""
        return disj(*(c for c, _ in effects.faults), *(c for c, _ in effects.markers))

    def feasible(self, condition: Any, effects: Effects) -> bool:
        """Whether some run that has not faulted satisfies ``condition`` (unknown: yes)."""
        solver = z3.Solver()
        solver.set("timeout", 1000)
        solver.add(condition, z3.Not(self.dead(effects)))
        return solver.check() != z3.unsat

    def while_statement(
        self,
        frame: Frame,
        node: Node,
        store: Store,
        guard: Any,
        effects: Effects,
        *,
        repeat: bool,
    ) -> None:
        condition_node = node.child_by_field_name("condition")
        if condition_node is None:
            raise Unsupported("WHILE/REPEAT without a condition")
        body = node.children_by_field_name("body") or [
            c for c in node.named_children if c != condition_node
        ]
        if not repeat:
            self.unrolled(
                frame,
                node,
                store,
                guard,
                effects,
                lambda s: self.condition(frame, condition_node, s, guard, effects),
                lambda s, g: self.loop_body(frame, body, s, g, effects),
            )
            return
        # REPEAT: the body runs first; UNTIL is tested after it (CONTINUE tests it too).
        done_key = f"#repeat{next(self._fresh)}"
        store.values[done_key] = FALSE

        def until(s: Store, g: Any) -> None:
            s.values[done_key] = self.condition(frame, condition_node, s, g, effects)

        self.unrolled(
            frame,
            node,
            store,
            guard,
            effects,
            lambda s: z3.Not(s.values[done_key]),
            lambda s, g: self.loop_body(frame, body, s, g, effects, until),
        )
        store.values.pop(done_key, None)


def _power_of_two(number: int) -> bool:
    return number >= 2 and number & (number - 1) == 0


def _constant_test(condition: Any) -> Callable[[Store, Any], Any]:
    """A branch test that does not depend on the store (a CASE label match)."""

    def test(store: Store, guard: Any) -> Any:
        return condition

    return test
