"""A read-only, indexed view of a running Cluster for routing: who owns which IP, which port, which endpoint.

:class:`NetworkView` is built once per cluster state (O(objects)) so each trace is a handful of dict lookups.
It reads only what a real data plane would know: pod IPs and readiness, node InternalIPs, Service
ClusterIPs / nodePorts / load-balancer IPs, EndpointSlices and Ingress objects.

Endpoints come from EndpointSlices (``kubernetes.io/service-name`` label, ``conditions.ready``). A cluster
file with no EndpointSlice at all (a hand-written design with status) gets them derived the way the
EndpointSlice controller would: Running, Ready pods matching the Service's selector in its namespace.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from explorer.model import Cluster
from explorer.model.builders import INGRESS_CONTROLLERS, IngressController, controller_for
from explorer.model.objects import CONTROL_PLANE_LABEL, Node, Pod, Service

EXCLUDE_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers"
INGRESS_APP_LABEL = "app.kubernetes.io/name"


def pod_key(pod: Pod) -> str:
    return f"{pod.namespace}/{pod.name}"


def ip_sort_key(ip: str):
    """(0, the address as an int) for an IP address, (1, text) otherwise: addresses in numeric order first."""
    parts = ip.split(".") if isinstance(ip, str) else ()
    if len(parts) == 4:     # dotted IPv4 without ipaddress's parsing (a third of a routing view's build)
        value = 0
        for part in parts:
            if not (part.isdigit() and part.isascii()) or (len(part) > 1 and part[0] == "0") or len(part) > 3:
                break
            octet = int(part)
            if octet > 255:
                break
            value = value * 256 + octet
        else:
            return (0, value)
    try:
        return (0, int(ipaddress.ip_address(ip)))
    except ValueError:
        return (1, ip)


@dataclass(frozen=True)
class EndpointRef:
    """One ready endpoint of a Service: the pod behind it, its IP and its node."""

    ip: str
    node: str
    pod: Pod | None


@dataclass
class ControllerInfo:
    """An Ingress controller deployment found in the cluster: its catalogue entry, the IngressClass names
    it serves, its pods and the Service in front of them."""

    entry: IngressController
    classes: list = field(default_factory=list)
    pod_keys: set = field(default_factory=set)
    service: Service | None = None


class NetworkView:
    """Indexes over a cluster. Never mutates the cluster; build a new view after the cluster changes."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.network = cluster.network
        self.dns_domain = cluster.network.dns_domain
        self.nodes: dict[str, Node] = {n.name: n for n in cluster.nodes()}
        self._lb_nodes: list | None = None
        self.node_by_ip: dict[str, Node] = {n.internal_ip: n for n in self.nodes.values() if n.internal_ip}
        self.pods: dict[str, Pod] = {}
        self.pod_by_ip: dict[str, Pod] = {}
        for p in cluster.pods():
            self.pods[pod_key(p)] = p
            if p.pod_ip and not p.spec.get("hostNetwork") and p.phase == "Running":
                self.pod_by_ip[p.pod_ip] = p
        self.services: dict[str, Service] = {f"{s.namespace}/{s.name}": s for s in cluster.objects("Service")}
        self.service_by_cluster_ip: dict[str, Service] = {}
        self.service_by_external_ip: dict[str, Service] = {}
        self.service_by_node_port: dict[tuple, tuple] = {}  # (protocol, nodePort) -> (Service, ServicePort)
        for s in self.services.values():
            if s.cluster_ip and not s.headless:
                self.service_by_cluster_ip[s.cluster_ip] = s
            for ip in s.external_ips:
                self.service_by_external_ip[ip] = s
            if s.type in ("NodePort", "LoadBalancer"):
                for sp in s.ports:
                    if sp.node_port:
                        self.service_by_node_port[(sp.protocol, sp.node_port)] = (s, sp)
        self.namespace_labels: dict[str, dict] = {}
        for ns in cluster.objects("Namespace"):
            self.namespace_labels[ns.name] = {"kubernetes.io/metadata.name": ns.name, **ns.labels}
        self._endpoints = self._index_endpoints(cluster)
        self.ingresses = sorted(cluster.objects("Ingress"), key=lambda i: (i.namespace, i.name))
        self.ingress_classes = {c.name: c for c in cluster.objects("IngressClass")}
        self.controllers = self._index_controllers()
        self._ing_exact: dict[str, list] = {}
        self._ing_wild: dict[str, list] = {}
        self._ing_any: list = []
        for ing in self.ingresses:
            hosts = {p.host.lower() for p in ing.paths}
            for h in hosts:
                if not h:
                    continue
                table = self._ing_wild if h.startswith("*.") else self._ing_exact
                table.setdefault(h[2:] if h.startswith("*.") else h, []).append(ing)
            if "" in hosts or ing.default_backend:
                self._ing_any.append(ing)

    # lookups -------------------------------------------------------------------------------------------
    def ns_labels(self, namespace: str) -> dict:
        """Labels of a namespace; one without a Namespace object still has kubernetes.io/metadata.name."""
        labels = self.namespace_labels.get(namespace)
        if labels is None:
            labels = self.namespace_labels[namespace] = {"kubernetes.io/metadata.name": namespace}
        return labels

    def endpoints(self, service: Service) -> list[EndpointRef]:
        """Ready endpoints of ``service``, sorted by IP (the order kube-proxy writes its rules in)."""
        return self._endpoints.get(f"{service.namespace}/{service.name}", [])

    def node_ip(self, name: str) -> str:
        node = self.nodes.get(name)
        return node.internal_ip if node else ""

    def lb_nodes(self) -> list[Node]:
        """Nodes a cloud load balancer sends traffic to: Ready nodes without the control-plane role or the
        exclude-from-external-load-balancers label (kubeadm labels control-plane nodes with it)."""
        if self._lb_nodes is None:
            self._lb_nodes = [n for n in self.nodes.values() if n.ready and CONTROL_PLANE_LABEL not in n.labels
                              and EXCLUDE_LB_LABEL not in n.labels and n.internal_ip]
        return self._lb_nodes

    def controller_of_pod(self, pod: Pod) -> ControllerInfo | None:
        for c in self.controllers.values():
            if pod_key(pod) in c.pod_keys:
                return c
        return None

    def ingress_class_of(self, ing) -> str:
        """The IngressClass name an Ingress belongs to: ingressClassName (or the legacy annotation), else
        the class annotated as default (when exactly one is; several defaults make it ambiguous)."""
        name = ing.ingress_class_name
        if name:
            return name
        defaults = sorted(c.name for c in self.ingress_classes.values() if c.is_default)
        return defaults[0] if len(defaults) == 1 else ""

    def ingresses_for_host(self, host: str) -> list:
        """Ingresses with a rule for ``host`` (exact or wildcard), a rule without host, or a defaultBackend,
        in namespace/name order. Only these can answer a request for ``host``."""
        host = host.lower()
        _, dot, parent = host.partition(".")
        found = {id(i): i for i in self._ing_exact.get(host, ())}
        if dot:
            found.update((id(i), i) for i in self._ing_wild.get(parent, ()))
        found.update((id(i), i) for i in self._ing_any)
        return sorted(found.values(), key=lambda i: (i.namespace, i.name))

    def ingresses_naming(self, host: str) -> list:
        """Ingresses with a rule whose host (exact or wildcard) is ``host``: those DNS would point at."""
        host = host.lower()
        _, dot, parent = host.partition(".")
        found = {id(i): i for i in self._ing_exact.get(host, ())}
        if dot:
            found.update((id(i), i) for i in self._ing_wild.get(parent, ()))
        return sorted(found.values(), key=lambda i: (i.namespace, i.name))

    # building ------------------------------------------------------------------------------------------
    def _index_endpoints(self, cluster: Cluster) -> dict:
        out: dict[str, list] = {}
        slices = cluster.objects("EndpointSlice")
        if slices:
            for sl in slices:
                svc = sl.service_name
                if not svc:
                    continue
                bucket = out.setdefault(f"{sl.namespace}/{svc}", [])
                for ep in sl.endpoints:
                    if not ep.ready:
                        continue
                    pod = self.pods.get(f"{ep.pod[0]}/{ep.pod[1]}") if ep.pod else self.pod_by_ip.get(ep.address)
                    node = ep.node_name or (pod.node_name if pod else "")
                    bucket.append(EndpointRef(ep.address, node, pod))
        else:
            by_ns: dict[str, list] = {}
            for p in self.pods.values():
                if p.phase == "Running" and p.ready and p.pod_ip:
                    by_ns.setdefault(p.namespace, []).append(p)
            for key, s in self.services.items():
                if not s.selector:
                    continue
                out[key] = [EndpointRef(p.pod_ip, p.node_name, p) for p in by_ns.get(s.namespace, ())
                            if s.selects(p)]
        for key, eps in out.items():
            unique = {e.ip: e for e in eps}
            out[key] = sorted(unique.values(), key=lambda e: ip_sort_key(e.ip))
        return out

    def _index_controllers(self) -> dict:
        """Controllers that have an IngressClass, keyed by catalogue key; their pods are found by the
        ``app.kubernetes.io/name`` label and their Service by a selector on that label."""
        out: dict[str, ControllerInfo] = {}
        for cls in sorted(self.ingress_classes.values(), key=lambda c: c.name):
            entry = controller_for(cls.controller)
            if entry is None:
                continue
            info = out.setdefault(entry.key, ControllerInfo(entry))
            info.classes.append(cls.name)
        for info in out.values():
            app = info.entry.app_name
            info.pod_keys = {k for k, p in self.pods.items() if p.labels.get(INGRESS_APP_LABEL) == app}
            candidates = [s for s in self.services.values()
                          if s.selector.get(INGRESS_APP_LABEL) == app]
            rank = {"LoadBalancer": 0, "NodePort": 1, "ClusterIP": 2}
            candidates.sort(key=lambda s: (rank.get(s.type, 3), s.namespace != info.entry.namespace,
                                           s.namespace, s.name))
            info.service = candidates[0] if candidates else None
        return out


__all__ = ["NetworkView", "EndpointRef", "ControllerInfo", "INGRESS_CONTROLLERS", "pod_key", "ip_sort_key"]
