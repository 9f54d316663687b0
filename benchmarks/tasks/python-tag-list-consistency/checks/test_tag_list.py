"""Hidden checks of the tag list / GVL consistency check."""

import pytest
from tagcheck.consistency import Finding, check_tag_list

HEADER = "Name;Data type;Address;Comment\n"


def found(findings: list[Finding]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((f.kind, tuple(name.lower() for name in f.tags)) for f in findings)


def gvl_for(rows: list[tuple[str, str, str]]) -> str:
    """A GVL declaring exactly these (name, type, address) rows."""
    lines = [
        f"    {name}{f' AT {address}' if address else ''} : {data_type};"
        for (name, data_type, address) in rows
    ]
    return "VAR_GLOBAL\n" + "\n".join(lines) + "\nEND_VAR\n"


def csv_for(rows: list[tuple[str, str, str]]) -> str:
    return HEADER + "".join(f"{name};{data_type};{address};\n" for name, data_type, address in rows)


FILLER_GVL = """{attribute 'qualified_only'}
VAR_GLOBAL
    (* Inputs; rack 0
       bRemoved AT %IX7.0 : BOOL;   old photo eye, removed 2025 *)
    bStart      AT %IX0.0 : BOOL;    // S1 start; green : NO contact
    bStop       AT %I0.1  : BOOL;    // S2 stop
    nLevelRaw   AT %IW64  : INT := 0;
    rTemp       AT %ID68  : REAL;
    // bOldValve AT %QX9.0 : BOOL;
    bValve      AT %QX0.0:BOOL;
    nCount      AT %MD100 : DINT := 16#7FFF;
    wState      AT %MW104 : WORD;
    sRecipe : STRING(20) := 'Still; (* 0.5 l *) // x';
    nA, nB : DINT;
    aSlots : ARRAY[1..3] OF INT := [1, 2, 3];
END_VAR

var_global retain
    nHours AT %MD300 : UDINT;
end_var
VAR_GLOBAL CONSTANT
    nMax : INT := 120;
END_VAR
"""

FILLER_TAGS = (
    "\ufeffName;Data type;Address;Comment\r\n"
    'BSTART;bool;%ix0.0;"start; S1"\r\n'
    "bStop;BOOL;%IX0.1;S2\r\n"
    "nLevelRaw;INT;%IW64;\r\n"
    "rTemp;REAL;%ID68;\r\n"
    "bValve;BOOL;%QX0.0;\r\n"
    "\r\n"
    "nCount;DINT;%MD100;\r\n"
    "wState;WORD;%MW104;\r\n"
    "sRecipe;STRING( 20 );;\r\n"
    "nA;DINT;;\r\n"
    "nB;dint;;\r\n"
    "aSlots;ARRAY [1..3] OF INT;;\r\n"
    "nHours;UDINT;%md300;\r\n"
    "nMax;INT;;\r\n"
)


def test_consistent_export_has_no_findings() -> None:
    assert check_tag_list(FILLER_TAGS, FILLER_GVL) == []


def test_commented_out_variables_are_not_declared() -> None:
    tags = FILLER_TAGS + "bRemoved;BOOL;%IX7.0;\r\nbOldValve;BOOL;%QX9.0;\r\n"
    assert found(check_tag_list(tags, FILLER_GVL)) == [
        ("missing_in_plc", ("boldvalve",)),
        ("missing_in_plc", ("bremoved",)),
    ]


def test_missing_both_ways() -> None:
    tags = FILLER_TAGS.replace("wState;WORD;%MW104;\r\n", "").replace("nA;DINT;;\r\n", "")
    tags += "bHorn;BOOL;%QX4.0;\r\n"
    # nA has no address: it need not be in the tag list
    assert found(check_tag_list(tags, FILLER_GVL)) == [
        ("missing_in_plc", ("bhorn",)),
        ("missing_in_tag_list", ("wstate",)),
    ]


def test_type_and_address_mismatches() -> None:
    tags = (
        FILLER_TAGS.replace("rTemp;REAL;%ID68;", "rTemp;LREAL;%ID68;")
        .replace("bValve;BOOL;%QX0.0;", "bValve;BOOL;%QX0.1;")
        .replace("nA;DINT;;", "nA;DINT;%MD400;")
        .replace("nHours;UDINT;%md300;", "nHours;UDINT;;")
        .replace("bStop;BOOL;%IX0.1;", "bStop;BOOL;%MX0.1;")
    )
    assert found(check_tag_list(tags, FILLER_GVL)) == [
        ("address_mismatch", ("bstop",)),
        ("address_mismatch", ("bvalve",)),
        ("address_mismatch", ("na",)),
        ("address_mismatch", ("nhours",)),
        ("address_type_mismatch", ("rtemp",)),
        ("type_mismatch", ("rtemp",)),
    ]


def test_duplicate_rows() -> None:
    tags = FILLER_TAGS + "bstart;BOOL;%IX0.0;again\r\nnCount;DINT;%MD100;\r\n"
    assert found(check_tag_list(tags, FILLER_GVL)) == [
        ("duplicate_tag", ("bstart",)),
        ("duplicate_tag", ("ncount",)),
    ]


@pytest.mark.parametrize(
    "address",
    ["%IX0.8", "%IX0", "%IW0.1", "%AX0.0", "%I", "IX0.0", "%MX1.2.3", "%KW4", "%QB-1", "%IX 0.0"],
)
def test_invalid_address(address: str) -> None:
    rows = [("bTag", "BOOL", "%IX3.0")]
    tags = HEADER + f"bTag;BOOL;{address};\n"
    assert found(check_tag_list(tags, gvl_for(rows))) == [("invalid_address", ("btag",))]


@pytest.mark.parametrize(
    ("data_type", "address"),
    [
        ("BOOL", "%i0.7"),
        ("BYTE", "%QB255"),
        ("USINT", "%mb3"),
        ("UINT", "%QW2"),
        ("TIME", "%MD8"),
        ("LREAL", "%ML16"),
        ("ULINT", "%IL0"),
        ("BOOL", "%mx10.0"),
    ],
)
def test_valid_address_forms(data_type: str, address: str) -> None:
    rows = [("xTag", data_type, address)]
    assert check_tag_list(csv_for(rows), gvl_for(rows)) == []


@pytest.mark.parametrize(
    ("data_type", "address"),
    [
        ("BOOL", "%IW0"),
        ("INT", "%IX0.0"),
        ("REAL", "%MW10"),
        ("LREAL", "%MD10"),
        ("STRING(10)", "%MB0"),
        ("INT", "%QB1"),
        ("DINT", "%I0.0"),
    ],
)
def test_address_size_must_fit_the_type(data_type: str, address: str) -> None:
    rows = [("xTag", data_type, address)]
    assert found(check_tag_list(csv_for(rows), gvl_for(rows))) == [
        ("address_type_mismatch", ("xtag",))
    ]


OVERLAP_ROWS = [
    ("wA", "WORD", "%MW10"),
    ("bB", "BYTE", "%MB11"),  # inside wA
    ("bC", "BYTE", "%MB12"),  # right after wA
    ("dD", "DWORD", "%MD20"),
    ("wE", "WORD", "%MW22"),  # upper half of dD
    ("wF", "WORD", "%MW24"),  # after dD
    ("xG", "BOOL", "%MX30.3"),
    ("bH", "BYTE", "%MB30"),  # holds xG
    ("xI", "BOOL", "%MX30.4"),  # next bit to xG, inside bH
    ("wJ", "WORD", "%IW0"),
    ("xK", "BOOL", "%IX1.7"),  # last bit of wJ
    ("wL", "WORD", "%QW0"),  # another area than wJ
    ("lM", "LWORD", "%ML40"),
    ("xN", "BOOL", "%MX47.7"),  # last bit of lM
    ("bO", "BYTE", "%MB48"),  # after lM
    ("xP", "BOOL", "%QX2.0"),
    ("xQ", "BOOL", "%Q2.0"),  # same bit as xP
]


def test_overlapping_addresses() -> None:
    findings = check_tag_list(csv_for(OVERLAP_ROWS), gvl_for(OVERLAP_ROWS))
    assert found(findings) == sorted(
        [
            ("address_overlap", ("wa", "bb")),
            ("address_overlap", ("dd", "we")),
            ("address_overlap", ("xg", "bh")),
            ("address_overlap", ("bh", "xi")),
            ("address_overlap", ("wj", "xk")),
            ("address_overlap", ("lm", "xn")),
            ("address_overlap", ("xp", "xq")),
        ]
    )


def test_invalid_address_takes_part_in_no_address_check() -> None:
    rows = [("wA", "WORD", "%MW10"), ("bB", "BYTE", "%MB11")]
    tags = csv_for(rows).replace("%MB11", "%MB11.0")
    assert found(check_tag_list(tags, gvl_for(rows))) == [("invalid_address", ("bb",))]


def test_quoted_comment_and_names_spelled_as_listed() -> None:
    tags = (
        HEADER
        + 'nSpeed;INT;%QW8;"setpoint; rpm; ""fast""\r\nsecond line"\r\n'
        + "bFault;BOOL;%QX8.0;\r\n"
    )
    findings = check_tag_list(tags, gvl_for([("NSPEED", "INT", "%QW8")]))
    assert sorted((f.kind, f.tags) for f in findings) == [
        ("address_overlap", ("nSpeed", "bFault")),
        ("missing_in_plc", ("bFault",)),
    ]
