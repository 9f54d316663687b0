"""Dialect conformance: one case per construct, each checked in the semantic model.

Lowering makes every construct parse; these cases prove the model still means
what the engineer wrote: a set-assignment writes only when its condition is
true, bit access addresses a bit of its word, `#local` is the local variable,
an ACTION belongs to its FB, and so on.
"""

from __future__ import annotations

from tests.tools.st.model.conftest import MakeProject
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind, Section, TypeKind, Variable
from werk.tools.st.model.types import ArrayType, ElementaryType, EnumType, ReferenceType, StringType
from werk.tools.st.model.uses import Use, UseKind


def only_pou(project: Project, name: str) -> Pou:
    pou = project.find_pou(name)
    assert pou is not None, name
    assert [u.issues for u in project.units()] == [[]] * len(list(project.units()))
    return pou


def uses(project: Project, pou: Pou, name: str) -> list[Use]:
    return [u for u in project.analysis(pou).uses if u.name.lower() == name.lower()]


SCL_FB = """\
FUNCTION_BLOCK "FB Motor"
{ S7_Optimized_Access := 'TRUE' }
VERSION : 0.1
VAR_INPUT
    start : Bool;
END_VAR
VAR
    count : Int;
END_VAR
BEGIN
REGION Counting
    #count := #count + 1;
END_REGION
    IF #start THEN
        #count := 0;
    END_IF;
END_FUNCTION_BLOCK
"""


def test_scl_quoted_name_begin_version_pragma_region_and_locals(make_project: MakeProject) -> None:
    project = make_project(SCL_FB, dialect=Dialect.SCL)
    fb = only_pou(project, "FB Motor")
    assert fb.name == "FB Motor" and fb.kind is PouKind.FUNCTION_BLOCK
    assert fb.attributes == {"S7_Optimized_Access": "TRUE", "VERSION": "0.1"}
    count = fb.variable("count")
    kinds = [(u.kind, u.target is count) for u in uses(project, fb, "count")]
    assert kinds == [(UseKind.READ, True), (UseKind.WRITE, True), (UseKind.WRITE, True)]
    assert uses(project, fb, "start")[0].target is fb.variable("start")
    assert project.analysis(fb).unresolved == []


def test_scl_quoted_global_data_block(make_project: MakeProject) -> None:
    project = make_project(
        'DATA_BLOCK "DB Global"\nVAR\n    speed : Int;\nEND_VAR\nBEGIN\nEND_DATA_BLOCK\n',
        'FUNCTION "FC Set" : Void\nBEGIN\n    "DB Global".speed := 5;\nEND_FUNCTION\n',
        dialect=Dialect.SCL,
    )
    db = only_pou(project, "DB Global")
    assert db.block_kind == "DATA_BLOCK"
    fc = only_pou(project, "FC Set")
    speed = uses(project, fc, "speed")
    assert speed[0].kind is UseKind.WRITE and speed[0].target is db.variable("speed")


CODESYS_FB = """\
FUNCTION_BLOCK PUBLIC FB_Station
VAR_INST
    nCalls : INT;
END_VAR
VAR
    refLevel : REFERENCE TO REAL;
    sName : STRING[80];
    wStatus : WORD;
    bDone : BOOL;
    bReady : BOOL;
    eMode : E_Mode;
END_VAR
bDone S= bReady AND_THEN wStatus.3;
bDone R= wStatus.%X4;
wStatus.0 := bReady;
refLevel := 12.5;
eMode := E_Mode#Auto;
(* a (* nested *) comment *)
retry: nCalls := nCalls + 1;
IF nCalls < 3 THEN
    JMP retry;
END_IF;
ACTION Reset:
    bDone := FALSE;
    nCalls := 0;
END_ACTION
END_FUNCTION_BLOCK
TYPE E_Mode : (Manual := 0, Auto) INT; END_TYPE
TYPE U_Raw : UNION w : WORD; b : ARRAY[0..1] OF BYTE; END_UNION END_TYPE
TYPE ST_Base : STRUCT nId : INT; END_STRUCT END_TYPE
TYPE ST_Sensor EXTENDS ST_Base : STRUCT rValue : REAL; END_STRUCT END_TYPE
PROGRAM MAIN
VAR
    stS : ST_Sensor;
    fb : FB_Station;
    x : BOOL;
END_VAR
stS.nId := 3;
x := %IX0.0;
%QX0.1 := x;
fb.Reset();
END_PROGRAM
"""


def codesys() -> str:
    return CODESYS_FB


def test_set_reset_assignments_write_conditionally(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    done = [u for u in uses(project, fb, "bDone") if u.pou is fb]
    assert [(u.kind, u.conditional) for u in done] == [(UseKind.WRITE, True), (UseKind.WRITE, True)]


def test_and_then_makes_its_right_operand_conditional(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    ready = uses(project, fb, "bReady")
    assert (ready[0].kind, ready[0].conditional) == (UseKind.READ, False)
    status_reads = [u for u in uses(project, fb, "wStatus") if u.kind is UseKind.READ]
    assert status_reads[0].conditional is True  # wStatus.3 after AND_THEN


def test_bit_access_reads_and_writes_part_of_the_word(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    status = uses(project, fb, "wStatus")
    assert [(u.kind, u.partial) for u in status] == [
        (UseKind.READ, False),
        (UseKind.READ, False),
        (UseKind.WRITE, True),
    ]


def test_var_inst_reference_to_and_string_length(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    assert fb.access == "PUBLIC"
    calls = fb.variable("nCalls")
    assert calls is not None and calls.section is Section.VAR_INST
    level = fb.variable("refLevel")
    assert level is not None and level.type == ReferenceType(ElementaryType("REAL"), implicit=True)
    write = uses(project, fb, "refLevel")[0]
    assert write.kind is UseKind.WRITE
    assert project.analysis(fb).conversions == []  # 12.5 into REFERENCE TO REAL: no conversion
    name = fb.variable("sName")
    assert name is not None and name.type == StringType(wide=False, length=80, length_text="80")


def test_enum_qualifier_and_typed_enum(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    auto = uses(project, fb, "Auto")
    assert isinstance(auto[0].target, EnumMember) and auto[0].target.owner is project.find_type(
        "E_Mode"
    )
    mode = project.find_type("E_Mode")
    assert mode is not None and isinstance(mode.definition, EnumType)
    assert mode.definition.base == ElementaryType("INT")


def test_nested_comment_labels_and_jumps_leave_the_code_intact(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    calls = uses(project, fb, "nCalls")
    assert [u.kind for u in calls if u.pou is fb] == [UseKind.READ, UseKind.WRITE, UseKind.READ]


def test_action_belongs_to_its_fb(make_project: MakeProject) -> None:
    project = make_project(codesys())
    fb = only_pou(project, "FB_Station")
    action = fb.actions["reset"]
    assert action.kind is PouKind.ACTION and action.parent is fb
    done = uses(project, action, "bDone")
    assert done[0].kind is UseKind.WRITE and done[0].target is fb.variable("bDone")
    main = only_pou(project, "MAIN")
    call = uses(project, main, "Reset")
    assert call[0].kind is UseKind.CALL and call[0].target is action


def test_union_and_struct_extends(make_project: MakeProject) -> None:
    project = make_project(codesys())
    raw = project.find_type("U_Raw")
    assert (
        raw is not None
        and raw.kind is TypeKind.UNION
        and [f.name for f in raw.fields] == ["w", "b"]
    )
    assert isinstance(raw.fields[1].type, ArrayType)
    sensor = project.find_type("ST_Sensor")
    assert sensor is not None and sensor.extends == "ST_Base"
    main = only_pou(project, "MAIN")
    inherited = uses(project, main, "nId")
    base = project.find_type("ST_Base")
    assert base is not None and inherited[0].target is base.fields[0]


def test_direct_addresses_in_code(make_project: MakeProject) -> None:
    project = make_project(codesys())
    main = only_pou(project, "MAIN")
    addresses = [(u.address, u.kind) for u in project.analysis(main).uses if u.address]
    assert addresses == [("%IX0.0", UseKind.READ), ("%QX0.1", UseKind.WRITE)]
    assert project.analysis(main).unresolved == []


def test_struct_without_trailing_semicolon(make_project: MakeProject) -> None:
    project = make_project("TYPE ST_A :\nSTRUCT\n    a : INT;\nEND_STRUCT\nEND_TYPE\n")
    decl = project.find_type("ST_A")
    assert decl is not None and [f.name for f in decl.fields] == ["a"]
    assert [u.issues for u in project.units()] == [[]]


def test_program_with_actions(make_project: MakeProject) -> None:
    project = make_project(
        "PROGRAM MAIN\nVAR n : INT; END_VAR\nn := n + 1;\nStep();\n"
        "ACTION Step:\n    n := 0;\nEND_ACTION\nEND_PROGRAM\n"
    )
    main = only_pou(project, "MAIN")
    assert main.kind is PouKind.PROGRAM and list(main.actions) == ["step"]
    assert uses(project, main, "Step")[0].target is main.actions["step"]
    step_uses = uses(project, main.actions["step"], "n")
    assert isinstance(step_uses[0].target, Variable) and step_uses[0].target is main.variable("n")


def test_or_else_and_var_stat(make_project: MakeProject) -> None:
    project = make_project(
        "FUNCTION_BLOCK FB_Count\nVAR_STAT\n    nTotal : DINT;\nEND_VAR\n"
        "VAR_INPUT bA, bB : BOOL; END_VAR\n"
        "IF bA OR_ELSE bB THEN nTotal := nTotal + 1; END_IF\nEND_FUNCTION_BLOCK\n"
    )
    fb = only_pou(project, "FB_Count")
    total = fb.variable("nTotal")
    assert total is not None and total.section is Section.VAR_STAT
    b_uses = uses(project, fb, "bB")
    assert (b_uses[0].kind, b_uses[0].conditional) == (UseKind.READ, True)  # short-circuit
    assert uses(project, fb, "bA")[0].conditional is False


def test_invalid_utf8_keeps_positions_exact(make_project: MakeProject) -> None:
    from pathlib import Path

    from werk.tools.st.document import StDocument
    from werk.tools.st.unit import StUnit

    source = (
        b"(* Zul\xe4ssig \xff\xfe *)\nPROGRAM P\nVAR nLevel : INT; END_VAR\n"
        b"nLevel := 1;\nEND_PROGRAM\n"
    )
    unit = StUnit.from_document(StDocument.plain(Path("latin1.st"), source, Dialect.CODESYS))
    project = Project([unit])
    program = only_pou(project, "P")
    write = uses(project, program, "nLevel")[0]
    start, end = write.location.file_span()
    assert source[start:end] == b"nLevel"
    assert start == source.index(b"nLevel := 1")


def test_too_large_files_get_symbols_only(tmp_path: object) -> None:
    from pathlib import Path

    from werk.tools.st.loader import load_project

    root = Path(str(tmp_path))
    (root / "big.st").write_text("PROGRAM P\nVAR x : INT; END_VAR\nx := y;\nEND_PROGRAM\n")
    project, report = load_project(root, analysis_limit=10)
    program = project.find_pou("P")
    assert program is not None and program.variable("x") is not None  # declarations are read
    assert project.analysis(program).uses == []  # bodies are not resolved
    assert report.symbols_only == [root / "big.st"]
