"""Navigation features: definition, references, rename, symbols, call hierarchy.

One module per feature family (``definition``, ``references``, ``rename``,
``symbols``, ``call_hierarchy``); they share how positions are converted
(``places``) and, for Python, C and C++ files, werk's code index
(``other_languages``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werk.lsp.features import call_hierarchy, definition, references, rename, symbols
from werk.lsp.features.places import Places

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer


def register_navigation(server: WerkLanguageServer) -> None:
    """Register every navigation feature on ``server``."""
    places = Places(server)
    code = server.code_index
    definition.register(server, places, code)
    references.register(server, places, code)
    rename.register(server, places)
    symbols.register(server, places, code)
    call_hierarchy.register(server, places)
