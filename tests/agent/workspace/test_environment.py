from __future__ import annotations

import pytest

from werk.agent.workspace.environment import is_credential, stripped_environment


@pytest.mark.parametrize(
    "name",
    [
        "OPENAI_API_KEY",
        "MISTRAL_API_KEY",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "CI_JOB_TOKEN",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE",
        "AZURE_CLIENT_SECRET",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "DB_PASSWORD",
        "HMI_PASSWD",
        "SSH_AUTH_SOCK",
        "SSH_AGENT_PID",
        "GIT_ASKPASS",
        "GIT_SSH_COMMAND",
        "GIT_CONFIG_PARAMETERS",
        "HF_TOKEN",
        "TWINE_USERNAME",
        "BASIC_AUTH",
        "SIGNING_KEY",
        "MyServiceApiKey",
    ],
)
def test_credential_variables_are_recognised(name: str) -> None:
    assert is_credential(name, "x")


@pytest.mark.parametrize(
    "name",
    ["PATH", "HOME", "LANG", "PWD", "GIT_AUTHOR_NAME", "VIRTUAL_ENV", "KEYBOARD", "TERM"],
)
def test_ordinary_variables_are_kept(name: str) -> None:
    assert not is_credential(name, "/usr/bin")


def test_a_url_with_a_password_is_a_credential_whatever_its_name() -> None:
    assert is_credential("HISTORIAN", "postgres://plant:s3cret@db.local/history")
    assert not is_credential("HISTORIAN", "postgres://db.local/history")


def test_the_stripped_environment_disables_git_credential_helpers() -> None:
    env = stripped_environment(
        {"PATH": "/bin", "OPENAI_API_KEY": "sk-123", "GIT_CONFIG_COUNT": "3"},
        extra={"WERK_RUN": "1"},
    )
    assert env["PATH"] == "/bin"
    assert "OPENAI_API_KEY" not in env
    assert env["GIT_CONFIG_COUNT"] == "1"
    assert env["GIT_CONFIG_KEY_0"] == "credential.helper"
    assert env["GIT_CONFIG_VALUE_0"] == ""
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["WERK_RUN"] == "1"
