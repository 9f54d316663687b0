"""The verification baseline as plain data, so the run's checkpoint can hold it.

The gate's ``GateBaseline`` holds counters and sets of fingerprints. The
checkpoint keeps only plain values (see ``werk.agent.graph.state``), so the
baseline is stored field by field (counters as mappings, sets as sorted
lists) and rebuilt from its fields' own types when the run resumes:
capturing it again then would blame the agent's edits on the repository.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from werk.agent.graph.deps import BaselineCodec


def baseline_codec() -> BaselineCodec:
    return (baseline_to_data, baseline_from_data)


def baseline_to_data(baseline: Any) -> dict[str, Any] | None:
    if baseline is None:
        return None
    data: dict[str, Any] = {}
    for item in dataclasses.fields(baseline):
        value = getattr(baseline, item.name)
        if isinstance(value, Counter):
            data[item.name] = dict(value)
        elif isinstance(value, set | frozenset):
            data[item.name] = sorted(value)
        else:
            data[item.name] = value
    return data


def baseline_from_data(data: dict[str, Any] | None) -> Any:
    from werk.agent.verification.result import GateBaseline

    if data is None:
        return None
    values: dict[str, Any] = {}
    for item in dataclasses.fields(GateBaseline):
        if item.name not in data:
            continue  # a field added since the run started keeps its default
        value = data[item.name]
        factory = item.default_factory
        if factory is Counter:
            value = Counter(value)
        elif factory is set:
            value = set(value)
        values[item.name] = value
    return GateBaseline(**values)
