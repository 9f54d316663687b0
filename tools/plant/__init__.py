"""The system model: the plant behind the code.

Tasks and the PROGRAMs they run, every FB instance by path
(``Main.fbStation.fbPump1``), the I/O image with TwinCAT links, and the
signal flow between them: who writes and who reads each signal, in which
task. ``SystemModel.build(project, root=...)`` makes one; ``model.slice``
traces what drives a signal or what it drives; ``werk.tools.plant.iolist``
and ``iolist_check`` compare the code with the electrical I/O lists.
"""

from werk.tools.plant.addresses import Direction, IoAddress
from werk.tools.plant.engineering import Engineering, engineering_of
from werk.tools.plant.instances import FbInstance
from werk.tools.plant.io_image import IoPoint
from werk.tools.plant.iolist import IoList, IoListEntry, read_io_list
from werk.tools.plant.iolist_check import IoListIssue, compare
from werk.tools.plant.model import Binding, SystemModel
from werk.tools.plant.signals import MultiTaskWrite, SignalFlow, SignalStep
from werk.tools.plant.slicing import Slice, SliceDirection, SliceStep
from werk.tools.plant.tasks import PlcTask, ProgramRun
from werk.tools.plant.twincat import IoLink

__all__ = [
    "Binding",
    "Direction",
    "Engineering",
    "FbInstance",
    "IoAddress",
    "IoLink",
    "IoList",
    "IoListEntry",
    "IoListIssue",
    "IoPoint",
    "MultiTaskWrite",
    "PlcTask",
    "ProgramRun",
    "SignalFlow",
    "SignalStep",
    "Slice",
    "SliceDirection",
    "SliceStep",
    "SystemModel",
    "compare",
    "engineering_of",
    "read_io_list",
]
