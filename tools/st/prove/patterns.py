"""The requirement patterns of PLCverif, as the Agents4PLC benchmark writes them, and one of ours.

A property is a pattern with parameters: ST expressions over ``instance.var``
paths. Every pattern speaks about the values at the *end* of PLC cycles
(written ``s_n`` below: all variables after cycle ``n`` ran, ``n >= 1``),
except the "during cycle" pattern, which also looks at the *beginning* of a
cycle: the values after the cycle's inputs were read and before the code
ran (``b_n``: the inputs of cycle ``n``, everything else as cycle ``n - 1``
left it; before cycle 1, as initialised).

Sources: the pattern ids, parameter numbering and sentences are PLCverif's
(CERN; its requirement pattern library, as reproduced by the Agents4PLC
release: ``pattern_id``, ``pattern_params`` numbered from ``"1"`` as in
PLCverif's ``-job.req.pattern_params.1`` settings, or from ``"0"`` in later
benchmark files). The formal reading follows PLCverif's CTL/LTL templates
with ``EoC`` (end of cycle) and ``BoC`` (beginning of cycle) locations:

========================================  ========================================================
``pattern-invariant`` {1}                 always {1}(s_n) -- ``AG(EoC -> {1})``
``pattern-forbidden`` {1}                 never {1}(s_n) -- ``AG(EoC -> NOT {1})``
``pattern-implication`` {1} {2}           {1}(s_n) implies {2}(s_n)
``pattern-statechange-duringcycle``       {1}(b_n) implies {2}(s_n)
``pattern-statechange-betweencycles``     {1}(s_n) and {2}(s_n+1) imply {3}(s_n+1)
``pattern-reachability`` {1}              some run has {1}(s_n) for some n -- ``EF(EoC AND {1})``
``pattern-repeatability`` {1}             from every reachable state {1} can still be reached at
                                          an end of cycle -- ``AG(EF(EoC AND {1}))``
``pattern-leadsto`` {1} {2}               if {1}(s_n) then {2}(s_m) for some m < n ("{2} was true
                                          at the end of an earlier cycle": precedence, not response)
``werk-response`` {1} {2} {3}             (ours) if {1}(s_n) then {2}(s_m) for some n <= m <= n + N,
                                          N = {3} cycles, or {3} a TIME divided by the cycle time
``assertion``                             every ``//#ASSERT expr`` comment holds whenever the code
                                          reaches it (PLCverif's assertion job)
========================================  ========================================================

The brief for this module asked for leads-to as "{1} is eventually followed
by {2}"; PLCverif's own sentence for ``pattern-leadsto`` is the precedence
above, and a benchmark scored against PLCverif must read it that way. The
bounded response an engineer usually means ("the motor stops within 3 s of
the stop button") is ``werk-response``.

Universal patterns are safety properties (a violation is a finite run).
Reachability is existential: a run reaching {1} *proves* it; it is violated
only when ``NOT {1}`` is proved invariant. Repeatability mixes both
quantifiers (see ``repeatability``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Quantifier(StrEnum):
    ALWAYS = "always"  # every run, every cycle: a safety property
    EXISTS = "exists"  # some run: a witness proves it
    REPEATABLE = "repeatable"  # AG EF: from every reachable state, some continuation


@dataclass(frozen=True)
class Pattern:
    id: str
    arity: int
    sentence: str  # PLCverif's human-readable form, parameters as {1}, {2}...
    quantifier: Quantifier
    extension: bool = False  # ours, not PLCverif's

    def describe(self, params: tuple[str, ...]) -> str:
        text = self.sentence
        for number, param in enumerate(params, start=1):
            text = text.replace(f"{{{number}}}", f"{{{param}}}")
        return text


ASSERTION = "assertion"

PATTERNS: dict[str, Pattern] = {
    pattern.id: pattern
    for pattern in (
        Pattern(
            "pattern-implication",
            2,
            "If {1} is true at the end of the PLC cycle, then {2} should always be true at the "
            "end of the same cycle.",
            Quantifier.ALWAYS,
        ),
        Pattern(
            "pattern-invariant",
            1,
            "{1} is always true at the end of the PLC cycle.",
            Quantifier.ALWAYS,
        ),
        Pattern(
            "pattern-forbidden",
            1,
            "{1} is impossible at the end of the PLC cycle.",
            Quantifier.ALWAYS,
        ),
        Pattern(
            "pattern-statechange-duringcycle",
            2,
            "If {1} is true at the beginning of the PLC cycle, then {2} is always true at the "
            "end of the same cycle.",
            Quantifier.ALWAYS,
        ),
        Pattern(
            "pattern-statechange-betweencycles",
            3,
            "If {1} is true at the end of cycle N and {2} is true at the end of cycle N+1, then "
            "{3} is always true at the end of cycle N+1.",
            Quantifier.ALWAYS,
        ),
        Pattern(
            "pattern-reachability",
            1,
            "It is possible to have {1} at the end of a cycle.",
            Quantifier.EXISTS,
        ),
        Pattern(
            "pattern-repeatability",
            1,
            "Any time it is possible to have eventually {1} at the end of a cycle.",
            Quantifier.REPEATABLE,
        ),
        Pattern(
            "pattern-leadsto",
            2,
            "If {1} is true at the end of a cycle, {2} was true at the end of an earlier cycle.",
            Quantifier.ALWAYS,
        ),
        Pattern(
            "werk-response",
            3,
            "If {1} is true at the end of a cycle, {2} is true at the end of that cycle or of "
            "one of the next {3} cycles.",
            Quantifier.ALWAYS,
            extension=True,
        ),
        Pattern(
            ASSERTION,
            0,
            "All the assertions are to be checked.",
            Quantifier.ALWAYS,
        ),
    )
}


def pattern(pattern_id: str) -> Pattern | None:
    """The pattern called ``pattern_id`` (any case), else None."""
    return PATTERNS.get(pattern_id.strip().lower())


def ordered_params(raw: dict[str, object] | list[object] | tuple[object, ...]) -> list[str]:
    """Parameters in {1}, {2}... order from a ``pattern_params`` object.

    PLCverif numbers them from 1; some Agents4PLC files from 0. Keys are
    numbers (as text); they are sorted numerically and renumbered from 1,
    so ``{"0": a, "1": b}`` and ``{"1": a, "2": b}`` both give ``[a, b]``.
    """
    if isinstance(raw, list | tuple):
        return [str(value) for value in raw]
    keyed: list[tuple[int, str]] = []
    for key, value in raw.items():
        try:
            number = int(str(key).strip())
        except ValueError:
            raise ValueError(f"parameter key {key!r} is not a number") from None
        keyed.append((number, str(value)))
    keyed.sort()
    numbers = [number for number, _ in keyed]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        raise ValueError(f"parameters are numbered {numbers}: expected consecutive numbers")
    return [value for _, value in keyed]


@dataclass(frozen=True)
class InputRange:
    """An assumption on one input: its value stays in ``low..high`` (ST literals)."""

    path: str
    low: str
    high: str


@dataclass(frozen=True)
class Property:
    """One requirement to check, as read from a property file or a benchmark task."""

    name: str
    pattern_id: str
    params: tuple[str, ...] = ()
    description: str = ""
    origin: str = ""  # where it was read: ``plant.props.yaml:12``, ``task v2-M-1 property 3``
    assumptions: tuple[str, ...] = ()  # expressions that hold at the end of every cycle
    ranges: tuple[InputRange, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def pattern(self) -> Pattern | None:
        return pattern(self.pattern_id)

    def requirement(self) -> str:
        """The requirement in PLCverif's words, with the parameters filled in."""
        found = self.pattern
        if found is None:
            return f"{self.pattern_id}: " + ", ".join(self.params)
        return found.describe(self.params)
