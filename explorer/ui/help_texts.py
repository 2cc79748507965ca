"""Built-in explanations of each component the explorer draws, for tooltips and the help panel.

``KEYS`` lists the topics in reading order. ``title(key)`` and ``explanation(key)`` return the text in the
current interface language (see :mod:`explorer.ui.i18n`); the English source strings are marked with
``QT_TRANSLATE_NOOP("Help", ...)`` so ``pyside6-lupdate`` puts them in the catalogue. Both raise KeyError for an
unknown key. Keys match the palette's icon names where there is one (``resources/icons/<key>.svg``).

``key_for(kind, ...)`` maps a Kubernetes object (kind, Service type, Ingress controller) to its topic, so the
inspector can show the explanation of whatever is selected.

The texts follow /work/shared/REFERENCE.md (Kubernetes 1.34 behaviour, kubeadm conventions). Kubernetes kinds
and component names (Pod, Deployment, kubelet, etcd...) stay in English in every language, as the Spanish
Kubernetes documentation does.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Help"

# key -> (title, explanation), English source text.
_TEXTS: dict[str, tuple[str, str]] = {
    "control-plane": (
        QT_TRANSLATE_NOOP("Help", "Control plane"),
        QT_TRANSLATE_NOOP("Help",
            "The control plane is the brain of the cluster: the API server, etcd, the scheduler and the "
            "controller manager. It stores the desired state and keeps working until the real state matches it. "
            "With kubeadm it runs as static pods on control-plane nodes, which carry a NoSchedule taint so "
            "ordinary workloads go to the worker nodes.")),
    "api-server": (
        QT_TRANSLATE_NOOP("Help", "API server"),
        QT_TRANSLATE_NOOP("Help",
            "kube-apiserver is the front door of the cluster: kubectl, the scheduler, the controllers and every "
            "kubelet read and write objects only through its REST API. It validates each request and is the only "
            "component that talks to etcd. If no API server is reachable, nothing can be changed, but pods that "
            "are already running keep running.")),
    "controller-manager": (
        QT_TRANSLATE_NOOP("Help", "Controller manager"),
        QT_TRANSLATE_NOOP("Help",
            "kube-controller-manager runs the control loops that turn desired state into real state: the "
            "Deployment controller creates ReplicaSets, the ReplicaSet controller creates and deletes pods, the "
            "node controller notices silent nodes and evicts their pods, and the EndpointSlice controller keeps "
            "Service endpoints up to date. With several control-plane members only one instance, the elected "
            "leader, is active.")),
    "scheduler": (
        QT_TRANSLATE_NOOP("Help", "Scheduler"),
        QT_TRANSLATE_NOOP("Help",
            "kube-scheduler chooses a node for every pod that has none. First it filters out nodes that cannot "
            "run the pod (not enough CPU or memory, a taint the pod does not tolerate, a node selector that does "
            "not match), then it scores the rest and binds the pod to the best one. When no node fits, the pod "
            "stays Pending with a FailedScheduling event that says why.")),
    "etcd": (
        QT_TRANSLATE_NOOP("Help", "etcd"),
        QT_TRANSLATE_NOOP("Help",
            "etcd is the consistent key-value store that holds every object of the cluster; only the API server "
            "talks to it. Its members replicate each write with the Raft protocol, and a write succeeds only "
            "when a majority (a quorum) of members agrees. Losing etcd's data means losing the cluster's "
            "state.")),
    "etcd-snapshot": (
        QT_TRANSLATE_NOOP("Help", "etcd snapshots"),
        QT_TRANSLATE_NOOP("Help",
            "A snapshot is a point-in-time copy of etcd's whole database (etcdctl snapshot save). It is the "
            "backup of the cluster: restoring it brings back every object as it was at that moment, and "
            "anything created later is gone. In the explorer a snapshot saves the whole simulated state so you "
            "can return to it.")),
    "ha-quorum": (
        QT_TRANSLATE_NOOP("Help", "High availability and quorum"),
        QT_TRANSLATE_NOOP("Help",
            "A highly available control plane runs several members, usually 3 or 5. etcd needs a quorum of "
            "floor(n/2)+1 members, so 3 members survive the loss of 1 and 5 survive the loss of 2, while 2 "
            "members survive none. Without quorum nothing can be written: no scheduling and no reconciliation, "
            "although running pods keep running. The scheduler and controller manager each elect one active "
            "leader among the members.")),
    "virtual-network": (
        QT_TRANSLATE_NOOP("Help", "Virtual network"),
        QT_TRANSLATE_NOOP("Help",
            "The cluster network, set up by the CNI plugin, gives every pod its own IP address from its node's "
            "slice of the pod CIDR (10.244.0.0/16 with a /24 per node by default). Every pod can reach every "
            "other pod directly, on any node, without NAT, unless a NetworkPolicy forbids it. Service ClusterIPs "
            "come from a separate range (10.96.0.0/12 by default).")),
    "worker-node": (
        QT_TRANSLATE_NOOP("Help", "Worker node"),
        QT_TRANSLATE_NOOP("Help",
            "A worker node is a machine, physical or virtual, that runs your pods. Each one runs a kubelet, "
            "kube-proxy and a container runtime, and offers allocatable CPU, memory and pod slots (110 by "
            "default) to the scheduler. A node that stops reporting becomes NotReady, and after about five "
            "minutes its pods are evicted and recreated elsewhere.")),
    "kubelet": (
        QT_TRANSLATE_NOOP("Help", "kubelet"),
        QT_TRANSLATE_NOOP("Help",
            "The kubelet is the node agent. It watches the API server for pods bound to its node, asks the "
            "container runtime to start their containers, runs their probes and reports their status. It also "
            "posts the node's status every 10 seconds; when those reports stop, the node controller marks the "
            "node Ready=Unknown.")),
    "kube-proxy": (
        QT_TRANSLATE_NOOP("Help", "kube-proxy"),
        QT_TRANSLATE_NOOP("Help",
            "kube-proxy runs on every node and turns Services into packet-forwarding rules. In iptables mode "
            "each new connection to a Service picks one ready endpoint at random; in IPVS mode the default is "
            "round robin. It is what makes a ClusterIP or NodePort reach a pod, whichever node the pod is on.")),
    "container-runtime": (
        QT_TRANSLATE_NOOP("Help", "Container runtime"),
        QT_TRANSLATE_NOOP("Help",
            "The container runtime (containerd or CRI-O) pulls images and runs containers when the kubelet asks "
            "it to, through the Container Runtime Interface (CRI). Kubernetes itself never runs a container "
            "directly.")),
    "pod": (
        QT_TRANSLATE_NOOP("Help", "Pod"),
        QT_TRANSLATE_NOOP("Help",
            "A Pod is the smallest unit Kubernetes schedules: one or more containers that share an IP address "
            "and volumes and always run together on one node. Pods are disposable: when one dies or its node "
            "fails, its controller creates a new Pod with a new name and a new IP. That is why clients reach "
            "pods through a Service.")),
    "deployment": (
        QT_TRANSLATE_NOOP("Help", "Deployment"),
        QT_TRANSLATE_NOOP("Help",
            "A Deployment declares how many replicas of a pod template should run and how to update them. It "
            "manages ReplicaSets: changing the template starts a rolling update that creates a new ReplicaSet and "
            "scales the old one down, by default at most 25% above and 25% below the desired count at a time.")),
    "replicaset": (
        QT_TRANSLATE_NOOP("Help", "ReplicaSet"),
        QT_TRANSLATE_NOOP("Help",
            "A ReplicaSet keeps a fixed number of identical pods running: it creates pods when there are too few "
            "and deletes pods when there are too many. You rarely create one yourself; each Deployment revision "
            "owns one.")),
    "service": (
        QT_TRANSLATE_NOOP("Help", "Service"),
        QT_TRANSLATE_NOOP("Help",
            "A Service gives a changing set of pods, chosen by a label selector, one stable name and address. "
            "Its endpoints (EndpointSlices) list the ready pods that match the selector in its namespace, and "
            "kube-proxy spreads connections over them. Inside the cluster it is reachable at "
            "<service>.<namespace>.svc.cluster.local.")),
    "service-clusterip": (
        QT_TRANSLATE_NOOP("Help", "Service: ClusterIP (internal)"),
        QT_TRANSLATE_NOOP("Help",
            "ClusterIP, the default Service type, gets a virtual IP that only works inside the cluster. Use it "
            "for internal traffic, such as an API calling its database; nothing outside the cluster can reach "
            "it.")),
    "service-nodeport": (
        QT_TRANSLATE_NOOP("Help", "Service: NodePort (external)"),
        QT_TRANSLATE_NOOP("Help",
            "A NodePort Service is a ClusterIP Service plus one port (30000-32767 by default) opened on every "
            "node. Traffic to any node's IP at that port reaches the Service's pods, even on other nodes; with "
            "externalTrafficPolicy Local only pods on the receiving node answer and the client's IP is kept.")),
    "service-loadbalancer": (
        QT_TRANSLATE_NOOP("Help", "Service: LoadBalancer (external)"),
        QT_TRANSLATE_NOOP("Help",
            "A LoadBalancer Service is a NodePort Service plus an external address provided by the cloud or by "
            "a load-balancer add-on. Clients outside the cluster connect to that address and the load balancer "
            "forwards them to the nodes.")),
    "service-headless": (
        QT_TRANSLATE_NOOP("Help", "Service: headless"),
        QT_TRANSLATE_NOOP("Help",
            "A headless Service (clusterIP: None) has no virtual IP and no load balancing by kube-proxy: the "
            "cluster DNS answers with the IPs of the ready pods themselves. StatefulSets use it so that each pod "
            "gets its own stable DNS name.")),
    "endpointslice": (
        QT_TRANSLATE_NOOP("Help", "EndpointSlice"),
        QT_TRANSLATE_NOOP("Help",
            "An EndpointSlice lists the addresses of a Service's pods and whether each one is ready. The "
            "EndpointSlice controller keeps it current as pods come and go, and kube-proxy programs its rules "
            "from it. A Service with no ready endpoints cannot answer.")),
    "ingress": (
        QT_TRANSLATE_NOOP("Help", "Ingress"),
        QT_TRANSLATE_NOOP("Help",
            "An Ingress describes HTTP routing from outside the cluster to Services: by host name (exact, or a "
            "wildcard such as *.example.com) and by path (Exact or Prefix; the longest matching path wins). An "
            "Ingress does nothing by itself: an Ingress controller reads it and does the routing. A request that "
            "matches no rule goes to the default backend, or gets a 404 from the controller.")),
    "ingressclass": (
        QT_TRANSLATE_NOOP("Help", "IngressClass"),
        QT_TRANSLATE_NOOP("Help",
            "An IngressClass names the controller that serves an Ingress (spec.controller, for example "
            "k8s.io/ingress-nginx). An Ingress chooses one with ingressClassName; without it, the class "
            "annotated as the default is used.")),
    "ingress-nginx": (
        QT_TRANSLATE_NOOP("Help", "Ingress controller: NGINX"),
        QT_TRANSLATE_NOOP("Help",
            "ingress-nginx is the Ingress controller maintained by the Kubernetes project. It runs NGINX as a "
            "reverse proxy in its own pods behind a LoadBalancer or NodePort Service, and rewrites the NGINX "
            "configuration whenever Ingresses, Services or endpoints change. Its IngressClass controller is "
            "k8s.io/ingress-nginx.")),
    "ingress-traefik": (
        QT_TRANSLATE_NOOP("Help", "Ingress controller: Traefik"),
        QT_TRANSLATE_NOOP("Help",
            "Traefik is a cloud-native reverse proxy that reads Ingress objects (and its own IngressRoute "
            "resources) and updates its routes on the fly, without reloading. It is the default Ingress "
            "controller of k3s.")),
    "ingress-haproxy": (
        QT_TRANSLATE_NOOP("Help", "Ingress controller: HAProxy"),
        QT_TRANSLATE_NOOP("Help",
            "The HAProxy Ingress controller routes traffic with HAProxy, a load balancer known for its "
            "performance and detailed connection controls. It turns Ingress rules into HAProxy frontends and "
            "backends that point straight at the pods.")),
    "ingress-envoy": (
        QT_TRANSLATE_NOOP("Help", "Ingress controller: Envoy (Contour)"),
        QT_TRANSLATE_NOOP("Help",
            "Contour is an Ingress controller that uses Envoy as its data plane: Contour watches Ingresses and "
            "sends the resulting routes to the Envoy proxies over Envoy's xDS API, so routes change without "
            "restarts. It also offers its own HTTPProxy resource.")),
    "networkpolicy": (
        QT_TRANSLATE_NOOP("Help", "NetworkPolicy"),
        QT_TRANSLATE_NOOP("Help",
            "A NetworkPolicy is a firewall for pods. Once any policy selects a pod for Ingress (or Egress), only "
            "the traffic that some rule allows gets in (or out); pods no policy selects accept everything. A "
            "connection needs both the source's egress and the destination's ingress to allow it. The CNI "
            "plugin enforces policies; the API server only stores them.")),
    "namespace": (
        QT_TRANSLATE_NOOP("Help", "Namespace"),
        QT_TRANSLATE_NOOP("Help",
            "A Namespace groups objects and scopes their names: two teams can each have a Service called api in "
            "their own namespace. Quotas, access rights and NetworkPolicies are usually set per namespace. "
            "Nodes and IngressClasses belong to no namespace.")),
    "external-client": (
        QT_TRANSLATE_NOOP("Help", "External client"),
        QT_TRANSLATE_NOOP("Help",
            "An external client stands for users or systems outside the cluster, such as a browser on the "
            "internet. It can reach only what is exposed: a NodePort or LoadBalancer Service, or an Ingress "
            "controller in front of internal Services. ClusterIP Services and pod IPs are out of its reach.")),
}

KEYS: tuple[str, ...] = tuple(_TEXTS)

_SERVICE_KEYS = {"ClusterIP": "service-clusterip", "NodePort": "service-nodeport",
                 "LoadBalancer": "service-loadbalancer"}
_KIND_KEYS = {"Pod": "pod", "Deployment": "deployment", "ReplicaSet": "replicaset", "Ingress": "ingress",
              "IngressClass": "ingressclass", "NetworkPolicy": "networkpolicy", "Namespace": "namespace",
              "EndpointSlice": "endpointslice", "Node": "worker-node"}
_CONTROLLER_KEYS = {"nginx": "ingress-nginx", "traefik": "ingress-traefik", "haproxy": "ingress-haproxy",
                    "envoy": "ingress-envoy", "contour": "ingress-envoy"}


def title(key: str) -> str:
    """The topic's title in the current interface language. Raises KeyError for an unknown key."""
    return QCoreApplication.translate(CONTEXT, _TEXTS[key][0])


def explanation(key: str) -> str:
    """The topic's 2-4 sentence explanation in the current interface language. Raises KeyError for an unknown
    key."""
    return QCoreApplication.translate(CONTEXT, _TEXTS[key][1])


def source_text(key: str) -> tuple[str, str]:
    """The English ``(title, explanation)`` as written in this module (the translation source)."""
    return _TEXTS[key]


def tooltip(key: str) -> str:
    """Rich-text tooltip: the title in bold, then the explanation (both translated, HTML-escaped)."""
    from html import escape
    return f"<p><b>{escape(title(key))}</b></p><p>{escape(explanation(key))}</p>"


def key_for(kind: str, service_type: str | None = None, cluster_ip: str | None = None,
            controller: str | None = None, control_plane: bool = False) -> str | None:
    """The help topic for a Kubernetes object: ``kind`` plus, for a Service, ``service_type`` and
    ``cluster_ip`` ("None" = headless); for an ingress controller, the catalogue key (``nginx``, ``traefik``,
    ``haproxy``, ``envoy``); for a Node, ``control_plane``. None when there is no topic for it."""
    if controller:
        return _CONTROLLER_KEYS.get(controller.lower())
    if kind == "Service":
        if cluster_ip == "None":
            return "service-headless"
        return _SERVICE_KEYS.get(service_type or "ClusterIP", "service")
    if kind == "Node" and control_plane:
        return "control-plane"
    return _KIND_KEYS.get(kind)
