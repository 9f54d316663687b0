"""Calls in the encoding: FB instances and functions inlined, standard FBs and functions.

A user FB call assigns the given inputs (the others keep their values, IEC
61131-3 §6.6.3.4), binds in-outs to the caller's places, runs the FB's body
on the instance's keys and copies outputs given with ``=>``. A FUNCTION gets
fresh locals with their declared initial values under a key prefix of its
own, removed after the call. Standard FBs are ``smt_fbs``; standard
functions ``smt_functions``. Methods, actions, properties and SUPER^ are not
encoded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.prove.smt_values import (
    Unsupported,
    constant,
    elementary,
)
from werk.tools.st.sim.calls import generic_result
from werk.tools.st.sim.context import FrameKind
from werk.tools.st.sim.convert import spec_of_type
from werk.tools.st.sim.iec.functions import parameter_names
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    Layout,
    StandardFbLayout,
    StructLayout,
    SubrangeLayout,
)

if TYPE_CHECKING:
    from werk.tools.st.sim.compiled import Slot


from werk.tools.st.prove.smt_expressions import ExpressionEncoder
from werk.tools.st.prove.smt_fbs import execute_standard
from werk.tools.st.prove.smt_functions import standard_function
from werk.tools.st.prove.smt_store import (
    FALSE,
    SKIPPED,
    Effects,
    Frame,
    Place,
    Store,
    Value,
    member_key,
)

MAX_CALL_DEPTH = 16


class CallEncoder(ExpressionEncoder):
    """Calls of FB instances, functions and the standard library."""

    def block(
        self, frame: Frame, nodes: list[Node], store: Store, guard: Any, effects: Effects
    ) -> None:
        raise NotImplementedError  # provided by CycleEncoder

    def run_body(
        self, frame: Frame, nodes: list[Node], store: Store, guard: Any, effects: Effects
    ) -> None:
        if frame.kind is FrameKind.INSTANCE and frame.cls is not None:
            for index, _make in frame.cls.temps:
                slot = frame.cls.slots[index]
                self.initialise(store, member_key(frame.prefix, slot.name), slot, frame)
        saved = (store.returned, store.exited, store.continued)
        store.returned = store.exited = store.continued = FALSE
        self.block(frame, nodes, store, guard, effects)
        store.returned, store.exited, store.continued = saved

    def initialise(self, store: Store, key: str, slot: Slot, frame: Frame) -> None:
        """Give a fresh variable (VAR_TEMP, a function's local) its declared initial value."""
        value = slot.factory(key)
        for leaf_key, leaf_spec, leaf_value in self._leaves(key, slot.layout, value):
            store.values[leaf_key] = constant(leaf_spec, leaf_value)

    def _leaves(self, key: str, layout: Layout, value: Any) -> Iterator[tuple[str, Any, Any]]:
        if isinstance(layout, ElementaryLayout | EnumLayout | SubrangeLayout):
            spec = layout.spec
            if spec is None or spec.is_string:
                raise Unsupported(f"a variable of type {layout.name}")
            yield key, spec, layout.read(value)
        elif isinstance(layout, ArrayLayout):
            for flat in range(layout.size):
                element = layout.index_text(flat).replace(" ", "")
                yield from self._leaves(key + element, layout.element, value[flat])
        elif isinstance(layout, StructLayout):
            for index, (name, field_layout) in enumerate(
                zip(layout.field_names, layout.fields, strict=True)
            ):
                yield from self._leaves(member_key(key, name), field_layout, value[index])
        else:
            raise Unsupported(f"a local variable of type {layout.name}")

    def arguments(self, frame: Frame, node: Node | None) -> list[tuple[str | None, Node, bool]]:
        found: list[tuple[str | None, Node, bool]] = []
        if node is None:
            return found
        for child in node.named_children:
            if child.type in SKIPPED:
                continue
            if child.type == "named_argument":
                name_node = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                if name_node is None or value is None:
                    raise Unsupported(f"argument {frame.ctx.text(child)!r}")
                if any(not c.is_named and c.type.upper() == "NOT" for c in child.children):
                    raise Unsupported(f"negated output {frame.ctx.text(child)!r}")
                output = any(not c.is_named and c.type == "=>" for c in child.children)
                found.append((frame.ctx.unit.identifier_name(name_node), value, output))
            else:
                found.append((None, child, False))
        return found

    def call(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Value | None:
        ctx = frame.ctx
        function = node.child_by_field_name("function")
        if function is None or node.has_error:
            raise Unsupported(f"call {ctx.text(node)!r}")
        arguments = self.arguments(frame, node.child_by_field_name("arguments"))
        if function.type == "identifier":
            target = ctx.target(function)
            if isinstance(target, Pou):
                if target.kind is PouKind.FUNCTION:
                    if self.project.is_standard(target):
                        return self.standard_call(
                            frame, target, arguments, node, store, guard, effects
                        )
                    return self.function_call(frame, target, arguments, node, store, guard, effects)
                kind = target.kind.value
                raise Unsupported(
                    f"call of {kind} {target.name} (only FBs and FUNCTIONs are encoded)"
                )
            if isinstance(target, Variable):
                place = self.identifier_place(frame, function)
                self.instance_call(frame, place, arguments, node, store, guard, effects)
                return None
            raise Unsupported(f"call of {ctx.text(function)!r}")
        if function.type in ("member_access_expression", "index_expression"):
            member = function.child_by_field_name("member")
            target = ctx.target(member) if member is not None else None
            if function.type == "member_access_expression" and not isinstance(target, Variable):
                raise Unsupported(f"call of {ctx.text(function)!r} (methods and actions)")
            place = self.place(frame, function, store, guard, effects)
            self.instance_call(frame, place, arguments, node, store, guard, effects)
            return None
        raise Unsupported(f"call of {ctx.text(function)!r}")

    def instance_call(
        self,
        frame: Frame,
        place: Place,
        arguments: list[tuple[str | None, Node, bool]],
        node: Node,
        store: Store,
        guard: Any,
        effects: Effects,
    ) -> None:
        key = place.single
        if key is None:
            raise Unsupported(f"call of an FB instance chosen by a variable index ({place.name})")
        layout = place.layout
        if isinstance(layout, StandardFbLayout):
            self.standard_fb_call(frame, layout, key, arguments, node, store, guard, effects)
            return
        if not isinstance(layout, FbLayout):
            raise Unsupported(f"{place.name!r} ({layout.name}) is not a function block")
        if frame.depth >= MAX_CALL_DEPTH:
            raise Unsupported("calls nested more than 16 deep (recursion?)")
        cls = layout.compiled
        if cls.parent is not None and _calls_super(cls.pou):
            raise Unsupported(f"SUPER^ in {cls.name}")
        parameters = {
            slot.name.lower(): slot
            for slot in cls.slots
            if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT, Section.VAR_OUTPUT)
        }
        positional = [
            slot for slot in cls.slots if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]
        callee = Frame(
            self.context(cls.pou, FrameKind.INSTANCE, cls),
            FrameKind.INSTANCE,
            key,
            cls=cls,
            depth=frame.depth + 1,
        )
        outputs: list[tuple[Slot, Node]] = []
        for position, (name, value_node, output) in enumerate(arguments):
            slot = (
                parameters.get(name.lower())
                if name is not None
                else (positional[position] if position < len(positional) else None)
            )
            if slot is None:
                raise Unsupported(f"{cls.name} has no parameter {name!r}")
            if output:
                if slot.section is not Section.VAR_OUTPUT:
                    raise Unsupported(f"{cls.name}.{slot.name} is not an output")
                outputs.append((slot, value_node))
                continue
            if slot.section is Section.VAR_IN_OUT:
                bound = self.place(frame, value_node, store, guard, effects)
                assert slot.variable is not None
                callee.aliases[slot.variable] = bound
                continue
            if slot.section is not Section.VAR_INPUT:
                raise Unsupported(f"{cls.name}.{slot.name} is an output: use =>")
            value = self.expression(frame, value_node, store, guard, effects)
            stored = self.coerced(frame, value, slot.layout, value_node, guard, effects)
            self.write(
                Place(slot.layout, [(None, member_key(key, slot.name))], slot.name), stored, store
            )
        for slot in cls.slots:
            if slot.section is Section.VAR_IN_OUT and slot.variable not in callee.aliases:
                raise Unsupported(f"{cls.name}.{slot.name} (VAR_IN_OUT) left unbound in a call")
        self.run_body(callee, cls.pou.body, store, guard, effects)
        for slot, target_node in outputs:
            value = self.read(
                Place(slot.layout, [(None, member_key(key, slot.name))], slot.name), store
            )
            target = self.place(frame, target_node, store, guard, effects)
            self.write(
                target,
                self.coerced(frame, value, target.layout, target_node, guard, effects),
                store,
            )

    def function_call(
        self,
        frame: Frame,
        pou: Pou,
        arguments: list[tuple[str | None, Node, bool]],
        node: Node,
        store: Store,
        guard: Any,
        effects: Effects,
    ) -> Value | None:
        if frame.depth >= MAX_CALL_DEPTH:
            raise Unsupported("calls nested more than 16 deep (recursion?)")
        routine = self.compiler.function(pou)
        self.compiler.drain()
        prefix = f"#call{next(self._fresh)}"
        callee = Frame(
            self.context(pou, FrameKind.LOCALS, routine=routine),
            FrameKind.LOCALS,
            prefix,
            routine=routine,
            depth=frame.depth + 1,
        )
        for slot in routine.slots:
            if slot.section is Section.VAR_IN_OUT:
                continue
            self.initialise(store, member_key(prefix, slot.name), slot, callee)
        parameters = {
            slot.name.lower(): slot
            for slot in routine.slots
            if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT, Section.VAR_OUTPUT)
        }
        order = [
            variable.key
            for variable in pou.variables
            if variable.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]
        outputs: list[tuple[Slot, Node]] = []
        for position, (name, value_node, output) in enumerate(arguments):
            wanted = (
                name.lower()
                if name is not None
                else (order[position] if position < len(order) else None)
            )
            slot = parameters.get(wanted) if wanted is not None else None
            if slot is None:
                raise Unsupported(f"{pou.name} has no parameter {name or position + 1!r}")
            if output:
                outputs.append((slot, value_node))
                continue
            if slot.section is Section.VAR_IN_OUT:
                assert slot.variable is not None
                callee.aliases[slot.variable] = self.place(frame, value_node, store, guard, effects)
                continue
            value = self.expression(frame, value_node, store, guard, effects)
            stored = self.coerced(frame, value, slot.layout, value_node, guard, effects)
            self.write(
                Place(slot.layout, [(None, member_key(prefix, slot.name))], slot.name),
                stored,
                store,
            )
        for slot in routine.slots:
            if slot.section is Section.VAR_IN_OUT and slot.variable not in callee.aliases:
                raise Unsupported(f"{pou.name}.{slot.name} (VAR_IN_OUT) left unbound in a call")
        self.run_body(callee, pou.body, store, guard, effects)
        result: Value | None = None
        if routine.return_slot is not None:
            slot = routine.slots[routine.return_slot]
            result = self.read(
                Place(slot.layout, [(None, member_key(prefix, slot.name))], pou.name), store
            )
        for slot, target_node in outputs:
            value = self.read(
                Place(slot.layout, [(None, member_key(prefix, slot.name))], slot.name), store
            )
            target = self.place(frame, target_node, store, guard, effects)
            self.write(
                target,
                self.coerced(frame, value, target.layout, target_node, guard, effects),
                store,
            )
        for key in [k for k in store.values if k.startswith(prefix + ".")]:
            del store.values[key]
        return result

    def standard_call(
        self,
        frame: Frame,
        pou: Pou,
        arguments: list[tuple[str | None, Node, bool]],
        node: Node,
        store: Store,
        guard: Any,
        effects: Effects,
    ) -> Value:
        ctx = frame.ctx
        name = pou.name.upper()
        if any(output for _, _, output in arguments):
            raise Unsupported(f"output argument of {name}")
        names = parameter_names(name) or ()
        declared = tuple(v.name.upper() for v in pou.variables if v.section is Section.VAR_INPUT)
        ordered: dict[int, Node] = {}
        for position, (formal, value_node, _) in enumerate(arguments):
            if formal is None:
                ordered[position] = value_node
                continue
            upper = formal.upper()
            for spelling in (names, declared):
                if upper in spelling:
                    ordered[spelling.index(upper)] = value_node
                    break
            else:
                raise Unsupported(f"{name} parameter {formal!r}")
        if sorted(ordered) != list(range(len(ordered))):
            raise Unsupported(f"missing arguments of {name}")
        values = [
            self.expression(frame, ordered[i], store, guard, effects) for i in range(len(ordered))
        ]
        result_type = ctx.model_type(node)
        result_spec = spec_of_type(self.project.resolve_alias(result_type)) if result_type else None
        typed_specs = [v.spec for v in values if not v.untyped and v.spec is not None]
        context_spec = result_spec or (typed_specs[0] if typed_specs else None)
        from werk.tools.st.sim.calls import CallCompiler

        for position, value in enumerate(values):
            if value.untyped:
                chosen = CallCompiler.argument_literal_spec(
                    name, position, _Const(value.const), typed_specs, context_spec
                )
                if chosen is None:
                    raise Unsupported(f"argument {position + 1} of {name}")
                values[position] = self.typed(value, chosen)
        specs = [value.spec for value in values]
        if any(s is None for s in specs):
            raise Unsupported(f"arguments of {name}")
        concrete_specs = [s for s in specs if s is not None]
        if result_spec is None:
            result_spec = generic_result(name, concrete_specs)
        if result_spec is None:
            raise Unsupported(f"the result type of {ctx.text(node)!r}")
        where = self.where(frame, node)
        return standard_function(name, values, result_spec, where, guard, effects)

    def standard_fb_call(
        self,
        frame: Frame,
        layout: StandardFbLayout,
        key: str,
        arguments: list[tuple[str | None, Node, bool]],
        node: Node,
        store: Store,
        guard: Any,
        effects: Effects,
    ) -> None:
        cls = layout.cls
        types: dict[str, str] = cls.TYPES
        by_name = {member.upper(): member for member in (*cls.INPUTS, *cls.OUTPUTS)}
        for alias, member in getattr(cls, "ALIASES", {}).items():
            by_name[alias.upper()] = member
        outputs: list[tuple[str, Node]] = []
        for position, (name, value_node, output) in enumerate(arguments):
            if name is None:
                if position >= len(cls.INPUTS):
                    raise Unsupported(f"too many arguments for {layout.name}")
                member = cls.INPUTS[position]
            else:
                found = by_name.get(name.upper())
                if found is None:
                    raise Unsupported(f"{layout.name} has no parameter {name!r}")
                member = found
            member_layout = ElementaryLayout(elementary(types[member]))
            if output:
                if member not in cls.OUTPUTS:
                    raise Unsupported(f"{layout.name}.{member} is not an output")
                outputs.append((member, value_node))
                continue
            if member not in cls.INPUTS:
                raise Unsupported(f"{layout.name}.{member} is an output: use =>")
            value = self.expression(frame, value_node, store, guard, effects)
            stored = self.coerced(frame, value, member_layout, value_node, guard, effects)
            store.values[member_key(key, member)] = stored.term
        execute_standard(cls, key, store.values)
        for member, target_node in outputs:
            member_spec = elementary(types[member])
            value = Value(
                store.values[member_key(key, member)], member_spec, ElementaryLayout(member_spec)
            )
            target = self.place(frame, target_node, store, guard, effects)
            self.write(
                target,
                self.coerced(frame, value, target.layout, target_node, guard, effects),
                store,
            )


class _Const:
    """What ``CallCompiler.argument_literal_spec`` reads of an argument: its constant."""

    def __init__(self, const: Any) -> None:
        self.const = const


def _calls_super(pou: Pou) -> bool:
    return any(_mentions_super(statement) for statement in pou.body)


def _mentions_super(node: Node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "super_expression":
            return True
        stack.extend(current.named_children)
    return False
