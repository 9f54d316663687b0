"""Hidden checks of the OPC UA address space built from the line 3 tags."""

import pytest
from uaserver.address_space import Node, Tag, build_address_space


def test_folders_from_dotted_names_in_order() -> None:
    tags = [
        Tag("Line3.Filler.bStart", "BOOL", "%IX0.0"),
        Tag("Line3.Filler.nLevel", "INT", "%IW64"),
        Tag("Line3.Capper.bRun", "BOOL", "%QX0.0"),
        Tag("Line3.rSpeed", "REAL", "%MD10"),
        Tag("nShift", "DINT"),
        Tag("Line3.Filler.Valves.bV1", "BOOL", "%QX1.0"),
    ]
    assert build_address_space(tags) == [
        Node("ns=2;s=Line3", "Line3", "i=85", "Object"),
        Node("ns=2;s=Line3.Filler", "Filler", "ns=2;s=Line3", "Object"),
        Node(
            "ns=2;s=Line3.Filler.bStart",
            "bStart",
            "ns=2;s=Line3.Filler",
            "Variable",
            "Boolean",
            "read",
        ),
        Node(
            "ns=2;s=Line3.Filler.nLevel",
            "nLevel",
            "ns=2;s=Line3.Filler",
            "Variable",
            "Int16",
            "read",
        ),
        Node("ns=2;s=Line3.Capper", "Capper", "ns=2;s=Line3", "Object"),
        Node(
            "ns=2;s=Line3.Capper.bRun", "bRun", "ns=2;s=Line3.Capper", "Variable", "Boolean", "read"
        ),
        Node("ns=2;s=Line3.rSpeed", "rSpeed", "ns=2;s=Line3", "Variable", "Float", "read_write"),
        Node("ns=2;s=nShift", "nShift", "i=85", "Variable", "Int32", "read_write"),
        Node("ns=2;s=Line3.Filler.Valves", "Valves", "ns=2;s=Line3.Filler", "Object"),
        Node(
            "ns=2;s=Line3.Filler.Valves.bV1",
            "bV1",
            "ns=2;s=Line3.Filler.Valves",
            "Variable",
            "Boolean",
            "read",
        ),
    ]


def test_empty_tag_list() -> None:
    assert build_address_space([]) == []


def test_namespace_index() -> None:
    nodes = build_address_space([Tag("A.b", "BOOL")], namespace_index=3)
    assert [(n.node_id, n.parent) for n in nodes] == [
        ("ns=3;s=A", "i=85"),
        ("ns=3;s=A.b", "ns=3;s=A"),
    ]
    assert build_address_space([Tag("c", "BOOL")], namespace_index=65535)[0].node_id == (
        "ns=65535;s=c"
    )


@pytest.mark.parametrize("index", [0, -1, 65536])
def test_bad_namespace_index(index: int) -> None:
    with pytest.raises(ValueError):
        build_address_space([Tag("c", "BOOL")], namespace_index=index)


@pytest.mark.parametrize(
    ("iec", "ua"),
    [
        ("BOOL", "Boolean"),
        ("bool", "Boolean"),
        ("SINT", "SByte"),
        ("USINT", "Byte"),
        ("BYTE", "Byte"),
        ("INT", "Int16"),
        ("UINT", "UInt16"),
        ("WORD", "UInt16"),
        ("DINT", "Int32"),
        ("UDINT", "UInt32"),
        ("DWORD", "UInt32"),
        ("LINT", "Int64"),
        ("ULINT", "UInt64"),
        ("LWORD", "UInt64"),
        ("REAL", "Float"),
        ("LREAL", "Double"),
        ("Lreal", "Double"),
        ("STRING", "String"),
        ("STRING(20)", "String"),
        ("string(80)", "String"),
        ("TIME", "Duration"),
        ("DATE_AND_TIME", "DateTime"),
        ("DT", "DateTime"),
    ],
)
def test_data_types(iec: str, ua: str) -> None:
    [node] = build_address_space([Tag("xValue", iec)])
    assert node.data_type == ua


@pytest.mark.parametrize(
    ("address", "access"),
    [
        ("%IX0.0", "read"),
        ("%iw4", "read"),
        ("%I0.1", "read"),
        ("%QX1.0", "read"),
        ("%qd8", "read"),
        ("%MX0.0", "read_write"),
        ("%MW2", "read_write"),
        ("%md100", "read_write"),
        ("", "read_write"),
    ],
)
def test_access_from_the_address_area(address: str, access: str) -> None:
    [node] = build_address_space([Tag("xValue", "WORD", address)])
    assert node.access == access


@pytest.mark.parametrize(
    "name",
    [
        "_bHidden",
        "Line3.a_b_c",
        "x1",
        "L3.F_1.bStart",
    ],
)
def test_valid_names(name: str) -> None:
    assert build_address_space([Tag(name, "BOOL")])[-1].node_id == f"ns=2;s={name}"


@pytest.mark.parametrize(
    "tags",
    [
        [Tag("", "BOOL")],
        [Tag("Line3..bStart", "BOOL")],
        [Tag(".bStart", "BOOL")],
        [Tag("Line3.bStart.", "BOOL")],
        [Tag("3Line.bStart", "BOOL")],
        [Tag("Line3.b Start", "BOOL")],
        [Tag("Line3.b__Start", "BOOL")],
        [Tag("__bStart", "BOOL")],
        [Tag("Line3.bStart-1", "BOOL")],
        [Tag("Line3/bStart", "BOOL")],
        [Tag("Line3.bStart", "FLOAT")],
        [Tag("Line3.bStart", "")],
        [Tag("Line3.bStart", "WSTRING")],
        [Tag("Line3.bStart", "BOOL", "IX0.0")],
        [Tag("Line3.bStart", "BOOL", "%EX0.0")],
        [Tag("Line3.bStart", "BOOL", "%")],
        [Tag("bStart", "BOOL"), Tag("BSTART", "BOOL")],
        [Tag("L3.F.bStart", "BOOL"), Tag("L3.F.bstart", "INT")],
        [Tag("L3.Filler", "INT"), Tag("L3.Filler.bStart", "BOOL")],
        [Tag("L3.Filler.bStart", "BOOL"), Tag("L3.Filler", "INT")],
        [Tag("L3.filler", "INT"), Tag("L3.Filler.bStart", "BOOL")],
        [Tag("L3.Filler.bStart", "BOOL"), Tag("L3.FILLER", "INT")],
        [Tag("Line3.bA", "BOOL"), Tag("LINE3.bB", "BOOL")],
        [Tag("Line3.F.bA", "BOOL"), Tag("Line3.f.bB", "BOOL")],
    ],
)
def test_rejected_tag_lists(tags: list[Tag]) -> None:
    with pytest.raises(ValueError) as raised:
        build_address_space(tags)
    if tags[-1].name:
        assert tags[-1].name in str(raised.value)
