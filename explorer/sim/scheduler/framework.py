"""The scheduling framework's vocabulary: Status, PodInfo, NodeInfo, CycleState and the plugin interface.

Mirrors ``k8s.io/kubernetes/pkg/scheduler/framework``: a Filter plugin returns a :class:`Status` (``None`` means
Success), a Score plugin returns an int 0-100 per node and may normalize the list afterwards. Per-cycle data is
shared between the stages of one plugin through a :class:`CycleState` (a dict keyed by plugin name).

Nothing here raises on well-formed model objects; malformed fields (a non-dict affinity) are ignored the way
the API server's defaults would leave them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.model.objects import DEFAULT_CPU_REQUEST_MILLIS, DEFAULT_MEMORY_REQUEST_BYTES, Node, Pod
from explorer.model.quantity import cpu_millis, memory_bytes
from explorer.model.selectors import Taint, Toleration, matches_label_selector

MAX_NODE_SCORE = 100

# Status codes, as kube-scheduler names them.
SUCCESS = "Success"
UNSCHEDULABLE = "Unschedulable"
UNRESOLVABLE = "UnschedulableAndUnresolvable"
SKIP = "Skip"


@dataclass(frozen=True)
class Status:
    """A plugin's verdict on one node. ``reasons`` are the strings counted in the FailedScheduling message."""

    code: str
    reasons: tuple = ()
    plugin: str = ""

    @property
    def success(self) -> bool:
        return self.code == SUCCESS


def unschedulable(plugin: str, *reasons: str) -> Status:
    return Status(UNSCHEDULABLE, tuple(reasons), plugin)


def unresolvable(plugin: str, *reasons: str) -> Status:
    return Status(UNRESOLVABLE, tuple(reasons), plugin)


class CycleState(dict):
    """Data one scheduling cycle's plugins keep between PreFilter, Filter, PreScore and Score."""


class Plugin:
    """Base of every plugin. Subclasses set ``NAME`` and implement the stages they take part in.

    - ``pre_filter(state, pod, snapshot) -> Status | None``: None to continue; a failure makes every node fail.
    - ``filter(state, pod, node) -> Status | None``: None means the node passes.
    - ``pre_score(state, pod, nodes, snapshot) -> bool``: False means Skip (the plugin scores 0 everywhere).
    - ``score(state, pod, node) -> int`` in 0..100 (before normalization for plugins that normalize).
    - ``normalize(state, pod, nodes, scores) -> None``: rewrites the raw scores (one per node) in place.
    """

    NAME = ""
    FILTER = False
    SCORE = False

    def pre_filter(self, state, pod, snapshot):
        return None

    def filter(self, state, pod, node):
        return None

    def pre_score(self, state, pod, nodes, snapshot) -> bool:
        return True

    def score(self, state, pod, node) -> int:
        return 0

    normalize = None


# ---------------------------------------------------------------------------------------------------------------
# Pods


@dataclass
class AffinityTerm:
    """A (weighted) pod affinity term with its namespaces resolved (``framework.AffinityTerm``)."""

    selector: dict | None
    topology_key: str
    namespaces: frozenset
    namespace_selector: dict | None
    weight: int = 0

    def matches(self, pod: "PodInfo", namespace_labels) -> bool:
        """True when ``pod`` is in one of the term's namespaces and its labels match the selector.

        ``namespace_labels(ns) -> dict`` gives a namespace's labels for the namespaceSelector.
        """
        if pod.namespace not in self.namespaces:
            if self.namespace_selector is None:
                return False
            if not matches_label_selector(self.namespace_selector, namespace_labels(pod.namespace)):
                return False
        if self.selector is None:
            return False
        return matches_label_selector(self.selector, pod.labels)


def _terms(raw_terms, namespace: str, weighted: bool) -> tuple:
    out = []
    for t in raw_terms or ():
        if not isinstance(t, dict):
            continue
        weight = 0
        if weighted:
            weight = int(t.get("weight") or 0)
            t = t.get("podAffinityTerm") or {}
        ns_list = t.get("namespaces") or ()
        ns_sel = t.get("namespaceSelector")
        namespaces = frozenset(ns_list) if ns_list else (frozenset() if ns_sel is not None else frozenset([namespace]))
        out.append(AffinityTerm(t.get("labelSelector"), t.get("topologyKey") or "", namespaces,
                                ns_sel if isinstance(ns_sel, dict) else None, weight))
    return tuple(out)


def _get(d, *path):
    for p in path:
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d


_SPEC_FIELDS = ("node_name", "req_cpu", "req_mem", "nz_cpu", "nz_mem", "host_ports", "images", "tolerations",
                "node_selector", "spread_constraints", "required_node_terms", "preferred_node_terms",
                "required_affinity", "required_anti_affinity", "preferred_affinity", "preferred_anti_affinity",
                "has_affinity", "has_required_anti_affinity", "priority", "preemption_policy", "spec_sig")
# (id(spec), namespace) -> (spec, values of _SPEC_FIELDS). Specs are immutable (the model's contract), so pods
# sharing one spec dict (a controller's template) are parsed once; the stored spec keeps the id valid.
_SPEC_CACHE: dict = {}


class PodInfo:
    """A pod with everything the plugins read precomputed once (``framework.PodInfo``)."""

    __slots__ = ("pod", "key", "namespace", "name", "labels", "node_name", "req_cpu", "req_mem", "nz_cpu", "nz_mem",
                 "host_ports", "tolerations", "node_selector", "required_node_terms", "preferred_node_terms",
                 "spread_constraints", "required_affinity", "required_anti_affinity", "preferred_affinity",
                 "preferred_anti_affinity", "images", "priority", "preemption_policy", "owner", "has_affinity",
                 "has_required_anti_affinity", "_class_key", "spec_sig")

    def __init__(self, pod: Pod):
        raw = pod.raw
        meta = raw.get("metadata") or {}
        spec = raw.get("spec") or {}
        self.pod = pod
        self.namespace = ns = meta.get("namespace") or "default"
        self.name = meta.get("name", "")
        self.key = (ns, self.name)
        self.labels = meta.get("labels") or {}
        cached = _SPEC_CACHE.get((id(spec), ns))
        if cached is not None and cached[0] is spec:
            (self.node_name, self.req_cpu, self.req_mem, self.nz_cpu, self.nz_mem, self.host_ports, self.images,
             self.tolerations, self.node_selector, self.spread_constraints, self.required_node_terms,
             self.preferred_node_terms, self.required_affinity, self.required_anti_affinity,
             self.preferred_affinity, self.preferred_anti_affinity, self.has_affinity,
             self.has_required_anti_affinity, self.priority, self.preemption_policy, self.spec_sig) = cached[1]
        else:
            self._from_spec(pod, spec, ns)
            if len(_SPEC_CACHE) >= 4096:
                _SPEC_CACHE.clear()
            _SPEC_CACHE[(id(spec), ns)] = (spec, tuple(getattr(self, a) for a in _SPEC_FIELDS))
        self.owner = None
        refs = meta.get("ownerReferences")
        if refs:
            for ref in refs:
                if isinstance(ref, dict) and ref.get("controller"):
                    self.owner = ref
                    break
        self._class_key = None

    def _from_spec(self, pod, spec, ns) -> None:
        self.node_name = spec.get("nodeName") or ""
        cpu = mem = nz_cpu = nz_mem = 0
        ports = []
        images = []
        for c in spec.get("containers") or ():
            if not isinstance(c, dict):
                continue
            res = c.get("resources")
            req = res.get("requests") if isinstance(res, dict) else None
            if req:
                if "cpu" in req:
                    v = cpu_millis(req["cpu"])
                    cpu += v
                    nz_cpu += v
                else:
                    nz_cpu += DEFAULT_CPU_REQUEST_MILLIS
                if "memory" in req:
                    v = memory_bytes(req["memory"])
                    mem += v
                    nz_mem += v
                else:
                    nz_mem += DEFAULT_MEMORY_REQUEST_BYTES
            else:
                nz_cpu += DEFAULT_CPU_REQUEST_MILLIS
                nz_mem += DEFAULT_MEMORY_REQUEST_BYTES
            for p in c.get("ports") or ():
                if isinstance(p, dict) and p.get("hostPort"):
                    ports.append((p.get("protocol") or "TCP", p.get("hostIP") or "0.0.0.0", int(p["hostPort"])))
            if c.get("image"):
                images.append(c["image"])
        if spec.get("initContainers"):
            req = pod.requests
            cpu, mem = req.cpu, req.memory
            nz_cpu, nz_mem = pod.score_requests
        self.req_cpu, self.req_mem, self.nz_cpu, self.nz_mem = cpu, mem, nz_cpu, nz_mem
        self.host_ports = tuple(ports)
        self.images = tuple(images)
        self.tolerations = pod.tolerations if spec.get("tolerations") else ()
        sel = spec.get("nodeSelector")
        self.node_selector = sel if isinstance(sel, dict) else {}
        self.spread_constraints = tuple(c for c in spec.get("topologySpreadConstraints") or () if isinstance(c, dict))
        affinity = spec.get("affinity")
        self.required_node_terms = None
        self.preferred_node_terms = ()
        self.required_affinity = self.required_anti_affinity = ()
        self.preferred_affinity = self.preferred_anti_affinity = ()
        if isinstance(affinity, dict) and affinity:
            node_aff = affinity.get("nodeAffinity") or {}
            required = _get(node_aff, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
            if required is not None:
                self.required_node_terms = tuple(t for t in required if isinstance(t, dict))
            self.preferred_node_terms = tuple(
                (int(p.get("weight") or 0), p.get("preference") or {})
                for p in node_aff.get("preferredDuringSchedulingIgnoredDuringExecution") or () if isinstance(p, dict))
            pa = affinity.get("podAffinity") or {}
            paa = affinity.get("podAntiAffinity") or {}
            self.required_affinity = _terms(pa.get("requiredDuringSchedulingIgnoredDuringExecution"), ns, False)
            self.required_anti_affinity = _terms(paa.get("requiredDuringSchedulingIgnoredDuringExecution"), ns,
                                                 False)
            self.preferred_affinity = _terms(pa.get("preferredDuringSchedulingIgnoredDuringExecution"), ns, True)
            self.preferred_anti_affinity = _terms(paa.get("preferredDuringSchedulingIgnoredDuringExecution"), ns,
                                                  True)
        self.has_affinity = bool(self.required_affinity or self.required_anti_affinity or self.preferred_affinity
                                 or self.preferred_anti_affinity)
        self.has_required_anti_affinity = bool(self.required_anti_affinity)
        self.priority = spec.get("priority") or 0
        self.preemption_policy = spec.get("preemptionPolicy") or "PreemptLowerPriority"
        # what placement depends on in the spec: requests, then the static (node-side) part
        self.spec_sig = (self.req_cpu, self.req_mem, self.nz_cpu, self.nz_mem, self.tolerations,
                         tuple(sorted(self.node_selector.items())), repr(self.required_node_terms),
                         repr(self.preferred_node_terms))

    def spec_values(self) -> tuple:
        """The spec-derived fields (``_SPEC_FIELDS`` order, ``node_name`` as ""), for :meth:`sibling`."""
        return ("",) + tuple(getattr(self, a) for a in _SPEC_FIELDS[1:])

    @staticmethod
    def sibling(values: tuple, namespace: str, pod: Pod, meta: dict, owner, class_key) -> "PodInfo":
        """A PodInfo for ``pod``, a pending pod (no ``nodeName``) whose spec is the very spec dict another
        PodInfo of ``namespace`` was made from: ``values`` is that one's :meth:`spec_values`, shared; name,
        key and labels are ``meta``'s (``pod``'s metadata); ``owner`` (its controller reference) and
        ``class_key`` are given by the caller, which has checked they are ``pod``'s."""
        new = _new_pod_info(PodInfo)
        new.pod = pod
        new.namespace = namespace
        new.name = name = meta.get("name", "")
        new.key = (namespace, name)
        new.labels = meta.get("labels") or {}
        new.owner = owner
        (new.node_name, new.req_cpu, new.req_mem, new.nz_cpu, new.nz_mem, new.host_ports, new.images,
         new.tolerations, new.node_selector, new.spread_constraints, new.required_node_terms,
         new.preferred_node_terms, new.required_affinity, new.required_anti_affinity, new.preferred_affinity,
         new.preferred_anti_affinity, new.has_affinity, new.has_required_anti_affinity, new.priority,
         new.preemption_policy, new.spec_sig) = values
        new._class_key = class_key
        return new

    def rebound(self, pod: Pod) -> "PodInfo | None":
        """This PodInfo reused for ``pod`` when it is the same pod with only ``spec.nodeName`` set (the bind),
        sharing every other field by identity; otherwise None."""
        old, new = self.pod.raw, pod.raw
        if old.get("metadata") is not new.get("metadata"):
            return None
        old_spec, new_spec = old.get("spec") or {}, new.get("spec") or {}
        if old_spec is not new_spec:
            extra = 1 if "nodeName" in new_spec and "nodeName" not in old_spec else 0
            if len(new_spec) != len(old_spec) + extra:
                return None
            for k, v in old_spec.items():
                if k != "nodeName" and new_spec.get(k) is not v:
                    return None
        self.pod = pod
        self.node_name = new_spec.get("nodeName") or ""
        return self


_new_pod_info = object.__new__


# ---------------------------------------------------------------------------------------------------------------
# Nodes


class NodeInfo:
    """A node plus the pods bound to it and their summed requests (``framework.NodeInfo``).

    ``requested_*`` are the real requests (Filter); ``nonzero_*`` count 100m / 200Mi for a container that
    requests nothing (Score).
    """

    __slots__ = ("node", "name", "labels", "alloc_cpu", "alloc_mem", "alloc_pods", "taints", "unschedulable",
                 "pods", "req_cpu", "req_mem", "nz_cpu", "nz_mem", "used_ports", "images", "index",
                 "pods_with_affinity", "pods_with_required_anti_affinity")

    def __init__(self, node: Node, index: int = 0):
        self.node = node
        self.name = node.name
        self.labels = node.labels
        alloc = node.allocatable
        self.alloc_cpu, self.alloc_mem, self.alloc_pods = alloc["cpu"], alloc["memory"], alloc["pods"]
        self.taints = node.taints
        self.unschedulable = node.unschedulable
        self.pods: dict = {}
        self.req_cpu = self.req_mem = self.nz_cpu = self.nz_mem = 0
        self.used_ports: list = []
        images = {}
        for img in node.status.get("images") or ():
            if isinstance(img, dict):
                for n in img.get("names") or ():
                    images[n] = int(img.get("sizeBytes") or 0)
        self.images = images
        self.index = index
        self.pods_with_affinity = 0
        self.pods_with_required_anti_affinity = 0

    def same_for_scheduling(self, other: "NodeInfo") -> bool:
        """True when every field a plugin reads (labels, taints, unschedulable, allocatable, images) is equal."""
        return (self.labels == other.labels and self.taints == other.taints
                and self.unschedulable == other.unschedulable and self.alloc_cpu == other.alloc_cpu
                and self.alloc_mem == other.alloc_mem and self.alloc_pods == other.alloc_pods
                and self.images == other.images)

    def add_pod(self, pi: PodInfo) -> None:
        self.pods[pi.key] = pi
        self.req_cpu += pi.req_cpu
        self.req_mem += pi.req_mem
        self.nz_cpu += pi.nz_cpu
        self.nz_mem += pi.nz_mem
        self.used_ports.extend(pi.host_ports)
        if pi.has_affinity:
            self.pods_with_affinity += 1
        if pi.has_required_anti_affinity:
            self.pods_with_required_anti_affinity += 1

    def remove_pod(self, key) -> PodInfo | None:
        pi = self.pods.pop(key, None)
        if pi is None:
            return None
        self.req_cpu -= pi.req_cpu
        self.req_mem -= pi.req_mem
        self.nz_cpu -= pi.nz_cpu
        self.nz_mem -= pi.nz_mem
        for p in pi.host_ports:
            self.used_ports.remove(p)
        if pi.has_affinity:
            self.pods_with_affinity -= 1
        if pi.has_required_anti_affinity:
            self.pods_with_required_anti_affinity -= 1
        return pi

    def without(self, keys) -> "NodeInfo":
        """A copy without the pods in ``keys`` (used by preemption's what-if)."""
        other = NodeInfo.__new__(NodeInfo)
        for s in NodeInfo.__slots__:
            setattr(other, s, getattr(self, s))
        other.pods = {}
        other.req_cpu = other.req_mem = other.nz_cpu = other.nz_mem = 0
        other.used_ports = []
        other.pods_with_affinity = other.pods_with_required_anti_affinity = 0
        for k, pi in self.pods.items():
            if k not in keys:
                other.add_pod(pi)
        return other


@dataclass
class Snapshot:
    """What one cycle sees: nodes in scheduling order, and the objects default spreading and namespace
    selectors need."""

    nodes: list = field(default_factory=list)
    by_name: dict = field(default_factory=dict)
    namespace_labels: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)       # (ns, name) -> Service
    replica_sets: dict = field(default_factory=dict)   # (kind, ns, name) -> workload with spec.selector
    pods_with_affinity: int = 0

    def ns_labels(self, namespace: str) -> dict:
        return self.namespace_labels.get(namespace) or {}


def tolerates(tolerations, taint: Taint) -> bool:
    return any(t.tolerates(taint) for t in tolerations)


UNSCHEDULABLE_TAINT = Taint("node.kubernetes.io/unschedulable", "", "NoSchedule")
__all__ = ["Status", "CycleState", "Plugin", "PodInfo", "NodeInfo", "Snapshot", "AffinityTerm", "Toleration",
           "MAX_NODE_SCORE", "SUCCESS", "UNSCHEDULABLE", "UNRESOLVABLE", "SKIP", "tolerates", "unschedulable",
           "unresolvable", "UNSCHEDULABLE_TAINT"]
