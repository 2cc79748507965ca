"""Events as ``kubectl get events`` shows them, and the recorder components use to emit them."""

from __future__ import annotations

from dataclasses import dataclass

NORMAL = "Normal"
WARNING = "Warning"


@dataclass(frozen=True)
class Event:
    """One line of ``kubectl get events``.

    ``time`` is simulated seconds since the start, ``type`` "Normal" or "Warning", ``object`` the
    involvedObject as (kind, namespace, name) (namespace "" for cluster-scoped kinds), ``component`` the
    reporting component (``default-scheduler``, ``kubelet``, ``replicaset-controller``, ...).
    """

    time: int
    type: str
    reason: str
    object: tuple
    message: str
    component: str

    def to_json(self) -> dict:
        kind, namespace, name = self.object
        return {"time": self.time, "type": self.type, "reason": self.reason,
                "object": {"kind": kind, "namespace": namespace, "name": name},
                "message": self.message, "component": self.component}


class EventRecorder:
    """Appends events to a list, stamping the loop's current time."""

    def __init__(self, clock):
        self._clock = clock
        self.events: list[Event] = []

    def record(self, obj_key: tuple, reason: str, message: str, component: str, type: str = NORMAL) -> Event:
        event = Event(self._clock(), type, reason, tuple(obj_key), message, component)
        self.events.append(event)
        return event

    def warn(self, obj_key: tuple, reason: str, message: str, component: str) -> Event:
        return self.record(obj_key, reason, message, component, WARNING)
