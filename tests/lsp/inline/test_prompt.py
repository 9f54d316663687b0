"""The ghost-text prompt names the language and writes the context as its comment."""

from __future__ import annotations

from werk.lsp.inline.budget import Window
from werk.lsp.inline.languages import PYTHON, STRUCTURED_TEXT
from werk.lsp.inline.prompt import CURSOR, PromptParts, build_messages
from werk.lsp.inline.shape import Shape

WINDOW = Window("def f():\n    ", "\n")


def test_fim_puts_the_context_first_as_a_comment_of_the_language() -> None:
    parts = PromptParts(WINDOW, Shape.BLOCK, "flow.py:\ndef rate():", PYTHON)
    (message,) = build_messages(parts, "qwen")
    assert message.content == (
        "<|fim_prefix|># Declarations used here, from other files:\n# flow.py:\n"
        "# def rate():\ndef f():\n    <|fim_suffix|>\n<|fim_middle|>"
    )


def test_structured_text_context_cannot_close_its_comment_early() -> None:
    parts = PromptParts(WINDOW, Shape.LINE, "x *) y", STRUCTURED_TEXT)
    (message,) = build_messages(parts, "starcoder")
    assert isinstance(message.content, str)
    assert "x * ) y" in message.content and message.content.count("*)") == 1


def test_chat_names_the_language_and_fences_the_context() -> None:
    parts = PromptParts(WINDOW, Shape.BLOCK, "flow.py:\ndef rate():", PYTHON)
    system, human = build_messages(parts, "none")
    assert "You complete Python code" in str(system.content)
    assert "<context>\nflow.py:\ndef rate():\n</context>" in str(human.content)
    assert f"def f():\n    {CURSOR}\n" in str(human.content)


def test_no_context_no_comment() -> None:
    (message,) = build_messages(PromptParts(WINDOW, Shape.BLOCK, "", PYTHON), "qwen")
    assert message.content == "<|fim_prefix|>def f():\n    <|fim_suffix|>\n<|fim_middle|>"
