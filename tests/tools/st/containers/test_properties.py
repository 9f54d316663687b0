"""Property tests: ST bodies round-trip through a .TcPOU; damaged files never crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tools.st.containers.support import fixture
from werk.tools.st.containers import ContainerError, documents_for, extract_twincat
from werk.tools.st.document import StDocument

# Printable text plus what stresses CDATA and offsets: CRLF, lone CR, "]" runs,
# markup characters, multi-byte UTF-8. "]]>" would end the section, so it is
# excluded the way TwinCAT itself cannot write it.
_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"))
_BODY = (
    st.lists(
        st.one_of(_CHARACTERS, st.sampled_from(["\r\n", "\r", "\n", "\t", "]]", "]", "<", "&"]))
    )
    .map("".join)
    .map(lambda text: text.encode("utf-8"))
    .filter(lambda body: b"]]>" not in body)
)


def _cdata(body: bytes) -> bytes:
    return b"<![CDATA[" + body + b"]]>"


class _TcPouWriter:
    """Writes a .TcPOU around given bodies and remembers where each body starts."""

    def __init__(self) -> None:
        self.data = b'<?xml version="1.0" encoding="utf-8"?>\r\n'
        self.bodies: list[tuple[int, bytes]] = []

    def raw(self, text: bytes) -> None:
        self.data += text

    def body(self, body: bytes) -> None:
        self.raw(b"<ST><![CDATA[")
        self.bodies.append((len(self.data), body))
        self.raw(body + b"]]></ST>")


def _tcpou(methods: list[bytes], actions: list[bytes], getter: bytes, main: bytes) -> _TcPouWriter:
    writer = _TcPouWriter()
    writer.raw(b'<TcPlcObject Version="1.1.0.1" ProductVersion="3.1.4024.12">\r\n')
    writer.raw(b'  <POU Name="FB_Gen" Id="{00000000-0000-0000-0000-000000000001}">\r\n')
    writer.raw(b"    <Declaration>" + _cdata(b"FUNCTION_BLOCK FB_Gen\r\nVAR\r\nEND_VAR\r\n"))
    writer.raw(b"</Declaration>\r\n    <Implementation>")
    writer.body(main)
    writer.raw(b"</Implementation>\r\n")
    for index, body in enumerate(methods):
        writer.raw(b'    <Method Name="M%d"><Declaration>' % index)
        writer.raw(_cdata(b"METHOD M%d : BOOL\r\n" % index) + b"</Declaration><Implementation>")
        writer.body(body)
        writer.raw(b"</Implementation></Method>\r\n")
    writer.raw(b'    <Property Name="P"><Declaration>' + _cdata(b"PROPERTY P : INT"))
    writer.raw(b'</Declaration><Get Name="Get"><Implementation>')
    writer.body(getter)
    writer.raw(b"</Implementation></Get></Property>\r\n")
    for index, body in enumerate(actions):
        writer.raw(b'    <Action Name="A%d"><Implementation>' % index)
        writer.body(body)
        writer.raw(b"</Implementation></Action>\r\n")
    writer.raw(b"  </POU>\r\n</TcPlcObject>\r\n")
    return writer


def _assert_body_round_trips(document: StDocument, offset: int, body: bytes) -> None:
    derived = document.to_file.to_derived(offset)
    assert document.text[derived : derived + len(body)] == body
    for index in range(len(body)):
        assert document.to_file.to_original(derived + index) == offset + index


@given(
    methods=st.lists(_BODY, max_size=3),
    actions=st.lists(_BODY, max_size=2),
    getter=_BODY,
    main=_BODY,
    bom=st.booleans(),
)
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_body_byte_maps_to_the_same_byte_in_the_file(
    methods: list[bytes], actions: list[bytes], getter: bytes, main: bytes, bom: bool
) -> None:
    writer = _tcpou(methods, actions, getter, main)
    prefix = b"\xef\xbb\xbf" if bom else b""
    data = prefix + writer.data
    (document,) = extract_twincat(Path("FB_Gen.TcPOU"), data)
    for offset, body in writer.bodies:
        assert data[len(prefix) + offset :].startswith(body)
        if body:
            _assert_body_round_trips(document, len(prefix) + offset, body)
    assert document.text.count(b"END_METHOD") == len(methods)
    assert document.text.count(b"END_ACTION") == len(actions)


@st.composite
def _mutated_fixture(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(["FB_Pump.TcPOU", "water_plant.xml", "I_Pump.TcIO"]))
    data = fixture(name)[1]
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 40)))
        data = data[:start] + draw(st.binary(max_size=12)) + data[end:]
    return name, data


@given(_mutated_fixture())
@settings(deadline=None, max_examples=300)
def test_damaged_files_give_documents_or_a_container_error(case: tuple[str, bytes]) -> None:
    name, data = case
    try:
        documents = documents_for(Path(name), data)
    except ContainerError as error:
        assert error.message.startswith(name)
        return
    for document in documents:
        for offset in range(0, len(document.text) + 1, 7):
            assert 0 <= document.to_file.to_original(offset) <= len(data)
