"""Random edit sequences keep werk's copy of a document equal to the editor's,
and the model and rules on it equal a fresh load (property-based)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from werk.agent.config import load_config
from werk.lsp.encoding import PositionConverter
from werk.lsp.st_workspace import StWorkspace
from werk.lsp.sync import apply_changes
from werk.tools.st.model.project import Project
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.source_file import StSourceFile

SOURCE = """\
FUNCTION_BLOCK FB_Pump (* Förderpumpe *)
VAR_INPUT bStart : BOOL; rLevel : REAL; END_VAR
VAR_OUTPUT bRun : BOOL; END_VAR
VAR nSpare : INT; tonDelay : TON; END_VAR
tonDelay(IN := bStart, PT := T#2S);
bRun := tonDelay.Q AND rLevel = 50.0;
END_FUNCTION_BLOCK
PROGRAM MAIN
VAR fbPump : FB_Pump; END_VAR
fbPump(bStart := TRUE, rLevel := 10.0);
END_PROGRAM
"""

PIECES = st.sampled_from(
    ["", "x", "\n", " ", ";", "END_IF", "(*", "*)", "ü", "😀", "IF bRun THEN", ":= 1;", "VAR", "'"]
)


def position(text: str, index: int) -> types.Position:
    """The LSP (UTF-16) position of a character index."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line, len(text[start:index].encode("utf-16-le")) // 2)


edits = st.lists(
    st.tuples(st.floats(0, 1), st.floats(0, 1), st.lists(PIECES, max_size=4).map("".join)),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=edits)
def test_random_edits_keep_text_and_findings_in_step(
    tmp_path: Path, edits: list[tuple[float, float, str]]
) -> None:
    path = tmp_path / "plant.st"
    path.write_text(SOURCE, encoding="utf-8")
    workspace = StWorkspace(tmp_path, load_config(tmp_path))
    workspace.load()
    workspace.open(path, SOURCE.encode())
    text = SOURCE
    for first, second, inserted in edits:
        start, end = sorted((int(first * len(text)), int(second * len(text))))
        change = types.TextDocumentContentChangePartial(
            range=types.Range(position(text, start), position(text, end)), text=inserted
        )
        apply_changes(
            workspace,
            path,
            [change],
            lambda path: PositionConverter(workspace.data(path), types.PositionEncodingKind.Utf16),
        )
        text = text[:start] + inserted + text[end:]
        assert workspace.data(path) == text.encode()
        incremental = workspace.check().findings
    fresh = StSourceFile.load(path, text.encode())
    expected = run_checks(Project(fresh.units), workspace.settings, root=tmp_path).findings
    assert sorted((f.code, f.start, f.end, f.message) for f in incremental) == sorted(
        (f.code, f.start, f.end, f.message) for f in expected
    )
