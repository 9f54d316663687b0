"""The prompt's token budget, split between the text before and after the cursor.

Code before the cursor predicts the next line far better than code after
it, so the prefix gets most of the budget; whatever one side does not use
goes to the other. Both sides are cut at line boundaries so the model never
sees half a line at the edge of its window.
"""

from __future__ import annotations

from dataclasses import dataclass

CHARS_PER_TOKEN = 4  # a rough, tokenizer-free estimate, good enough for code
PREFIX_SHARE = 0.75


@dataclass(frozen=True)
class Window:
    """The parts of the document around the cursor that fit the budget."""

    prefix: str
    suffix: str


def split_budget(
    prefix: str, suffix: str, max_tokens: int, prefix_share: float = PREFIX_SHARE
) -> Window:
    total = max(0, max_tokens) * CHARS_PER_TOKEN
    prefix_chars = int(total * prefix_share)
    suffix_chars = total - prefix_chars
    if len(suffix) < suffix_chars:
        prefix_chars += suffix_chars - len(suffix)
        suffix_chars = len(suffix)
    elif len(prefix) < prefix_chars:
        suffix_chars += prefix_chars - len(prefix)
        prefix_chars = len(prefix)
    return Window(_tail(prefix, prefix_chars), _head(suffix, suffix_chars))


def _tail(text: str, chars: int) -> str:
    if len(text) <= chars:
        return text
    kept = text[len(text) - chars :] if chars > 0 else ""
    newline = kept.find("\n")
    return kept[newline + 1 :] if newline >= 0 else ""


def _head(text: str, chars: int) -> str:
    if len(text) <= chars:
        return text
    kept = text[:chars]
    newline = kept.rfind("\n")
    return kept[: newline + 1] if newline >= 0 else ""
