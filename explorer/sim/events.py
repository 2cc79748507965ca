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


def human_duration(seconds: int) -> str:
    """kubectl's ``duration.HumanDuration``: 45s, 5m30s, 12m, 2h5m, 3d."""
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m{s}s" if s else f"{minutes}m"
    hours = seconds // 3600
    if hours < 3:
        return f"{minutes}m"
    if hours < 8:
        m = minutes % 60
        return f"{hours}h{m}m" if m else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    return f"{hours // 24}d"


def format_event_table(events, now: int | None = None, all_namespaces: bool = True) -> str:
    """Events as ``kubectl get events [-A]`` prints them: [NAMESPACE] LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.

    LAST SEEN is the age at ``now`` (kubectl's meaning) or, when ``now`` is None, the simulated time of the
    event. OBJECT is ``kind/name`` in lower case; cluster-scoped objects' events live in "default".
    """
    head = ("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")
    rows = [(("NAMESPACE",) if all_namespaces else ()) + head]
    for e in events:
        kind, ns, name = e.object
        when = human_duration(e.time if now is None else now - e.time)
        row = (when, e.type, e.reason, f"{kind.lower()}/{name}", e.message)
        rows.append(((ns or "default",) if all_namespaces else ()) + row)
    n = len(rows[0]) - 1
    widths = [max(len(r[i]) for r in rows) for i in range(n)]
    return "\n".join("   ".join(c.ljust(w) for c, w in zip(r[:n], widths)) + "   " + r[n] for r in rows)
