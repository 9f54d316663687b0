"""What generated bodies may refer to: bound names, temporaries and constants."""

from __future__ import annotations

from tests.tools.st.sim.support import project_of
from werk.tools.st.sim.compiler import Compiler
from werk.tools.st.sim.context import BodyContext, FrameKind
from werk.tools.st.sim.iec.clock import VirtualClock
from werk.tools.st.sim.io_image import IoImage
from werk.tools.st.sim.runtime import Machine


def context() -> BodyContext:
    project = project_of("timing.st")
    compiler = Compiler(project, Machine(VirtualClock(), IoImage()), None)
    pou = project.find_pou("Timing")
    assert pou is not None
    return BodyContext(compiler, pou, FrameKind.INSTANCE, fb=compiler.fb_class(pou))


def test_bound_names_and_temporaries_are_fresh() -> None:
    body = context()
    first, second = body.bind(1.5, "_c"), body.bind("text", "_c")
    assert first != second and body.namespace[first] == 1.5
    assert body.temp() != body.temp()


def test_literals() -> None:
    body = context()
    assert body.literal_source(True) == "True"
    assert body.literal_source(-3) == "(-3)"
    assert body.literal_source(42) == "42"
    name = body.literal_source(0.1)  # floats and strings are bound, never printed
    assert body.namespace[name] == 0.1


def test_access_to_the_programs_own_variables() -> None:
    body = context()
    pou = body.pou
    variable = pou.variable("nCycles")
    assert variable is not None
    access = body.access(variable)
    assert access is not None and access.where == "frame"
