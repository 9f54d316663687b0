"""One ghost-text suggestion, from the cursor to the validated text, model call excluded.

``prepare`` (a Structured Text file of the semantic model) and
``prepare_code`` (a Python, C or C++ buffer) decide whether to suggest at
all and build the prompt; ``finish`` turns the model's answer into the text
to insert, or "". They are plain functions of the document, the project and
the repository map, so the editor's handler stays thin and the benchmark
measures exactly werk's own overhead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.messages import BaseMessage

from werk.agent.config.schema import LspConfig
from werk.lsp.inline.budget import CHARS_PER_TOKEN, Window, split_budget
from werk.lsp.inline.context import used_declarations
from werk.lsp.inline.languages import STRUCTURED_TEXT, InlineLanguage
from werk.lsp.inline.postprocess import clean
from werk.lsp.inline.prompt import PromptParts, build_messages
from werk.lsp.inline.repo_map import names_near
from werk.lsp.inline.shape import Shape
from werk.tools.st.model.project import Project
from werk.tools.st.source_file import StSourceFile, unit_base, unit_end

CONTEXT_SHARE = 0.25  # of the prompt budget, for declarations and the repository map
MAP_SHARE = 0.2  # of the context budget at least, for the map when declarations are shown

RepoMapText = Callable[[Sequence[str], int], str]
"""(names near the cursor, budget in characters) → the ranked repository map."""


def no_map(names: Sequence[str], budget_chars: int) -> str:
    return ""


@dataclass(frozen=True)
class Prepared:
    path: Path
    language: InlineLanguage
    shape: Shape
    messages: list[BaseMessage]
    prefix: str
    """The document before the cursor (whole, for the cache)."""
    suffix: str
    unit_before: str
    """The cursor's unit before and after the cursor (what validation parses)."""
    unit_after: str


def prepare(
    source: StSourceFile,
    project: Project,
    offset: int,
    settings: LspConfig,
    repo_map: RepoMapText = no_map,
) -> Prepared | None:
    """The prompt for a suggestion at byte ``offset`` of ``source``, or None to stay quiet."""
    data = source.data
    prefix = data[:offset].decode("utf-8", "replace")
    suffix = data[offset:].decode("utf-8", "replace")
    shape = STRUCTURED_TEXT.shape_at(prefix, suffix)
    if shape is Shape.NONE:
        return None
    start, end = _unit_span(source, offset)
    unit_before = data[start:offset].decode("utf-8", "replace")
    unit_after = data[offset:end].decode("utf-8", "replace")
    window, context_chars = _window(prefix, suffix, settings)
    declarations = used_declarations(
        project, window.prefix + window.suffix, int(context_chars * (1 - MAP_SHARE))
    )
    outline = repo_map(names_near(prefix, suffix), context_chars - len(declarations))
    context = "\n".join(part for part in (declarations, outline) if part)
    parts = PromptParts(window, shape, context, STRUCTURED_TEXT)
    messages = build_messages(parts, settings.inline_fim)
    return Prepared(
        source.path, STRUCTURED_TEXT, shape, messages, prefix, suffix, unit_before, unit_after
    )


def prepare_code(
    path: Path,
    language: InlineLanguage,
    data: bytes,
    offset: int,
    settings: LspConfig,
    repo_map: RepoMapText = no_map,
) -> Prepared | None:
    """The prompt for a suggestion at byte ``offset`` of a Python, C or C++ buffer."""
    prefix = data[:offset].decode("utf-8", "replace")
    suffix = data[offset:].decode("utf-8", "replace")
    shape = language.shape_at(prefix, suffix)
    if shape is Shape.NONE:
        return None
    window, context_chars = _window(prefix, suffix, settings)
    context = repo_map(names_near(prefix, suffix), context_chars)
    messages = build_messages(PromptParts(window, shape, context, language), settings.inline_fim)
    return Prepared(path, language, shape, messages, prefix, suffix, prefix, suffix)


def _window(prefix: str, suffix: str, settings: LspConfig) -> tuple[Window, int]:
    """The text around the cursor that fits, and the characters left for context."""
    context_tokens = int(settings.inline_max_tokens * CONTEXT_SHARE)
    window = split_budget(prefix, suffix, settings.inline_max_tokens - context_tokens)
    return window, context_tokens * CHARS_PER_TOKEN


def finish(prepared: Prepared, answer: str) -> str:
    """The text to insert: cleaned, and only if it keeps the unit's syntax intact."""
    language = prepared.language
    text = clean(
        answer, prepared.prefix, prepared.suffix, prepared.shape, language.stop_at_block_end
    )
    if not text:
        return ""
    if not language.keeps_syntax(prepared.path, prepared.unit_before, text, prepared.unit_after):
        return ""
    return text


def _unit_span(source: StSourceFile, offset: int) -> tuple[int, int]:
    """Plain ST: the chunk (POU) around the cursor; containers: the whole file."""
    if source.chunked:
        for unit in source.units:
            if unit_base(unit) <= offset <= unit_end(unit):
                return unit_base(unit), unit_end(unit)
    return 0, len(source.data)
