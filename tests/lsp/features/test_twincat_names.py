"""The names TwinCAT keeps in XML attributes, found for a rename."""

from __future__ import annotations

from pathlib import Path

from tests.lsp.features.plant import VALVE
from werk.lsp.features.twincat_names import xml_names
from werk.tools.st.loader import load_file
from werk.tools.st.model.symbols import Pou


def names(data: bytes, spans: list[tuple[int, int]]) -> list[bytes]:
    return [data[data.rfind(b"<", 0, start) : end + 1] for start, end in spans]


def test_a_pou_and_its_method_are_named_in_their_elements_and_line_maps() -> None:
    data = VALVE.encode()
    [unit] = load_file(Path("FB_Valve.TcPOU"), data)
    [valve] = unit.declarations.pous
    method: Pou = valve.methods["open"]
    assert names(data, list(xml_names(data, valve))) == [
        b'<POU Name="FB_Valve"',
        b'<LineIds Name="FB_Valve"',
        b'<LineIds Name="FB_Valve.',
    ]
    assert names(data, list(xml_names(data, method))) == [
        b'<Method Name="Open"',
        b'<LineIds Name="FB_Valve.Open"',
    ]


def test_a_variable_has_no_xml_name() -> None:
    data = VALVE.encode()
    [unit] = load_file(Path("FB_Valve.TcPOU"), data)
    [valve] = unit.declarations.pous
    assert list(xml_names(data, valve.variables[0])) == []
