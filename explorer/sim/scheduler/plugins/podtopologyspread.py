"""PodTopologySpread: hard ``DoNotSchedule`` constraints filter, soft ``ScheduleAnyway`` constraints score.

A pod with no ``topologySpreadConstraints`` gets kube-scheduler's system defaults when some Service selects it or
its controlling ReplicaSet / StatefulSet / ReplicationController is known:
``kubernetes.io/hostname`` maxSkew 3 and ``topology.kubernetes.io/zone`` maxSkew 5, both ScheduleAnyway, with
the selector ``helper.DefaultSelector`` builds (the Services' selectors merged, plus the owner's selector).

Scoring follows ``podtopologyspread/scoring.go``: per constraint, ``count * log(domains + 2) + (maxSkew - 1)``
summed in float64 and rounded half away from zero; nodes then normalize as ``100 * (max + min - s) / max``.
nodeAffinityPolicy defaults to Honor and nodeTaintsPolicy to Ignore.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.model.selectors import matches_label_selector
from explorer.sim.scheduler.framework import MAX_NODE_SCORE, Plugin, tolerates, unresolvable, unschedulable
from explorer.sim.scheduler.plugins.nodeaffinity import required_match

NAME = "PodTopologySpread"
ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints"
ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)"
HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
DO_NOT_SCHEDULE = "DoNotSchedule"
SCHEDULE_ANYWAY = "ScheduleAnyway"
SYSTEM_DEFAULT_CONSTRAINTS = ((HOSTNAME, 3), (ZONE, 5))   # (topologyKey, maxSkew), both ScheduleAnyway
OWNER_KINDS = ("ReplicaSet", "StatefulSet", "ReplicationController")


@dataclass(frozen=True)
class Constraint:
    max_skew: int
    topology_key: str
    selector: dict | None
    min_domains: int = 1
    honor_affinity: bool = True
    honor_taints: bool = False


def default_selector(pod, snapshot, services=None) -> dict | None:
    """``helper.DefaultSelector``: Services selecting the pod, plus its controller's selector; None if empty.

    ``services`` narrows the Services looked at (e.g. those of the pod's namespace); default all."""
    labels = {}
    for svc in (snapshot.services.values() if services is None else services):
        sel = svc.selector
        if sel and svc.namespace == pod.namespace and all(pod.labels.get(k) == v for k, v in sel.items()):
            labels.update(sel)
    exprs = []
    owner = pod.owner
    if owner and owner.get("kind") in OWNER_KINDS:
        workload = snapshot.replica_sets.get((owner.get("kind"), pod.namespace, owner.get("name")))
        if workload is not None:
            sel = workload.spec.get("selector") or {}
            if owner.get("kind") == "ReplicationController":
                labels.update(sel)
            else:
                exprs.extend({"key": k, "operator": "In", "values": [v]}
                             for k, v in (sel.get("matchLabels") or {}).items())
                exprs.extend(sel.get("matchExpressions") or ())
    if not labels and not exprs:
        return None
    return {"matchLabels": labels, "matchExpressions": exprs}


def _constraints(pod, action: str) -> list:
    out = []
    for c in pod.spread_constraints:
        if (c.get("whenUnsatisfiable") or DO_NOT_SCHEDULE) != action:
            continue
        selector = c.get("labelSelector")
        keys = [k for k in c.get("matchLabelKeys") or () if k in pod.labels]
        if selector is not None and keys:
            selector = dict(selector)
            selector["matchExpressions"] = list(selector.get("matchExpressions") or ()) + [
                {"key": k, "operator": "In", "values": [pod.labels[k]]} for k in keys]
        out.append(Constraint(int(c.get("maxSkew") or 1), c.get("topologyKey") or "", selector,
                              int(c.get("minDomains") or 1), (c.get("nodeAffinityPolicy") or "Honor") == "Honor",
                              (c.get("nodeTaintsPolicy") or "Ignore") == "Honor"))
    return out


def soft_constraints(pod, snapshot) -> tuple[list, bool]:
    """(ScheduleAnyway constraints, system_defaulted)."""
    if pod.spread_constraints:
        return _constraints(pod, SCHEDULE_ANYWAY), False
    selector = default_selector(pod, snapshot)
    if selector is None:
        return [], True
    return [Constraint(skew, key, selector) for key, skew in SYSTEM_DEFAULT_CONSTRAINTS], True


def count_matching(node, selector, namespace) -> int:
    if selector is None:
        return 0
    return sum(1 for p in node.pods.values()
               if p.namespace == namespace and matches_label_selector(selector, p.labels))


def _included(c: Constraint, pod, node) -> bool:
    if c.honor_affinity and not required_match(pod, node):
        return False
    if c.honor_taints:
        for t in node.taints:
            if t.effect in ("NoSchedule", "NoExecute") and not tolerates(pod.tolerations, t):
                return False
    return True


def go_round(x: float) -> int:
    """Go's math.Round for non-negative values: half away from zero."""
    return int(math.floor(x + 0.5))


class PodTopologySpread(Plugin):
    NAME = NAME
    FILTER = True
    SCORE = True

    # Filter -------------------------------------------------------------------------------------------------
    def pre_filter(self, state, pod, snapshot):
        constraints = _constraints(pod, DO_NOT_SCHEDULE)
        if not constraints:
            state[NAME + "/filter"] = None
            return None
        counts = [dict() for _ in constraints]
        for node in snapshot.nodes:
            if not all(c.topology_key in node.labels for c in constraints):
                continue
            for i, c in enumerate(constraints):
                if not _included(c, pod, node):
                    continue
                value = node.labels[c.topology_key]
                counts[i][value] = counts[i].get(value, 0) + count_matching(node, c.selector, pod.namespace)
        state[NAME + "/filter"] = (constraints, counts)
        return None

    def filter(self, state, pod, node):
        data = state.get(NAME + "/filter")
        if not data:
            return None
        constraints, counts = data
        for i, c in enumerate(constraints):
            value = node.labels.get(c.topology_key)
            if value is None:
                return unresolvable(NAME, ERR_REASON_NODE_LABEL_NOT_MATCH)
            self_match = 1 if c.selector is not None and matches_label_selector(c.selector, pod.labels) else 0
            domains = counts[i]
            if len(domains) < c.min_domains or not domains:
                minimum = 0
            else:
                minimum = min(domains.values())
            if domains.get(value, 0) + self_match - minimum > c.max_skew:
                return unschedulable(NAME, ERR_REASON_CONSTRAINTS_NOT_MATCH)
        return None

    # Score --------------------------------------------------------------------------------------------------
    def pre_score(self, state, pod, nodes, snapshot):
        constraints, system_defaulted = soft_constraints(pod, snapshot)
        if not constraints or not nodes:
            return False
        require_all = not system_defaulted
        ignored = set()
        counts = [dict() for _ in constraints]
        for node in nodes:
            if require_all and not all(c.topology_key in node.labels for c in constraints):
                ignored.add(node.name)
                continue
            for i, c in enumerate(constraints):
                if c.topology_key != HOSTNAME:
                    counts[i].setdefault(node.labels.get(c.topology_key, ""), 0)
        weights = []
        for i, c in enumerate(constraints):
            size = len(nodes) - len(ignored) if c.topology_key == HOSTNAME else len(counts[i])
            weights.append(math.log(size + 2))
        for node in snapshot.nodes:
            if require_all and not all(c.topology_key in node.labels for c in constraints):
                continue
            for i, c in enumerate(constraints):
                if c.topology_key == HOSTNAME or not _included(c, pod, node):
                    continue
                value = node.labels.get(c.topology_key, "")
                if value in counts[i]:
                    counts[i][value] += count_matching(node, c.selector, pod.namespace)
        state[NAME] = (constraints, counts, weights, ignored)
        return True

    def score(self, state, pod, node):
        constraints, counts, weights, ignored = state[NAME]
        if node.name in ignored:
            return 0
        score = 0.0
        for i, c in enumerate(constraints):
            value = node.labels.get(c.topology_key)
            if value is None:
                continue
            if c.topology_key == HOSTNAME:
                cnt = count_matching(node, c.selector, pod.namespace)
            else:
                cnt = counts[i][value]
            score += cnt * weights[i] + (c.max_skew - 1)
        return go_round(score)

    def normalize(self, state, pod, nodes, scores):
        ignored = state[NAME][3]
        names = [n.name for n in nodes] if ignored else ()
        valid = [s for s, n in zip(scores, names) if n not in ignored] if ignored else scores
        if not valid:
            scores[:] = [0] * len(scores)
            return
        lo, hi = min(valid), max(valid)
        for i, s in enumerate(scores):
            if ignored and names[i] in ignored:
                scores[i] = 0
            elif hi == 0:
                scores[i] = MAX_NODE_SCORE
            else:
                scores[i] = MAX_NODE_SCORE * (hi + lo - s) // hi
