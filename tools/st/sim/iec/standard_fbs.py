"""The IEC 61131-3 standard function blocks (3rd ed. §6.6.3.5, Tables 43-46), one class each.

The compiler assigns inputs as attributes (``ton.IN = True``), calls
``execute(clock)`` and reads outputs (``ton.Q``). Members are named exactly
as in the standard and start at their IEC initial values.

Behaviour, from the standard's definitions and timing diagrams (the ST
bodies of IEC 61131-3 2nd ed. Tables 34-35, 3rd ed. Tables 44-45):

- R_TRIG: ``Q := CLK AND NOT M; M := CLK`` with ``M`` FALSE at start, so it
  fires on the first call when CLK is already TRUE. F_TRIG: ``Q := NOT CLK
  AND NOT M; M := NOT CLK`` with ``M`` TRUE at start (the standard declares
  ``M : BOOL := 1``), so it does not fire on the first call with CLK FALSE.
- SR: ``Q1 := S1 OR (NOT R AND Q1)`` (set dominant); RS: ``Q1 := NOT R1 AND
  (S OR Q1)`` (reset dominant). CODESYS and TwinCAT (Standard, Tc2_Standard)
  name the inputs ``SET1``/``RESET`` (SR) and ``SET``/``RESET1`` (RS); none of
  those collides with an IEC name, so ``ALIASES`` accepts them in every dialect.
- Counters count rising edges (the standard declares CU/CD ``R_EDGE``); the
  edge memory is updated on every call, also while R or LD holds, so an
  edge that arrives during a reset is consumed, not counted later.
  CTU: ``IF R THEN CV := 0 ELSIF CU AND CV < PVmax THEN CV := CV + 1``,
  ``Q := CV >= PV`` -- CV keeps counting past PV up to the type's maximum.
  CTD: ``IF LD THEN CV := PV ELSIF CD AND CV > PVmin THEN CV := CV - 1``,
  ``Q := CV <= 0`` -- CV goes below zero down to the type's minimum (for
  CODESYS's WORD counters PVmin is 0, which is why they stop at 0).
  CTUD: R wins over LD; rising edges on CU and CD in the same call cancel.
  ``CTU_DINT``, ``CTD_UDINT``... are the typed variants (3rd ed. Table 44).
  CODESYS spells R and LD ``RESET`` and ``LOAD``; ``ALIASES`` maps those.
- TON: while IN is TRUE, ET is the time since IN rose, up to PT; Q rises
  when ET reaches PT (``now - start >= PT``, so exactly at PT, in the same
  call when PT = 0); IN FALSE resets Q and ET at once. TOF mirrors it on the
  falling edge: Q follows IN up and stays TRUE for PT after IN falls.
  TP: a rising edge of IN while no pulse runs starts one; Q is TRUE for PT
  whatever IN does (not retriggerable); when the pulse ends ET holds PT
  while IN stays TRUE and returns to 0 as soon as IN is FALSE (at the end of
  the pulse if IN has already fallen); a PT of zero gives no pulse.
- PT changed while a timer runs takes effect at the next call (the elapsed
  time is compared with the current PT); once Q has switched (TON/TOF) or
  the pulse has ended (TP), later PT changes do not undo it, and ET keeps
  the PT it reached -- the latching state machine of the IEC reference
  implementation in matiec (lib/timer.txt), which CODESYS follows.
- Timers read ``clock.now_ms`` (TIME is in ms); LTON, LTOF and LTP read
  ``clock.now_ns`` and keep PT and ET in LTIME (ns).

Siemens TIA Portal (S7-1200/1500 SCL) names the same blocks after their
instance data types: ``TON_TIME``, ``TOF_TIME``, ``TP_TIME`` (and
``TON_LTIME``... for LTIME) are TON, TOF and TP; ``CTU_INT``, ``CTD_DINT``,
``CTUD_USINT``... are the typed counters. Its ``IEC_TIMER`` and
``IEC_COUNTER`` (``IEC_DCOUNTER``...) are instance data whose block is chosen at
the call: ``#t.TON(IN := ..., PT := ...)``, then ``#t.Q``; a counter's Q is
kept in QU (CTU) or QD (CTD). TIA also has ``TONR``, the accumulating
on-delay: ET adds up the time IN is TRUE, up to PT; Q is ``ET >= PT`` and
stays TRUE when IN falls; only R resets ET and Q. These names are SCL's only
(``DIALECT``): elsewhere they would not compile, so the simulator refuses them.
"""

from __future__ import annotations

from typing import ClassVar

from werk.tools.st.sim.iec.clock import VirtualClock
from werk.tools.st.sim.iec.types import spec


class StandardFunctionBlock:
    """Common shape: IEC member names as attributes, initial values from ``TYPES``."""

    INPUTS: ClassVar[tuple[str, ...]] = ()
    OUTPUTS: ClassVar[tuple[str, ...]] = ()
    TYPES: ClassVar[dict[str, str]] = {}
    ALIASES: ClassVar[dict[str, str]] = {}
    """Other vendors' member names (CODESYS ``RESET``) → the IEC name (``R``)."""
    DIALECT: ClassVar[str | None] = None
    """The one dialect whose code may declare this block (``"scl"`` for TIA names)."""

    def __init__(self) -> None:
        for member, type_name in self.TYPES.items():
            elementary = spec(type_name)
            assert elementary is not None, type_name
            setattr(self, member, elementary.default)

    def execute(self, clock: VirtualClock) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        members = ", ".join(f"{m}={getattr(self, m)!r}" for m in (*self.INPUTS, *self.OUTPUTS))
        return f"{type(self).__name__}({members})"


# --- edge detection and bistables ------------------------------------------------------------


class R_TRIG(StandardFunctionBlock):  # noqa: N801 - the IEC name
    """Rising edge: Q is TRUE for the one call in which CLK went from FALSE to TRUE."""

    INPUTS = ("CLK",)
    OUTPUTS = ("Q",)
    TYPES: ClassVar[dict[str, str]] = {"CLK": "BOOL", "Q": "BOOL"}
    CLK: bool
    Q: bool

    def __init__(self) -> None:
        super().__init__()
        self._memory = False

    def execute(self, clock: VirtualClock) -> None:
        clk = bool(self.CLK)
        self.Q = clk and not self._memory
        self._memory = clk


class F_TRIG(StandardFunctionBlock):  # noqa: N801 - the IEC name
    """Falling edge: Q is TRUE for the one call in which CLK went from TRUE to FALSE."""

    INPUTS = ("CLK",)
    OUTPUTS = ("Q",)
    TYPES: ClassVar[dict[str, str]] = {"CLK": "BOOL", "Q": "BOOL"}
    CLK: bool
    Q: bool

    def __init__(self) -> None:
        super().__init__()
        self._memory = True  # IEC: M := NOT CLK, initialised to 1

    def execute(self, clock: VirtualClock) -> None:
        not_clk = not self.CLK
        self.Q = not_clk and not self._memory
        self._memory = not_clk


class SR(StandardFunctionBlock):
    """Set-dominant bistable: ``Q1 := S1 OR (NOT R AND Q1)``."""

    INPUTS = ("S1", "R")
    OUTPUTS = ("Q1",)
    TYPES: ClassVar[dict[str, str]] = {"S1": "BOOL", "R": "BOOL", "Q1": "BOOL"}
    ALIASES: ClassVar[dict[str, str]] = {"SET1": "S1", "RESET": "R"}
    S1: bool
    R: bool
    Q1: bool

    def execute(self, clock: VirtualClock) -> None:
        self.Q1 = bool(self.S1 or (not self.R and self.Q1))


class RS(StandardFunctionBlock):
    """Reset-dominant bistable: ``Q1 := NOT R1 AND (S OR Q1)``."""

    INPUTS = ("S", "R1")
    OUTPUTS = ("Q1",)
    TYPES: ClassVar[dict[str, str]] = {"S": "BOOL", "R1": "BOOL", "Q1": "BOOL"}
    ALIASES: ClassVar[dict[str, str]] = {"SET": "S", "RESET1": "R1"}
    S: bool
    R1: bool
    Q1: bool

    def execute(self, clock: VirtualClock) -> None:
        self.Q1 = bool(not self.R1 and (self.S or self.Q1))


# --- counters --------------------------------------------------------------------------------


class _Counter(StandardFunctionBlock):
    COUNT_TYPE: ClassVar[str] = "INT"
    PV_MIN: ClassVar[int] = -32768
    PV_MAX: ClassVar[int] = 32767
    PV: int
    CV: int


class CTU(_Counter):
    """Up counter: CV counts rising edges of CU (up to the type's maximum), Q := CV >= PV."""

    INPUTS = ("CU", "R", "PV")
    OUTPUTS = ("Q", "CV")
    TYPES: ClassVar[dict[str, str]] = {
        "CU": "BOOL",
        "R": "BOOL",
        "PV": "INT",
        "Q": "BOOL",
        "CV": "INT",
    }
    ALIASES: ClassVar[dict[str, str]] = {"RESET": "R"}
    CU: bool
    R: bool
    Q: bool

    def __init__(self) -> None:
        super().__init__()
        self._cu_memory = False

    def execute(self, clock: VirtualClock) -> None:
        cu = bool(self.CU)
        rising = cu and not self._cu_memory
        self._cu_memory = cu
        if self.R:
            self.CV = 0
        elif rising and self.CV < self.PV_MAX:
            self.CV += 1
        self.Q = self.CV >= self.PV


class CTD(_Counter):
    """Down counter: LD loads PV, CD edges count down to the type's minimum; Q := CV <= 0."""

    INPUTS = ("CD", "LD", "PV")
    OUTPUTS = ("Q", "CV")
    TYPES: ClassVar[dict[str, str]] = {
        "CD": "BOOL",
        "LD": "BOOL",
        "PV": "INT",
        "Q": "BOOL",
        "CV": "INT",
    }
    ALIASES: ClassVar[dict[str, str]] = {"LOAD": "LD"}
    CD: bool
    LD: bool
    Q: bool

    def __init__(self) -> None:
        super().__init__()
        self._cd_memory = False

    def execute(self, clock: VirtualClock) -> None:
        cd = bool(self.CD)
        rising = cd and not self._cd_memory
        self._cd_memory = cd
        if self.LD:
            self.CV = self.PV
        elif rising and self.CV > self.PV_MIN:
            self.CV -= 1
        self.Q = self.CV <= 0


class CTUD(_Counter):
    """Up-down counter: R resets (wins), LD loads PV, CU/CD edges count; QU/QD at PV/0."""

    INPUTS = ("CU", "CD", "R", "LD", "PV")
    OUTPUTS = ("QU", "QD", "CV")
    TYPES: ClassVar[dict[str, str]] = {
        "CU": "BOOL",
        "CD": "BOOL",
        "R": "BOOL",
        "LD": "BOOL",
        "PV": "INT",
        "QU": "BOOL",
        "QD": "BOOL",
        "CV": "INT",
    }
    ALIASES: ClassVar[dict[str, str]] = {"RESET": "R", "LOAD": "LD"}
    CU: bool
    CD: bool
    R: bool
    LD: bool
    QU: bool
    QD: bool

    def __init__(self) -> None:
        super().__init__()
        self._cu_memory = False
        self._cd_memory = False

    def execute(self, clock: VirtualClock) -> None:
        cu, cd = bool(self.CU), bool(self.CD)
        up = cu and not self._cu_memory
        down = cd and not self._cd_memory
        self._cu_memory, self._cd_memory = cu, cd
        if self.R:
            self.CV = 0
        elif self.LD:
            self.CV = self.PV
        elif not (up and down):
            if up and self.CV < self.PV_MAX:
                self.CV += 1
            elif down and self.CV > self.PV_MIN:
                self.CV -= 1
        self.QU = self.CV >= self.PV
        self.QD = self.CV <= 0


def _typed_counter(base: type[_Counter], count_type: str) -> type[_Counter]:
    """``CTU_DINT`` and friends: the same counter with PV and CV of another integer type."""
    elementary = spec(count_type)
    assert elementary is not None and isinstance(elementary.minimum, int)
    assert isinstance(elementary.maximum, int)
    types = {
        member: count_type if member in ("PV", "CV") else type_name
        for member, type_name in base.TYPES.items()
    }
    name = f"{base.__name__}_{count_type}"
    return type(
        name,
        (base,),
        {
            "__doc__": f"{base.__name__} with PV and CV of type {count_type}.",
            "TYPES": types,
            "COUNT_TYPE": count_type,
            "PV_MIN": elementary.minimum,
            "PV_MAX": elementary.maximum,
        },
    )


# --- timers ----------------------------------------------------------------------------------

_IDLE, _RUNNING, _DONE = 0, 1, 2


class _Timer(StandardFunctionBlock):
    INPUTS: ClassVar[tuple[str, ...]] = ("IN", "PT")
    OUTPUTS = ("Q", "ET")
    TYPES: ClassVar[dict[str, str]] = {"IN": "BOOL", "PT": "TIME", "Q": "BOOL", "ET": "TIME"}
    IN: bool
    PT: int
    Q: bool
    ET: int

    def __init__(self) -> None:
        super().__init__()
        self._state = _IDLE
        self._start = 0

    @staticmethod
    def _now(clock: VirtualClock) -> int:
        return clock.now_ms


class _LongTimer(_Timer):
    TYPES: ClassVar[dict[str, str]] = {"IN": "BOOL", "PT": "LTIME", "Q": "BOOL", "ET": "LTIME"}

    @staticmethod
    def _now(clock: VirtualClock) -> int:
        return clock.now_ns


class TON(_Timer):
    """On-delay: Q becomes TRUE once IN has been TRUE for PT; IN FALSE resets Q and ET."""

    def execute(self, clock: VirtualClock) -> None:
        if not self.IN:
            self._state = _IDLE
            self.Q = False
            self.ET = 0
            return
        now = self._now(clock)
        if self._state == _IDLE:
            self._state = _RUNNING
            self._start = now
        if self._state == _RUNNING:
            elapsed = now - self._start
            if elapsed >= self.PT:
                self._state = _DONE
                self.Q = True
                self.ET = self.PT
            else:
                self.ET = elapsed


class TOF(_Timer):
    """Off-delay: Q follows IN up at once and falls PT after IN fell; IN TRUE resets ET."""

    def __init__(self) -> None:
        super().__init__()
        self._previous_in = False

    def execute(self, clock: VirtualClock) -> None:
        if self.IN:
            self._state = _IDLE
            self._previous_in = True
            self.Q = True
            self.ET = 0
            return
        now = self._now(clock)
        if self._previous_in:
            self._state = _RUNNING
            self._start = now
        self._previous_in = False
        if self._state == _RUNNING:
            elapsed = now - self._start
            if elapsed >= self.PT:
                self._state = _DONE
                self.Q = False
                self.ET = self.PT
            else:
                self.Q = True
                self.ET = elapsed


class TP(_Timer):
    """Pulse: a rising edge of IN gives Q TRUE for exactly PT, not retriggerable."""

    def execute(self, clock: VirtualClock) -> None:
        now = self._now(clock)
        if self._state == _IDLE and self.IN:
            self._state = _RUNNING  # IN was FALSE while idle, so this is a rising edge
            self._start = now
        if self._state == _RUNNING:
            elapsed = now - self._start
            if elapsed >= self.PT:
                self._state = _DONE
                self.Q = False
                self.ET = self.PT
            else:
                self.Q = True
                self.ET = elapsed
        if self._state == _DONE and not self.IN:
            self._state = _IDLE
            self.ET = 0


class LTON(_LongTimer, TON):
    """TON with PT and ET in LTIME (nanoseconds)."""


class LTOF(_LongTimer, TOF):
    """TOF with PT and ET in LTIME (nanoseconds)."""


class LTP(_LongTimer, TP):
    """TP with PT and ET in LTIME (nanoseconds)."""


class TONR(_Timer):
    """Accumulating on-delay (TIA Portal): ET sums the time IN is TRUE; only R resets."""

    INPUTS = ("IN", "R", "PT")
    TYPES: ClassVar[dict[str, str]] = {
        "IN": "BOOL",
        "R": "BOOL",
        "PT": "TIME",
        "Q": "BOOL",
        "ET": "TIME",
    }
    DIALECT = "scl"
    R: bool

    def __init__(self) -> None:
        super().__init__()
        self._last: int | None = None  # the clock at the previous call while IN was TRUE

    def execute(self, clock: VirtualClock) -> None:
        now = self._now(clock)
        if self.R:
            self.ET = 0
            self._last = None
        elif self.IN:
            if self._last is not None:
                self.ET = min(self.PT, self.ET + now - self._last)
            self._last = now
        else:
            self._last = None
        self.Q = self.ET >= self.PT and (self.PT > 0 or self.IN) and not self.R


class LTONR(_LongTimer, TONR):
    """TONR with PT and ET in LTIME (nanoseconds)."""

    TYPES: ClassVar[dict[str, str]] = {**TONR.TYPES, "PT": "LTIME", "ET": "LTIME"}


class _InstanceData(StandardFunctionBlock):
    """TIA Portal's ``IEC_TIMER``/``IEC_COUNTER``: the call names the block, ``#t.TON(...)``.

    The members read and written through the instance (``#t.Q``, ``#t.PT``)
    are those of the block last called; a block of another kind starts from
    its initial state with the preset carried over, as a fresh instance
    would. ``RENAMED`` maps this type's member names to the called block's
    (a CTU's Q is the IEC_COUNTER's QU).
    """

    VARIANTS: ClassVar[dict[str, type[StandardFunctionBlock]]] = {}
    RENAMED: ClassVar[dict[str, dict[str, str]]] = {}
    DIALECT = "scl"
    _values: dict[str, object]
    _active: StandardFunctionBlock | None
    _active_name: str

    def __init__(self) -> None:
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_active", None)
        object.__setattr__(self, "_active_name", "")
        super().__init__()

    def variant(self, name: str) -> StandardFunctionBlock:
        """The block that ``instance.NAME(...)`` calls, created when the kind changes."""
        upper = name.upper()
        cls = self.VARIANTS[upper]
        active = self._active
        if type(active) is not cls:
            values = {member: getattr(self, member) for member in self.TYPES}
            object.__setattr__(self, "_active", None)
            object.__setattr__(self, "_values", values)
            fresh = cls()
            for member in ("PT", "PV"):
                if member in fresh.TYPES and member in values:
                    setattr(fresh, member, values[member])
            object.__setattr__(self, "_active", fresh)
            object.__setattr__(self, "_active_name", upper)
            active = fresh
        assert active is not None
        return active

    def _holder(self, member: str) -> tuple[object, str]:
        active = self._active
        if active is not None:
            renamed = self.RENAMED.get(self._active_name, {}).get(member, member)
            if renamed in active.TYPES:
                return active, renamed
        return self._values, member

    def __getattr__(self, member: str) -> object:
        if member.startswith("_") or member not in type(self).TYPES:
            raise AttributeError(member)
        holder, name = self._holder(member)
        if isinstance(holder, dict):
            return holder[name]
        return getattr(holder, name)

    def __setattr__(self, member: str, value: object) -> None:
        if member not in type(self).TYPES:
            object.__setattr__(self, member, value)
            return
        holder, name = self._holder(member)
        if isinstance(holder, dict):
            holder[name] = value
        else:
            setattr(holder, name, value)

    def execute(self, clock: VirtualClock) -> None:
        raise NotImplementedError(f"{type(self).__name__} is called as instance.TON(...)")


def _tia_name(base: type[StandardFunctionBlock], name: str) -> type[StandardFunctionBlock]:
    """``TON_TIME`` and friends: TIA Portal's name for an IEC block, SCL only."""
    return type(
        name, (base,), {"__doc__": f"{base.__name__} under its TIA Portal name.", "DIALECT": "scl"}
    )


def _instance_data(
    name: str, types: dict[str, str], variants: dict[str, type[StandardFunctionBlock]]
) -> type[_InstanceData]:
    renamed = {"CTU": {"QU": "Q"}, "CTD": {"QD": "Q"}}
    return type(
        name,
        (_InstanceData,),
        {
            "__doc__": f"TIA Portal instance data of {', '.join(variants)}.",
            "INPUTS": tuple(m for m in types if m not in ("Q", "QU", "QD", "ET", "CV")),
            "OUTPUTS": tuple(m for m in types if m in ("Q", "QU", "QD", "ET", "CV")),
            "TYPES": types,
            "VARIANTS": variants,
            "RENAMED": {v: renamed.get(v, {}) for v in variants},
        },
    )


STANDARD_FUNCTION_BLOCKS: dict[str, type[StandardFunctionBlock]] = {
    cls.__name__: cls
    for cls in (R_TRIG, F_TRIG, SR, RS, CTU, CTD, CTUD, TON, TOF, TP, LTON, LTOF, LTP)
}
for _base in (CTU, CTD, CTUD):
    for _count_type in ("INT", "DINT", "LINT", "UDINT", "ULINT"):
        _typed = _typed_counter(_base, _count_type)
        STANDARD_FUNCTION_BLOCKS[_typed.__name__] = _typed


def _tia_blocks() -> dict[str, type[StandardFunctionBlock]]:
    """TIA Portal's names: the timers by time type, SINT/USINT/UINT counters, instance data."""
    blocks: dict[str, type[StandardFunctionBlock]] = {"TONR": TONR}
    timers = {"TIME": (TON, TOF, TP, TONR), "LTIME": (LTON, LTOF, LTP, LTONR)}
    for time_type, (on, off, pulse, accumulating) in timers.items():
        kinds: dict[str, type[StandardFunctionBlock]] = {
            "TON": on,
            "TOF": off,
            "TP": pulse,
            "TONR": accumulating,
        }
        for kind, base in kinds.items():
            blocks[f"{kind}_{time_type}"] = _tia_name(base, f"{kind}_{time_type}")
        data = "IEC_TIMER" if time_type == "TIME" else "IEC_LTIMER"
        types = {"IN": "BOOL", "R": "BOOL", "PT": time_type, "Q": "BOOL", "ET": time_type}
        blocks[data] = _instance_data(data, types, kinds)
    counters = {
        "SINT": "IEC_SCOUNTER",
        "USINT": "IEC_USCOUNTER",
        "INT": "IEC_COUNTER",
        "UINT": "IEC_UCOUNTER",
        "DINT": "IEC_DCOUNTER",
        "UDINT": "IEC_UDCOUNTER",
        "LINT": "IEC_LCOUNTER",
        "ULINT": "IEC_ULCOUNTER",
    }
    for count_type, data in counters.items():
        counting: dict[str, type[StandardFunctionBlock]] = {}
        for counter in (CTU, CTD, CTUD):
            name = f"{counter.__name__}_{count_type}"
            typed = STANDARD_FUNCTION_BLOCKS.get(name)
            if typed is None:  # CTU_SINT, CTU_USINT, CTU_UINT: not in IEC Table 44
                typed = _typed_counter(counter, count_type)
                typed.DIALECT = "scl"
            counting[counter.__name__] = typed
            blocks.setdefault(name, typed)
        blocks[data] = _instance_data(data, dict(counting["CTUD"].TYPES), counting)
    return blocks


for _name, _block in _tia_blocks().items():
    STANDARD_FUNCTION_BLOCKS.setdefault(_name, _block)
