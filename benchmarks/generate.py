"""Seeded synthetic topologies for the benchmarks (issue 6): 50, 500 and 5,000 nodes.

``generate(nodes, seed)`` returns a :class:`~explorer.model.Cluster` built with :mod:`explorer.model.builders`:

* 3 kubeadm control-plane members (with their static pods) and ``nodes - 3`` workers in three zones
  (``topology.kubernetes.io/zone`` zone-a/b/c); half the workers carry ``disktype: ssd``; every 50th worker is a
  GPU node (``accelerator: nvidia`` label, ``nvidia.com/gpu=present:NoSchedule`` taint); every 25th carries
  ``dedicated=batch:PreferNoSchedule``;
* 50 namespaces (``team`` label), 1,000 Deployments (every 5th requires ``disktype In [ssd]``, every 7th
  prefers a zone, every 50th tolerates the GPU taint and requires a GPU node), each with its ReplicaSet and a
  ClusterIP Service; the NGINX Ingress controller stack; 100 Ingresses of 10 hosts; 3 NetworkPolicies per
  namespace (default deny, from frontends, from the ingress controller's namespace);
* ``pods_per_node`` (30) x ``nodes`` pods (150,000 at 5,000 nodes) spread over the Deployments, already bound
  to a node that fits them (``spec.nodeName``) and running: ``status.phase``, ``podIP`` from the node's
  ``spec.podCIDR``, ``hostIP``, the Ready condition. So the file is what ``kubectl get -o yaml`` of a busy
  cluster looks like.

The pod network is 10.128.0.0/9 (kubeadm's default /16 has room for only 256 node /24s).
Same ``(nodes, seed)`` -> the same objects in the same order (no clock, no uuid4). Raises ValueError for
fewer than 11 nodes (3 control-plane members, and worker-7 is the first GPU node). Bump
:data:`GENERATOR_VERSION` whenever the output changes: the harness caches generated files under that tag.
"""

from __future__ import annotations

import random

from explorer.model import Cluster, NetworkConfig, Pod, from_dict
from explorer.model import builders as b
from explorer.model.builders import stable_uid

GENERATOR_VERSION = 2
SIZES = (50, 500, 5000)
PODS_PER_NODE = 30
DEPLOYMENTS = 1000
NAMESPACES = 50
INGRESSES = 100
ZONES = ("zone-a", "zone-b", "zone-c")
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}
BATCH_TAINT = {"key": "dedicated", "value": "batch", "effect": "PreferNoSchedule"}
NETWORK = NetworkConfig(pod_cidr="10.128.0.0/9")
START = "2026-01-01T00:00:00Z"
_ALNUM = "bcdfghjklmnpqrstvwxz2456789"   # the alphabet Kubernetes uses for generated names


def _suffix(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def _node_kinds(i: int) -> tuple[bool, bool, bool]:
    """(gpu, ssd, batch) for worker ``i``."""
    return i % 50 == 7, i % 2 == 0, i % 25 == 11


def _cidr(index: int) -> str:
    """The /24 pod CIDR of node ``index`` (control-plane members 0-2, then workers)."""
    return f"10.{128 + index // 256}.{index % 256}.0/24"


def _with_cidr(node, index: int):
    cidr = _cidr(index)
    node.raw["spec"]["podCIDR"] = cidr                 # not yet in a cluster: still ours to fill in
    node.raw["spec"]["podCIDRs"] = [cidr]
    return node


def _workers(count: int) -> list:
    out = []
    for i in range(count):
        gpu, ssd, batch = _node_kinds(i)
        labels = {"disktype": "ssd" if ssd else "hdd", "node.kubernetes.io/instance-type": "m6i.8xlarge"}
        taints = []
        if gpu:
            labels["accelerator"] = "nvidia"
            taints.append(dict(GPU_TAINT))
        if batch:
            taints.append(dict(BATCH_TAINT))
        node = b.worker_node(f"worker-{i}", cpu="32", memory="128Gi", pods=110, zone=ZONES[i % 3],
                             labels=labels, taints=taints, internal_ip=f"172.20.{i // 250}.{i % 250 + 2}")
        raw = node.raw
        _with_cidr(node, i + 3)
        raw["status"]["conditions"] = [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                        "message": "kubelet is posting ready status",
                                        "lastHeartbeatTime": START, "lastTransitionTime": START}]
        out.append(node)
    return out


def _affinity(d: int) -> tuple[dict | None, list | None, str]:
    """(affinity, tolerations, node class) of Deployment ``d``: class is "gpu", "ssd" or "any"."""
    if d % 50 == 0:
        return ({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "accelerator", "operator": "In", "values": ["nvidia"]}]}]}}},
            [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}], "gpu")
    affinity: dict = {}
    kind = "any"
    if d % 5 == 0:
        affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}]}
        kind = "ssd"
    if d % 7 == 0:
        affinity["preferredDuringSchedulingIgnoredDuringExecution"] = [{"weight": 50, "preference": {
            "matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In",
                                  "values": [ZONES[d % 3]]}]}}]
    return ({"nodeAffinity": affinity} if affinity else None), None, kind


def generate(nodes: int, seed: int = 0, pods_per_node: int = PODS_PER_NODE,
             deployments: int = DEPLOYMENTS) -> Cluster:
    """The synthetic topology described in the module docstring. Raises ValueError when ``nodes`` < 8."""
    if nodes < 11:
        raise ValueError(f"nodes {nodes}: at least 11 are needed (3 control-plane members and a GPU worker)")
    rng = random.Random(seed)
    objs: list = []
    for n in range(NAMESPACES):
        objs.append(b.namespace(f"ns-{n}", {"team": f"team-{n % 10}"}))
    for m in range(3):
        member = b.control_plane_node(f"cp-{m}", zone=ZONES[m], internal_ip=f"172.19.0.{m + 2}")
        objs.extend([_with_cidr(member[0], m)] + member[1:])
    workers = _workers(nodes - 3)
    objs.extend(workers)
    objs.extend(b.ingress_controller_stack("nginx", replicas=2))

    pools = {"any": [i for i in range(len(workers)) if not _node_kinds(i)[0]],
             "ssd": [i for i in range(len(workers)) if not _node_kinds(i)[0] and _node_kinds(i)[1]],
             "gpu": [i for i in range(len(workers)) if _node_kinds(i)[0]]}
    next_host = [2] * len(workers)
    total_pods = pods_per_node * nodes
    base, extra = divmod(total_pods, deployments)
    pods: list = []
    for d in range(deployments):
        ns = f"ns-{d % NAMESPACES}"
        name = f"app-{d}"
        tier = "frontend" if d % 4 == 0 else "backend"
        replicas = base + (1 if d < extra else 0)
        labels = {"app": name, "tier": tier}
        dep = b.deployment(name, ns, image=f"registry.example.com/{name}:1.{d % 9}", replicas=replicas,
                           labels=labels, port=8080, cpu="100m", memory="128Mi", port_name="http")
        affinity, tolerations, pool_name = _affinity(d)
        dep_uid = stable_uid("Deployment", ns, name)
        template_hash = stable_uid("template", ns, name)[:10].replace("-", "b")
        rs_name = f"{name}-{template_hash}"
        rs_uid = stable_uid("ReplicaSet", ns, rs_name)
        raw = dep.raw
        raw["metadata"].update({"uid": dep_uid, "generation": 1, "creationTimestamp": START})
        tspec = raw["spec"]["template"]["spec"]
        if affinity:
            tspec["affinity"] = affinity
        if tolerations:
            tspec["tolerations"] = tolerations
        raw["status"] = {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
                         "readyReplicas": replicas, "availableReplicas": replicas}
        rs_labels = dict(labels, **{"pod-template-hash": template_hash})
        rs_template = {"metadata": {"labels": rs_labels}, "spec": tspec}
        rs = from_dict({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                        "metadata": {"name": rs_name, "namespace": ns, "labels": rs_labels, "uid": rs_uid,
                                     "creationTimestamp": START, "generation": 1,
                                     "annotations": {"deployment.kubernetes.io/revision": "1"},
                                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                                                          "name": name, "uid": dep_uid, "controller": True,
                                                          "blockOwnerDeletion": True}]},
                        "spec": {"replicas": replicas, "selector": {"matchLabels": rs_labels},
                                 "template": rs_template},
                        "status": {"replicas": replicas, "fullyLabeledReplicas": replicas,
                                   "readyReplicas": replicas, "availableReplicas": replicas,
                                   "observedGeneration": 1}})
        svc = b.service(name, ns, selector={"app": name}, port=80, target_port="http", port_name="http")
        objs.extend([dep, rs, svc])
        pool = pools[pool_name]
        start = rng.randrange(len(pool))
        owner = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name, "uid": rs_uid,
                  "controller": True, "blockOwnerDeletion": True}]
        names: set = set()
        for r in range(replicas):
            w = pool[(start + r * 7919) % len(pool)]
            host = next_host[w]
            next_host[w] = host + 1
            pod_name = f"{rs_name}-{_suffix(rng, 5)}"
            while pod_name in names:    # (drawn again on a clash only: a seed that had none makes the same file)
                pod_name = f"{rs_name}-{_suffix(rng, 5)}"
            names.add(pod_name)
            node = workers[w]
            pods.append(Pod({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": pod_name, "namespace": ns, "labels": dict(rs_labels),
                             "uid": stable_uid("Pod", ns, pod_name), "creationTimestamp": START,
                             "ownerReferences": owner},
                "spec": dict(tspec, nodeName=node.name),
                "status": {"phase": "Running", "hostIP": node.internal_ip,
                           "podIP": f"10.{128 + (w + 3) // 256}.{(w + 3) % 256}.{host}", "startTime": START,
                           "conditions": [{"type": "Ready", "status": "True"}], "qosClass": "Burstable"},
            }))
    for i in range(INGRESSES):
        nsi = (i * 7) % NAMESPACES
        frontends = [d for d in range(nsi, deployments, NAMESPACES) if d % 4 == 0] or [nsi]
        if frontends[0] >= deployments:     # a small topology: that namespace has no Deployment at all
            continue
        rules = []
        for h in range(10):
            svc_name = f"app-{frontends[h % len(frontends)]}"
            rules.append((f"h{i}-{h}.example.com", "/api", "Prefix", svc_name, 80))
            rules.append((f"h{i}-{h}.example.com", "/", "Prefix", svc_name, 80))
        objs.append(b.ingress(f"ing-{i}", f"ns-{nsi}", "nginx", rules))
    for n in range(NAMESPACES):
        ns = f"ns-{n}"
        objs.append(b.network_policy("default-deny", ns, {}, ("Ingress",)))
        objs.append(b.network_policy("from-frontends", ns, {"tier": "backend"}, ("Ingress",), ingress=[
            {"from": [{"podSelector": {"matchLabels": {"tier": "frontend"}}}], "ports": [{"port": "http"}]}]))
        objs.append(b.network_policy("from-ingress", ns, {"tier": "frontend"}, ("Ingress",), ingress=[
            {"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]}]))
    cluster = Cluster(NETWORK)
    cluster.add_many(objs + pods, validate=False)
    return cluster


def summary(cluster: Cluster) -> dict:
    """{kind: count} of the kinds the benchmarks report."""
    kinds = cluster.kinds()
    return {k: kinds.get(k, 0) for k in ("Node", "Pod", "Deployment", "ReplicaSet", "Service", "Ingress",
                                         "NetworkPolicy", "Namespace")}
