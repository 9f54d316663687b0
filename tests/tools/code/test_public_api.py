"""The public surface of ``werk.tools.code``, pinned: changing it is a decision, not an accident."""

from __future__ import annotations

import werk.tools.code as code


def test_public_names() -> None:
    assert code.__all__ == [
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
    for name in code.__all__:
        assert getattr(code, name) is not None


def test_queries_ship_as_package_data() -> None:
    from importlib import resources

    queries = resources.files("werk.tools.code.queries")
    names = {entry.name for entry in queries.iterdir() if entry.name.endswith(".scm")}
    assert names == {"python-tags.scm", "c-tags.scm", "cpp-tags.scm", "st-references.scm"}
