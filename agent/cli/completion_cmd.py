"""``werk completion SHELL``: print the shell-completion script (click's own)."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL.

    \b
    bash:  eval "$(werk completion bash)"   (e.g. in ~/.bashrc)
    zsh:   eval "$(werk completion zsh)"    (e.g. in ~/.zshrc)
    fish:  werk completion fish > ~/.config/fish/completions/werk.fish
    """
    root = ctx.find_root()
    cls = get_completion_class(shell)
    assert cls is not None  # click.Choice guarantees a known shell
    script = cls(root.command, {}, "werk", "_WERK_COMPLETE").source()
    click.echo(script)
