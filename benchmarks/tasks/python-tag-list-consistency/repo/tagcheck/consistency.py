"""Compares the HMI tag list (CSV) with the PLC's global variable list (ST).

The formats and the kinds of findings are described in README.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str
    """duplicate_tag, invalid_address, address_type_mismatch, address_overlap,
    missing_in_plc, missing_in_tag_list, type_mismatch or address_mismatch."""
    tags: tuple[str, ...]
    message: str


def check_tag_list(tag_csv: str, gvl_source: str) -> list[Finding]:
    raise NotImplementedError
