"""The schema of werk's configuration, shared by ``werk.toml``, the user
config, ``WERK_*`` variables, CLI flags and the language server's
initializationOptions.

Every model forbids unknown keys, so a typo stops with a message that names
the key and lists what is allowed instead of being silently ignored. Model
profiles (``[models.NAME]``) are validated in a second step by the settings
class of the provider they name, because third-party providers bring their
own settings (see ``werk.agent.models.registry``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMBEDDED_PROFILE = "embedded"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class StrictModel(BaseModel):
    """Base of every configuration section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


def split_comma_list(value: Any) -> Any:
    """Accept ``a,b,c`` for list settings, which is how they come from ``WERK_*`` variables."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class AuditConfig(StrictModel):
    """The audit log: one JSON line per request that leaves the process."""

    enabled: bool = Field(True, description="Record every model request.")
    path: str = Field(
        ".werk/audit.jsonl",
        description="JSONL file; relative paths are resolved against the project root.",
    )
    include_content: bool = Field(
        False,
        description="Also record the (redacted) messages and the answer, not only their hash.",
    )


class SovereigntyConfig(StrictModel):
    """What may leave the machine, and the record of what did."""

    allowed_endpoints: list[str] = Field(
        default_factory=lambda: list(LOOPBACK_HOSTS),
        description=(
            "Hosts a model request may go to: 'host', 'host:port', '*.domain' or a URL prefix. "
            "Requests to any other host are refused before a socket opens."
        ),
    )
    redact_secrets: bool = Field(
        True, description="Remove API keys, private keys and passwords from prompts before sending."
    )
    audit: AuditConfig = Field(default_factory=AuditConfig)

    _split = field_validator("allowed_endpoints", mode="before")(split_comma_list)


class StConfig(StrictModel):
    """How Structured Text is read."""

    dialect: Literal["auto", "iec", "codesys", "twincat", "scl"] = Field(
        "auto",
        description="Force a dialect for plain ST files; 'auto' detects it per file "
        "(extension, then markers such as BEGIN, #local, VAR_INST, REFERENCE TO).",
    )
    analysis_limit: int = Field(
        5 * 1024 * 1024,
        gt=0,
        description="Files larger than this many bytes get declarations only (symbols, no bodies).",
    )


class IndexConfig(StrictModel):
    """Which files the repository index and map look at."""

    exclude: list[str] = Field(
        default_factory=list,
        description="Extra gitignore-style patterns to leave out (.gitignore is always honoured).",
    )
    max_file_size: int = Field(
        2 * 1024 * 1024, gt=0, description="Larger files are listed but not parsed."
    )

    _split = field_validator("exclude", mode="before")(split_comma_list)


class RulesConfig(StrictModel):
    """Which static-analysis rules run (`werk check`, the editor, the agent's gate)."""

    select: list[str] = Field(
        default_factory=list,
        description="Rule codes, code prefixes ('CP') or categories ('scan-cycle'); "
        "empty means the default set.",
    )
    ignore: list[str] = Field(default_factory=list, description="Same forms as select.")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="Severity per code, prefix or category."
    )
    options: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Settings per rule code, e.g. [rules.options.CP9]."
    )
    baseline: str | None = Field(
        None, description="Baseline file: only findings not in it are reported."
    )

    _split = field_validator("select", "ignore", mode="before")(split_comma_list)


class IoListColumns(StrictModel):
    """Which header of an I/O list holds each field; unset ones are found by their usual names."""

    tag: str | None = Field(None, description="The signal's tag (default: Tag, Name, Symbol...).")
    address: str | None = Field(None, description="The PLC address (default: Address, Adresse...).")
    data_type: str | None = Field(None, description="The data type (default: Data type, Type...).")
    description: str | None = Field(None, description="The description (default: Description...).")
    unit: str | None = Field(None, description="The engineering unit (default: Unit, Einheit).")
    range: str | None = Field(None, description="The range as 'low..high' (default: Range).")
    low: str | None = Field(None, description="The range's low end (default: Min, Low).")
    high: str | None = Field(None, description="The range's high end (default: Max, High).")
    device: str | None = Field(None, description="The device or terminal (default: Device...).")


class PlantConfig(StrictModel):
    """The plant behind the code: the I/O lists `werk check` compares it with (WERK601-607)."""

    io_lists: list[str] = Field(
        default_factory=list,
        description="I/O lists (.csv, .xlsx); relative paths are resolved against the project "
        "root.",
    )
    sheet: str | None = Field(None, description="The Excel sheet to read (default: the first).")
    columns: IoListColumns = Field(default_factory=IoListColumns)
    addressing: Literal["auto", "codesys", "byte"] = Field(
        "auto",
        description="How %IW4 is placed: 'codesys' counts words (bytes 8-9), 'byte' counts "
        "bytes (Siemens); 'auto' is 'byte' when the project has SCL sources.",
    )

    _split = field_validator("io_lists", mode="before")(split_comma_list)


class AgentConfig(StrictModel):
    """The agent's loop (`werk run`, the editor's agent fixes): budgets, repairs, approval."""

    max_steps: int = Field(
        30, gt=0, description="Model calls per run; the run stops with a partial report after."
    )
    max_tokens: int = Field(
        300_000, gt=0, description="Input plus output tokens per run, as the provider counts them."
    )
    max_wall_s: float = Field(1800.0, gt=0, description="Wall-clock seconds per run.")
    max_cost: float | None = Field(
        None,
        ge=0,
        description="Cost per run in the currency of the profile's prices "
        "(price_input_per_mtok, price_output_per_mtok); unset means no cost limit.",
    )
    max_repairs: int = Field(
        2, ge=0, description="Attempts to repair after the verification gate fails."
    )
    max_malformed_calls: int = Field(
        4,
        ge=0,
        description="Unusable model answers (unknown tool, bad arguments, no tool call) "
        "tolerated per run before it stops.",
    )
    max_repeated_failures: int = Field(
        3, ge=1, description="The same failing edit this many times ends the run."
    )
    approval: Literal["never", "before-commit"] = Field(
        "never",
        description="'before-commit' pauses a verified run for a person's approval "
        "(`werk run --resume RUN_ID --approve`, or the editor).",
    )
    commit_unverified: bool = Field(
        False, description="Commit to the run's branch even when verification did not pass."
    )
    context_window: int | None = Field(
        None,
        gt=0,
        description="The model's context window in tokens (default: the profile's n_ctx, "
        "else 32768); prompts and history are fitted into it.",
    )
    context_share: float = Field(
        0.35,
        gt=0,
        le=0.8,
        description="Share of the context window for the gathered context "
        "(repository map, semantic slice, focus files).",
    )
    test_command: str | list[str] | None = Field(
        None,
        description="The repository's own tests, run in the worktree by the verification gate "
        "and the run_repo_tests tool: a shell command line or an argument list "
        "(default: 'python -m pytest -q' when the repository has Python tests; none otherwise).",
    )
    lint_command: str | list[str] | None = Field(
        None,
        description="Linter for changed Python files; the files are appended to it "
        "(default: 'ruff check' when pyproject.toml or ruff.toml configures ruff).",
    )
    command_timeout_s: float = Field(
        600.0, gt=0, description="Seconds a test or lint command may run before it is stopped."
    )
    tool_output_chars: int = Field(
        12_000, ge=1_000, description="Characters of one tool result the model reads at most."
    )


class LspConfig(StrictModel):
    """The language server's model-backed features (ghost text, agent code actions)."""

    inline_completion: bool = Field(
        True,
        description="Offer ghost text (textDocument/inlineCompletion). With the embedded "
        "llama.cpp model it is slow (seconds per suggestion): set inline_model to a faster "
        "profile, or turn it off.",
    )
    inline_model: str | None = Field(
        None, description="Model profile for ghost text (default: the active profile, `model`)."
    )
    inline_fim: Literal["none", "starcoder", "codellama", "deepseek", "qwen"] = Field(
        "none",
        description="Fill-in-the-middle tokens the ghost-text model understands; 'none' asks "
        "it through a chat prompt instead.",
    )
    inline_max_tokens: int = Field(
        1024, gt=0, description="Prompt budget of a ghost-text request (prefix and suffix)."
    )
    inline_debounce_ms: int = Field(
        150, ge=0, description="Typing pause before a ghost-text request goes to the model."
    )


class SimTestConfig(StrictModel):
    """How `werk test` finds and runs tests on the simulator (traces, scenarios, ST unit tests)."""

    paths: list[str] = Field(
        default_factory=list,
        description="Folders or files to look for tests in, relative to the project root; "
        "empty means the whole project.",
    )
    cycle_ms: int = Field(
        10, gt=0, description="Cycle time of ST unit tests (trace and scenario files set theirs)."
    )
    max_cycles: int = Field(
        10_000,
        gt=0,
        description="A multi-cycle ST unit test that has not called TEST_FINISHED() after this "
        "many cycles is an error.",
    )
    fail_under: float | None = Field(
        None,
        ge=0,
        le=100,
        description="Fail the run when statement and branch coverage is below this percentage.",
    )

    _split = field_validator("paths", mode="before")(split_comma_list)


class WerkConfig(StrictModel):
    """The whole configuration."""

    model: str = Field(
        EMBEDDED_PROFILE,
        description="Name of the model profile to use (a key of [models]).",
    )
    models: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Model profiles: [models.NAME] with a 'provider' and its settings.",
    )
    sovereignty: SovereigntyConfig = Field(default_factory=SovereigntyConfig)
    st: StConfig = Field(default_factory=StConfig)
    index: IndexConfig = Field(default_factory=IndexConfig)
    rules: RulesConfig = Field(default_factory=RulesConfig)
    plant: PlantConfig = Field(default_factory=PlantConfig)
    test: SimTestConfig = Field(default_factory=SimTestConfig)
    agent: AgentConfig = Field(default_factory=AgentConfig)
    lsp: LspConfig = Field(default_factory=LspConfig)


def builtin_profiles() -> dict[str, dict[str, Any]]:
    """Profiles every installation has; user profiles of the same name override them."""
    return {EMBEDDED_PROFILE: {"provider": "llamacpp"}}
