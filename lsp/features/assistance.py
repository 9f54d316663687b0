"""Editing assistance: completion, signature help, hover, tokens, folding, inlay hints."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer


def register_assistance(server: WerkLanguageServer) -> None:
    """Register every editing-assistance feature on ``server``."""
