"""What the compiler knows while it compiles one POU's code.

The POU's analysis from the semantic model is indexed by span: the symbol
each identifier resolved to (``Use``) and the type of each expression. The
frame the compiled code receives depends on the POU kind:

- ``INSTANCE``: an FB or PROGRAM body, or an ACTION: the frame is the
  ``FbInstance`` itself, so a member is ``f[k]``;
- ``LOCALS``: a FUNCTION: the frame is the list of its locals;
- ``METHOD``: a METHOD or property accessor: the frame is a ``MethodFrame``
  (its locals) and ``f.inst`` is the instance it runs on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from werk.tools.st.model.scope import PouScope
from werk.tools.st.model.symbols import Pou, Section, Variable
from werk.tools.st.model.types import GenericType, TypeRef, UnknownType
from werk.tools.st.model.uses import Symbol, Use
from werk.tools.st.sim.compiled import CompiledFb, Routine, Slot
from werk.tools.st.sim.faults import FaultKind, SimulationFault
from werk.tools.st.sim.positions import Span

if TYPE_CHECKING:
    from werk.tools.st.sim.compiler import Compiler

Getter = Callable[[Any], Any]


class FrameKind(Enum):
    INSTANCE = "instance"
    LOCALS = "locals"
    METHOD = "method"


@dataclass(frozen=True)
class Access:
    """Where a variable lives, seen from the code being compiled."""

    where: str  # "frame", "inst", "global", "static" or "program"
    index: int
    slot: Slot
    container: list[Any] | None = None  # the list for "global", "static" and "program"


class CompileError(Exception):
    """A construct this compiler does not support; becomes a 'not supported' fault."""

    def __init__(self, what: str, node: Node | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.node = node


class BodyContext:
    """Compile-time state for the code of one POU (or one property accessor)."""

    def __init__(
        self,
        compiler: Compiler,
        pou: Pou,
        frame: FrameKind,
        *,
        fb: CompiledFb | None = None,
        routine: Routine | None = None,
    ) -> None:
        self.compiler = compiler
        self.project = compiler.project
        self.machine = compiler.machine
        self.layouts = compiler.layouts
        self.constants = compiler.constants
        self.pou = pou
        self.unit = pou.location.unit
        self.frame = frame
        self.fb = fb
        self.routine = routine
        analysis = self.project.analysis(pou)
        self.uses: dict[tuple[int, int], Use] = {}
        for use in analysis.uses:
            self.uses.setdefault((use.location.start, use.location.end), use)
        self.types = analysis.expression_types
        self.scope = PouScope(pou, self.project)
        self.coverage = compiler.coverage
        # Names the generated body refers to: bound values (closures, constants, containers).
        self.namespace: dict[str, Any] = {}
        self._temps = 0

    # --- generated source ------------------------------------------------------------------

    def bind(self, value: Any, prefix: str = "_b") -> str:
        """A name for ``value`` in the generated body (never a name from the ST code)."""
        name = f"{prefix}{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def temp(self) -> str:
        """A fresh local of the generated body (walrus targets, loop bounds)."""
        self._temps += 1
        return f"_t{self._temps}"

    def literal_source(self, value: Any) -> str:
        """A constant in generated source: ints and bools written out, the rest bound."""
        if isinstance(value, bool):
            return "True" if value else "False"
        if isinstance(value, int):
            return f"({value})" if value < 0 else str(value)
        return self.bind(value, "_c")

    # --- positions and symbols -------------------------------------------------------------

    def span(self, node: Node) -> Span:
        return Span(self.unit, node.start_byte, node.end_byte)

    def use(self, node: Node) -> Use | None:
        return self.uses.get((node.start_byte, node.end_byte))

    def target(self, node: Node) -> Symbol | None:
        found = self.use(node)
        return found.target if found is not None else None

    def model_type(self, node: Node) -> TypeRef | None:
        """The model's type of an expression; None when it could not tell."""
        found = self.types.get((node.start_byte, node.end_byte))
        if found is None or isinstance(found, UnknownType | GenericType):
            return None
        return found

    def text(self, node: Node) -> str:
        """The code as the engineer wrote it (``#level``, not the lowered text), for messages."""
        return self.unit.original_text(node)

    # --- storage ---------------------------------------------------------------------------

    def access(self, variable: Variable) -> Access | None:
        """Where ``variable`` lives for this code, or None if this code cannot reach it."""
        routine = self.routine
        fb = self.fb
        if self.frame is FrameKind.INSTANCE:
            if fb is not None and variable in fb.slot_of:
                index = fb.slot_of[variable]
                return Access("frame", index, fb.slots[index])
        elif routine is not None and variable in routine.slot_of:
            index = routine.slot_of[variable]
            return Access("frame", index, routine.slots[index])
        if self.frame is FrameKind.METHOD and fb is not None and variable in fb.slot_of:
            index = fb.slot_of[variable]
            return Access("inst", index, fb.slots[index])
        if fb is not None:
            static = self.static_access(fb, variable)
            if static is not None:
                return static
        storage = self.compiler.globals
        if variable in storage.slot_of:
            index = storage.slot_of[variable]
            return Access("global", index, storage.slots[index], storage.values)
        if variable.section is Section.VAR_EXTERNAL:
            found = self.project.find_global(variable.name)
            if found is not None and found in storage.slot_of:
                index = storage.slot_of[found]
                return Access("global", index, storage.slots[index], storage.values)
        return None

    @staticmethod
    def static_access(fb: CompiledFb, variable: Variable) -> Access | None:
        current: CompiledFb | None = fb
        while current is not None:
            if variable in current.static_of:
                index = current.static_of[variable]
                slot = current.static_slots[index]
                return Access("static", index, slot, current.statics)
            current = current.parent
        return None

    # --- unsupported constructs ------------------------------------------------------------

    def unsupported(self, what: str, node: Node | None) -> Callable[[Any], Any]:
        """Record ``what`` as not supported and return code that faults when it runs."""
        if node is not None:
            span = self.span(node)
        else:
            span = Span(self.unit, self.pou.location.start, self.pou.location.end)
        self.compiler.report_unsupported(what, span)
        message = what

        def not_supported(frame: Any, *rest: Any) -> Any:
            raise SimulationFault(FaultKind.NOT_SUPPORTED, message, span)

        return not_supported
