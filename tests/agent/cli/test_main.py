"""The ``werk`` entry point: help, version, completion, and bad input without tracebacks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import click
import pytest

from tests.agent.cli.conftest import Werk
from tests.fakes.chat_server import FakeChatServer
from werk.agent.cli.main import cli
from werk.agent.cli.werk_version import werk_version


def all_command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths.extend(all_command_paths(command, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def assert_clean_failure(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_version(werk: Werk) -> None:
    result = werk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"werk, version {werk_version()}"


@pytest.mark.parametrize("path", all_command_paths(cli), ids=lambda p: " ".join(p) or "werk")
def test_every_command_has_help(werk: Werk, path: tuple[str, ...]) -> None:
    result = werk(*path, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: werk" in result.stdout


def test_completion_script_and_live_completion(werk: Werk) -> None:
    script = werk("completion", "bash")
    assert script.returncode == 0 and "_WERK_COMPLETE=bash_complete" in script.stdout
    live = werk(env={"_WERK_COMPLETE": "bash_complete", "COMP_WORDS": "werk mo", "COMP_CWORD": "1"})
    assert live.returncode == 0
    assert "plain,models" in live.stdout.splitlines()


def test_unknown_command_is_a_usage_error(werk: Werk) -> None:
    result = werk("frobnicate")
    assert_clean_failure(result, "No such command 'frobnicate'")


def test_malformed_toml(werk: Werk, project: Path) -> None:
    (project / "werk.toml").write_text("[models\n")
    assert_clean_failure(werk("config", "show"), f"{project / 'werk.toml'}: not valid TOML")


def test_unknown_provider(werk: Werk, project: Path) -> None:
    (project / "werk.toml").write_text('[models.x]\nprovider = "vllm"\n')
    assert_clean_failure(
        werk("models", "list"),
        "models.x.provider: unknown provider 'vllm'",
        "installed: aleph-alpha",
    )


def test_missing_extra(werk: Werk, tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    # Python's documented way to make a module unimportable: a None entry in sys.modules.
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['llama_cpp'] = None\n")
    result = werk("ask", "hello", env={"PYTHONPATH": str(blocker)})
    assert_clean_failure(
        result, "the llamacpp provider needs llama_cpp", "pip install 'werk[local]'"
    )


def test_unreachable_endpoint(werk: Werk, project: Path, closed_port: int) -> None:
    (project / "werk.toml").write_text(
        f'model = "gpu"\n[models.gpu]\nprovider = "openai"\nbase_url = "http://127.0.0.1:{closed_port}/v1"\n'
        'model = "m"\nmax_retries = 0\n'
    )
    assert_clean_failure(
        werk("ask", "hello"), f"cannot reach http://127.0.0.1:{closed_port}/v1", "fix:"
    )
    check = werk("models", "check")
    assert check.returncode == 2 and "nothing is listening" in check.stdout


def test_bad_api_key(werk: Werk, project: Path) -> None:
    with FakeChatServer(api_key="right") as server:
        (project / "werk.toml").write_text(
            f'model = "gpu"\n[models.gpu]\nprovider = "openai"\nbase_url = "{server.base_url}"\n'
            'model = "fake-model"\napi_key_env = "GPU_KEY"\n'
        )
        result = werk("ask", "hello", env={"GPU_KEY": "wrong"})
    assert_clean_failure(result, "rejected the credentials (HTTP 401)", "api_key_env")


def test_bad_set_flag_and_unknown_profile(werk: Werk) -> None:
    assert_clean_failure(werk("--set", "oops", "config", "show"), "expected KEY=VALUE")
    assert_clean_failure(werk("--model", "gpu", "ask", "hi"), "no model profile named 'gpu'")
