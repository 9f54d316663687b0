"""Attempts as Ray tasks, for model evaluations that outgrow one machine.

Each attempt is one Ray task running ``run_attempt``: the driver appends
each record as its task completes, exactly as the local process pool does,
so a run on a cluster resumes like a local one, and a worker that dies is
one crashed attempt. Tasks are not retried: a retried attempt would be a
different sample than the one the record claims.

Sovereign by default: Ray collects usage statistics unless told otherwise,
so ``RAY_USAGE_STATS_ENABLED=0`` is set before ray is imported, and a local
instance starts without its dashboard. A cluster joined by address was
started by someone else: its own settings decide (start it with
``ray start --disable-usage-stats``).

``ray`` is an optional dependency (``pip install 'werk[ray]'``), imported
only here and only when this executor is chosen.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from werk.benchmarks.harness.attempt import AttemptSpec, crashed_record, run_attempt
from werk.benchmarks.harness.records import AttemptRecord
from werk.tools.errors import WerkError

INSTALL_HINT = "pip install 'werk[ray]'"
USAGE_STATS_VARIABLE = "RAY_USAGE_STATS_ENABLED"
ADDRESS_VARIABLE = "RAY_ADDRESS"
CONNECT_TIMEOUT_S = 5.0
_HOST_AND_PORT = re.compile(r"^(?:ray://)?(?P<host>\[[^\]]+\]|[^:/\[\]]+):(?P<port>\d+)$")


def require_ray() -> ModuleType:
    """The ``ray`` module, with usage statistics off; a ``WerkError`` when it is not installed."""
    os.environ[USAGE_STATS_VARIABLE] = "0"  # before the import: never phone home
    try:
        import ray
    except ImportError as exc:
        raise WerkError(
            "the ray executor needs the optional 'ray' package, which is not installed",
            hint=INSTALL_HINT,
        ) from exc
    return ray


def start_ray(jobs: int, address: str | None = None) -> None:
    """Join the cluster at ``address`` (or ``$RAY_ADDRESS``), or start a private local instance.

    The local instance gets ``jobs`` CPUs, so at most ``jobs`` attempts run at
    once; a cluster runs as many as it has CPUs.
    """
    ray = require_ray()
    address = address or os.environ.get(ADDRESS_VARIABLE) or None
    if address:
        _check_reachable(address)
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            # "local" rather than None: never attach to some other user's cluster by accident
            ray.init(address="local", num_cpus=jobs, include_dashboard=False, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise WerkError(
            f"cannot start or join {where}: {exc}",
            hint="check --ray-address (ray://HOST:10001 or HOST:6379) and that the cluster runs",
        ) from exc


def _check_reachable(address: str) -> None:
    """Fail fast when nothing listens at ``HOST:PORT``: Ray itself keeps retrying for minutes."""
    match = _HOST_AND_PORT.match(address)
    if match is None:  # "auto" and other forms Ray resolves itself
        return
    host = match["host"].strip("[]")
    try:
        with socket.create_connection((host, int(match["port"])), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise WerkError(
            f"nothing answers at the Ray cluster address {address}: {exc.strerror or exc}",
            hint="start the cluster (ray start --head --disable-usage-stats) or fix --ray-address",
        ) from None


def run_on_ray(
    pending: Sequence[AttemptSpec],
    finished: Callable[[AttemptRecord], None],
    jobs: int,
    address: str | None = None,
) -> None:
    """Run ``pending`` as Ray tasks and pass each record to ``finished`` as it completes.

    A Ray already initialised in this process (an embedding program, a test)
    is used as it is and left running; one started here is shut down at the end.
    """
    ray = require_ray()
    started_here = not ray.is_initialized()
    if started_here:
        start_ray(jobs, address)
    remote_attempt = ray.remote(num_cpus=1, max_retries=0)(run_attempt)
    in_flight: dict[Any, AttemptSpec] = {remote_attempt.remote(spec): spec for spec in pending}
    try:
        while in_flight:
            done, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in done:
                spec = in_flight.pop(ref)
                try:
                    record = ray.get(ref)
                except Exception as exc:  # the worker died or raised: one crashed attempt
                    record = crashed_record(spec, f"{type(exc).__name__}: {exc}")
                finished(record)
    finally:
        for ref in in_flight:  # interrupted: do not leave attempts running on the cluster
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
        if started_here:
            ray.shutdown()
