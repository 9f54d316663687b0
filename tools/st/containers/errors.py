"""The error raised when a project file cannot be read as a container of ST.

It sits under ``WerkError`` (see ``werk.tools.errors``) as
``WerkError → ContainerError``: a broken project file is expected bad input,
so the command line prints its one-line message and the language server logs
it and keeps serving the other files.
"""

from __future__ import annotations

from werk.tools.errors import WerkError


class ContainerError(WerkError):
    """A TwinCAT or PLCopen file is not well-formed XML or not laid out as expected.

    The message starts with ``file:line:column`` so editors and terminals can
    jump to the place that needs repair.
    """
