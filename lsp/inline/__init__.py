"""Ghost text: ``textDocument/inlineCompletion`` backed by the configured model.

Modules: ``shape`` (whether and how much to suggest), ``budget`` (the
prefix/suffix split), ``context`` (declarations the cursor's POU uses, the
project map), ``prompt`` (fill-in-the-middle or chat), ``postprocess``,
``validate`` (the ST parser), ``cache``, ``latest`` (debounce and
cancel-previous), ``model`` (built lazily), ``suggest`` and ``feature``.
"""

from werk.lsp.inline.feature import GhostText, register_inline

__all__ = ["GhostText", "register_inline"]
