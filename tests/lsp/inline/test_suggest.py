"""From the cursor to a prompt and from the answer to a suggestion, per language."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from werk.agent.config import load_config
from werk.agent.config.schema import LspConfig
from werk.lsp.inline.languages import PYTHON, STRUCTURED_TEXT, code_language
from werk.lsp.inline.shape import Shape
from werk.lsp.inline.suggest import finish, prepare, prepare_code
from werk.lsp.st_workspace import StWorkspace

PUMP_PY = (
    b"from flow import compute_flow_rate\n\n\n"
    b"def pump(level):\n    rate = compute_flow_rate(level, True)\n    \n"
)
BODY = PUMP_PY.index(b"    \n") + 4
SETTINGS = LspConfig()
PUMP_ST = """\
FUNCTION_BLOCK FB_Pump
VAR
    fbValve : FB_Valve;
END_VAR
fbValve(bOpen := TRUE);

END_FUNCTION_BLOCK
"""
VALVE_ST = """\
FUNCTION_BLOCK FB_Valve
VAR_INPUT
    bOpen : BOOL;
END_VAR
END_FUNCTION_BLOCK
"""


class MapSpy:
    """A repository map that records what it was asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.asked: list[tuple[list[str], int]] = []

    def __call__(self, names: Sequence[str], budget_chars: int) -> str:
        self.asked.append((list(names), budget_chars))
        return self.text


def test_python_prompt_carries_the_map_for_the_names_near_the_cursor() -> None:
    spy = MapSpy("flow.py:\ndef compute_flow_rate(level, valve_open):")
    prepared = prepare_code(Path("pump.py"), PYTHON, PUMP_PY, BODY, SETTINGS, spy)
    assert prepared is not None and prepared.shape is Shape.BLOCK
    (names, budget), *_ = spy.asked
    assert "compute_flow_rate" in names and budget > 0
    assert "def compute_flow_rate(level, valve_open):" in str(prepared.messages[-1].content)
    assert "You complete Python code" in str(prepared.messages[0].content)


def test_no_python_prompt_inside_a_comment() -> None:
    data = b"# note: \n"
    assert prepare_code(Path("x.py"), PYTHON, data, len(data) - 1, SETTINGS) is None


def test_finish_validates_with_the_files_language() -> None:
    prepared = prepare_code(Path("pump.py"), PYTHON, PUMP_PY, BODY, SETTINGS)
    assert prepared is not None
    assert finish(prepared, "    return rate") == "return rate"
    assert finish(prepared, "    return (level,") == ""
    c_language = code_language("c")
    assert c_language is not None
    data = b"int pump(int level) {\n    \n}\n"
    offset = data.index(b"    \n") + 4
    in_c = prepare_code(Path("pump.c"), c_language, data, offset, SETTINGS)
    assert in_c is not None
    assert finish(in_c, "return level;") == "return level;"
    assert finish(in_c, "return level +;") == ""


def test_structured_text_gets_the_declarations_it_uses_and_the_map(tmp_path: Path) -> None:
    (tmp_path / "fb_pump.st").write_text(PUMP_ST, encoding="utf-8")
    (tmp_path / "fb_valve.st").write_text(VALVE_ST, encoding="utf-8")
    workspace = StWorkspace(tmp_path, load_config(tmp_path))
    workspace.load()
    source = workspace.files[(tmp_path / "fb_pump.st").resolve()]
    offset = source.data.index(b"\n\nEND_FUNCTION_BLOCK") + 1
    spy = MapSpy("fb_valve.st:\nFUNCTION_BLOCK FB_Valve")
    prepared = prepare(source, workspace.project, offset, SETTINGS, spy)
    assert prepared is not None and prepared.language is STRUCTURED_TEXT
    prompt = str(prepared.messages[-1].content)
    assert "VAR_INPUT\n    bOpen : BOOL;" in prompt  # the declaration fbValve needs
    assert "fb_valve.st:\nFUNCTION_BLOCK FB_Valve" in prompt  # the map
    (names, _), *_ = spy.asked
    assert "fbValve" in names
