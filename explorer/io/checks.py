"""Rules that span objects or the API surface, on top of :func:`explorer.model.validate_object`.

- :func:`api_version_problem`: a built-in kind under an apiVersion Kubernetes 1.34 does not serve
  (``extensions/v1beta1`` Ingress) is an error naming the served versions.
- :func:`duplicate`: an object with the kind, namespace and name of an earlier one (error);
  :class:`CrossCheck`: dangling references (warnings, because the API server
  accepts them: a Pod's ``nodeName`` to a missing Node, an Ingress backend to a missing Service, an
  ``ingressClassName`` to a missing IngressClass) and a Service whose selector matches no Pod and no
  workload template in its namespace (warning).
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model import KubeObject

KUBERNETES_VERSION = "1.34"

# Built-in kinds and the group/versions Kubernetes 1.34 serves them under.
SERVED: dict[str, tuple] = {}
for _version, _kinds in {
    "v1": "Pod Node Namespace Service ConfigMap Secret ServiceAccount Endpoints PersistentVolume "
          "PersistentVolumeClaim ReplicationController LimitRange ResourceQuota PodTemplate Binding",
    "apps/v1": "Deployment ReplicaSet DaemonSet StatefulSet ControllerRevision",
    "networking.k8s.io/v1": "Ingress IngressClass NetworkPolicy IPAddress ServiceCIDR",
    "discovery.k8s.io/v1": "EndpointSlice",
    "batch/v1": "Job CronJob",
    "policy/v1": "PodDisruptionBudget",
    "autoscaling/v2": "HorizontalPodAutoscaler",
    "autoscaling/v1": "HorizontalPodAutoscaler",
    "rbac.authorization.k8s.io/v1": "Role RoleBinding ClusterRole ClusterRoleBinding",
    "apiextensions.k8s.io/v1": "CustomResourceDefinition",
    "storage.k8s.io/v1": "StorageClass CSIDriver CSINode VolumeAttachment CSIStorageCapacity",
    "scheduling.k8s.io/v1": "PriorityClass",
    "coordination.k8s.io/v1": "Lease",
    "node.k8s.io/v1": "RuntimeClass",
    "admissionregistration.k8s.io/v1": "MutatingWebhookConfiguration ValidatingWebhookConfiguration "
                                       "ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding",
    "certificates.k8s.io/v1": "CertificateSigningRequest",
    "flowcontrol.apiserver.k8s.io/v1": "FlowSchema PriorityLevelConfiguration",
    "apiregistration.k8s.io/v1": "APIService",
}.items():
    for _kind in _kinds.split():
        SERVED[_kind] = SERVED.get(_kind, ()) + (_version,)
_REMOVED_KIND = {"PodSecurityPolicy": "removed in Kubernetes 1.25"}
# Kinds that exist as the core "Event" in two groups.
SERVED["Event"] = ("v1", "events.k8s.io/v1")


def api_version_problem(raw: dict) -> str | None:
    """Why ``raw``'s apiVersion/kind is not served by Kubernetes 1.34, or None when it is (or is not a
    built-in kind: CRDs are not checked)."""
    kind, api = raw.get("kind"), raw.get("apiVersion")
    if not isinstance(kind, str) or not isinstance(api, str):
        return None
    if kind in _REMOVED_KIND:
        return f'no matches for kind "{kind}" in version "{api}": {kind} was {_REMOVED_KIND[kind]}'
    served = SERVED.get(kind)
    if served is None or api in served:
        return None
    return (f'no matches for kind "{kind}" in version "{api}"; Kubernetes {KUBERNETES_VERSION} serves {kind} '
            f'as {" or ".join(served)}')


@dataclass(slots=True)
class Entry:
    """One loaded object and where it came from: document index and path prefix (``("items", 3)``)."""

    obj: KubeObject
    document: int
    prefix: tuple = ()


@dataclass(frozen=True)
class Finding:
    entry: Entry
    path: tuple
    message: str
    severity: str


def _fmt(ns: str, name: str) -> str:
    return f"{ns}/{name}" if ns else name


def duplicate(e: Entry, first: Entry) -> Finding:
    """The error for ``e``, an object with the kind, namespace and name of the earlier ``first``."""
    kind, ns, name = e.obj.key
    return Finding(e, ("metadata", "name"), f'{kind} "{_fmt(ns, name)}" is defined twice (first in document '
                                            f'{first.document})', "error")


def _template_labels(raw: dict):
    spec = raw.get("spec")
    if not isinstance(spec, dict):
        return None
    template = spec.get("template")
    if raw.get("kind") == "CronJob":
        job = spec.get("jobTemplate")
        template = ((job or {}).get("spec") or {}).get("template") if isinstance(job, dict) else None
    if not isinstance(template, dict):
        return None
    meta = template.get("metadata")
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return labels if isinstance(labels, dict) else None


class CrossCheck:
    """Dangling references and Services that select nothing, as warnings (:class:`Finding`), worked out an entry
    at a time as a reader reads them (what it can check at once while the next documents are parsed, the rest
    at the end): :meth:`add` each entry, in order, then :meth:`findings`. A Service is checked against the
    workload templates first; only the pods of namespaces with a Service no template satisfies are indexed (a
    150,000-pod file: none, usually)."""

    def __init__(self):
        self.nodes: set = set()
        self.classes: set = set()
        self.services: set = set()
        self.selectors: list = []       # (entry, selector) of the Services to check
        self.templates: dict = {}
        self._later: list = []          # what is checked at the end, in order: all but the pods whose node is known

    def add_pod(self, e: Entry, node) -> None:
        """:meth:`add` for a Pod of v1 whose ``spec.nodeName`` is ``node`` (a reader that knows both says so)."""
        self.add_pods([e], [node])

    def add_pods(self, entries: list, nodes: list) -> None:
        """:meth:`add_pod` for each of ``entries`` and the node at the same place in ``nodes``, in order."""
        known, later = self.nodes, self._later
        for e, node in zip(entries, nodes):
            if isinstance(node, str) and node and node not in known:
                later.append(e)     # (a Node may come after it)

    def add(self, e: Entry) -> None:
        obj = e.obj
        kind = obj.kind
        if kind == "Pod":
            if obj.api_version == "v1":
                self.add_pod(e, obj.spec.get("nodeName"))
            return
        if kind == "Node":
            self.nodes.add(obj.name)
        elif kind == "IngressClass":
            self.classes.add(obj.name)
        elif kind == "Service":
            self.services.add((obj.namespace, obj.name))
            if obj.api_version == "v1":
                selector = obj.spec.get("selector")
                if isinstance(selector, dict) and selector and obj.spec.get("type") != "ExternalName":
                    self.selectors.append((e, selector))
        _index(self.templates, obj.namespace, _template_labels(obj.raw))
        self._later.append(e)

    def findings(self, entries: list) -> list:
        """The findings about every entry added, in their order; ``entries``: all of them (their pods are
        indexed when a Service selects no workload template)."""
        findings = []
        nodes, templates = self.nodes, self.templates
        pending = [(e, selector) for e, selector in self.selectors
                   if not _selects_any(selector, e.obj.namespace, templates)]
        pods: dict = {}
        if pending:
            wanted = {e.obj.namespace for e, _ in pending}
            for e in entries:
                obj = e.obj
                if obj.kind == "Pod" and obj.namespace in wanted:
                    _index(pods, obj.namespace, obj.labels)
        unselecting = {id(e) for e, selector in pending if not _selects_any(selector, e.obj.namespace, pods)}
        for e in self._later:
            obj = e.obj
            kind = obj.kind
            if kind == "Pod" and obj.api_version == "v1":
                node = obj.spec.get("nodeName")
                if isinstance(node, str) and node and node not in nodes:
                    findings.append(Finding(e, ("spec", "nodeName"), f'Node "{node}" not found: the Pod stays '
                                            f'Pending until a Node of that name joins', "warning"))
            elif kind == "Service" and id(e) in unselecting:
                selector = obj.spec["selector"]
                shown = ",".join(f"{k}={v}" for k, v in selector.items())
                findings.append(Finding(e, ("spec", "selector"), f'Service "{_fmt(obj.namespace, obj.name)}" '
                                        f'selects no pods: no Pod or workload template in namespace '
                                        f'"{obj.namespace}" has labels {shown}', "warning"))
            elif kind == "Ingress" and obj.api_version == "networking.k8s.io/v1":
                findings += _ingress_refs(e, self.classes, self.services)
        return findings


def _index(index: dict, ns: str, labels) -> None:
    """Record ``labels`` (a label map, or None) under each of its (namespace, key, value)."""
    if labels:
        for k, v in labels.items():
            if isinstance(v, str) and isinstance(k, str):
                index.setdefault((ns, k, v), []).append(labels)


def _selects_any(selector: dict, ns: str, index: dict) -> bool:
    items = list(selector.items())
    try:
        candidates = index.get((ns, items[0][0], items[0][1]), ())
    except TypeError:  # unhashable selector value: validation already reported it
        return True
    for labels in candidates:
        if all(labels.get(k) == v for k, v in items):
            return True
    return False


def _ingress_refs(e: Entry, classes: set, services: set) -> list:
    obj = e.obj
    out = []
    spec = obj.spec
    class_name = spec.get("ingressClassName")
    if isinstance(class_name, str) and class_name and class_name not in classes:
        out.append(Finding(e, ("spec", "ingressClassName"), f'IngressClass "{class_name}" not found: no '
                           f'controller will serve this Ingress', "warning"))
    backends = []
    default = spec.get("defaultBackend")
    if isinstance(default, dict):
        backends.append((("spec", "defaultBackend"), default))
    for i, rule in enumerate(spec.get("rules") or ()):
        paths = ((rule.get("http") or {}).get("paths") or ()) if isinstance(rule, dict) else ()
        for j, p in enumerate(paths if isinstance(paths, list) else ()):
            if isinstance(p, dict) and isinstance(p.get("backend"), dict):
                backends.append((("spec", "rules", i, "http", "paths", j, "backend"), p["backend"]))
    for path, backend in backends:
        svc = backend.get("service")
        name = svc.get("name") if isinstance(svc, dict) else None
        if isinstance(name, str) and name and (obj.namespace, name) not in services:
            out.append(Finding(e, path + ("service", "name"), f'Service "{_fmt(obj.namespace, name)}" not found: '
                               f'requests for this backend get 503', "warning"))
    return out
