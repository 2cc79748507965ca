"""A controller: a de-duplicating work queue of keys, synced in the loop at the controller's priority.

Like an informer-driven controller, it reacts to watch events the same second (``enqueue``). Nothing is
synced while kube-controller-manager has no active leader or the API is unavailable; the queue is kept
and the simulator re-arms it when the leader comes back. A sync that fails with ApiError is re-queued.
"""

from __future__ import annotations

from explorer.sim.api import ApiError
from explorer.sim.cooperative import Pacer, exhaust

LEASE = "kube-controller-manager"


class Controller:
    NAME = ""
    PRIORITY = 0
    COMPONENT = ""

    def __init__(self, sim):
        self.sim = sim
        self.dirty: dict = {}
        self.armed = False

    def enqueue(self, key) -> None:
        self.dirty[key] = None
        if not self.armed:
            self.armed = True
            self.sim.loop.schedule_soon(self.PRIORITY, "sync", self.NAME)

    def arm(self) -> None:
        if self.dirty and not self.armed:
            self.armed = True
            self.sim.loop.schedule_soon(self.PRIORITY, "sync", self.NAME)

    def active(self) -> bool:
        return self.sim.cp.active(LEASE)

    def run(self) -> None:
        exhaust(self.run_steps())

    def run_steps(self, pacer: Pacer | None = None):
        """:meth:`run` as a generator: yields (None) between two keys when ``pacer`` says so."""
        self.armed = False
        if not self.active():
            return
        pacer = pacer or Pacer()
        keys = list(self.dirty)
        self.dirty.clear()
        for i, key in enumerate(keys):
            try:
                self.sync(key)
            except ApiError:
                for k in keys[i:]:
                    self.dirty[k] = None
                return
            if pacer.due():
                yield None

    def sync(self, key) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def record(self, obj, reason: str, message: str, warning: bool = False) -> None:
        rec = self.sim.recorder
        (rec.warn if warning else rec.record)(obj.key, reason, message, self.COMPONENT)

    def state(self):
        return (dict(self.dirty), self.armed)

    def load(self, state) -> None:
        dirty, self.armed = state
        self.dirty = dict(dirty)
