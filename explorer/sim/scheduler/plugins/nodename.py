"""NodeName: a pod that names its node (``spec.nodeName``) fits only that node."""

from __future__ import annotations

from explorer.sim.scheduler.framework import Plugin, unresolvable

NAME = "NodeName"
ERR_REASON = "node(s) didn't match the requested node name"


class NodeName(Plugin):
    NAME = NAME
    FILTER = True

    def filter(self, state, pod, node):
        if not pod.node_name or pod.node_name == node.name:
            return None
        return unresolvable(NAME, ERR_REASON)
