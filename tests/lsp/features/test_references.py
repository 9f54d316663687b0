"""Find references and document highlights, end to end (Neovim 0.7 capabilities)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.plant import at, open_plant, span, uri, write_plant

pytestmark = pytest.mark.asyncio(loop_scope="module")

Read = types.DocumentHighlightKind.Read
Write = types.DocumentHighlightKind.Write
Text = types.DocumentHighlightKind.Text


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plant(tmp_path_factory.mktemp("references") / "plant")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def neovim(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    result = await open_plant(lsp_client, request.getfixturevalue("root"), "neovim@v0.7.0")
    assert result.capabilities.references_provider
    assert result.capabilities.document_highlight_provider
    yield
    await lsp_client.shutdown_session()


async def references(
    client: LanguageClient,
    root: Path,
    name: str,
    position: types.Position,
    *,
    include_declaration: bool = True,
) -> list[tuple[str, types.Range]]:
    found = await client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=include_declaration),
            text_document=types.TextDocumentIdentifier(uri(root, name)),
            position=position,
        )
    )
    assert found is not None
    return [(location.uri, location.range) for location in found]


async def highlights(
    client: LanguageClient, root: Path, name: str, position: types.Position
) -> list[tuple[types.Range, types.DocumentHighlightKind | None]]:
    found = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(types.TextDocumentIdentifier(uri(root, name)), position)
    )
    assert found is not None
    return [(highlight.range, highlight.kind) for highlight in found]


async def test_a_parameter_is_found_in_every_file_with_or_without_its_declaration(
    neovim: LanguageClient, root: Path
) -> None:
    position = at("motors.st", "tonDelay(IN := bEnable", 16)
    main, motors = uri(root, "main.st"), uri(root, "motors.st")
    uses = [
        (main, span("main.st", "fbPump(bEnable", "bEnable")),
        (motors, span("motors.st", "Start := bEnable;\nEND_METHOD\nEND_FUNCTION", "bEnable")),
        (motors, span("motors.st", "Start := bEnable;\nEND_METHOD\nPROPERTY", "bEnable")),
        (motors, span("motors.st", "tonDelay(IN := bEnable", "bEnable")),
    ]
    declaration = (motors, span("motors.st", "bEnable : BOOL", "bEnable"))
    assert await references(neovim, root, "motors.st", position) == [
        uses[0],
        declaration,
        *uses[1:],
    ]
    without = await references(neovim, root, "motors.st", position, include_declaration=False)
    assert without == uses


@pytest.mark.parametrize(
    ("name", "needle", "into", "expected"),
    [
        (  # an enum member: qualified in code and in a struct field's initial value
            "types.st",
            "Manual, Auto",
            8,
            [
                ("motors.st", "= E_Mode.Auto;", "Auto"),
                ("types.st", "Manual, Auto", "Auto"),
                ("types.st", ":= E_Mode.Auto;", "Auto"),
            ],
        ),
        (  # a type: variable types, ARRAY OF, the declaration
            "motors.st",
            "FUNCTION_BLOCK FB_Pump",
            16,
            [
                ("main.st", "fbPump : FB_Pump", "FB_Pump"),
                ("main.st", "OF FB_Pump", "FB_Pump"),
                ("motors.st", "FUNCTION_BLOCK FB_Pump", "FB_Pump"),
            ],
        ),
        (  # a struct: a variable's type and the EXTENDS of another struct
            "motors.st",
            "stData : ST_Data",
            10,
            [
                ("motors.st", "stData : ST_Data", "ST_Data"),
                ("types.st", "TYPE ST_Data", "ST_Data"),
                ("types.st", "EXTENDS ST_Data", "ST_Data"),
            ],
        ),
        (  # a qualified TwinCAT global, from inside a method in the XML
            "FB_Valve.TcPOU",
            "Open := GVL_IO.bOpen",
            16,
            [
                ("FB_Valve.TcPOU", "GVL_IO.bOpen := bCmd", "bOpen"),
                ("FB_Valve.TcPOU", "Open := GVL_IO.bOpen", "bOpen"),
                ("GVL_IO.TcGVL", "bOpen : BOOL", "bOpen"),
            ],
        ),
        (  # a global of a plain GVL, qualified by its file's name and plain
            "main.st",
            "gvl.gnCount",
            5,
            [
                ("gvl.st", "gnCount : INT", "gnCount"),
                ("main.st", "gvl.gnCount", "gnCount"),
                ("main.st", "= gnCount", "gnCount"),
            ],
        ),
    ],
)
async def test_symbols_named_in_declarations_and_qualified_uses(
    neovim: LanguageClient,
    root: Path,
    name: str,
    needle: str,
    into: int,
    expected: list[tuple[str, str, str]],
) -> None:
    found = await references(neovim, root, name, at(name, needle, into))
    assert found == [(uri(root, file), span(file, where, part)) for file, where, part in expected]


async def test_highlights_mark_reads_writes_and_the_declaration(
    neovim: LanguageClient, root: Path
) -> None:
    found = await highlights(neovim, root, "motors.st", at("motors.st", "nStarts := nStarts", 1))
    assert found == [
        (span("motors.st", "nStarts : INT", "nStarts"), Text),
        (span("motors.st", "nStarts := nStarts", "nStarts"), Write),
        (span("motors.st", "= nStarts + 1", "nStarts"), Read),
    ]
    instance = await highlights(neovim, root, "main.st", at("main.st", "iMotor := fbPump", 12))
    assert instance == [
        (span("main.st", "fbPump : FB_Pump", "fbPump"), Text),
        (span("main.st", "fbPump(bEnable", "fbPump"), Read),  # an instance call
        (span("main.st", "iMotor := fbPump", "fbPump"), Read),
        (span("main.st", "IF fbPump.Start", "fbPump"), Read),
    ]
    interface = await highlights(neovim, root, "main.st", at("main.st", "iMotor := fbPump", 1))
    assert (span("main.st", "iMotor := fbPump", "iMotor"), Write) in interface


async def test_highlights_inside_twincat_xml(neovim: LanguageClient, root: Path) -> None:
    found = await highlights(
        neovim, root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "bCmd := TRUE", 0)
    )
    assert found == [
        (span("FB_Valve.TcPOU", "bCmd : BOOL", "bCmd"), Text),
        (span("FB_Valve.TcPOU", "GVL_IO.bOpen := bCmd", "bCmd"), Read),
        (span("FB_Valve.TcPOU", "bWas := bCmd", "bCmd"), Read),
        (span("FB_Valve.TcPOU", "bCmd := TRUE", "bCmd"), Write),
    ]


async def test_nothing_at_garbage_positions(neovim: LanguageClient, root: Path) -> None:
    for name, position in [
        ("main.st", types.Position(400, 0)),
        ("main.st", types.Position(1, 400)),
        ("main.st", at("main.st", "END_PROGRAM", 4)),
        ("FB_Valve.TcPOU", at("FB_Valve.TcPOU", '<LineIds Name="FB_Valve.Open"', 2)),
        ("nowhere.st", types.Position(1, 1)),
    ]:
        assert await references(neovim, root, name, position) == []
        assert await highlights(neovim, root, name, position) == []


async def test_python_references_from_the_code_index(neovim: LanguageClient, root: Path) -> None:
    found = await references(neovim, root, "tools/run.py", at("tools/run.py", "return helper", 8))
    pump, run = uri(root, "tools/pump.py"), uri(root, "tools/run.py")
    assert found == [
        (pump, span("tools/pump.py", "return helper", "helper")),
        (pump, span("tools/pump.py", "def helper", "helper")),
        (run, span("tools/run.py", "Pump, helper", "helper")),
        (run, span("tools/run.py", "return helper", "helper")),
    ]
    uses = await references(
        neovim,
        root,
        "tools/run.py",
        at("tools/run.py", "return helper", 8),
        include_declaration=False,
    )
    assert (pump, span("tools/pump.py", "def helper", "helper")) not in uses and len(uses) == 3
