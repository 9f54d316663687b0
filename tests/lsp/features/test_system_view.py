"""The system model behind hover: built once, then rebuilt only when edits pause."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.lsp.conftest import write_project
from tests.lsp.features.assist_project import FILES, MAIN
from werk.agent.config import load_config
from werk.lsp.features.system_view import SystemView
from werk.lsp.st_workspace import StWorkspace


def workspace(tmp_path: Path) -> StWorkspace:
    root = write_project(tmp_path / "plant", FILES)
    loaded = StWorkspace(root, load_config(root))
    loaded.load()
    return loaded


def test_built_on_first_need_and_kept_while_nothing_changes(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    view = SystemView()
    model, stale = view.current(ws)
    assert model is not None and not stale and view.builds == 1
    again, stale = view.current(ws)
    assert again is model and not stale and view.builds == 1
    pump = ws.project.find_pou("FB_Pump")
    assert pump is not None
    facts = view.facts_for_variable(ws, pump.variables[0])
    assert facts is not None and facts.paths == ["MAIN.fbPump.bStart"]
    pou_facts = view.facts_for_pou(ws, pump)
    assert pou_facts is not None and pou_facts.paths == ["MAIN.fbPump"]


def test_edits_make_it_stale_and_one_rebuild_follows_the_pause(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    view = SystemView(quiet_seconds=0.05)
    view.current(ws)
    main = ws.root / "main.st"

    async def edit_then_wait() -> None:
        for number in range(3):  # a burst of edits, each asking for the model
            text = MAIN.replace("nCount : INT;", f"nCount : INT;\n    fb{number} : FB_Pump;")
            ws.open(main, text.encode())
            model, stale = view.current(ws)
            assert model is not None and stale
            await asyncio.sleep(0.01)
        assert view.builds == 1  # nothing rebuilt during the burst
        await asyncio.sleep(0.3)

    asyncio.run(edit_then_wait())
    assert view.builds == 2
    model, stale = view.current(ws)
    assert model is not None and not stale
    pump = ws.project.find_pou("FB_Pump")
    assert pump is not None
    assert len(model.instances_of(pump)) == 2  # fbPump and fb2, the last edit's


def test_a_failing_build_leaves_no_model_and_no_error(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    (ws.root / "broken.tsproj").write_text("<TcSmProject><Project", encoding="utf-8")
    view = SystemView()
    model, _ = view.current(ws)
    assert view.builds == 1
    pump = ws.project.find_pou("FB_Pump")
    assert pump is not None
    if model is None:  # the project file could not be read: hover goes on without it
        assert view.facts_for_pou(ws, pump) is None
    else:  # the model skipped the unreadable file
        assert model.twincat.skipped
