"""The virtual network as a graph: machines, pods, the overlay, kube-proxy on each node, the internet.

Vertex ids (strings) and their ``kind`` attribute:

* ``internet`` (kind ``internet``): the outside world, linked to every node with an InternalIP.
* ``node/<name>`` (``node``): a machine; attributes ``ip``, ``pod_cidr``, ``ready``.
* ``kube-proxy/<name>`` (``kube-proxy``): the Service data plane of that node, linked to its node.
* ``overlay`` (``overlay``): the CNI pod network, linked to every node.
* ``pod/<ns>/<name>`` (``pod``): a pod with an IP, linked to its node; attributes ``ip``, ``namespace``.

Every trace's :attr:`~explorer.net.trace.Trace.path` is a walk over these vertices.
"""

from __future__ import annotations

import networkx as nx

from explorer.model import Cluster


def build_graph(cluster: Cluster) -> nx.Graph:
    """Build the network graph of ``cluster`` (pods without a node or IP are left out)."""
    g = nx.Graph()
    g.add_node("internet", kind="internet")
    g.add_node("overlay", kind="overlay", cidr=cluster.network.pod_cidr)
    for node in cluster.nodes():
        nid = f"node/{node.name}"
        g.add_node(nid, kind="node", name=node.name, ip=node.internal_ip, pod_cidr=node.pod_cidr, ready=node.ready)
        g.add_node(f"kube-proxy/{node.name}", kind="kube-proxy", node=node.name)
        g.add_edge(nid, f"kube-proxy/{node.name}", link="local")
        g.add_edge(nid, "overlay", link="overlay")
        if node.internal_ip:
            g.add_edge("internet", nid, link="external")
    for pod in cluster.pods():
        nid = f"node/{pod.node_name}"
        if not pod.node_name or nid not in g or not pod.pod_ip:
            continue
        pid = f"pod/{pod.namespace}/{pod.name}"
        g.add_node(pid, kind="pod", namespace=pod.namespace, name=pod.name, ip=pod.pod_ip, node=pod.node_name)
        g.add_edge(pid, nid, link="veth")
    return g
