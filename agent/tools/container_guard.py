"""Edits of TwinCAT and PLCopen XML files must leave them readable by TwinCAT, CODESYS and werk.

The ST of a ``.TcPOU`` lives in CDATA sections of an XML file. An edit
inside the ST is safe as long as it does not close the CDATA section early:
a replacement containing ``]]>`` (possible in ST: ``a[i[1]]>b``) would turn
the rest of the code into XML and break the file, so it is refused with the
one-character fix. Any edit is then checked by reading the new file as the
container it is (``werk.tools.st.containers``): if it is no longer
well-formed or laid out as TwinCAT or PLCopen expect, the edit is refused
with the XML parser's message and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from werk.agent.tools.base import ToolInputError
from werk.tools.errors import WerkError
from werk.tools.st.containers.dispatch import TWINCAT_SUFFIXES
from werk.tools.st.containers.plcopen import PLCOPEN_NAMESPACES

CDATA_OPEN = b"<![CDATA["
CDATA_CLOSE = b"]]>"


def is_container(path: Path, data: bytes) -> bool:
    suffix = path.suffix.lower()
    if suffix in TWINCAT_SUFFIXES:
        return True
    return suffix == ".xml" and any(namespace.encode() in data for namespace in PLCOPEN_NAMESPACES)


def check_container_edit(path: Path, old: bytes, start: int, end: int, replacement: bytes) -> None:
    """Refuse replacing ``old[start:end]`` by ``replacement`` if it breaks the container.

    Offsets are bytes of ``old``. Raises ``ToolInputError``; returns when the edit is fine.
    """
    if not is_container(path, old):
        return
    inside_cdata = _cdata_around(old, start, end)
    if inside_cdata and CDATA_CLOSE in replacement:
        raise ToolInputError(
            "the replacement contains ']]>', which would end the file's CDATA section and "
            "break the XML",
            hint="write it with a space, e.g. 'a[i[1]] > b', and send the edit again",
        )
    new = old[:start] + replacement + old[end:]
    from werk.tools.st.containers import documents_for

    try:
        documents_for(path, new)
    except WerkError as exc:
        where = "inside the ST" if inside_cdata else "in the XML"
        hint = "edit only the ST inside the CDATA sections, or keep the XML elements intact"
        if path.suffix.lower() == ".xml":
            hint = "PLCopen XML writes '<' as &lt;, '>' as &gt; and '&' as &amp; inside code"
        raise ToolInputError(
            f"the edit {where} would make {path.name} unreadable: {exc.message}; nothing was "
            "written",
            hint=hint,
        ) from None


def _cdata_around(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` lies inside one CDATA section's content."""
    opened = data.rfind(CDATA_OPEN, 0, start + 1)
    if opened < 0:
        return False
    content = opened + len(CDATA_OPEN)
    if content > start:
        return False
    closed = data.find(CDATA_CLOSE, content)
    return closed >= end
