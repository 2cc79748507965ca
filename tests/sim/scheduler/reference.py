"""A plain reference scheduler: per pod, per node loops straight from the formulas in REFERENCE.md and
kube-scheduler's plugins, with no caches, no equivalence classes and no incremental state.

It covers what the synthetic workload uses: NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector,
required and preferred terms), NodeResourcesFit (LeastAllocated), NodeResourcesBalancedAllocation and
PodTopologySpread's system-default constraints, all nodes scored, ties broken with ``rng.randrange`` over the
tied nodes in node order. Pod affinity, explicit spread constraints and hostPorts are out of its scope
(it raises NotImplementedError), so InterPodAffinity and ImageLocality always score 0 here.
"""

from __future__ import annotations

import math
import random

from explorer.model.selectors import matches_label_selector, matches_labels, matches_node_selector_term

WEIGHTS = {"TaintToleration": 3, "NodeAffinity": 2, "PodTopologySpread": 2, "NodeResourcesFit": 1,
           "NodeResourcesBalancedAllocation": 1}
HOSTNAME, ZONE = "kubernetes.io/hostname", "topology.kubernetes.io/zone"


def _tolerated(tolerations, taint) -> bool:
    return any(t.tolerates(taint) for t in tolerations)


def _requests(pod):
    req = pod.requests
    return req.cpu, req.memory, pod.score_requests


def _node_affinity_ok(pod, node) -> bool:
    if not matches_labels(pod.node_selector, node.labels):
        return False
    terms = ((pod.affinity.get("nodeAffinity") or {}).get("requiredDuringSchedulingIgnoredDuringExecution")
             or {}).get("nodeSelectorTerms")
    if terms is None:
        return True
    return any(matches_node_selector_term(t, node.labels, {"metadata.name": node.name}) for t in terms)


def _preferred(pod):
    return (pod.affinity.get("nodeAffinity") or {}).get("preferredDuringSchedulingIgnoredDuringExecution") or []


def _selector(pod, services, replica_sets):
    labels, exprs = {}, []
    for svc in services:
        if svc.namespace == pod.namespace and svc.selector and matches_labels(svc.selector, pod.labels):
            labels.update(svc.selector)
    owner = pod.controller_owner
    if owner and owner.get("kind") == "ReplicaSet":
        for rs in replica_sets:
            if rs.namespace == pod.namespace and rs.name == owner.get("name"):
                sel = rs.selector
                exprs += [{"key": k, "operator": "In", "values": [v]} for k, v in (sel.get("matchLabels") or {}).items()]
                exprs += list(sel.get("matchExpressions") or [])
    if not labels and not exprs:
        return None
    return {"matchLabels": labels, "matchExpressions": exprs}


class ReferenceScheduler:
    """Feed nodes, Services and ReplicaSets, then :meth:`schedule` pods one by one (binding each)."""

    def __init__(self, nodes, services=(), replica_sets=(), seed: int = 0):
        self.nodes = list(nodes)
        self.services = list(services)
        self.replica_sets = list(replica_sets)
        self.bound = {n.name: [] for n in self.nodes}
        self.used = {n.name: [0, 0, 0, 0] for n in self.nodes}   # cpu, memory, non-zero cpu, non-zero memory
        self.rng = random.Random(seed)

    def schedule(self, pod):
        if (pod.spec.get("topologySpreadConstraints") or pod.affinity.get("podAffinity")
                or pod.affinity.get("podAntiAffinity") or pod.host_ports):
            raise NotImplementedError("outside the reference's scope")
        cpu, mem, (nz_cpu, nz_mem) = _requests(pod)
        feasible = []
        for node in self.nodes:
            pods = self.bound[node.name]
            if node.unschedulable and not any(t.tolerates(_UNSCHEDULABLE) for t in pod.tolerations):
                continue
            if any(t.effect in ("NoSchedule", "NoExecute") and not _tolerated(pod.tolerations, t) for t in node.taints):
                continue
            if not _node_affinity_ok(pod, node):
                continue
            alloc = node.allocatable
            if len(pods) + 1 > alloc["pods"]:
                continue
            used_cpu, used_mem = self.used[node.name][:2]
            if cpu and cpu > alloc["cpu"] - used_cpu:
                continue
            if mem and mem > alloc["memory"] - used_mem:
                continue
            feasible.append(node)
        if not feasible:
            return None
        totals = {n.name: 0 for n in feasible}
        # TaintToleration
        prefer = [t for t in pod.tolerations if t.effect in ("", "PreferNoSchedule")]
        raw = {n.name: sum(1 for t in n.taints if t.effect == "PreferNoSchedule" and not _tolerated(prefer, t))
               for n in feasible}
        top = max(raw.values())
        for name, r in raw.items():
            totals[name] += WEIGHTS["TaintToleration"] * (100 if top == 0 else 100 - 100 * r // top)
        # NodeAffinity
        preferred = _preferred(pod)
        if preferred:
            raw = {n.name: sum(p.get("weight", 0) for p in preferred
                               if matches_node_selector_term(p.get("preference") or {}, n.labels,
                                                             {"metadata.name": n.name}))
                   for n in feasible}
            top = max(raw.values())
            for name, r in raw.items():
                totals[name] += WEIGHTS["NodeAffinity"] * (0 if top == 0 else 100 * r // top)
        # NodeResourcesFit (LeastAllocated) and BalancedAllocation
        for n in feasible:
            alloc, used = n.allocatable, self.used[n.name]
            rc = used[2] + nz_cpu
            rm = used[3] + nz_mem
            least = lambda r, a: 0 if a == 0 or r > a else (a - r) * 100 // a  # noqa: E731
            totals[n.name] += WEIGHTS["NodeResourcesFit"] * ((least(rc, alloc["cpu"]) + least(rm, alloc["memory"])) // 2)
            if cpu or mem:
                fc = min((used[0] + cpu) / alloc["cpu"], 1.0)
                fm = min((used[1] + mem) / alloc["memory"], 1.0)
                totals[n.name] += WEIGHTS["NodeResourcesBalancedAllocation"] * int((1 - abs((fc - fm) / 2)) * 100)
        # PodTopologySpread, system defaults: hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway
        selector = _selector(pod, self.services, self.replica_sets)
        if selector is not None:
            def matching(node):
                return sum(1 for p in self.bound[node.name]
                           if p.namespace == pod.namespace and matches_label_selector(selector, p.labels))
            zones = {n.labels.get(ZONE, "") for n in feasible}
            zone_count = {z: 0 for z in zones}
            for n in self.nodes:
                z = n.labels.get(ZONE, "")
                if z in zone_count and _node_affinity_ok(pod, n):
                    zone_count[z] += matching(n)
            w_host, w_zone = math.log(len(feasible) + 2), math.log(len(zones) + 2)
            raw = {}
            for n in feasible:
                s = 0.0
                s += matching(n) * w_host + 2
                if ZONE in n.labels:
                    s += zone_count[n.labels[ZONE]] * w_zone + 4
                raw[n.name] = int(math.floor(s + 0.5))
            lo, hi = min(raw.values()), max(raw.values())
            for name, r in raw.items():
                totals[name] += WEIGHTS["PodTopologySpread"] * (100 if hi == 0 else 100 * (hi + lo - r) // hi)
        best = max(totals.values())
        ties = [n.name for n in feasible if totals[n.name] == best]
        choice = ties[0] if len(ties) == 1 else ties[self.rng.randrange(len(ties))]
        return choice

    def bind(self, pod, node_name: str) -> None:
        self.bound[node_name].append(pod)
        used = self.used[node_name]
        used[0] += pod.requests.cpu
        used[1] += pod.requests.memory
        used[2] += pod.score_requests[0]
        used[3] += pod.score_requests[1]


class _Taint:
    key, value, effect = "node.kubernetes.io/unschedulable", "", "NoSchedule"


_UNSCHEDULABLE = _Taint()


def run_reference(nodes, services, replica_sets, pods, seed: int = 0) -> list:
    ref = ReferenceScheduler(nodes, services, replica_sets, seed)
    out = []
    for pod in pods:
        node = ref.schedule(pod)
        out.append(node)
        if node:
            ref.bind(pod, node)
    return out
