"""Checks that must hold in every simulated state; each returns a list of violations (empty when fine).

- no node is over its allocatable (cpu, memory, pods) counting the pods bound to it that still run;
- no IP is held by two live pods (host-network pods share their node's IP and are not counted);
- each managed EndpointSlice's ready addresses equal the IPs of the ready, matching, not terminating pods;
- every bound pod's node exists.
"""

from __future__ import annotations

from collections import Counter

from explorer.model.selectors import matches_labels


def _live(pod) -> bool:
    return pod.phase not in ("Succeeded", "Failed")


def nodes_within_allocatable(cluster) -> list:
    nodes = {n.name: n for n in cluster.nodes()}
    used: dict = {}
    for p in cluster.pods():
        if p.node_name in nodes and _live(p):
            cpu, mem, count = used.get(p.node_name, (0, 0, 0))
            r = p.requests
            used[p.node_name] = (cpu + r.cpu, mem + r.memory, count + 1)
    out = []
    for name, (cpu, mem, count) in sorted(used.items()):
        alloc = nodes[name].allocatable
        if cpu > alloc["cpu"] or mem > alloc["memory"] or count > alloc["pods"]:
            out.append(f"node {name} over allocatable: cpu {cpu}m/{alloc['cpu']}m, memory {mem}/{alloc['memory']}, "
                       f"pods {count}/{alloc['pods']}")
    return out


def unique_pod_ips(cluster) -> list:
    ips = Counter(p.pod_ip for p in cluster.pods() if p.pod_ip and _live(p) and not p.spec.get("hostNetwork"))
    return [f"IP {ip} held by {n} pods" for ip, n in sorted(ips.items()) if n > 1]


def endpoints_match_ready_pods(cluster) -> list:
    slices: dict = {}
    for s in cluster.objects("EndpointSlice"):
        slices.setdefault((s.namespace, s.service_name), set()).update(e.address for e in s.endpoints if e.ready)
    out = []
    for svc in cluster.objects("Service"):
        if not svc.selector:
            continue
        want = {p.pod_ip for p in cluster.pods(svc.namespace)
                if p.pod_ip and p.ready and _live(p) and not p.metadata.get("deletionTimestamp")
                and matches_labels(svc.selector, p.labels)}
        have = slices.get((svc.namespace, svc.name), set())
        if want != have:
            out.append(f"service {svc.namespace}/{svc.name}: endpoints {sorted(have)} != ready pods {sorted(want)}")
    return out


def bound_pods_have_nodes(cluster) -> list:
    nodes = {n.name for n in cluster.nodes()}
    return [f"pod {p.namespace}/{p.name} bound to missing node {p.node_name}" for p in cluster.pods()
            if p.node_name and p.node_name not in nodes]


def check_all(cluster) -> list:
    return (nodes_within_allocatable(cluster) + unique_pod_ips(cluster) + endpoints_match_ready_pods(cluster)
            + bound_pods_have_nodes(cluster))
