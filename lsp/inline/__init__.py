"""Ghost text: ``textDocument/inlineCompletion`` backed by the configured model.

For Structured Text, Python, C and C++ files. Modules: ``languages`` (what
differs per language), ``shape`` and ``validate`` (Structured Text's
syntax), ``python_syntax`` and ``c_syntax`` (the others'), ``budget`` (the
prefix/suffix split), ``context`` (declarations the cursor's POU uses),
``repo_map`` (the ranked repository map), ``prompt`` (fill-in-the-middle or
chat), ``postprocess``, ``cache``, ``latest`` (debounce and
cancel-previous), ``model`` (built lazily), ``suggest`` and ``feature``.
"""

from werk.lsp.inline.feature import GhostText, register_inline

__all__ = ["GhostText", "register_inline"]
