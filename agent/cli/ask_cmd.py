"""``werk ask``: one question to the configured model, answered on stdout.

The smallest useful use of a model profile: it proves the whole path (config,
provider, sovereignty guard, audit log) with a real answer.
"""

from __future__ import annotations

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.tools.errors import UsageError

SYSTEM_PROMPT = (
    "You are werk, an assistant for automation engineers. You know IEC 61131-3 "
    "Structured Text, CODESYS/TwinCAT and Siemens SCL. Answer briefly and precisely."
)


@click.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--no-stream", is_flag=True, help="Print the answer when complete.")
@pass_context
def ask(cli: CliContext, question: tuple[str, ...], no_stream: bool) -> None:
    """Ask the configured model one QUESTION and print the answer."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from werk.agent.models import build_chat_model

    text = " ".join(question).strip()
    if not text:
        raise UsageError("the question is empty")
    model = build_chat_model(cli.config)
    cli.info(f"[dim]asking {model.profile_name} ({model.provider_name}: {model.model_label})…[/]")
    messages = [SystemMessage(SYSTEM_PROMPT), HumanMessage(text)]
    if no_stream:
        click.echo(str(model.invoke(messages).content).strip())
        return
    for chunk in model.stream(messages):
        click.echo(str(chunk.content), nl=False)
    click.echo()
