"""The node lifecycle controller and the taint-eviction controller.

Heartbeats are not simulated one by one: a node's kubelet posts status every ``heartbeat_period`` (10 s)
while it runs and reaches the API; when it stops (node stopped, kubelet stopped, partition) the last
heartbeat time is known, so the controller's verdict is scheduled directly: the monitor runs every
``node_monitor_period`` (5 s) and a node whose last observed heartbeat is older than
``node_monitor_grace_period`` (50 s) gets Ready=Unknown (``NodeStatusUnknown``, "Kubelet stopped posting
node status."), the ``node.kubernetes.io/unreachable`` taints (NoSchedule, so nothing new lands there, and
NoExecute), event NodeNotReady
``Node <n> status is now: NodeNotReady``, and its pods are marked not ready (event NodeNotReady
``Node is not ready``). The taint-eviction controller then deletes each pod when its toleration of the taint
runs out (default 300 s; no toleration: at once) with event TaintManagerEviction
``Marking for deletion Pod <ns>/<name>``. When heartbeats resume the taint is removed at the next monitor pass.
"""

from __future__ import annotations

from explorer.model.selectors import Taint
from explorer.sim.controllers.base import LEASE
from explorer.sim.patch import assoc

UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
COMPONENT = "node-controller"
EVICTION_COMPONENT = "taint-eviction-controller"
MONITOR_PRIORITY = 5
EVICT_PRIORITY = 60


def ceil_to(value: int, period: int) -> int:
    return -(-value // period) * period


class NodeLifecycleController:
    def __init__(self, sim):
        self.sim = sim
        self.epoch: dict[str, int] = {}        # node -> connectivity generation (stale items are ignored)
        self.deferred: dict = {}               # work waiting for a controller-manager leader

    # notifications from the kubelet model --------------------------------------------------------------
    def heartbeats_stopped(self, node: str, last_heartbeat: int) -> None:
        cfg = self.sim.config
        epoch = self.epoch[node] = self.epoch.get(node, 0) + 1
        observed = ceil_to(last_heartbeat, cfg.node_monitor_period)
        notice = observed + cfg.node_monitor_grace_period + cfg.node_monitor_period
        self.sim.loop.schedule(notice, MONITOR_PRIORITY, "node_monitor", node, epoch)

    def heartbeats_resumed(self, node: str) -> None:
        sim = self.sim
        epoch = self.epoch[node] = self.epoch.get(node, 0) + 1
        at = ceil_to(sim.loop.now + 1, sim.config.node_monitor_period)
        sim.loop.schedule(at, MONITOR_PRIORITY, "node_recover", node, epoch)

    def reported_not_ready(self, node: str) -> None:
        """The kubelet posted Ready=False: taint at the next monitor pass."""
        sim = self.sim
        epoch = self.epoch[node] = self.epoch.get(node, 0) + 1
        at = ceil_to(sim.loop.now + 1, sim.config.node_monitor_period)
        sim.loop.schedule(at, MONITOR_PRIORITY, "node_not_ready", node, epoch)

    def not_ready(self, node_name: str, epoch: int) -> None:
        """Ready=False: the ``node.kubernetes.io/not-ready`` taints (NoSchedule and NoExecute); pods are marked
        not ready and evicted when their toleration of the taint runs out."""
        sim = self.sim
        if self.epoch.get(node_name) != epoch or not self._active(("node_not_ready", node_name, epoch)):
            return
        node = sim.store.objects.get(("Node", "", node_name))
        if node is None or node.conditions.get("Ready") != "False":
            return
        now_ts = sim.timestamp()
        taints = [t for t in node.spec.get("taints") or () if t.get("key") not in (NOT_READY, UNREACHABLE)]
        taints += [{"key": NOT_READY, "effect": "NoSchedule", "timeAdded": now_ts},
                   {"key": NOT_READY, "effect": "NoExecute", "timeAdded": now_ts}]
        sim.server.write_status(node, assoc(node.raw, ("spec", "taints"), taints))
        self._pods_not_ready(node_name, NOT_READY)

    def rearm(self, silent: dict) -> None:
        """A new controller-manager leader starts: like the real one it first observes every node now, so a
        node that is silent and not yet marked gets a fresh grace period; evictions that waited run now."""
        items, self.deferred = list(self.deferred), {}
        for node in silent:
            obj = self.sim.store.objects.get(("Node", "", node))
            if obj is not None and obj.conditions.get("Ready") != "Unknown":
                self.heartbeats_stopped(node, self.sim.loop.now)
        for action, *args in items:
            if action == "node_monitor":   # superseded by the fresh grace period above
                continue
            self.sim.loop.schedule(self.sim.loop.now, MONITOR_PRIORITY if action != "evict" else EVICT_PRIORITY,
                                   action, *args)

    def _active(self, item: tuple) -> bool:
        if self.sim.cp.active(LEASE):
            return True
        self.deferred[item] = None
        return False

    # handlers ------------------------------------------------------------------------------------------
    def monitor(self, node_name: str, epoch: int) -> None:
        sim = self.sim
        if self.epoch.get(node_name) != epoch or not self._active(("node_monitor", node_name, epoch)):
            return
        node = sim.store.objects.get(("Node", "", node_name))
        if node is None:
            return
        now_ts = sim.timestamp()
        conditions = []
        changed = False
        for c in node.status.get("conditions") or ():
            if c.get("status") != "Unknown":
                c = dict(c, status="Unknown", reason="NodeStatusUnknown",
                         message="Kubelet stopped posting node status.", lastTransitionTime=now_ts)
                changed = True
            conditions.append(c)
        taints = list(node.spec.get("taints") or ())
        if not any(t.get("key") == UNREACHABLE and t.get("effect") == "NoExecute" for t in taints):
            taints = [t for t in taints if t.get("key") not in (NOT_READY, UNREACHABLE)]
            taints.append({"key": UNREACHABLE, "effect": "NoSchedule", "timeAdded": now_ts})
            taints.append({"key": UNREACHABLE, "effect": "NoExecute", "timeAdded": now_ts})
            changed = True
        if not changed:
            return
        raw = assoc(node.raw, ("status", "conditions"), conditions)
        raw = assoc(raw, ("spec", "taints"), taints)
        node = sim.server.write_status(node, raw)
        sim.recorder.record(node.key, "NodeNotReady", f"Node {node_name} status is now: NodeNotReady", COMPONENT)
        self._pods_not_ready(node_name, UNREACHABLE)

    def _pods_not_ready(self, node_name: str, taint_key: str) -> None:
        """The node's pods lose readiness (event NodeNotReady) and wait out their toleration of the
        ``taint_key`` NoExecute taint before eviction."""
        sim = self.sim
        for key in sorted(sim.store.pods_by_node.get(node_name, ())):
            pod = sim.store.objects.get(key)
            if pod is None:
                continue
            if pod.ready:
                sim.kubelets.set_ready(pod, False, reason=None)
                sim.recorder.warn(key, "NodeNotReady", "Node is not ready", COMPONENT)
            self._schedule_eviction(pod, Taint(taint_key, "", "NoExecute"))

    def _schedule_eviction(self, pod, taint: Taint) -> None:
        if pod.metadata.get("deletionTimestamp"):
            return
        matching = [t for t in pod.tolerations if t.tolerates(taint)]
        if not matching:
            delay = 0
        else:
            seconds = [t.toleration_seconds for t in matching]
            if any(s is None for s in seconds):
                return
            delay = max(0, min(seconds))
        self.sim.loop.schedule(self.sim.loop.now + delay, EVICT_PRIORITY, "evict", pod.namespace, pod.name,
                               pod.uid, taint.key)

    def evict(self, namespace: str, name: str, uid: str, taint_key: str) -> None:
        sim = self.sim
        pod = sim.store.objects.get(("Pod", namespace, name))
        if pod is None or pod.uid != uid or pod.metadata.get("deletionTimestamp"):
            return
        node = sim.store.objects.get(("Node", "", pod.node_name))
        if node is None or not any(t.key == taint_key and t.effect == "NoExecute" for t in node.taints):
            return
        if not self._active(("evict", namespace, name, uid, taint_key)):
            return
        sim.recorder.record(pod.key, "TaintManagerEviction", f"Marking for deletion Pod {namespace}/{name}",
                            EVICTION_COMPONENT)
        sim.server.delete("Pod", namespace, name)

    def recover(self, node_name: str, epoch: int) -> None:
        sim = self.sim
        if self.epoch.get(node_name) != epoch or not self._active(("node_recover", node_name, epoch)):
            return
        node = sim.store.objects.get(("Node", "", node_name))
        if node is None:
            return
        taints = [t for t in node.spec.get("taints") or () if t.get("key") not in (UNREACHABLE, NOT_READY)]
        if taints != list(node.spec.get("taints") or ()):
            raw = assoc(node.raw, ("spec", "taints"), taints) if taints else \
                assoc(node.raw, ("spec",), {k: v for k, v in node.spec.items() if k != "taints"})
            sim.server.write_status(node, raw)

    def state(self):
        return (dict(self.epoch), dict(self.deferred))

    def load(self, state) -> None:
        epoch, deferred = state
        self.epoch, self.deferred = dict(epoch), dict(deferred)
