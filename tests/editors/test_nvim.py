"""The Neovim plugin (``editors/nvim``) in a real Neovim, headless, against a real ``werk serve``.

Neovim comes from Debian's packages (0.7 on bookworm, the oldest the plugin
supports). The plugin finds werk the way a user's setup would: here through
the project's own ``.venv/bin/werk``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "editors" / "nvim"
DRIVER = Path(__file__).parent / "nvim" / "drive_plugin.lua"
NVIM = shutil.which("nvim")
WERK = Path(sys.executable).parent / "werk"

pytestmark = pytest.mark.skipif(
    NVIM is None, reason="Neovim is not installed (apt-get install neovim); CI installs it"
)

SOURCE = """\
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL;
END_VAR
VAR_OUTPUT
    bRun : BOOL;
END_VAR
VAR
    nSpare : INT;
END_VAR
bRun := bStart;
END_FUNCTION_BLOCK
"""

PROPOSAL = {
    "runId": "r-test",
    "title": "werk: fix with agent",
    "summary": "remove nSpare",
    "changedFiles": ["fb_pump.st"],
    "verification": [{"name": "parse", "passed": True}],
    "diff": "--- a/fb_pump.st\n+++ b/fb_pump.st\n@@ -9 +8,0 @@\n-    nSpare : INT;",
    "apply": {"command": "werk.applyAgentEdit", "arguments": ["r-test"]},
    "reject": {"command": "werk.rejectAgentEdit", "arguments": ["r-test"]},
}


def plant(tmp_path: Path) -> Path:
    """A project whose werk lives in its own virtual environment, as users install it."""
    root = tmp_path / "plant"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "werk").symlink_to(WERK)
    (root / "werk.toml").write_text("", encoding="utf-8")
    (root / "fb_pump.st").write_text(SOURCE, encoding="utf-8")
    for name in ("detect.scl", "detect.iecst", "FB_X.TcPOU", "GVL.TcGVL", "ST_X.TcDUT"):
        (root / "other" / name).parent.mkdir(exist_ok=True)
        (root / "other" / name).write_text("", encoding="utf-8")
    return root


def run_plugin(root: Path, setup: dict[str, Any]) -> dict[str, Any]:
    assert NVIM is not None
    output = root.parent / "nvim-out.json"
    detect = sorted(str(path) for path in (root / "other").iterdir())
    env = {
        **{k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("WERK_")},
        "PATH": "/usr/bin:/bin",  # werk only where the plugin should look for it
        "DRIVE_FILE": str(root / "fb_pump.st"),
        "DRIVE_DETECT": json.dumps(detect),
        "DRIVE_SETUP": json.dumps(setup),
        "DRIVE_PROPOSAL": json.dumps(PROPOSAL),
        "DRIVE_OUT": str(output),
        "XDG_CONFIG_HOME": str(root.parent / ".config"),
        "XDG_DATA_HOME": str(root.parent / ".data"),
        "XDG_STATE_HOME": str(root.parent / ".state"),
    }
    subprocess.run(
        [NVIM, "--headless", "--clean", "--cmd", f"set rtp^={PLUGIN}", "-c", f"luafile {DRIVER}"],
        env=env,
        cwd=root,
        timeout=120,
        check=False,
        capture_output=True,
    )
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    assert "error" not in result, result.get("error")
    return result


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = plant(tmp_path_factory.mktemp("nvim"))
    return root, run_plugin(root, {"settings": {"rules": {"select": ["CP24"]}}})


def messages(result: dict[str, Any]) -> list[str]:
    return [str(n["message"]) for n in result["notifications"]]


def test_structured_text_files_get_the_iecst_filetype(
    session: tuple[Path, dict[str, Any]],
) -> None:
    _, result = session
    assert result["filetypes"] == {
        "FB_X.TcPOU": "iecst",
        "GVL.TcGVL": "iecst",
        "ST_X.TcDUT": "iecst",
        "detect.iecst": "iecst",
        "detect.scl": "iecst",
    }
    assert result["commentstring"] == "// %s"


def test_setup_finds_werk_in_the_project_venv_and_shows_diagnostics(
    session: tuple[Path, dict[str, Any]],
) -> None:
    root, result = session
    assert result["attached"] and result["diagnosed"]
    assert result["cmd"] == [str(root / ".venv" / "bin" / "werk"), "serve"]
    assert result["diagnostics"] == [
        {
            "lnum": 8,
            "col": 4,
            "message": "Variable 'nSpare' is declared but never used",
            "source": "werk",
        }
    ]


def test_the_project_venv_is_tried_before_virtual_env_and_path(
    session: tuple[Path, dict[str, Any]],
) -> None:
    _, result = session
    assert result["candidates"] == [
        "/plant/.venv/bin/werk",
        "/plant/venv/bin/werk",
        "/plant/env/bin/werk",
        "/home/me/env/bin/werk",
    ]


def test_werk_status_reports_the_server_state(session: tuple[Path, dict[str, Any]]) -> None:
    _, result = session
    status = [m for m in messages(result) if m.startswith("werk: ready")]
    assert status and status[0].startswith(
        "werk: ready · 3 files · "
    )  # fb_pump.st and the two ST files under other/


def test_werk_check_fills_the_quickfix_list(session: tuple[Path, dict[str, Any]]) -> None:
    root, result = session
    assert result["quickfix"] == [
        {
            "file": str(root / "fb_pump.st"),
            "lnum": 9,
            "col": 5,
            "type": "W",
            "text": "CP24 Variable 'nSpare' is declared but never used",
        }
    ]
    assert "werk check: 1 finding(s)" in messages(result)


def test_agent_commands_exist_and_say_when_the_server_lacks_them(
    session: tuple[Path, dict[str, Any]],
) -> None:
    _, result = session
    assert {"WerkFix", "WerkImplement", "WerkTests", "WerkRun", "WerkCheck", "WerkStatus"} <= set(
        result["commands"]
    )
    lacking = [m for m in messages(result) if "does not offer" in m]
    assert lacking == [
        "werk: this werk server does not offer 'fix with agent' (werk.fixWithAgent); update werk"
    ]


def test_fix_with_agent_is_the_servers_code_action_at_the_finding(
    session: tuple[Path, dict[str, Any]],
) -> None:
    _, result = session
    action = result["fix_action"]
    assert action["kind"] == "quickfix.werk.agent"
    assert action["command"]["command"] == "werk.fixWithAgent"
    (argument,) = action["command"]["arguments"]
    assert "CP24" in argument["task"] and "nSpare" in argument["task"]


def test_an_action_with_nothing_to_act_on_says_so(session: tuple[Path, dict[str, Any]]) -> None:
    _, result = session
    assert "werk: no 'implement from comment' here" in messages(result)


def test_a_proposal_is_shown_as_a_diff_and_the_answer_goes_to_the_server(
    session: tuple[Path, dict[str, Any]],
) -> None:
    _, result = session
    assert result["shown_filetype"] == "diff"
    assert result["shown"] == [
        "# werk: fix with agent: remove nSpare",
        "# parse passed",
        "--- a/fb_pump.st",
        "+++ b/fb_pump.st",
        "@@ -9 +8,0 @@",
        "-    nSpare : INT;",
    ]
    # werk.applyAgentEdit reached the real server, which has no run r-test.
    assert any("no agent run 'r-test'" in m for m in messages(result)), messages(result)
