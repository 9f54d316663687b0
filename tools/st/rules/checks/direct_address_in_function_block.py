"""N1: a direct I/O or memory address inside a function block."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou, PouKind
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class DirectAddressInFunctionBlock(Rule):
    """## What it does
    Finds direct addresses in a FUNCTION_BLOCK (its methods, actions and
    properties included): a variable declared `AT %IX0.1`, `AT %QW4` or
    `AT %MD10`, and a direct address used in its code (`bOut := %IX0.1;`).
    Declarations `AT %I*` and `AT %Q*`, which the I/O configuration links per
    instance (TwinCAT, CODESYS), are allowed.

    ## Why is this bad?
    A function block is meant to be instantiated many times: one `FB_Pump`
    per pump. A fixed address inside it makes every instance read the same
    sensor and drive the same contactor, so the second pump's instance
    switches the first pump. It also hides the block's real inputs and outputs
    from its interface: whoever rewires the cabinet has to search FB code for
    addresses. I/O belongs in PROGRAMs or global variable lists, mapped to
    symbols and passed in through VAR_INPUT and VAR_OUTPUT.

    ## Example
    ```st
    FUNCTION_BLOCK FB_Pump
    VAR
        bRunning AT %IX2.0 : BOOL;
    END_VAR
    %QX4.0 := bRunning;
    ```

    ## Use instead
    ```st
    FUNCTION_BLOCK FB_Pump
    VAR_INPUT
        bRunning : BOOL;   (* feedback contact *)
    END_VAR
    VAR_OUTPUT
        bContactor : BOOL;
    END_VAR
    bContactor := bRunning;
    ```
    with the addresses in a GVL (`bPump1Running AT %IX2.0 : BOOL;`) or
    `AT %I*` declarations linked by the I/O configuration.

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines N1 (avoid physical addresses); closest: CODESYS
    static analysis SA0047 (access to direct addresses) and SA0048 (AT
    declarations on I/O addresses).
    """

    code = "N1"
    name = "direct-address-in-function-block"
    message = "Direct address {address} {context} '{block}'"
    severity = Severity.WARNING
    category = Category.ARCHITECTURE

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        block = pou if pou.kind is PouKind.FUNCTION_BLOCK else pou.parent
        if block is None or block.kind is not PouKind.FUNCTION_BLOCK:
            return
        for variable in pou.variables:
            address = variable.address
            if address is None or linked_later(address):
                continue
            yield self.finding(
                variable.location,
                pou,
                address=address,
                context=f"on '{variable.name}' in function block",
                block=block.name,
            )
        for use in analysis.uses:
            if use.address is not None:
                yield self.finding(
                    use.location,
                    pou,
                    address=use.address,
                    context="used in function block",
                    block=block.name,
                )


def linked_later(address: str) -> bool:
    """``%I*``, ``%Q*``: the I/O configuration links the address per instance (TwinCAT, CODESYS)."""
    text = address.replace(" ", "").upper()
    return text.endswith("*") and text[1:2] in ("I", "Q")
