"""Python and C next to the PLC code: outline, definition and references from werk's
code index, with the editor's unsaved text for the open buffer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER, open_file
from tests.lsp.features.plant import RUN_PY, open_plant, uri, write_plant

pytestmark = pytest.mark.asyncio(loop_scope="module")

SENSOR_C = """\
int read_level(int channel);

int sensor(void)
{
    return read_level(1) + read_level(2);
}
"""

# Unsaved: a function the file on disk does not have yet.
EDITED_RUN_PY = (
    RUN_PY
    + """

def local_helper():
    return run()


local_helper()
"""
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_plant(tmp_path_factory.mktemp("other") / "plant")
    (root / "sensor.c").write_text(SENSOR_C, encoding="utf-8")
    (root / "notes.txt").write_text("read_level helper\n", encoding="utf-8")
    return root


@pytest_lsp.fixture(config=SERVER, scope="module")
async def neovim(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    root = request.getfixturevalue("root")
    await open_plant(lsp_client, root, "neovim@v0.7.0")
    lsp_client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                version=2, uri=uri(root, "tools/run.py")
            ),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=EDITED_RUN_PY)],
        )
    )
    yield
    await lsp_client.shutdown_session()


def position(text: str, needle: str, into: int = 0) -> types.Position:
    offset = text.index(needle) + into
    return types.Position(text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1))


def where(text: str, needle: str, part: str) -> types.Range:
    start = position(text, needle, needle.index(part))
    return types.Range(start, types.Position(start.line, start.character + len(part)))


async def test_the_unsaved_buffer_is_what_counts(neovim: LanguageClient, root: Path) -> None:
    run = uri(root, "tools/run.py")
    found = await neovim.text_document_definition_async(
        types.DefinitionParams(
            types.TextDocumentIdentifier(run), position(EDITED_RUN_PY, "\nlocal_helper()", 3)
        )
    )
    assert found == [types.Location(run, where(EDITED_RUN_PY, "def local_helper", "local_helper"))]
    outline = await neovim.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(run))
    )
    assert [(s.name, s.kind) for s in outline or []] == [
        ("run", types.SymbolKind.Function),
        ("local_helper", types.SymbolKind.Function),
    ]


async def test_c_references_across_files(neovim: LanguageClient, root: Path) -> None:
    io_c = (root / "io.c").read_text(encoding="utf-8")
    open_file(neovim, root / "io.c")
    found = await neovim.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=True),
            text_document=types.TextDocumentIdentifier(uri(root, "io.c")),
            position=position(io_c, "read_level(3)", 2),
        )
    )
    assert [(location.uri, location.range) for location in found or []] == [
        (uri(root, "io.c"), where(io_c, "int read_level", "read_level")),
        (uri(root, "io.c"), where(io_c, "read_level(3)", "read_level")),
        (uri(root, "sensor.c"), where(SENSOR_C, "int read_level", "read_level")),
        (uri(root, "sensor.c"), where(SENSOR_C, "read_level(1)", "read_level")),
        (uri(root, "sensor.c"), where(SENSOR_C, "read_level(2)", "read_level")),
    ]


async def test_a_method_across_python_files(neovim: LanguageClient, root: Path) -> None:
    found = await neovim.text_document_definition_async(
        types.DefinitionParams(
            types.TextDocumentIdentifier(uri(root, "tools/run.py")),
            position(EDITED_RUN_PY, ".start()", 2),
        )
    )
    pump_py = (root / "tools" / "pump.py").read_text(encoding="utf-8")
    assert found == [
        types.Location(uri(root, "tools/pump.py"), where(pump_py, "def start", "start"))
    ]


async def test_nothing_for_unknown_names_and_files(neovim: LanguageClient, root: Path) -> None:
    run = types.TextDocumentIdentifier(uri(root, "tools/run.py"))
    nowhere = await neovim.text_document_definition_async(
        types.DefinitionParams(run, position(EDITED_RUN_PY, "import Pump", 0))
    )
    assert nowhere == []
    past_the_end = await neovim.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=True),
            text_document=run,
            position=types.Position(999, 999),
        )
    )
    assert not past_the_end
    notes = types.TextDocumentIdentifier(uri(root, "notes.txt"))
    assert (
        await neovim.text_document_definition_async(
            types.DefinitionParams(notes, types.Position(0, 2))
        )
        == []
    )
    assert await neovim.text_document_document_symbol_async(types.DocumentSymbolParams(notes)) == []
