"""kube-scheduler inside the simulation: the scheduling queue around :class:`explorer.sim.scheduler.Scheduler`.

Pending pods (no ``spec.nodeName``, not being deleted) wait in the active queue, highest ``spec.priority``
first, then in arrival order. Each is run through one scheduling cycle (one pass over the queue is one
``Scheduler.schedule_batch``: the same cycles, faster for runs of one template's pods; in the simulator's
generator forms, a few ms of pods per batch, see ``SchedulingQueue.run_steps``); on success the pod is
bound through the API (``spec.nodeName``, condition PodScheduled) with event Scheduled ``Successfully assigned
<ns>/<pod> to <node>``; on failure it gets Warning FailedScheduling with kube-scheduler's message, condition
PodScheduled=False/Unschedulable, and moves to the unschedulable queue. Unschedulable pods are retried
after a cluster change that could help (a node added or changed, a pod deleted), with per-pod backoff of
1 s doubling up to 10 s. Nothing is scheduled while kube-scheduler has no active leader.

The Scheduler's cache is fed incrementally from watch events; after a restore it is rebuilt lazily.
"""

from __future__ import annotations

import gc
import itertools

from explorer.sim.cooperative import Pacer, exhaust
from explorer.sim.patch import assoc

COMPONENT = "default-scheduler"
LEASE = "kube-scheduler"
PRIORITY = 30
MAX_BACKOFF = 10
# kinds besides Nodes and Pods that the scheduler reads: Services and workloads select the pods that default
# PodTopologySpread constraints count; Namespace labels feed InterPodAffinity namespace selectors.
SPREADING_KINDS = ("Service", "ReplicaSet", "StatefulSet", "ReplicationController", "Namespace")


def _make_scheduler(config, seed):
    from explorer.sim.scheduler import Scheduler
    return Scheduler(config, seed=seed)


class _Never:
    """A pacer that is never due (the all-at-once form of a generator)."""

    @staticmethod
    def due() -> bool:
        return False


_NEVER = _Never()


class SchedulingQueue:
    def __init__(self, sim):
        self.sim = sim
        self.active: dict = {}          # pod key -> None
        self.unschedulable: dict = {}   # pod key -> attempts
        self.armed = False
        self.retry_armed = False
        self._cache = None
        self._rng_state = None      # Scheduler.get_state() to give a rebuilt scheduler

    # the scheduler's cache ----------------------------------------------------------------------------
    @property
    def scheduler(self):
        """The scheduler with its cache of the store's nodes, bound pods and spreading objects (built on first
        use, then kept in step with the store)."""
        if self._cache is None:
            exhaust(self.scheduler_steps(None))
        return self._cache

    @property
    def has_scheduler(self) -> bool:
        """Whether the scheduler's cache is built."""
        return self._cache is not None

    def scheduler_steps(self, pacer: Pacer | None = None):
        """Build the scheduler's cache as a generator (see :mod:`explorer.sim.cooperative`): yields about
        every few ms (150,000 pods are ~7 s of work); nothing to do when it is built. Stopped half-way, it
        leaves no cache (the next use builds it again)."""
        if self._cache is not None:
            return
        pacer = pacer or _NEVER
        sched = _make_scheduler(self.sim.config.scheduler_config, self.sim.seed)
        store = self.sim.store
        enabled = gc.isenabled()
        gc.disable()    # a bulk build: no cyclic garbage, so no collections while it runs
        try:
            for node in list(store.by_kind.get("Node", {}).values()):
                sched.add_node(node)
                if pacer.due():
                    yield
            for pod in list(store.by_kind.get("Pod", {}).values()):
                if pod.node_name and pod.phase not in ("Succeeded", "Failed"):
                    sched.add_pod(pod)
                if pacer.due():
                    yield
            for kind in SPREADING_KINDS:
                for obj in store.by_kind.get(kind, {}).values():
                    sched.add_object(obj)
        finally:
            if enabled:
                gc.enable()
        if self._rng_state is not None:
            sched.set_state(self._rng_state)
        self._cache = sched

    def invalidate(self) -> None:
        self._cache = None

    def resync(self, changed: dict) -> None:
        """After a restore: bring the existing cache to the restored store by applying only the objects that
        changed (``{key: (object before, object after)}``), then restore the tie-breaking state."""
        sched = self._cache
        if sched is None:
            return
        if any(k[0] == "Node" and (b is None or a is None) for k, (b, a) in changed.items()):
            # Nodes came or went: kube-scheduler searches nodes in the order they were added, so an
            # incremental fix-up would reorder them and break ties differently from the original run.
            self._cache = None
            return
        counted = lambda p: p is not None and p.node_name and p.phase not in ("Succeeded", "Failed")  # noqa: E731
        pods = [(b, a) for k, (b, a) in changed.items() if k[0] == "Pod"]
        for before, after in pods:
            if counted(before):
                sched.remove_pod(before)
        for key, (before, after) in changed.items():
            if key[0] in SPREADING_KINDS and before is not after:
                self.object_changed(before, after)
                continue
            if key[0] != "Node" or before is after:
                continue
            if after is None:
                sched.remove_node(before.name)
            elif before is None:
                sched.add_node(after)
            else:
                sched.update_node(after)
        for before, after in pods:
            if counted(after):
                sched.add_pod(after)
        if self._rng_state is not None:
            sched.set_state(self._rng_state)
        else:
            sched.set_state(_make_scheduler(self.sim.config.scheduler_config, self.sim.seed).get_state())

    def node_changed(self, old, new) -> None:
        if self._cache is not None:
            if new is None:
                self._cache.remove_node(old.name)
            elif old is None:
                self._cache.add_node(new)
            else:
                self._cache.update_node(new)
        if new is not None and (old is None or old.spec != new.spec or old.labels != new.labels
                                or old.status.get("allocatable") != new.status.get("allocatable")):
            self.cluster_changed()

    def object_changed(self, old, new) -> None:
        """A Service, workload or Namespace changed: kube-scheduler's default topology spreading and
        namespace selectors read them, so the cache follows (as kube-scheduler's informers do)."""
        if self._cache is None:
            return
        if new is None:
            self._cache.remove_object(old)
        else:
            self._cache.add_object(new)

    def pod_changed(self, old, new) -> None:
        old_counted = old is not None and old.node_name and old.phase not in ("Succeeded", "Failed")
        new_counted = new is not None and new.node_name and new.phase not in ("Succeeded", "Failed")
        if self._cache is not None and (old_counted != new_counted or (old_counted and new_counted and
                                                                       old.node_name != new.node_name)):
            if old_counted:
                self._cache.remove_pod(old)
            if new_counted:
                self._cache.add_pod(new)
        if old_counted and not new_counted:
            self.cluster_changed()
        if new is not None and not new.node_name and not new.metadata.get("deletionTimestamp"):
            if new.key not in self.unschedulable:
                self.add(new.key)
        elif new is None or new.node_name:
            self.active.pop((old or new).key, None)
            self.unschedulable.pop((old or new).key, None)

    def add(self, key) -> None:
        self.active[key] = None
        self.arm()

    def arm(self) -> None:
        if self.active and not self.armed:
            self.armed = True
            self.sim.loop.schedule_soon(PRIORITY, "schedule")

    def cluster_changed(self) -> None:
        """Something that may make unschedulable pods fit happened: retry them after their backoff."""
        if self.unschedulable and not self.retry_armed:
            self.retry_armed = True
            attempts = min(self.unschedulable.values())
            backoff = min(MAX_BACKOFF, 2 ** max(0, attempts - 1))
            self.sim.loop.schedule(self.sim.loop.now + backoff, PRIORITY, "schedule_retry")

    def retry(self) -> None:
        self.retry_armed = False
        for key in list(self.unschedulable):
            self.active[key] = None
        self.arm()

    # one pass over the active queue -------------------------------------------------------------------
    def run(self) -> None:
        exhaust(self.run_steps(None))

    def run_steps(self, pacer: Pacer | None = None):
        """:meth:`run` as a generator (see :mod:`explorer.sim.cooperative`): yields (None) between two pods when
        ``pacer`` says so (never without one). The pass is a series of ``Scheduler.schedule_batch`` calls over
        consecutive stretches of the queue, each ending at a pod boundary once the pacer is due (after at
        least one pod): ``schedule_batch`` places exactly as the cycle-by-cycle loop does, so any split gives
        the same placements, events, random draws and rotating start index as one batch. After a cache change,
        the scheduler's per-generation state comes first, in pieces of its own (``Scheduler.prepare_steps``,
        a pacer question after each). Between two yields the simulator is consistent (no pod half bound);
        closed half-way, the pods not reached stay pending and unqueued (the caller finishes the pass instead,
        as it does a controller's)."""
        self.armed = False
        sim = self.sim
        if not sim.cp.active(LEASE):
            return
        pacer = pacer or _NEVER
        due = pacer.due
        store = sim.store
        keys = sorted(self.active, key=lambda k: -(store.objects[k].priority if k in store.objects else 0))
        self.active.clear()
        unschedulable = self.unschedulable
        at = 0                   # the next key of the pass
        paused = False

        def pending():           # read lazily: each pod as the store has it once the previous one is bound
            nonlocal at, paused
            taken = False
            while at < len(keys):
                if taken and due():
                    paused = True
                    return
                key = keys[at]
                at += 1
                pod = store.objects.get(key)
                if pod is None or pod.node_name or pod.metadata.get("deletionTimestamp"):
                    unschedulable.pop(key, None)
                    continue
                taken = True
                yield pod

        def bound(pod, node):
            self._bind(pod, node)    # the watch reports the bound pod to the scheduler's cache
            unschedulable.pop(pod.key, None)
            return None

        def failed(pod, result):
            key = pod.key
            unschedulable[key] = unschedulable.get(key, 0) + 1
            sim.recorder.warn(key, "FailedScheduling", result.message, COMPONENT)
            self._mark_unschedulable(pod, result.message)

        while True:
            paused = False
            pods = pending()
            first = next(pods, None)
            if first is None:
                return
            # (the scheduler's cache is built only when a pod is to be scheduled)
            sched = self.scheduler
            yield from sched.prepare_steps(due)   # after a cache change: its own pieces (~25 ms at 5,000 nodes)
            sched.schedule_batch(itertools.chain((first,), pods), bound, failed)
            if not paused:
                return
            yield None

    def _bind(self, pod, node: str) -> None:
        sim = self.sim
        now_ts = sim.timestamp()
        raw = assoc(pod.raw, ("spec", "nodeName"), node)
        conditions = [c for c in pod.status.get("conditions") or () if c.get("type") != "PodScheduled"]
        conditions.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                           "lastTransitionTime": now_ts})
        raw = assoc(raw, ("status", "conditions"), conditions)
        raw = assoc(raw, ("status", "phase"), "Pending")
        sim.server.write_status(pod, raw)
        sim.recorder.record(pod.key, "Scheduled", f"Successfully assigned {pod.namespace}/{pod.name} to {node}",
                            COMPONENT)

    def _mark_unschedulable(self, pod, message: str) -> None:
        now_ts = self.sim.timestamp()
        cond = {"type": "PodScheduled", "status": "False", "lastProbeTime": None, "lastTransitionTime": now_ts,
                "reason": "Unschedulable", "message": message}
        old = [c for c in pod.status.get("conditions") or () if c.get("type") == "PodScheduled"]
        if old and old[0].get("message") == message and old[0].get("status") == "False":
            return
        raw = assoc(pod.raw, ("status", "conditions"), [cond])
        raw = assoc(raw, ("status", "phase"), "Pending")
        self.sim.server.write_status(pod, raw)

    def state(self):
        rng = self._cache.get_state() if self._cache is not None else self._rng_state
        return (dict(self.active), dict(self.unschedulable), self.armed, self.retry_armed, rng)

    def load(self, state) -> None:
        """Restore the queues; the cache is kept and must then be brought up to date with :meth:`resync`."""
        active, unsched, self.armed, self.retry_armed, self._rng_state = state
        self.active, self.unschedulable = dict(active), dict(unsched)
