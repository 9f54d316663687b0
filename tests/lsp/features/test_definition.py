"""Go to definition, declaration, type definition and implementation, end to end.

Neovim 0.7 takes ``LocationLink``s; the VS Code client here is told to
support none, so it gets plain ``Location``s.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.plant import at, block, no_links, open_plant, span, uri, write_plant

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plant(tmp_path_factory.mktemp("definition") / "plant")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def neovim(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    result = await open_plant(lsp_client, request.getfixturevalue("root"), "neovim@v0.7.0")
    capabilities = result.capabilities
    assert capabilities.definition_provider and capabilities.declaration_provider
    assert capabilities.type_definition_provider and capabilities.implementation_provider
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def vscode(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    root = request.getfixturevalue("root")
    await open_plant(lsp_client, root, "visual-studio-code", adjust=no_links)
    yield
    await lsp_client.shutdown_session()


def link(
    root: Path, name: str, shown: types.Range, selected: types.Range, origin: types.Range
) -> types.LocationLink:
    return types.LocationLink(
        target_uri=uri(root, name),
        target_range=shown,
        target_selection_range=selected,
        origin_selection_range=origin,
    )


def location(root: Path, name: str, where: types.Range) -> types.Location:
    return types.Location(uri=uri(root, name), range=where)


async def ask(
    client: LanguageClient, method: str, root: Path, name: str, position: types.Position
) -> Any:
    send = getattr(client, f"text_document_{method}_async")
    params_type = {
        "definition": types.DefinitionParams,
        "declaration": types.DeclarationParams,
        "type_definition": types.TypeDefinitionParams,
        "implementation": types.ImplementationParams,
    }[method]
    return await send(params_type(types.TextDocumentIdentifier(uri(root, name)), position))


# --- definition ----------------------------------------------------------------------------


async def test_a_parameter_links_to_its_declaration_in_another_file(
    neovim: LanguageClient, root: Path
) -> None:
    found = await ask(neovim, "definition", root, "main.st", at("main.st", "fbPump(bEnable", 8))
    assert found == [
        link(
            root,
            "motors.st",
            span("motors.st", "    bEnable : BOOL;", "bEnable : BOOL;"),
            span("motors.st", "    bEnable : BOOL;", "bEnable"),
            span("main.st", "fbPump(bEnable", "bEnable"),
        )
    ]


async def test_a_type_name_links_to_the_whole_function_block(
    neovim: LanguageClient, root: Path
) -> None:
    found = await ask(neovim, "definition", root, "main.st", at("main.st", "fbPump : FB_Pump", 11))
    assert found == [
        link(
            root,
            "motors.st",
            block("motors.st", "FUNCTION_BLOCK FB_Pump", "END_FUNCTION_BLOCK"),
            span("motors.st", "FUNCTION_BLOCK FB_Pump", "FB_Pump"),
            span("main.st", "fbPump : FB_Pump", "FB_Pump"),
        )
    ]


async def test_inside_a_twincat_method_positions_are_in_the_xml(
    neovim: LanguageClient, root: Path
) -> None:
    found = await ask(
        neovim, "definition", root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "bWas := bCmd", 9)
    )
    assert found == [
        link(
            root,
            "FB_Valve.TcPOU",
            span("FB_Valve.TcPOU", "bCmd : BOOL;"),
            span("FB_Valve.TcPOU", "bCmd : BOOL;", "bCmd"),
            span("FB_Valve.TcPOU", "bWas := bCmd", "bCmd"),
        )
    ]
    gvl = await ask(
        neovim, "definition", root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "GVL_IO.bOpen := ", 8)
    )
    assert gvl == [
        link(
            root,
            "GVL_IO.TcGVL",
            span("GVL_IO.TcGVL", "bOpen : BOOL;"),
            span("GVL_IO.TcGVL", "bOpen : BOOL;", "bOpen"),
            span("FB_Valve.TcPOU", "GVL_IO.bOpen := ", "bOpen"),
        )
    ]
    the_list = await ask(
        neovim, "definition", root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "GVL_IO.bOpen := ", 2)
    )
    name = span("GVL_IO.TcGVL", 'Name="GVL_IO"', "GVL_IO")
    assert [(found.target_uri, found.target_selection_range) for found in the_list] == [
        (uri(root, "GVL_IO.TcGVL"), name)
    ]


async def test_without_link_support_the_name_is_the_location(
    vscode: LanguageClient, root: Path
) -> None:
    found = await ask(vscode, "definition", root, "main.st", at("main.st", "Scale(nCycles)", 2))
    assert found == [location(root, "main.st", span("main.st", "FUNCTION Scale", "Scale"))]


# --- declaration and type definition -------------------------------------------------------


async def test_declaration_is_the_var_line(
    neovim: LanguageClient, vscode: LanguageClient, root: Path
) -> None:
    use = at("main.st", "    nCycles := nCycles", 16)
    line = span("main.st", "    nCycles : INT;", "nCycles : INT;")
    linked = await ask(neovim, "declaration", root, "main.st", use)
    assert linked == [
        link(root, "main.st", line, line, span("main.st", "= nCycles + 1", "nCycles"))
    ]
    plain = await ask(vscode, "declaration", root, "main.st", use)
    assert plain == [location(root, "main.st", line)]


@pytest.mark.parametrize(
    ("name", "needle", "into", "target", "target_needle"),
    [
        ("main.st", "iMotor := fbPump", 11, "motors.st", "FUNCTION_BLOCK FB_Pump"),
        ("main.st", "aPumps :", 1, "motors.st", "FUNCTION_BLOCK FB_Pump"),
        ("motors.st", "stData.eMode := Manual", 2, "types.st", "TYPE ST_Data"),
        ("motors.st", "E_Mode.Auto;", 8, "types.st", "TYPE E_Mode"),
        ("main.st", "iMotor.Start", 2, "motors.st", "INTERFACE I_Motor"),
    ],
)
async def test_type_definition_goes_to_the_fb_struct_enum_or_interface(
    vscode: LanguageClient,
    root: Path,
    name: str,
    needle: str,
    into: int,
    target: str,
    target_needle: str,
) -> None:
    found = await ask(vscode, "type_definition", root, name, at(name, needle, into))
    declared = target_needle.split()[-1]
    assert found == [location(root, target, span(target, target_needle, declared))]


# --- implementation ------------------------------------------------------------------------


async def test_an_interface_method_leads_to_every_implementation(
    vscode: LanguageClient, root: Path
) -> None:
    found = await ask(vscode, "implementation", root, "main.st", at("main.st", "iMotor.Start", 8))
    assert found == [
        location(
            root, "motors.st", span("motors.st", "METHOD Start : BOOL\nStart := bEnable", "Start")
        ),
        location(root, "motors.st", span("motors.st", "METHOD Start : BOOL\nnStarts", "Start")),
    ]


async def test_an_interface_leads_to_the_fbs_implementing_it(
    vscode: LanguageClient, root: Path
) -> None:
    found = await ask(vscode, "implementation", root, "main.st", at("main.st", ": I_Motor", 3))
    assert found == [
        location(root, "motors.st", span("motors.st", "FUNCTION_BLOCK FB_Base", "FB_Base")),
        location(root, "motors.st", span("motors.st", "FUNCTION_BLOCK FB_Pump", "FB_Pump")),
    ]


async def test_an_fb_leads_to_its_body_and_to_the_fbs_extending_it(
    neovim: LanguageClient, root: Path
) -> None:
    body = block("motors.st", "tonDelay(IN", "stData.eMode := Manual;")
    found = await ask(
        neovim, "implementation", root, "main.st", at("main.st", "fbPump : FB_Pump", 12)
    )
    assert [(f.target_range, f.target_selection_range) for f in found] == [(body, body)]
    base = await ask(
        neovim, "implementation", root, "motors.st", at("motors.st", "EXTENDS FB_Base", 9)
    )
    assert [f.target_selection_range for f in base] == [
        block("motors.st", "FUNCTION_BLOCK FB_Base", "END_FUNCTION_BLOCK"),
        span("motors.st", "FUNCTION_BLOCK FB_Pump", "FB_Pump"),
    ]


# --- robustness and other languages --------------------------------------------------------


@pytest.mark.parametrize(
    "method", ["definition", "declaration", "type_definition", "implementation"]
)
async def test_nothing_at_garbage_positions(
    neovim: LanguageClient, root: Path, method: str
) -> None:
    assert await ask(neovim, method, root, "main.st", types.Position(400, 3)) == []
    assert await ask(neovim, method, root, "main.st", at("main.st", "END_VAR\nfbPump", 2)) == []
    for xml in (
        at("FB_Valve.TcPOU", "<TcPlcObject", 3),
        at("FB_Valve.TcPOU", "</Declaration>\n    <Implementation>", 22),
    ):
        assert await ask(neovim, method, root, "FB_Valve.TcPOU", xml) == []
    assert await ask(neovim, method, root, "missing.st", types.Position(0, 0)) == []


async def test_python_and_c_definitions_come_from_the_code_index(
    neovim: LanguageClient, root: Path
) -> None:
    helper = await ask(
        neovim, "definition", root, "tools/run.py", at("tools/run.py", "helper()", 1)
    )
    assert helper == [
        location(root, "tools/pump.py", span("tools/pump.py", "def helper", "helper"))
    ]
    pump = await ask(neovim, "definition", root, "tools/run.py", at("tools/run.py", "Pump()", 0))
    assert pump == [location(root, "tools/pump.py", span("tools/pump.py", "class Pump", "Pump"))]
    c = await ask(neovim, "definition", root, "io.c", at("io.c", "read_level(3)", 4))
    assert c == [location(root, "io.c", span("io.c", "int read_level", "read_level"))]


BROKEN = """\
FUNCTION_BLOCK FB_Broken
VAR
    nValue : INT;
END_VAR
nValue := nValue + 1;
IF nValue > 3 THEN
    nValue := (nValue * ;
END_IF
END_FUNCTION_BLOCK
"""


async def test_a_buffer_with_syntax_errors_still_answers(
    neovim: LanguageClient, root: Path
) -> None:
    path = root / "scratch.st"  # open in the editor, never saved
    scratch = path.as_uri()
    neovim.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(scratch, "iec-st", 1, BROKEN))
    )
    try:
        use = types.Position(4, 11)  # the second nValue of "nValue := nValue + 1;"
        found = await ask(neovim, "definition", root, "scratch.st", use)
        declared = types.Range(types.Position(2, 4), types.Position(2, 10))
        assert [(f.target_uri, f.target_selection_range) for f in found] == [(scratch, declared)]
        document = types.TextDocumentIdentifier(scratch)
        for line in range(10):
            for character in (0, 3, 12, 40):
                position = types.Position(line, character)
                await neovim.text_document_references_async(
                    types.ReferenceParams(
                        context=types.ReferenceContext(True),
                        text_document=document,
                        position=position,
                    )
                )
                await neovim.text_document_document_highlight_async(
                    types.DocumentHighlightParams(document, position)
                )
                await neovim.text_document_prepare_call_hierarchy_async(
                    types.CallHierarchyPrepareParams(document, position)
                )
                for method in ("declaration", "type_definition", "implementation"):
                    await ask(neovim, method, root, "scratch.st", position)
        symbols = await neovim.text_document_document_symbol_async(
            types.DocumentSymbolParams(document)
        )
        assert [s.name for s in symbols or []] == ["FB_Broken"]
    finally:
        neovim.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(scratch))
        )
