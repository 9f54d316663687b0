"""The Ray executor on a real local Ray instance, started once for this module.

Two tasks of the shipped suite, scored by the oracle and the no-op, give
the same records on Ray as on the local executor; an interrupted run
resumes; a failing Ray task is a crashed attempt; usage statistics stay
off. Without ``ray`` installed, ``--executor ray`` says how to install it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from werk.benchmarks.harness import (
    NOOP,
    ORACLE,
    TASKS_ROOT,
    AttemptRecord,
    BenchOptions,
    BenchTask,
    load_suite,
    run_suite,
)
from werk.benchmarks.harness.ray_executor import require_ray, start_ray

TASK_IDS = ("fix-double-write", "fix-missing-else")
BLOCK_RAY = """
import sys

class BlockRay:
    '''An environment without ray: every import of it fails as if it were not installed.'''

    def find_spec(self, name, path=None, target=None):
        if name == "ray" or name.startswith("ray."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, BlockRay())
from werk.agent.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass(frozen=True)
class DyingTask(BenchTask):
    """A task whose fixture kills the process that reads it: a worker dying mid-attempt."""

    @property
    def repo(self) -> Path:
        os._exit(3)


@pytest.fixture(scope="module")
def ray_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """A local Ray instance for the whole module, with a throwaway HOME (Ray writes ~/.ray)."""
    home = tmp_path_factory.mktemp("ray-home")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("WERK_") or name == "RAY_ADDRESS":
                patch.delenv(name)
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CONFIG_HOME", str(home / "xdg"))
        ray = require_ray()
        # DyingTask must reach the workers by value: they cannot import this test module
        ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
        start_ray(jobs=2)
        try:
            yield ray
        finally:
            ray.shutdown()


@pytest.fixture
def tasks() -> list[BenchTask]:
    return [task for task in load_suite(TASKS_ROOT) if task.id in TASK_IDS]


def _comparable(records: Sequence[AttemptRecord]) -> list[dict[str, Any]]:
    """The records in key order, without the wall-clock time, which no two runs share."""
    rows = [record.to_json() for record in sorted(records, key=lambda record: record.key)]
    for row in rows:
        del row["wall_s"]
    return rows


def test_same_records_as_local_then_resume(
    ray_instance: ModuleType, tasks: list[BenchTask], tmp_path: Path
) -> None:
    local = run_suite(tasks, BenchOptions(models=[ORACLE, NOOP], out=tmp_path / "local"))
    options = BenchOptions(models=[ORACLE, NOOP], out=tmp_path / "ray", jobs=2, executor="ray")
    seen: list[AttemptRecord] = []
    on_ray = run_suite(tasks, options, seen.append)
    assert len(seen) == 4
    assert _comparable(on_ray) == _comparable(local)
    assert ray_instance.is_initialized()  # the module's instance was used and left running

    # an interrupted run: only two attempts reached the file
    lines = options.results.read_text(encoding="utf-8").splitlines()
    options.results.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    rerun: list[AttemptRecord] = []
    resumed = run_suite(tasks, options, rerun.append)
    assert {record.key for record in rerun} == {record.key for record in seen[2:]}
    assert _comparable(resumed) == _comparable(local)

    nothing: list[AttemptRecord] = []
    run_suite(tasks, options, nothing.append)
    assert nothing == []
    assert len(options.results.read_text(encoding="utf-8").splitlines()) == 4


def test_a_dead_worker_or_a_failing_task_is_a_crashed_attempt(
    ray_instance: ModuleType, tasks: list[BenchTask], tmp_path: Path
) -> None:
    dying = DyingTask("dying", "nothing", "fix", "easy", tmp_path / "dying")
    ghost = BenchTask("ghost", "nothing", "fix", "easy", tmp_path / "no-such-task")
    options = BenchOptions(models=[ORACLE], out=tmp_path / "out", jobs=2, executor="ray")
    records = {record.task: record for record in run_suite([dying, ghost, *tasks], options)}
    for task_id in ("dying", "ghost"):
        assert (records[task_id].failure, records[task_id].status) == ("crash", "crashed")
    assert "WorkerCrashedError" in (records["dying"].error or "")
    assert "no-such-task" in (records["ghost"].error or "")
    assert all(records[task_id].passed for task_id in TASK_IDS)  # the run went on


def test_usage_statistics_are_off(ray_instance: ModuleType) -> None:
    from ray._common.usage import usage_lib

    assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"
    assert not usage_lib.usage_stats_enabled()


def test_without_ray_the_executor_says_how_to_install_it(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WERK_")}
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_RAY, "bench", "--oracle", "--tasks", TASK_IDS[0],
         "--executor", "ray", "--out", "out"],
        cwd=tmp_path, env={**env, **isolated_env}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "the ray executor needs the optional 'ray' package" in done.stderr
    assert "pip install 'werk[ray]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "results.jsonl").exists()  # nothing ran
