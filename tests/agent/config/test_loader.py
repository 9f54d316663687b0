"""Configuration layering, provenance and error messages (real files, real TOML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.agent.config import load_config
from werk.tools.errors import ConfigError

OPENAI_PROFILE = (
    '[models.{name}]\nprovider = "openai"\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\n'
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "plant"
    (root / ".git").mkdir(parents=True)
    return root


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment with an empty user config folder and no WERK_* variables."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}


def write_user_config(env: dict[str, str], text: str) -> Path:
    path = Path(env["XDG_CONFIG_HOME"]) / "werk" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults_use_the_embedded_model(project: Path, env: dict[str, str]) -> None:
    loaded = load_config(project, environ=env)
    assert loaded.config.model == "embedded"
    name, settings = loaded.active_profile()
    assert (name, settings.provider) == ("embedded", "llamacpp")
    assert loaded.config.sovereignty.allowed_endpoints == ["localhost", "127.0.0.1", "::1"]
    assert loaded.source_of("sovereignty.redact_secrets") == "default"
    assert loaded.project_root == project.resolve()


def test_project_root_is_found_from_a_subfolder(project: Path, env: dict[str, str]) -> None:
    (project / "werk.toml").write_text('model = "gpu"\n' + OPENAI_PROFILE.format(name="gpu"))
    sub = project / "src" / "plc"
    sub.mkdir(parents=True)
    assert load_config(sub, environ=env).config.model == "gpu"


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ({"user"}, "user"),
        ({"user", "project"}, "project"),
        ({"user", "project", "env"}, "env"),
        ({"user", "project", "env", "cli"}, "cli"),
        ({"project", "cli"}, "cli"),
        ({"user", "env"}, "env"),
    ],
)
def test_precedence(project: Path, env: dict[str, str], layers: set[str], expected: str) -> None:
    profiles = "".join(OPENAI_PROFILE.format(name=n) for n in ("user", "project", "env", "cli"))
    if "user" in layers:
        write_user_config(env, 'model = "user"\n' + profiles)
    else:
        write_user_config(env, profiles)
    if "project" in layers:
        (project / "werk.toml").write_text('model = "project"\n')
    if "env" in layers:
        env["WERK_MODEL"] = "env"
    loaded = load_config(project, environ=env, cli_model="cli" if "cli" in layers else None)
    assert loaded.config.model == expected
    source = loaded.source_of("model")
    assert {
        "user": "user config",
        "project": "project config",
        "env": "environment WERK_MODEL",
        "cli": "command line --model",
    }[expected] in source


def test_pyproject_tool_werk_is_read_and_werk_toml_wins(project: Path, env: dict[str, str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.werk]\nmodel = "a"\n[tool.werk.models.a]\nprovider = "replay"\nscript = "s.json"\n'
    )
    loaded = load_config(project, environ=env)
    assert loaded.config.model == "a"
    assert "[tool.werk]" in loaded.source_of("models.a.script")
    (project / "werk.toml").write_text("[sovereignty]\nredact_secrets = false\n")
    loaded = load_config(project, environ=env)
    assert loaded.config.model == "embedded"  # werk.toml replaces [tool.werk] entirely
    assert loaded.config.sovereignty.redact_secrets is False


def test_environment_variables_nest_and_split_lists(project: Path, env: dict[str, str]) -> None:
    env.update(
        {
            "WERK_MODEL": "gpu",
            "WERK_MODELS__GPU__PROVIDER": "openai",
            "WERK_MODELS__GPU__BASE_URL": "http://gpu01:8000/v1",
            "WERK_MODELS__GPU__TIMEOUT": "30",
            "WERK_SOVEREIGNTY__ALLOWED_ENDPOINTS": "localhost, gpu01:8000",
            "WERK_SOVEREIGNTY__AUDIT__INCLUDE_CONTENT": "true",
        }
    )
    loaded = load_config(project, environ=env)
    _, settings = loaded.active_profile()
    assert settings.base_url == "http://gpu01:8000/v1"
    assert settings.timeout == 30.0
    assert loaded.config.sovereignty.allowed_endpoints == ["localhost", "gpu01:8000"]
    assert loaded.config.sovereignty.audit.include_content is True
    assert loaded.source_of("models.gpu.timeout") == "environment WERK_MODELS__GPU__TIMEOUT"


def test_cli_set_reads_toml_values(project: Path, env: dict[str, str]) -> None:
    loaded = load_config(
        project,
        environ=env,
        cli_set=[
            "models.embedded.n_threads=2",
            'sovereignty.allowed_endpoints=["a", "b"]',
            "sovereignty.audit.path=/tmp/x.jsonl",
        ],
    )
    assert loaded.profiles["embedded"].n_threads == 2
    assert loaded.config.sovereignty.allowed_endpoints == ["a", "b"]
    assert loaded.config.sovereignty.audit.path == "/tmp/x.jsonl"
    assert (
        loaded.source_of("models.embedded.n_threads")
        == "command line --set models.embedded.n_threads"
    )


def test_unknown_key_names_file_key_path_and_allowed_keys(
    project: Path, env: dict[str, str]
) -> None:
    (project / "werk.toml").write_text(OPENAI_PROFILE.format(name="gpu") + "tiemout = 3\n")
    with pytest.raises(ConfigError) as info:
        load_config(project, environ=env)
    message = info.value.message
    assert str(project / "werk.toml") in message
    assert "models.gpu.tiemout: unknown key" in message
    assert "base_url" in message and "timeout" in message
    assert "did you mean 'timeout'" in message


def test_unknown_top_level_section(project: Path, env: dict[str, str]) -> None:
    (project / "werk.toml").write_text("[sovereignity]\nredact_secrets = true\n")
    with pytest.raises(
        ConfigError,
        match=r"sovereignity: unknown key; allowed: "
        r"agent, index, lsp, model, models, plant, rules, sovereignty, st, test",
    ):
        load_config(project, environ=env)


def test_invalid_value_shows_what_is_allowed(project: Path, env: dict[str, str]) -> None:
    (project / "werk.toml").write_text(OPENAI_PROFILE.format(name="gpu") + 'temperature = "hot"\n')
    with pytest.raises(ConfigError) as info:
        load_config(project, environ=env)
    assert "models.gpu.temperature: Input should be a valid number" in info.value.message
    assert "'hot'" in info.value.message


def test_secrets_are_refused_in_config_files(project: Path, env: dict[str, str]) -> None:
    (project / "werk.toml").write_text(OPENAI_PROFILE.format(name="gpu") + 'api_key = "sk-x"\n')
    with pytest.raises(ConfigError, match="secrets are not allowed in configuration files"):
        load_config(project, environ=env)


def test_error_from_environment_names_the_variable(project: Path, env: dict[str, str]) -> None:
    env["WERK_SOVEREIGNTY__REDACT_SECRETZ"] = "1"
    with pytest.raises(
        ConfigError,
        match=r"environment WERK_SOVEREIGNTY__REDACT_SECRETZ: sovereignty.redact_secretz",
    ):
        load_config(project, environ=env)


def test_unknown_provider_suggests_the_closest(project: Path, env: dict[str, str]) -> None:
    (project / "werk.toml").write_text('[models.x]\nprovider = "opneai"\n')
    with pytest.raises(ConfigError, match=r"unknown provider 'opneai'.*did you mean 'openai'"):
        load_config(project, environ=env)


def test_active_profile_must_exist(project: Path, env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=r"no model profile named 'gpu'; defined: embedded"):
        load_config(project, environ=env, cli_model="gpu")


def test_malformed_toml_names_the_file(project: Path, env: dict[str, str]) -> None:
    path = write_user_config(env, "model = \n")
    with pytest.raises(ConfigError, match=rf"{path}: not valid TOML"):
        load_config(project, environ=env)


def test_bad_set_flag(project: Path, env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="expected KEY=VALUE"):
        load_config(project, environ=env, cli_set=["model"])
