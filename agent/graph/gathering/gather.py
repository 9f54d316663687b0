"""The context a run starts from, fitted to a token budget.

Three parts, in the order a person would want them and each within its
share of the budget:

1. the semantic slice of the ST POUs the task names or implies (``st_slice``);
2. the files the task names, in full while they fit;
3. the ranked repository map personalised to the task: PageRank with the
   named files and identifiers as the focus (``werk.tools.code.repomap``).

A small model (the embedded one has a 4k window) gets a small budget, so
each part is cut at a line boundary with a note saying so; the report
records whether anything was cut. Every part is fenced as repository data
(the tools' fence, so the model sees one convention).

The models of the code come from the tools' context (``CodeModels``), so
the project is parsed once per run, for the context and for the tools.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from werk.agent.graph.budgets import estimate_tokens
from werk.agent.graph.gathering.mentions import Mentions, find_mentions
from werk.agent.graph.gathering.st_slice import PouSlice, is_test_file, semantic_slice
from werk.agent.graph.state import ContextSummary
from werk.agent.tools.formatting import fence
from werk.tools.code.discovery import DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_SIZE
from werk.tools.errors import WerkError

if TYPE_CHECKING:
    from werk.tools.code.repomap import ReferenceGraph
    from werk.tools.st.document import Dialect
    from werk.tools.st.model.project import Project

log = logging.getLogger(__name__)

SLICE_SHARE = 0.35
FILES_SHARE = 0.40
MAX_TEST_FILE_BYTES = 200_000
ST_SUFFIXES = (".st", ".scl", ".tcpou", ".tcgvl", ".tcdut", ".xml", ".exp")


class CodeModels(Protocol):
    """The models of the worktree's code; the tools' ``ToolContext`` has them, cached."""

    def project(self) -> Project: ...
    def reference_graph(self) -> ReferenceGraph: ...


@dataclass
class FreshModels:
    """Builds the models on first use, for a gatherer without a tool context."""

    root: Path
    exclude: tuple[str, ...] = ()
    dialect: Dialect | None = None
    analysis_limit: int = 5 * 1024 * 1024
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    index_cache: Path | None = None
    _project: Project | None = None
    _graph: ReferenceGraph | None = None

    def project(self) -> Project:
        if self._project is None:
            from werk.tools.st.loader import load_project

            self._project, _ = load_project(
                self.root,
                dialect=self.dialect,
                exclude=self.exclude,
                analysis_limit=self.analysis_limit,
            )
        return self._project

    def reference_graph(self) -> ReferenceGraph:
        if self._graph is None:
            from werk.tools.code import ReferenceGraph, SymbolIndex

            index = SymbolIndex.build(
                self.root,
                exclude=(*DEFAULT_EXCLUDES, *self.exclude),
                cache_path=self.index_cache,
                use_cache=self.index_cache is not None,
                max_file_size=self.max_file_size,
            )
            self._graph = ReferenceGraph.from_index(index)
        return self._graph


@dataclass(frozen=True)
class GatheredContext:
    text: str
    summary: ContextSummary


def gather_context(
    root: Path, task: str, token_budget: int, models: CodeModels | None = None
) -> GatheredContext:
    models = models or FreshModels(root)
    notes: list[str] = []
    files = list_repository_files(root)
    mentions = find_mentions(task, files)
    slices = _slices(root, files, mentions, models, notes)
    slice_text = "\n".join(item.render() for item in slices)
    slice_text, cut_slice = truncate_to_tokens(slice_text, int(token_budget * SLICE_SHARE))
    focus = _unique([*mentions.files, *(item.file for item in slices if item.named)])
    used = estimate_tokens(slice_text)
    files_budget = int(token_budget * FILES_SHARE) + max(0, int(token_budget * SLICE_SHARE) - used)
    shown_files, cut_files = _focus_files(root, focus, files_budget)
    used += sum(estimate_tokens(text) for _, text in shown_files)
    map_budget = max(token_budget - used - 80, token_budget // 10)
    map_text = _repository_map(focus, mentions, slices, map_budget, models, notes)
    map_text, cut_map = truncate_to_tokens(map_text, map_budget)
    parts = [f"Repository: {len(files)} files."]
    if slice_text:
        fenced = fence("semantic model", slice_text)
        parts.append(f"The ST code the task is about (semantic model):\n{fenced}")
    for path, text in shown_files:
        parts.append(f"File {path}:\n" + fence(path, text))
    if map_text:
        parts.append(
            "Repository map (the most relevant definitions first):\n"
            + fence("repository map", map_text)
        )
    text = "\n\n".join(parts)
    truncated = cut_slice or cut_files or cut_map
    if truncated:
        notes.append("context cut to fit the model's window")
    summary: ContextSummary = {
        "focus_files": focus,
        "pous": [item.name for item in slices],
        "identifiers": list(mentions.identifiers),
        "tokens": estimate_tokens(text),
        "truncated": truncated,
        "notes": notes,
    }
    return GatheredContext(text, summary)


def list_repository_files(root: Path) -> list[str]:
    """Tracked and untracked, not ignored files of the worktree (git's view)."""
    import git

    try:
        listing = git.Git(root).ls_files("-co", "--exclude-standard")
    except (git.GitError, OSError) as exc:
        raise WerkError(f"{root}: cannot list the repository's files: {exc}") from exc
    return [line for line in listing.splitlines() if line and not line.startswith(".werk/")]


def truncate_to_tokens(text: str, tokens: int) -> tuple[str, bool]:
    """``text`` cut at a line boundary to about ``tokens``; True when something was cut."""
    if estimate_tokens(text) <= tokens:
        return text, False
    limit = max(0, tokens * 4 - 40)
    cut = text[:limit]
    if "\n" in cut:
        cut = cut[: cut.rindex("\n")]
    return cut + "\n… (cut to fit the context budget)", True


def _slices(
    root: Path, files: Sequence[str], mentions: Mentions, models: CodeModels, notes: list[str]
) -> list[PouSlice]:
    if not any(path.lower().endswith(ST_SUFFIXES) for path in files):
        return []
    try:
        project = models.project()
    except WerkError as exc:
        notes.append(f"ST project not loaded: {exc.message}")
        return []
    test_files = {}
    for path in files:
        if is_test_file(path):
            absolute = root / path
            try:
                if absolute.stat().st_size <= MAX_TEST_FILE_BYTES:
                    test_files[path] = absolute.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
    return semantic_slice(project, root, mentions, test_files)


def _focus_files(
    root: Path, paths: Sequence[str], budget: int
) -> tuple[list[tuple[str, str]], bool]:
    shown: list[tuple[str, str]] = []
    left = budget
    cut = False
    for path in paths:
        try:
            text = (root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        cost = estimate_tokens(text) + 20
        if cost <= left:
            shown.append((path, text))
            left -= cost
        else:
            cut = True
    return shown, cut


def _repository_map(
    focus: Sequence[str],
    mentions: Mentions,
    slices: Sequence[PouSlice],
    budget: int,
    models: CodeModels,
    notes: list[str],
) -> str:
    from werk.tools.code import render_map

    try:
        graph = models.reference_graph()
    except WerkError as exc:
        notes.append(f"repository map not built: {exc.message}")
        return ""
    ranking = graph.rank(
        focus_files=focus,
        mentioned_identifiers=[
            *mentions.identifiers,
            *mentions.words,
            *(item.name for item in slices),
        ],
    )
    return render_map(ranking, budget)


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))
