"""The simulator's invariants, checked independently of explorer.sim (a second opinion on its own checks).

Each function takes a simulated state (``Simulator.cluster()``) and returns violations as sentences.
"""

from __future__ import annotations

from collections import Counter

from explorer.model.selectors import matches_labels

DONE = ("Succeeded", "Failed")


def over_allocatable(state) -> list[str]:
    """No node runs pods whose requests exceed its allocatable cpu, memory or pod count."""
    out = []
    for node in state.nodes():
        pods = [p for p in state.pods() if p.node_name == node.name and p.phase not in DONE]
        cpu = sum(p.requests.cpu for p in pods)
        memory = sum(p.requests.memory for p in pods)
        alloc = node.allocatable
        if cpu > alloc["cpu"] or memory > alloc["memory"] or len(pods) > alloc["pods"]:
            out.append(f"node {node.name} over allocatable: cpu {cpu}/{alloc['cpu']}, memory {memory}/"
                       f"{alloc['memory']}, pods {len(pods)}/{alloc['pods']}")
    return out


def duplicate_pod_ips(state) -> list[str]:
    """No two live pods (outside the host network) hold the same IP."""
    ips = Counter(p.pod_ip for p in state.pods()
                  if p.pod_ip and p.phase not in DONE and not p.spec.get("hostNetwork"))
    return [f"pod IP {ip} held by {n} live pods" for ip, n in sorted(ips.items()) if n > 1]


def endpoints_not_ready_pods(state) -> list[str]:
    """Each Service with a selector: ready endpoint addresses == IPs of ready, live, matching pods."""
    out = []
    for svc in state.objects("Service"):
        if not svc.selector:
            continue
        ready = {e.address for s in state.objects("EndpointSlice", svc.namespace)
                 if s.labels.get("kubernetes.io/service-name") == svc.name for e in s.endpoints if e.ready}
        pods = {p.pod_ip for p in state.pods(svc.namespace)
                if p.pod_ip and p.ready and p.phase not in DONE and not p.metadata.get("deletionTimestamp")
                and matches_labels(svc.selector, p.labels)}
        if ready != pods:
            out.append(f"service {svc.namespace}/{svc.name}: ready endpoints {sorted(ready)} != ready pods "
                       f"{sorted(pods)}")
    return out


def pods_on_missing_nodes(state) -> list[str]:
    """Every bound pod's node exists."""
    nodes = {n.name for n in state.nodes()}
    return [f"pod {p.namespace}/{p.name} bound to missing node {p.node_name}" for p in state.pods()
            if p.node_name and p.node_name not in nodes]


def violations(state, reactive: bool = True) -> list[str]:
    """All violations; ``reactive=False`` leaves out the two that controllers restore after a change
    (endpoints, pods on missing nodes), for a moment the controllers have not processed yet."""
    return (over_allocatable(state) + duplicate_pod_ips(state)
            + (endpoints_not_ready_pods(state) + pods_on_missing_nodes(state) if reactive else []))
