"""Operations and faults: every one is a timeline *input*, validated, recorded and applied at the current
moment (see :mod:`explorer.sim.timeline`). A mixin of :class:`explorer.sim.simulator.Simulator`.
"""

from __future__ import annotations

import copy

from explorer.model.objects import KubeObject, from_dict
from explorer.sim.api import not_found
from explorer.sim.controllers.nodelifecycle import UNSCHEDULABLE
from explorer.sim.patch import assoc

CP_PRIORITY = 0

OPS = {  # CLI name -> (method, argument count)
    "stop-node": ("_op_stop_node", 1), "start-node": ("_op_start_node", 1),
    "stop-kubelet": ("_op_stop_kubelet", 1), "start-kubelet": ("_op_start_kubelet", 1),
    "stop-member": ("_op_stop_member", 1), "start-member": ("_op_start_member", 1),
    "stop-etcd": ("_op_stop_etcd", 1), "start-etcd": ("_op_start_etcd", 1),
    "delete-pod": ("_op_delete_pod", 2), "scale": ("_op_scale", 3),
    "cordon": ("_op_cordon", 1), "uncordon": ("_op_uncordon", 1), "drain": ("_op_drain", 1),
    "partition": ("_op_partition", 1), "partition-node": ("_op_partition", 1),
    "heal": ("_op_heal", 1), "heal-partition": ("_op_heal", 1),
    "apply": ("_op_apply", 1), "delete": ("_op_delete", 3),
    "create": ("_op_create", 1), "update": ("_op_update", 1),
    "stop-runtime": ("_op_stop_runtime", 1), "start-runtime": ("_op_start_runtime", 1),
}
_INTERNAL_OPS = {"_schedule": ("_op_schedule", 3)}


class OperationsMixin:
    # operations (inputs) -------------------------------------------------------------------------------
    def _input(self, op: str, *args):
        """Validate, record and apply one input at the current moment."""
        if op not in OPS:
            raise ValueError(f"unknown operation {op!r}; one of: {', '.join(sorted(OPS))}")
        method, count = OPS[op]
        if len(args) != count:
            raise ValueError(f"{op} takes {count} argument(s), got {len(args)}")
        self._validate_op(op, args)
        if op in ("apply", "create", "update"):
            args = (copy.deepcopy(args[0]),)    # the log must not change if the caller reuses the dict
        del self._inputs[self._cursor:]
        self._snapshots = [s for s in self._snapshots if s.processed <= self.loop.processed]
        self._inputs.append((self.loop.now, self.loop.processed, op, args))
        self._cursor += 1
        try:
            return self._apply(op, args)
        except Exception:
            self._inputs.pop()
            self._cursor -= 1
            raise

    def _apply(self, op: str, args: tuple):
        result = getattr(self, (OPS.get(op) or _INTERNAL_OPS[op])[0])(*args)
        self._check_availability()
        return result

    def _validate_op(self, op: str, args: tuple) -> None:
        if op in ("apply", "delete", "create", "update"):
            return
        if op == "scale":
            ns, name, replicas = args
            if ("Deployment", ns, name) not in self.store.objects:
                raise not_found("Deployment", name)
            if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
                raise ValueError(f"replicas must be an integer >= 0, got {replicas!r}")
            return
        if op == "delete-pod":
            if ("Pod", args[0], args[1]) not in self.store.objects:
                raise not_found("Pod", args[1])
            return
        name = args[0]
        if ("Node", "", name) not in self.store.objects:
            raise not_found("Node", name)
        if op in ("stop-member", "start-member", "stop-etcd", "start-etcd"):
            if name not in self.cp.components:
                raise ValueError(f"node {name} is not a control-plane member")
            if op.endswith("etcd") and "etcd" not in self.cp.components[name]:
                raise ValueError(f"control-plane member {name} runs no etcd")

    def stop_node(self, name: str) -> None:
        """Power the machine off: its containers stop and its kubelet stops heartbeating."""
        self._input("stop-node", name)

    def start_node(self, name: str) -> None:
        self._input("start-node", name)

    def stop_kubelet(self, name: str) -> None:
        """Stop only the kubelet: containers keep running, heartbeats stop."""
        self._input("stop-kubelet", name)

    def start_kubelet(self, name: str) -> None:
        self._input("start-kubelet", name)

    def stop_runtime(self, name: str) -> None:
        """Stop the node's container runtime: the kubelet reports NotReady (not-ready taints, evictions)."""
        self._input("stop-runtime", name)

    def start_runtime(self, name: str) -> None:
        self._input("start-runtime", name)

    def stop_member(self, name: str) -> None:
        """Stop a control-plane member's components (etcd, kube-apiserver, scheduler, controller-manager)."""
        self._input("stop-member", name)

    def start_member(self, name: str) -> None:
        self._input("start-member", name)

    def stop_etcd(self, name: str) -> None:
        self._input("stop-etcd", name)

    def start_etcd(self, name: str) -> None:
        self._input("start-etcd", name)

    def delete_pod(self, namespace: str, name: str) -> None:
        self._input("delete-pod", namespace, name)

    def scale(self, namespace: str, deployment: str, replicas: int) -> None:
        self._input("scale", namespace, deployment, replicas)

    def cordon(self, name: str) -> None:
        self._input("cordon", name)

    def uncordon(self, name: str) -> None:
        self._input("uncordon", name)

    def drain(self, name: str) -> None:
        """Cordon, then evict every pod on the node except control-plane static (mirror) pods (as
        ``kubectl drain --ignore-daemonsets --force``)."""
        self._input("drain", name)

    def partition_node(self, name: str) -> None:
        """Cut the node off from the control plane: it keeps running its pods but nothing reaches the API."""
        self._input("partition", name)

    def heal_partition(self, name: str) -> None:
        self._input("heal", name)

    def apply(self, obj) -> KubeObject:
        """Create or update an object through the API (``kubectl apply``); returns the stored object."""
        raw = obj.raw if isinstance(obj, KubeObject) else obj
        return self._input("apply", raw)

    def delete(self, kind: str, namespace: str, name: str) -> KubeObject:
        """Delete any object through the API (``kubectl delete``)."""
        return self._input("delete", kind, namespace, name)

    def schedule_fault(self, at: int, op: str, *args) -> None:
        """Apply ``op`` (a CLI name such as "stop-node") at simulated time ``at``.

        Raises ValueError for an unknown op, a wrong argument count or a time in the past."""
        if op not in OPS:
            raise ValueError(f"unknown operation {op!r}; one of: {', '.join(sorted(OPS))}")
        if len(args) != OPS[op][1]:
            raise ValueError(f"{op} takes {OPS[op][1]} argument(s), got {len(args)}")
        if at < self.loop.now:
            raise ValueError(f"time {at} is in the past (now is {self.loop.now})")
        del self._inputs[self._cursor:]
        self._snapshots = [s for s in self._snapshots if s.processed <= self.loop.processed]
        self._inputs.append((self.loop.now, self.loop.processed, "_schedule", (at, op, args)))
        self._cursor += 1
        self._op_schedule(at, op, args)

    def _op_schedule(self, at, op, args) -> None:
        self.loop.schedule(at, CP_PRIORITY, "fault", op, tuple(args))

    # operation bodies ----------------------------------------------------------------------------------
    def _connectivity(self, name: str, change) -> None:
        self.cp.invalidate()
        self.kubelets.set_connectivity(name, change)
        self.cp.invalidate()
        if name in self.cp.components:
            self._control_plane_changed()

    def _op_stop_node(self, name):
        self._connectivity(name, lambda: self.kubelets.stopped_nodes.add(name))

    def _op_start_node(self, name):
        self._connectivity(name, lambda: self.kubelets.stopped_nodes.discard(name))

    def _op_stop_kubelet(self, name):
        self._connectivity(name, lambda: self.kubelets.stopped_kubelets.add(name))

    def _op_start_kubelet(self, name):
        self._connectivity(name, lambda: self.kubelets.stopped_kubelets.discard(name))

    def _op_partition(self, name):
        self._connectivity(name, lambda: self.kubelets.partitioned.add(name))

    def _op_heal(self, name):
        self._connectivity(name, lambda: self.kubelets.partitioned.discard(name))

    def _op_stop_runtime(self, name):
        """The container runtime fails: the kubelet keeps heartbeating but reports NotReady."""
        self.kubelets.runtime_down.add(name)
        if self.kubelets.connected(name):
            self.loop.schedule_soon(40, "kubelet_not_ready", name)

    def _op_start_runtime(self, name):
        self.kubelets.runtime_down.discard(name)
        if self.kubelets.connected(name):
            self.loop.schedule_soon(40, "kubelet_rejoin", name, 0)

    def _op_stop_member(self, name):
        for c in self.cp.components[name]:
            self.cp.stopped.add((name, c))
        self._control_plane_changed()

    def _op_start_member(self, name):
        for c in self.cp.components[name]:
            self.cp.stopped.discard((name, c))
        self._control_plane_changed()

    def _op_stop_etcd(self, name):
        self.cp.stopped.add((name, "etcd"))
        self._control_plane_changed()

    def _op_start_etcd(self, name):
        self.cp.stopped.discard((name, "etcd"))
        self._control_plane_changed()

    def _op_delete_pod(self, namespace, name):
        self.server.delete("Pod", namespace, name)

    def _op_scale(self, namespace, name, replicas):
        dep = self.server.get("Deployment", namespace, name)
        self.server.update(dep.edited(lambda raw: raw["spec"].__setitem__("replicas", replicas)))

    def _op_cordon(self, name, unschedulable=True):
        node = self.server.get("Node", "", name)
        if bool(node.unschedulable) == unschedulable:
            return
        raw = assoc(node.raw, ("spec", "unschedulable"), True) if unschedulable else \
            assoc(node.raw, ("spec",), {k: v for k, v in node.spec.items() if k != "unschedulable"})
        taints = [t for t in raw["spec"].get("taints") or () if t.get("key") != UNSCHEDULABLE]
        if unschedulable:
            taints.append({"key": UNSCHEDULABLE, "effect": "NoSchedule", "timeAdded": self.timestamp()})
        raw = assoc(raw, ("spec", "taints"), taints) if taints else \
            assoc(raw, ("spec",), {k: v for k, v in raw["spec"].items() if k != "taints"})
        self.server.write_status(node, raw)
        status = "NodeNotSchedulable" if unschedulable else "NodeSchedulable"
        self.recorder.record(node.key, status, f"Node {name} status is now: {status}", "kubelet")

    def _op_uncordon(self, name):
        self._op_cordon(name, unschedulable=False)

    def _op_drain(self, name):
        self._op_cordon(name)
        for key in sorted(self.store.pods_by_node.get(name, ())):
            pod = self.store.objects.get(key)
            if pod is None or pod.is_static or pod.metadata.get("deletionTimestamp"):
                continue
            self.server.delete("Pod", key[1], key[2])

    def _op_apply(self, raw):
        obj = from_dict(raw)
        existing = self.store.objects.get(obj.key)
        if existing is None:
            return self.server.create(obj)
        return self.server.update(type(obj)(assoc(obj.raw, ("metadata",), {
            k: v for k, v in obj.metadata.items() if k != "resourceVersion"})))

    def _op_delete(self, kind, namespace, name):
        return self.server.delete(kind, namespace, name)

    def _op_create(self, raw):
        return self.server.create(raw)

    def _op_update(self, raw):
        return self.server.update(raw)
