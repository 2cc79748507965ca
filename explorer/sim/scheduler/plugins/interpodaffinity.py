"""InterPodAffinity: required pod affinity / anti-affinity (the incoming pod's and, symmetrically, existing
pods' anti-affinity) filter; preferred terms of both sides score, normalized min-max to 0..100.

Follows ``interpodaffinity/filtering.go`` and ``scoring.go``: an existing pod's *required* affinity term that
matches the incoming pod counts with hardPodAffinityWeight (1).
"""

from __future__ import annotations

from explorer.sim.scheduler.framework import MAX_NODE_SCORE, Plugin, unresolvable, unschedulable

NAME = "InterPodAffinity"
ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules"
ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"
HARD_POD_AFFINITY_WEIGHT = 1


def _bump(counts: dict, node, key: str, value: int) -> None:
    tv = node.labels.get(key)
    if tv is None:
        return
    pair = (key, tv)
    counts[pair] = counts.get(pair, 0) + value
    if counts[pair] == 0:
        del counts[pair]


def _matches_all(terms, pod, ns_labels) -> bool:
    return bool(terms) and all(t.matches(pod, ns_labels) for t in terms)


class InterPodAffinity(Plugin):
    NAME = NAME
    FILTER = True
    SCORE = True

    def pre_filter(self, state, pod, snapshot):
        ns_labels = snapshot.ns_labels
        existing_anti = {}
        affinity = {}
        anti = {}
        for node in snapshot.nodes:
            if node.pods_with_required_anti_affinity:
                for ep in node.pods.values():
                    for t in ep.required_anti_affinity:
                        if t.matches(pod, ns_labels):
                            _bump(existing_anti, node, t.topology_key, 1)
            if pod.required_affinity or pod.required_anti_affinity:
                for ep in node.pods.values():
                    if _matches_all(pod.required_affinity, ep, ns_labels):
                        for t in pod.required_affinity:
                            _bump(affinity, node, t.topology_key, 1)
                    for t in pod.required_anti_affinity:
                        if t.matches(ep, ns_labels):
                            _bump(anti, node, t.topology_key, 1)
        self_match = _matches_all(pod.required_affinity, pod, ns_labels)
        state[NAME + "/filter"] = (existing_anti, affinity, anti, self_match)
        return None

    def filter(self, state, pod, node):
        existing_anti, affinity, anti, self_match = state[NAME + "/filter"]
        labels = node.labels
        # satisfyPodAffinity
        pods_exist = True
        for t in pod.required_affinity:
            tv = labels.get(t.topology_key)
            if tv is None:
                return unresolvable(NAME, ERR_REASON_AFFINITY)
            if affinity.get((t.topology_key, tv), 0) <= 0:
                pods_exist = False
        if not pods_exist and not (not affinity and self_match):
            return unresolvable(NAME, ERR_REASON_AFFINITY)
        # satisfyPodAntiAffinity
        if anti:
            for t in pod.required_anti_affinity:
                tv = labels.get(t.topology_key)
                if tv is not None and anti.get((t.topology_key, tv), 0) > 0:
                    return unschedulable(NAME, ERR_REASON_ANTI_AFFINITY)
        # satisfyExistingPodsAntiAffinity
        if existing_anti:
            for item in labels.items():
                if existing_anti.get(item, 0) > 0:
                    return unschedulable(NAME, ERR_REASON_EXISTING_ANTI_AFFINITY)
        return None

    def pre_score(self, state, pod, nodes, snapshot):
        has_constraints = bool(pod.preferred_affinity or pod.preferred_anti_affinity)
        if not has_constraints and not snapshot.pods_with_affinity:
            return False
        ns_labels = snapshot.ns_labels
        topo = {}

        def process(terms, target, node, multiplier, weight=None):
            for t in terms:
                if t.matches(target, ns_labels):
                    tv = node.labels.get(t.topology_key)
                    if tv is not None:
                        d = topo.setdefault(t.topology_key, {})
                        d[tv] = d.get(tv, 0) + (t.weight if weight is None else weight) * multiplier

        for node in snapshot.nodes:
            if not node.labels:
                continue
            if not has_constraints and not node.pods_with_affinity:
                continue
            for ep in node.pods.values():
                if not has_constraints and not ep.has_affinity:
                    continue
                process(pod.preferred_affinity, ep, node, 1)
                process(pod.preferred_anti_affinity, ep, node, -1)
                if HARD_POD_AFFINITY_WEIGHT > 0:
                    process(ep.required_affinity, pod, node, 1, HARD_POD_AFFINITY_WEIGHT)
                process(ep.preferred_affinity, pod, node, 1)
                process(ep.preferred_anti_affinity, pod, node, -1)
        if not topo:
            return False
        state[NAME] = topo
        return True

    def score(self, state, pod, node):
        topo = state[NAME]
        total = 0
        for key, values in topo.items():
            tv = node.labels.get(key)
            if tv is not None:
                total += values.get(tv, 0)
        return total

    def normalize(self, state, pod, nodes, scores):
        if not scores:
            return
        lo, hi = min(scores), max(scores)
        diff = hi - lo
        for i, s in enumerate(scores):
            scores[i] = int(MAX_NODE_SCORE * ((s - lo) / diff)) if diff > 0 else 0
