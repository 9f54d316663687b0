"""Navigation features: definition, references, rename, symbols, call hierarchy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer


def register_navigation(server: WerkLanguageServer) -> None:
    """Register every navigation feature on ``server``."""
