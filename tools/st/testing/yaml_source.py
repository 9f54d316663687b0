"""YAML test files read with their line numbers, every scalar kept as the text written.

Trace and scenario files hold ST values (``TRUE``, ``16#FF``, ``T#1s``,
``010``). YAML's own typing would turn ``010`` into 8 and ``on`` into a
boolean, so scalars are read as text (PyYAML's ``BaseLoader``) and parsed
as ST literals by ``values``. Each node keeps its line so an error names
``file:line``. Duplicate keys, which YAML silently overwrites, are errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from werk.tools.st.testing.errors import TestDefinitionError


@dataclass
class YamlNode:
    """A scalar (``str``), a sequence (``list``) or a mapping (``dict``), and its line."""

    value: str | list[YamlNode] | dict[str, YamlNode]
    line: int  # 1-based
    path: Path
    # For mapping entries: the line of each key (values may start on the next line).
    key_lines: dict[str, int] | None = None

    def error(self, message: str) -> TestDefinitionError:
        return TestDefinitionError(message, self.path, self.line)

    def mapping(self, what: str) -> dict[str, YamlNode]:
        if not isinstance(self.value, dict):
            raise self.error(f"{what} must be a mapping (key: value)")
        return self.value

    def sequence(self, what: str) -> list[YamlNode]:
        if not isinstance(self.value, list):
            raise self.error(f"{what} must be a list")
        return self.value

    def scalar(self, what: str) -> str:
        if not isinstance(self.value, str):
            raise self.error(f"{what} must be a single value")
        return self.value

    def plain(self) -> Any:
        """The node as plain Python: ``str``, lists and dicts of them."""
        if isinstance(self.value, list):
            return [item.plain() for item in self.value]
        if isinstance(self.value, dict):
            return {key: item.plain() for key, item in self.value.items()}
        return self.value

    def check_keys(self, what: str, allowed: set[str]) -> dict[str, YamlNode]:
        """The mapping, after refusing keys outside ``allowed`` (format keys are lower-case)."""
        entries = self.mapping(what)
        for key, node in entries.items():
            if key not in allowed:
                line = (self.key_lines or {}).get(key, node.line)
                raise TestDefinitionError(
                    f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
                    self.path,
                    line,
                )
        return entries


def load_yaml(path: Path, text: str | None = None) -> YamlNode:
    """The document of ``path``; a ``TestDefinitionError`` with the line if it is malformed."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TestDefinitionError(f"cannot read: {exc}", path) from None
    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise TestDefinitionError(f"malformed YAML: {problem}", path, line, column) from None
    except yaml.YAMLError as exc:
        raise TestDefinitionError(f"malformed YAML: {exc}", path) from None
    if root is None:
        raise TestDefinitionError("the file is empty", path, 1)
    return _convert(root, path)


def _convert(node: yaml.Node, path: Path) -> YamlNode:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return YamlNode(str(node.value), line, path)
    if isinstance(node, yaml.SequenceNode):
        return YamlNode([_convert(item, path) for item in node.value], line, path)
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, YamlNode] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise TestDefinitionError("keys must be names", path, key_node.start_mark.line + 1)
            key = str(key_node.value)
            if key in entries:
                raise TestDefinitionError(
                    f"duplicate key {key!r}", path, key_node.start_mark.line + 1
                )
            entries[key] = _convert(value_node, path)
            key_lines[key] = key_node.start_mark.line + 1
        return YamlNode(entries, line, path, key_lines)
    raise TestDefinitionError("unsupported YAML node", path, line)
