"""Units and ranges from declarations: attributes, comments, subrange types."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.plant.engineering import Engineering, engineering_of
from werk.tools.st.loader import load_project
from werk.tools.st.model.symbols import Variable


def declared(tmp_path: Path, declarations: str) -> dict[str, Variable]:
    (tmp_path / "gvl.st").write_text(f"VAR_GLOBAL\n{declarations}\nEND_VAR\n")
    project, _ = load_project(tmp_path)
    return {v.name: v for gvl in project.global_lists for v in gvl.variables}


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ("x : REAL; (* tank level [m] 0..10 *)", Engineering("m", 0, 10, "comment", "comment")),
        ("x : REAL; // [m/s]", Engineering("m/s", None, None, "comment", None)),
        ("x : INT; // unit: bar, range 0..16", Engineering("bar", 0, 16, "comment", "comment")),
        ("x : INT; // Einheit = °C, range: -20.5 .. 80",
         Engineering("°C", -20.5, 80, "comment", "comment")),
        ("x : INT; (* min: 0 max: 16 *)", Engineering(None, 0, 16, None, "comment")),
        ("x : INT(0..100);", Engineering(None, 0, 100, None, "type")),
        ("x : INT; (* index [1] of the table, [0..10] is no unit *)",
         Engineering(None, 0, 10, None, "comment")),
        ("x : INT; (* plain words *)", Engineering()),
    ],
)  # fmt: skip
def test_comment_and_type_forms(tmp_path: Path, declaration: str, expected: Engineering) -> None:
    assert engineering_of(declared(tmp_path, declaration)["x"]) == expected


def test_attributes_win_over_the_comment_and_the_type(tmp_path: Path) -> None:
    variables = declared(
        tmp_path,
        "{attribute 'unit' := 'kPa'}\n{attribute 'range' := '0..1600'}\n"
        "x : INT(0..100); (* [bar] 0..16 *)\n"
        "{attribute 'min' := '4'}\n{attribute 'max' := '20'}\ny : REAL; (* [mA] *)",
    )
    assert engineering_of(variables["x"]) == Engineering("kPa", 0, 1600, "attribute", "attribute")
    assert engineering_of(variables["y"]) == Engineering("mA", 4, 20, "comment", "attribute")


def test_the_comment_above_a_declaration_counts(tmp_path: Path) -> None:
    variables = declared(tmp_path, "(* flow [l/min] 0..250 *)\nrFlow : REAL;")
    value = engineering_of(variables["rFlow"])
    assert (value.unit, value.range_text()) == ("l/min", "0..250")
