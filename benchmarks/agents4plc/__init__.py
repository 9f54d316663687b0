"""The Agents4PLC benchmark as ``werk bench --suite agents4plc --path DIR``.

Public API::

    tasks = import_suite(Path("Agents4PLC_release/benchmark"), Path("out/agents4plc-tasks"))
"""

from werk.benchmarks.agents4plc.importer import find_task_files, import_suite, write_task

__all__ = ["find_task_files", "import_suite", "write_task"]
