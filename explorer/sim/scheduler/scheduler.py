"""Scheduler: kube-scheduler's scheduling cycle over an incremental cache of nodes and bound pods.

One cycle (``schedule``) is: PreFilter, Filter (nodes in cache order from a rotating start index, stopping
once ``numFeasibleNodesToFind`` feasible nodes are found; each node stops at its first failing plugin),
PostFilter (preemption) when nothing fits, PreScore, Score, NormalizeScore, weighted sum, and a pick among
the best nodes. Ties are broken with a seeded ``random.Random``: among the k tied nodes, taken in cache order,
``rng.randrange(k)`` picks one (the same uniform choice kube-scheduler's reservoir sampling makes, drawn once).

The cycle does not bind: the caller binds and reports the bound pod with :meth:`Scheduler.add_pod`.
"""

from __future__ import annotations

import gc
import random

from explorer.model.objects import KubeObject, Node, Pod
from explorer.sim.scheduler import messages
from explorer.sim.scheduler.config import SchedulerConfig
from explorer.sim.scheduler.framework import UNRESOLVABLE, CycleState, NodeInfo, PodInfo, Snapshot, Status
from explorer.sim.scheduler.plugins import (FILTER_ORDER, SCORE_ORDER, BalancedAllocation, ImageLocality,
                                            InterPodAffinity, NodeAffinity, NodeName, NodePorts, NodeResourcesFit,
                                            NodeUnschedulable, PodTopologySpread, TaintToleration)
from explorer.sim.scheduler.plugins.nodeaffinity import (ERR_REASON_CONFLICT, ERR_REASON_PRE_FILTER,
                                                         pre_filter_node_names)
from explorer.sim.scheduler.result import NodeResult, ScheduleResult

NO_NODES_AVAILABLE = "no nodes available to schedule pods"
WORKLOAD_KINDS = ("ReplicaSet", "StatefulSet", "ReplicationController")
POD_LOG_TRIM_AT = 2048        # bind-log length that triggers trimming the consumed entries
INDEX_PENDING_MAX = 4096      # binds queued for the label index before it catches up unasked


_EMPTY: dict = {}


class IndexRun:
    """Bound pods of one namespace with equal labels (consecutive binds of one template), queued for the label
    index as one entry."""

    __slots__ = ("namespace", "labels", "pods")

    def __init__(self, namespace: str, labels: dict):
        self.namespace, self.labels, self.pods = namespace, labels, []

    def index_keys(self) -> list:
        ns = self.namespace
        return [(ns,)] + [(ns, k, v) for k, v in self.labels.items()]


def build_plugins(config: SchedulerConfig) -> dict:
    plugins = {p.NAME: p for p in (NodeUnschedulable(), NodeName(), NodePorts(), TaintToleration(), NodeAffinity(),
                                   NodeResourcesFit(config.scoring_strategy), BalancedAllocation(),
                                   PodTopologySpread(), InterPodAffinity(), ImageLocality())}
    return {name: p for name, p in plugins.items() if name not in config.disabled}


class Scheduler:
    """A kube-scheduler profile with its own cache.

    Feed it with :meth:`add_node` / :meth:`update_node` / :meth:`remove_node`, bound pods with :meth:`add_pod` /
    :meth:`remove_pod`, and the objects default topology spreading and namespace selectors read (Services,
    ReplicaSets, StatefulSets, ReplicationControllers, Namespaces) with :meth:`add_object` /
    :meth:`remove_object`. ``add_object`` also accepts Nodes and Pods. Nodes are searched in the order they
    were added. Nothing here raises on valid model objects; ``remove_*`` of something unknown is a no-op.
    """

    def __init__(self, config: SchedulerConfig | None = None, seed: int = 0):
        self.config = config or SchedulerConfig()
        self.seed = seed
        self.rng = random.Random(seed)
        self.plugins = build_plugins(self.config)
        self.filters = [self.plugins[n] for n in FILTER_ORDER if n in self.plugins]
        self.scorers = [(self.plugins[n], self.config.weights.get(n, 0)) for n in SCORE_ORDER
                        if n in self.plugins and self.config.weights.get(n, 0) > 0]
        self._nodes: dict[str, NodeInfo] = {}
        self._node_list: list | None = None
        self._pods: dict = {}              # (ns, name) -> PodInfo (its node_name is the node it counts on)
        self._waiting: dict = {}           # node name -> {pod key: PodInfo} bound to a node not in the cache
        self.snapshot = Snapshot()
        self._next_start = 0
        self.generation = 0                # bumped on any change that is not a pod bind/unbind
        self.pod_log: list = []            # (node index, PodInfo, +1 | -1) per bind / unbind, for the fast path
        self._fast = None
        self._recent = None                # the PodInfo of the last cycle, reused when that pod is bound
        self._pod_index: dict = {}         # (ns,) and (ns, label, value) -> {pod key: None}, over self._pods
        self._index_pending: list = []     # IndexRuns of PodInfos added to self._pods but not yet to the index
        self._index_runs: dict = {}        # index key -> [queued IndexRuns with that key]
        self.affinity_pods: dict = {}      # pod key -> PodInfo of counted pods with pod (anti-)affinity terms
        self.affinity_version = 0          # bumped whenever affinity_pods changes

    @property
    def pod_index(self) -> dict:
        """(ns,) and (ns, label, value) -> {pod key: None} over the counted pods (built lazily: binds only
        queue their pod in an :class:`IndexRun`, the index catches up when it is read)."""
        pending = self._index_pending
        if pending:
            index = self._pod_index
            pods = self._pods
            for run in pending:
                keys = [p.key for p in run.pods if pods.get(p.key) is p]   # not removed or replaced since
                if keys:
                    keys = dict.fromkeys(keys)
                    for k in run.index_keys():
                        d = index.get(k)
                        if d is None:
                            index[k] = dict(keys)
                        else:
                            d.update(keys)
            pending.clear()
            self._index_runs.clear()
        return self._pod_index

    def labelled(self, key: tuple) -> tuple:
        """The counted pods under one label-index key, (ns,) or (ns, label, value), without catching the index
        up: (its dict of pod keys, [queued IndexRuns with that key]); a queued run's pods may have been removed
        since (check ``_pods``)."""
        return self._pod_index.get(key, _EMPTY), self._index_runs.get(key, ())

    def queue_index(self, namespace: str, labels: dict) -> "IndexRun":
        """The IndexRun to queue a bound pod of ``namespace`` with ``labels`` in: the last one when it has
        the same namespace and labels, else a new one (the index catches up first when too many wait)."""
        pending = self._index_pending
        if pending:
            last = pending[-1]
            if last.namespace == namespace and last.labels == labels:
                return last
            if len(pending) >= INDEX_PENDING_MAX:
                self.pod_index    # catch up now and then even when nothing reads it
        run = IndexRun(namespace, labels)
        pending.append(run)
        runs = self._index_runs
        for k in run.index_keys():
            queued = runs.get(k)
            if queued is None:
                runs[k] = [run]
            else:
                queued.append(run)
        return run

    # state that a replay needs besides the cache --------------------------------------------------------------
    def get_state(self) -> tuple:
        """(random generator state, rotating start index): restore with :meth:`set_state` on a scheduler fed
        the same cache, and the following cycles decide exactly as this one's would."""
        return self.rng.getstate(), self._next_start

    def set_state(self, state: tuple) -> None:
        rng_state, self._next_start = state
        self.rng.setstate(rng_state)

    # cache ----------------------------------------------------------------------------------------------------
    def nodes(self) -> list:
        """NodeInfos in scheduling order."""
        if self._node_list is None:
            self._node_list = list(self._nodes.values())
            for i, n in enumerate(self._node_list):
                n.index = i
            self.snapshot.nodes = self._node_list
            self.snapshot.by_name = self._nodes
        return self._node_list

    def node_info(self, name: str) -> NodeInfo | None:
        return self._nodes.get(name)

    def _changed(self) -> None:
        self.generation += 1
        self.pod_log.clear()

    def add_node(self, node: Node) -> None:
        if node.name in self._nodes:
            self.update_node(node)
            return
        info = NodeInfo(node)
        for pi in self._waiting.pop(node.name, {}).values():
            info.add_pod(pi)
        self._nodes[node.name] = info
        self._node_list = None
        self._changed()

    def update_node(self, node: Node) -> None:
        """Replace a node, keeping its pods and its place in the search order. A change the plugins do not
        read (conditions, heartbeats, addresses) keeps every cache."""
        old = self._nodes.get(node.name)
        if old is None:
            self.add_node(node)
            return
        info = NodeInfo(node, old.index)
        if info.same_for_scheduling(old):      # a heartbeat or a condition: nothing the plugins read
            old.node = node
            return
        for pi in old.pods.values():
            info.add_pod(pi)
        self._nodes[node.name] = info
        self._node_list = None
        self._changed()

    def remove_node(self, name: str) -> None:
        info = self._nodes.pop(name, None)
        if info is None:
            return
        if info.pods:
            self._waiting[name] = dict(info.pods)
        self._node_list = None
        self._changed()

    def add_pod(self, pod: Pod) -> None:
        """Count a bound pod (``spec.nodeName`` set) on its node. Re-adding a pod replaces it."""
        node_name = pod.node_name
        if not node_name:
            return
        recent = self._recent
        self._recent = None
        pi = recent.rebound(pod) if recent is not None else None
        if pi is None:
            key = (pod.namespace, pod.name)
            if key in self._pods:
                self.remove_pod(pod)
            pi = PodInfo(pod)
        else:
            key = pi.key
            if key in self._pods:
                self.remove_pod(pod)
        self._pods[key] = pi
        self.queue_index(pi.namespace, pi.labels).pods.append(pi)
        if pi.has_affinity:
            self.snapshot.pods_with_affinity += 1
            self.affinity_pods[key] = pi
            self.affinity_version += 1
        info = self._nodes.get(node_name)
        if info is None:
            self._waiting.setdefault(node_name, {})[key] = pi
            return
        info.add_pod(pi)
        log = self.pod_log
        log.append((info, pi, 1))
        if len(log) > POD_LOG_TRIM_AT:
            self._trim_log()

    def _trim_log(self) -> None:
        """Drop the bind-log entries no consumer needs any more (keeps memory and the cyclic GC's work flat)."""
        if self._fast is None:
            self.pod_log.clear()
        else:
            self._fast.trim_log()

    def remove_pod(self, pod) -> None:
        """Forget a bound pod; ``pod`` is a Pod or a (namespace, name) key."""
        key = pod if isinstance(pod, tuple) else (pod.namespace, pod.name)
        pi = self._pods.pop(key, None)
        if pi is None:
            return
        node_name = pi.node_name
        index = self._pod_index
        # the index as it is, without catching up the queued runs (~0.15 s at 150,000 pods, in one piece, for
        # the first removal after many binds): a queued run skips this pod, already out of self._pods
        for k in [(pi.namespace,)] + [(pi.namespace,) + item for item in pi.labels.items()]:
            d = index.get(k)
            if d is not None:
                d.pop(key, None)
                if not d:
                    del index[k]
        if pi.has_affinity:
            self.snapshot.pods_with_affinity -= 1
            self.affinity_pods.pop(key, None)
            self.affinity_version += 1
        info = self._nodes.get(node_name)
        if info is None:
            self._waiting.get(node_name, {}).pop(key, None)
            return
        info.remove_pod(key)
        self.pod_log.append((info, pi, -1))

    def add_object(self, obj: KubeObject) -> None:
        """Nodes, bound Pods, Services, workloads (for default spreading) and Namespaces; others are ignored.

        Re-adding an object is an update; one whose scheduling-relevant fields (a Service's selector, a
        workload's spec.selector, a Namespace's labels) did not change costs nothing."""
        kind = obj.kind
        if kind == "Node":
            self.add_node(obj)
        elif kind == "Pod":
            self.add_pod(obj)
        elif kind == "Service":
            key = (obj.namespace, obj.name)
            old = self.snapshot.services.get(key)
            self.snapshot.services[key] = obj
            if old is None or old.selector != obj.selector:
                self._changed()
        elif kind in WORKLOAD_KINDS:
            key = (kind, obj.namespace, obj.name)
            old = self.snapshot.replica_sets.get(key)
            self.snapshot.replica_sets[key] = obj
            if old is None or old.spec.get("selector") != obj.spec.get("selector"):
                self._changed()
        elif kind == "Namespace":
            old = self.snapshot.namespace_labels.get(obj.name)
            self.snapshot.namespace_labels[obj.name] = obj.labels
            if old != obj.labels:
                self._changed()

    def remove_object(self, obj: KubeObject) -> None:
        kind = obj.kind
        if kind == "Node":
            self.remove_node(obj.name)
        elif kind == "Pod":
            self.remove_pod(obj)
        elif kind == "Service":
            self.snapshot.services.pop((obj.namespace, obj.name), None)
            self._changed()
        elif kind in WORKLOAD_KINDS:
            self.snapshot.replica_sets.pop((kind, obj.namespace, obj.name), None)
            self._changed()
        elif kind == "Namespace":
            self.snapshot.namespace_labels.pop(obj.name, None)
            self._changed()

    # the cycle ------------------------------------------------------------------------------------------------
    def schedule(self, pod: Pod, explain: bool = False, dry_run: bool = False) -> ScheduleResult:
        """Run one scheduling cycle for ``pod`` (which is not bound). Does not bind.

        ``explain`` fills ``result.nodes`` with every examined node's filter verdict and scores. ``dry_run``
        leaves the scheduler's state (rotating start index, random generator) untouched.
        """
        pi = PodInfo(pod)
        self._recent = pi
        if not explain and self.config.fast:
            if self._fast is None:
                from explorer.sim.scheduler.fast import FastPath
                self._fast = FastPath(self)
            selected = self._fast.try_schedule(pi, dry_run)
            if selected is not None:
                return ScheduleResult(pod=f"{pi.namespace}/{pi.name}", selected=selected)
        return self.schedule_generic(pi, explain, dry_run)

    def schedule_batch(self, pods, bind, failed=None) -> list:
        """Schedule and bind ``pods`` one after another: exactly what

            for pod in pods:
                result = self.schedule(pod)
                if result.selected:
                    bound = bind(pod, result.selected)
                    if bound is not None:
                        self.add_pod(bound)
                elif failed is not None:
                    failed(pod, result)

        does (same placements, messages, random draws and rotating start index), faster: consecutive pods of
        one template share the fast path's class state without a per-pod lookup, and Python's cyclic garbage
        collector is paused while the batch runs (binding makes no cyclic garbage; a collection would only walk
        the growing cache).

        ``pods`` may be any iterable (read lazily, one pod after the previous one is bound). ``bind(pod, node
        name)`` binds the pod and returns the bound Pod (``spec.nodeName`` set) for the cache, or None when it
        has already reported the bound pod itself (with :meth:`add_pod`, as a watch does). ``failed(pod,
        result)``, when given, is called for a pod that fits nowhere, before the next pod is scheduled.
        Returns one entry per pod: the node name (str) when it was bound, else the cycle's
        :class:`ScheduleResult` (its ``message``, ``nominated_node`` and ``victims``). Exceptions from
        ``bind`` or ``failed`` propagate; pods before the failing one stay bound.
        """
        out: list = []
        enabled = gc.isenabled()
        gc.disable()
        try:
            if self.config.fast:
                if self._fast is None:
                    from explorer.sim.scheduler.fast import FastPath
                    self._fast = FastPath(self)
                self._fast.schedule_batch(pods, bind, failed, out)
            else:
                for pod in pods:
                    result = self.schedule(pod)
                    if result.selected is None:
                        out.append(result)
                        if failed is not None:
                            failed(pod, result)
                        continue
                    out.append(result.selected)
                    bound = bind(pod, result.selected)
                    if bound is not None:
                        self.add_pod(bound)
        finally:
            if enabled:
                gc.enable()
                gc.collect(0)    # the young collection the pause deferred, here rather than at a random later spot
        return out

    def prepare_steps(self, due):
        """The per-cache-generation state the next :meth:`schedule_batch` would make first (the fast path's
        node arrays and Services index), made now as a generator yielding (None) between pieces when ``due()``
        says so: a caller that runs a batch in pieces keeps each piece short. Changes no decision."""
        if not self.config.fast:
            return
        if self._fast is None:
            from explorer.sim.scheduler.fast import FastPath
            self._fast = FastPath(self)
        yield from self._fast.prepare_steps(due)

    def run_filters(self, state, pi: PodInfo, node: NodeInfo):
        for plugin in self.filters:
            status = plugin.filter(state, pi, node)
            if status is not None:
                return status
        return None

    def schedule_generic(self, pi: PodInfo, explain: bool = False, dry_run: bool = False) -> ScheduleResult:
        """The plain cycle: every plugin, node by node (also what ``explain`` shows)."""
        result = ScheduleResult(pod=f"{pi.namespace}/{pi.name}")
        nodes = self.nodes()
        total_nodes = len(nodes)
        if not total_nodes:
            result.message = NO_NODES_AVAILABLE
            return result
        snapshot = self.snapshot
        state = CycleState()
        for plugin in self.filters:
            plugin.pre_filter(state, pi, snapshot)
        allowed = pre_filter_node_names(pi) if "NodeAffinity" in self.plugins else None
        if allowed is not None and not allowed:
            # PreFilter rejected the pod: every node shares the status, and the message is PreFilter's
            status = Status(UNRESOLVABLE, (ERR_REASON_CONFLICT,), "NodeAffinity")
            failed = [(n, status) for n in nodes]
            if explain:
                result.nodes = [NodeResult(n.name, False, "NodeAffinity", [ERR_REASON_CONFLICT]) for n in nodes]
            post, _ = self.post_filter(state, pi, failed)
            result.message = messages.fit_error(total_nodes, [], post, pre_filter=ERR_REASON_CONFLICT)
            return result
        to_find = self.config.nodes_to_find(total_nodes)
        start = self._next_start % total_nodes
        feasible, failed, rows = [], [], {}
        processed = 0
        if allowed is not None:
            # PreFilterResult: only the named nodes are examined; the others fail with the PreFilter reason
            absent = Status(UNRESOLVABLE, (ERR_REASON_PRE_FILTER,), "NodeAffinity")
            for node in nodes:
                if node.name not in allowed:
                    failed.append((node, absent))
                    if explain:
                        rows[node.name] = NodeResult(node.name, False, "NodeAffinity", [ERR_REASON_PRE_FILTER])
            nodes = [n for n in nodes if n.name in allowed]
            start, total_nodes = 0, len(nodes)
        for i in range(total_nodes):
            node = nodes[(start + i) % total_nodes]
            processed += 1
            status = self.run_filters(state, pi, node)
            if status is None:
                feasible.append(node)
                if explain:
                    rows[node.name] = NodeResult(node.name, True)
                if len(feasible) >= to_find:
                    break
            else:
                failed.append((node, status))
                if explain:
                    rows[node.name] = NodeResult(node.name, False, status.plugin, list(status.reasons))
        if not dry_run and allowed is None:
            self._next_start = (start + processed) % total_nodes
        result.nodes = list(rows.values())
        if not feasible:
            post, nomination = self.post_filter(state, pi, failed)
            result.message = messages.fit_error(len(self.nodes()), [s.reasons for _, s in failed], post)
            if nomination:
                result.nominated_node, result.victims = nomination
            return result
        totals = self.score(state, pi, feasible, rows if explain else None)
        best = max(totals)
        ties = sorted((n.index, n.name) for n, t in zip(feasible, totals) if t == best)
        if len(ties) == 1:
            result.selected = ties[0][1]
        else:
            rng = random.Random() if dry_run else self.rng
            if dry_run:
                rng.setstate(self.rng.getstate())
            result.selected = ties[rng.randrange(len(ties))][1]
        return result

    def score(self, state, pi: PodInfo, feasible: list, rows: dict | None) -> list:
        totals = [0] * len(feasible)
        for plugin, weight in self.scorers:
            if not plugin.pre_score(state, pi, feasible, self.snapshot):
                if rows is not None:
                    for n in feasible:
                        rows[n.name].scores[plugin.NAME] = 0
                continue
            scores = [plugin.score(state, pi, n) for n in feasible]
            if plugin.normalize is not None:
                plugin.normalize(state, pi, feasible, scores)
            for i, s in enumerate(scores):
                totals[i] += s * weight
            if rows is not None:
                for n, s in zip(feasible, scores):
                    rows[n.name].scores[plugin.NAME] = s
        if rows is not None:
            for n, t in zip(feasible, totals):
                rows[n.name].total = t
        return totals

    # PostFilter: DefaultPreemption ----------------------------------------------------------------------------
    def post_filter(self, state, pi: PodInfo, failed: list):
        """Preemption's verdict: (message for FailedScheduling, (nominated node, victims) or None).

        Simplified DefaultPreemption: a node is a candidate when removing every lower-priority pod lets the pod
        pass the filters (against this cycle's PreFilter state); victims are then reprieved highest priority
        first. The candidate with the lowest highest-victim priority, then lowest priority sum, then fewest
        victims, then first in cache order wins. PodDisruptionBudgets are not modelled.
        """
        if pi.preemption_policy == "Never":
            return "preemption: " + messages.NOT_ELIGIBLE_NEVER, None
        reasons, candidates = [], []
        for node, status in failed:
            if status.code == UNRESOLVABLE:
                reasons.append((messages.PREEMPTION_NOT_HELPFUL,))
                continue
            lower = [p for p in node.pods.values() if p.priority < pi.priority]
            if not lower:
                reasons.append((messages.NO_VICTIMS,))
                continue
            removed = {p.key for p in lower}
            again = self.run_filters(state, pi, node.without(removed))
            if again is not None:
                reasons.append(again.reasons)
                continue
            victims = []
            for p in sorted(lower, key=lambda p: (-p.priority, p.key)):
                removed.discard(p.key)
                if self.run_filters(state, pi, node.without(removed)) is not None:
                    removed.add(p.key)
                    victims.append(p)
            candidates.append((max(v.priority for v in victims) if victims else -2**31,
                               sum(v.priority for v in victims), len(victims), node.index, node.name,
                               [v.key for v in victims]))
        if not candidates:
            return "preemption: " + messages.fit_error(len(failed), reasons), None
        best = min(candidates)
        return "", (best[4], best[5])
