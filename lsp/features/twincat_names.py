"""The names TwinCAT keeps outside the code, in its XML (``.TcPOU``, ``.TcDUT``, ``.TcGVL``,
``.TcIO``).

A TwinCAT object is named twice: in its ST declaration and in the ``Name``
attribute of its XML element (``<POU Name="FB_Pump">``, ``<Method
Name="Start">``, ``<DUT>``, ``<GVL>``, ``<Itf>``), and its line maps are named
after it (``<LineIds Name="FB_Pump.Start">``). TwinCAT shows and links
objects by the attribute, so a rename must change both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from werk.tools.st.model.symbols import GlobalList, Pou, TypeDecl
from werk.tools.st.model.uses import Symbol

TWINCAT_SUFFIXES = frozenset({".tcpou", ".tcdut", ".tcgvl", ".tcio"})
NAMED_ELEMENT = re.compile(
    rb"<(POU|DUT|GVL|Itf|Method|Property|Action|LineIds)\b[^>]*?\bName=\"([^\"]*)\""
)
OBJECT_ELEMENTS = frozenset({b"POU", b"DUT", b"GVL", b"Itf"})
MEMBER_ELEMENTS = frozenset({b"Method", b"Property", b"Action"})


def xml_names(data: bytes, symbol: Symbol) -> Iterator[tuple[int, int]]:
    """Spans of ``symbol``'s name in the XML attributes of its TwinCAT file."""
    name = getattr(symbol, "name", None)
    if not name:
        return
    wanted = name.lower().encode()
    member = isinstance(symbol, Pou) and symbol.parent is not None
    if not member and not isinstance(symbol, Pou | TypeDecl | GlobalList):
        return
    for found in NAMED_ELEMENT.finditer(data):
        element, value = found.group(1), found.group(2)
        start = found.start(2)
        if element == b"LineIds":
            parts = value.split(b".")
            index = 1 if member else 0
            if len(parts) > index and parts[index].lower() == wanted:
                offset = start + sum(len(part) + 1 for part in parts[:index])
                yield offset, offset + len(parts[index])
        elif (
            element in (MEMBER_ELEMENTS if member else OBJECT_ELEMENTS) and value.lower() == wanted
        ):
            yield start, found.end(2)
