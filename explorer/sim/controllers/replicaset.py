"""The ReplicaSet controller: keep ``spec.replicas`` active pods, named ``<replicaset>-<5 chars>``.

Active pods are those not marked for deletion and not Succeeded/Failed (``controller.FilterActivePods``).
Excess pods are deleted in ``ActivePods`` order: unassigned before assigned, Pending before Unknown before
Running, not ready before ready, newer before older. Events: SuccessfulCreate ``Created pod: <name>``,
SuccessfulDelete ``Deleted pod: <name>``. Status: replicas, fullyLabeledReplicas, readyReplicas,
availableReplicas, observedGeneration.
"""

from __future__ import annotations

from explorer.sim.controllers.base import Controller
from explorer.sim.naming import random_suffix
from explorer.sim.patch import assoc

_PHASE_RANK = {"Pending": 0, "Unknown": 1, "Running": 2}


def is_active(pod) -> bool:
    """Not marked for deletion and not finished (cached on the immutable object)."""
    return pod._cached("sim.active", lambda: not pod.metadata.get("deletionTimestamp")
                       and pod.phase not in ("Succeeded", "Failed"))


def is_ready(pod) -> bool:
    """The Ready condition (cached on the immutable object)."""
    return pod._cached("sim.ready", lambda: pod.ready)


def owned(store, owner, kind: str) -> list:
    """Objects of ``kind`` with an ownerReference to ``owner`` (the store's dependents index)."""
    objects = store.objects
    return [objects[k] for k in sorted(store.dependents.get(owner.uid, ())) if k[0] == kind]


def deletion_order(pods: list) -> list:
    """Pods in the order the ReplicaSet controller deletes them (``ActivePodsWithRanks``): unassigned first,
    then Pending < Unknown < Running, not ready < ready, more replicas on the same node first, newer first."""
    per_node: dict = {}
    for p in pods:
        per_node[p.node_name] = per_node.get(p.node_name, 0) + 1
    pods = sorted(pods, key=lambda p: (p.metadata.get("creationTimestamp", ""), p.name), reverse=True)
    return sorted(pods, key=lambda p: (1 if p.node_name else 0, _PHASE_RANK.get(p.phase, 3), 1 if is_ready(p) else 0,
                                       -per_node[p.node_name] if p.node_name else 0))


class ReplicaSetController(Controller):
    NAME = "replicaset"
    PRIORITY = 20
    COMPONENT = "replicaset-controller"

    def sync(self, key) -> None:
        sim = self.sim
        rs = sim.store.objects.get(key)
        if rs is None or rs.metadata.get("deletionTimestamp"):
            return
        pods = owned(sim.store, rs, "Pod")
        active = [p for p in pods if is_active(p)]
        diff = len(active) - rs.replicas
        if diff < 0:
            for _ in range(-diff):
                pod = self._new_pod(rs)
                created = sim.server.create(pod, validate=False)
                active.append(created)
                self.record(rs, "SuccessfulCreate", f"Created pod: {created.name}")
        elif diff > 0:
            for pod in deletion_order(active)[:diff]:
                sim.server.delete("Pod", pod.namespace, pod.name)
                self.record(rs, "SuccessfulDelete", f"Deleted pod: {pod.name}")
                active.remove(pod)
        self._update_status(rs, active)

    def _new_pod(self, rs) -> dict:
        sim = self.sim
        template = rs.template
        meta_t = template.get("metadata") or {}
        while True:
            name = f"{rs.name}-{random_suffix(sim.rng)}"
            if ("Pod", rs.namespace, name) not in sim.store.objects:
                break
        meta = {"name": name, "generateName": f"{rs.name}-", "namespace": rs.namespace,
                "labels": dict(meta_t.get("labels") or {}),
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs.name,
                                     "uid": rs.uid, "controller": True, "blockOwnerDeletion": True}]}
        if meta_t.get("annotations"):
            meta["annotations"] = dict(meta_t["annotations"])
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": template.get("spec") or {}}

    def _update_status(self, rs, active: list) -> None:
        ready = sum(1 for p in active if is_ready(p))
        status = {"replicas": len(active), "fullyLabeledReplicas": len(active), "readyReplicas": ready,
                  "availableReplicas": ready, "observedGeneration": rs.metadata.get("generation", 1)}
        if not ready:
            del status["readyReplicas"], status["availableReplicas"]
        if rs.raw.get("status") != status:
            self.sim.server.write_status(rs, assoc(rs.raw, ("status",), status))
