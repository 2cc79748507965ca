"""Running clusters for routing tests, built by hand so the tests do not depend on the simulator.

:class:`Net` adds Nodes, Pods (bound, Running, Ready, with IPs from the node's /24), Services (with
ClusterIPs, nodePorts, load-balancer IPs) and an Ingress controller stack; :meth:`Net.build` adds the
EndpointSlices the EndpointSlice controller would create and returns the Cluster.
"""

from __future__ import annotations

from explorer.model import Cluster
from explorer.model.builders import INGRESS_CONTROLLERS
from explorer.model.objects import CONTROL_PLANE_LABEL
from explorer.model.selectors import matches_labels


class Net:
    def __init__(self):
        self.objs: list[dict] = []
        self.nodes: dict[str, dict] = {}
        self.pods: list[dict] = []
        self.services: list[dict] = []
        self._next_ip: dict[str, int] = {}
        self._next_cluster_ip = 20
        self._next_node_port = 30080

    # nodes -----------------------------------------------------------------------------------------
    def node(self, name: str, index: int, control_plane: bool = False, ready: bool = True) -> "Net":
        labels = {"kubernetes.io/hostname": name}
        if control_plane:
            labels[CONTROL_PLANE_LABEL] = ""
        raw = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels},
               "spec": {"podCIDR": f"10.244.{index}.0/24"},
               "status": {"addresses": [{"type": "InternalIP", "address": f"192.168.56.{10 + index}"}],
                          "conditions": [{"type": "Ready", "status": "True" if ready else "Unknown"}]}}
        self.nodes[name] = raw
        self._next_ip[name] = 10 * 0 + 2
        self.objs.append(raw)
        return self

    def namespace(self, name: str, labels: dict | None = None) -> "Net":
        self.objs.append({"apiVersion": "v1", "kind": "Namespace",
                          "metadata": {"name": name, "labels": {"kubernetes.io/metadata.name": name,
                                                                **(labels or {})}}})
        return self

    # pods ------------------------------------------------------------------------------------------
    def pod(self, ns: str, name: str, node: str, labels: dict | None = None, ports=((80, "http"),),
            ready: bool = True, phase: str = "Running") -> "Net":
        cidr = self.nodes[node]["spec"]["podCIDR"]
        n = self._next_ip[node]
        self._next_ip[node] = n + 1
        ip = cidr.rsplit(".", 1)[0] + f".{n}"
        container = {"name": "app", "image": "nginx:1.27"}
        if ports:
            container["ports"] = [{"containerPort": p, **({"name": pn} if pn else {})} for p, pn in ports]
        raw = {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": name, "namespace": ns, "labels": dict(labels or {"app": name})},
               "spec": {"nodeName": node, "containers": [container]},
               "status": {"phase": phase, "podIP": ip if phase == "Running" else "",
                          "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}
        self.pods.append(raw)
        self.objs.append(raw)
        return self

    def ip_of(self, ns: str, name: str) -> str:
        for p in self.pods:
            if p["metadata"]["namespace"] == ns and p["metadata"]["name"] == name:
                return p["status"]["podIP"]
        raise KeyError(name)

    # services --------------------------------------------------------------------------------------
    def service(self, ns: str, name: str, selector: dict | None = None, port: int = 80, target_port=80,
                type: str = "ClusterIP", lb_ip: str = "", etp: str | None = None, itp: str | None = None,
                affinity: str | None = None, timeout: int | None = None, headless: bool = False,
                extra_ports: tuple = (), labels: dict | None = None) -> "Net":
        ports = [{"name": "http", "port": port, "targetPort": target_port, "protocol": "TCP"}]
        for p, tp, pn in extra_ports:
            ports.append({"name": pn, "port": p, "targetPort": tp, "protocol": "TCP"})
        spec = {"type": type, "selector": dict(selector if selector is not None else {"app": name}), "ports": ports}
        if headless:
            spec["clusterIP"] = "None"
        else:
            spec["clusterIP"] = f"10.96.0.{self._next_cluster_ip}"
            self._next_cluster_ip += 1
        if type in ("NodePort", "LoadBalancer"):
            for p in ports:
                p["nodePort"] = self._next_node_port
                self._next_node_port += 1
        if etp:
            spec["externalTrafficPolicy"] = etp
        if itp:
            spec["internalTrafficPolicy"] = itp
        if affinity:
            spec["sessionAffinity"] = affinity
            if timeout:
                spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": timeout}}
        raw = {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "namespace": ns, **({"labels": labels} if labels else {})}, "spec": spec}
        if lb_ip:
            raw["status"] = {"loadBalancer": {"ingress": [{"ip": lb_ip}]}}
        self.services.append(raw)
        self.objs.append(raw)
        return self

    def cluster_ip(self, ns: str, name: str) -> str:
        return self._svc(ns, name)["spec"]["clusterIP"]

    def node_port(self, ns: str, name: str, index: int = 0) -> int:
        return self._svc(ns, name)["spec"]["ports"][index]["nodePort"]

    def _svc(self, ns, name):
        return next(s for s in self.services if s["metadata"]["namespace"] == ns and s["metadata"]["name"] == name)

    # ingress ---------------------------------------------------------------------------------------
    def controller(self, key: str = "nginx", nodes=("worker-1",), lb_ip: str = "203.0.113.10",
                   default: bool = True, type: str = "LoadBalancer", class_name: str | None = None) -> "Net":
        c = INGRESS_CONTROLLERS[key]
        meta = {"name": class_name or c.class_name}
        if default:
            meta["annotations"] = {"ingressclass.kubernetes.io/is-default-class": "true"}
        self.objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": meta,
                          "spec": {"controller": c.controller}})
        labels = {"app.kubernetes.io/name": c.app_name, "app.kubernetes.io/component": "controller"}
        for i, node in enumerate(nodes):
            self.pod(c.namespace, f"{c.app_name}-controller-{i}", node, labels, ((80, "http"), (443, "https")))
        self.service(c.namespace, f"{c.app_name}-controller", labels, 80, "http", type,
                     lb_ip if type == "LoadBalancer" else "", extra_ports=((443, "https", "https"),))
        return self

    def ingress(self, ns: str, name: str, rules=(), class_name: str | None = "nginx", default_backend=None,
                tls_hosts=(), annotations: dict | None = None) -> "Net":
        by_host: dict = {}
        for host, path, path_type, svc, port in rules:
            port_ref = {"number": port} if isinstance(port, int) else {"name": port}
            by_host.setdefault(host, []).append({"path": path, "pathType": path_type,
                                                 "backend": {"service": {"name": svc, "port": port_ref}}})
        spec: dict = {}
        if class_name:
            spec["ingressClassName"] = class_name
        if default_backend:
            spec["defaultBackend"] = {"service": {"name": default_backend[0], "port": {"number": default_backend[1]}}}
        if by_host:
            spec["rules"] = [({"host": h} if h else {}) | {"http": {"paths": p}} for h, p in by_host.items()]
        if tls_hosts:
            spec["tls"] = [{"hosts": list(tls_hosts), "secretName": f"{name}-tls"}]
        meta = {"name": name, "namespace": ns}
        if annotations:
            meta["annotations"] = annotations
        self.objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec})
        return self

    def policy(self, ns: str, name: str, pod_selector: dict | None = None, types=("Ingress",), ingress=None,
               egress=None) -> "Net":
        spec = {"podSelector": {"matchLabels": pod_selector} if pod_selector else {}, "policyTypes": list(types)}
        if ingress is not None:
            spec["ingress"] = ingress
        if egress is not None:
            spec["egress"] = egress
        self.objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                          "metadata": {"name": name, "namespace": ns}, "spec": spec})
        return self

    # result ----------------------------------------------------------------------------------------
    def build(self, slices: bool = True) -> Cluster:
        objs = list(self.objs)
        if slices:
            objs += self._slices()
        cluster = Cluster()
        cluster.add_many(objs, validate=False)
        return cluster

    def _slices(self) -> list:
        out = []
        for s in self.services:
            sel = s["spec"]["selector"]
            ns = s["metadata"]["namespace"]
            eps = []
            for p in self.pods:
                if p["metadata"]["namespace"] != ns or not sel or not matches_labels(sel, p["metadata"]["labels"]):
                    continue
                if p["status"]["phase"] != "Running":
                    continue
                ready = p["status"]["conditions"][0]["status"] == "True"
                eps.append({"addresses": [p["status"]["podIP"]], "conditions": {"ready": ready},
                            "nodeName": p["spec"]["nodeName"],
                            "targetRef": {"kind": "Pod", "namespace": ns, "name": p["metadata"]["name"]}})
            name = s["metadata"]["name"]
            out.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                        "metadata": {"name": f"{name}-abcde", "namespace": ns,
                                     "labels": {"kubernetes.io/service-name": name}},
                        "endpoints": eps, "ports": [{"name": p.get("name", ""), "port": p["targetPort"]
                                                     if isinstance(p["targetPort"], int) else 80,
                                                     "protocol": "TCP"} for p in s["spec"]["ports"]]})
        return out


def shop() -> Net:
    """The reference cluster: a control plane, three workers, NGINX with a LoadBalancer IP, a shop
    namespace with api (3 pods, named targetPort http=8080), web (2 pods), mysql, and an Ingress."""
    net = Net()
    net.node("control-plane", 0, control_plane=True)
    for i in (1, 2, 3):
        net.node(f"worker-{i}", i)
    net.controller("nginx", nodes=("worker-1",))
    net.namespace("shop", {"team": "shop"})
    for i, node in enumerate(("worker-1", "worker-2", "worker-3")):
        net.pod("shop", f"api-{i}", node, {"app": "api"}, ((8080, "http"),))
    net.pod("shop", "web-0", "worker-2", {"app": "web"})
    net.pod("shop", "web-1", "worker-3", {"app": "web"})
    net.pod("shop", "mysql-0", "worker-3", {"app": "mysql"}, ((3306, "mysql"),))
    net.pod("default", "client", "worker-1", {"app": "client"}, ())
    net.service("shop", "api", {"app": "api"}, 80, "http")
    net.service("shop", "web", {"app": "web"}, 80, 80, "NodePort")
    net.service("shop", "mysql", {"app": "mysql"}, 3306, "mysql")
    net.ingress("shop", "shop", [("shop.example.com", "/api", "Prefix", "api", 80),
                                 ("shop.example.com", "/", "Prefix", "web", 80)])
    return net


def small() -> Net:
    """One pod per Service so results are deterministic: worker-1 runs NGINX (LoadBalancer 203.0.113.10)
    and a client pod; worker-2 runs shop/api-0 (named port http=8080) and shop/web-0; worker-3 is empty."""
    net = Net()
    net.node("control-plane", 0, control_plane=True)
    for i in (1, 2, 3):
        net.node(f"worker-{i}", i)
    net.controller("nginx", nodes=("worker-1",))
    net.namespace("shop", {"team": "shop"})
    net.pod("shop", "api-0", "worker-2", {"app": "api"}, ((8080, "http"),))
    net.pod("shop", "web-0", "worker-2", {"app": "web"})
    net.pod("default", "client", "worker-1", {"app": "client"}, ())
    net.pod("shop", "shell", "worker-1", {"app": "shell"}, ())
    net.service("shop", "api", {"app": "api"}, 80, "http")
    net.service("shop", "web", {"app": "web"}, 80, 80)
    return net


def with_coredns(net: Net, node: str = "worker-3") -> Net:
    """Add CoreDNS as kubeadm deploys it: a pod labelled k8s-app=kube-dns and the kube-dns Service
    (UDP and TCP 53) in kube-system."""
    net.pod("kube-system", "coredns-0", node, {"k8s-app": "kube-dns"}, ())
    raw = net.pods[-1]
    raw["spec"]["containers"][0]["ports"] = [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                             {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"}]
    net.service("kube-system", "kube-dns", {"k8s-app": "kube-dns"}, 53, "dns-tcp")
    svc = net.services[-1]
    svc["spec"]["ports"] = [{"name": "dns", "port": 53, "targetPort": "dns", "protocol": "UDP"},
                            {"name": "dns-tcp", "port": 53, "targetPort": "dns-tcp", "protocol": "TCP"}]
    return net
