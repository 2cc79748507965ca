"""The kubelets, one per node, and each node's machine state.

A node is *connected* while its machine runs, its kubelet runs and it is not partitioned from the control
plane; only then does its kubelet heartbeat, see new pods and write pod status. A pod bound to a node goes:

- t (bound): the kubelet sees it;
- t+1: sandbox created, IP allocated from the node's podCIDR (host network pods use the node's IP); the pod
  is Pending with containers waiting in ContainerCreating; event Pulling ``Pulling image "x"`` or Pulled
  ``Container image "x" already present on machine``;
- t+1+pull (pull = ``image_pull_seconds`` if any image was missing, else 1): Pulled ``Successfully pulled
  image "x" in 2s (2s including waiting)``, Created ``Created container: c``, Started ``Started container c``;
  phase Running; Ready at once, or after ``readinessProbe.initialDelaySeconds`` (at least 1 s) when probed.

Deleting a pod (deletionTimestamp set) on a connected node: Killing ``Stopping container c``, then
``container_stop_seconds`` later the kubelet removes the pod and its IP is released. On an unreachable node
the pod stays Terminating until the node comes back. A stopped machine stops its containers; when it starts
again every remaining pod's sandbox is re-created (SandboxChanged) and its containers start again, keeping
the pod's IP. A full podCIDR gives Warning FailedCreatePodSandBox and the pod waits for a free address.
"""

from __future__ import annotations

import hashlib

from explorer.sim.api import ApiError
from explorer.sim.journal import JournaledDict
from explorer.sim.patch import assoc

COMPONENT = "kubelet"
PRIORITY = 40
RECONNECTED, REBOOTED, RESTARTED = 0, 1, 2


def _container_names(pod) -> list:
    return [c.get("name", "") for c in pod.containers]


class Kubelets:
    def __init__(self, sim):
        self.sim = sim
        self.stopped_nodes: set = set()
        self.stopped_kubelets: set = set()
        self.partitioned: set = set()
        self.last_heartbeat: dict[str, int] = {}     # only for nodes that stopped heartbeating
        self.images: dict[str, frozenset] = {}
        self.waiting_ip: dict[str, dict] = {}        # node -> {pod key: None} waiting for a free IP
        self.runtime_down: set = set()               # nodes whose container runtime is stopped
        self.started = JournaledDict()               # pod key -> uid the kubelet is running or starting

    # connectivity --------------------------------------------------------------------------------------
    def connected(self, node: str) -> bool:
        return node not in self.stopped_nodes and node not in self.stopped_kubelets and node not in self.partitioned

    def heartbeat_phase(self, node: str) -> int:
        return sum(node.encode()) % self.sim.config.heartbeat_period

    def last_heartbeat_before(self, node: str, t: int) -> int:
        period = self.sim.config.heartbeat_period
        return t - ((t - self.heartbeat_phase(node)) % period)

    def set_connectivity(self, node: str, change) -> None:
        """Apply ``change()`` (which edits the sets) and tell the node lifecycle controller what it means."""
        was = self.connected(node)
        was_running = node not in self.stopped_nodes
        kubelet_was_running = node not in self.stopped_kubelets
        change()
        now = self.sim.loop.now
        if was and not self.connected(node):
            last = self.last_heartbeat_before(node, now)
            self.last_heartbeat[node] = last
            self.sim.node_lifecycle.heartbeats_stopped(node, last)
        elif not was and self.connected(node):
            self.last_heartbeat.pop(node, None)
            how = REBOOTED if not was_running else (RESTARTED if not kubelet_was_running else RECONNECTED)
            self.sim.loop.schedule(now, PRIORITY, "kubelet_rejoin", node, how)
        if was_running and node in self.stopped_nodes:
            for key in sorted(self.sim.store.pods_by_node.get(node, ())):
                self.started.pop(key, None)

    def rejoin(self, node_name: str, how: int) -> None:
        """The kubelet reaches the API again (``how``: RECONNECTED after a partition, RESTARTED kubelet,
        REBOOTED machine): a (re)started kubelet announces itself, posts Ready, then syncs every pod bound
        to the node."""
        sim = self.sim
        rebooted = how == REBOOTED
        if not self.connected(node_name):
            return
        node = sim.store.objects.get(("Node", "", node_name))
        if node is None:
            return
        if how != RECONNECTED:
            rec = sim.recorder
            rec.record(node.key, "Starting", "Starting kubelet.", COMPONENT)
            rec.record(node.key, "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods", COMPONENT)
            for cond_name in ("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"):
                rec.record(node.key, cond_name, f"Node {node_name} status is now: {cond_name}", COMPONENT)
            if rebooted:
                rec.warn(node.key, "Rebooted", f"Node {node_name} has been rebooted, boot id: {sim.new_uid()}",
                         COMPONENT)
        was_ready = node.conditions.get("Ready") == "True"
        if not was_ready:
            sim.server.write_status(node, assoc(node.raw, ("status", "conditions"), ready_conditions(sim.timestamp())))
        if not was_ready or how != RECONNECTED:
            sim.recorder.record(node.key, "NodeReady", f"Node {node_name} status is now: NodeReady", COMPONENT)
        sim.node_lifecycle.heartbeats_resumed(node_name)
        for key in sorted(sim.store.pods_by_node.get(node_name, ())):
            pod = sim.store.objects.get(key)
            if pod is None:
                continue
            if pod.metadata.get("deletionTimestamp"):
                self.kill(pod)
            elif rebooted and pod.phase not in ("Succeeded", "Failed"):
                self.started.pop(key, None)
                if pod.pod_ip:
                    sim.recorder.record(key, "SandboxChanged", "Pod sandbox changed, it will be killed and "
                                                               "re-created.", COMPONENT)
                self.pod_bound(pod)
            elif pod.status.get("phase") == "Running" and not pod.ready:
                sim.loop.schedule(sim.loop.now + 1, PRIORITY, "kubelet_ready", key[1], key[2], pod.uid)
            elif key not in self.started:
                self.pod_bound(pod)

    # pod lifecycle -------------------------------------------------------------------------------------
    def pod_bound(self, pod) -> None:
        """A pod was bound to a node (or the node came back): start it if the node is connected."""
        node = pod.node_name
        if not node or not self.connected(node) or pod.key in self.started:
            return
        self.started[pod.key] = pod.uid
        self.sim.loop.schedule(self.sim.loop.now + 1, PRIORITY, "kubelet_sandbox", pod.namespace, pod.name,
                               pod.uid)

    def _current(self, namespace, name, uid):
        pod = self.sim.store.objects.get(("Pod", namespace, name))
        if pod is None or pod.uid != uid or pod.metadata.get("deletionTimestamp"):
            return None
        if not self.connected(pod.node_name) or self.started.get(pod.key) != uid:
            return None
        return pod

    def not_ready(self, node_name: str) -> None:
        """The kubelet reports NotReady (its container runtime is down)."""
        sim = self.sim
        node = sim.store.objects.get(("Node", "", node_name))
        if node is None or node_name not in self.runtime_down or not self.connected(node_name):
            return
        ts = sim.timestamp()
        conditions = [c if c.get("type") != "Ready" else
                      dict(c, status="False", reason="KubeletNotReady", lastTransitionTime=ts, lastHeartbeatTime=ts,
                           message="container runtime is down, PLEG is not healthy: pleg was last seen active "
                                   "3m0s ago; threshold is 3m0s")
                      for c in node.status.get("conditions") or ready_conditions(ts)]
        sim.server.write_status(node, assoc(node.raw, ("status", "conditions"), conditions))
        sim.recorder.record(node.key, "NodeNotReady", f"Node {node_name} status is now: NodeNotReady", COMPONENT)
        sim.node_lifecycle.reported_not_ready(node_name)

    def sandbox(self, namespace: str, name: str, uid: str) -> None:
        sim = self.sim
        pod = self._current(namespace, name, uid)
        if pod is None:
            return
        if pod.node_name in self.runtime_down:     # retried when the runtime is back (kubelet resync)
            self.started.pop(pod.key, None)
            return
        node = sim.store.objects.get(("Node", "", pod.node_name))
        if node is None:
            return
        if pod.spec.get("hostNetwork"):
            ip = node.internal_ip
        else:
            try:
                ip = sim.allocate_pod_ip(pod)
            except Exception as exc:  # IpamExhausted: the CNI's own message
                self.waiting_ip.setdefault(pod.node_name, {})[pod.key] = None
                sim.recorder.warn(pod.key, "FailedCreatePodSandBox",
                                  f'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup '
                                  f'network for sandbox "{sandbox_id(pod.uid)}": plugin type="bridge" failed (add): {exc}',
                                  COMPONENT)
                return
        now_ts = sim.timestamp()
        names = _container_names(pod)
        waiting = [{"name": c.get("name", ""), "image": c.get("image", ""), "imageID": "", "ready": False,
                    "restartCount": 0, "started": False, "state": {"waiting": {"reason": "ContainerCreating"}}}
                   for c in pod.containers]
        status = {"phase": "Pending", "hostIP": node.internal_ip, "hostIPs": [{"ip": node.internal_ip}],
                  "podIP": ip, "podIPs": [{"ip": ip}], "startTime": now_ts, "qosClass": qos_class(pod),
                  "conditions": [
                      cond("PodReadyToStartContainers", True, now_ts), cond("Initialized", True, now_ts),
                      cond("Ready", False, now_ts, "ContainersNotReady",
                           f"containers with unready status: [{' '.join(names)}]"),
                      cond("ContainersReady", False, now_ts, "ContainersNotReady",
                           f"containers with unready status: [{' '.join(names)}]"),
                      cond("PodScheduled", True, now_ts)],
                  "containerStatuses": waiting}
        try:
            sim.server.write_status(pod, assoc(pod.raw, ("status",), status))
        except ApiError:
            if not pod.spec.get("hostNetwork"):     # keep IPAM equal to what the store says
                sim.ipam.release_pod_ip(pod.node_name, ip)
            raise
        have = self.images.get(pod.node_name, frozenset())
        missing = [c.get("image", "") for c in pod.containers if c.get("image", "") not in have]
        for c in pod.containers:
            image = c.get("image", "")
            if image in missing:
                sim.recorder.record(pod.key, "Pulling", f'Pulling image "{image}"', COMPONENT)
            else:
                sim.recorder.record(pod.key, "Pulled", f'Container image "{image}" already present on machine',
                                    COMPONENT)
        delay = sim.config.image_pull_seconds if missing else 1
        sim.loop.schedule(sim.loop.now + delay, PRIORITY, "kubelet_start", namespace, name, uid,
                          tuple(dict.fromkeys(missing)))

    def start(self, namespace: str, name: str, uid: str, pulled: tuple) -> None:
        sim = self.sim
        pod = self._current(namespace, name, uid)
        if pod is None:
            return
        secs = sim.config.image_pull_seconds
        for image in pulled:
            sim.recorder.record(pod.key, "Pulled", f'Successfully pulled image "{image}" in {secs}s '
                                                   f'({secs}s including waiting)', COMPONENT)
        self.images[pod.node_name] = self.images.get(pod.node_name, frozenset()) | frozenset(pulled)
        now_ts = sim.timestamp()
        statuses = []
        restarts = {s.get("name"): s.get("restartCount", 0) for s in pod.status.get("containerStatuses") or ()}
        for c in pod.containers:
            cname = c.get("name", "")
            sim.recorder.record(pod.key, "Created", f"Created container: {cname}", COMPONENT)
            sim.recorder.record(pod.key, "Started", f"Started container {cname}", COMPONENT)
            statuses.append({"name": cname, "image": c.get("image", ""), "imageID": "", "ready": False,
                             "restartCount": restarts.get(cname, 0), "started": True,
                             "containerID": f"containerd://{uid.replace('-', '')}{len(statuses)}",
                             "state": {"running": {"startedAt": now_ts}}})
        raw = assoc(pod.raw, ("status", "phase"), "Running")
        raw = assoc(raw, ("status", "containerStatuses"), statuses)
        pod = sim.server.write_status(pod, raw)
        delays = [int((c.get("readinessProbe") or {}).get("initialDelaySeconds", 0) or 0) for c in pod.containers
                  if c.get("readinessProbe")]
        if delays:
            sim.loop.schedule(sim.loop.now + max(1, max(delays)), PRIORITY, "kubelet_ready", namespace, name, uid)
        else:
            self.set_ready(pod, True)

    def ready(self, namespace: str, name: str, uid: str) -> None:
        pod = self._current(namespace, name, uid)
        if pod is not None and pod.phase == "Running":
            self.set_ready(pod, True)

    def set_ready(self, pod, ready: bool, reason: str | None = "ContainersNotReady"):
        """Write the Ready and ContainersReady conditions (and container ready flags)."""
        sim = self.sim
        now_ts = sim.timestamp()
        names = _container_names(pod)
        conditions = []
        for c in pod.status.get("conditions") or ():
            if c.get("type") in ("Ready", "ContainersReady"):
                if ready:
                    c = cond(c["type"], True, now_ts)
                elif reason:
                    c = cond(c["type"], False, now_ts, reason, f"containers with unready status: "
                                                              f"[{' '.join(names)}]")
                else:
                    c = cond(c["type"], False, now_ts) if c["type"] == "ContainersReady" else \
                        {"type": "Ready", "status": "False", "lastProbeTime": None, "lastTransitionTime": now_ts}
            conditions.append(c)
        raw = assoc(pod.raw, ("status", "conditions"), conditions)
        statuses = [dict(s, ready=ready) for s in pod.status.get("containerStatuses") or ()]
        if statuses:
            raw = assoc(raw, ("status", "containerStatuses"), statuses)
        return sim.server.write_status(pod, raw)

    def kill(self, pod) -> None:
        """The pod was marked for deletion: stop its containers, then remove it (if the node is reachable)."""
        sim = self.sim
        if not pod.node_name or not self.connected(pod.node_name):
            return
        if pod.key in self.started:
            for cname in _container_names(pod):
                sim.recorder.record(pod.key, "Killing", f"Stopping container {cname}", COMPONENT)
        self.started.pop(pod.key, None)
        sim.loop.schedule(sim.loop.now + sim.config.container_stop_seconds, PRIORITY, "kubelet_remove",
                          pod.namespace, pod.name, pod.uid)

    def remove(self, namespace: str, name: str, uid: str) -> None:
        sim = self.sim
        pod = sim.store.objects.get(("Pod", namespace, name))
        if pod is None or pod.uid != uid or not self.connected(pod.node_name):
            return
        sim.server.delete("Pod", namespace, name, grace=False)

    def ip_released(self, node: str) -> None:
        waiting = self.waiting_ip.pop(node, None)
        for key in waiting or ():
            pod = self.sim.store.objects.get(key)
            if pod is not None and not pod.pod_ip and self.started.get(key) == pod.uid:
                self.sim.loop.schedule(self.sim.loop.now + 1, PRIORITY, "kubelet_sandbox", key[1], key[2], pod.uid)

    def state(self, full: bool = False):
        """Copies of the small state; ``started`` as a journal mark (plus a full copy when ``full``, used
        when the mark is no longer valid)."""
        return (set(self.runtime_down), set(self.stopped_nodes), set(self.stopped_kubelets), set(self.partitioned), dict(self.last_heartbeat),
                dict(self.images), {k: dict(v) for k, v in self.waiting_ip.items()},
                (self.started.mark(), dict(self.started) if full else None))

    def load(self, state) -> None:
        (runtime_down, stopped, kubelets, partitioned, hb, images, waiting, started) = state
        self.runtime_down = set(runtime_down)
        self.stopped_nodes, self.stopped_kubelets, self.partitioned = set(stopped), set(kubelets), set(partitioned)
        self.last_heartbeat, self.images = dict(hb), dict(images)
        self.waiting_ip = {k: dict(v) for k, v in waiting.items()}
        mark, copy = started
        if self.started.valid(mark):
            self.started.undo_to(mark)
        else:
            self.started.load_full(copy)


def sandbox_id(uid: str) -> str:
    """A containerd-style 64-hex sandbox id, derived from the pod's uid."""
    return hashlib.sha256(uid.encode()).hexdigest()


def cond(type_: str, ok: bool, ts: str, reason: str | None = None, message: str | None = None) -> dict:
    c = {"type": type_, "status": "True" if ok else "False", "lastProbeTime": None, "lastTransitionTime": ts}
    if reason:
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


def ready_conditions(ts: str) -> list:
    """A healthy node's conditions as the kubelet posts them."""
    return [
        {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": ts, "lastTransitionTime": ts,
         "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
        {"type": "DiskPressure", "status": "False", "lastHeartbeatTime": ts, "lastTransitionTime": ts,
         "reason": "KubeletHasNoDiskPressure", "message": "kubelet has no disk pressure"},
        {"type": "PIDPressure", "status": "False", "lastHeartbeatTime": ts, "lastTransitionTime": ts,
         "reason": "KubeletHasSufficientPID", "message": "kubelet has sufficient PID available"},
        {"type": "Ready", "status": "True", "lastHeartbeatTime": ts, "lastTransitionTime": ts,
         "reason": "KubeletReady", "message": "kubelet is posting ready status"},
    ]


def qos_class(pod) -> str:
    """BestEffort (no requests or limits), Guaranteed (every container's cpu and memory limits set and equal
    to its requests), else Burstable."""
    any_set = False
    guaranteed = True
    for c in pod.containers:
        res = c.get("resources")
        if not res:
            guaranteed = False
            continue
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        if req or lim:
            any_set = True
        if guaranteed and not (lim.get("cpu") and lim.get("memory") and req.get("cpu", lim["cpu"]) == lim["cpu"]
                               and req.get("memory", lim["memory"]) == lim["memory"]):
            guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


__all__ = ["Kubelets", "ApiError", "cond", "ready_conditions", "qos_class"]
