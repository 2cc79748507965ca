"""The garbage collector: deletes an object once every owner in its ownerReferences is gone (background
cascading deletion), e.g. a Deployment's ReplicaSets and their Pods, a Service's EndpointSlices."""

from __future__ import annotations

from explorer.sim.controllers.base import Controller


class GarbageCollector(Controller):
    NAME = "gc"
    PRIORITY = 25
    COMPONENT = "garbage-collector-controller"

    def owner_deleted(self, obj) -> None:
        uid = obj.uid
        if uid and uid in self.sim.store.dependents:
            self.enqueue(uid)

    def sync(self, uid) -> None:
        store = self.sim.store
        if uid in store.by_uid:
            return
        for key in sorted(store.dependents.get(uid, ())):
            obj = store.objects.get(key)
            if obj is None or obj.metadata.get("deletionTimestamp"):
                continue
            if all(ref.get("uid") not in store.by_uid for ref in obj.owner_references):
                self.sim.server.delete(key[0], key[1], key[2])
