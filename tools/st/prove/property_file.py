"""werk's own property files (``*.props.yaml``): the entry, its properties, assumptions, bounds.

::

    entry: FB_Motor            # the POU checked as ``instance``
    cycle_ms: 10               # optional: the cycle time (default 10 ms), or a range 10..15
    depth: 20                  # optional: the bound of the bounded check and of runs
    assume:                    # optional: conditions that hold at the end of every cycle
      - instance.nSpeed <= 1500
    inputs:                    # optional: ranges of inputs (both ends included)
      instance.nSetpoint: 0..1500
    properties:
      - name: stop-wins
        pattern: implication   # PLCverif's id, with or without "pattern-"
        params: [instance.bStop, NOT instance.bRun]
        description: Stop always wins over start.
      - name: alarm-within-pt
        pattern: werk-response
        params: {1: instance.bHigh, 2: instance.bAlarm, 3: T#3s}
        assume: [ ... ]        # optional: only for this property

Errors in the file itself (not YAML, a missing key, a wrong type) raise
``UsageError`` with the file and line; a property that is readable but
wrong (an unknown variable) is reported by the checker as defective.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from werk.tools.errors import UsageError
from werk.tools.st.prove.patterns import PATTERNS, InputRange, Property, ordered_params


@dataclass
class PropertyFile:
    path: Path
    entry: str | None
    properties: list[Property]
    cycle_ms: int | None = None
    cycle_max_ms: int | None = None
    depth: int | None = None
    timeout: float | None = None
    assumptions: list[str] = field(default_factory=list)


def pattern_id(name: str) -> str:
    """``implication`` -> ``pattern-implication``; ids already known are kept."""
    text = name.strip().lower()
    if text in PATTERNS or not text:
        return text
    prefixed = f"pattern-{text}"
    return prefixed if prefixed in PATTERNS else text


def read_property_file(path: Path) -> PropertyFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_property_file(text, path)


def parse_property_file(text: str, path: Path) -> PropertyFile:
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise UsageError(f"{where}: not YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a property file is a mapping with 'entry' and 'properties'")
    lines = _property_lines(root)
    entry = data.get("entry")
    if entry is not None and not isinstance(entry, str):
        raise UsageError(f"{path}: 'entry' must be a POU name")
    assumptions = _texts(data.get("assume"), path, "assume")
    ranges = _ranges(data.get("inputs"), path)
    items = data.get("properties")
    if not isinstance(items, list) or not items:
        raise UsageError(f"{path}: 'properties' must be a non-empty list")
    cycle = None
    if data.get("cycle_ms") is not None:
        try:
            cycle = cycle_range(str(data["cycle_ms"]))
        except ValueError as exc:
            raise UsageError(f"{path}: cycle_ms: {exc}") from None
    properties = []
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else None
        where = f"{path}:{line}" if line is not None else f"{path}: property {index + 1}"
        properties.append(_property(item, index, where, assumptions, ranges))
    return PropertyFile(
        path,
        entry,
        properties,
        cycle_ms=cycle[0] if cycle else None,
        cycle_max_ms=cycle[1] if cycle else None,
        depth=_number(data.get("depth"), path, "depth", int),
        timeout=_number(data.get("timeout"), path, "timeout", float),
        assumptions=assumptions,
    )


def _property(
    item: Any, index: int, where: str, assumptions: list[str], ranges: tuple[InputRange, ...]
) -> Property:
    if not isinstance(item, dict):
        raise UsageError(f"{where}: a property is a mapping with 'pattern' and 'params'")
    name = str(item.get("name") or f"P{index + 1}")
    raw_pattern = item.get("pattern")
    if not isinstance(raw_pattern, str):
        raise UsageError(f"{where}: property {name!r} needs a 'pattern'")
    raw_params = item.get("params", [])
    if isinstance(raw_params, str):
        raw_params = [raw_params]
    if not isinstance(raw_params, list | dict):
        raise UsageError(f"{where}: 'params' must be a list or a numbered mapping")
    try:
        params = tuple(
            ordered_params(
                {str(k): v for k, v in raw_params.items()}
                if isinstance(raw_params, dict)
                else raw_params
            )
        )
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None
    own = _texts(item.get("assume"), Path(where), "assume")
    return Property(
        name,
        pattern_id(raw_pattern),
        params,
        str(item.get("description") or ""),
        where,
        assumptions=(*assumptions, *own),
        ranges=ranges,
    )


def _texts(value: Any, path: Path, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int | float | bool) for v in value):
        return [str(v) for v in value]
    raise UsageError(f"{path}: '{key}' must be a list of expressions")


def _ranges(value: Any, path: Path) -> tuple[InputRange, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise UsageError(f"{path}: 'inputs' maps input paths to ranges (low..high)")
    found = []
    for name, bounds in value.items():
        if isinstance(bounds, list) and len(bounds) == 2:
            low, high = (str(b) for b in bounds)
        elif isinstance(bounds, str) and ".." in bounds:
            low, _, high = bounds.partition("..")
        else:
            raise UsageError(f"{path}: range of {name}: write low..high or [low, high]")
        found.append(InputRange(str(name), low.strip(), high.strip()))
    return tuple(found)


def _number(value: Any, path: Path, key: str, kind: type) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{path}: '{key}' must be a number")
    return kind(value)


def _property_lines(root: Any) -> list[int]:
    """The 1-based line of each item under ``properties``."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "properties" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def cycle_range(text: str) -> tuple[int, int]:
    """``10`` -> (10, 10); ``10..15`` -> (10, 15): the cycle time in ms, fixed or ranged."""
    low, separator, high = text.strip().partition("..")
    try:
        first = int(low)
        last = int(high) if separator else first
    except ValueError:
        raise ValueError(f"{text!r} is not a number of ms or a range like 10..15") from None
    if first < 1 or last < first:
        raise ValueError(f"{text!r}: the cycle time is at least 1 ms, low..high with low <= high")
    return first, last
