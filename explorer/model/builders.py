"""Factories for the objects a user drags onto the canvas, shaped as kubeadm and kubectl make them.

Every function returns plain object dicts wrapped as model objects; nothing is added to a cluster here.
Invalid arguments raise :class:`~explorer.model.errors.InvalidValueError`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from explorer.model.objects import (CONTROL_PLANE_LABEL, HOSTNAME_LABEL, ZONE_LABEL, Deployment, Ingress,
                                    IngressClass, Namespace, NetworkPolicy, Node, Pod, Service)
from explorer.model.validation import dns1123_label, dns1123_subdomain, port_number, quantity
from explorer.model.errors import InvalidValueError

KUBERNETES_VERSION = "v1.34.0"
CONTROL_PLANE_COMPONENTS = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")
CONTAINER_RUNTIMES = {
    "containerd": "containerd://2.1.4",
    "cri-o": "cri-o://1.34.0",
    "docker": "docker://28.2.2",   # through cri-dockerd
    "podman": "podman://5.6.0",    # through a CRI shim; podman is not a CRI runtime on its own
}
_COMPONENT_IMAGES = {
    "etcd": "registry.k8s.io/etcd:3.6.4-0",
    "kube-apiserver": f"registry.k8s.io/kube-apiserver:{KUBERNETES_VERSION}",
    "kube-controller-manager": f"registry.k8s.io/kube-controller-manager:{KUBERNETES_VERSION}",
    "kube-scheduler": f"registry.k8s.io/kube-scheduler:{KUBERNETES_VERSION}",
}
_COMPONENT_REQUESTS = {"etcd": {"cpu": "100m", "memory": "100Mi"}, "kube-apiserver": {"cpu": "250m"},
                       "kube-controller-manager": {"cpu": "200m"}, "kube-scheduler": {"cpu": "100m"}}


@dataclass(frozen=True)
class IngressController:
    """An Ingress controller implementation the palette offers."""

    key: str            # nginx, traefik, haproxy, envoy
    title: str
    controller: str     # IngressClass spec.controller
    class_name: str     # conventional IngressClass name
    namespace: str
    app_name: str       # app.kubernetes.io/name of its pods and Service
    image: str
    implementation_specific: str  # how ImplementationSpecific paths are matched: "prefix" or "regex"


INGRESS_CONTROLLERS = {
    c.key: c for c in (
        IngressController("nginx", "NGINX", "k8s.io/ingress-nginx", "nginx", "ingress-nginx", "ingress-nginx",
                          "registry.k8s.io/ingress-nginx/controller:v1.13.3", "regex"),
        IngressController("traefik", "Traefik", "traefik.io/ingress-controller", "traefik", "traefik", "traefik",
                          "docker.io/traefik:v3.5", "prefix"),
        IngressController("haproxy", "HAProxy", "haproxy.org/ingress-controller", "haproxy", "haproxy-controller",
                          "kubernetes-ingress", "docker.io/haproxytech/kubernetes-ingress:3.1", "prefix"),
        IngressController("envoy", "Envoy (Contour)", "projectcontour.io/ingress-controller", "contour",
                          "projectcontour", "envoy", "docker.io/envoyproxy/envoy:v1.35.0", "prefix"),
    )
}


def controller_for(controller_string: str) -> IngressController | None:
    """The catalogue entry whose IngressClass ``spec.controller`` is ``controller_string`` (or a sub-path)."""
    for c in INGRESS_CONTROLLERS.values():
        if controller_string == c.controller or controller_string.startswith(c.controller + "/"):
            return c
    return None


def stable_uid(*parts: str) -> str:
    """A deterministic UID for generated objects, so exports are reproducible."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "explorer:" + "/".join(parts)))


def _node(name: str, cpu, memory, pods: int, zone: str, runtime: str, labels: dict | None,
          taints: list, internal_ip: str = "") -> dict:
    dns1123_subdomain(name, "node name")
    quantity(cpu, "cpu")
    quantity(memory, "memory")
    if runtime not in CONTAINER_RUNTIMES:
        raise InvalidValueError(f"container runtime {runtime!r}: must be one of {', '.join(CONTAINER_RUNTIMES)}")
    node_labels = {"kubernetes.io/arch": "amd64", HOSTNAME_LABEL: name, "kubernetes.io/os": "linux"}
    if zone:
        node_labels[ZONE_LABEL] = zone
    node_labels.update(labels or {})
    resources = {"cpu": str(cpu), "memory": str(memory), "pods": str(pods)}
    raw = {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": node_labels},
        "spec": {},
        "status": {
            "capacity": dict(resources), "allocatable": dict(resources),
            "nodeInfo": {
                "architecture": "amd64", "operatingSystem": "linux", "osImage": "Debian GNU/Linux 13 (trixie)",
                "kernelVersion": "6.12.0", "containerRuntimeVersion": CONTAINER_RUNTIMES[runtime],
                "kubeletVersion": KUBERNETES_VERSION, "kubeProxyVersion": KUBERNETES_VERSION,
                "machineID": "", "systemUUID": "", "bootID": "",
            },
        },
    }
    if internal_ip:
        raw["status"]["addresses"] = [{"type": "InternalIP", "address": internal_ip},
                                      {"type": "Hostname", "address": name}]
    if taints:
        raw["spec"]["taints"] = taints
    return raw


def worker_node(name: str, cpu="4", memory="16Gi", pods: int = 110, zone: str = "", runtime: str = "containerd",
                labels: dict | None = None, taints: list | None = None, internal_ip: str = "") -> Node:
    """A worker Node with kubelet, kube-proxy and the given container runtime."""
    return Node(_node(name, cpu, memory, pods, zone, runtime, labels, list(taints or ()), internal_ip))


def control_plane_node(name: str, cpu="2", memory="8Gi", zone: str = "", runtime: str = "containerd",
                       internal_ip: str = "", etcd: bool = True) -> list:
    """A kubeadm control-plane member: the Node (labelled and tainted) followed by its static Pods.

    The static pods are ``etcd-<node>`` (unless ``etcd`` is False, for an external etcd),
    ``kube-apiserver-<node>``, ``kube-controller-manager-<node>`` and ``kube-scheduler-<node>`` in
    kube-system, owned by the Node as mirror pods are.
    """
    node = Node(_node(name, cpu, memory, 110, zone, runtime, {CONTROL_PLANE_LABEL: ""},
                      [{"key": CONTROL_PLANE_LABEL, "effect": "NoSchedule"}], internal_ip))
    out = [node]
    for component in CONTROL_PLANE_COMPONENTS:
        if component == "etcd" and not etcd:
            continue
        out.append(static_pod(component, name))
    return out


def static_pod(component: str, node_name: str) -> Pod:
    """The mirror Pod of one control-plane component on ``node_name``."""
    if component not in CONTROL_PLANE_COMPONENTS:
        raise InvalidValueError(f"component {component!r}: must be one of {', '.join(CONTROL_PLANE_COMPONENTS)}")
    container = {"name": component, "image": _COMPONENT_IMAGES[component], "command": [component],
                 "resources": {"requests": dict(_COMPONENT_REQUESTS[component])}}
    return Pod({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": f"{component}-{node_name}", "namespace": "kube-system",
            "labels": {"component": component, "tier": "control-plane"},
            "annotations": {"kubernetes.io/config.source": "file"},
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node_name, "controller": True,
                                 "uid": stable_uid("Node", node_name)}],
        },
        "spec": {"nodeName": node_name, "hostNetwork": True, "priorityClassName": "system-node-critical",
                 "priority": 2000001000, "containers": [container],
                 "tolerations": [{"operator": "Exists", "effect": "NoExecute"}]},
    })


def namespace(name: str, labels: dict | None = None) -> Namespace:
    dns1123_label(name, "namespace")
    meta = {"name": name, "labels": {"kubernetes.io/metadata.name": name, **(labels or {})}}
    return Namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": meta})


def _container(name: str, image: str, port: int | None, cpu, memory, port_name: str = "") -> dict:
    container = {"name": name, "image": image}
    if port:
        port_number(port, "containerPort")
        container["ports"] = [{"containerPort": port, **({"name": port_name} if port_name else {})}]
    requests = {}
    if cpu:
        quantity(cpu, "cpu")
        requests["cpu"] = str(cpu)
    if memory:
        quantity(memory, "memory")
        requests["memory"] = str(memory)
    if requests:
        container["resources"] = {"requests": requests}
    return container


def deployment(name: str, namespace: str = "default", image: str = "nginx:1.27", replicas: int = 1,
               labels: dict | None = None, port: int | None = 80, cpu="100m", memory="128Mi",
               port_name: str = "") -> Deployment:
    """A Deployment whose selector is ``app: <name>`` (or ``labels``)."""
    dns1123_subdomain(name, "deployment name")
    dns1123_label(namespace, "namespace")
    if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0:
        raise InvalidValueError(f"replicas {replicas!r}: must be an integer >= 0")
    labels = dict(labels or {"app": name})
    return Deployment({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": dict(labels)},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)},
                         "spec": {"containers": [_container(name.split(".")[0], image, port, cpu, memory,
                                                            port_name)]}},
        },
    })


def pod(name: str, namespace: str = "default", image: str = "nginx:1.27", labels: dict | None = None,
        node_name: str = "", port: int | None = 80, cpu="100m", memory="128Mi") -> Pod:
    """A standalone Pod; ``node_name`` pins it to a node (bypassing the scheduler, as in Kubernetes)."""
    dns1123_subdomain(name, "pod name")
    dns1123_label(namespace, "namespace")
    spec = {"containers": [_container(name.split(".")[0], image, port, cpu, memory)]}
    if node_name:
        spec["nodeName"] = node_name
    return Pod({"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": name, "namespace": namespace, "labels": dict(labels or {"app": name})},
                "spec": spec})


def service(name: str, namespace: str = "default", selector: dict | None = None, port: int = 80,
            target_port=None, type: str = "ClusterIP", port_name: str = "", node_port: int | None = None,
            headless: bool = False) -> Service:
    """A Service of ``type`` ClusterIP, NodePort or LoadBalancer (``headless`` sets clusterIP None)."""
    dns1123_label(name, "service name")
    dns1123_label(namespace, "namespace")
    if type not in ("ClusterIP", "NodePort", "LoadBalancer"):
        raise InvalidValueError(f"service type {type!r}: must be ClusterIP, NodePort or LoadBalancer")
    port_number(port)
    entry = {"port": port, "targetPort": target_port if target_port is not None else port, "protocol": "TCP"}
    if port_name:
        entry = {"name": port_name, **entry}
    if node_port:
        entry["nodePort"] = node_port
    spec = {"type": type, "selector": dict(selector if selector is not None else {"app": name}), "ports": [entry]}
    if headless:
        spec["clusterIP"] = "None"
    return Service({"apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": name, "namespace": namespace}, "spec": spec})


def ingress_class(controller_key: str = "nginx", default: bool = False) -> IngressClass:
    """The IngressClass for a catalogue controller (``nginx``, ``traefik``, ``haproxy``, ``envoy``)."""
    c = _controller(controller_key)
    meta = {"name": c.class_name, "labels": {"app.kubernetes.io/name": c.app_name}}
    if default:
        meta["annotations"] = {IngressClass.DEFAULT_ANNOTATION: "true"}
    return IngressClass({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": meta,
                         "spec": {"controller": c.controller}})


def ingress_controller_stack(controller_key: str = "nginx", replicas: int = 1,
                             service_type: str = "LoadBalancer", default: bool = True) -> list:
    """What installing a controller creates: its Namespace, IngressClass, controller Deployment and the
    Service in front of it (ports 80 and 443), as the controller's own install manifests do."""
    c = _controller(controller_key)
    labels = {"app.kubernetes.io/name": c.app_name, "app.kubernetes.io/component": "controller"}
    dep = deployment(f"{c.app_name}-controller", c.namespace, c.image, replicas, labels, 80, "100m", "90Mi", "http")

    def add_https(raw):
        raw["spec"]["template"]["spec"]["containers"][0]["ports"].append({"containerPort": 443, "name": "https"})
    dep = dep.edited(add_https)
    svc = Service({"apiVersion": "v1", "kind": "Service",
                   "metadata": {"name": f"{c.app_name}-controller", "namespace": c.namespace, "labels": dict(labels)},
                   "spec": {"type": service_type, "selector": dict(labels),
                            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"},
                                      {"name": "https", "port": 443, "targetPort": "https", "protocol": "TCP"}]}})
    return [namespace(c.namespace), ingress_class(controller_key, default), dep, svc]


def ingress(name: str, namespace: str = "default", class_name: str = "nginx", rules: list | None = None,
            default_backend: tuple | None = None) -> Ingress:
    """An Ingress. ``rules`` is a list of (host, path, pathType, service, port) tuples."""
    dns1123_subdomain(name, "ingress name")
    by_host: dict = {}
    for host, path, path_type, svc, port in rules or ():
        backend = {"service": {"name": svc, "port": {"number": port} if isinstance(port, int) else {"name": port}}}
        by_host.setdefault(host, []).append({"path": path, "pathType": path_type, "backend": backend})
    spec: dict = {}
    if class_name:
        spec["ingressClassName"] = class_name
    if default_backend:
        svc, port = default_backend
        spec["defaultBackend"] = {"service": {"name": svc, "port": {"number": port}}}
    if by_host:
        spec["rules"] = [({"host": h} if h else {}) | {"http": {"paths": paths}} for h, paths in by_host.items()]
    return Ingress({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                    "metadata": {"name": name, "namespace": namespace}, "spec": spec})


def network_policy(name: str, namespace: str = "default", pod_selector: dict | None = None,
                   policy_types: tuple = ("Ingress",), ingress: list | None = None,
                   egress: list | None = None) -> NetworkPolicy:
    """A NetworkPolicy; ``pod_selector`` is a matchLabels map ({} selects every pod in the namespace)."""
    dns1123_subdomain(name, "network policy name")
    spec = {"podSelector": {"matchLabels": dict(pod_selector)} if pod_selector else {},
            "policyTypes": list(policy_types)}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    return NetworkPolicy({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                          "metadata": {"name": name, "namespace": namespace}, "spec": spec})


def _controller(key: str) -> IngressController:
    try:
        return INGRESS_CONTROLLERS[key]
    except KeyError:
        raise InvalidValueError(f"ingress controller {key!r}: must be one of {', '.join(INGRESS_CONTROLLERS)}") from None
