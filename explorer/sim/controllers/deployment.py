"""The Deployment controller: one ReplicaSet per pod template (``<deployment>-<pod-template-hash>``),
scaling and rolling updates.

RollingUpdate follows ``deployment/rolling.go``: maxSurge is resolved rounding up and maxUnavailable rounding
down (both 25% by default; if both resolve to 0, maxUnavailable becomes 1). The new ReplicaSet grows to at
most ``replicas + maxSurge`` pods in total; old ReplicaSets shrink while at least ``replicas - maxUnavailable``
pods stay available. Recreate scales old ReplicaSets to 0 and waits for their pods to go before scaling the
new one up. Events: ScalingReplicaSet ``Scaled up replica set <rs> from <a> to <b>`` (Kubernetes >= 1.26
wording). Up to ``revisionHistoryLimit`` (10) old ReplicaSets at 0 are kept.
"""

from __future__ import annotations

import math

from explorer.sim.controllers.base import Controller
from explorer.sim.controllers.replicaset import is_active, owned
from explorer.sim.naming import pod_template_hash
from explorer.sim.patch import assoc

HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"


def resolve(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if isinstance(value, str) and value.endswith("%"):
        pct = int(value[:-1])
        return math.ceil(pct * total / 100) if round_up else (pct * total) // 100
    return int(value)


def surge_and_unavailable(dep) -> tuple[int, int]:
    """(maxSurge, maxUnavailable) as ``deploymentutil.ResolveFenceposts``."""
    desired = dep.replicas
    surge = resolve(dep.max_surge, desired, True)
    unavailable = resolve(dep.max_unavailable, desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _template_without_hash(template: dict) -> dict:
    labels = dict((template.get("metadata") or {}).get("labels") or {})
    labels.pop(HASH_LABEL, None)
    return assoc(template, ("metadata", "labels"), labels)


class DeploymentController(Controller):
    NAME = "deployment"
    PRIORITY = 10
    COMPONENT = "deployment-controller"

    def sync(self, key) -> None:
        sim = self.sim
        dep = sim.store.objects.get(key)
        if dep is None or dep.metadata.get("deletionTimestamp"):
            return
        rss = sorted(owned(sim.store, dep, "ReplicaSet"), key=lambda r: (r.metadata.get("creationTimestamp", ""),
                                                                         r.name))
        template = _template_without_hash(dep.template)
        wanted_hash = pod_template_hash(template)
        new = next((r for r in rss if r.labels.get(HASH_LABEL) == wanted_hash), None)
        if new is None:
            new = next((r for r in rss if _template_without_hash(r.template) == template), None)
        olds = [r for r in rss if r is not new]
        if dep.spec.get("paused"):
            self._update_status(dep, new, olds)
            return
        if new is None:
            new = self._create_rs(dep, template, wanted_hash, olds)
        if dep.strategy_type == "Recreate":
            self._recreate(dep, new, olds)
        else:
            new, olds = self._rolling(dep, new, olds)
        self._cleanup(dep, olds)
        self._update_status(dep, new, olds)

    # strategies ----------------------------------------------------------------------------------------
    def _rolling(self, dep, new, olds):
        desired = dep.replicas
        surge, max_unavailable = surge_and_unavailable(dep)
        # reconcileNewReplicaSet
        if new.replicas > desired:
            new = self._scale(dep, new, desired)
        elif new.replicas < desired:
            current = sum(r.replicas for r in olds) + new.replicas
            max_total = desired + surge
            if current < max_total:
                up = min(max_total - current, desired - new.replicas)
                new = self._scale(dep, new, new.replicas + up)
        # reconcileOldReplicaSets
        old_count = sum(r.replicas for r in olds)
        if old_count == 0:
            return new, olds
        all_count = old_count + new.replicas
        min_available = desired - max_unavailable
        new_unavailable = new.replicas - self._available(new)
        max_scaled_down = all_count - min_available - new_unavailable
        if max_scaled_down <= 0:
            return new, olds
        olds = list(olds)
        # cleanupUnhealthyReplicas: old pods that are not available go first
        for i, rs in enumerate(olds):
            if max_scaled_down <= 0:
                break
            unhealthy = rs.replicas - self._available(rs)
            if rs.replicas == 0 or unhealthy <= 0:
                continue
            down = min(max_scaled_down, unhealthy)
            olds[i] = self._scale(dep, rs, rs.replicas - down)
            max_scaled_down -= down
        # scaleDownOldReplicaSetsForRollingUpdate
        available = sum(self._available(r) for r in olds) + self._available(new)
        total_down = available - min_available
        for i, rs in enumerate(olds):
            if total_down <= 0:
                break
            if rs.replicas == 0:
                continue
            down = min(rs.replicas, total_down)
            olds[i] = self._scale(dep, rs, rs.replicas - down)
            total_down -= down
        return new, olds

    def _recreate(self, dep, new, olds) -> None:
        for rs in olds:
            if rs.replicas:
                self._scale(dep, rs, 0)
        store = self.sim.store
        if any(is_active(p) for rs in olds for p in owned(store, rs, "Pod")):
            return
        if new.replicas != dep.replicas:
            self._scale(dep, new, dep.replicas)

    def _available(self, rs) -> int:
        return (rs.status or {}).get("availableReplicas", 0) or 0

    # writes --------------------------------------------------------------------------------------------
    def _create_rs(self, dep, template: dict, pod_hash: str, olds: list):
        revision = 1 + max((int(r.annotations.get(REVISION, "0") or 0) for r in olds), default=0)
        labels = dict((template.get("metadata") or {}).get("labels") or {})
        labels[HASH_LABEL] = pod_hash
        rs_template = assoc(template, ("metadata", "labels"), labels)
        selector = dict(dep.selector)
        selector["matchLabels"] = dict(selector.get("matchLabels") or {}, **{HASH_LABEL: pod_hash})
        surge, _ = surge_and_unavailable(dep)
        raw = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
               "metadata": {"name": f"{dep.name}-{pod_hash}", "namespace": dep.namespace, "labels": labels,
                            "annotations": {"deployment.kubernetes.io/desired-replicas": str(dep.replicas),
                                            "deployment.kubernetes.io/max-replicas": str(dep.replicas + surge),
                                            REVISION: str(revision)},
                            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": dep.name,
                                                 "uid": dep.uid, "controller": True, "blockOwnerDeletion": True}]},
               "spec": {"replicas": 0, "selector": selector, "template": rs_template}}
        if dep.spec.get("minReadySeconds"):
            raw["spec"]["minReadySeconds"] = dep.spec["minReadySeconds"]
        return self.sim.server.create(raw)

    def _scale(self, dep, rs, replicas: int):
        old = rs.replicas
        if old == replicas:
            return rs
        raw = assoc(rs.raw, ("spec", "replicas"), replicas)
        raw = assoc(raw, ("metadata", "annotations", "deployment.kubernetes.io/desired-replicas"), str(dep.replicas))
        raw = assoc(raw, ("metadata", "generation"), rs.metadata.get("generation", 1) + 1)
        new = self.sim.server.write_status(rs, raw)
        direction = "up" if replicas > old else "down"
        self.record(dep, "ScalingReplicaSet", f"Scaled {direction} replica set {rs.name} from {old} to {replicas}")
        return new

    def _cleanup(self, dep, olds: list) -> None:
        limit = dep.spec.get("revisionHistoryLimit", 10)
        idle = [r for r in olds if r.replicas == 0 and not (r.status or {}).get("replicas")]
        for rs in idle[:max(0, len(idle) - limit)]:
            self.sim.server.delete("ReplicaSet", rs.namespace, rs.name)

    def _update_status(self, dep, new, olds) -> None:
        sim = self.sim
        everyone = ([new] if new is not None else []) + list(olds)
        everyone = [sim.store.objects.get(r.key, r) for r in everyone]
        new = sim.store.objects.get(new.key, new) if new is not None else None

        def total(field):
            return sum((r.status or {}).get(field, 0) or 0 for r in everyone)
        replicas, ready, available = total("replicas"), total("readyReplicas"), total("availableReplicas")
        updated = ((new.status or {}).get("replicas", 0) or 0) if new is not None else 0
        _, max_unavailable = surge_and_unavailable(dep)
        desired = dep.replicas
        old_status = dep.status or {}
        conditions = []
        is_available = available >= desired - max_unavailable
        conditions.append(self._condition(old_status, "Available", is_available,
                                          "MinimumReplicasAvailable" if is_available else "MinimumReplicasUnavailable",
                                          "Deployment has minimum availability." if is_available else
                                          "Deployment does not have minimum availability."))
        if new is not None:
            done = updated == desired and replicas == desired and available >= desired
            conditions.append(self._condition(old_status, "Progressing", True,
                                              "NewReplicaSetAvailable" if done else "ReplicaSetUpdated",
                                              f'ReplicaSet "{new.name}" has successfully progressed.' if done else
                                              f'ReplicaSet "{new.name}" is progressing.'))
        status = {"observedGeneration": dep.metadata.get("generation", 1), "replicas": replicas,
                  "updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": available,
                  "unavailableReplicas": max(0, replicas - available), "conditions": conditions}
        status = {k: v for k, v in status.items() if v or k in ("observedGeneration", "conditions")}
        if old_status != status:
            sim.server.write_status(dep, assoc(dep.raw, ("status",), status))

    def _condition(self, old_status: dict, type_: str, ok: bool, reason: str, message: str) -> dict:
        now = self.sim.timestamp()
        status = "True" if ok else "False"
        for c in old_status.get("conditions") or ():
            if c.get("type") == type_:
                if c.get("status") == status and c.get("reason") == reason:
                    return c
                transition = c.get("lastTransitionTime", now) if c.get("status") == status else now
                return {"type": type_, "status": status, "lastUpdateTime": now, "lastTransitionTime": transition,
                        "reason": reason, "message": message}
        return {"type": type_, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
                "reason": reason, "message": message}
