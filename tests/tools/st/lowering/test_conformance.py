"""Conformance: each dialect construct against the real grammar, before and after lowering.

One case per construct: the original must fail to parse (the construct is
why), the lowered text must parse cleanly, and the recorded rewrite must have
the right kind, meaning, and span in the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.tools.st.lowering.support import has_error
from werk.tools.st.document import Dialect
from werk.tools.st.lowering import Rewrite, RewriteKind, lower

CODESYS = Dialect.CODESYS
SCL = Dialect.SCL


@dataclass(frozen=True)
class Case:
    kind: RewriteKind
    source: str
    construct: str  # the construct's text in the source (empty for an insertion)
    detail: dict[str, object] = field(default_factory=dict)
    dialect: Dialect = CODESYS
    insert_after: str = ""  # for an insertion: the text it follows


def lines(*text: str) -> str:
    return "\n".join(text) + "\n"


def program(declarations: str, body: str) -> str:
    return f"PROGRAM P\nVAR\n{declarations}\nEND_VAR\n{body}\nEND_PROGRAM\n"


def scl_block(body: str, declarations: str = "x : Int;") -> str:
    return f"FUNCTION_BLOCK FB\nVAR\n{declarations}\nEND_VAR\n{body}\nEND_FUNCTION_BLOCK\n"


CASES = {
    "set": Case(RewriteKind.SET_ASSIGN, program("x, y : BOOL;", "x S= y;"), "S="),
    "reset": Case(RewriteKind.RESET_ASSIGN, program("x, y : BOOL;", "x R= y;"), "R="),
    "and_then": Case(
        RewriteKind.AND_THEN, program("x, y : BOOL;", "x := x AND_THEN y;"), "AND_THEN"
    ),
    "or_else": Case(RewriteKind.OR_ELSE, program("x, y : BOOL;", "x := x OR_ELSE y;"), "OR_ELSE"),
    "bit": Case(
        RewriteKind.BIT_ACCESS, program("x : BOOL; w : WORD;", "x := w.3;"), "3", {"bit": 3}
    ),
    "bit_two_digits": Case(
        RewriteKind.BIT_ACCESS, program("x : BOOL; w : WORD;", "w.15 := x;"), "15", {"bit": 15}
    ),
    "bit_scl": Case(
        RewriteKind.BIT_ACCESS,
        scl_block("x := w.%X3;", "x : Bool; w : Word;"),
        "%X3",
        {"bit": 3},
        SCL,
    ),
    "byte_scl": Case(
        RewriteKind.BIT_ACCESS,
        scl_block("b := w.%B1;", "b : Byte; w : Word;"),
        "%B1",
        {"byte": 1},
        SCL,
    ),
    "string_length": Case(
        RewriteKind.STRING_LENGTH,
        program("s : STRING[80];", "s := 'a';"),
        "STRING[80]",
        {"length": 80},
    ),
    "wstring_length": Case(
        RewriteKind.STRING_LENGTH,
        program("s : ARRAY[0..1] OF WSTRING[C_LEN];", 's[0] := "a";'),
        "WSTRING[C_LEN]",
        {"length": "C_LEN"},
    ),
    "var_inst": Case(
        RewriteKind.VAR_INST,
        lines(
            "FUNCTION_BLOCK F",
            "METHOD M",
            "VAR_INST",
            " n : INT;",
            "END_VAR",
            "n := n + 1;",
            "END_METHOD",
            "END_FUNCTION_BLOCK",
        ),
        "VAR_INST",
    ),
    "var_stat": Case(
        RewriteKind.VAR_STAT,
        lines(
            "FUNCTION F : INT",
            "VAR_STAT",
            " n : INT;",
            "END_VAR",
            "n := n + 1;",
            "F := n;",
            "END_FUNCTION",
        ),
        "VAR_STAT",
    ),
    "persistent": Case(
        RewriteKind.VAR_QUALIFIER,
        lines(
            "PROGRAM P",
            "VAR PERSISTENT",
            " n : INT;",
            "END_VAR",
            "n := 1;",
            "END_PROGRAM",
        ),
        "PERSISTENT",
        {"qualifier": "PERSISTENT"},
    ),
    "reference_to": Case(
        RewriteKind.REFERENCE_TO, program("r : REFERENCE TO INT;", "r := 1;"), "REFERENCE TO"
    ),
    "variable_length_array": Case(
        RewriteKind.VARIABLE_LENGTH_ARRAY,
        lines(
            "FUNCTION F : INT",
            "VAR_IN_OUT",
            " a : ARRAY[*] OF INT;",
            "END_VAR",
            "F := a[0];",
            "END_FUNCTION",
        ),
        "*",
        {"dimension": 0},
    ),
    "typed_enum": Case(
        RewriteKind.TYPED_ENUM,
        "TYPE E_State : (Idle := 0, Running) INT; END_TYPE\n",
        "INT",
        {"base_type": "INT"},
    ),
    "struct_semicolon": Case(
        RewriteKind.STRUCT_SEMICOLON,
        "TYPE ST_A : STRUCT a : INT; END_STRUCT END_TYPE\n",
        "",
        insert_after="END_STRUCT",
    ),
    "union": Case(
        RewriteKind.UNION,
        "TYPE U : UNION w : WORD; b : ARRAY[0..1] OF BYTE; END_UNION; END_TYPE\n",
        "UNION",
    ),
    "struct_extends": Case(
        RewriteKind.STRUCT_EXTENDS,
        "TYPE ST_B EXTENDS ST_A : STRUCT b : INT; END_STRUCT; END_TYPE\n",
        "EXTENDS ST_A",
        {"base": "ST_A"},
    ),
    "enum_qualifier": Case(
        RewriteKind.ENUM_QUALIFIER,
        program("e : E_State;", "e := E_State#Running;"),
        "E_State#Running",
        {"enum": "E_State", "value": "Running"},
    ),
    "action": Case(
        RewriteKind.ACTION,
        lines(
            "FUNCTION_BLOCK F",
            "VAR n : INT; END_VAR",
            "n := 1;",
            "ACTION Reset:",
            "n := 0;",
            "END_ACTION",
            "END_FUNCTION_BLOCK",
        ),
        "ACTION Reset:",
        {"name": "Reset"},
    ),
    "member_moved": Case(
        RewriteKind.MEMBER_MOVED,
        lines(
            "FUNCTION_BLOCK F",
            "VAR n : INT; END_VAR",
            "n := 1;",
            "ACTION Reset:",
            "n := 0;",
            "END_ACTION",
            "END_FUNCTION_BLOCK",
        ),
        "ACTION Reset:\nn := 0;\nEND_ACTION",
        {"member": "ACTION", "name": "Reset"},
    ),
    "method_after_body": Case(
        RewriteKind.MEMBER_MOVED,
        lines(
            "FUNCTION_BLOCK F",
            "VAR n : INT; END_VAR",
            "n := 1;",
            "METHOD M : BOOL",
            "M := TRUE;",
            "END_METHOD",
            "END_FUNCTION_BLOCK",
        ),
        "METHOD M : BOOL\nM := TRUE;\nEND_METHOD",
        {"member": "METHOD", "name": "M"},
    ),
    "program_with_action": Case(
        RewriteKind.PROGRAM_AS_FUNCTION_BLOCK,
        lines(
            "PROGRAM MAIN",
            "VAR n : INT; END_VAR",
            "n := 1;",
            "ACTION Init:",
            "n := 0;",
            "END_ACTION",
            "END_PROGRAM",
        ),
        "PROGRAM",
        {"pou": "PROGRAM", "name": "MAIN"},
    ),
    "function_block_modifier": Case(
        RewriteKind.POU_MODIFIER,
        lines(
            "FUNCTION_BLOCK ABSTRACT F",
            "VAR n : INT; END_VAR",
            "n := 1;",
            "END_FUNCTION_BLOCK",
        ),
        "ABSTRACT",
        {"modifier": "ABSTRACT"},
    ),
    "method_modifier_order": Case(
        RewriteKind.POU_MODIFIER,
        lines(
            "FUNCTION_BLOCK F",
            "METHOD PUBLIC FINAL M : BOOL",
            "M := TRUE;",
            "END_METHOD",
            "END_FUNCTION_BLOCK",
        ),
        "FINAL",
        {"modifier": "FINAL"},
    ),
    "missing_return_type": Case(
        RewriteKind.MISSING_RETURN_TYPE,
        lines(
            "FUNCTION F_Log",
            "VAR_INPUT n : INT; END_VAR",
            "n := n + 1;",
            "END_FUNCTION",
        ),
        "",
        insert_after="F_Log",
    ),
    "jump_label": Case(
        RewriteKind.JUMP_LABEL,
        program("n : INT;", "retry:\nn := n + 1;\nIF n < 3 THEN\n    JMP retry;\nEND_IF"),
        "retry:",
        {"label": "retry"},
    ),
    "jump": Case(
        RewriteKind.JUMP,
        program("n : INT;", "retry:\nn := n + 1;\nIF n < 3 THEN\n    JMP retry;\nEND_IF"),
        "JMP retry",
        {"label": "retry"},
    ),
    "goto_scl": Case(
        RewriteKind.JUMP,
        scl_block("GOTO done;\nx := 1;\ndone: x := 2;"),
        "GOTO done",
        {"label": "done"},
        SCL,
    ),
    "ltime_literal": Case(
        RewriteKind.LTIME_LITERAL, program("t : LTIME;", "t := LT#1S;"), "LT#1S", {"type": "LTIME"}
    ),
    "pragma_after_header": Case(
        RewriteKind.PRAGMA,
        lines(
            "FUNCTION_BLOCK F",
            "{attribute 'no_explicit_call' := 'do not call'}",
            "VAR n : INT; END_VAR",
            "n := 1;",
            "END_FUNCTION_BLOCK",
        ),
        "{attribute 'no_explicit_call' := 'do not call'}",
        {"attribute": "no_explicit_call", "value": "do not call"},
    ),
    "pragma_before_method": Case(
        RewriteKind.PRAGMA,
        lines(
            "FUNCTION_BLOCK F",
            "VAR n : INT; END_VAR",
            "{attribute 'obsolete'}",
            "METHOD M",
            "n := 2;",
            "END_METHOD",
            "n := 1;",
            "END_FUNCTION_BLOCK",
        ),
        "{attribute 'obsolete'}",
        {"attribute": "obsolete", "value": None},
    ),
    "pragma_in_declaration_scl": Case(
        RewriteKind.PRAGMA,
        scl_block(
            "x := 1;", "x { ExternalAccessible := 'False'; ExternalVisible := 'False'} : Int;"
        ),
        "{ ExternalAccessible := 'False'; ExternalVisible := 'False'}",
        {
            "attribute": "ExternalAccessible",
            "value": "False",
            "attributes": (("ExternalAccessible", "False"), ("ExternalVisible", "False")),
        },
        SCL,
    ),
    "s7_block_attribute": Case(
        RewriteKind.PRAGMA,
        lines(
            "FUNCTION_BLOCK FB",
            "{ S7_Optimized_Access := 'TRUE' }",
            "VAR x : Int; END_VAR",
            "x := 1;",
            "END_FUNCTION_BLOCK",
        ),
        "{ S7_Optimized_Access := 'TRUE' }",
        {"attribute": "S7_Optimized_Access", "value": "TRUE"},
        SCL,
    ),
    "nested_comment": Case(
        RewriteKind.NESTED_COMMENT,
        program("n : INT;", "(* disabled: (* old *) n := 2; *)\nn := 1;"),
        "(* disabled: (* old *) n := 2; *)",
        {"depth": 2},
    ),
    "direct_address_in_expression": Case(
        RewriteKind.DIRECT_ADDRESS,
        program("x : BOOL;", "x := %IX0.0;"),
        "%IX0.0",
        {"address": "%IX0.0"},
    ),
    "direct_address_as_argument": Case(
        RewriteKind.DIRECT_ADDRESS,
        program("fbMotor : FB_Motor;", "fbMotor(bStart := %IX0.1, wSpeed => %QW4);"),
        "%IX0.1",
        {"address": "%IX0.1"},
    ),
    "direct_address_star": Case(
        RewriteKind.DIRECT_ADDRESS,
        program("bStart AT %I* : BOOL;", "bStart := FALSE;"),
        "%I*",
        {"address": "%I*"},
    ),
    "scl_begin": Case(RewriteKind.SCL_BEGIN, scl_block("BEGIN\nx := 1;"), "BEGIN", {}, SCL),
    "scl_local": Case(RewriteKind.SCL_LOCAL, scl_block("#x := 1;"), "#", {"name": "x"}, SCL),
    "quoted_name": Case(
        RewriteKind.QUOTED_NAME,
        lines(
            'FUNCTION_BLOCK "Motor Control"',
            "VAR x : Int; END_VAR",
            "x := 1;",
            "END_FUNCTION_BLOCK",
        ),
        '"Motor Control"',
        {"name": "Motor Control"},
        SCL,
    ),
    "scl_version": Case(
        RewriteKind.SCL_ATTRIBUTE,
        lines(
            "FUNCTION_BLOCK FB",
            "VERSION : 0.1",
            "VAR x : Int; END_VAR",
            "x := 1;",
            "END_FUNCTION_BLOCK",
        ),
        "VERSION : 0.1",
        {"attribute": "VERSION", "value": "0.1"},
        SCL,
    ),
    "scl_title": Case(
        RewriteKind.SCL_ATTRIBUTE,
        lines(
            "FUNCTION_BLOCK FB",
            "TITLE = Conveyor (belt 2)",
            "VAR x : Int; END_VAR",
            "x := 1;",
            "END_FUNCTION_BLOCK",
        ),
        "TITLE = Conveyor (belt 2)",
        {"attribute": "TITLE", "value": "Conveyor (belt 2)"},
        SCL,
    ),
    "scl_non_retain": Case(
        RewriteKind.SCL_ATTRIBUTE,
        lines(
            "DATA_BLOCK DB",
            "NON_RETAIN",
            "VAR x : Int; END_VAR",
            "BEGIN",
            "x := 1;",
            "END_DATA_BLOCK",
        ),
        "NON_RETAIN",
        {"attribute": "NON_RETAIN"},
        SCL,
    ),
    "region": Case(
        RewriteKind.REGION,
        scl_block("REGION Motor control\nx := 1;\nEND_REGION"),
        "REGION Motor control",
        {"region": "Motor control"},
        SCL,
    ),
    "type_colon": Case(
        RewriteKind.TYPE_COLON,
        lines(
            'TYPE "UDT Motor"',
            "VERSION : 0.1",
            "   STRUCT",
            "      speed : Int;",
            "   END_STRUCT;",
            "END_TYPE",
        ),
        "",
        {"name": "UDT Motor"},
        SCL,
        insert_after='"UDT Motor"',
    ),
    "organization_block": Case(
        RewriteKind.ORGANIZATION_BLOCK,
        lines(
            "ORGANIZATION_BLOCK Main",
            "VAR_TEMP t : Int; END_VAR",
            "t := 1;",
            "END_ORGANIZATION_BLOCK",
        ),
        "ORGANIZATION_BLOCK",
        {"block": "ORGANIZATION_BLOCK"},
        SCL,
    ),
    "data_block": Case(
        RewriteKind.DATA_BLOCK,
        lines(
            "DATA_BLOCK Globals",
            "VAR speed : Int; END_VAR",
            "BEGIN",
            "speed := 3;",
            "END_DATA_BLOCK",
        ),
        "DATA_BLOCK",
        {"block": "DATA_BLOCK"},
        SCL,
    ),
    "data_block_struct": Case(
        RewriteKind.DATA_BLOCK,
        lines(
            'DATA_BLOCK "Classic DB"',
            "   STRUCT",
            "      speed : Int;",
            "   END_STRUCT;",
            "BEGIN",
            "   speed := 3;",
            "END_DATA_BLOCK",
        ),
        "STRUCT",
        {"block": "DATA_BLOCK", "section": "STRUCT"},
        SCL,
    ),
    "data_block_type": Case(
        RewriteKind.DATA_BLOCK_TYPE,
        lines(
            'DATA_BLOCK "Motor DB"',
            "NON_RETAIN",
            '"Motor Control"',
            "BEGIN",
            "END_DATA_BLOCK",
        ),
        '"Motor Control"',
        {"type": "Motor Control"},
        SCL,
    ),
    "s5_time": Case(
        RewriteKind.S5_TIME,
        scl_block("t := S5T#10S;", "t : S5Time;"),
        "S5T#10S",
        {"type": "S5TIME"},
        SCL,
    ),
}


def _rewrite_of(case: Case, rewrites: tuple[Rewrite, ...], original: bytes) -> Rewrite:
    construct = case.construct.encode()
    for rewrite in rewrites:
        if (
            rewrite.kind is case.kind
            and original[rewrite.original_start : rewrite.original_end] == construct
        ):
            return rewrite
    kinds = [(r.kind.value, original[r.original_start : r.original_end]) for r in rewrites]
    raise AssertionError(f"no {case.kind.value} rewrite of {construct!r} in {kinds}")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_construct_is_lowered_to_what_the_grammar_parses(case: Case) -> None:
    original = case.source.encode()
    assert has_error(original), "the construct should break the grammar"

    lowered = lower(original, case.dialect)

    assert not has_error(lowered.text), lowered.text.decode()
    rewrite = _rewrite_of(case, lowered.rewrites, original)
    assert {key: rewrite.detail.get(key) for key in case.detail} == case.detail
    if case.insert_after:
        anchor = original.index(case.insert_after.encode()) + len(case.insert_after)
        assert rewrite.original_start == rewrite.original_end == anchor
    assert lowered.offsets.to_original(rewrite.lowered_start) == rewrite.original_start


def test_every_rewrite_kind_has_a_case() -> None:
    assert {case.kind for case in CASES.values()} == set(RewriteKind)


# Standard or vendor ST the grammar already takes: lowering leaves it alone.
ALREADY_PARSED = {
    "pointer_to": program("p : POINTER TO INT;", "p^ := 1;"),
    "ref_to": program("r : REF_TO INT; n : INT;", "r REF= n;"),
    "new_and_this": lines(
        "FUNCTION_BLOCK F",
        "VAR p : POINTER TO INT; END_VAR",
        "p := __NEW(INT);",
        "THIS^.p := 0;",
        "SUPER^();",
        "END_FUNCTION_BLOCK",
    ),
    "methods_before_body": lines(
        "FUNCTION_BLOCK F EXTENDS G IMPLEMENTS I, J",
        "VAR n : INT; END_VAR",
        "METHOD PRIVATE M : BOOL",
        "M := TRUE;",
        "END_METHOD",
        "METHOD ABSTRACT PUBLIC A",
        "END_METHOD",
        "PROPERTY PUBLIC P : INT",
        "GET",
        "P := n;",
        "END_GET",
        "END_PROPERTY",
        "n := 1;",
        "END_FUNCTION_BLOCK",
    ),
    "interface": lines(
        "INTERFACE I_Motor EXTENDS I_Base",
        "METHOD Start : BOOL",
        "VAR_INPUT n : INT; END_VAR",
        "END_METHOD",
        "END_INTERFACE",
    ),
    "pragmas_where_taken": lines(
        "{attribute 'qualified_only'}",
        "VAR_GLOBAL",
        "{attribute 'hide'}",
        "n : INT;",
        "END_VAR",
        "PROGRAM P",
        "VAR n : INT; END_VAR",
        "{warning 'check'}",
        "n := 1;",
        "CASE n OF",
        "1: n := 2;",
        "{region 'x'}",
        "ELSE n := 3;",
        "END_CASE",
        "END_PROGRAM",
    ),
    "qualifiers": lines(
        "PROGRAM P",
        "VAR CONSTANT c : INT := 1; END_VAR",
        "VAR RETAIN r : INT; END_VAR",
        "VAR NON_RETAIN v : INT; END_VAR",
        "r := c;",
        "END_PROGRAM",
    ),
    "string_parens": program("s : STRING(80);", "s := 'a';"),
    "typed_literals": program(
        "t : TIME; d : DT; w : WORD; n : INT;",
        "t := T#1h2m3s; t := LTIME#5ms; d := DT#2020-01-01-12:00:00; w := WORD#16#FF; n := INT#-5;",
    ),
    "enum_dot": program("e : E_State;", "CASE e OF E_State.Idle: e := E_State.Running; END_CASE"),
    "at_declaration": program("bStart AT %IX0.0 : BOOL; wOut AT %QW4 : WORD;", "wOut := 1;"),
    "semicolons_after_end": program(
        "n : INT;", "IF n = 1 THEN n := 2; END_IF;\nFOR n := 1 TO 3 DO ; END_FOR;"
    ),
    "empty_body": lines(
        "FUNCTION_BLOCK F",
        "VAR n : INT; END_VAR",
        "END_FUNCTION_BLOCK",
    ),
    "void_function": lines(
        "FUNCTION F : VOID",
        "VAR_INPUT n : INT; END_VAR",
        "n := 1;",
        "END_FUNCTION",
    ),
    "struct_with_semicolon": "TYPE ST : STRUCT a : INT; END_STRUCT; END_TYPE\n",
    "line_comments": program("n : INT; // a counter", "n := 1; // set"),
    "begin_as_a_name": program("Begin, Region : INT;", "Begin := 1;\nRegion := Begin;"),
    "comparison_with_s": program("S, R : INT; b : BOOL;", "b := S=1 AND R=2;"),
    "method_named_like_an_scl_attribute": lines(
        "FUNCTION_BLOCK FB_A",
        "METHOD Name : BOOL",
        "VAR_INPUT x : INT; END_VAR",
        "Name := x > 0;",
        "END_METHOD",
        "END_FUNCTION_BLOCK",
    ),
}


@pytest.mark.parametrize("source", ALREADY_PARSED.values(), ids=ALREADY_PARSED.keys())
def test_what_the_grammar_takes_is_left_alone(source: str) -> None:
    original = source.encode()
    assert not has_error(original)

    lowered = lower(original, CODESYS)

    assert lowered.rewrites == ()
    assert lowered.text == original
