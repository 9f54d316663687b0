"""Build a project from ST source written in the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.project import Project
from werk.tools.st.unit import StUnit

MakeProject = Callable[..., Project]


@pytest.fixture
def make_project() -> MakeProject:
    def make(
        *sources: str, dialect: Dialect = Dialect.CODESYS, names: tuple[str, ...] = ()
    ) -> Project:
        units = []
        for index, source in enumerate(sources):
            name = names[index] if index < len(names) else f"file{index}.st"
            document = StDocument.plain(Path(name), source.encode(), dialect)
            units.append(StUnit.from_document(document))
        return Project(units)

    return make
