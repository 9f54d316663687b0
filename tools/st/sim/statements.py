"""A POU's statements compiled into one Python function per body.

IEC 61131-3 §7.3.3: assignment (with the CODESYS latches ``S=``/``R=`` and
the bit access lowering recorded), IF/ELSIF/ELSE, CASE (values, ranges,
enumeration members, ELSE; the first matching clause wins), FOR (start, end
and step evaluated once on entry; the counter incremented through its type,
so ``FOR i := 0 TO 32767`` on an INT wraps and never ends, as on the PLC),
WHILE, REPEAT (CONTINUE still tests UNTIL), EXIT, CONTINUE, RETURN, and calls
as statements. ``JMP`` (blanked by lowering: the grammar has no labels) is
not supported.

The body is Python source generated from the compiled expressions: slots are
``f[k]``, every other value (constants, closures for calls, store functions,
fault raisers) is bound by name, so nothing from the ST text becomes Python
code. The function is compiled once with ``compile``; running it walks no
tree and looks no name up. The watchdog is charged when the body starts
(its straight-line statements, each runs at most once) and on every loop
iteration (the loop body's), so an endless loop stops at the loop's line.

A fault is positioned by the Python line it passed through: each generated
line maps to the ST statement (or ELSIF/CASE clause) it came from; faults
that know a more precise place (a division, an index, a dereference) keep
it. With coverage on, counters for statements and branch outcomes are
generated in; with it off they do not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind, Variable
from werk.tools.st.sim.calls import CallCompiler
from werk.tools.st.sim.constants import NotConstantError
from werk.tools.st.sim.context import CompileError
from werk.tools.st.sim.convert import converter, is_integer
from werk.tools.st.sim.expressions import Expr, fault_from
from werk.tools.st.sim.faults import FaultKind, SimulationFault
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.positions import Span
from werk.tools.st.sim.values import (
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    ReferenceLayout,
    SubrangeLayout,
)

Statement = Callable[[Any], Any]
SKIPPED = frozenset({"comment", "pragma"})
INDENT = "    "
# Many single CASE values in one clause are tested as a set.
SET_THRESHOLD = 4


def escalate(exc: Exception, span: Span | None) -> SimulationFault:
    """Any exception from running ST, as a positioned ``SimulationFault``."""
    if isinstance(exc, SimulationFault):
        if span is not None:
            exc.locate(span)
        return exc
    if isinstance(exc, IecFault):
        assert span is not None
        return fault_from(exc, span)
    if isinstance(exc, RecursionError):
        return SimulationFault(
            FaultKind.STACK_OVERFLOW, "calls nested too deeply (unbounded recursion?)", span
        )
    return SimulationFault(
        FaultKind.INTERNAL, f"{type(exc).__name__}: {exc} (please report this)", span
    )


@dataclass
class Line:
    indent: int
    text: str
    span: Span | None


@dataclass
class Fragment:
    """Generated lines (indented relative to the fragment) and the watchdog weight.

    ``weight`` counts the statements outside loops; a loop counts as one and
    charges its body's weight per iteration.
    """

    lines: list[Line] = field(default_factory=list)
    weight: int = 0

    def emit(self, text: str, span: Span | None, indent: int = 0) -> None:
        self.lines.append(Line(indent, text, span))

    def nest(self, other: Fragment, span: Span | None, indent: int = 1) -> None:
        """Append ``other`` one level deeper (``pass`` if it is empty)."""
        if not other.lines:
            self.emit("pass", span, indent)
            return
        for line in other.lines:
            self.lines.append(Line(line.indent + indent, line.text, line.span))


@dataclass
class LoopContext:
    """What CONTINUE must do before ``continue`` in the innermost loop."""

    before_continue: list[tuple[int, str]]


class BodyCompiler(CallCompiler):
    """Compiles the statements of one POU into its body function."""

    loops: list[LoopContext]
    source: str  # the generated Python, kept for debugging
    line_spans: list[Span | None]

    def body(self, nodes: list[Node]) -> Statement:
        """The POU body as one function of the frame."""
        self.loops = []
        owner = Span(self.unit, self.pou.span.start, self.pou.span.end)
        code = self.block(nodes)
        preamble = Fragment()
        self.charge(preamble, code.weight, owner)
        preamble.nest(code, owner, indent=0)
        self.source = self.render(preamble)
        return self.build(self.source)

    # --- assembling the function -----------------------------------------------------------

    def charge(self, fragment: Fragment, weight: int, span: Span, indent: int = 0) -> None:
        """Count ``weight`` statements against the watchdog; check it when it runs low."""
        if weight <= 0:
            return
        machine = self.bind(self.machine, "_m")
        where = self.bind(span, "_span")
        fragment.emit(f"{machine}.left -= {weight}", span, indent)
        fragment.emit(f"if {machine}.left < {machine}.check_at:", span, indent)
        fragment.emit(f"{machine}.check({where})", span, indent + 1)

    def render(self, fragment: Fragment) -> str:
        spans: list[Span | None] = [None, None, None, None]  # def, def, try: line numbers 1..3
        lines = [
            f"def _make({', '.join(self.namespace)}):",
            "    def _body(f):",
            "        try:",
        ]
        current: Span | None = None
        for line in fragment.lines or [Line(0, "pass", None)]:
            lines.append(INDENT * (3 + line.indent) + line.text)
            current = line.span or current
            spans.append(current)
        self.line_spans = spans
        lines += [
            "        except Exception as _exc:",
            "            _fault = _locate(_exc)",
            "            if _fault is _exc:",
            "                raise",
            "            raise _fault from _exc",
            "    return _body",
        ]
        return "\n".join(lines) + "\n"

    def build(self, source: str) -> Statement:
        spans = self.line_spans
        owner = Span(self.unit, self.pou.span.start, self.pou.span.end)

        def locate(exc: Exception) -> SimulationFault:
            traceback = exc.__traceback__
            line = traceback.tb_lineno if traceback is not None else 0
            span = spans[line] if 0 <= line < len(spans) else None
            return escalate(exc, span or owner)

        try:
            code = compile(source, f"<werk sim: {self.pou.qualified_name}>", "exec")
        except (SyntaxError, RecursionError, MemoryError) as exc:  # nested beyond Python's limits
            return self.unsupported(
                f"{self.pou.qualified_name}: code nested too deeply to compile ({exc})", None
            )
        scope: dict[str, Any] = {"_locate": locate}
        exec(code, scope)
        body: Statement = scope["_make"](**self.namespace)
        return body

    # --- statement lists -------------------------------------------------------------------

    def block(self, nodes: list[Node]) -> Fragment:
        fragment = Fragment()
        for node in nodes:
            if node.type in SKIPPED:
                continue
            part = self.statement(node)
            if not part.lines:
                continue
            if self.coverage is not None:
                index = self.coverage.add_statement(
                    self.pou.qualified_name, self.span(node), node.type
                )
                hits = self.bind(self.coverage.statement_hits, "_hits")
                fragment.emit(f"{hits}[{index}] += 1", self.span(node))
            fragment.nest(part, self.span(node), indent=0)
            fragment.weight += part.weight
        return fragment

    def statement(self, node: Node) -> Fragment:
        """One statement; a construct not supported becomes a faulting line."""
        try:
            return self.statement_or_error(node)
        except CompileError as exc:
            return self.call_line(self.unsupported(exc.what, exc.node or node), node)
        except (IecFault, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            # A gap in the compiler, not in the engineer's code: reported like any
            # construct it cannot run, with what went wrong, never run with a guess.
            what = f"{self.text(node)[:60]!r} (compiler error: {type(exc).__name__}: {exc})"
            return self.call_line(self.unsupported(what, node), node)

    def call_line(self, run: Statement, node: Node) -> Fragment:
        fragment = Fragment(weight=1)
        fragment.emit(f"{self.bind(run, '_run')}(f)", self.span(node))
        return fragment

    def statement_or_error(self, node: Node) -> Fragment:
        kind = node.type
        if kind == "ERROR" or node.has_error:
            raise CompileError(f"syntax error in {self.text(node)[:40]!r}", node)
        if kind == "assignment_statement":
            return self.assignment(node)
        if kind == "invocation_statement":
            return self.invocation(node)
        if kind == "if_statement":
            return self.if_statement(node)
        if kind == "case_statement":
            return self.case_statement(node)
        if kind == "for_statement":
            return self.for_statement(node)
        if kind == "while_statement":
            return self.while_statement(node)
        if kind == "repeat_statement":
            return self.repeat_statement(node)
        if kind == "reference_assignment_statement":
            return self.call_line(self.reference_assignment(node), node)
        if kind == "return_statement":
            return self.single("return", node)
        if kind in ("exit_statement", "continue_statement"):
            return self.loop_exit(node)
        if kind == "empty_statement":
            if self.is_jump(node):
                raise CompileError("JMP (jumps to labels)", node)
            return Fragment()
        raise CompileError(f"statement {kind}", node)

    def single(self, text: str, node: Node) -> Fragment:
        fragment = Fragment(weight=1)
        fragment.emit(text, self.span(node))
        return fragment

    def loop_exit(self, node: Node) -> Fragment:
        word = "EXIT" if node.type == "exit_statement" else "CONTINUE"
        if not self.loops:
            raise CompileError(f"{word} outside a loop", node)
        if word == "EXIT":
            return self.single("break", node)
        fragment = Fragment(weight=1)
        for indent, text in self.loops[-1].before_continue:
            fragment.emit(text, self.span(node), indent)
        fragment.emit("continue", self.span(node))
        return fragment

    def is_jump(self, node: Node) -> bool:
        """Lowering blanked ``JMP label`` and kept its ``;``: this empty statement."""
        text = self.unit.lowered.text
        for rewrite in self.unit.lowered.rewrites_in(max(node.start_byte - 256, 0), node.end_byte):
            if (
                rewrite.kind is RewriteKind.JUMP
                and rewrite.lowered_end <= node.start_byte
                and not text[rewrite.lowered_end : node.start_byte].strip()
            ):
                return True
        return False

    def invocation(self, node: Node) -> Fragment:
        calls = [c for c in node.named_children if c.type not in SKIPPED]
        if len(calls) != 1 or calls[0].type != "call_expression":
            raise CompileError(f"statement {self.text(node)!r}", node)
        call = self.call_expression(calls[0])
        if call.lines is None:
            return self.single(self.source_of(call), node)
        fragment = Fragment(weight=1)
        for line in call.lines:
            fragment.emit(line, self.span(node))
        return fragment

    # --- assignment ------------------------------------------------------------------------

    def assignment(self, node: Node) -> Fragment:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            raise CompileError(f"assignment {self.text(node)!r}", node)
        span = self.span(node)
        latch = self.unit.rewrite_in_operator(
            node, RewriteKind.SET_ASSIGN, RewriteKind.RESET_ASSIGN
        )
        value = self.expression(right)
        property_write = self.property_assignment(left, value)
        if property_write is not None:
            if latch is not None:
                raise CompileError("S=/R= on a property", node)
            return self.call_line(property_write, node)
        place = self.place(left)
        if place.set is None and place.target is None:
            raise CompileError(f"{place.name!r} cannot be assigned", left)
        fragment = Fragment(weight=1)
        layout = place.layout
        if latch is not None:
            # x S= c sets x when c is TRUE, x R= c resets it; otherwise x keeps its value.
            if layout.spec is None or layout.spec.kind != "bool":
                raise CompileError("S=/R= on a non-BOOL", node)
            if value.spec is None or value.spec.kind != "bool":
                raise CompileError("S=/R= with a non-BOOL condition", node)
            result = "True" if latch.kind is RewriteKind.SET_ASSIGN else "False"
            fragment.emit(f"if {self.source_of(value)}:", span)
            fragment.emit(self.assign_line(place, result), span, 1)
            return fragment
        if isinstance(layout, FbLayout):
            raise CompileError(f"assignment of a whole FB instance ({layout.name})", node)
        if layout.aggregate:
            if value.layout is None or value.layout.value_class != layout.value_class:
                raise CompileError(
                    f"{value.layout.name if value.layout else 'a value'} assigned to {layout.name}",
                    node,
                )
            assign_into = self.bind(layout.assign_into, "_into")
            fragment.emit(f"{assign_into}({self.source_of(place)}, {self.source_of(value)})", span)
            return fragment
        stored = self.coerced(value, layout, right)
        fragment.emit(self.assign_line(place, self.source_of(stored)), span)
        return fragment

    def property_assignment(self, left: Node, value: Expr) -> Statement | None:
        """``Prop := v`` or ``fb.Prop := v``: a call of the property's SET."""
        if left.type == "identifier":
            target = self.target(left)
            if (
                isinstance(target, Pou)
                and target.kind is PouKind.PROPERTY
                and target is not self.pou
            ):
                this, cls = self.this_getter(left)
                return self.property_set(left, this, cls, target.name, value)
            return None
        if left.type != "member_access_expression":
            return None
        obj = left.child_by_field_name("object")
        member = left.child_by_field_name("member")
        if obj is None or member is None or self.partial_access(member) is not None:
            return None
        target = self.target(member)
        if isinstance(target, Variable):
            return None
        if obj.type == "identifier":
            owner = self.target(obj)
            if not isinstance(owner, Variable):
                return None
        base = self.object_place(obj)
        name = self.unit.identifier_name(member)
        if isinstance(base.layout, FbLayout) and name.lower() in base.layout.compiled.properties:
            return self.property_set(left, base.get, base.layout.compiled, name, value)
        return None

    def reference_assignment(self, node: Node) -> Statement:
        """``r REF= x``: bind a REFERENCE TO (or a REF_TO) to ``x``."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            raise CompileError(f"REF= {self.text(node)!r}", node)
        place = self.place(left)
        pointer = isinstance(place.layout, ReferenceLayout) and place.layout.kind == "ref_to"
        rebind = place.rebind or (place.set if pointer else None)
        if rebind is None:
            raise CompileError(f"REF= to {place.name!r}, which is not a reference", node)
        if right.type == "integer_literal" and self.text(right) == "0":
            clear = rebind

            def unbind(f: Any) -> None:
                clear(f, None)

            return unbind
        source = self.place(right)
        ref = source.ref
        if ref is None:
            raise CompileError(f"a reference to {source.name!r}", node)
        bind_to = rebind

        def bind(f: Any) -> None:
            bind_to(f, ref(f))

        return bind

    # --- IF --------------------------------------------------------------------------------

    def condition(self, node: Node) -> Expr:
        value = self.expression(node)
        if value.spec is None or value.spec.kind != "bool":
            raise CompileError(f"condition {self.text(node)!r} is not BOOL", node)
        return value

    def if_statement(self, node: Node) -> Fragment:
        condition_node = node.child_by_field_name("condition")
        if condition_node is None:
            raise CompileError("IF without a condition", node)
        branches: list[tuple[Expr, Fragment, Node, Span]] = []
        first_body: list[Node] = []
        else_body: list[Node] | None = None
        elsifs: list[Node] = []
        for child in node.named_children:
            if child == condition_node:
                continue
            if child.type == "elsif_clause":
                elsifs.append(child)
            elif child.type == "else_clause":
                else_body = list(child.named_children)
            else:
                first_body.append(child)
        branches.append(
            (
                self.condition(condition_node),
                self.block(first_body),
                condition_node,
                self.span(node),
            )
        )
        for clause in elsifs:
            clause_condition = clause.child_by_field_name("condition")
            if clause_condition is None:
                raise CompileError("ELSIF without a condition", clause)
            clause_body = [c for c in clause.named_children if c != clause_condition]
            branches.append(
                (
                    self.condition(clause_condition),
                    self.block(clause_body),
                    clause_condition,
                    self.span(clause),
                )
            )
        otherwise = self.block(else_body) if else_body is not None else None
        fragment = Fragment(weight=1 + sum(body.weight for _, body, _, _ in branches))
        if otherwise is not None:
            fragment.weight += otherwise.weight
        if self.coverage is not None:
            self.covered_if(fragment, branches, otherwise)
            return fragment
        for index, (test, branch, _, span) in enumerate(branches):
            keyword = "if" if index == 0 else "elif"
            fragment.emit(f"{keyword} {self.source_of(test)}:", span)
            fragment.nest(branch, span)
        if otherwise is not None and otherwise.lines:
            fragment.emit("else:", self.span(node))
            fragment.nest(otherwise, self.span(node))
        return fragment

    def covered_if(
        self,
        fragment: Fragment,
        branches: list[tuple[Expr, Fragment, Node, Span]],
        otherwise: Fragment | None,
    ) -> None:
        """IF/ELSIF with each evaluated condition's outcome counted (``count`` returns it)."""
        assert self.coverage is not None
        hits = self.coverage.branch_hits
        pou = self.pou.qualified_name

        def count(value: Any, true_id: int, false_id: int) -> Any:
            hits[true_id if value else false_id] += 1
            return value

        counter = self.bind(count, "_count")
        for index, (test, body, condition_node, span) in enumerate(branches):
            kind = "IF" if index == 0 else "ELSIF"
            true_id = self.coverage.add_branch(pou, self.span(condition_node), kind, "TRUE")
            false_id = self.coverage.add_branch(pou, self.span(condition_node), kind, "FALSE")
            keyword = "if" if index == 0 else "elif"
            fragment.emit(
                f"{keyword} {counter}({self.source_of(test)}, {true_id}, {false_id}):", span
            )
            fragment.nest(body, span)
        if otherwise is not None and otherwise.lines:
            fragment.emit("else:", None)
            fragment.nest(otherwise, None)

    # --- CASE ------------------------------------------------------------------------------

    def case_statement(self, node: Node) -> Fragment:
        children = [c for c in node.named_children if c.type not in SKIPPED]
        if not children:
            raise CompileError("CASE without a selector", node)
        selector_node = node.child_by_field_name("subject") or children[0]
        selector = self.expression(selector_node)
        selector_spec = selector.spec
        if selector_spec is None or not (
            is_integer(selector_spec) or isinstance(selector.layout, EnumLayout)
        ):
            raise CompileError(f"CASE on {self.text(selector_node)!r} (not an integer)", node)
        arms: list[tuple[str, Fragment, Node]] = []
        otherwise: Fragment | None = None
        value = self.temp()
        for child in children:
            if child == selector_node:
                continue
            if child.type == "case_clause":
                singles: list[int] = []
                ranges: list[tuple[int, int]] = []
                body: list[Node] = []
                for part in child.named_children:
                    if part.type == "case_value":
                        for label in part.named_children:
                            if label.type in SKIPPED:
                                continue
                            lower, upper = self.case_label(label, selector_spec)
                            if lower == upper:
                                singles.append(lower)
                            else:
                                ranges.append((lower, upper))
                    elif part.type not in SKIPPED:
                        body.append(part)
                arms.append((self.label_test(value, singles, ranges), self.block(body), child))
            elif child.type == "else_clause":
                otherwise = self.block(list(child.named_children))
        span = self.span(node)
        fragment = Fragment(weight=1 + sum(arm.weight for _, arm, _ in arms))
        if otherwise is not None:
            fragment.weight += otherwise.weight
        fragment.emit(f"{value} = {self.source_of(selector)}", span)
        covering = self.coverage is not None
        hits = self.bind(self.coverage.branch_hits, "_branches") if self.coverage else ""
        for index, (test, arm, clause) in enumerate(arms):
            fragment.emit(f"{'if' if index == 0 else 'elif'} {test}:", self.span(clause))
            if self.coverage is not None:
                labels = ", ".join(
                    self.text(part) for part in clause.named_children if part.type == "case_value"
                )
                arm_id = self.coverage.add_branch(
                    self.pou.qualified_name, self.span(clause), "CASE", labels
                )
                fragment.emit(f"{hits}[{arm_id}] += 1", self.span(clause), 1)
            fragment.nest(arm, self.span(clause))
        if covering or (otherwise is not None and otherwise.lines):
            indent = 1 if arms else 0
            if arms:
                fragment.emit("else:", span)
            if self.coverage is not None:
                else_id = self.coverage.add_branch(self.pou.qualified_name, span, "CASE", "ELSE")
                fragment.emit(f"{hits}[{else_id}] += 1", span, indent)
            if otherwise is not None:
                fragment.nest(otherwise, span, indent)
        return fragment

    def label_test(self, value: str, singles: list[int], ranges: list[tuple[int, int]]) -> str:
        tests = []
        if len(singles) >= SET_THRESHOLD:
            tests.append(f"{value} in {self.bind(frozenset(singles), '_labels')}")
        else:
            tests.extend(f"{value} == {self.literal_source(single)}" for single in singles)
        tests.extend(
            f"{self.literal_source(lower)} <= {value} <= {self.literal_source(upper)}"
            for lower, upper in ranges
        )
        return " or ".join(tests) or "False"

    def case_label(self, node: Node, selector_spec: Any) -> tuple[int, int]:
        if node.type == "subrange":
            lower_node = node.child_by_field_name("lower")
            upper_node = node.child_by_field_name("upper")
            if lower_node is None or upper_node is None:
                raise CompileError(f"CASE label {self.text(node)!r}", node)
            lower = self.label_value(lower_node, selector_spec)
            return lower, self.label_value(upper_node, selector_spec)
        value = self.label_value(node, selector_spec)
        return value, value

    def label_value(self, node: Node, selector_spec: Any) -> int:
        symbol_node = (
            node.child_by_field_name("member") if node.type == "member_access_expression" else node
        )
        target = self.target(symbol_node) if symbol_node is not None else None
        if isinstance(target, EnumMember) and target.owner is not None:
            value: Any = self.constants.enum_values(target.owner)[target.key]
            value_spec = self.constants.enum_base(target.owner)
        else:
            try:
                value, value_spec = self.constants.evaluate(node, self.unit, self.scope.lookup)
            except NotConstantError as exc:
                raise CompileError(f"CASE label {exc.what}", node) from exc
        if isinstance(value, bool) or not isinstance(value, int):
            raise CompileError(f"CASE label {self.text(node)!r} is not an integer", node)
        try:
            stored = converter(value_spec, selector_spec)(value)
        except IecFault as exc:
            raise CompileError(f"CASE label {self.text(node)!r} ({exc})", node) from exc
        return int(stored)

    # --- loops -----------------------------------------------------------------------------

    @contextmanager
    def loop(self, before_continue: list[tuple[int, str]]) -> Iterator[None]:
        self.loops.append(LoopContext(before_continue))
        try:
            yield
        finally:
            self.loops.pop()

    def loop_statement(
        self,
        node: Node,
        header: list[str],
        loop_line: str,
        body: Fragment,
        after_body: list[tuple[int, str]],
        kind: str,
        repeat: bool = False,
    ) -> Fragment:
        """``header`` lines, then ``loop_line`` (``while ...:``) charging per iteration."""
        span = self.span(node)
        fragment = Fragment(weight=1)
        for text in header:
            fragment.emit(text, span)
        indent = 0
        passes = ""
        if self.coverage is not None:
            passes = self.temp()
            fragment.emit(f"{passes} = 0", span)
            fragment.emit("try:", span)
            indent = 1
        fragment.emit(loop_line, span, indent)
        self.charge(fragment, 1 + body.weight, span, indent + 1)
        if passes:
            fragment.emit(f"{passes} += 1", span, indent + 1)
        fragment.nest(body, span, indent + 1)
        for extra, text in after_body:
            fragment.emit(text, span, indent + 1 + extra)
        if self.coverage is not None:
            hits = self.bind(self.coverage.branch_hits, "_branches")
            pou = self.pou.qualified_name
            outcomes = ("repeated", "not repeated") if repeat else ("entered", "not entered")
            yes = self.coverage.add_branch(pou, span, kind, outcomes[0])
            no = self.coverage.add_branch(pou, span, kind, outcomes[1])
            threshold = 1 if repeat else 0
            fragment.emit("finally:", span)
            fragment.emit(f"{hits}[{yes} if {passes} > {threshold} else {no}] += 1", span, 1)
        return fragment

    def for_statement(self, node: Node) -> Fragment:
        control_node = node.child_by_field_name("control")
        start_node = node.child_by_field_name("start")
        end_node = node.child_by_field_name("end")
        step_node = node.child_by_field_name("step")
        if control_node is None or start_node is None or end_node is None:
            raise CompileError("FOR without a counter, start or end", node)
        control = self.place(control_node)
        layout = control.layout
        if (
            not isinstance(layout, ElementaryLayout | SubrangeLayout)
            or layout.spec is None
            or not is_integer(layout.spec)
            or (control.set is None and control.target is None)
        ):
            raise CompileError(f"FOR counter {control.name!r} is not an integer variable", node)
        start = self.coerced(self.expression(start_node), layout, start_node)
        end = self.coerced(self.expression(end_node), layout, end_node)
        step = (
            self.coerced(self.expression(step_node), layout, step_node)
            if step_node is not None
            else None
        )
        counter = self.source_of(control)
        last = self.temp()
        increment = self.temp()
        header = [
            self.assign_line(control, self.source_of(start)),
            f"{last} = {self.source_of(end)}",
        ]
        if step is None or step.is_const:
            step_value = 1 if step is None else step.const
            header.append(f"{increment} = {self.literal_source(step_value)}")
            comparison = "<=" if step_value >= 0 else ">="
            loop_line = f"while {counter} {comparison} {last}:"
        else:
            header.append(f"{increment} = {self.source_of(step)}")
            loop_line = f"while ({counter} <= {last} if {increment} >= 0 else {counter} >= {last}):"
        if isinstance(layout, SubrangeLayout):
            low, high = layout.lower, layout.upper
        else:
            assert layout.spec is not None
            low, high = layout.spec.minimum, layout.spec.maximum
        following = self.temp()
        store = self.bind(layout.store, "_store")
        step_lines = [
            (0, f"{following} = {counter} + {increment}"),
            (
                0,
                self.assign_line(
                    control,
                    f"({following} if {low} <= {following} <= {high} else {store}({following}))",
                ),
            ),
        ]
        with self.loop(step_lines):
            body = self.block(node.children_by_field_name("body"))
        return self.loop_statement(node, header, loop_line, body, step_lines, "FOR")

    def while_statement(self, node: Node) -> Fragment:
        condition_node = node.child_by_field_name("condition")
        if condition_node is None:
            raise CompileError("WHILE without a condition", node)
        test = self.condition(condition_node)
        body_nodes = node.children_by_field_name("body") or [
            c for c in node.named_children if c != condition_node
        ]
        with self.loop([]):
            body = self.block(body_nodes)
        return self.loop_statement(node, [], f"while {self.source_of(test)}:", body, [], "WHILE")

    def repeat_statement(self, node: Node) -> Fragment:
        condition_node = node.child_by_field_name("condition")
        if condition_node is None:
            raise CompileError("REPEAT without UNTIL", node)
        until = self.source_of(self.condition(condition_node))
        body_nodes = node.children_by_field_name("body") or [
            c for c in node.named_children if c != condition_node
        ]
        test = [(0, f"if {until}:"), (1, "break")]
        with self.loop(test):
            body = self.block(body_nodes)
        return self.loop_statement(node, [], "while True:", body, test, "REPEAT", repeat=True)
