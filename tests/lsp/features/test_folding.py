"""Folding ranges end to end: POUs, sections, statements, comments and regions, exactly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER, write_project
from tests.lsp.features.assist_project import FILES, open_plant
from werk.agent.config import load_config
from werk.lsp.encoding import PositionConverter
from werk.lsp.features.folding import FoldingCache, folding_ranges
from werk.lsp.st_workspace import StWorkspace

TANK = """\
(* Tank control
   with regions *)
PROGRAM P_Tank
VAR
    nStep : INT;
END_VAR
{region "Init"}
IF nStep = 0 THEN
    nStep := 1;
ELSIF nStep = 1 THEN
    nStep := 2;
ELSE
    nStep := 0;
END_IF
{endregion}
CASE nStep OF
    1: nStep := 2;
END_CASE
FOR nStep := 1 TO 3 DO
    ;
END_FOR
WHILE nStep < 3 DO
    nStep := nStep + 1; END_WHILE
REPEAT
    nStep := nStep + 1;
UNTIL nStep > 5
END_REPEAT
END_PROGRAM
"""

MOTOR_SCL = """\
FUNCTION_BLOCK "Motor"
VAR_INPUT
    start : Bool;
END_VAR
BEGIN
    REGION Start logic
        IF #start THEN
            ;
        END_IF;
    END_REGION
END_FUNCTION_BLOCK
"""


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def folds(client: LanguageClient, path: Path) -> list[tuple[int, int, str | None]]:
    found = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )
    assert found is not None
    return [(f.start_line, f.end_line, f.kind) for f in found]


@pytest.mark.asyncio
async def test_blocks_comments_and_pragma_regions(client: LanguageClient, tmp_path: Path) -> None:
    files = {**FILES, "tank.st": TANK, "motor.scl": MOTOR_SCL}
    root, result = await open_plant(client, tmp_path, files=files)
    assert result.capabilities.folding_range_provider
    comment, region = types.FoldingRangeKind.Comment, types.FoldingRangeKind.Region
    assert await folds(client, root / "tank.st") == [
        (0, 1, comment),  # the two-line comment
        (2, 26, None),  # PROGRAM ... up to the line before END_PROGRAM
        (3, 4, None),  # VAR
        (6, 13, region),  # {region "Init"} ... {endregion}
        (7, 12, None),  # IF ... END_IF
        (9, 10, None),  # ELSIF branch
        (11, 12, None),  # ELSE branch
        (15, 16, None),  # CASE
        (18, 19, None),  # FOR
        (21, 22, None),  # WHILE, whose END_WHILE shares its last statement's line
        (23, 25, None),  # REPEAT ... UNTIL
    ]
    assert await folds(client, root / "motor.scl") == [
        (0, 9, None),
        (1, 2, None),
        (5, 8, region),  # SCL REGION ... END_REGION
        (6, 7, None),
    ]


@pytest.mark.asyncio
async def test_twincat_folds_stay_inside_their_xml_element(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    # The FB spans several CDATA sections: only the blocks inside one of them fold.
    assert await folds(client, root / "FB_Valve.TcPOU") == [
        (4, 5, None),
        (7, 8, None),
        (12, 13, None),
    ]
    assert await folds(client, root / "GVL_IO.st") == [(0, 2, None)]


def test_kept_folds_move_with_their_declaration(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plant", {"tank.st": TANK * 3})
    ws = StWorkspace(root, load_config(root))
    ws.load()
    path = root / "tank.st"
    ws.open(path, ws.data(path))
    kept = FoldingCache()
    before = kept.ranges(ws.files[path], PositionConverter(ws.data(path)))
    ws.edit(path, 0, 0, b"(* one *)\n(* two *)\n")  # two lines above everything
    after = kept.ranges(ws.files[path], PositionConverter(ws.data(path)))
    assert after == folding_ranges(ws.files[path], PositionConverter(ws.data(path)))
    assert [(f.start_line - 2, f.end_line - 2) for f in after] == [
        (f.start_line, f.end_line) for f in before
    ]
