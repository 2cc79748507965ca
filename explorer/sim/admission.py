"""Admission and loading: what the API server adds to new objects (uids, default tolerations, ClusterIPs,
NodePorts, LoadBalancer IPs, node podCIDRs) and how a design becomes an already running cluster.

A mixin of :class:`explorer.sim.simulator.Simulator`; it uses the simulator's store, IPAM, recorder and rng.
"""

from __future__ import annotations

from explorer.model.builders import stable_uid
from explorer.model.cluster import Cluster
from explorer.model.objects import CONTROL_PLANE_LABEL, KubeObject, from_dict
from explorer.net.ipam import IpamConflict, IpamError, IpamExhausted
from explorer.sim import naming
from explorer.sim.api import ApiError
from explorer.sim.controlplane import COMPONENTS, LEASES, ControlPlane
from explorer.sim.cooperative import Pacer
from explorer.sim.kubelet import cond, qos_class, ready_conditions
from explorer.sim.operations import CP_PRIORITY
from explorer.sim.patch import assoc

DEFAULT_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
DEFAULT_TOLERATIONS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")

PACE_EVERY = 1024     # objects between two looks at the pacer in a pass over all of them


class AdmissionMixin:
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
    def _load_steps(self, design: Cluster):
        """Load the design into the store (a generator: yields progress in [0, 0.9] about every few ms)."""
        store = self.store
        pacer = Pacer()
        objs = list(design)
        # one paced pass sorts the objects out (four comprehensions over 150,000 objects took 25-67 ms each
        # without a yield, and the window, painting meanwhile, shared the GIL with them)
        names, used, managed_slices = set(), set(), set()
        namespaces, nodes, rest = [], [], []
        for i, o in enumerate(objs):
            if not i % PACE_EVERY and pacer.due():
                yield 0.0
            kind = o.kind
            if kind == "Namespace":
                names.add(o.name)
                namespaces.append(o)
            elif kind == "Node":
                nodes.append(o)
            else:
                rest.append(o)
                if kind == "Service" and o.selector:
                    managed_slices.add((o.namespace, o.name))
            if o.namespace:
                used.add(o.namespace)
        wanted_ns = [n for n in DEFAULT_NAMESPACES if n not in names]
        wanted_ns += sorted(used - names - set(wanted_ns))
        ns_objs = [from_dict({"apiVersion": "v1", "kind": "Namespace",
                              "metadata": {"name": n, "labels": {"kubernetes.io/metadata.name": n}}})
                   for n in wanted_ns]
        adopted = set()
        ordered = ns_objs + namespaces + nodes + rest
        del namespaces, nodes, rest
        ts = self.timestamp()
        total = len(ordered) or 1
        for i, obj in enumerate(ordered):
            if pacer.due():
                yield 0.5 * i / total
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
        yield from self._fix_owner_refs_steps(pacer)
        yield from self._load_pods_steps(pacer)
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

    def _fix_owner_refs_steps(self, pacer):
        store = self.store
        for key, obj in list(store.objects.items()):
            if pacer.due():
                yield 0.5
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
                if pacer.due():
                    yield 0.6
                if pod.controller_owner is None and not pod.owner_references:
                    rs = next((r for r in rss if r.namespace == pod.namespace and r.selector
                               and r.selects(pod.labels)), None)
                    if rs is not None:
                        ref = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs.name, "uid": rs.uid,
                               "controller": True, "blockOwnerDeletion": True}
                        store.put(type(pod)(assoc(pod.raw, ("metadata", "ownerReferences"), [ref])))

    def _load_pods_steps(self, pacer):
        """Pods of the design that already run keep their IP; control-plane static pods are running."""
        store = self.store
        ts = self.timestamp()
        conditions = [cond(t, True, ts) for t in ("PodReadyToStartContainers", "Initialized", "Ready",
                                                  "ContainersReady", "PodScheduled")]   # shared: immutable
        images: dict = {}
        pods = list(store.by_kind.get("Pod", {}).values())
        for i, pod in enumerate(pods):
            if pacer.due():
                yield 0.6 + 0.3 * i / len(pods)
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

    def _kickoff_steps(self):
        """Queue the initial work: leader election, every workload, every Service, pending pods, kubelets
        (a generator: yields progress in [0.9, 1] about every few ms)."""
        store = self.store
        pacer = Pacer()
        self.loop.schedule(0, CP_PRIORITY, "cp_reconcile")
        for key in list(store.by_kind.get("Deployment", {})):
            if pacer.due():
                yield 0.9
            self.deployments.enqueue(key)
        for key in list(store.by_kind.get("ReplicaSet", {})):
            if pacer.due():
                yield 0.9
            self.replicasets.enqueue(key)
        for svc in list(store.by_kind.get("Service", {}).values()):     # 1,000 Services: ~45 ms in all
            if pacer.due():
                yield 0.9
            self.endpointslices.service_changed(None, svc)
        for pod in list(store.by_kind.get("Pod", {}).values()):
            if pacer.due():
                yield 0.9
            self.endpointslices.pod_changed(None, pod)
            if not pod.node_name:
                self.scheduling.add(pod.key)
            elif pod.key not in self.kubelets.started:
                self.kubelets.pod_bound(pod)
        for node_name in sorted(set(store.pods_by_node) - {k[2] for k in store.by_kind.get("Node", {})}):
            self.loop.schedule(0, 26, "podgc", node_name)     # pods bound to a node that does not exist
        for key, obj in list(store.objects.items()):
            if pacer.due():
                yield 0.95
            refs = obj.owner_references
            if refs and all(r.get("uid") not in store.by_uid for r in refs):
                for r in refs:
                    self.gc.enqueue(r.get("uid"))
