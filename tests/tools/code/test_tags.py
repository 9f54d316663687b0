"""Tags of each language: exact names, kinds, categories and lines on fixtures written for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.code.languages import language_for_path
from werk.tools.code.tags import FileTags, Tag, extract_tags

PYTHON = """\
# A pumping station.

from plant.io import AnalogInput, read_level as level

MAX_LEVEL: float = 4.5


class PumpFault(Exception):
    pass


@dataclass
class Station(BaseStation):
    inlet: AnalogInput
    rate = 3

    def start(self, speed: float) -> Valve:
        self.pump.run(speed)
        return open_valve(level(self.inlet))

    @property
    def running(self) -> bool:
        try:
            return check()
        except PumpFault:
            return False


def open_valve(position: list[Valve]) -> None:
    def nested():
        pass
"""

C = """\
#include "valve.h"

#define VALVE_COUNT 4
#define CLAMP(x, lo, hi) ((x) < (lo) ? (lo) : (x))

typedef struct valve {
    int position;
} valve_t;

typedef void (*valve_callback)(valve_t *v);

enum valve_state { VALVE_CLOSED, VALVE_OPEN };

static valve_t valves[VALVE_COUNT];
int valve_errors = 0;

int valve_open(valve_t *v, int target);

int valve_open(valve_t *v, int target)
{
    v->position = CLAMP(target, 0, 100);
    notify(v);
    return VALVE_OPEN;
}

static struct valve *
valve_find(int id)
{
    return &valves[id];
}
"""

CPP = """\
#include <vector>

namespace plant {

template <typename T>
class RingBuffer : public BufferBase {
public:
    void push(const T& value);
    std::size_t size() const { return count_; }
private:
    std::size_t count_ = 0;
};

struct Sample {
    double value;
};

enum class Mode { Idle, Running };

using SampleBuffer = RingBuffer<Sample>;

class Logger;

void RingBuffer<Sample>::push(const Sample& value) {
    Logger log;
    log.write(value);
    std::sort(begin, end);
    auto* copy = new Sample(value);
    record<Sample>(copy);
}

int checksum(const Sample& s);

}  // namespace plant
"""

STRUCTURED_TEXT = """\
TYPE E_PumpState : (Idle, Running, Fault);
END_TYPE

TYPE ST_PumpData :
STRUCT
    rFlow : REAL;
END_STRUCT;
END_TYPE

VAR_GLOBAL
    gMaxFlow : REAL;
END_VAR

FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL;
END_VAR
VAR
    tDelay : TON;
    eState : E_PumpState;
END_VAR
tDelay(IN := bStart, PT := T#5S);
IF tDelay.Q THEN
    eState := E_PumpState.Running;
END_IF
data.rFlow := Scale(GMAXFLOW);
END_FUNCTION_BLOCK

FUNCTION Scale : REAL
VAR_INPUT
    x : REAL;
END_VAR
Scale := x * 0.1;
END_FUNCTION

PROGRAM MAIN
VAR
    fbPump : fb_pump;
END_VAR
fbPump(bStart := TRUE);
END_PROGRAM
"""

TWINCAT_POU = """\
<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1" ProductVersion="3.1.4024.12">
  <POU Name="FB_Motor" Id="{8b3c1a2e-0000-0000-0000-000000000001}" SpecialFunc="None">
    <Declaration><![CDATA[FUNCTION_BLOCK FB_Motor
VAR_INPUT
    bEnable : BOOL;
END_VAR
VAR
    fbTimer : TON;
END_VAR
]]></Declaration>
    <Implementation>
      <ST><![CDATA[fbTimer(IN := bEnable AND GVL_IO.bReady, PT := T#2S);]]></ST>
    </Implementation>
    <Method Name="Reset" Id="{8b3c1a2e-0000-0000-0000-000000000002}">
      <Declaration><![CDATA[METHOD Reset : BOOL
VAR_INPUT
    bHard : BOOL;
END_VAR
]]></Declaration>
      <Implementation>
        <ST><![CDATA[IF bHard THEN Reset := TRUE; END_IF]]></ST>
      </Implementation>
    </Method>
    <Property Name="Speed" Id="{8b3c1a2e-0000-0000-0000-000000000003}">
      <Declaration><![CDATA[PROPERTY Speed : REAL]]></Declaration>
      <Get Name="Get" Id="{8b3c1a2e-0000-0000-0000-000000000004}">
        <Declaration><![CDATA[VAR
END_VAR
]]></Declaration>
        <Implementation>
          <ST><![CDATA[Speed := ScaleSpeed(fbTimer.ET);]]></ST>
        </Implementation>
      </Get>
    </Property>
    <Action Name="Stop" Id="{8b3c1a2e-0000-0000-0000-000000000005}">
      <Implementation>
        <ST><![CDATA[bEnable := FALSE;]]></ST>
      </Implementation>
    </Action>
  </POU>
</TcPlcObject>
"""

TWINCAT_GVL = """\
<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1" ProductVersion="3.1.4024.12">
  <GVL Name="GVL_IO" Id="{8b3c1a2e-0000-0000-0000-000000000006}">
    <Declaration><![CDATA[VAR_GLOBAL
    bReady : BOOL;
    iLevel : INT;
END_VAR
]]></Declaration>
  </GVL>
</TcPlcObject>
"""


def tags_of(path: str, text: str) -> FileTags:
    language = language_for_path(path)
    assert language is not None
    return extract_tags(path, text.encode(), language)


def definitions(tags: FileTags) -> list[tuple[str, str, int]]:
    return [(tag.category, tag.name, tag.line) for tag in tags.tags if tag.kind == "def"]


def references(tags: FileTags) -> list[tuple[str, str, int]]:
    return [(tag.category, tag.name, tag.line) for tag in tags.tags if tag.kind == "ref"]


def test_python_definitions_and_references() -> None:
    tags = tags_of("station.py", PYTHON)
    assert not tags.has_parse_errors
    assert definitions(tags) == [
        ("variable", "MAX_LEVEL", 5),
        ("class", "PumpFault", 8),
        ("class", "Station", 13),
        ("field", "inlet", 14),
        ("field", "rate", 15),
        ("method", "start", 17),
        ("method", "running", 22),
        ("function", "open_valve", 29),
        ("function", "nested", 30),
    ]
    assert references(tags) == [
        ("import", "AnalogInput", 3),
        ("import", "read_level", 3),
        ("type", "float", 5),
        ("type", "Exception", 8),
        ("call", "dataclass", 12),
        ("type", "BaseStation", 13),
        ("type", "AnalogInput", 14),
        ("type", "float", 17),
        ("type", "Valve", 17),
        ("call", "run", 18),
        ("call", "open_valve", 19),
        ("call", "level", 19),
        ("call", "property", 21),
        ("type", "bool", 22),
        ("call", "check", 24),
        ("type", "PumpFault", 25),
        ("type", "list", 29),
        ("type", "Valve", 29),
    ]


def test_c_definitions_and_references() -> None:
    tags = tags_of("valve.c", C)
    assert not tags.has_parse_errors
    assert definitions(tags) == [
        ("macro", "VALVE_COUNT", 3),
        ("macro", "CLAMP", 4),
        ("struct", "valve", 6),
        ("typedef", "valve_t", 8),
        ("typedef", "valve_callback", 10),
        ("enum", "valve_state", 12),
        ("constant", "VALVE_CLOSED", 12),
        ("constant", "VALVE_OPEN", 12),
        ("variable", "valves", 14),
        ("variable", "valve_errors", 15),
        ("prototype", "valve_open", 17),
        ("function", "valve_open", 19),
        ("function", "valve_find", 27),
    ]
    assert references(tags) == [
        ("type", "valve_t", 10),
        ("type", "valve_t", 14),
        ("identifier", "VALVE_COUNT", 14),
        ("type", "valve_t", 17),
        ("type", "valve_t", 19),
        ("call", "CLAMP", 21),
        ("identifier", "target", 21),
        ("call", "notify", 22),
        ("identifier", "v", 22),
        ("identifier", "VALVE_OPEN", 23),
        ("type", "valve", 26),
        ("identifier", "valves", 29),
        ("identifier", "id", 29),
    ]


def test_cpp_definitions_and_references() -> None:
    tags = tags_of("buffer.cpp", CPP)
    assert not tags.has_parse_errors
    assert definitions(tags) == [
        ("namespace", "plant", 3),
        ("template", "RingBuffer", 6),
        ("method", "push", 8),
        ("method", "size", 9),
        ("struct", "Sample", 14),
        ("enum", "Mode", 18),
        ("constant", "Idle", 18),
        ("constant", "Running", 18),
        ("typedef", "SampleBuffer", 20),
        ("method", "push", 24),
        ("prototype", "checksum", 32),
    ]
    assert references(tags) == [
        ("type", "BufferBase", 6),
        ("type", "T", 8),
        ("type", "size_t", 9),
        ("identifier", "count_", 9),
        ("type", "size_t", 11),
        ("type", "RingBuffer", 20),
        ("type", "Sample", 20),
        ("type", "RingBuffer", 24),
        ("type", "Sample", 24),
        ("type", "Sample", 24),
        ("type", "Logger", 25),
        ("call", "write", 26),
        ("identifier", "value", 26),
        ("call", "sort", 27),
        ("identifier", "begin", 27),
        ("identifier", "end", 27),
        ("type", "Sample", 28),
        ("identifier", "value", 28),
        ("call", "record", 29),
        ("type", "Sample", 29),
        ("identifier", "copy", 29),
        ("type", "Sample", 32),
    ]


def test_structured_text_definitions_references_and_folded_keys() -> None:
    tags = tags_of("pump.st", STRUCTURED_TEXT)
    assert not tags.has_parse_errors
    assert definitions(tags) == [
        ("type", "E_PumpState", 1),
        ("constant", "Idle", 1),
        ("constant", "Running", 1),
        ("constant", "Fault", 1),
        ("type", "ST_PumpData", 4),
        ("field", "rFlow", 6),
        ("global_variable", "gMaxFlow", 11),
        ("function_block", "FB_Pump", 14),
        ("function", "Scale", 29),
        ("program", "MAIN", 36),
    ]
    assert references(tags) == [
        ("type", "TON", 19),
        ("type", "E_PumpState", 20),
        ("call", "tDelay", 22),
        ("identifier", "bStart", 22),
        ("identifier", "tDelay", 23),
        ("identifier", "eState", 24),
        ("identifier", "E_PumpState", 24),
        ("identifier", "data", 26),
        ("call", "Scale", 26),
        ("identifier", "GMAXFLOW", 26),
        ("identifier", "Scale", 33),
        ("identifier", "x", 33),
        ("type", "fb_pump", 38),
        ("call", "fbPump", 40),
    ]
    assert all(tag.key == tag.name.lower() for tag in tags.tags)


@pytest.mark.parametrize(
    ("path", "text"),
    [("station.py", PYTHON), ("valve.c", C), ("buffer.cpp", CPP), ("pump.st", STRUCTURED_TEXT)],
)
def test_tags_point_at_their_names_and_definitions_carry_their_line(path: str, text: str) -> None:
    source = text.encode()
    lines = text.splitlines()
    for tag in tags_of(path, text).tags:
        assert source[tag.start_byte : tag.end_byte].decode() == tag.name
        assert source[: tag.start_byte].count(b"\n") + 1 == tag.line
        if tag.kind == "def":
            assert tag.signature_line == lines[tag.line - 1].rstrip()
            assert tag.end_line >= tag.line
        else:
            assert tag.signature_line == ""


def test_definitions_span_their_body() -> None:
    tags = {tag.name: tag for tag in tags_of("station.py", PYTHON).tags if tag.kind == "def"}
    assert (tags["Station"].line, tags["Station"].end_line) == (13, 26)
    assert (tags["start"].line, tags["start"].end_line) == (17, 19)
    c_tags = {tag.name: tag for tag in tags_of("valve.c", C).tags if tag.kind == "def"}
    assert (c_tags["CLAMP"].line, c_tags["CLAMP"].end_line) == (4, 4)


def test_twincat_xml_is_tagged_at_the_bytes_of_the_xml_file() -> None:
    tags = tags_of("FB_Motor.TcPOU", TWINCAT_POU)
    assert definitions(tags) == [
        ("function_block", "FB_Motor", 4),
        ("method", "Reset", 16),
        ("property", "Speed", 26),
        ("method", "Stop", 36),
    ]
    assert references(tags) == [
        ("type", "TON", 9),
        ("call", "fbTimer", 13),
        ("identifier", "bEnable", 13),
        ("identifier", "GVL_IO", 13),
        ("identifier", "bHard", 22),
        ("identifier", "Reset", 22),
        ("identifier", "Speed", 32),
        ("call", "ScaleSpeed", 32),
        ("identifier", "fbTimer", 32),
        ("identifier", "bEnable", 38),
    ]
    source = TWINCAT_POU.encode()
    for tag in tags.tags:
        assert source[tag.start_byte : tag.end_byte].decode() == tag.name
    signatures = {tag.name: tag.signature_line for tag in tags.tags if tag.kind == "def"}
    assert signatures["FB_Motor"] == "FUNCTION_BLOCK FB_Motor"
    assert signatures["Reset"] == "METHOD Reset : BOOL"
    # The action's signature is the XML line that declares it: the user's own text.
    assert signatures["Stop"].startswith('<Action Name="Stop')


def test_twincat_global_variable_lists_define_globals() -> None:
    tags = tags_of("GVL_IO.TcGVL", TWINCAT_GVL)
    assert definitions(tags) == [
        ("global_variable", "bReady", 5),
        ("global_variable", "iLevel", 6),
    ]


def test_a_file_with_syntax_errors_is_tagged_as_far_as_it_parses() -> None:
    tags = tags_of("broken.py", "def ok():\n    pass\n\ndef broken(:\n    return (\n")
    assert tags.has_parse_errors
    assert ("function", "ok", 1) in definitions(tags)


def test_tag_fields_are_the_documented_ones() -> None:
    assert Tag._fields == (
        "path", "name", "kind", "category", "line", "start_byte", "end_byte",
        "signature_line", "end_line", "key",
    )  # fmt: skip


def test_plcopen_xml_is_tagged_at_the_bytes_of_the_xml_file() -> None:
    fixture = (
        Path(__file__).parents[2] / "tools" / "st" / "containers" / "fixtures" / "water_plant.xml"
    )
    source = fixture.read_bytes()
    language = language_for_path("water_plant.xml")
    assert language is not None and language.name == "st"
    tags = extract_tags("water_plant.xml", source, language)
    defined = [tag for tag in tags.tags if tag.kind == "def"]
    assert len({tag.name for tag in defined}) >= 3
    for tag in tags.tags:  # every tag, from every POU of the file, on the file's own bytes
        assert source[tag.start_byte : tag.end_byte].decode().lower() == tag.name.lower()
