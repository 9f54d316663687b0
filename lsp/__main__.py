"""``python -m werk.lsp``: the language server on stdio, as ``werk serve`` runs it."""

from werk.agent.cli.main import main

raise SystemExit(main(["serve"]))
