"""Run ids: sortable, unique, and the only thing --resume accepts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from werk.agent.run.ids import checked_run_id, new_run_id
from werk.tools.errors import UsageError


def test_run_ids_sort_by_time_and_differ() -> None:
    early = new_run_id(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    late = new_run_id(datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC))
    assert early.startswith("20260102-030405-")
    assert early < late
    assert len({new_run_id() for _ in range(50)}) == 50
    assert checked_run_id(f" {early} ") == early


@pytest.mark.parametrize("text", ["", "../../etc", "20260102-030405", "latest", "2026/01"])
def test_anything_else_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="not a run id"):
        checked_run_id(text)
