"""Binding property expressions to the entry's variables, typed as ST types them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tools.st.prove.support import project_of
from werk.tools.st.prove.binding import Binder, Defect, Read, evaluate, signals_in
from werk.tools.st.prove.entry import Entry, Signal


@pytest.fixture(scope="module")
def mixed() -> Entry:
    return Entry(project_of("mixed.st"), "FB_Mix")


def value_of(entry: Entry, text: str, values: dict[str, Any]) -> Any:
    typed = Binder(entry).condition(text)

    def read(signal: Signal) -> Any:
        return values[signal.shown]

    return evaluate(typed, read)


def test_paths_resolve_to_signals(mixed: Entry) -> None:
    typed = Binder(mixed).condition("instance.stTank.abFlags[2] AND instance.fbIn.ctu.Q")
    assert [s.shown for s in signals_in(typed)] == [
        "instance.stTank.abFlags[2]",
        "instance.fbIn.ctu.Q",
    ]
    read = Binder(mixed).condition("gbAlarm")  # a global by its own name
    assert isinstance(read, Read) and read.signal.is_global


def test_literals_take_the_other_operands_type(mixed: Entry) -> None:
    # nSum is an INT: 32767 + 1 wraps in INT arithmetic, as the same ST would
    assert value_of(mixed, "instance.nSum + 1 < 0", {"instance.nSum": 32767}) is True
    # ...but a literal the INT cannot hold is compared as the number it is
    assert value_of(mixed, "instance.nSum < 100000", {"instance.nSum": 5}) is True
    assert value_of(mixed, "instance.rOut > 0.1", {"instance.rOut": 0.10000000149011612}) is False
    assert value_of(mixed, "instance.wBits = 16#0003", {"instance.wBits": 3}) is True


def test_enum_values(mixed: Entry) -> None:
    assert value_of(mixed, "instance.eMode = E_Mode#Drain", {"instance.eMode": 7}) is True
    assert value_of(mixed, "instance.eMode = Fill", {"instance.eMode": 5}) is True


def test_implication_and_functions(mixed: Entry) -> None:
    text = "instance.nSum > 10 --> ABS(instance.nSum - 20) <= 10"
    assert value_of(mixed, text, {"instance.nSum": 5}) is True
    assert value_of(mixed, text, {"instance.nSum": 25}) is True
    assert value_of(mixed, text, {"instance.nSum": 31}) is False


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("instance.nSom > 0", "unknown-variable", "instance.nSum"),
        ("instance.stTank.nCont = 1", "unknown-variable", "instance.stTank.nCount"),
        ("instance.fbIn > 0", "type-error", "function block, structure or array"),
        ("instance.nSum + TRUE > 0", "type-error", "+"),
        ("instance.nSum", "type-error", "not a condition"),
        ("instance.nSum >", "syntax", "expected an operand"),
        ("%QX0.0", "unsupported", "direct address"),
        ("SQRT(instance.rOut) > 1.0", "unsupported", "function SQRT"),
    ],
)
def test_defects(mixed: Entry, text: str, kind: str, words: str) -> None:
    with pytest.raises(Defect) as caught:
        Binder(mixed).condition(text)
    assert caught.value.kind == kind
    assert words in str(caught.value)
