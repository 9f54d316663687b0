"""A realistic FB over a multi-cycle trace: the motor starter of ``motor.st``.

The trace gives the inputs to set before each 10 ms cycle and the outputs
expected after it, worked out from the starter's specification: start on
a rising edge, stop on the NC stop button or the interlock, trip when the
auxiliary contact disagrees with the contactor for 500 ms, reset on a
rising edge.
"""

from __future__ import annotations

from tests.tools.st.sim.support import simulate

START, STOP, GUARD, AUX, RESET = "%IX0.0", "%IX0.1", "%IX0.2", "%IX0.3", "%IX0.4"
MOTOR, FAULT = "%QX0.0", "%QX0.1"

# (cycle time ms, inputs set before the cycle, (motor, fault) after it)
TRACE: list[tuple[int, dict[str, bool], tuple[bool, bool]]] = [
    (0, {STOP: True, GUARD: True}, (False, False)),  # healthy, idle
    (10, {START: True}, (True, False)),  # rising edge: contactor on, feedback not yet
    (20, {AUX: True}, (True, False)),  # feedback arrives: the discrepancy timer resets
    (30, {START: False}, (True, False)),
    (40, {START: True}, (True, False)),  # a new edge while running changes nothing
    (50, {STOP: False}, (False, False)),  # stop pressed (NC opens): off
    (60, {STOP: True, AUX: False}, (False, False)),  # released: stays off, feedback drops
    (70, {START: False}, (False, False)),
    (80, {START: True}, (True, False)),  # started again; feedback will never come
    # The discrepancy began in the cycle at 80 ms: the TON reaches 500 ms at 580 ms.
    (570, {}, (True, False)),
    (580, {}, (False, True)),  # tripped
    (590, {START: False}, (False, True)),
    (600, {START: True}, (False, True)),  # a start edge does nothing while tripped
    (610, {RESET: True}, (False, False)),  # reset edge clears the fault
    # The aux contact closes while the contactor is off (welded?): the timer starts again.
    (620, {START: False, RESET: False, AUX: True}, (False, False)),
]


def test_motor_starter_trace() -> None:
    sim = simulate("motor.st")
    assert sim.unsupported == []
    for time_ms, inputs, (motor, fault) in TRACE:
        sim.advance(time_ms - sim.clock.now_ms)  # run the cycles before this one
        for address, value in inputs.items():
            sim.set(address, value)
        sim.cycle()
        assert sim.clock.now_ms == time_ms
        assert (sim.get(MOTOR), sim.get(FAULT)) == (motor, fault), time_ms
    assert sim.get("MotorCell.fbPump.nStarts") == 2  # at 10 ms and at 80 ms


def test_welded_contact_trips_after_the_timeout() -> None:
    """The last trace step: the aux contact closed while the contactor is off (welded)
    must trip after 500 ms of discrepancy, not at once."""
    sim = simulate("motor.st")
    sim.set(STOP, True)
    sim.set(GUARD, True)
    sim.set(AUX, True)  # discrepancy from the first cycle at 0 ms
    sim.advance(500)  # cycles at 0..490 ms
    assert sim.get(FAULT) is False
    assert sim.get("MotorCell.fbPump.tonFeedback.ET") == 490
    sim.cycle()  # at 500 ms
    assert sim.get(FAULT) is True
    assert sim.get("MotorCell.fbPump.tonFeedback.ET") == 500
