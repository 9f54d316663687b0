"""``trace_signal``: what drives a signal, or what it drives, through the whole plant model.

``find_references`` answers "where is this name written"; this answers the
engineer's question behind it: which chain of assignments, FB calls and I/O
links leads to ``%QX0.1`` (backward), or what a sensor input influences
(forward), per FB instance and task (``werk trace`` in a tool). Targets are
addresses, globals, instance paths or unique names; an unknown target is an
error that lists the closest known signals.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, field_validator

from werk.agent.tools.base import ToolArguments, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence

DEFAULT_DEPTH = 8
_DIRECTIONS = {
    "backward": "backward",
    "backwards": "backward",
    "back": "backward",
    "to": "backward",
    "writers": "backward",
    "drivers": "backward",
    "forward": "forward",
    "forwards": "forward",
    "from": "forward",
    "readers": "forward",
}


class TraceSignalArguments(ToolArguments):
    target: str = Field(
        description="The signal: an address (%QX0.1), a global (GVL_IO.bStart), an instance "
        "path (MAIN.fbPump1.bRun) or a name unique in the project.",
        validation_alias=AliasChoices("target", "signal", "name", "variable", "address"),
    )
    direction: Literal["backward", "forward"] = Field(
        "backward",
        description="'backward': what drives (writes) the signal; 'forward': what it drives.",
    )
    depth: int = Field(
        DEFAULT_DEPTH, description=f"How many steps to follow (default {DEFAULT_DEPTH})."
    )

    @field_validator("direction", mode="before")
    @classmethod
    def _synonyms(cls, value: object) -> object:
        if isinstance(value, str):
            return _DIRECTIONS.get(value.strip().lower(), value)
        return value


def trace_signal(context: ToolContext, arguments: TraceSignalArguments) -> str:
    """Trace a PLC signal through the code and I/O wiring: direction='backward' shows the
    chain of statements (per FB instance and task, with file:line) that writes it, down to
    inputs and constants; 'forward' shows everything it influences."""
    from werk.tools.plant.slicing import SliceDirection
    from werk.tools.plant.views.as_json import relative_to
    from werk.tools.plant.views.as_text import slice_text

    model = context.system_model()
    result = model.slice(
        arguments.target.strip(),
        SliceDirection(arguments.direction),
        max_depth=max(1, arguments.depth),
    )
    text = slice_text(model, result, relative_to(context.root))
    if result.truncated:
        text += f"(cut at depth {max(1, arguments.depth)}: trace a signal further down for more)\n"
    return fence(f"trace of {arguments.target.strip()}", text)


TOOL = ToolSpec("trace_signal", TraceSignalArguments, trace_signal)
