"""One ghost-text suggestion, from the cursor to the validated text, model call excluded.

``prepare`` decides whether to suggest at all and builds the prompt;
``finish`` turns the model's answer into the text to insert, or "". Both
are plain functions of the document and the project, so the editor's
handler stays thin and the benchmark measures exactly werk's own overhead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from langchain_core.messages import BaseMessage

from werk.agent.config.schema import LspConfig
from werk.lsp.inline.budget import CHARS_PER_TOKEN, split_budget
from werk.lsp.inline.context import project_map, used_declarations
from werk.lsp.inline.postprocess import clean
from werk.lsp.inline.prompt import PromptParts, build_messages
from werk.lsp.inline.shape import Shape, shape_at
from werk.lsp.inline.validate import keeps_syntax
from werk.tools.st.model.project import Project
from werk.tools.st.source_file import StSourceFile, unit_base, unit_end

CONTEXT_SHARE = 0.25  # of the prompt budget, for declarations and the project map
MAP_SHARE = 0.2  # of the context budget, for the project map


@dataclass(frozen=True)
class Prepared:
    path: Path
    shape: Shape
    messages: list[BaseMessage]
    prefix: str
    """The document before the cursor (whole, for the cache)."""
    suffix: str
    unit_before: str
    """The cursor's unit before and after the cursor (what validation parses)."""
    unit_after: str


def prepare(
    source: StSourceFile, project: Project, offset: int, settings: LspConfig
) -> Prepared | None:
    """The prompt for a suggestion at byte ``offset`` of ``source``, or None to stay quiet."""
    data = source.data
    prefix = data[:offset].decode("utf-8", "replace")
    suffix = data[offset:].decode("utf-8", "replace")
    shape = shape_at(prefix, suffix)
    if shape is Shape.NONE:
        return None
    start, end = _unit_span(source, offset)
    unit_before = data[start:offset].decode("utf-8", "replace")
    unit_after = data[offset:end].decode("utf-8", "replace")
    context_tokens = int(settings.inline_max_tokens * CONTEXT_SHARE)
    window = split_budget(prefix, suffix, settings.inline_max_tokens - context_tokens)
    context_chars = context_tokens * CHARS_PER_TOKEN
    map_chars = int(context_chars * MAP_SHARE)
    declarations = used_declarations(
        project, window.prefix + window.suffix, context_chars - map_chars
    )
    outline = project_map(project, map_chars)
    context = "\n".join(
        part for part in (declarations, outline and f"(project)\n{outline}") if part
    )
    messages = build_messages(PromptParts(window, shape, context), settings.inline_fim)
    return Prepared(source.path, shape, messages, prefix, suffix, unit_before, unit_after)


def finish(prepared: Prepared, answer: str) -> str:
    """The text to insert: cleaned, and only if it keeps the unit's syntax intact."""
    text = clean(answer, prepared.prefix, prepared.suffix, prepared.shape)
    if not text:
        return ""
    if not keeps_syntax(prepared.path, prepared.unit_before, text, prepared.unit_after):
        return ""
    return text


def _unit_span(source: StSourceFile, offset: int) -> tuple[int, int]:
    """Plain ST: the chunk (POU) around the cursor; containers: the whole file."""
    if source.chunked:
        for unit in source.units:
            if unit_base(unit) <= offset <= unit_end(unit):
                return unit_base(unit), unit_end(unit)
    return 0, len(source.data)
