"""NodePorts: the pod's hostPorts must be free on the node (same protocol; 0.0.0.0 conflicts with any IP)."""

from __future__ import annotations

from explorer.sim.scheduler.framework import Plugin, unschedulable

NAME = "NodePorts"
ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
WILDCARD = "0.0.0.0"


def conflicts(used, wanted) -> bool:
    """``HostPortInfo.CheckConflict`` for each wanted (protocol, hostIP, port)."""
    for proto, ip, port in wanted:
        for uproto, uip, uport in used:
            if uport == port and uproto == proto and (ip == WILDCARD or uip == WILDCARD or uip == ip):
                return True
    return False


class NodePorts(Plugin):
    NAME = NAME
    FILTER = True

    def filter(self, state, pod, node):
        if pod.host_ports and node.used_ports and conflicts(node.used_ports, pod.host_ports):
            return unschedulable(NAME, ERR_REASON)
        return None
