"""NodeUnschedulable: a cordoned node (``spec.unschedulable``) takes only pods tolerating
``node.kubernetes.io/unschedulable:NoSchedule``."""

from __future__ import annotations

from explorer.sim.scheduler.framework import UNSCHEDULABLE_TAINT, Plugin, tolerates, unresolvable

NAME = "NodeUnschedulable"
ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"


class NodeUnschedulable(Plugin):
    NAME = NAME
    FILTER = True

    def filter(self, state, pod, node):
        if not node.unschedulable or tolerates(pod.tolerations, UNSCHEDULABLE_TAINT):
            return None
        return unresolvable(NAME, ERR_REASON_UNSCHEDULABLE)
