"""The Simulator: a deterministic run of a cluster design.

It loads a design (:class:`~explorer.model.Cluster`, never mutated) into the API server's store as an
already-running cluster (nodes registered and Ready, control-plane static pods running, Services with IPs)
and then lets the controllers, the scheduler and the kubelets do what Kubernetes does, one simulated second
at a time. Every user operation and fault is an *input*: it is applied at the current moment and recorded,
so :meth:`seek` can go back to any earlier moment (nearest snapshot, then replay) and running forward again
with the same inputs reproduces the same events. See docs/simulation.md for timings and simplifications.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from explorer.model.cluster import Cluster
from explorer.model.objects import KubeObject
from explorer.net.ipam import Ipam
from explorer.sim import naming
from explorer.sim.admission import AdmissionMixin
from explorer.sim.api import ApiError, ApiServer, Store, not_found
from explorer.sim.controllers import (DeploymentController, EndpointSliceController, GarbageCollector,
                                      NodeLifecycleController, ReplicaSetController)
from explorer.sim.controlplane import LEASE_DURATION, LEASES, ControlPlane
from explorer.sim.cooperative import Pacer, exhaust
from explorer.sim.events import EventRecorder
from explorer.sim.kubelet import Kubelets
from explorer.sim.loop import EventLoop
from explorer.sim.operations import OPS, OperationsMixin  # noqa: F401 - OPS is public here
from explorer.sim.patch import assoc
from explorer.sim.scheduling import SPREADING_KINDS, SchedulingQueue
from explorer.sim.timeline import Snapshot, TimelineMixin  # noqa: F401 - Snapshot is public here

CP_PRIORITY = 0   # the control plane runs first in each second
MIRROR_CHUNK = 2000     # objects added to the state mirror between two checks of the pacer (cluster_steps)
FREE_CHUNK = 20         # objects the mirror let go of, freed between two checks of the pacer (~2 ms)


@dataclass
class SimConfig:
    """Timings (seconds) and knobs. Defaults are Kubernetes 1.34's."""

    heartbeat_period: int = 10              # kubelet nodeStatusUpdateFrequency / lease renew
    node_monitor_period: int = 5
    node_monitor_grace_period: int = 50
    default_toleration_seconds: int = 300   # DefaultTolerationSeconds admission plugin
    image_pull_seconds: int = 2
    container_stop_seconds: int = 1
    snapshot_interval: int = 50             # timeline: a snapshot at least this often (simulated seconds)
    scheduler_config: object = None         # explorer.sim.scheduler.SchedulerConfig


class Simulator(AdmissionMixin, OperationsMixin, TimelineMixin):
    """See the module docstring and docs/simulation.md.

    Public state: ``api`` (the ApiServer), ``now`` (seconds), ``events`` (list of Event).
    Raises ApiError for unknown objects named by operations and ValueError for bad operation arguments.
    """

    def __init__(self, design: Cluster, seed: int = 0, config: SimConfig | None = None):
        self._setup(design, seed, config)
        exhaust(self._build_steps(design))

    @classmethod
    def building(cls, design: Cluster, seed: int = 0, config: SimConfig | None = None):
        """``Simulator(design, seed, config)`` as a generator (see :mod:`explorer.sim.cooperative`): yields
        progress in [0, 1] and returns the simulator. Raises what the constructor raises."""
        sim = cls.__new__(cls)
        sim._setup(design, seed, config)
        yield from sim._build_steps(design)
        return sim

    def _setup(self, design: Cluster, seed: int, config: SimConfig | None) -> None:
        self.seed = seed
        self.config = config or SimConfig()
        self.network = design.network
        self.layout = dict(design.layout)
        self.loop = EventLoop()
        self._ts_cache = (None, "")
        self._node_ips = None
        self._mirror = None             # cluster(): the last state read, kept up to date incrementally
        self._prepared = None           # a copy of the mirror mirror_steps made for the next cluster()
        self._mirror_reads = 0          # cluster() calls so far (one in the middle of that copy voids it)
        self._mirror_order: dict = {}   # its keys' creation order (Store.order) when they were added
        self._mirror_max = 0            # the highest creation order it ever held
        self.rng = random.Random(seed)
        self.recorder = EventRecorder(lambda: self.loop.now)
        self.store = Store()
        self.ipam = Ipam(design.network, seed)
        self.kubelets = Kubelets(self)
        self.cp = ControlPlane({}, self._member_reachable)
        self.server = ApiServer(self.store, gate=self.cp.unavailable_reason, hooks=self)
        self.api = UserApi(self)
        self.deployments = DeploymentController(self)
        self.replicasets = ReplicaSetController(self)
        self.endpointslices = EndpointSliceController(self)
        self.gc = GarbageCollector(self)
        self.node_lifecycle = NodeLifecycleController(self)
        self.scheduling = SchedulingQueue(self)
        self._controllers = {c.NAME: c for c in (self.deployments, self.replicasets, self.endpointslices,
                                                 self.gc)}
        self._api_deferred: dict = {}
        self._was_available = True
        self._inputs: list = []         # (time, processed, op, args)
        self._cursor = 0                # inputs applied on the current branch
        self._snapshots: list[Snapshot] = []
        self._next_snapshot = 0

    def _build_steps(self, design: Cluster):
        enabled = gc.isenabled()
        gc.disable()    # bulk loading makes no cyclic garbage; collecting while it builds is pure overhead
        try:
            yield from self._load_steps(design)
            self.server.watchers.append(self._on_change)
            yield from self._kickoff_steps()
        finally:
            if enabled:
                gc.enable()

    # public state --------------------------------------------------------------------------------------
    @property
    def now(self) -> int:
        return self.loop.now

    @property
    def events(self) -> list:
        return self.recorder.events

    def timestamp(self) -> str:
        now = self.loop.now
        if self._ts_cache[0] != now:
            self._ts_cache = (now, naming.timestamp(now))
        return self._ts_cache[1]

    # watch dispatch ------------------------------------------------------------------------------------
    def _on_change(self, kind: str, old, new) -> None:
        obj = new or old
        if kind == "Pod":
            self.scheduling.pod_changed(old, new)
            self.endpointslices.pod_changed(old, new)
            owner = obj.controller_owner
            if owner and owner.get("kind") == "ReplicaSet":
                rs_key = self.store.by_uid.get(owner.get("uid"))
                if rs_key is not None and _pod_matters_to_rs(old, new):
                    self.replicasets.enqueue(rs_key)
            if new is not None and new.node_name:
                if new.metadata.get("deletionTimestamp") and not (old and old.metadata.get("deletionTimestamp")):
                    self.loop.schedule_soon(40, "kubelet_kill", new.namespace, new.name, new.uid)
                elif old is None or not old.node_name:
                    self.kubelets.pod_bound(new)
            if new is None:
                self.kubelets.started.pop(old.key, None)
                if old.node_name and old.pod_ip and not old.spec.get("hostNetwork"):
                    self.ipam.release_pod_ip(old.node_name, old.pod_ip)
                    self.kubelets.ip_released(old.node_name)
        elif kind == "ReplicaSet":
            self.replicasets.enqueue(obj.key)
            owner = obj.controller_owner
            if owner and owner.get("kind") == "Deployment":
                dep_key = self.store.by_uid.get(owner.get("uid"))
                if dep_key is not None:
                    self.deployments.enqueue(dep_key)
        elif kind == "Deployment":
            if new is None or old is None or old.spec != new.spec:
                self.deployments.enqueue(obj.key)
        elif kind == "Service":
            self.endpointslices.service_changed(old, new)
            if new is None:
                self._release_service(old)
        elif kind == "Node":
            self.scheduling.node_changed(old, new)
            self.endpointslices.node_changed(old, new)
            if self._node_ips is not None:
                # keep the set of taken node addresses equal to the live nodes' (a pure function of the
                # store), so a timeline restore, which recomputes it, hands out the same addresses on replay
                if old is not None and old.internal_ip and (new is None or new.internal_ip != old.internal_ip):
                    self._node_ips.discard(old.internal_ip)
                    parts = old.internal_ip.split(".")
                    if parts[:2] == ["172", "18"] and len(parts) == 4:   # _node_ip hands out the lowest free one
                        self._node_ip_next = min(self._node_ip_next, int(parts[2]) * 256 + int(parts[3]))
                if new is not None and new.internal_ip:
                    self._node_ips.add(new.internal_ip)
            if new is None:
                self.ipam.release_node_cidr(old.name)
                self.loop.schedule_soon(26, "podgc", old.name)
            elif old is None:
                self.kubelets.last_heartbeat.pop(new.name, None)
                self.recorder.record(new.key, "RegisteredNode",
                                     f"Node {new.name} event: Registered Node {new.name} in Controller",
                                     "node-controller")
        if kind in SPREADING_KINDS:
            self.scheduling.object_changed(old, new)
        if new is None:
            self.gc.owner_deleted(old)

    def _release_service(self, svc) -> None:
        self.ipam.release_cluster_ip(svc.cluster_ip)
        for p in svc.ports:
            self.ipam.release_node_port(p.node_port)
        for ip in svc.external_ips:
            self.ipam.release_lb_ip(ip)

    # running -------------------------------------------------------------------------------------------
    # Each operation is a generator (yielding about every few ms of work, see explorer.sim.cooperative) and
    # its blocking form runs that generator to the end.
    def step(self, seconds: int | None = None) -> list:
        """Advance to the next pending event (None) or by ``seconds``; return the events recorded."""
        return exhaust(self.step_steps(seconds))

    def run(self, until: int) -> list:
        """Run until simulated time ``until`` (inclusive); return the events recorded."""
        return exhaust(self.run_steps(until))

    def settle(self, max_seconds: int = 600) -> list:
        """Run until nothing is pending any more (or ``max_seconds`` passed); return the events recorded.

        Items that only wait for time to pass for long (evictions minutes away) end the settling when
        nothing else is left before them."""
        return exhaust(self.settle_steps(max_seconds))

    def step_steps(self, seconds: int | None = None):
        """:meth:`step` as a generator (yields None, returns the events)."""
        start = len(self.events)
        if seconds is None:
            nxt = self._next_time()
            if nxt is not None:
                yield from self._advance_steps(nxt)
        else:
            if seconds < 0:
                raise ValueError("seconds must be >= 0")
            yield from self._advance_steps(self.loop.now + int(seconds))
        return self.events[start:]

    def run_steps(self, until: int):
        """:meth:`run` as a generator (yields progress in [0, 1], returns the events)."""
        start = len(self.events)
        if until > self.loop.now:
            yield from self._advance_steps(int(until))
        return self.events[start:]

    def settle_steps(self, max_seconds: int = 600):
        """:meth:`settle` as a generator (yields None, returns the events)."""
        start = len(self.events)
        limit = self.loop.now + max_seconds
        pacer = Pacer()
        while True:
            nxt = self._next_time()
            if nxt is None or nxt > limit:
                break
            yield from self._advance_steps(nxt, pacer)
        return self.events[start:]

    def _next_time(self) -> int | None:
        t = self.loop.peek()
        if self._cursor < len(self._inputs):
            t_in = self._inputs[self._cursor][0]
            t = t_in if t is None else min(t, t_in)
        return t

    def _advance(self, until: int) -> None:
        exhaust(self._advance_steps(until))

    def _advance_steps(self, until: int, pacer: Pacer | None = None):
        """Process inputs and loop items up to ``until``; yields (progress towards ``until``) when the pacer
        says so, always between two items."""
        loop = self.loop
        inputs = self._inputs
        pacer = pacer or Pacer()
        due = pacer.due
        first = loop.now
        while True:
            if self._cursor < len(inputs) and inputs[self._cursor][1] == loop.processed \
                    and inputs[self._cursor][0] <= until:
                t, _, op, args = inputs[self._cursor]
                loop.now = max(loop.now, t)
                self._cursor += 1
                self._apply(op, args)
                continue
            if not loop.heap or loop.heap[0][0] > until:
                break
            if loop.heap[0][0] >= self._next_snapshot:
                self._auto_snapshot()
            if loop.heap[0][3] == "schedule" and not self.scheduling.has_scheduler:
                # the scheduler's cache (seconds at 150,000 pods) is built a few ms at a time before the item
                # that needs it is taken off the loop: stopped half-way, nothing has changed
                yield from self.scheduling.scheduler_steps(pacer)
                continue
            item = loop.pop()
            if item[3] in ("sync", "schedule"):     # a pass over a queue: seconds at 150,000 pods
                yield from self._dispatch_steps(item, pacer)
            else:
                self._dispatch(item)
            if due():
                yield (loop.now - first) / (until - first) if until > first else None
        loop.now = max(loop.now, until)
        if loop.now >= self._next_snapshot:
            self._auto_snapshot()

    @contextmanager
    def _dispatching(self, action: str, args) -> Iterator[None]:
        """Around one loop item: an API call refused while the control plane is unavailable defers the item
        (retried when it comes back); any other error propagates. The loop's priority is reset either way."""
        try:
            yield
        except ApiError as exc:
            if exc.reason != "ServiceUnavailable":
                raise
            self._api_deferred[(action, args)] = None
        finally:
            self.loop.priority = -1

    def _dispatch(self, item) -> None:
        _, _, _, action, args = item
        with self._dispatching(action, args):
            getattr(self, "_on_" + action)(*args)
        self._check_availability()

    def _dispatch_steps(self, item, pacer: Pacer):
        """:meth:`_dispatch` for an item done in pieces: a controller's ``sync`` item, yielding between two of
        its keys, or the scheduler's pass over its queue (``schedule``), yielding between two pods. Closed
        half-way, it finishes the pass before it stops."""
        _, _, _, action, args = item
        with self._dispatching(action, args):
            if action == "sync":
                steps = self._controllers[args[0]].run_steps(pacer)
            else:
                steps = self.scheduling.run_steps(pacer)
            for _ in steps:
                try:
                    yield None
                except GeneratorExit:   # abandoned: the pass is finished first, an item is never half done
                    exhaust(steps)
                    self.loop.priority = -1
                    self._check_availability()
                    raise
        self._check_availability()

    def _check_availability(self) -> None:
        available = self.cp.unavailable_reason() is None
        if available and not self._was_available:
            for action, args in list(self._api_deferred):
                self.loop.schedule(self.loop.now, 45, action, *args)
            self._api_deferred.clear()
        self._was_available = available

    # loop handlers -------------------------------------------------------------------------------------
    def _on_sync(self, name: str) -> None:
        self._controllers[name].run()

    def _on_schedule(self) -> None:
        self.scheduling.run()

    def _on_schedule_retry(self) -> None:
        self.scheduling.retry()

    def _on_kubelet_sandbox(self, ns, name, uid) -> None:
        self.kubelets.sandbox(ns, name, uid)

    def _on_kubelet_start(self, ns, name, uid, pulled) -> None:
        self.kubelets.start(ns, name, uid, pulled)

    def _on_kubelet_ready(self, ns, name, uid) -> None:
        self.kubelets.ready(ns, name, uid)

    def _on_podgc(self, node_name) -> None:
        """The pod garbage collector force-deletes pods bound to a node that no longer exists (at once, not
        after its 40 s quarantine, and without waiting for a controller-manager leader: a simplification)."""
        if ("Node", "", node_name) in self.store.objects:
            return
        for key in sorted(self.store.pods_by_node.get(node_name, ())):
            self.server.delete("Pod", key[1], key[2], grace=False)

    def _on_kubelet_kill(self, ns, name, uid) -> None:
        pod = self.store.objects.get(("Pod", ns, name))
        if pod is not None and pod.uid == uid:
            self.kubelets.kill(pod)

    def _on_kubelet_remove(self, ns, name, uid) -> None:
        self.kubelets.remove(ns, name, uid)

    def _on_kubelet_rejoin(self, node, rebooted) -> None:
        self.kubelets.rejoin(node, rebooted)

    def _on_node_monitor(self, node, epoch) -> None:
        self.node_lifecycle.monitor(node, epoch)

    def _on_kubelet_not_ready(self, node) -> None:
        self.kubelets.not_ready(node)

    def _on_node_not_ready(self, node, epoch) -> None:
        self.node_lifecycle.not_ready(node, epoch)

    def _on_node_recover(self, node, epoch) -> None:
        self.node_lifecycle.recover(node, epoch)

    def _on_evict(self, ns, name, uid, taint_key) -> None:
        self.node_lifecycle.evict(ns, name, uid, taint_key)

    def _on_fault(self, op, args) -> None:
        try:
            self._apply(op, args)
        except (ApiError, ValueError) as exc:
            self.recorder.warn(("Simulation", "", op), "FaultFailed", f"{op} {' '.join(map(str, args))}: "
                                                                      f"{getattr(exc, 'message', exc)}", "simulator")

    def _on_cp_reconcile(self) -> None:
        """Leader election for kube-scheduler and kube-controller-manager."""
        cp = self.cp
        now = self.loop.now
        if cp.implicit:
            return
        api_ok = cp.unavailable_reason() is None
        for lease, component in LEASES.items():
            leader = cp.leaders[lease]
            if leader is not None and cp.running(leader, lease) and api_ok:
                continue
            if leader is not None:      # lost: it can no longer renew; the lease runs out
                cp.leaders[lease] = None
                last_renew = now - now % 2
                cp.lease_expiry[lease] = last_renew + LEASE_DURATION
                self.loop.schedule(cp.lease_expiry[lease], CP_PRIORITY, "cp_reconcile")
                continue
            if not api_ok or now < cp.lease_expiry[lease]:
                continue
            candidates = cp.candidates(lease)
            if not candidates:
                continue
            winner = candidates[self.rng.randrange(len(candidates))]
            identity = f"{winner}_{self.new_uid()}"
            cp.leaders[lease] = winner
            cp.identities[lease] = identity
            self._write_lease(lease, identity)
            self.recorder.record(("Lease", "kube-system", lease), "LeaderElection", f"{identity} became leader",
                                 component)
            if lease == "kube-scheduler":
                self.scheduling.arm()
                self.scheduling.cluster_changed()
            else:
                for c in self._controllers.values():
                    c.arm()
                self.node_lifecycle.rearm(self.kubelets.last_heartbeat)

    def _write_lease(self, lease: str, identity: str) -> None:
        key = ("Lease", "kube-system", lease)
        ts = naming.timestamp(self.loop.now)
        spec = {"holderIdentity": identity, "leaseDurationSeconds": LEASE_DURATION, "acquireTime": ts,
                "renewTime": ts}
        old = self.store.objects.get(key)
        if old is None:
            self.server.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                             "metadata": {"name": lease, "namespace": "kube-system"}, "spec": spec})
        else:
            spec["leaseTransitions"] = old.spec.get("leaseTransitions", 0) + 1
            self.server.write_status(old, assoc(old.raw, ("spec",), spec))

    def _control_plane_changed(self) -> None:
        self.cp.invalidate()
        self.loop.schedule(self.loop.now, CP_PRIORITY, "cp_reconcile")
        self.loop.schedule(self.loop.now, CP_PRIORITY + 1, "static_pods")
        self._check_availability()

    def _on_static_pods(self) -> None:
        """Each member's kubelet reports its static pods: Ready while the component runs (the mirror pods are
        written through the API, so this waits for the API when it is down)."""
        for member, comps in self.cp.components.items():
            if not self.kubelets.connected(member):
                continue
            for comp in sorted(comps):
                pod = self.store.objects.get(("Pod", "kube-system", f"{comp}-{member}"))
                if pod is None or pod.phase != "Running":
                    continue
                up = (member, comp) not in self.cp.stopped
                if pod.ready == up:
                    continue
                pod = self.kubelets.set_ready(pod, up)
                if not up:
                    statuses = [dict(st, ready=False, started=False, state={"terminated": {
                        "exitCode": 0, "reason": "Completed", "finishedAt": self.timestamp()}})
                        for st in pod.status.get("containerStatuses") or ()]
                    self.server.write_status(pod, assoc(pod.raw, ("status", "containerStatuses"), statuses))
                    self.recorder.record(pod.key, "Killing", f"Stopping container {comp}", "kubelet")
                else:
                    statuses = [dict(st, ready=True, started=True, state={"running": {"startedAt": self.timestamp()}},
                                     restartCount=st.get("restartCount", 0) + 1)
                                for st in pod.status.get("containerStatuses") or ()]
                    self.server.write_status(pod, assoc(pod.raw, ("status", "containerStatuses"), statuses))
                    self.recorder.record(pod.key, "Started", f"Started container {comp}", "kubelet")

    # views ---------------------------------------------------------------------------------------------
    def control_plane(self):
        """The control plane's state for the UI (see ControlPlaneStatus)."""
        return self.cp.status()

    def cluster(self) -> Cluster:
        """The current simulated state as a model Cluster (objects as stored, in creation order; layout copied
        from the design). A new, independent Cluster each time (sharing the immutable objects).

        Incremental: a mirror of the store is kept and only the objects changed since the previous call are
        applied to it, so a read costs O(changes) plus one shallow copy, not O(objects)."""
        prepared, self._prepared = self._prepared, None
        self._mirror_reads += 1
        touched = self.store.take_touched()
        if self._mirror is None or touched is None:
            self._mirror_full()
        elif touched and not self._mirror_apply(touched):
            self._mirror_full()
        elif prepared is not None and not touched:
            return prepared     # (nothing changed since mirror_steps made it)
        return self._mirror.copy()

    def cluster_steps(self):
        """:meth:`cluster` as a generator (see :mod:`explorer.sim.cooperative`): the first, full mirror of the
        store (~0.5 s at 150,000 pods) is built a chunk at a time, yielding about every few ms; later reads
        are :meth:`cluster` itself (milliseconds)."""
        if self._mirror is None:
            self.store.take_touched()       # the full mirror takes in everything changed so far
            yield from self._mirror_full_steps(Pacer())
        return self.cluster()

    def _mirror_full(self) -> None:
        exhaust(self._mirror_full_steps(None))

    def _mirror_full_steps(self, pacer: Pacer | None):
        self._prepared = None
        store = self.store
        out = Cluster(self.network)
        objs = yield from store.ordered_steps(pacer)
        for start in range(0, len(objs), MIRROR_CHUNK):
            out.add_many(objs[start:start + MIRROR_CHUNK], validate=False)
            if pacer is not None and pacer.due():
                yield
        out.layout = {k: v for k, v in self.layout.items() if k in store.objects}
        self._mirror = out
        self._mirror_order = dict(store.order)
        self._mirror_max = max(self._mirror_order.values(), default=0)

    def mirror_steps(self, pacer: Pacer | None = None):
        """Bring the state mirror up to date with everything changed so far, as a generator (see
        :mod:`explorer.sim.cooperative`) yielding when ``pacer`` (by default a new :class:`Pacer`) is due: the
        next :meth:`cluster` then costs O(changes since). After a seek back, objects the undo brought back
        (pods deleted by a fault) are merged into the mirror's creation order, a pass over every object
        (~0.1-0.2 s at 150,000 pods) that this does in steps and :meth:`cluster` in one go. Stopped half-way
        (``close()``), it leaves no mirror: the next read builds a whole one. Then it copies the mirror in steps
        too, for the next :meth:`cluster` to return if nothing changes before it (20-50 ms in one go at
        150,000 objects)."""
        pacer = pacer or Pacer()
        self._prepared = None
        touched = self.store.take_touched()
        if self._mirror is None or touched is None:
            self._mirror = None
            yield from self._mirror_full_steps(pacer)
        elif touched:
            yield from self._mirror_apply_steps(touched, pacer)
        mirror, reads = self._mirror, self._mirror_reads
        if mirror is None:
            return
        steps = mirror.copy_steps()
        try:
            while True:
                next(steps)
                if pacer.due():
                    yield
        except StopIteration as done:
            # (a read in between may have changed the mirror; touched None: anything may have changed)
            if self._mirror is mirror and self._mirror_reads == reads and self.store.touched == {}:
                self._prepared = done.value
        except RuntimeError:    # the mirror changed meanwhile (a read in between): no copy
            pass

    def _mirror_apply(self, touched: dict) -> bool:
        """Apply the changed keys to the mirror (objects brought back by an undo are merged in at their
        creation order). Returns True (False would ask the caller for a full rebuild)."""
        exhaust(self._mirror_apply_steps(touched, None))
        return True

    def _mirror_apply_steps(self, touched: dict, pacer: Pacer | None):
        """:meth:`_mirror_apply` yielding when ``pacer`` is due (None: never): while it merges objects an
        undo brought back (until that is done ``self._mirror`` is None, see :meth:`mirror_steps`, and it
        stops if a read in between built a whole mirror), and while it lets go of the objects the mirror no
        longer holds, often their last reference (after a seek back at 5,000 nodes: ~1,000 EndpointSlices of a
        later moment, 0.1 s to free at once)."""
        dropped: list = []
        added = self._mirror_take_changes(touched, dropped)
        if added:
            yield from self._mirror_add_steps(added, pacer)
        while dropped:
            del dropped[-FREE_CHUNK:]
            if pacer is not None and pacer.due():
                yield

    def _mirror_take_changes(self, touched: dict, dropped: list) -> list:
        """Apply the removals and replacements among ``touched`` to the mirror (what it held goes to
        ``dropped``); returns the keys to add, in creation order."""
        store, mirror, orders = self.store, self._mirror, self._mirror_order
        objects, order = store.objects, store.order
        added = []
        for key in touched:
            new = objects.get(key)
            had = orders.get(key)
            if had is not None:
                if new is None or order.get(key) != had:   # deleted, or deleted and created again
                    dropped.append(mirror.remove(key))
                    del orders[key]
                    if new is not None:
                        added.append(key)
                else:
                    old = mirror.get(key)
                    if old is not new:
                        mirror.replace(new, validate=False)
                        dropped.append(old)
            elif new is not None:
                added.append(key)
        added.sort(key=order.__getitem__)
        return added

    def _mirror_add_steps(self, added: list, pacer: Pacer | None):
        """Add the objects of the keys ``added`` (in creation order) to the mirror; see
        :meth:`_mirror_apply_steps`."""
        store, mirror, orders = self.store, self._mirror, self._mirror_order
        objects, order = store.objects, store.order
        layout = self.layout
        if order[added[0]] <= self._mirror_max:
            # an undo brought back older objects: merge them into the mirror's order (no sort of everything)
            self._mirror = None     # (until the merge is done)
            merged, i = [], 0
            for n, obj in enumerate(mirror.objects()):
                o = orders[obj.key]
                while i < len(added) and order[added[i]] < o:
                    merged.append(objects[added[i]])
                    i += 1
                merged.append(obj)
                if pacer is not None and n % MIRROR_CHUNK == 0 and pacer.due():
                    yield
                    if self._mirror is not None:
                        return      # a read in between built a whole mirror: it has all of this
            merged += [objects[k] for k in added[i:]]
            out = Cluster(self.network)
            for start in range(0, len(merged), MIRROR_CHUNK):
                out.add_many(merged[start:start + MIRROR_CHUNK], validate=False)
                if pacer is not None and pacer.due():
                    yield
                    if self._mirror is not None:
                        return
            out.layout = mirror.layout
            for key in added:
                orders[key] = order[key]
                pos = layout.get(key)
                if pos is not None:
                    out.layout[key] = pos
            self._mirror = out
            self._mirror_max = max(self._mirror_max, order[added[-1]])
            return
        for key in added:
            mirror.add(objects[key], validate=False)
            orders[key] = order[key]
            pos = layout.get(key)
            if pos is not None:
                mirror.layout[key] = pos
        self._mirror_max = order[added[-1]]

    def node_state(self, name: str) -> dict:
        """{"running", "kubelet", "partitioned", "connected"} for the UI."""
        k = self.kubelets
        return {"running": name not in k.stopped_nodes, "kubelet": name not in k.stopped_kubelets,
                "partitioned": name in k.partitioned, "connected": k.connected(name)}

    def explain(self, namespace: str, pod_name: str):
        """One scheduling cycle for that pod against the current state (``ScheduleResult`` with per-node detail).

        Raises ApiError NotFound."""
        if ("Pod", namespace, pod_name) not in self.store.objects:
            raise not_found("Pod", pod_name)
        from explorer.sim.scheduler import explain_pod
        return explain_pod(self.cluster(), namespace, pod_name, self.config.scheduler_config)

class UserApi(ApiServer):
    """``Simulator.api``: the API server as users (kubectl, the UI) see it. Reads go straight through; writes
    are recorded as timeline inputs (ops "create", "update", "delete"), so seeking back and running forward
    replays them. Same methods, arguments, results and ApiErrors as :class:`ApiServer`."""

    def __init__(self, sim: "Simulator"):   # noqa: super().__init__ is not called: everything delegates
        self._sim = sim

    @property
    def server(self) -> ApiServer:
        return self._sim.server

    @property
    def store(self) -> Store:
        return self._sim.store

    @property
    def watchers(self) -> list:
        return self._sim.server.watchers

    @property
    def resource_version(self) -> int:
        return self._sim.store.resource_version

    def check_available(self) -> None:
        self._sim.server.check_available()

    def get(self, kind: str, namespace: str, name: str) -> KubeObject:
        return self._sim.server.get(kind, namespace, name)

    def list(self, kind: str, namespace: str | None = None, label_selector=None) -> list:
        return self._sim.server.list(kind, namespace, label_selector)

    def create(self, obj) -> KubeObject:
        return self._sim._input("create", obj.raw if isinstance(obj, KubeObject) else obj)

    def update(self, obj) -> KubeObject:
        return self._sim._input("update", obj.raw if isinstance(obj, KubeObject) else obj)

    def delete(self, kind: str, namespace: str, name: str) -> KubeObject:
        return self._sim._input("delete", kind, namespace, name)


def _pod_matters_to_rs(old, new) -> bool:
    if old is None or new is None:
        return True
    return (old.ready != new.ready or old.phase != new.phase
            or bool(old.metadata.get("deletionTimestamp")) != bool(new.metadata.get("deletionTimestamp"))
            or old.labels != new.labels)
