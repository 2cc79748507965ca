"""A seeded synthetic workload for the scheduler: zoned nodes of a few flavors (some tainted, some labelled),
Deployments' ReplicaSets with Services, and their pending pods in creation order.

Used by the fast-vs-reference tests and by ``benchmarks/scheduling.py``.
"""

from __future__ import annotations

import random

from explorer.model.objects import Node, Pod, ReplicaSet, Service

FLAVORS = (("4", "16Gi", "general"), ("8", "32Gi", "general"), ("16", "64Gi", "general"), ("8", "64Gi", "highmem"))
CPU = ("50m", "100m", "250m", "500m")
MEMORY = ("64Mi", "128Mi", "256Mi", "512Mi")


def make_nodes(count: int, seed: int = 0, zones: int = 3) -> list:
    rng = random.Random(seed)
    nodes = []
    for i in range(count):
        cpu, mem, pool = FLAVORS[rng.randrange(len(FLAVORS))]
        name = f"node-{i:05d}"
        labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                  "topology.kubernetes.io/zone": f"zone-{'abcdefgh'[i % zones]}", "pool": pool}
        spec = {}
        roll = rng.random()
        if roll < 0.04:
            labels["pool"] = "gpu"
            spec["taints"] = [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]
        elif roll < 0.10:
            spec["taints"] = [{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}]
        if rng.random() < 0.3:
            labels["disk"] = "ssd"
        res = {"cpu": cpu, "memory": mem, "pods": "110"}
        nodes.append(Node({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels},
                           "spec": spec, "status": {"capacity": dict(res), "allocatable": dict(res)}}))
    return nodes


def make_workload(deployments: int, pods: int, seed: int = 0, namespaces: int = 10):
    """(services, replica_sets, pods): ``pods`` pending pods spread over ``deployments`` ReplicaSets, in the
    order a ReplicaSet controller creates them (one ReplicaSet after another)."""
    rng = random.Random(seed + 1)
    services, replica_sets, out = [], [], []
    per = [pods // deployments + (1 if i < pods % deployments else 0) for i in range(deployments)]
    for d in range(deployments):
        ns = f"team-{d % namespaces}"
        app = f"app-{d:04d}"
        h = f"{rng.getrandbits(32):08x}"[:10]
        rs_name = f"{app}-{h}"
        labels = {"app": app, "pod-template-hash": h}
        services.append(Service({"apiVersion": "v1", "kind": "Service", "metadata": {"name": app, "namespace": ns},
                                 "spec": {"selector": {"app": app}, "ports": [{"port": 80}]}}))
        rs = ReplicaSet({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                         "metadata": {"name": rs_name, "namespace": ns, "uid": f"uid-{d}"},
                         "spec": {"replicas": per[d], "selector": {"matchLabels": dict(labels)}}})
        replica_sets.append(rs)
        container = {"name": "main", "image": f"registry.example/{app}:1"}
        roll = rng.random()
        if roll > 0.05:
            container["resources"] = {"requests": {"cpu": rng.choice(CPU), "memory": rng.choice(MEMORY)}}
        spec = {"containers": [container]}
        kind = rng.random()
        if kind < 0.04:
            spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]
            spec["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["gpu"]}]}]}}}
        elif kind < 0.14:
            spec["nodeSelector"] = {"pool": "highmem"}
        elif kind < 0.34:
            spec["affinity"] = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 50, "preference": {"matchExpressions": [{"key": "disk", "operator": "In",
                                                                    "values": ["ssd"]}]}}]}}
        elif kind < 0.40:
            spec["tolerations"] = [{"key": "spot", "operator": "Exists"}]
        owner = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name, "uid": f"uid-{d}",
                  "controller": True}]
        for i in range(per[d]):
            out.append(Pod({"apiVersion": "v1", "kind": "Pod",
                            "metadata": {"name": f"{rs_name}-{i:05d}", "namespace": ns, "labels": dict(labels),
                                         "ownerReferences": owner},
                            "spec": spec}))
    return services, replica_sets, out


def bound(pod: Pod, node: str) -> Pod:
    """The pod as the binding leaves it (``spec.nodeName`` set), built without a deep copy."""
    raw = dict(pod.raw)
    raw["spec"] = dict(raw["spec"], nodeName=node)
    return Pod(raw)


def run(scheduler, nodes, services, replica_sets, pods) -> list:
    """Feed the scheduler, then schedule and bind every pod in order; the placements (node or None)."""
    for n in nodes:
        scheduler.add_node(n)
    for obj in list(services) + list(replica_sets):
        scheduler.add_object(obj)
    placements = []
    for pod in pods:
        result = scheduler.schedule(pod)
        placements.append(result.selected)
        if result.selected:
            scheduler.add_pod(bound(pod, result.selected))
    return placements
