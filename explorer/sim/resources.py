"""Kinds as the API server names them: resource plurals, groups, scope."""

from __future__ import annotations

from explorer.model.objects import KINDS, _generic_namespaced

# kind -> (resource plural, API group)
RESOURCES = {
    "Pod": ("pods", ""), "Node": ("nodes", ""), "Namespace": ("namespaces", ""), "Service": ("services", ""),
    "ConfigMap": ("configmaps", ""), "Secret": ("secrets", ""), "ServiceAccount": ("serviceaccounts", ""),
    "Event": ("events", ""), "Endpoints": ("endpoints", ""),
    "PersistentVolumeClaim": ("persistentvolumeclaims", ""), "PersistentVolume": ("persistentvolumes", ""),
    "Deployment": ("deployments", "apps"), "ReplicaSet": ("replicasets", "apps"),
    "StatefulSet": ("statefulsets", "apps"), "DaemonSet": ("daemonsets", "apps"),
    "Job": ("jobs", "batch"), "CronJob": ("cronjobs", "batch"),
    "Ingress": ("ingresses", "networking.k8s.io"), "IngressClass": ("ingressclasses", "networking.k8s.io"),
    "NetworkPolicy": ("networkpolicies", "networking.k8s.io"),
    "EndpointSlice": ("endpointslices", "discovery.k8s.io"), "Lease": ("leases", "coordination.k8s.io"),
    "HorizontalPodAutoscaler": ("horizontalpodautoscalers", "autoscaling"),
    "PodDisruptionBudget": ("poddisruptionbudgets", "policy"),
}
_BY_NAME = {}
for _kind, (_plural, _group) in RESOURCES.items():
    for _alias in (_kind, _kind.lower(), _plural, f"{_plural}.{_group}" if _group else _plural):
        _BY_NAME[_alias] = _kind


def canonical_kind(kind: str) -> str:
    """``Pod`` for "Pod", "pod", "pods"; unknown names are returned unchanged."""
    return _BY_NAME.get(kind, kind)


def resource_name(kind: str) -> str:
    """The name kubectl's messages use: ``pods``, ``deployments.apps``, ``ingresses.networking.k8s.io``."""
    plural, group = RESOURCES.get(kind, (kind.lower() + "s", ""))
    return f"{plural}.{group}" if group else plural


def is_namespaced(kind: str) -> bool:
    cls = KINDS.get(kind)
    if cls is not None:
        return cls.NAMESPACED
    return _generic_namespaced(kind)
