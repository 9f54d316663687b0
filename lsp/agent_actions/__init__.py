"""Agent-driven code actions in the editor: the agent proposes, the user disposes.

``tasks`` (which actions fit the cursor and what they ask), ``jobs`` (runs in
background threads, paused for approval), ``edits`` (the agent's change as
edits of the user's files) and ``feature`` (code actions, commands,
progress, ``workspace/applyEdit``).
"""

from werk.lsp.agent_actions.feature import APPLY, REJECT, register_agent_actions

__all__ = ["APPLY", "REJECT", "register_agent_actions"]
