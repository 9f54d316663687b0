"""The environment the agent's subprocesses get: the user's, minus every credential.

Tests and linters the agent runs execute code a model just wrote. Whatever
that code prints goes back to the model, and from there possibly to a remote
endpoint; a line such as ``print(os.environ)`` must not carry the user's
cloud keys with it, and a test must not push with the user's git or SSH
credentials. So the variables that hold or unlock credentials are removed:

- names that say so: ``*TOKEN*``, ``*SECRET*``, ``*PASSWORD*``, ``*PASSWD*``,
  ``*CREDENTIAL*``, ``*APIKEY*``, or a word ``KEY``, ``AUTH``, ``PAT`` of a
  ``SNAKE_CASE`` name (``API_KEY``, ``BASIC_AUTH``, not ``GIT_AUTHOR_NAME``);
- whole families: cloud SDKs (``AWS_*``, ``AZURE_*``, ``GOOGLE_*``,
  ``GCLOUD_*``, ``CLOUDSDK_*``), code hosts and registries
  (``GH_*``, ``GITHUB_*``, ``GITLAB_*``, ``CI_JOB_TOKEN``, ``NPM_*``,
  ``TWINE_*``, ``PYPI_*``, ``HF_*``), model providers (``OPENAI_*``,
  ``MISTRAL_*``, ``ANTHROPIC_*``, ``ALEPH_ALPHA_*``);
- agents and helpers that hand out credentials: ``SSH_AUTH_SOCK``,
  ``SSH_AGENT_PID``, ``GPG_AGENT_INFO``, ``*ASKPASS*``, ``GIT_CONFIG_*``,
  ``GCM_*``, ``DOCKER_AUTH_CONFIG``, ``KUBECONFIG``, ``NETRC``;
- any variable whose value is a URL with a password (``https://u:p@host``).

Git's credential helpers are switched off for the subprocess through
``GIT_CONFIG_COUNT`` (an empty ``credential.helper`` resets the list) and
``GIT_TERMINAL_PROMPT=0`` stops git from asking. Files under ``$HOME``
(``~/.netrc``, ``~/.aws/credentials``, SSH keys) stay readable: ``HOME`` is
kept because many test setups need it. Byte code is not written
(``PYTHONDONTWRITEBYTECODE``), so a test run leaves no ``__pycache__`` in
the worktree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

# Anywhere in the name (``GITLAB_ACCESSTOKEN``, ``DB_PASSWORD_FILE``)...
_SECRET_PARTS = (
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "CREDENTIAL",
    "APIKEY",
    "ASKPASS",
)
# ...or as a whole word of it (``API_KEY``, ``BASIC_AUTH``; not ``GIT_AUTHOR_NAME``).
_SECRET_WORDS = frozenset({"KEY", "AUTH", "PAT", "PRIVATE", "PASS", "PW"})
_SECRET_FAMILIES = (
    "AWS_",
    "AZURE_",
    "GOOGLE_",
    "GCLOUD_",
    "CLOUDSDK_",
    "GCP_",
    "GH_",
    "GITHUB_",
    "GITLAB_",
    "BITBUCKET_",
    "NPM_",
    "TWINE_",
    "PYPI_",
    "HF_",
    "HUGGING",
    "OPENAI_",
    "MISTRAL_",
    "ANTHROPIC_",
    "ALEPH_ALPHA_",
    "GIT_CONFIG_",
    "GCM_",
    "VAULT_",
)
_SECRET_EXACT = frozenset(
    {
        "SSH_AUTH_SOCK",
        "SSH_AGENT_PID",
        "GPG_AGENT_INFO",
        "DOCKER_AUTH_CONFIG",
        "DOCKER_CONFIG",
        "KUBECONFIG",
        "NETRC",
        "CI_JOB_TOKEN",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_CONFIG_PARAMETERS",
        "DATABASE_URL",
    }
)
_URL_WITH_PASSWORD = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]*:[^/\s@]+@", re.IGNORECASE)

SAFE_ADDITIONS = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_CONFIG_COUNT": "1",
    "GIT_CONFIG_KEY_0": "credential.helper",
    "GIT_CONFIG_VALUE_0": "",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def is_credential(name: str, value: str) -> bool:
    """Whether the variable ``name=value`` holds, or gives access to, a credential."""
    upper = name.upper()
    if upper in _SECRET_EXACT or upper.startswith(_SECRET_FAMILIES):
        return True
    if any(part in upper for part in _SECRET_PARTS):
        return True
    if _SECRET_WORDS.intersection(upper.split("_")):
        return True
    return bool(_URL_WITH_PASSWORD.search(value))


def stripped_environment(
    environ: Mapping[str, str] | None = None, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``environ`` (default: this process's) without credentials, plus ``extra``.

    ``extra`` comes from werk's own configuration, not from the user's shell,
    so it is added as given.
    """
    source = os.environ if environ is None else environ
    kept = {name: value for name, value in source.items() if not is_credential(name, value)}
    kept.update(SAFE_ADDITIONS)
    if extra:
        kept.update(extra)
    return kept
