"""Automatic placement of diagram objects that have no position (imported topologies, the example).

Layered layout built on networkx: Ingresses on top, then Services, then workloads (Deployments, standalone
Pods, NetworkPolicies), then the Nodes in rows above the network bar. The first three layers are split into
groups that routes and selectors join, each drawn as a block of columns: an Ingress over the Services it routes
to, a Service over the workloads it selects, so their edges run straight down. Groups are packed side by side
into bands (a band is a row of Ingresses, one of Services and one of workloads); within a group each tier is
ordered by the barycenter of what it connects to in the tier above.
Pure function over a :class:`~explorer.model.Cluster`; it returns positions and changes nothing.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import networkx as nx

from explorer.model.selectors import matches_labels

LAYER_Y = {"Ingress": 0.0, "Service": 130.0, "Workload": 260.0, "Node": 440.0}
BOX_STEP = 240.0
NODE_GAP = 40.0
NAMESPACE_X = -180.0


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


class LabelIndex:
    """Objects by (namespace, label key, label value), so a selector is matched against a few candidates
    instead of every object (selectors here are matchLabels-style maps)."""

    def __init__(self, objs, labels_of):
        self._by = {}
        self._labels_of = labels_of
        for obj in objs:
            for k, v in (labels_of(obj) or {}).items():
                self._by.setdefault((obj.namespace, k, v), []).append(obj)

    def select(self, namespace: str, selector: dict) -> list:
        if not selector:
            return []
        k, v = next(iter(selector.items()))
        return [o for o in self._by.get((namespace, k, v), ()) if matches_labels(selector, self._labels_of(o))]


class PodScan(NamedTuple):
    """What one pass over a cluster's pods finds (:func:`scan_pods`)."""

    by_node: dict       # node name -> ([its pods, static pods aside, in cluster order], {drawn phase: count})
    static: dict        # node name -> {the control-plane components of its static pods}
    free: list          # pods bound to no node and owned by nothing (drawn at top level)

    def counts(self) -> dict:
        """{node name: number of pods bound to it, static pods aside}."""
        return {name: len(pods) for name, (pods, _phases) in self.by_node.items()}


NOT_READY = "Running, not ready"     # a drawn phase: Running, but the Ready condition is not True
_NO_STATUS: dict = {}


def drawn_phase(raw: dict) -> str:
    """How a pod's cell and its node's phase bars show the pod whose object is ``raw``: "Terminating" once it
    is being deleted, :data:`NOT_READY` when it is Running and has a Ready condition that is not "True" (what
    the node lifecycle controller sets on the pods of a node that stopped answering, before it evicts them),
    else its phase ("Pending" when the status has none). A pod without a Ready condition (a design's pod as
    written) is drawn Running."""
    if raw["metadata"].get("deletionTimestamp"):
        return "Terminating"
    status = raw.get("status") or _NO_STATUS
    phase = status.get("phase") or "Pending"
    if phase == "Running":
        for cond in status.get("conditions") or ():
            if cond.get("type") == "Ready":
                return phase if cond.get("status") == "True" else NOT_READY
    return phase


def scan_pods_steps(cluster, every: int = 0, work: int = 0):
    """:func:`scan_pods` as a generator for work in slices: yields ``work`` every ``every`` pods (never when
    ``every`` is 0), then what is left of it, and returns the :class:`PodScan`."""
    scanner = PodScanner()
    add = scanner.add_pod
    n = 0
    for pod in cluster.objects("Pod"):
        n += 1
        if n == every:
            yield work
            n = 0
        add(pod)
    if every:
        yield work * n // every
    return scanner.scan()


class PodScanner:
    """:func:`scan_pods` a pod at a time: :meth:`add_pod` each pod of a cluster in its order (or :meth:`add`
    each object: a reader's ``observe``, see explorer.io.load_topology), then :meth:`scan`."""

    def __init__(self):
        self.by_node: dict = {}
        self.static: dict = {}
        self.free: list = []
        self._looks: dict = {}  # id(template) -> (template, what _look says of it)

    def add(self, obj, template=None) -> None:
        """Add ``obj`` when it is a Pod (as ``cluster.objects("Pod")`` tells: by its kind). ``template``: the
        object ``obj`` is a copy of, as a reader says (load_topology's ``observe``: the same but for its name,
        uid, nodeName, hostIP and podIP), or None; a copy is filed as its template was, on its own node (the
        look of each template worked out once: ~0.1 s of a 150,000-pod open)."""
        if obj.key[0] != "Pod":
            return
        if template is None:
            self.add_pod(obj)
            return
        look = self._looks.get(id(template))
        if look is None:
            look = self._looks[id(template)] = (template, *_look(template))    # (the template kept: its id)
        node = obj.value_at("spec", "nodeName")
        if node and look[2] is None:    # (_file's usual case inline: 150,000 copies, ~0.1 s of an open)
            entry = self.by_node.get(node)
            if entry is None:
                entry = self.by_node[node] = ([], {})
            entry[0].append(obj)
            phases, phase = entry[1], look[3]
            phases[phase] = phases.get(phase, 0) + 1
            return
        self._file(obj, node, look[1], look[2], look[3])

    def add_copies(self, objs: list, nodes: list, template) -> None:
        """:meth:`add` for each Pod of ``objs``, a reader's copies of ``template`` (a Pod), whose nodes
        (``spec.nodeName``) are at the same place in ``nodes``: a run of copies in one call."""
        look = self._looks.get(id(template))
        if look is None:
            look = self._looks[id(template)] = (template, *_look(template))
        owned, component, phase = look[1], look[2], look[3]
        by_node = self.by_node
        for obj, node in zip(objs, nodes):
            if node and component is None:
                entry = by_node.get(node)
                if entry is None:
                    entry = by_node[node] = ([], {})
                entry[0].append(obj)
                phases = entry[1]
                phases[phase] = phases.get(phase, 0) + 1
            else:
                self._file(obj, node, owned, component, phase)

    def observer(self):
        """What a reader's ``observe`` gives (see ``explorer.io.load_topology``): :meth:`add`, with
        :meth:`add_copies` as its ``copies``, which the reader calls with each run of copies of a Pod."""
        def observe(obj, template=None) -> None:
            self.add(obj, template)
        observe.copies = self.add_copies
        return observe

    def add_pod(self, pod) -> None:
        raw = pod.raw
        node = (raw.get("spec") or {}).get("nodeName")
        meta = raw["metadata"]
        if not node or meta.get("namespace") == "kube-system" and pod.is_static:
            self._file(pod, node, *_look(pod))     # (free, unbound, or static: a few)
            return
        # the pod's drawn phase (drawn_phase, inline: its dicts are at hand here; counted later, in a pass of
        # its own over 150,000 pods, it cost 0.5 s more of a big design's open)
        if meta.get("deletionTimestamp"):
            phase = "Terminating"
        else:
            status = raw.get("status") or _NO_STATUS
            phase = status.get("phase") or "Pending"
            if phase == "Running":
                for cond in status.get("conditions") or ():
                    if cond.get("type") == "Ready":
                        if cond.get("status") != "True":
                            phase = NOT_READY
                        break
        self._file(pod, node, False, None, phase)

    def _file(self, pod, node, owned: bool, component, phase: str) -> None:
        """File ``pod`` bound to ``node`` (or to none), given what :func:`_look` says of it."""
        if not node:
            if not owned:
                self.free.append(pod)
            return
        if component is not None:
            self.static.setdefault(node, set()).add(component)
            return
        entry = self.by_node.get(node)
        if entry is None:
            entry = self.by_node[node] = ([], {})
        entry[0].append(pod)
        phases = entry[1]
        phases[phase] = phases.get(phase, 0) + 1

    def scan(self) -> PodScan:
        return PodScan(self.by_node, self.static, self.free)


def _look(pod) -> tuple:
    """``(owned, static component or None, drawn phase)`` of ``pod``: how :meth:`PodScanner.add_pod` files it,
    but for its node (the component: of a static pod of kube-system; the phase: :func:`drawn_phase`)."""
    meta = pod.raw["metadata"]
    static = meta.get("namespace") == "kube-system" and pod.is_static
    return (bool(meta.get("ownerReferences")), pod.labels.get("component", "") if static else None,
            drawn_phase(pod.raw))


def scan_pods(cluster) -> PodScan:
    """One raw pass over every pod of ``cluster`` (big clusters have 150,000): the pods bound to each node and
    their drawn phases (:func:`drawn_phase`), the static pods' components, the free pods. The layout, the
    rect a design will fill and the scene's cells all use it."""
    steps = scan_pods_steps(cluster)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def connection_graph(cluster, free_pods: list | None = None) -> nx.DiGraph:
    """Ingress→Service (routes) and Service→Deployment/Pod (selects) as a directed graph of object keys."""
    g = nx.DiGraph()
    for kind in ("Ingress", "Service", "Deployment", "NetworkPolicy", "Node", "Namespace"):
        g.add_nodes_from(o.key for o in cluster.objects(kind))
    if free_pods is None:
        free_pods = scan_pods(cluster).free
    g.add_nodes_from(p.key for p in free_pods)
    for ing in cluster.objects("Ingress"):
        for name in ing.backend_services:
            key = ("Service", ing.namespace, name)
            if key in g:
                g.add_edge(ing.key, key)
    deployments = LabelIndex(cluster.objects("Deployment"), lambda d: d.template_labels)
    pods = LabelIndex(free_pods, lambda p: p.labels)
    for svc in cluster.objects("Service"):
        for target in deployments.select(svc.namespace, svc.selector) + pods.select(svc.namespace, svc.selector):
            g.add_edge(svc.key, target.key)
    return g


def pods_per_node(cluster) -> dict:
    """{node name: number of pods bound to it, static pods aside}."""
    return scan_pods(cluster).counts()


def _per_row(count: int, small: int) -> int:
    return count if count <= small else max(small, int((count * 3) ** 0.5 + 0.999))


def auto_layout(cluster, only_missing: bool = True) -> dict:
    """Positions {key: (x, y)} for the objects the diagram draws at top level.

    Layers from the top: Ingresses, Services, workloads (in bands of groups, see the module docstring), then
    the Nodes above the network bar, in rows when there are many. With ``only_missing`` (the default) objects
    that already have a position keep it and are not returned.
    """
    return _auto_layout(cluster, only_missing)[1]


def _auto_layout(cluster, only_missing: bool, scan: PodScan | None = None) -> tuple[PodScan, dict]:
    """(:func:`scan_pods`, :func:`auto_layout`): the pods are scanned first (unless ``scan`` is their scan);
    when every object already has a position and only the missing ones are asked for, nothing more is done."""
    scan = scan if scan is not None else scan_pods(cluster)
    counts, free = scan.counts(), scan.free
    if only_missing and not _missing(cluster, free):
        return scan, {}
    g = connection_graph(cluster, free)
    layers: dict[str, list] = {"Ingress": [], "Service": [], "Workload": [], "Node": [], "Namespace": []}
    for kind in ("Ingress", "Service", "Deployment", "NetworkPolicy", "Node", "Namespace"):
        for obj in cluster.objects(kind):
            layers[_layer(obj)].append(obj)
    layers["Workload"] += free
    from explorer.ui.items import node_size  # sizes only
    control = {n.key: n.is_control_plane for n in layers["Node"]}
    nodes = sorted(layers["Node"], key=lambda n: (not control[n.key], n.name))
    per_row_nodes = _per_row(len(nodes), 12)
    sizes = [node_size(counts.get(n.name, 0), control[n.key]) for n in nodes]    # (once a node: 5,000 of them)
    widths = [w for w, _ in sizes]
    step_node = max(widths, default=290.0) + NODE_GAP
    row_width = (min(per_row_nodes, len(nodes)) * step_node - NODE_GAP) if nodes else 0.0
    placed: dict = {}
    groups = _groups(layers, g, _policy_anchors(cluster))
    per_row = _per_row(sum(grp.size for grp in groups), 8)
    y = 0.0 if layers["Ingress"] else 130.0     # (no Ingress: the Services start where they always did)
    bands = _bands(groups, per_row)
    for band in bands:
        span = (sum(grp.width for grp in band) - 1) * BOX_STEP + 210.0
        shift = max(0.0, (row_width - span) / 2) if len(bands) == 1 else 0.0
        tiers = [t for t in range(3) if any(grp.tiers[t] for grp in band)]
        rows = {t: max(grp.rows(t, per_row) for grp in band) for t in tiers}
        column = 0
        for grp in band:
            ty = y
            for t in tiers:
                for key, (c, r) in grp.cells(t, per_row).items():
                    placed[key] = (shift + (column + c) * BOX_STEP, ty + r * 110.0)
                ty += rows[t] * 110.0 + 20.0
            column += grp.width
        y += sum(rows.values()) * 110.0 + 20.0 * len(tiers) + 20.0
    y = max(y + 40.0, LAYER_Y["Node"])
    if len(nodes) <= per_row_nodes:      # one row: pack by real widths
        x = 0.0
        for n, w in zip(nodes, widths):
            placed[n.key] = (x, y)
            x += w + NODE_GAP
    else:
        for start in range(0, len(nodes), per_row_nodes):
            row = nodes[start:start + per_row_nodes]
            for c, n in enumerate(row):
                placed[n.key] = (c * step_node, y)
            y += max(h for _, h in sizes[start:start + per_row_nodes]) + 90.0
    for i, ns in enumerate(layers["Namespace"]):
        placed[ns.key] = (NAMESPACE_X, i * 50.0)
    placed = {k: (round(x / 10) * 10.0, round(y / 10) * 10.0) for k, (x, y) in placed.items()}
    if only_missing:
        return scan, {k: v for k, v in placed.items() if k not in cluster.layout}
    return scan, placed


_DIGITS = re.compile(r"(\d+)")


def natural(name: str) -> tuple:
    """A sort key that orders the numbers in names by value: ``svc-2`` before ``svc-10``."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(name)))


class _Group:
    """Ingresses, Services and workloads joined by routes and selectors (a connected part of
    :func:`connection_graph`), drawn as three tiers of one column block so that each Service sits over what it
    selects and each Ingress over the Services it routes to. ``tiers``: the three lists of objects, each
    ordered by the barycenter of what it connects to in the tier above (then namespace, name)."""

    def __init__(self, tiers: list):
        self.tiers = tiers
        self.size = max(len(t) for t in tiers)
        self.width = self.size      # in columns, once the row length is known (:func:`_bands`)

    def rows(self, tier: int, per_row: int) -> int:
        """Rows the tier takes: one, or more when the group is wider than a row and wraps."""
        n = len(self.tiers[tier])
        return 0 if not n else 1 if self.size <= per_row else (n - 1) // per_row + 1

    def cells(self, tier: int, per_row: int) -> dict:
        """{key: (column, row)} within the group: a tier narrower than the group is centered under or over
        the others; a group wider than a row wraps each tier into rows of ``per_row``."""
        objs = self.tiers[tier]
        if self.size <= per_row:
            offset = (self.size - len(objs)) / 2
            return {o.key: (offset + i, 0) for i, o in enumerate(objs)}
        return {o.key: (i % per_row, i // per_row) for i, o in enumerate(objs)}


def _groups(layers: dict, g, anchors: dict) -> list:
    """The Ingress, Service and workload layers split into groups (:class:`_Group`): connected ones first, in
    namespace and name order, then the objects nothing connects to (a Deployment no Service selects, a
    NetworkPolicy that selects none). ``anchors``: :func:`_policy_anchors`, a NetworkPolicy joins the group of
    its Deployment."""
    tier_of = {}
    for tier, layer in enumerate(("Ingress", "Service", "Workload")):
        for o in layers[layer]:
            tier_of[o.key] = (tier, o)
    joined = nx.utils.UnionFind(tier_of)
    preds: dict = {}
    for u, v in g.edges:
        if u in tier_of and v in tier_of:
            preds.setdefault(v, []).append(u)
            joined.union(u, v)
    for policy, deployment in anchors.items():
        if policy in tier_of and deployment in tier_of:
            joined.union(policy, deployment)
    groups = []
    for keys in joined.to_sets():
        tiers: list = [[], [], []]
        for k in keys:
            tier, o = tier_of[k]
            tiers[tier].append(o)
        index: dict = {}
        for objs in tiers:

            def bary(o):
                xs = [index[p] for p in preds.get(o.key, ()) if p in index]
                return sum(xs) / len(xs) if xs else float("inf")
            objs.sort(key=lambda o: (bary(o), natural(o.namespace), natural(o.name), o.kind))
            index.update((o.key, i) for i, o in enumerate(objs))
        groups.append(_Group(tiers))

    def order(grp):     # by the group's first Service (else workload, else Ingress)
        first = next(objs[0] for objs in (grp.tiers[1], grp.tiers[2], grp.tiers[0]) if objs)
        return sum(map(len, grp.tiers)) == 1, natural(first.namespace), natural(first.name), first.kind
    return sorted(groups, key=order)


def policy_deployments(policy, deployments: LabelIndex, by_namespace: dict) -> list:
    """The Deployments the diagram draws ``policy``'s edges to: those whose template labels its pod selector's
    ``matchLabels`` match, every one of its namespace for an empty selector (``by_namespace``: namespace ->
    Deployments), none for a selector of expressions only. ``deployments``: a :class:`LabelIndex` of them by
    template labels."""
    labels = policy.pod_selector.get("matchLabels") or {}
    if labels:
        return deployments.select(policy.namespace, labels)
    return by_namespace.get(policy.namespace, []) if not policy.pod_selector else []


def _policy_anchors(cluster) -> dict:
    """{NetworkPolicy key: the key of the Deployment it is drawn beside}: the first, in name order, of those
    :func:`policy_deployments` gives. A policy that selects none has no anchor."""
    deployments = cluster.objects("Deployment")
    index = LabelIndex(deployments, lambda d: d.template_labels)
    by_namespace: dict = {}
    for d in deployments:
        by_namespace.setdefault(d.namespace, []).append(d)
    anchors = {}
    for policy in cluster.objects("NetworkPolicy"):
        targets = policy_deployments(policy, index, by_namespace)
        if targets:
            anchors[policy.key] = min(targets, key=lambda d: natural(d.name)).key
    return anchors


def _bands(groups: list, per_row: int) -> list:
    """``groups`` packed, in order, into bands of at most ``per_row`` columns (a wider group on its own)."""
    bands: list = []
    columns = per_row
    for grp in groups:
        grp.width = min(grp.size, per_row)
        if columns + grp.width > per_row:
            bands.append([])
            columns = 0
        bands[-1].append(grp)
        columns += grp.width
    return bands


def _missing(cluster, free: list) -> bool:
    """Whether an object auto_layout places (see :func:`_layer`) has no position."""
    layout = cluster.layout
    return any(o.key not in layout for kind in ("Ingress", "Service", "Deployment", "NetworkPolicy", "Node",
                                                "Namespace") for o in cluster.objects(kind)) or \
        any(p.key not in layout for p in free)


GROUP_GAP = 160.0      # between what a design draws and a group of objects imported beside it


def place_beside(cluster, keys, extent: tuple | None) -> dict:
    """Positions for the objects of ``keys`` (objects of ``cluster`` just imported, without a position): laid
    out as a group of their own (:func:`auto_layout` of them alone: their layers, their order) and moved to
    the right of ``extent``, the scene rectangle ``(left, top, right, bottom)`` of what the design already
    draws, their top level with its top. ``extent`` None (nothing drawn yet): the group's own positions.

    Laying the imported objects out with the whole design instead put them where that layout would have put
    them, while the design's own objects stayed where they were: the new cards landed on the old nodes."""
    from explorer.model import Cluster
    wanted = set(keys)
    group = Cluster(cluster.network)
    group.add_many([o for o in cluster if o.key in wanted], validate=False)
    placed = auto_layout(group)
    if not placed or extent is None:
        return placed
    left = min(x for x, _ in placed.values())
    top = min(y for _, y in placed.values())
    dx = round((extent[2] + GROUP_GAP - left) / 10) * 10.0
    dy = round((extent[1] - top) / 10) * 10.0
    return {k: (x + dx, y + dy) for k, (x, y) in placed.items()}


def apply_missing_layout(cluster, scan: PodScan | None = None) -> PodScan:
    """Give every drawable object without a position one (directly, no undo: used when loading).
    Every open path calls this right after loading, so it also freezes the loaded objects out of the cyclic
    GC's reach (:func:`explorer.ui.memory.keep_long_lived`): big clusters build their scene 2-3x faster.
    Returns :func:`scan_pods`, which it made on the way (a position changes nothing in it), unless ``scan``
    is that scan already (a :class:`PodScanner` the reader fed)."""
    from explorer.ui.memory import keep_long_lived
    keep_long_lived()
    scan, placed = _auto_layout(cluster, only_missing=True, scan=scan)
    for key, pos in placed.items():
        cluster.layout[key] = pos
    return scan
