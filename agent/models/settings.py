"""Settings every model profile shares, whatever its provider.

A provider subclasses ``ModelSettings`` with its own fields (base URL, model
file...). API keys are never settings: a profile names the environment
variable that holds the key (``api_key_env``), so configuration files can be
committed without leaking credentials.
"""

from __future__ import annotations

import os

from pydantic import Field

from werk.agent.config.schema import StrictModel
from werk.tools.errors import AuthenticationError


class ModelSettings(StrictModel):
    """Fields common to all providers."""

    provider: str = Field(description="Which provider builds this model (see `werk models list`).")
    model: str = Field(
        "", description="The model's name at the endpoint (provider default if empty)."
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    max_tokens: int | None = Field(1024, gt=0, description="Upper bound on tokens per answer.")
    timeout: float = Field(120.0, gt=0, description="Seconds before one request is abandoned.")
    max_retries: int = Field(
        3, ge=0, le=10, description="Retries with exponential backoff on HTTP 429 and 5xx."
    )
    price_input_per_mtok: float | None = Field(
        None, ge=0, description="Price per million input tokens, for cost budgets and reports."
    )
    price_output_per_mtok: float | None = Field(
        None, ge=0, description="Price per million output tokens."
    )


class RemoteModelSettings(ModelSettings):
    """Settings of providers that talk HTTP to an endpoint."""

    base_url: str = Field(description="The endpoint's base URL, e.g. http://127.0.0.1:8000/v1.")
    api_key_env: str | None = Field(
        None, description="Name of the environment variable holding the API key (never the key)."
    )

    def api_key(self, *, required: bool = False) -> str | None:
        """The key from the named environment variable."""
        if not self.api_key_env:
            if required:
                raise AuthenticationError(
                    f"the {self.provider} provider needs an API key",
                    hint='set api_key_env = "NAME" in the profile and export NAME=<your key>',
                )
            return None
        value = os.environ.get(self.api_key_env)
        if not value and required:
            raise AuthenticationError(
                f"environment variable {self.api_key_env} (api_key_env) is not set or empty",
                hint=f"export {self.api_key_env}=<your key>",
            )
        return value or None
