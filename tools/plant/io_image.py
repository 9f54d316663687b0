"""The I/O image: every ``%I``/``%Q``/``%M`` address, the variable at it, and its wiring.

A point of the image is a variable declared ``AT`` an address, in a global
list, a PROGRAM or a function block (one point per instance of the FB:
``Main.fbPump1.bOut AT %Q*`` and ``Main.fbPump2.bOut AT %Q*`` are two output
channels), or an address the code uses directly (``%QX0.2 := TRUE;``). A
TwinCAT link from the ``.tsproj`` wires an ``AT %I*``/``%Q*`` variable to a
device channel; it is attached to the point of that variable.

Each point becomes an ``io`` step of the signal flow, in the direction the
value travels: an input's variable is written from its address or channel,
an output's address or channel from its variable, marker memory both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werk.tools.plant.addresses import Direction, IoAddress, normal_address
from werk.tools.plant.engineering import Engineering, engineering_of
from werk.tools.plant.flow import StepKind, fb_parameters, global_path, location_text, one_line
from werk.tools.plant.instances import InstanceTree
from werk.tools.plant.signals import SignalStep
from werk.tools.plant.sources import SourceLines, SourceRef
from werk.tools.plant.twincat import IoLink
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Location, Variable, key

SIZE_TYPES = {"X": "BOOL", "B": "BYTE", "W": "WORD", "D": "DWORD", "L": "LWORD"}


@dataclass
class IoPoint:
    """One variable (or direct use) at one address of the I/O image."""

    signal: str  # GVL_IO.bStart, Main.fbPump1.bOut; the address itself for a direct use
    address: str | None  # normal form: %IX0.0, %QW4; %I* when the I/O configuration places it
    direction: Direction
    type: str
    declared_at: SourceRef
    variable: Variable | None = None
    engineering: Engineering = field(default_factory=Engineering)
    description: str | None = None
    instance: str | None = None  # the instance path for a variable of an FB or PROGRAM
    links: list[IoLink] = field(default_factory=list)
    direct_use: bool = False  # an address the code uses without a declaration
    location: Location | None = None  # the declaration's name, or the first direct use

    @property
    def key(self) -> str:
        return key(self.signal)

    @property
    def located(self) -> bool:
        """Whether the code itself places it (``%IX0.1``), not the I/O configuration (``%I*``)."""
        parsed = IoAddress.parse(self.address) if self.address else None
        return parsed is not None and not parsed.unlocated

    def endpoints(self) -> list[str]:
        """Where the value meets the field: the address, and any linked channel."""
        found = [link.endpoint for link in self.links]
        if self.located and self.address is not None:
            found.insert(0, self.address)
        return found


@dataclass
class IoImage:
    points: list[IoPoint] = field(default_factory=list)
    unresolved_links: list[IoLink] = field(default_factory=list)

    def by_signal(self, signal: str) -> IoPoint | None:
        wanted = key(signal)
        return next((p for p in self.points if p.key == wanted), None)

    def at(self, address: str) -> list[IoPoint]:
        wanted = normal_address(address) or address
        return [p for p in self.points if p.address == wanted]


def direction_of(address: str | None, link: IoLink | None) -> Direction:
    parsed = IoAddress.parse(address) if address else None
    if parsed is not None:
        return parsed.direction
    if link is not None and link.area is not None and link.area.endswith(" Outputs"):
        return Direction.OUTPUT
    return Direction.INPUT


def collect_io(
    project: Project,
    instances: InstanceTree,
    links: list[IoLink],
    direct_uses: dict[str, Location],
    lines: SourceLines,
) -> IoImage:
    """Every declared or used address; ``direct_uses`` maps addresses used in code to a use."""
    image = IoImage()
    for gvl in project.global_lists:
        if project.is_standard(gvl):
            continue
        for variable in gvl.variables:
            if variable.address:
                image.points.append(point(global_path(variable), variable, None, lines))
    for instance in instances.all():
        for variable in fb_parameters(instance.pou, project):
            if variable.address:
                signal = f"{instance.path}.{variable.name}"
                image.points.append(point(signal, variable, instance.path, lines))
    declared = {p.address for p in image.points if p.address}
    for address, location in sorted(direct_uses.items()):
        if address in declared:
            continue
        parsed = IoAddress.parse(address)
        image.points.append(
            IoPoint(
                signal=address,
                address=address,
                direction=parsed.direction if parsed else Direction.MEMORY,
                type=SIZE_TYPES.get(parsed.size, "?") if parsed else "?",
                declared_at=lines.of(location),
                direct_use=True,
                location=location,
            )
        )
    by_signal = {p.key: p for p in image.points}
    for link in links:
        found = by_signal.get(key(link.symbol))
        if found is None:
            image.unresolved_links.append(link)
        else:
            found.links.append(link)
    return image


def point(signal: str, variable: Variable, instance: str | None, lines: SourceLines) -> IoPoint:
    address = normal_address(variable.address) or variable.address
    return IoPoint(
        signal=signal,
        address=address,
        direction=direction_of(address, None),
        type=str(variable.type),
        declared_at=lines.of(variable.location),
        variable=variable,
        engineering=engineering_of(variable),
        description=variable.doc,
        instance=instance,
        location=variable.location,
    )


def io_steps(image: IoImage) -> list[SignalStep]:
    """The flow between each point's variable and the field, in the direction the value travels."""
    steps: list[SignalStep] = []
    for p in image.points:
        if p.direct_use:
            continue
        ends: list[tuple[str, SourceRef, str, tuple[str, ...]]] = []
        if p.located and p.address is not None:
            declaration = p.variable.declaration if p.variable is not None else None
            text = location_text(declaration) if declaration is not None else p.signal
            ends.append((p.address, p.declared_at, one_line(text), ()))
        for link in p.links:
            area = f"{link.area}^" if link.area else ""
            statement = f"link {area}{link.symbol} <-> {link.endpoint}"
            ends.append((link.endpoint, link.source, statement, (link.task,) if link.task else ()))
        for endpoint, source, statement, tasks in ends:
            if p.direction in (Direction.INPUT, Direction.MEMORY):
                steps.append(io_step(p.signal, endpoint, statement, source, tasks))
            if p.direction in (Direction.OUTPUT, Direction.MEMORY):
                steps.append(io_step(endpoint, p.signal, statement, source, tasks))
    return steps


def io_step(
    target: str, source: str, statement: str, where: SourceRef, tasks: tuple[str, ...]
) -> SignalStep:
    return SignalStep(
        kind=StepKind.IO,
        target=target,
        sources=(source,),
        conditions=(),
        context="",
        pou="",
        statement=statement,
        source=where,
        tasks=tasks,
    )
