"""The resource types kubectl knows here: names users type (plural, singular, short, Kind) and how kubectl
names them in output (``deployment.apps/api``).

Raises nothing; :func:`lookup` returns None for an unknown name (the caller prints kubectl's
``error: the server doesn't have a resource type "foo"``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    kind: str
    plural: str
    singular: str
    group: str = ""
    short: tuple = ()
    namespaced: bool = True
    version: str = "v1"

    @property
    def qualified(self) -> str:
        """``deployment.apps`` / ``pod``: the prefix of ``-o name`` and of mutation messages."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def resource(self) -> str:
        """``deployments.apps`` / ``pods``: the name in API error messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


TYPES = (
    ResourceType("Pod", "pods", "pod", short=("po",)),
    ResourceType("Node", "nodes", "node", short=("no",), namespaced=False),
    ResourceType("Namespace", "namespaces", "namespace", short=("ns",), namespaced=False),
    ResourceType("Service", "services", "service", short=("svc",)),
    ResourceType("Deployment", "deployments", "deployment", "apps", ("deploy",)),
    ResourceType("ReplicaSet", "replicasets", "replicaset", "apps", ("rs",)),
    ResourceType("DaemonSet", "daemonsets", "daemonset", "apps", ("ds",)),
    ResourceType("StatefulSet", "statefulsets", "statefulset", "apps", ("sts",)),
    ResourceType("EndpointSlice", "endpointslices", "endpointslice", "discovery.k8s.io"),
    ResourceType("Ingress", "ingresses", "ingress", "networking.k8s.io", ("ing",)),
    ResourceType("IngressClass", "ingressclasses", "ingressclass", "networking.k8s.io", namespaced=False),
    ResourceType("NetworkPolicy", "networkpolicies", "networkpolicy", "networking.k8s.io", ("netpol",)),
    ResourceType("Event", "events", "event", short=("ev",)),
    ResourceType("ConfigMap", "configmaps", "configmap", short=("cm",)),
    ResourceType("Secret", "secrets", "secret"),
    ResourceType("Lease", "leases", "lease", "coordination.k8s.io"),
)

_BY_NAME: dict[str, ResourceType] = {}
_BY_KIND: dict[str, ResourceType] = {}
for _t in TYPES:
    _BY_KIND[_t.kind] = _t
    for _name in (_t.plural, _t.singular, _t.kind.lower(), *_t.short, _t.resource, f"{_t.singular}.{_t.group}"):
        _BY_NAME[_name] = _t

# what `kubectl get all` lists, in kubectl's order
ALL = ("Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet")

# the names offered for completion (plural and short forms)
COMPLETION_NAMES = tuple(sorted({n for t in TYPES for n in (t.plural, *t.short)}))


def lookup(name: str) -> ResourceType | None:
    """The type for ``pods``/``pod``/``po``/``Pod``/``deployments.apps``; None when unknown."""
    return _BY_NAME.get(name) or _BY_NAME.get(name.lower())


def for_kind(kind: str) -> ResourceType:
    """The type of a Kind; a made-up lower-case one for kinds this table does not list."""
    found = _BY_KIND.get(kind)
    if found is not None:
        return found
    from explorer.sim.resources import is_namespaced
    return ResourceType(kind, kind.lower() + "s", kind.lower(), namespaced=is_namespaced(kind))
