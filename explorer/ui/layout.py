"""Automatic placement of diagram objects that have no position (imported topologies, the example).

Layered layout built on networkx: Ingresses on top, then Services, then workloads (Deployments, standalone
Pods, NetworkPolicies), then the Nodes in a row above the network bar. Within a layer, objects are ordered by
the barycenter of what they connect to in the layer above, which keeps edges short and mostly uncrossed.
Pure function over a :class:`~explorer.model.Cluster`; it returns positions and changes nothing.
"""

from __future__ import annotations

import networkx as nx

from explorer.model.selectors import matches_labels

LAYER_Y = {"Ingress": 0.0, "Service": 130.0, "Workload": 260.0, "Node": 440.0}
BOX_STEP = 240.0
NODE_GAP = 40.0
NAMESPACE_X = -220.0


def _layer(obj) -> str | None:
    kind = obj.kind
    if kind == "Ingress":
        return "Ingress"
    if kind == "Service":
        return "Service"
    if kind in ("Deployment", "NetworkPolicy"):
        return "Workload"
    if kind == "Pod" and not obj.node_name and not obj.controller_owner:
        return "Workload"
    if kind == "Node":
        return "Node"
    if kind == "Namespace":
        return "Namespace"
    return None


def connection_graph(cluster) -> nx.DiGraph:
    """Ingress→Service (routes) and Service→Deployment/Pod (selects) as a directed graph of object keys."""
    g = nx.DiGraph()
    services = cluster.objects("Service")
    for obj in cluster:
        if _layer(obj):
            g.add_node(obj.key)
    for ing in cluster.objects("Ingress"):
        for name in ing.backend_services:
            key = ("Service", ing.namespace, name)
            if key in g:
                g.add_edge(ing.key, key)
    for svc in services:
        if not svc.selector:
            continue
        for dep in cluster.objects("Deployment", svc.namespace):
            if matches_labels(svc.selector, dep.template_labels):
                g.add_edge(svc.key, dep.key)
        for pod in cluster.objects("Pod", svc.namespace):
            if pod.key in g and matches_labels(svc.selector, pod.labels):
                g.add_edge(svc.key, pod.key)
    return g


def node_width(cluster, node) -> float:
    from explorer.ui.items import NODE_PAD, POD_GAP, POD_W  # sizes only
    n = sum(1 for p in cluster.objects("Pod") if p.node_name == node.name and not p.is_static)
    cols = 2 if n <= 12 else max(2, int((n * 0.6) ** 0.5 + 0.999))
    return cols * POD_W + (cols - 1) * POD_GAP + 2 * NODE_PAD


def auto_layout(cluster, only_missing: bool = True) -> dict:
    """Positions {key: (x, y)} for the objects the diagram draws at top level.

    With ``only_missing`` (the default) objects that already have a position keep it and are not returned.
    """
    g = connection_graph(cluster)
    layers: dict[str, list] = {"Ingress": [], "Service": [], "Workload": [], "Node": [], "Namespace": []}
    for obj in cluster:
        layer = _layer(obj)
        if layer:
            layers[layer].append(obj)
    placed: dict = {}
    order_x: dict = {}
    for layer in ("Ingress", "Service", "Workload"):
        objs = layers[layer]

        def bary(o):
            xs = [order_x[p] for p in g.predecessors(o.key) if p in order_x]
            return sum(xs) / len(xs) if xs else float("inf")
        objs.sort(key=lambda o: (bary(o), o.namespace, o.name))
        for i, o in enumerate(objs):
            order_x[o.key] = i * BOX_STEP
            placed[o.key] = (i * BOX_STEP, LAYER_Y[layer])
    x = 0.0
    nodes = sorted(layers["Node"], key=lambda n: (not n.is_control_plane, n.name))
    for n in nodes:
        placed[n.key] = (x, LAYER_Y["Node"])
        x += node_width(cluster, n) + NODE_GAP
    for i, ns in enumerate(layers["Namespace"]):
        placed[ns.key] = (NAMESPACE_X, i * 50.0)
    # centre the upper layers over the node row
    width_nodes = max(x - NODE_GAP, 0.0)
    for layer in ("Ingress", "Service", "Workload"):
        objs = layers[layer]
        if not objs:
            continue
        span = (len(objs) - 1) * BOX_STEP + 210.0
        shift = max(0.0, (width_nodes - span) / 2)
        for o in objs:
            px, py = placed[o.key]
            placed[o.key] = (px + shift, py)
    placed = {k: (round(x / 10) * 10.0, round(y / 10) * 10.0) for k, (x, y) in placed.items()}
    if only_missing:
        return {k: v for k, v in placed.items() if k not in cluster.layout}
    return placed


def apply_missing_layout(cluster) -> None:
    """Give every drawable object without a position one (directly, no undo: used when loading)."""
    for key, pos in auto_layout(cluster).items():
        cluster.layout[key] = pos
