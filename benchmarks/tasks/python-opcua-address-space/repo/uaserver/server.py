"""Creates the address space on an asyncua server (imported only when serving)."""

from __future__ import annotations

from typing import Any

from uaserver.address_space import Node


async def publish(server: Any, nodes: list[Node]) -> dict[str, Any]:
    """Create ``nodes`` (parents before children) and return them by NodeId."""
    from asyncua import ua

    created: dict[str, Any] = {"i=85": server.nodes.objects}
    for node in nodes:
        parent = created[node.parent]
        if node.node_class == "Object":
            created[node.node_id] = await parent.add_folder(node.node_id, node.browse_name)
            continue
        variant = getattr(ua.VariantType, node.data_type or "Variant")
        variable = await parent.add_variable(node.node_id, node.browse_name, None, variant)
        if node.access == "read_write":
            await variable.set_writable()
        created[node.node_id] = variable
    return created
