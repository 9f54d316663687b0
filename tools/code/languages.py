"""The languages werk indexes, and how each one is parsed and tagged.

A ``LanguageSupport`` names a language, the file extensions that select it, a
factory for its tree-sitter parser and the tags query that finds its
definitions and references (tree-sitter's tags convention: ``@name`` plus
``@definition.<category>`` or ``@reference.<category>``). The built-in
languages are Python, C and C++ (grammar wheels from PyPI, queries written for
werk in ``queries/``) and IEC 61131-3 Structured Text (the query shipped with
``tree-sitter-iec61131-3-st`` plus ``queries/st-references.scm``).

The registry is open: ``register_language`` replaces a language of the same
name, which is how the dialect-aware ST front end takes over from the plain
grammar. A front end that needs to rewrite the source before parsing (TwinCAT
XML, vendor dialects) supplies ``prepare``, returning the text to parse and a
``PositionMap`` back to the file's bytes; tags are then reported at the
file's own offsets and lines.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import PurePath
from types import MappingProxyType

from tree_sitter import Language, Parser, Query

from werk.tools.text.offsets import PositionMap


@dataclass(frozen=True)
class SourceView:
    """The text a parser sees for a file, and the way from its offsets back to the file."""

    text: bytes
    to_file: PositionMap


@dataclass(frozen=True, eq=False)
class LanguageSupport:
    """How one language is recognised, parsed and tagged."""

    name: str
    extensions: tuple[str, ...]
    """File name endings that select the language, with the dot (``".py"``), in any case."""
    parser_factory: Callable[[], Parser]
    tags_query: str
    case_insensitive: bool = False
    """Names are keyed in lower case for linking (IEC 61131-3), shown as declared."""
    prepare: Callable[[bytes, str], SourceView | None] | None = None
    """Derives the text to parse from a file's bytes and path; ``None`` means "parse as is"."""
    category_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Query categories in the language's own words (ST: ``class`` → ``function_block``)."""
    version: str = "1"
    """Bump when the front end's output changes, so cached tags are recomputed."""
    link_family: str | None = None
    """Languages of one family link their references to each other's definitions (C and
    C++ do); others never do, so a Python call to ``len`` finds no ST function ``LEN``."""
    sniffed_extensions: tuple[str, ...] = ()
    """Extensions shared with other formats (``.xml``): a file counts only when ``sniff``
    recognises its first bytes (PLCopen XML among other XML)."""
    sniff: Callable[[bytes], bool] | None = None
    ambient_names: frozenset[str] = frozenset()
    """Names the language's runtime provides (Python's ``len``, ``dict.get``): a reference
    to one is most likely to the runtime's, so it says little about the repository."""

    @property
    def family(self) -> str:
        return self.link_family or self.name

    def parser(self) -> Parser:
        """A parser for this thread: tree-sitter parsers must not be shared across threads."""
        parsers: dict[LanguageSupport, Parser] = _thread_parsers.__dict__.setdefault(
            "by_language", {}
        )
        cached = parsers.get(self)
        if cached is None:
            cached = parsers[self] = self.parser_factory()
        return cached

    @cached_property
    def ts_language(self) -> Language:
        language = self.parser_factory().language
        if language is None:
            raise ValueError(
                f"the parser factory of {self.name} returned a parser with no language"
            )
        return language

    @cached_property
    def query(self) -> Query:
        return Query(self.ts_language, self.tags_query)

    @cached_property
    def fingerprint(self) -> str:
        """Identifies everything that decides this language's tags; part of the cache key."""
        language = self.ts_language
        parts = [
            self.name,
            self.version,
            str(language.name),
            ".".join(map(str, language.semantic_version or ())),
            str(language.abi_version),
            self.tags_query,
            repr(sorted(self.category_names.items())),
        ]
        return hashlib.blake2b("\0".join(parts).encode(), digest_size=12).hexdigest()

    def key(self, name: str) -> str:
        """The linking key of a name: folded to lower case where the language ignores case."""
        return name.lower() if self.case_insensitive else name


_thread_parsers = threading.local()
_registry: dict[str, LanguageSupport] = {}
_by_extension: dict[str, LanguageSupport] = {}
_by_sniffed_extension: dict[str, LanguageSupport] = {}
_registry_lock = threading.Lock()


def register_language(support: LanguageSupport) -> LanguageSupport | None:
    """Add ``support``, replacing any language of the same name; returns the replaced one."""
    with _registry_lock:
        previous = _registry.get(support.name)
        _registry[support.name] = support
        _by_extension.clear()
        _by_sniffed_extension.clear()
        for language in _registry.values():
            for extension in language.extensions:
                _by_extension[extension.lower()] = language
            for extension in language.sniffed_extensions:
                _by_sniffed_extension[extension.lower()] = language
        return previous


def registered_languages() -> tuple[LanguageSupport, ...]:
    return tuple(_registry.values())


def language_named(name: str) -> LanguageSupport:
    try:
        return _registry[name]
    except KeyError:
        known = ", ".join(sorted(_registry))
        raise KeyError(f"no language named {name!r} is registered (known: {known})") from None


def language_for_path(path: str | PurePath) -> LanguageSupport | None:
    """The language a file's extension selects, or ``None`` for files werk does not index.

    For a sniffed extension (``.xml``) this is only a candidate: check the file's
    first bytes with ``language_for_head``.
    """
    suffix = PurePath(path).suffix.lower()
    if not suffix:
        return None
    return _by_extension.get(suffix) or _by_sniffed_extension.get(suffix)


def language_for_head(path: str | PurePath, head: bytes) -> LanguageSupport | None:
    """The language of a file given its first bytes (needed for sniffed extensions)."""
    language = language_for_path(path)
    suffix = PurePath(path).suffix.lower()
    if language is not None and suffix in language.sniffed_extensions:
        return language if language.sniff is not None and language.sniff(head) else None
    return language


def read_query(filename: str) -> str:
    """A tags query shipped in ``werk.tools.code.queries``."""
    return resources.files("werk.tools.code.queries").joinpath(filename).read_text("utf-8")


def _grammar_parser(load: Callable[[], object]) -> Callable[[], Parser]:
    def factory() -> Parser:
        return Parser(Language(load()))

    return factory


def _python_language() -> object:
    import tree_sitter_python

    return tree_sitter_python.language()


def _c_language() -> object:
    import tree_sitter_c

    return tree_sitter_c.language()


def _cpp_language() -> object:
    import tree_sitter_cpp

    return tree_sitter_cpp.language()


def _st_language() -> object:
    import tree_sitter_iec61131_3_st

    return tree_sitter_iec61131_3_st.language()


def _st_tags_query() -> str:
    import tree_sitter_iec61131_3_st

    shipped = tree_sitter_iec61131_3_st.TAGS_QUERY or ""
    return shipped + "\n" + read_query("st-references.scm")


def _prepare_structured_text(source: bytes, path: str) -> SourceView | None:
    """ST as werk's front end sees it: extracted from TwinCAT/PLCopen XML, dialects lowered.

    Tags then come from the same text the semantic model parses, and land on
    the file's own bytes (inside the XML for TwinCAT and PLCopen files).
    """
    from werk.tools.st.containers import ContainerError, documents_for
    from werk.tools.st.dialect import detect_dialect
    from werk.tools.st.document import Origin
    from werk.tools.st.lowering import lower
    from werk.tools.text.offsets import ChainedMap, ConcatenatedMap, Segment

    file_path = PurePath(path)
    try:
        documents = documents_for(file_path, source)
    except ContainerError:
        return None
    parts: list[bytes] = []
    segments: list[Segment] = []
    offset = 0
    for document in documents:
        dialect = document.dialect
        if document.origin is Origin.PLAIN:
            dialect = detect_dialect(file_path, document.text)
        lowered = lower(document.text, dialect)
        segments.append(
            Segment(
                offset, offset + len(lowered.text), ChainedMap((lowered.offsets, document.to_file))
            )
        )
        parts.append(lowered.text + b"\n")
        offset += len(lowered.text) + 1
    if not parts:
        return None
    return SourceView(b"".join(parts), ConcatenatedMap(segments))


def _is_plcopen(head: bytes) -> bool:
    """PLCopen TC6 XML (CODESYS, Beremiz and OpenPLC exports) among other XML files."""
    return b"plcopen.org/xml/tc6" in head


def _python_ambient_names() -> frozenset[str]:
    """Python's builtins and the methods of its builtin types, as this interpreter has them."""
    import builtins

    names = set(dir(builtins))
    for kind in (object, dict, list, set, frozenset, str, bytes, tuple, int, float, type):
        names.update(name for name in dir(kind) if not name.startswith("__"))
    return frozenset(names)


def builtin_languages() -> Iterable[LanguageSupport]:
    yield LanguageSupport(
        name="python",
        extensions=(".py", ".pyi"),
        parser_factory=_grammar_parser(_python_language),
        tags_query=read_query("python-tags.scm"),
        ambient_names=_python_ambient_names(),
    )
    yield LanguageSupport(
        name="c",
        extensions=(".c", ".h"),
        parser_factory=_grammar_parser(_c_language),
        tags_query=read_query("c-tags.scm"),
        link_family="c",
    )
    yield LanguageSupport(
        name="cpp",
        extensions=(".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx"),
        parser_factory=_grammar_parser(_cpp_language),
        tags_query=read_query("cpp-tags.scm"),
        link_family="c",
    )
    yield LanguageSupport(
        name="st",
        extensions=(".st", ".scl", ".iecst", ".tcpou", ".tcgvl", ".tcdut"),
        parser_factory=_grammar_parser(_st_language),
        tags_query=_st_tags_query(),
        case_insensitive=True,
        prepare=_prepare_structured_text,
        sniffed_extensions=(".xml",),
        sniff=_is_plcopen,
        version="2",  # 2: tags from werk's dialect-aware ST front end
        category_names=MappingProxyType(
            {"module": "program", "class": "function_block", "variable": "global_variable"}
        ),
    )


for _language in builtin_languages():
    register_language(_language)
