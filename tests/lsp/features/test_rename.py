"""Rename across files and inside TwinCAT XML, and the renames that are refused.

Neovim 0.7 gets ``changes``; VS Code, which supports them, ``documentChanges``.
Every rename is applied to the project's texts and compared with the text
an engineer would have written by hand.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.plant import (
    FILES,
    GVL,
    MAIN,
    MOTORS,
    TYPES,
    VALVE,
    at,
    open_plant,
    span,
    uri,
    write_plant,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plant(tmp_path_factory.mktemp("rename") / "plant")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def neovim(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    result = await open_plant(lsp_client, request.getfixturevalue("root"), "neovim@v0.7.0")
    assert result.capabilities.rename_provider == types.RenameOptions(prepare_provider=True)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def vscode(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    await open_plant(lsp_client, request.getfixturevalue("root"), "visual-studio-code")
    yield
    await lsp_client.shutdown_session()


def apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply edits of an ASCII text (columns are characters)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def renamed_files(root: Path, edit: types.WorkspaceEdit | None) -> dict[str, str]:
    """The files an edit changes, by name, with their new text."""
    assert edit is not None
    by_uri: dict[str, Sequence[types.TextEdit]] = {}
    if edit.document_changes is not None:
        assert edit.changes is None
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            by_uri[change.text_document.uri] = [
                e for e in change.edits if isinstance(e, types.TextEdit)
            ]
    else:
        assert edit.changes is not None
        by_uri = dict(edit.changes)
    names = {uri(root, name): name for name in FILES}
    return {names[u]: apply(FILES[names[u]], edits) for u, edits in by_uri.items()}


async def rename(
    client: LanguageClient, root: Path, name: str, position: types.Position, new_name: str
) -> types.WorkspaceEdit | None:
    return await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri(root, name)),
            position=position,
            new_name=new_name,
        )
    )


async def test_prepare_gives_the_range_and_the_name_as_declared(
    neovim: LanguageClient, root: Path
) -> None:
    prepared = await neovim.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            types.TextDocumentIdentifier(uri(root, "main.st")), at("main.st", "(bEnable", 3)
        )
    )
    assert prepared == types.PrepareRenamePlaceholder(
        range=span("main.st", "(bEnable", "bEnable"), placeholder="bEnable"
    )
    keyword = await neovim.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            types.TextDocumentIdentifier(uri(root, "main.st")), at("main.st", "END_PROGRAM", 3)
        )
    )
    assert keyword is None
    with pytest.raises(JsonRpcException, match="TON belongs to the standard library"):
        await neovim.text_document_prepare_rename_async(
            types.PrepareRenameParams(
                types.TextDocumentIdentifier(uri(root, "motors.st")), at("motors.st", ": TON", 3)
            )
        )


@pytest.mark.parametrize(
    ("name", "needle", "into", "new_name", "expected"),
    [
        (  # a parameter: its declaration, its uses in methods, a named argument in MAIN
            "main.st",
            "(bEnable",
            1,
            "bRelease",
            {
                "motors.st": MOTORS.replace("bEnable", "bRelease"),
                "main.st": MAIN.replace("bEnable", "bRelease"),
            },
        ),
        (  # an FB: its declaration, the variable types and ARRAY OF naming it
            "main.st",
            "fbPump : FB_Pump",
            10,
            "FB_Drive",
            {
                "motors.st": MOTORS.replace("FB_Pump", "FB_Drive"),
                "main.st": MAIN.replace("FB_Pump", "FB_Drive"),
            },
        ),
        (  # a struct: a variable's type and another struct's EXTENDS
            "types.st",
            "TYPE ST_Data",
            6,
            "ST_Values",
            {
                "types.st": TYPES.replace("ST_Data", "ST_Values"),
                "motors.st": MOTORS.replace(": ST_Data", ": ST_Values"),
            },
        ),
        (  # a struct field: its member accesses
            "motors.st",
            "stData.rLevel",
            8,
            "rHeight",
            {
                "types.st": TYPES.replace("rLevel", "rHeight"),
                "motors.st": MOTORS.replace("rLevel", "rHeight"),
            },
        ),
        (  # an enum member used unqualified
            "motors.st",
            ":= Manual",
            4,
            "Hand",
            {
                "types.st": TYPES.replace("Manual", "Hand"),
                "motors.st": MOTORS.replace("Manual", "Hand"),
            },
        ),
        (  # an enum member used qualified, in code and in an initial value
            "types.st",
            "Manual, Auto",
            9,
            "Automatic",
            {
                "types.st": TYPES.replace("Auto", "Automatic"),
                "motors.st": MOTORS.replace("E_Mode.Auto", "E_Mode.Automatic"),
            },
        ),
        (  # a global: qualified by its list's name and plain; the new name's case as typed
            "gvl.st",
            "gnCount : INT",
            0,
            "GNTOTAL",
            {
                "gvl.st": GVL.replace("gnCount", "GNTOTAL"),
                "main.st": MAIN.replace("gnCount", "GNTOTAL"),
            },
        ),
        (  # a method, with the interface and base methods it implements and overrides
            "main.st",
            "fbPump.Start",
            8,
            "Run",
            {
                "motors.st": MOTORS.replace("METHOD Start", "METHOD Run").replace(
                    "Start := ", "Run := "
                ),
                "main.st": MAIN.replace(".Start()", ".Run()"),
            },
        ),
        (  # only the spelling changes
            "motors.st",
            "bRun := tonDelay",
            0,
            "BRUN",
            {"motors.st": MOTORS.replace("bRun", "BRUN")},
        ),
    ],
)
async def test_rename_reaches_every_use(
    neovim: LanguageClient,
    root: Path,
    name: str,
    needle: str,
    into: int,
    new_name: str,
    expected: dict[str, str],
) -> None:
    edit = await rename(neovim, root, name, at(name, needle, into), new_name)
    assert edit is not None and edit.document_changes is None
    assert renamed_files(root, edit) == expected


async def test_rename_inside_twincat_xml_renames_the_object_names_too(
    vscode: LanguageClient, root: Path
) -> None:
    method = await rename(vscode, root, "main.st", at("main.st", "fbValve.Open", 9), "Actuate")
    assert method is not None and method.document_changes is not None and method.changes is None
    assert renamed_files(root, method) == {
        "FB_Valve.TcPOU": VALVE.replace('Name="Open"', 'Name="Actuate"')
        .replace("METHOD Open", "METHOD Actuate")
        .replace("Open();", "Actuate();")
        .replace("\nOpen :=", "\nActuate :=")
        .replace("FB_Valve.Open", "FB_Valve.Actuate"),
        "main.st": MAIN.replace("fbValve.Open", "fbValve.Actuate"),
    }
    variable = await rename(
        vscode, root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "bWas := bCmd", 10), "bCommand"
    )
    assert renamed_files(root, variable) == {"FB_Valve.TcPOU": VALVE.replace("bCmd", "bCommand")}
    gvl = await rename(
        vscode, root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "Open := GVL_IO", 9), "GVL_Plant"
    )
    assert renamed_files(root, gvl) == {
        "FB_Valve.TcPOU": VALVE.replace("GVL_IO", "GVL_Plant"),
        "GVL_IO.TcGVL": FILES["GVL_IO.TcGVL"].replace('Name="GVL_IO"', 'Name="GVL_Plant"'),
    }
    fb = await rename(vscode, root, "main.st", at("main.st", ": FB_Valve", 4), "FB_Gate")
    assert renamed_files(root, fb) == {
        "FB_Valve.TcPOU": VALVE.replace("FB_Valve", "FB_Gate"),
        "main.st": MAIN.replace("FB_Valve", "FB_Gate"),
    }


@pytest.mark.parametrize(
    ("name", "needle", "into", "new_name", "message"),
    [
        ("motors.st", "bRun : BOOL", 0, "nStarts", "'nStarts' is already declared in FB_Pump"),
        ("motors.st", "bRun : BOOL", 0, "BENABLE", "'BENABLE' is already declared in FB_Pump"),
        ("main.st", "nCycles : INT", 0, "gnCount", "'gnCount' is already a global name"),
        ("main.st", "nCycles : INT", 0, "Scale", "already a global name (FUNCTION Scale)"),
        ("motors.st", "bRun : BOOL", 0, "IF", "'IF' is a reserved word"),
        ("motors.st", "bRun : BOOL", 0, "int", "'int' is a reserved word"),
        ("motors.st", "bRun : BOOL", 0, "1st", "'1st' is not a valid identifier"),
        ("motors.st", "bRun : BOOL", 0, "b Run", "'b Run' is not a valid identifier"),
        ("motors.st", "bRun : BOOL", 0, "TON", "'TON' is the name of TON of the standard library"),
        ("types.st", "TYPE E_Mode", 6, "ST_Data", "'ST_Data' is already a global name"),
        ("types.st", "Manual, Auto", 0, "Off", "'Off' is already declared in E_Mode"),
        ("main.st", "FUNCTION Scale", 10, "MAIN", "already a global name (PROGRAM MAIN)"),
        ("motors.st", ": TON", 3, "TON2", "TON belongs to the standard library"),
        ("main.st", "gvl.gnCount", 1, "GVL_Main", "is named after its file: rename the file"),
    ],
)
async def test_refusals_say_why(
    neovim: LanguageClient,
    root: Path,
    name: str,
    needle: str,
    into: int,
    new_name: str,
    message: str,
) -> None:
    with pytest.raises(JsonRpcException) as refused:
        await rename(neovim, root, name, at(name, needle, into), new_name)
    assert message in str(refused.value)


async def test_nothing_to_rename_at_garbage_positions(neovim: LanguageClient, root: Path) -> None:
    assert await rename(neovim, root, "main.st", types.Position(300, 2), "x") is None
    assert await rename(neovim, root, "FB_Valve.TcPOU", types.Position(1, 2), "x") is None
    assert await rename(neovim, root, "absent.st", types.Position(0, 0), "x") is None
