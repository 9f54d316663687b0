"""The semantic model on a small standard-ST plant: declarations, resolution,
read/write classification, types, call graph and instance tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.model.conftest import MakeProject
from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.calls import call_graph, instance_tree
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind, Section, Variable
from werk.tools.st.model.types import ArrayType, ElementaryType, NamedType
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.unit import StUnit

PLANT = """\
TYPE E_State : (Idle := 0, Running, Fault); END_TYPE
TYPE ST_Tank :
STRUCT
    rLevel : REAL; (* litres *)
    bFull : BOOL;
END_STRUCT
END_TYPE
VAR_GLOBAL
    gbEmergency : BOOL;
    gnCount AT %MW10 : INT;
END_VAR
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL; (* start request *)
    rSetpoint : REAL := 50.0;
END_VAR
VAR_OUTPUT
    bRun AT %QX0.1 : BOOL;
END_VAR
VAR
    tonDelay : TON;
    eState : E_State;
    stTank : ST_Tank;
    aSpeeds : ARRAY[1..3] OF INT;
END_VAR
METHOD Reset : BOOL
VAR_INPUT
    bHard : BOOL;
END_VAR
eState := E_State.Idle;
Reset := bHard;
END_METHOD
tonDelay(IN := bStart AND NOT gbEmergency, PT := T#2S);
IF tonDelay.Q THEN
    bRun := TRUE;
    eState := Running;
END_IF;
stTank.rLevel := rSetpoint;
aSpeeds[2] := gnCount;
END_FUNCTION_BLOCK
PROGRAM MAIN
VAR
    fbPump1 : FB_Pump;
    afbPumps : ARRAY[1..2] OF FB_Pump;
    nX : INT;
    rY : REAL;
END_VAR
fbPump1(bStart := TRUE, bRun => gbEmergency);
fbPump1.Reset(bHard := FALSE);
nX := LIMIT(0, nX, 100);
rY := nX;
nX := unknownThing;
END_PROGRAM
"""


@pytest.fixture
def plant(make_project: MakeProject) -> Project:
    return make_project(PLANT)


def pou(project: Project, name: str) -> Pou:
    found = project.find_pou(name)
    assert found is not None, name
    return found


def uses_of(project: Project, pou_name: str, name: str) -> list[Use]:
    parts = pou_name.split(".")
    target = pou(project, parts[0])
    if len(parts) > 1:
        target = target.methods[parts[1].lower()]
    return [u for u in project.analysis(target).uses if u.name.lower() == name.lower()]


def test_no_syntax_errors(plant: Project) -> None:
    assert [unit.issues for unit in plant.units()] == [[]]


def test_declarations(plant: Project) -> None:
    fb = pou(plant, "fb_pump")  # case-insensitive
    assert fb.kind is PouKind.FUNCTION_BLOCK and fb.name == "FB_Pump"
    start = fb.variable("bStart")
    assert start is not None
    assert (start.section, start.type, start.doc) == (
        Section.VAR_INPUT,
        ElementaryType("BOOL"),
        "start request",
    )
    setpoint = fb.variable("rSetpoint")
    assert setpoint is not None and setpoint.initial_value == "50.0"
    run = fb.variable("bRun")
    assert run is not None and run.address == "%QX0.1" and run.section is Section.VAR_OUTPUT
    speeds = fb.variable("aSpeeds")
    assert speeds is not None and isinstance(speeds.type, ArrayType)
    assert (speeds.type.dimensions[0].lower_value, speeds.type.dimensions[0].upper_value) == (1, 3)
    assert fb.variable("tonDelay").type == NamedType("TON")
    assert list(fb.methods) == ["reset"]
    reset = fb.methods["reset"]
    assert (
        reset.kind is PouKind.METHOD
        and reset.parent is fb
        and reset.return_type == ElementaryType("BOOL")
    )
    enum = plant.find_type("E_STATE")
    assert enum is not None and [m.name for m in enum.members] == ["Idle", "Running", "Fault"]
    tank = plant.find_type("ST_Tank")
    assert tank is not None and [f.name for f in tank.fields] == ["rLevel", "bFull"]
    assert tank.fields[0].doc == "litres"
    count = plant.find_global("GNCOUNT")
    assert count is not None and count.address == "%MW10"


def test_read_write_classification(plant: Project) -> None:
    start = uses_of(plant, "FB_Pump", "bStart")
    assert [(u.kind, u.conditional) for u in start] == [(UseKind.READ, False)]
    assert isinstance(start[0].target, Variable) and start[0].target.section is Section.VAR_INPUT
    emergency = uses_of(plant, "FB_Pump", "gbEmergency")
    assert emergency[0].target is plant.find_global("gbEmergency")
    run = uses_of(plant, "FB_Pump", "bRun")
    assert [(u.kind, u.conditional) for u in run] == [(UseKind.WRITE, True)]
    tank = uses_of(plant, "FB_Pump", "stTank")
    assert [(u.kind, u.partial) for u in tank] == [(UseKind.WRITE, True)]
    level = uses_of(plant, "FB_Pump", "rLevel")
    assert (
        level[0].kind is UseKind.WRITE and level[0].target is plant.find_type("ST_Tank").fields[0]
    )
    speeds = uses_of(plant, "FB_Pump", "aSpeeds")
    assert [(u.kind, u.partial) for u in speeds] == [(UseKind.WRITE, True)]


def test_fb_call_parameters(plant: Project) -> None:
    ton = plant.find_pou("TON")
    assert ton is not None and plant.is_standard(ton)
    call = uses_of(plant, "FB_Pump", "tonDelay")
    assert [u.kind for u in call] == [UseKind.CALL, UseKind.READ]  # the call, then tonDelay.Q
    inputs = uses_of(plant, "FB_Pump", "IN")
    assert inputs[0].kind is UseKind.WRITE and inputs[0].target is ton.variable("IN")
    q = uses_of(plant, "FB_Pump", "Q")
    assert q[0].kind is UseKind.READ and q[0].target is ton.variable("Q")
    # Output connection: bRun => gbEmergency writes the global.
    emergency = uses_of(plant, "MAIN", "gbEmergency")
    assert [u.kind for u in emergency] == [UseKind.WRITE]


def test_enum_members_qualified_and_not(plant: Project) -> None:
    running = uses_of(plant, "FB_Pump", "Running")
    assert isinstance(running[0].target, EnumMember) and running[0].target.name == "Running"
    idle = uses_of(plant, "FB_Pump.Reset", "Idle")
    assert isinstance(idle[0].target, EnumMember)
    state = uses_of(plant, "FB_Pump.Reset", "eState")
    assert state[0].kind is UseKind.WRITE and state[0].target is pou(plant, "FB_Pump").variable(
        "eState"
    )


def test_method_sees_its_fb_and_returns_by_name(plant: Project) -> None:
    reset_uses = uses_of(plant, "FB_Pump.Reset", "Reset")
    assert reset_uses[0].kind is UseKind.WRITE
    assert reset_uses[0].target is pou(plant, "FB_Pump").methods["reset"]


def test_calls_and_standard_functions(plant: Project) -> None:
    method_call = uses_of(plant, "MAIN", "Reset")
    assert (
        method_call[0].kind is UseKind.CALL
        and method_call[0].target is pou(plant, "FB_Pump").methods["reset"]
    )
    limit = uses_of(plant, "MAIN", "LIMIT")
    assert limit[0].target is plant.find_pou("LIMIT")
    unresolved = plant.analysis(pou(plant, "MAIN")).unresolved
    assert [u.name for u in unresolved] == ["unknownThing"]


def test_expression_types_and_conversions(plant: Project) -> None:
    analysis = plant.analysis(pou(plant, "MAIN"))
    conversions = [(str(c.source), str(c.target)) for c in analysis.conversions]
    assert ("INT", "REAL") in conversions
    unit = next(plant.units())
    text = unit.lowered.text
    start = text.index(b"LIMIT(0, nX, 100)")
    assert analysis.expression_types[(start, start + len(b"LIMIT(0, nX, 100)"))] == ElementaryType(
        "INT"
    )


def test_call_graph(plant: Project) -> None:
    graph = call_graph(plant)
    main, fb = pou(plant, "MAIN"), pou(plant, "FB_Pump")
    assert {p.name for p in graph[main]} == {"FB_Pump", "Reset", "LIMIT"}
    assert {p.name for p in graph[fb]} == {"TON"}


def test_instance_tree(plant: Project) -> None:
    tree = instance_tree(pou(plant, "MAIN"), plant)
    paths = [(i.path, i.type.name, i.array) for i in tree.walk()]
    assert paths == [
        ("MAIN", "MAIN", None),
        ("MAIN.fbPump1", "FB_Pump", None),
        ("MAIN.fbPump1.tonDelay", "TON", None),
        ("MAIN.afbPumps", "FB_Pump", "[1..2]"),
        ("MAIN.afbPumps.tonDelay", "TON", None),
    ]
    assert tree.find("main.FBPUMP1.tondelay") is not None


def test_references_across_files(make_project: MakeProject) -> None:
    project = make_project(
        "FUNCTION_BLOCK FB_Valve\nVAR_INPUT bOpen : BOOL; END_VAR\nEND_FUNCTION_BLOCK\n",
        "PROGRAM P\nVAR v1, v2 : FB_Valve; END_VAR\n"
        "v1(bOpen := TRUE);\nv2.bOpen := v1.bOpen;\nEND_PROGRAM\n",
    )
    valve = project.find_pou("FB_Valve")
    assert valve is not None
    open_var = valve.variable("bOpen")
    refs = project.references(open_var)
    assert [(u.kind, u.location.unit.path.name) for u in refs] == [
        (UseKind.WRITE, "file1.st"),
        (UseKind.WRITE, "file1.st"),
        (UseKind.READ, "file1.st"),
    ]
    type_refs = [u for u in project.references(valve) if u.kind is UseKind.TYPE]
    assert len(type_refs) == 1  # `v1, v2 : FB_Valve` names the type once


def test_update_replaces_a_file_and_drops_dependent_analyses(make_project: MakeProject) -> None:
    project = make_project(
        "FUNCTION_BLOCK FB_A\nVAR_INPUT x : INT; END_VAR\nEND_FUNCTION_BLOCK\n",
        "PROGRAM P\nVAR a : FB_A; END_VAR\na(x := 1);\nEND_PROGRAM\n",
    )
    program = project.find_pou("P")
    assert program is not None
    before = project.analysis(program)
    assert before.uses[-1].target is not None  # x resolves
    renamed = StDocument.plain(
        Path("file0.st"),
        b"FUNCTION_BLOCK FB_A\nVAR_INPUT y : INT; END_VAR\nEND_FUNCTION_BLOCK\n",
        Dialect.CODESYS,
    )
    project.set_file(Path("file0.st"), [StUnit.from_document(renamed)])
    after = project.analysis(program)
    assert after is not before
    assert [u.name for u in after.unresolved] == ["x"]


def test_declared_facts_last_until_an_interface_changes(make_project: MakeProject) -> None:
    project = make_project(
        "FUNCTION_BLOCK FB_A\nVAR_INPUT x : INT; END_VAR\nEND_FUNCTION_BLOCK\n",
        "PROGRAM MAIN\nVAR n : INT; END_VAR\nn := 1;\nEND_PROGRAM\n",
    )
    fb = project.find_pou("FB_A")
    assert fb is not None
    computed: list[str] = []

    def fact(pou: Pou) -> int:
        computed.append(pou.name)
        return len(pou.variables)

    def replace_main(source: str) -> None:
        document = StDocument.plain(Path("file1.st"), source.encode(), Dialect.CODESYS)
        project.set_file(Path("file1.st"), [StUnit.from_document(document)])

    assert project.declared_fact(fb, "n", fact) == 1
    replace_main("PROGRAM MAIN\nVAR n : INT; END_VAR\nn := 2;\nEND_PROGRAM\n")  # statements only
    assert project.declared_fact(fb, "n", fact) == 1
    assert computed == ["FB_A"]
    replace_main("PROGRAM MAIN\nVAR n : INT; m : INT; END_VAR\nn := 2;\nEND_PROGRAM\n")
    assert project.declared_fact(fb, "n", fact) == 1  # a local of MAIN's: nobody sees it
    assert computed == ["FB_A"]
    replace_main("PROGRAM MAIN\nVAR_INPUT m : INT; END_VAR\nVAR n : INT; END_VAR\nEND_PROGRAM\n")
    assert project.declared_fact(fb, "n", fact) == 1
    assert computed == ["FB_A", "FB_A"]


FB_STATION = """\
FUNCTION_BLOCK FB_Station
VAR_INPUT bStart : BOOL; END_VAR
VAR_OUTPUT bRun : BOOL; END_VAR
VAR {locals} END_VAR
bRun := bStart;
END_FUNCTION_BLOCK
"""


def _replace(project: Project, name: str, source: str) -> None:
    document = StDocument.plain(Path(name), source.encode(), Dialect.CODESYS)
    project.set_file(Path(name), [StUnit.from_document(document)])


def test_a_new_local_keeps_the_analyses_of_users_that_do_not_name_it(
    make_project: MakeProject,
) -> None:
    project = make_project(
        FB_STATION.format(locals="i : INT;"),
        "PROGRAM MAIN\nVAR fb : FB_Station; END_VAR\nfb(bStart := TRUE);\nEND_PROGRAM\n",
        "PROGRAM DIAG\nVAR fb : FB_Station; n : INT; END_VAR\nfb();\nn := fb.nNew;\nEND_PROGRAM\n",
    )
    main, diag = project.find_pou("MAIN"), project.find_pou("DIAG")
    assert main is not None and diag is not None
    main_before, diag_before = project.analysis(main), project.analysis(diag)
    assert [u.name for u in diag_before.unresolved] == ["nNew"]

    _replace(project, "file0.st", FB_STATION.format(locals="i : INT; nNew : INT;"))

    main_after = project.analysis(main)
    assert main_after.retargeted_from is main_before  # kept, its uses re-pointed
    station = project.find_pou("FB_Station")
    assert station is not None
    targets = {id(use.target) for use in main_after.uses}
    start = station.variable("bStart")
    assert id(start) in targets
    assert start is not None
    assert {use.location.unit.path.name for use in project.references(start)} == {
        "file0.st",
        "file1.st",
    }
    diag_after = project.analysis(diag)  # it spells nNew: resolved again, and now it resolves
    assert diag_after.retargeted_from is None and not diag_after.unresolved


F_SUB = "FUNCTION F_Sub : INT\nVAR_INPUT {inputs} END_VAR\nF_Sub := a - b;\nEND_FUNCTION\n"


def test_reordered_parameters_are_an_interface_change(make_project: MakeProject) -> None:
    project = make_project(
        F_SUB.format(inputs="a : INT; b : INT;"),
        "PROGRAM MAIN\nVAR n : INT; END_VAR\nn := F_Sub(5, 3);\nEND_PROGRAM\n",
    )
    main = project.find_pou("MAIN")
    assert main is not None
    assert project.analysis(main) is not None
    generation = project.interface_generation
    _replace(
        project,
        "file0.st",
        F_SUB.format(inputs="b : INT; a : INT;"),
    )
    assert project.interface_generation == generation + 1
    assert project.analysis(main).retargeted_from is None  # positional arguments bind anew


def test_shared_facts_last_until_the_next_change(make_project: MakeProject) -> None:
    project = make_project("PROGRAM MAIN\nEND_PROGRAM\n")
    counter = iter(range(10))
    assert project.shared("k", lambda: next(counter)) == 0
    assert project.shared("k", lambda: next(counter)) == 0
    kept = project.keep("index", list)
    project.set_file(Path("other.st"), [])
    assert project.shared("k", lambda: next(counter)) == 1
    assert project.keep("index", list) is kept


def test_this_and_super_members_resolve(make_project: MakeProject) -> None:
    project = make_project(
        """\
FUNCTION_BLOCK FB_Base
VAR nCount : INT; END_VAR
METHOD Reset
nCount := 0;
END_METHOD
END_FUNCTION_BLOCK
FUNCTION_BLOCK FB_Pump EXTENDS FB_Base
VAR bRun : BOOL; END_VAR
METHOD Reset
SUPER^.Reset();
THIS^.bRun := FALSE;
THIS^.nCount := 1;
END_METHOD
END_FUNCTION_BLOCK
"""
    )
    pump, base = project.find_pou("FB_Pump"), project.find_pou("FB_Base")
    assert pump is not None and base is not None
    uses = {use.name: use for use in project.analysis(pump.methods["reset"]).uses}
    assert uses["Reset"].kind is UseKind.CALL and uses["Reset"].target is base.methods["reset"]
    assert uses["bRun"].is_write and uses["bRun"].target is pump.variable("bRun")
    assert uses["nCount"].is_write and uses["nCount"].target is base.variable("nCount")


def test_libraries_resolve_but_give_way_to_the_project(make_project: MakeProject) -> None:
    project = make_project(
        "FUNCTION_BLOCK FB_Test_Pump\nASSERT_TRUE(TRUE, 'runs');\nEND_FUNCTION_BLOCK\n"
        "FUNCTION ASSERT_FALSE : BOOL\nVAR_INPUT c : BOOL; m : STRING; END_VAR\n"
        "ASSERT_FALSE := NOT c;\nEND_FUNCTION\n"
    )
    test_fb = project.find_pou("FB_Test_Pump")
    assert test_fb is not None
    (call,) = [u for u in project.analysis(test_fb).uses if u.name == "ASSERT_TRUE"]
    assert call.target is not None and project.is_standard(call.target)
    own = project.find_pou("ASSERT_FALSE")
    assert own is not None and not project.is_standard(own)
    assert own in list(project.all_pous())
    assert all(not project.is_standard(p) for p in project.all_pous())


def test_a_file_header_is_not_the_first_declarations_doc(make_project: MakeProject) -> None:
    project = make_project(
        "(* Plant library, (c) the integrator *)\n\n"
        "(* Starts the pump after a delay *)\n"
        "FUNCTION_BLOCK FB_Pump\nEND_FUNCTION_BLOCK\n\n"
        "(* a banner *)\n\n"
        "FUNCTION_BLOCK FB_Valve\nEND_FUNCTION_BLOCK\n"
    )
    pump, valve = project.find_pou("FB_Pump"), project.find_pou("FB_Valve")
    assert pump is not None and pump.doc == "Starts the pump after a delay"
    assert valve is not None and valve.doc is None
