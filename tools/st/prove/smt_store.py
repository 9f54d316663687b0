"""The state of symbolic execution inside one cycle: values, places, flags, faults.

``Store`` holds a z3 term for every state variable (and the temporaries of
calls in progress) at one point of the cycle, plus the RETURN, EXIT and
CONTINUE flags that guard the statements after them; branches work on copies
that ``merge`` joins with ``If``. ``Place`` is where an assignment writes:
one key, several keys under conditions (an array element chosen by a
variable) or some bits of one (``w.3``). ``Effects`` collects the conditions
under which the cycle faults or leaves the encoded subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import z3

from werk.tools.st.model.symbols import Variable
from werk.tools.st.prove.entry import signal_key
from werk.tools.st.prove.smt_values import (
    Sym,
)
from werk.tools.st.sim.context import BodyContext, FrameKind
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.values import (
    Layout,
)

if TYPE_CHECKING:
    from werk.tools.st.sim.compiled import CompiledFb, Routine


TRUE = z3.BoolVal(True)
FALSE = z3.BoolVal(False)
SKIPPED = frozenset({"comment", "pragma"})
NO_VALUE: Any = object()


def is_true(term: Any) -> bool:
    return z3.is_true(z3.simplify(term)) if not z3.is_true(term) else True


def is_false(term: Any) -> bool:
    return z3.is_false(term) or z3.is_false(z3.simplify(term))


def conj(*terms: Any) -> Any:
    kept = [t for t in terms if not z3.is_true(t)]
    if any(z3.is_false(t) for t in kept):
        return FALSE
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else z3.And(*kept)


def disj(*terms: Any) -> Any:
    kept = [t for t in terms if not z3.is_false(t)]
    if any(z3.is_true(t) for t in kept):
        return TRUE
    if not kept:
        return FALSE
    return kept[0] if len(kept) == 1 else z3.Or(*kept)


def choose(condition: Any, then: Any, otherwise: Any) -> Any:
    if then.eq(otherwise):
        return then
    if z3.is_true(condition):
        return then
    if z3.is_false(condition):
        return otherwise
    return z3.If(condition, then, otherwise)


# --- values in flight -------------------------------------------------------------------------


@dataclass(eq=False)
class Value:
    """An expression's value: a typed term, or an untyped literal waiting for its context."""

    term: Any
    spec: ElementarySpec | None
    layout: Layout | None = None
    const: Any = NO_VALUE  # the Python value, when known before the program runs
    untyped: bool = False

    @property
    def is_const(self) -> bool:
        return self.const is not NO_VALUE

    def sym(self) -> Sym:
        assert self.spec is not None and self.term is not None
        return Sym(self.term, self.spec)


@dataclass(eq=False)
class Place:
    """Where a value lives: one key, or several under conditions (a symbolic array index)."""

    layout: Layout
    options: list[tuple[Any, str]]  # (condition or None: always, key or key prefix)
    name: str
    bits: tuple[int, int] | None = None  # (lowest bit, width) of a bit access ``w.3``

    @property
    def single(self) -> str | None:
        if len(self.options) == 1 and self.options[0][0] is None:
            return self.options[0][1]
        return None


@dataclass
class Store:
    """Values of every state variable (and call temporaries) at a point of the cycle."""

    values: dict[str, Any]
    returned: Any = FALSE
    exited: Any = FALSE
    continued: Any = FALSE

    def copy(self) -> Store:
        return Store(dict(self.values), self.returned, self.exited, self.continued)

    @property
    def live(self) -> Any:
        return z3.Not(disj(self.returned, self.exited, self.continued))

    def merge(self, condition: Any, then: Store, otherwise: Store) -> None:
        """Become ``then`` where ``condition`` holds, ``otherwise`` elsewhere."""
        keys = then.values.keys() | otherwise.values.keys()
        merged: dict[str, Any] = {}
        for key in keys:
            a = then.values.get(key)
            b = otherwise.values.get(key)
            if a is None or b is None:
                merged[key] = a if b is None else b
            else:
                merged[key] = choose(condition, a, b)
        self.values = merged
        self.returned = choose(condition, then.returned, otherwise.returned)
        self.exited = choose(condition, then.exited, otherwise.exited)
        self.continued = choose(condition, then.continued, otherwise.continued)


@dataclass
class Effects:
    """What the cycle may do besides changing values: fault, or leave the encoded subset."""

    faults: list[tuple[Any, str]] = field(default_factory=list)  # (condition, message at where)
    markers: list[tuple[Any, str]] = field(default_factory=list)

    def fault(self, condition: Any, message: str) -> None:
        if not is_false(condition):
            self.faults.append((condition, message))

    def marker(self, condition: Any, message: str) -> None:
        if not is_false(condition):
            self.markers.append((condition, message))


@dataclass
class Frame:
    """The POU body being encoded: how its names reach storage."""

    ctx: BodyContext
    kind: FrameKind
    prefix: str  # INSTANCE: the instance's key prefix ("" at the root); LOCALS: a fresh one
    cls: CompiledFb | None = None
    routine: Routine | None = None
    aliases: dict[Variable, Place] = field(default_factory=dict)  # VAR_IN_OUT bindings
    depth: int = 0
    loops: int = 0  # enclosing loops: EXIT and CONTINUE are legal inside


def member_key(prefix: str, name: str) -> str:
    return f"{prefix}.{signal_key(name)}" if prefix else signal_key(name)


# --- the encoder ------------------------------------------------------------------------------
