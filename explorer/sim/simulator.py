"""The Simulator: a deterministic run of a cluster design.

It loads a design (:class:`~explorer.model.Cluster`, never mutated) into the API server's store as an
already-running cluster (nodes registered and Ready, control-plane static pods running, Services with IPs)
and then lets the controllers, the scheduler and the kubelets do what Kubernetes does, one simulated second
at a time. Every user operation and fault is an *input*: it is applied at the current moment and recorded,
so :meth:`seek` can go back to any earlier moment (nearest snapshot, then replay) and running forward again
with the same inputs reproduces the same events. See docs/simulation.md for timings and simplifications.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from explorer.model.cluster import Cluster
from explorer.model.builders import stable_uid
from explorer.model.objects import CONTROL_PLANE_LABEL, KubeObject, from_dict
from explorer.net.ipam import Ipam, IpamConflict, IpamError, IpamExhausted
from explorer.sim import naming
from explorer.sim.api import ApiError, ApiServer, Store, not_found
from explorer.sim.controllers import (DeploymentController, EndpointSliceController, GarbageCollector,
                                      NodeLifecycleController, ReplicaSetController)
from explorer.sim.controllers.nodelifecycle import UNSCHEDULABLE
from explorer.sim.controlplane import COMPONENTS, LEASE_DURATION, LEASES, ControlPlane
from explorer.sim.events import EventRecorder
from explorer.sim.kubelet import Kubelets, cond, qos_class, ready_conditions
from explorer.sim.loop import EventLoop
from explorer.sim.patch import assoc
from explorer.sim.scheduling import SchedulingQueue

DEFAULT_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
DEFAULT_TOLERATIONS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
CP_PRIORITY = 0


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


@dataclass(frozen=True)
class Snapshot:
    """The whole simulator state at ``time``; opaque. ``events`` is the number of events so far.

    ``full`` snapshots (from :meth:`Simulator.snapshot`) copy everything and stay valid forever; the
    timeline's own snapshots hold only a mark in the store's journal."""

    time: int
    processed: int
    events: int
    state: tuple
    full: bool = False


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
}
_INTERNAL_OPS = {"_schedule": ("_op_schedule", 3)}


class Simulator:
    """See the module docstring and docs/simulation.md.

    Public state: ``api`` (the ApiServer), ``now`` (seconds), ``events`` (list of Event).
    Raises ApiError for unknown objects named by operations and ValueError for bad operation arguments.
    """

    def __init__(self, design: Cluster, seed: int = 0, config: SimConfig | None = None):
        self.seed = seed
        self.config = config or SimConfig()
        self.network = design.network
        self.layout = dict(design.layout)
        self.loop = EventLoop()
        self._ts_cache = (None, "")
        self._node_ips = None
        self._cluster_cache = None
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
        self._load(design)
        self.server.watchers.append(self._on_change)
        self._kickoff()

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

    # hooks the ApiServer calls -------------------------------------------------------------------------
    def new_uid(self) -> str:
        return naming.new_uid(self.rng)

    def generate_name(self, prefix: str) -> str:
        return prefix + naming.random_suffix(self.rng)

    def admit_create(self, obj: KubeObject) -> KubeObject:
        kind = obj.kind
        if kind == "Pod":
            return self._admit_pod(obj)
        if kind == "Service":
            return self._admit_service(obj, None, strict=True)
        if kind == "Node":
            return self._admit_node(obj)
        return obj

    def admit_update(self, old: KubeObject, new: KubeObject) -> KubeObject:
        if new.kind == "Service":
            return self._admit_service(new, old, strict=True)
        if new.kind == "Node" and old.pod_cidr and not new.pod_cidr:
            return type(new)(assoc(new.raw, ("spec", "podCIDR"), old.pod_cidr))
        return new

    def admit_delete(self, obj: KubeObject):
        """Pods running on a node are only marked for deletion (the kubelet finishes it)."""
        if obj.kind == "Pod" and obj.node_name and obj.phase not in ("Succeeded", "Failed"):
            raw = assoc(obj.raw, ("metadata", "deletionTimestamp"), naming.timestamp(self.loop.now + 30))
            raw = assoc(raw, ("metadata", "deletionGracePeriodSeconds"), 30)
            return type(obj)(raw)
        return None

    def _admit_pod(self, pod):
        raw = pod.raw
        spec = raw.get("spec") or {}
        tolerations = list(spec.get("tolerations") or ())
        for key in DEFAULT_TOLERATIONS:
            if not any(t.get("key") == key and t.get("effect") in ("NoExecute", None, "") for t in tolerations) \
                    and not any(t.get("operator") == "Exists" and not t.get("key") for t in tolerations):
                tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                    "tolerationSeconds": self.config.default_toleration_seconds})
        raw = assoc(raw, ("spec", "tolerations"), tolerations)
        for field, value in (("restartPolicy", "Always"), ("schedulerName", "default-scheduler"),
                             ("terminationGracePeriodSeconds", 30), ("dnsPolicy", "ClusterFirst")):
            if field not in spec:
                raw = assoc(raw, ("spec", field), value)
        if not raw.get("status"):
            raw = assoc(raw, ("status",), {"phase": "Pending", "qosClass": qos_class(pod)})
        return type(pod)(raw)

    def _admit_service(self, svc, old, strict: bool):
        holder = f"{svc.namespace}/{svc.name}"
        raw = svc.raw
        spec = dict(raw.get("spec") or {})
        try:
            if old is not None and old.cluster_ip and not spec.get("clusterIP"):
                spec["clusterIP"] = old.cluster_ip
            if spec.get("clusterIP") != "None" and spec.get("type") != "ExternalName":
                wanted = spec.get("clusterIP") or ""
                if not (old is not None and wanted and wanted == old.cluster_ip):
                    spec["clusterIP"] = self.ipam.allocate_cluster_ip(holder, wanted)
                spec["clusterIPs"] = [spec["clusterIP"]]
            spec.setdefault("type", "ClusterIP")
            spec.setdefault("sessionAffinity", "None")
            spec.setdefault("ipFamilies", ["IPv4"])
            spec.setdefault("ipFamilyPolicy", "SingleStack")
            if spec["type"] in ("NodePort", "LoadBalancer"):
                spec.setdefault("externalTrafficPolicy", "Cluster")
                old_ports = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort")
                             for p in (old.spec.get("ports") if old is not None else None) or ()}
                ports = []
                for p in spec.get("ports") or ():
                    p = dict(p)
                    p.setdefault("protocol", "TCP")
                    wanted_port = p.get("nodePort") or old_ports.get((p.get("port"), p["protocol"]))
                    p["nodePort"] = self.ipam.allocate_node_port(holder, wanted_port)
                    ports.append(p)
                spec["ports"] = ports
        except IpamConflict as exc:
            if strict:
                raise ApiError("Invalid", f'Service "{svc.name}" is invalid: spec.clusterIPs: Invalid value: '
                                          f'["{spec.get("clusterIP", "")}"]: {exc}') from None
            self.recorder.warn(svc.key, "ClusterIPNotAllocated", str(exc), "ipallocator-repair-controller")
        except IpamExhausted as exc:
            if strict:
                raise ApiError("InternalError", f"Internal error occurred: {exc}") from None
            self.recorder.warn(svc.key, "ClusterIPNotAllocated", str(exc), "ipallocator-repair-controller")
        raw = dict(raw, spec=spec)
        if spec.get("type") == "LoadBalancer":
            raw = self._assign_lb(svc, raw)
        return type(svc)(raw)

    def _assign_lb(self, svc, raw: dict) -> dict:
        holder = f"{svc.namespace}/{svc.name}"
        ingress = ((raw.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        for entry in ingress:
            if entry.get("ip") and self.ipam.claim_lb_ip(holder, entry["ip"]):
                return raw
        try:
            ip = self.ipam.allocate_lb_ip(holder)
        except IpamExhausted as exc:
            self.recorder.warn(svc.key, "AllocationFailed", f'Failed to allocate IP for "{holder}": {exc}',
                               "metallb-controller")
            return raw
        self.recorder.record(svc.key, "IPAllocated", f'Assigned IP ["{ip}"]', "metallb-controller")
        return assoc(raw, ("status",), {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}})

    def _admit_node(self, node):
        raw = node.raw
        try:
            cidr = self.ipam.assign_node_cidr(node.name, node.pod_cidr)
            raw = assoc(raw, ("spec", "podCIDR"), cidr)
            raw = assoc(raw, ("spec", "podCIDRs"), [cidr])
        except IpamError as exc:
            self.recorder.record(node.key, "CIDRNotAvailable", str(exc), "cidrAllocator", "Warning")
        if not node.internal_ip:
            raw = assoc(raw, ("status", "addresses"), [{"type": "InternalIP", "address": self._node_ip()},
                                                       {"type": "Hostname", "address": node.name}])
        if not node.status.get("conditions"):
            raw = assoc(raw, ("status", "conditions"), ready_conditions(self.timestamp()))
        if not node.uid:
            raw = assoc(raw, ("metadata", "uid"), stable_uid("Node", node.name))
        return type(node)(raw)

    def _node_ip(self) -> str:
        """A free address for a node drawn without one (172.18.0.0/16, as kind's network)."""
        if self._node_ips is None:
            self._node_ips = {n.internal_ip for n in self.store.by_kind.get("Node", {}).values()}
            self._node_ip_next = 2
        i = self._node_ip_next
        while True:
            ip = f"172.18.{i // 256}.{i % 256}"
            if ip not in self._node_ips and i % 256 not in (0, 255):
                self._node_ips.add(ip)
                self._node_ip_next = i + 1
                return ip
            i += 1

    def allocate_pod_ip(self, pod) -> str:
        return self.ipam.allocate_pod_ip(pod.node_name, f"{pod.namespace}/{pod.name}", pod.pod_ip)

    # loading the design --------------------------------------------------------------------------------
    def _load(self, design: Cluster) -> None:
        store = self.store
        objs = list(design)
        names = {o.name for o in objs if o.kind == "Namespace"}
        wanted_ns = [n for n in DEFAULT_NAMESPACES if n not in names]
        wanted_ns += sorted({o.namespace for o in objs if o.namespace and o.namespace not in names} - set(wanted_ns))
        ns_objs = [from_dict({"apiVersion": "v1", "kind": "Namespace",
                              "metadata": {"name": n, "labels": {"kubernetes.io/metadata.name": n}}})
                   for n in wanted_ns]
        managed_slices = {(o.namespace, o.name) for o in objs if o.kind == "Service" and o.selector}
        adopted = set()
        ordered = ns_objs + [o for o in objs if o.kind == "Namespace"] + \
            [o for o in objs if o.kind == "Node"] + [o for o in objs if o.kind not in ("Namespace", "Node")]
        ts = self.timestamp()
        for obj in ordered:
            if obj.kind == "EndpointSlice" and (obj.namespace, obj.service_name) in managed_slices:
                svc_key = ("Service", obj.namespace, obj.service_name)
                if svc_key in adopted:      # the controller keeps one slice per Service
                    continue
                adopted.add(svc_key)
                self.endpointslices.slice_names[svc_key] = obj.name
            meta = dict(obj.metadata)
            if not meta.get("uid"):
                meta["uid"] = stable_uid("Node", obj.name) if obj.kind == "Node" else self.new_uid()
            meta.setdefault("creationTimestamp", ts)
            if obj.namespaced:
                meta["namespace"] = obj.namespace
            if "spec" in obj.raw:
                meta.setdefault("generation", 1)
            obj = type(obj)(dict(obj.raw, metadata=meta))
            if obj.kind == "Node":
                obj = self._admit_node(obj)
            elif obj.kind == "Service":
                obj = self._admit_service(obj, None, strict=False)
            elif obj.kind == "Pod":
                obj = self._admit_pod(obj)
            store.resource_version += 1
            store.put(type(obj)(assoc(obj.raw, ("metadata", "resourceVersion"), str(store.resource_version))))
        if ("Service", "default", "kubernetes") not in store.objects:
            self._put_kubernetes_service()
        self._fix_owner_refs()
        self._load_pods()
        self._build_control_plane()

    def _put_kubernetes_service(self) -> None:
        raw = {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": "kubernetes", "namespace": "default", "uid": self.new_uid(),
                            "creationTimestamp": self.timestamp(),
                            "labels": {"component": "apiserver", "provider": "kubernetes"}},
               "spec": {"clusterIP": self.network.api_server_ip, "type": "ClusterIP",
                        "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}}
        svc = self._admit_service(from_dict(raw), None, strict=False)
        self.store.resource_version += 1
        self.store.put(type(svc)(assoc(svc.raw, ("metadata", "resourceVersion"), str(self.store.resource_version))))

    def _fix_owner_refs(self) -> None:
        store = self.store
        for key, obj in list(store.objects.items()):
            refs = obj.owner_references
            if not refs or all(r.get("uid") in store.by_uid for r in refs):
                continue
            fixed = []
            for r in refs:
                if r.get("uid") not in store.by_uid:
                    owner = store.objects.get((r.get("kind"), obj.namespace if r.get("kind") != "Node" else "",
                                               r.get("name")))
                    if owner is not None:
                        r = dict(r, uid=owner.uid)
                fixed.append(r)
            store.put(type(obj)(assoc(obj.raw, ("metadata", "ownerReferences"), fixed)))
        # adopt pods a ReplicaSet selects but nobody controls
        rss = [r for r in store.by_kind.get("ReplicaSet", {}).values()]
        if rss:
            for pod in list(store.by_kind.get("Pod", {}).values()):
                if pod.controller_owner is None and not pod.owner_references:
                    rs = next((r for r in rss if r.namespace == pod.namespace and r.selector
                               and r.selects(pod.labels)), None)
                    if rs is not None:
                        ref = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs.name, "uid": rs.uid,
                               "controller": True, "blockOwnerDeletion": True}
                        store.put(type(pod)(assoc(pod.raw, ("metadata", "ownerReferences"), [ref])))

    def _load_pods(self) -> None:
        """Pods of the design that already run keep their IP; control-plane static pods are running."""
        store = self.store
        ts = self.timestamp()
        conditions = [cond(t, True, ts) for t in ("PodReadyToStartContainers", "Initialized", "Ready",
                                                  "ContainersReady", "PodScheduled")]   # shared: immutable
        images: dict = {}
        for pod in list(store.by_kind.get("Pod", {}).values()):
            node = store.objects.get(("Node", "", pod.node_name)) if pod.node_name else None
            if node is None:
                continue
            running = pod.status.get("phase") == "Running"
            if not (pod.is_static or running):
                continue
            if pod.spec.get("hostNetwork"):
                ip = node.internal_ip
            else:
                try:
                    ip = self.allocate_pod_ip(pod)
                except IpamError:
                    continue
            names = [c.get("name", "") for c in pod.containers]
            status = dict(pod.status)
            status.update({"phase": "Running", "hostIP": node.internal_ip, "hostIPs": [{"ip": node.internal_ip}],
                           "podIP": ip, "podIPs": [{"ip": ip}], "startTime": status.get("startTime", ts),
                           "qosClass": qos_class(pod)})
            status["conditions"] = conditions
            status["containerStatuses"] = [
                {"name": n, "image": c.get("image", ""), "imageID": "", "ready": True, "restartCount": 0,
                 "started": True, "state": {"running": {"startedAt": ts}}} for n, c in zip(names, pod.containers)]
            self.kubelets.started[pod.key] = pod.uid
            images.setdefault(pod.node_name, set()).update(c.get("image", "") for c in pod.containers)
            store.put(type(pod)(assoc(pod.raw, ("status",), status)))
        for node, names in images.items():
            self.kubelets.images[node] = self.kubelets.images.get(node, frozenset()) | frozenset(names)

    def _build_control_plane(self) -> None:
        store = self.store
        members = {}
        for node in store.by_kind.get("Node", {}).values():
            if CONTROL_PLANE_LABEL in node.labels:
                comps = {c for c in COMPONENTS if ("Pod", "kube-system", f"{c}-{node.name}") in store.objects}
                members[node.name] = comps or set(COMPONENTS)
        self.cp = ControlPlane(members, self._member_reachable)
        self.server._gate = self.cp.unavailable_reason
        for lease in LEASES:
            self.cp.identities[lease] = ""

    def _member_reachable(self, name: str) -> bool:
        k = self.kubelets
        return name not in k.stopped_nodes and name not in k.partitioned

    def _kickoff(self) -> None:
        """Queue the initial work: leader election, every workload, every Service, pending pods, kubelets."""
        store = self.store
        self.loop.schedule(0, CP_PRIORITY, "cp_reconcile")
        for key in store.by_kind.get("Deployment", {}):
            self.deployments.enqueue(key)
        for key in store.by_kind.get("ReplicaSet", {}):
            self.replicasets.enqueue(key)
        for svc in store.by_kind.get("Service", {}).values():
            self.endpointslices.service_changed(None, svc)
        for pod in store.by_kind.get("Pod", {}).values():
            self.endpointslices.pod_changed(None, pod)
            if not pod.node_name:
                self.scheduling.add(pod.key)
            elif pod.key not in self.kubelets.started:
                self.kubelets.pod_bound(pod)
        for node_name in sorted(set(store.pods_by_node) - {k[2] for k in store.by_kind.get("Node", {})}):
            self.loop.schedule(0, 26, "podgc", node_name)     # pods bound to a node that does not exist
        for key, obj in store.objects.items():
            refs = obj.owner_references
            if refs and all(r.get("uid") not in store.by_uid for r in refs):
                for r in refs:
                    self.gc.enqueue(r.get("uid"))

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
            if new is None:
                self.ipam.release_node_cidr(old.name)
                self.loop.schedule_soon(26, "podgc", old.name)
            elif old is None:
                self.kubelets.last_heartbeat.pop(new.name, None)
                self.recorder.record(new.key, "RegisteredNode",
                                     f"Node {new.name} event: Registered Node {new.name} in Controller",
                                     "node-controller")
        if new is None:
            self.gc.owner_deleted(old)

    def _release_service(self, svc) -> None:
        self.ipam.release_cluster_ip(svc.cluster_ip)
        for p in svc.ports:
            self.ipam.release_node_port(p.node_port)
        for ip in svc.external_ips:
            self.ipam.release_lb_ip(ip)

    # running -------------------------------------------------------------------------------------------
    def step(self, seconds: int | None = None) -> list:
        """Advance to the next pending event (None) or by ``seconds``; return the events recorded."""
        start = len(self.events)
        if seconds is None:
            nxt = self._next_time()
            if nxt is not None:
                self._advance(nxt)
        else:
            if seconds < 0:
                raise ValueError("seconds must be >= 0")
            self._advance(self.loop.now + int(seconds))
        return self.events[start:]

    def run(self, until: int) -> list:
        """Run until simulated time ``until`` (inclusive); return the events recorded."""
        start = len(self.events)
        if until > self.loop.now:
            self._advance(int(until))
        return self.events[start:]

    def settle(self, max_seconds: int = 600) -> list:
        """Run until nothing is pending any more (or ``max_seconds`` passed); return the events recorded.

        Items that only wait for time to pass for long (evictions minutes away) end the settling when
        nothing else is left before them."""
        start = len(self.events)
        limit = self.loop.now + max_seconds
        while True:
            nxt = self._next_time()
            if nxt is None or nxt > limit:
                break
            self._advance(nxt)
        return self.events[start:]

    def _next_time(self) -> int | None:
        t = self.loop.peek()
        if self._cursor < len(self._inputs):
            t_in = self._inputs[self._cursor][0]
            t = t_in if t is None else min(t, t_in)
        return t

    def _advance(self, until: int) -> None:
        loop = self.loop
        inputs = self._inputs
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
            item = loop.pop()
            self._dispatch(item)
        loop.now = max(loop.now, until)
        if loop.now >= self._next_snapshot:
            self._auto_snapshot()

    def _dispatch(self, item) -> None:
        _, _, _, action, args = item
        try:
            getattr(self, "_on_" + action)(*args)
        except ApiError as exc:
            if exc.reason != "ServiceUnavailable":
                raise
            self._api_deferred[(action, args)] = None
        finally:
            self.loop.priority = -1
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

    # views ---------------------------------------------------------------------------------------------
    def control_plane(self):
        """The control plane's state for the UI (see ControlPlaneStatus)."""
        return self.cp.status()

    def cluster(self) -> Cluster:
        """The current simulated state as a model Cluster (objects as stored; layout copied from the design)."""
        key = self.store.changes
        if self._cluster_cache is None or self._cluster_cache[0] != key:
            out = Cluster(self.network)
            out.add_many(self.store.ordered(), validate=False)
            out.layout = {k: v for k, v in self.layout.items() if k in self.store.objects}
            self._cluster_cache = (key, out)
        return self._cluster_cache[1].copy()

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

    # snapshots and the timeline ------------------------------------------------------------------------
    def _state(self, full: bool = False) -> tuple:
        return (self.loop.state(), self.store.state() if full else self.store.mark(), self.rng.getstate(),
                self.ipam.copy(pods=full), self.kubelets.state(full),
                self.cp.state(), {n: (c.state(full) if n == "endpointslice" else c.state())
                                  for n, c in self._controllers.items()},
                self.node_lifecycle.state(), self.scheduling.state(), dict(self._api_deferred),
                self._was_available, self._cursor)

    def snapshot(self) -> Snapshot:
        """The whole state, exactly (events included)."""
        return Snapshot(self.loop.now, self.loop.processed, len(self.events),
                        self._state(full=True) + (tuple(self.events),), full=True)

    def restore(self, snapshot: Snapshot) -> None:
        """Bring everything back to ``snapshot`` (taken from this simulator). Raises ValueError for a timeline
        snapshot that no longer belongs to the current timeline."""
        state = snapshot.state
        (loop, store, rng, ipam, kubelets, cp, controllers, lifecycle, scheduling, deferred, was_available,
         cursor) = state[:12]
        if snapshot.full:
            changed = self.store.load(store)
            self._snapshots = []
        else:
            if not any(s is snapshot for s in self._snapshots) or store[0] > len(self.store.journal):
                raise ValueError("that snapshot is not part of the current timeline")
            changed = self.store.undo_to(store)
            self._snapshots = [s for s in self._snapshots if s.processed <= snapshot.processed]
        self.loop.load(loop)
        self.rng.setstate(rng)
        pod_changes = [v for k, v in changed.items() if k[0] == "Pod"]
        if snapshot.full:
            self.ipam = ipam.copy()
        else:
            current = self.ipam
            self.ipam = ipam.copy(pods=False)
            self.ipam._node_used = current._node_used
            self.ipam.apply_pod_changes(pod_changes)
        self._node_ips = None
        self.kubelets.load(kubelets)
        self.cp.load(cp)
        for name, c in self._controllers.items():
            c.load(controllers[name])
        if not snapshot.full:
            self.endpointslices.apply_pod_changes(pod_changes)
        self.node_lifecycle.load(lifecycle)
        self.scheduling.load(scheduling)
        self.scheduling.resync(changed)
        self._api_deferred = dict(deferred)
        self._was_available = was_available
        self._cursor = min(cursor, len(self._inputs))
        if len(state) > 12:
            self.recorder.events[:] = list(state[12])
        else:
            del self.recorder.events[snapshot.events:]
        self._next_snapshot = (self.loop.now // self.config.snapshot_interval + 1) * self.config.snapshot_interval
        if snapshot.full:
            self._auto_snapshot()

    def _auto_snapshot(self) -> None:
        snap = Snapshot(self.loop.now, self.loop.processed, len(self.events), self._state())
        if self._snapshots and self._snapshots[-1].processed == snap.processed:
            self._snapshots[-1] = snap
        else:
            self._snapshots.append(snap)
        interval = self.config.snapshot_interval
        self._next_snapshot = (self.loop.now // interval + 1) * interval

    def seek(self, t: int) -> None:
        """Go to simulated time ``t``: back (nearest earlier snapshot, then replay the recorded inputs) or
        forward (run). Raises ValueError for t < 0."""
        if t < 0:
            raise ValueError("time must be >= 0")
        best = None
        for snap in self._snapshots:
            if snap.time <= t:
                best = snap
        if t >= self.loop.now:
            # forward: jump to a later snapshot of this branch when there is one, then run
            if best is not None and best.processed > self.loop.processed:
                self.restore(best)
            self.run(t)
            return
        if best is None:
            raise ValueError(f"no snapshot at or before {t}")
        self.restore(best)
        self._advance(t)

    @property
    def inputs(self) -> list:
        """The recorded inputs [(time, op, args)] of the current branch of the timeline."""
        return [(t, op, args) for t, _, op, args in self._inputs]


class UserApi:
    """``Simulator.api``: the API server as users (kubectl, the UI) see it. Reads go straight through; writes
    are recorded as timeline inputs (ops "create", "update", "delete"), so seeking back and running forward
    replays them. Same methods, arguments, results and ApiErrors as :class:`ApiServer`."""

    def __init__(self, sim: "Simulator"):
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
