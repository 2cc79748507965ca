"""Kubernetes objects as the model holds them.

Each object wraps the object's own dict (``raw``), exactly as it appears in a manifest, so fields the model
does not use survive import and export untouched. Typed properties read the fields the explorer needs.

Contract: an object placed in a :class:`~explorer.model.cluster.Cluster` is never mutated. Edits make a new
object with :meth:`KubeObject.edited` and hand it to ``Cluster.replace``. Snapshots and undo therefore share
unchanged objects safely.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

from explorer.model.quantity import cpu_millis, memory_bytes
from explorer.model.selectors import Taint, Toleration, matches_label_selector, matches_labels

ObjectKey = tuple  # (kind, namespace, name); namespace is "" for cluster-scoped kinds

CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane"
ZONE_LABEL = "topology.kubernetes.io/zone"
HOSTNAME_LABEL = "kubernetes.io/hostname"
POSITION_ANNOTATION = "explorer.k8s.io/position"

# Scheduler defaults for pods that request nothing (used for scoring only; see REFERENCE.md).
DEFAULT_CPU_REQUEST_MILLIS = 100
DEFAULT_MEMORY_REQUEST_BYTES = 200 * 1024 * 1024


class KubeObject:
    """Any Kubernetes object. Subclasses add typed accessors for the kinds the explorer understands."""

    __slots__ = ("raw", "_cache", "_key")
    KIND: str | None = None
    API_VERSIONS: tuple = ()
    NAMESPACED = True

    def __init__(self, raw: dict):
        self.raw = raw
        self._cache = None
        self._key = None

    # identity ------------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.raw.get("kind", "")

    @property
    def api_version(self) -> str:
        return self.raw.get("apiVersion", "")

    @property
    def metadata(self) -> dict:
        return self.raw.get("metadata") or {}

    @property
    def name(self) -> str:
        return self.metadata.get("name", "")

    @property
    def namespace(self) -> str:
        """The namespace; ``"default"`` when a namespaced object names none, ``""`` when cluster-scoped."""
        if not self.namespaced:
            return ""
        return self.metadata.get("namespace") or "default"

    @property
    def namespaced(self) -> bool:
        return self.NAMESPACED if type(self) is not KubeObject else _generic_namespaced(self.kind)

    @property
    def key(self) -> ObjectKey:
        """``(kind, namespace, name)``; remembered, like everything derived from ``raw`` (which is never
        changed in place: see :meth:`edited`). Loading 150,000 pods asked for it ~4 times each (0.5 s)."""
        key = self._key
        if key is None:     # (kind, namespace and name, as their properties give them, in one go)
            raw = self.raw
            meta = raw.get("metadata") or {}
            kind = raw.get("kind", "")
            namespaced = self.NAMESPACED if type(self) is not KubeObject else _generic_namespaced(kind)
            key = self._key = (kind, (meta.get("namespace") or "default") if namespaced else "",
                               meta.get("name", ""))
        return key

    @property
    def labels(self) -> dict:
        return self.metadata.get("labels") or {}

    @property
    def annotations(self) -> dict:
        return self.metadata.get("annotations") or {}

    @property
    def uid(self) -> str:
        return self.metadata.get("uid", "")

    @property
    def spec(self) -> dict:
        return self.raw.get("spec") or {}

    @property
    def status(self) -> dict:
        return self.raw.get("status") or {}

    def value_at(self, top: str, key: str):
        """``raw[top][key]``, or None when either is missing (or ``raw[top]`` is no mapping). A copy read
        from a big file (:mod:`explorer.model.copies`) answers without making its dict."""
        sub = self.raw.get(top)
        return sub.get(key) if type(sub) is dict else None

    @property
    def owner_references(self) -> list:
        return self.metadata.get("ownerReferences") or []

    @property
    def controller_owner(self) -> dict | None:
        """The ownerReference with ``controller: true``, or None for an object nobody manages."""
        for ref in self.owner_references:
            if ref.get("controller"):
                return ref
        return None

    # editing -------------------------------------------------------------------------------------------
    def edited(self, change: Callable[[dict], object]) -> "KubeObject":
        """Return a new object of the same class whose dict is a deep copy changed in place by ``change``."""
        raw = copy.deepcopy(self.raw)
        change(raw)
        return type(self)(raw)

    def copy(self) -> "KubeObject":
        return type(self)(copy.deepcopy(self.raw))

    def to_dict(self) -> dict:
        """The object's dict. Do not mutate it; use :meth:`edited`."""
        return self.raw

    def __eq__(self, other) -> bool:
        return isinstance(other, KubeObject) and self.raw == other.raw

    def __hash__(self):  # objects are values; hashing by key keeps them usable in sets of identities
        return hash(self.key)

    def __repr__(self) -> str:
        ns = f"{self.namespace}/" if self.namespace else ""
        return f"<{self.kind} {ns}{self.name}>"

    def _cached(self, name: str, compute):
        cache = self._cache
        if cache is None:
            cache = self._cache = {}
        if name not in cache:
            cache[name] = compute()
        return cache[name]


_CLUSTER_SCOPED = {"Node", "Namespace", "IngressClass", "ClusterRole", "ClusterRoleBinding",
                   "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass",
                   "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
                   "CSIDriver", "RuntimeClass", "GatewayClass"}


def _generic_namespaced(kind: str) -> bool:
    return kind not in _CLUSTER_SCOPED


def _get(d: dict, *path, default=None):
    for part in path:
        if not isinstance(d, dict):
            return default
        d = d.get(part)
        if d is None:
            return default
    return d


@dataclass(frozen=True)
class ContainerPort:
    container_port: int
    name: str = ""
    protocol: str = "TCP"


@dataclass(frozen=True)
class Resources:
    """Summed pod requests: cpu in millicores, memory in bytes. ``*_set`` says whether it was given."""

    cpu: int = 0
    memory: int = 0
    cpu_set: bool = False
    memory_set: bool = False


def pod_spec_requests(spec: dict) -> Resources:
    """Effective requests of a pod spec: max(sum of containers, largest init container), per resource."""
    cpu = mem = 0
    cpu_set = mem_set = False
    for c in spec.get("containers") or ():
        req = _get(c, "resources", "requests") or {}
        if "cpu" in req:
            cpu += cpu_millis(req["cpu"])
            cpu_set = True
        if "memory" in req:
            mem += memory_bytes(req["memory"])
            mem_set = True
    for c in spec.get("initContainers") or ():
        req = _get(c, "resources", "requests") or {}
        if "cpu" in req:
            cpu = max(cpu, cpu_millis(req["cpu"]))
            cpu_set = True
        if "memory" in req:
            mem = max(mem, memory_bytes(req["memory"]))
            mem_set = True
    return Resources(cpu, mem, cpu_set, mem_set)


def pod_spec_score_requests(spec: dict) -> tuple[int, int]:
    """Requests as the scheduler's scoring sees them: a container without a cpu (memory) request counts
    100m (200Mi); an explicit 0 stays 0 (``schedutil.GetNonzeroRequests``)."""
    cpu = mem = 0
    for c in spec.get("containers") or ():
        req = _get(c, "resources", "requests") or {}
        cpu += cpu_millis(req["cpu"]) if "cpu" in req else DEFAULT_CPU_REQUEST_MILLIS
        mem += memory_bytes(req["memory"]) if "memory" in req else DEFAULT_MEMORY_REQUEST_BYTES
    for c in spec.get("initContainers") or ():
        req = _get(c, "resources", "requests") or {}
        cpu = max(cpu, cpu_millis(req["cpu"]) if "cpu" in req else DEFAULT_CPU_REQUEST_MILLIS)
        mem = max(mem, memory_bytes(req["memory"]) if "memory" in req else DEFAULT_MEMORY_REQUEST_BYTES)
    return cpu, mem


class Pod(KubeObject):
    __slots__ = ()
    KIND = "Pod"
    API_VERSIONS = ("v1",)

    @property
    def containers(self) -> list:
        return self.spec.get("containers") or []

    @property
    def node_name(self) -> str:
        return self.spec.get("nodeName") or ""

    @property
    def node_selector(self) -> dict:
        return self.spec.get("nodeSelector") or {}

    @property
    def affinity(self) -> dict:
        return self.spec.get("affinity") or {}

    @property
    def tolerations(self) -> tuple:
        return self._cached("tolerations", lambda: tuple(
            Toleration.from_dict(t) for t in self.spec.get("tolerations") or () if isinstance(t, dict)))

    @property
    def requests(self) -> Resources:
        return self._cached("requests", lambda: pod_spec_requests(self.spec))

    @property
    def score_requests(self) -> tuple[int, int]:
        return self._cached("score_requests", lambda: pod_spec_score_requests(self.spec))

    @property
    def ports(self) -> list:
        """Every container port as :class:`ContainerPort`."""
        out = []
        for c in self.containers:
            for p in c.get("ports") or ():
                out.append(ContainerPort(p.get("containerPort", 0), p.get("name", ""), p.get("protocol", "TCP")))
        return out

    @property
    def host_ports(self) -> list:
        """(protocol, hostPort) pairs the pod claims on its node (NodePorts filter)."""
        return [(p.get("protocol", "TCP"), p["hostPort"]) for c in self.containers
                for p in c.get("ports") or () if p.get("hostPort")]

    @property
    def phase(self) -> str:
        return self.status.get("phase") or "Pending"

    @property
    def pod_ip(self) -> str:
        return self.status.get("podIP") or ""

    @property
    def is_static(self) -> bool:
        """A control-plane static (mirror) pod, owned by its Node."""
        owner = self.controller_owner
        return bool(owner and owner.get("kind") == "Node")

    @property
    def ready(self) -> bool:
        return self.ready_condition == "True"

    @property
    def ready_condition(self) -> str | None:
        """The status of the pod's Ready condition ("True", "False", "Unknown"), or None when it has none."""
        for cond in self.status.get("conditions") or ():
            if cond.get("type") == "Ready":
                return cond.get("status")
        return None

    @property
    def priority(self) -> int:
        return self.spec.get("priority") or 0


class Node(KubeObject):
    __slots__ = ()
    KIND = "Node"
    API_VERSIONS = ("v1",)
    NAMESPACED = False

    @property
    def is_control_plane(self) -> bool:
        return CONTROL_PLANE_LABEL in self.labels

    @property
    def zone(self) -> str:
        return self.labels.get(ZONE_LABEL, "")

    @property
    def taints(self) -> tuple:
        return self._cached("taints", lambda: tuple(
            Taint.from_dict(t) for t in self.spec.get("taints") or () if isinstance(t, dict)))

    @property
    def unschedulable(self) -> bool:
        return bool(self.spec.get("unschedulable"))

    @property
    def pod_cidr(self) -> str:
        return self.spec.get("podCIDR") or ""

    def _resources(self, field: str) -> dict:
        values = self.status.get(field) or self.status.get("capacity") or {}
        return {
            "cpu": cpu_millis(values.get("cpu", 0)),
            "memory": memory_bytes(values.get("memory", 0)),
            "pods": int(memory_bytes(values.get("pods", 110))),
        }

    @property
    def capacity(self) -> dict:
        """{"cpu": millicores, "memory": bytes, "pods": count}."""
        return self._cached("capacity", lambda: self._resources("capacity"))

    @property
    def allocatable(self) -> dict:
        """{"cpu": millicores, "memory": bytes, "pods": count}; capacity when allocatable is absent."""
        return self._cached("allocatable", lambda: self._resources("allocatable"))

    @property
    def internal_ip(self) -> str:
        for addr in self.status.get("addresses") or ():
            if isinstance(addr, dict) and addr.get("type") == "InternalIP":
                return addr.get("address", "")
        return ""

    @property
    def container_runtime(self) -> str:
        """``containerd``, ``cri-o``, ``docker`` or ``podman`` (from nodeInfo.containerRuntimeVersion)."""
        version = _get(self.status, "nodeInfo", "containerRuntimeVersion") or ""
        return version.split("://", 1)[0] if version else ""

    @property
    def conditions(self) -> dict:
        """{condition type: status string}."""
        return {c.get("type"): c.get("status") for c in self.status.get("conditions") or ()}

    @property
    def ready(self) -> bool:
        return self.conditions.get("Ready", "True") == "True"


class Namespace(KubeObject):
    __slots__ = ()
    KIND = "Namespace"
    API_VERSIONS = ("v1",)
    NAMESPACED = False


class _Workload(KubeObject):
    __slots__ = ()

    @property
    def replicas(self) -> int:
        value = self.spec.get("replicas")
        return 1 if value is None else value

    @property
    def selector(self) -> dict:
        return self.spec.get("selector") or {}

    @property
    def template(self) -> dict:
        return self.spec.get("template") or {}

    @property
    def template_labels(self) -> dict:
        return _get(self.template, "metadata", "labels") or {}

    @property
    def pod_spec(self) -> dict:
        return self.template.get("spec") or {}

    def selects(self, labels: dict) -> bool:
        return matches_label_selector(self.selector, labels)


class Deployment(_Workload):
    __slots__ = ()
    KIND = "Deployment"
    API_VERSIONS = ("apps/v1",)

    @property
    def strategy_type(self) -> str:
        return _get(self.spec, "strategy", "type") or "RollingUpdate"

    @property
    def max_surge(self):
        value = _get(self.spec, "strategy", "rollingUpdate", "maxSurge")
        return "25%" if value is None else value

    @property
    def max_unavailable(self):
        value = _get(self.spec, "strategy", "rollingUpdate", "maxUnavailable")
        return "25%" if value is None else value


class ReplicaSet(_Workload):
    __slots__ = ()
    KIND = "ReplicaSet"
    API_VERSIONS = ("apps/v1",)


@dataclass(frozen=True)
class ServicePort:
    port: int
    target_port: object  # int or port name
    protocol: str = "TCP"
    name: str = ""
    node_port: int | None = None


class Service(KubeObject):
    __slots__ = ()
    KIND = "Service"
    API_VERSIONS = ("v1",)

    @property
    def type(self) -> str:
        return self.spec.get("type") or "ClusterIP"

    @property
    def selector(self) -> dict:
        return self.spec.get("selector") or {}

    @property
    def cluster_ip(self) -> str:
        return self.spec.get("clusterIP") or ""

    @property
    def headless(self) -> bool:
        return self.spec.get("clusterIP") == "None"

    @property
    def ports(self) -> list:
        return self._cached("ports", lambda: [
            ServicePort(p.get("port", 0), p.get("targetPort", p.get("port", 0)), p.get("protocol") or "TCP",
                        p.get("name") or "", p.get("nodePort"))
            for p in self.spec.get("ports") or () if isinstance(p, dict)])

    @property
    def session_affinity(self) -> str:
        return self.spec.get("sessionAffinity") or "None"

    @property
    def session_affinity_timeout(self) -> int:
        return _get(self.spec, "sessionAffinityConfig", "clientIP", "timeoutSeconds") or 10800

    @property
    def external_traffic_policy(self) -> str:
        return self.spec.get("externalTrafficPolicy") or "Cluster"

    @property
    def internal_traffic_policy(self) -> str:
        return self.spec.get("internalTrafficPolicy") or "Cluster"

    @property
    def external_ips(self) -> list:
        ingress = _get(self.status, "loadBalancer", "ingress") or []
        return [i.get("ip") for i in ingress if i.get("ip")] + list(self.spec.get("externalIPs") or [])

    def selects(self, pod: "Pod") -> bool:
        """True when the Service's selector picks ``pod`` (same namespace, non-empty selector)."""
        return bool(self.selector) and pod.namespace == self.namespace and matches_labels(self.selector, pod.labels)


@dataclass(frozen=True)
class IngressPath:
    host: str
    path: str
    path_type: str
    service: str
    port: object  # number or name


class Ingress(KubeObject):
    __slots__ = ()
    KIND = "Ingress"
    API_VERSIONS = ("networking.k8s.io/v1",)

    @property
    def ingress_class_name(self) -> str:
        return self.spec.get("ingressClassName") or \
            self.annotations.get("kubernetes.io/ingress.class", "")

    @property
    def paths(self) -> list:
        """Every rule path flattened to :class:`IngressPath`."""
        def compute():
            out = []
            for rule in self.spec.get("rules") or ():
                if not isinstance(rule, dict):
                    continue
                for p in _get(rule, "http", "paths") or ():
                    svc = _get(p, "backend", "service") or {}
                    port = svc.get("port") or {}
                    out.append(IngressPath(rule.get("host") or "", p.get("path") or "/",
                                           p.get("pathType") or "ImplementationSpecific",
                                           svc.get("name") or "", port.get("number", port.get("name"))))
            return out
        return self._cached("paths", compute)

    @property
    def default_backend(self) -> tuple | None:
        """(service name, port number or name) of spec.defaultBackend, or None."""
        svc = _get(self.spec, "defaultBackend", "service")
        if not svc:
            return None
        port = svc.get("port") or {}
        return svc.get("name", ""), port.get("number", port.get("name"))

    @property
    def backend_services(self) -> list:
        names = [p.service for p in self.paths if p.service]
        if self.default_backend:
            names.append(self.default_backend[0])
        return list(dict.fromkeys(names))

    @property
    def tls_hosts(self) -> list:
        return [h for t in self.spec.get("tls") or () for h in t.get("hosts") or ()]


class IngressClass(KubeObject):
    __slots__ = ()
    KIND = "IngressClass"
    API_VERSIONS = ("networking.k8s.io/v1",)
    NAMESPACED = False
    DEFAULT_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"

    @property
    def controller(self) -> str:
        return self.spec.get("controller", "")

    @property
    def is_default(self) -> bool:
        return self.annotations.get(self.DEFAULT_ANNOTATION) == "true"


class NetworkPolicy(KubeObject):
    __slots__ = ()
    KIND = "NetworkPolicy"
    API_VERSIONS = ("networking.k8s.io/v1",)

    @property
    def pod_selector(self) -> dict:
        return self.spec.get("podSelector") or {}

    @property
    def policy_types(self) -> tuple:
        """Explicit policyTypes, else Kubernetes' default: Ingress, plus Egress when egress rules exist."""
        types = self.spec.get("policyTypes")
        if types:
            return tuple(types)
        return ("Ingress", "Egress") if self.spec.get("egress") else ("Ingress",)

    @property
    def ingress_rules(self) -> list:
        return self.spec.get("ingress") or []

    @property
    def egress_rules(self) -> list:
        return self.spec.get("egress") or []

    def selects(self, pod: Pod) -> bool:
        return pod.namespace == self.namespace and matches_label_selector(self.pod_selector, pod.labels)


@dataclass(frozen=True)
class Endpoint:
    """One endpoint of an EndpointSlice: a pod's address and whether it is ready."""

    address: str
    ready: bool
    node_name: str = ""
    pod: tuple | None = None  # (namespace, name) from targetRef


class EndpointSlice(KubeObject):
    """``discovery.k8s.io/v1`` EndpointSlice: the ready (and not ready) pods behind a Service."""

    __slots__ = ()
    KIND = "EndpointSlice"
    API_VERSIONS = ("discovery.k8s.io/v1",)
    SERVICE_LABEL = "kubernetes.io/service-name"

    @property
    def service_name(self) -> str:
        return self.labels.get(self.SERVICE_LABEL, "")

    @property
    def endpoints(self) -> list:
        def compute():
            out = []
            for e in self.raw.get("endpoints") or ():
                ref = e.get("targetRef") or {}
                pod = (ref.get("namespace") or self.namespace, ref["name"]) if ref.get("name") else None
                ready = (e.get("conditions") or {}).get("ready")
                for address in e.get("addresses") or ():
                    out.append(Endpoint(address, ready is not False, e.get("nodeName") or "", pod))
            return out
        return self._cached("endpoints", compute)

    @property
    def ports(self) -> list:
        """[(name, port, protocol)] of the slice."""
        return [(p.get("name") or "", p.get("port"), p.get("protocol") or "TCP") for p in self.raw.get("ports") or ()]


KINDS: dict[str, type] = {cls.KIND: cls for cls in
                          (Pod, Node, Namespace, Deployment, ReplicaSet, Service, Ingress, IngressClass,
                           NetworkPolicy, EndpointSlice)}


def from_dict(raw: dict) -> KubeObject:
    """Wrap an object dict in the class for its kind and apiVersion (``KubeObject`` for anything else).

    A known kind under an apiVersion the model does not serve (``extensions/v1beta1`` Ingress) stays a
    generic object; ``explorer.io`` reports it.
    """
    cls = KINDS.get(raw.get("kind"))
    if cls is not None and raw.get("apiVersion") in cls.API_VERSIONS:
        return cls(raw)
    return KubeObject(raw)
