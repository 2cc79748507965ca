"""The EndpointSlice controller: one ``discovery.k8s.io/v1`` EndpointSlice per Service with a selector,
named ``<service>-<5 chars>`` and labelled ``kubernetes.io/service-name`` and
``endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io``.

It lists every pod of the Service's namespace that matches the selector and has an IP: ``ready`` is the
pod's Ready condition, ``serving`` the same, ``terminating`` whether it is marked for deletion (then ready
is false). Named target ports are resolved against the first matching pod that declares the name.

Membership is incremental: pods and services are indexed by (namespace, label key, label value), so a pod
change only checks the services that could select it.
"""

from __future__ import annotations

from explorer.model.selectors import matches_labels
from explorer.sim.controllers.base import Controller
from explorer.sim.controllers.replicaset import is_ready
from explorer.sim.naming import random_suffix

MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
SERVICE_LABEL = "kubernetes.io/service-name"


class EndpointSliceController(Controller):
    NAME = "endpointslice"
    PRIORITY = 50
    COMPONENT = "endpoint-slice-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.pods_by_label: dict[tuple, dict] = {}   # (ns, key, value) -> {pod key: None}
        self.svcs_by_label: dict[tuple, dict] = {}   # (ns, key, value) of the selector's first pair -> services
        self.slice_names: dict[tuple, str] = {}      # service key -> slice name
        self._endpoint_cache: dict = {}               # pod key -> (pod object, endpoint dict); derived
        self.zone_epoch = 0     # counts changes of a node's zone: the cache holds zones of one epoch only

    # indexes, fed by the simulator's watch -------------------------------------------------------------
    def pod_changed(self, old, new) -> None:
        pod = new or old
        ns = pod.namespace
        if old is not None and (new is None or old.labels != new.labels):
            for k, v in old.labels.items():
                bucket = self.pods_by_label.get((ns, k, v))
                if bucket is not None:
                    bucket.pop(old.key, None)
        if new is not None:
            for k, v in new.labels.items():
                self.pods_by_label.setdefault((ns, k, v), {})[new.key] = None
        if new is None:
            self._endpoint_cache.pop(old.key, None)
        elif old is not None and not _relevant_change(old, new):
            return
        seen = set()
        for p in (old, new):
            if p is None:
                continue
            for k, v in p.labels.items():
                for svc_key, selector in (self.svcs_by_label.get((ns, k, v)) or {}).items():
                    if svc_key not in seen and matches_labels(selector, p.labels):
                        seen.add(svc_key)
                        self.enqueue(svc_key)

    def node_changed(self, old, new) -> None:
        """A Node was added, changed or deleted: when the zone its name stands for changes (no node: ""), the
        cached endpoints (which carry zones) are dropped and a new zone epoch starts."""
        if (old.zone if old is not None else "") != (new.zone if new is not None else ""):
            self.zone_epoch += 1
            if self._endpoint_cache:
                self._endpoint_cache = {}

    def service_changed(self, old, new) -> None:
        for svc, add in ((old, False), (new, True)):
            if svc is None or not svc.selector:
                continue
            k, v = next(iter(sorted(svc.selector.items())))
            bucket = self.svcs_by_label.setdefault((svc.namespace, k, v), {})
            if add:
                bucket[svc.key] = dict(svc.selector)
            else:
                bucket.pop(svc.key, None)
        svc = new or old
        if old is None or new is None or old.spec != new.spec:
            self.enqueue(svc.key)

    # sync ----------------------------------------------------------------------------------------------
    def sync(self, key) -> None:
        sim = self.sim
        store = sim.store
        svc = store.objects.get(key)
        slice_name = self.slice_names.get(key)
        slice_key = ("EndpointSlice", key[1], slice_name) if slice_name else None
        existing = store.objects.get(slice_key) if slice_key else None
        if svc is None or not svc.selector:
            if existing is not None:
                sim.server.delete("EndpointSlice", key[1], slice_name, grace=False)
            self.slice_names.pop(key, None)
            return
        raw = self._desired(svc)
        if existing is None:
            if slice_name is None:
                while True:
                    slice_name = f"{svc.name}-{random_suffix(sim.rng)}"
                    if ("EndpointSlice", svc.namespace, slice_name) not in store.objects:
                        break
                self.slice_names[key] = slice_name
            raw["metadata"]["name"] = slice_name
            sim.server.create(raw)
            return
        raw["metadata"] = dict(existing.raw["metadata"])
        if {k: v for k, v in existing.raw.items() if k != "metadata"} != {k: v for k, v in raw.items()
                                                                         if k != "metadata"}:
            sim.server.write_status(existing, raw)

    def _desired(self, svc) -> dict:
        store = self.sim.store
        ns = svc.namespace
        k, v = next(iter(sorted(svc.selector.items())))
        objects = store.objects
        cache = self._endpoint_cache
        selector = svc.selector
        pods = []
        endpoints = []
        simple = len(selector) == 1
        for key in sorted(self.pods_by_label.get((ns, k, v)) or ()):
            p = objects[key]
            hit = cache.get(key)
            if hit is not None and hit[0] is p:
                ep = hit[1]
            else:
                ep = self._endpoint(p)
                cache[key] = (p, ep)
            if ep is not None and (simple or matches_labels(selector, p.labels)):
                pods.append(p)
                endpoints.append(ep)
        ports = []
        for sp in svc.ports:
            port = sp.target_port
            if isinstance(port, str):
                port = next((cp.container_port for p in pods for cp in p.ports if cp.name == port), None)
                if port is None:
                    continue
            entry = {"name": sp.name, "port": port, "protocol": sp.protocol}
            if sp.name == "":
                entry["name"] = ""
            ports.append(entry)
        return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {"namespace": ns,
                             "labels": {SERVICE_LABEL: svc.name, MANAGED_BY: CONTROLLER_NAME},
                             "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": svc.name,
                                                  "uid": svc.uid, "controller": True, "blockOwnerDeletion": True}]},
                "addressType": "IPv4", "endpoints": endpoints, "ports": ports}

    def _endpoint(self, p) -> dict | None:
        """The endpoint entry of one pod (None when it has no IP or has finished)."""
        if not p.pod_ip or p.phase in ("Succeeded", "Failed"):
            return None
        terminating = bool(p.metadata.get("deletionTimestamp"))
        ready = is_ready(p)
        ep = {"addresses": [p.pod_ip],
              "conditions": {"ready": ready and not terminating, "serving": ready, "terminating": terminating},
              "nodeName": p.node_name,
              "targetRef": {"kind": "Pod", "namespace": p.namespace, "name": p.name, "uid": p.uid}}
        zone = self._zone(p.node_name)
        if zone:
            ep["zone"] = zone
        return ep

    def _zone(self, node_name: str) -> str:
        node = self.sim.store.objects.get(("Node", "", node_name))
        return node.zone if node is not None else ""

    def state(self, full: bool = False):
        """The queue and service indexes and the zone epoch; the pod index only when ``full`` (else
        :meth:`apply_pod_changes` rebuilds it from the store's changes on load)."""
        pods = {k: dict(v) for k, v in self.pods_by_label.items()} if full else None
        return (super().state(), pods, {k: dict(v) for k, v in self.svcs_by_label.items()}, dict(self.slice_names),
                self.zone_epoch)

    def load(self, state) -> None:
        """Load a :meth:`state`. The endpoint cache is kept when the state is a timeline one of the same zone
        epoch: an entry holds for its pod object (checked by identity) under the zones it was made with, and
        no zone changed between that state and now (the history in between is one line). Dropping the
        cache's 150,000 entries cost ~25 ms in one go on every seek back at 5,000 nodes."""
        base, pods, svcs, names, epoch = state
        super().load(base)
        if pods is not None:
            self.pods_by_label = {k: dict(v) for k, v in pods.items()}
        self.svcs_by_label = {k: dict(v) for k, v in svcs.items()}
        self.slice_names = dict(names)
        if pods is not None or epoch != self.zone_epoch:
            self._endpoint_cache = {}
        self.zone_epoch = epoch

    def apply_pod_changes(self, changes) -> None:
        """Update the pod label index for pods changed outside the watch (a restore): (before, after) pairs.
        Pods gone leave the endpoint cache."""
        cache = self._endpoint_cache
        for before, after in changes:
            if after is None and before is not None:
                cache.pop(before.key, None)
            if before is not None:
                for k, v in before.labels.items():
                    bucket = self.pods_by_label.get((before.namespace, k, v))
                    if bucket is not None:
                        bucket.pop(before.key, None)
        for before, after in changes:
            if after is not None:
                for k, v in after.labels.items():
                    self.pods_by_label.setdefault((after.namespace, k, v), {})[after.key] = None


def _relevant_change(old, new) -> bool:
    return (old.labels != new.labels or old.pod_ip != new.pod_ip or old.ready != new.ready
            or old.node_name != new.node_name or old.phase != new.phase
            or bool(old.metadata.get("deletionTimestamp")) != bool(new.metadata.get("deletionTimestamp")))
