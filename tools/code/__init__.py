"""Source code in every language werk reads: discovery, tags, symbol index, repository map.

``SymbolIndex.build(root)`` finds and tags the repository's Python, C, C++ and
Structured Text files (cached in ``.werk/index.sqlite``);
``ReferenceGraph.from_index(index).rank(focus_files=...)`` ranks files and
definitions for a task; ``render_map(ranking, token_budget)`` turns the
ranking into the outline a model reads. Languages are pluggable through
``register_language``.
"""

from werk.tools.code.cache import CacheUnavailableError, TagCache, content_hash
from werk.tools.code.discovery import (
    DEFAULT_EXCLUDES,
    DEFAULT_MAX_FILE_SIZE,
    Discovery,
    SkippedFile,
    SourceFile,
    discover,
)
from werk.tools.code.index import IndexedFile, IndexStats, SymbolIndex, default_cache_path
from werk.tools.code.languages import (
    LanguageSupport,
    SourceView,
    language_for_path,
    language_named,
    register_language,
    registered_languages,
)
from werk.tools.code.repomap import (
    RankedDefinition,
    ReferenceGraph,
    RepoRanking,
    estimate_tokens,
    render_map,
)
from werk.tools.code.tags import FileTags, Tag, extract_tags

__all__ = [
    "DEFAULT_EXCLUDES",
    "DEFAULT_MAX_FILE_SIZE",
    "CacheUnavailableError",
    "Discovery",
    "FileTags",
    "IndexStats",
    "IndexedFile",
    "LanguageSupport",
    "RankedDefinition",
    "ReferenceGraph",
    "RepoRanking",
    "SkippedFile",
    "SourceFile",
    "SourceView",
    "SymbolIndex",
    "Tag",
    "TagCache",
    "content_hash",
    "default_cache_path",
    "discover",
    "estimate_tokens",
    "extract_tags",
    "language_for_path",
    "language_named",
    "register_language",
    "registered_languages",
    "render_map",
]
