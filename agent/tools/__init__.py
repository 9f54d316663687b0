"""The tools the agent's model acts through, and what they share.

``build_tools(context)`` returns them as LangChain tools bound to a
``ToolContext`` (the run's workspace, configuration, event sink and the
models of the code). A tool never raises because of what a model sent: it
returns ``ERROR: ...`` saying what was wrong and what to do instead.
``RepeatedFailures`` and ``failure_fingerprint`` spot a model that sends
the same failing call again.
"""

from werk.agent.tools.base import ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext, no_events
from werk.agent.tools.formatting import ERROR_PREFIX, fence, is_error
from werk.agent.tools.registry import FINISH, TOOL_NAMES, WRITING_TOOLS, build_tools
from werk.agent.tools.repeats import RepeatedFailures, failure_fingerprint

__all__ = [
    "ERROR_PREFIX",
    "FINISH",
    "TOOL_NAMES",
    "WRITING_TOOLS",
    "RepeatedFailures",
    "ToolContext",
    "ToolInputError",
    "ToolSpec",
    "build_tools",
    "failure_fingerprint",
    "fence",
    "is_error",
    "no_events",
]
