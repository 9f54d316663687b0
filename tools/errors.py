"""The one exception hierarchy of werk.

Every error that a user can cause or fix (a bad configuration, an endpoint
that is down, a missing optional dependency) is a ``WerkError``. The command
line turns it into one clear message and a non-zero exit; the language server
logs it and keeps serving. Errors from dependencies (HTTP clients, tree-sitter,
git) are translated at the boundary with ``raise WerkError(...) from exc``.

It lives in ``tools/`` because that is the lowest layer: ``agent/`` and
``lsp/`` may raise these, ``tools/`` must never import from above.

::

    WerkError                       exit code 2 unless a subclass says otherwise
    ├── ConfigError                 invalid or unknown setting: file, key path, what is allowed
    ├── UsageError                  a command was called wrongly
    ├── ContainerError              a project file (TwinCAT, PLCopen XML) cannot be read
    └── ModelError                  anything about reaching or using a model
        ├── UnknownProviderError    no provider of that name is installed
        ├── MissingExtraError       the provider needs an optional dependency
        ├── EndpointNotAllowedError the sovereignty allowlist refused the host
        ├── EndpointUnreachableError nothing answers at the configured URL
        ├── AuthenticationError     the endpoint rejected the API key
        ├── ModelNotFoundError      the endpoint does not serve that model
        └── ModelOutputError        the model's output could not be used
"""

from __future__ import annotations


class WerkError(Exception):
    """Base of every error werk reports to a user.

    ``hint`` is the fix, in the user's words ("set MISTRAL_API_KEY"); the
    command line prints it under the message.
    """

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class ConfigError(WerkError):
    """The configuration is invalid: the message names the source, key path and what is allowed."""


class UsageError(WerkError):
    """A command was called with arguments that cannot work."""


class ModelError(WerkError):
    """Reaching or using a model failed."""


class UnknownProviderError(ModelError):
    """No built-in or plug-in provider has the requested name."""


class MissingExtraError(ModelError):
    """The provider needs an optional dependency that is not installed."""


class EndpointNotAllowedError(ModelError):
    """The endpoint's host is not in ``sovereignty.allowed_endpoints``; no socket was opened."""


class EndpointUnreachableError(ModelError):
    """No server answered at the configured URL (refused, timed out, DNS failure)."""


class AuthenticationError(ModelError):
    """The endpoint rejected the request's credentials (HTTP 401/403)."""


class ModelNotFoundError(ModelError):
    """The endpoint answers but does not serve the configured model."""


class ModelOutputError(ModelError):
    """The model answered with something that cannot be used (e.g. an invalid tool call)."""
