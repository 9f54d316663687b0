from __future__ import annotations

from tests.agent.tools.conftest import Call
from werk.agent.tools import ToolContext


def test_list_files_honours_gitignore_and_globs(call: Call, context: ToolContext) -> None:
    (context.root / "build").mkdir()
    (context.root / "build" / "out.st").write_text("PROGRAM X END_PROGRAM\n")
    listing = call("list_files")
    assert listing.splitlines()[0] == "7 files in the repository"
    assert "plc/FB_Pump.TcPOU" in listing
    assert "build/out.st" not in listing
    assert ".git" not in listing.replace(".gitignore", "")
    tcpou = call("list_files", pattern="*.tcpou")
    assert tcpou.splitlines()[0] == "1 file in the repository matching *.tcpou"
    nested = call("list_files", path="plc", pattern="plc/**/*.st")
    assert nested.splitlines()[0] == "3 files in plc matching plc/**/*.st"
    assert call("list_files", path="nowhere").startswith("ERROR: no folder nowhere")
    assert call("list_files", path="README.md").startswith("ERROR: README.md is a file")
    assert call("list_files", pattern="*.xyz") == "no files matching *.xyz in the repository"


def test_list_files_is_bounded(call: Call) -> None:
    result = call("list_files", max_results=2)
    assert "the first 2 shown" in result.splitlines()[0]


def test_search_is_literal_and_case_insensitive_by_default(call: Call) -> None:
    result = call("search_text", query="FBVALVE(")
    assert result.splitlines()[0] == "1 match for text 'FBVALVE(' in 1 file"
    assert "plc/main.st:6: fbValve(bOpen := GVL_IO.bStart, wStatus := GVL_IO.wFeedback);" in result
    exact = call("search_text", query="FBVALVE(", case_sensitive=True)
    assert exact.startswith("no match for text 'FBVALVE('")


def test_search_with_a_regex_and_a_glob(call: Call) -> None:
    result = call("search_text", query=r"b\w+ := ", regex=True, glob="*.st")
    assert "plc/fb_valve.st:14: bSolenoid := bOpen;" in result
    assert "FB_Pump.TcPOU" not in result
    bad = call("search_text", query="fbValve(", regex=True)
    assert bad.startswith("ERROR: query is not a valid regular expression: missing )")
    assert "set regex to false" in bad


def test_search_results_are_bounded_with_the_total(call: Call) -> None:
    result = call("search_text", query="b", max_results=3)
    header = result.splitlines()[0]
    assert "the first 3 shown" in header
    assert result.count("\n") < 10
