"""A frozen, read-only view of a Simulator for kubectl's read commands, so they can run outside the thread
that drives the simulation (the desktop window formats ``get pods -A`` of 150,000 pods in a worker thread).

``read_snapshot(sim)`` copies, at the moment of the call, what read commands look at: the store's objects
and per-kind indexes (the objects themselves are immutable and shared; two dict copies, a few ms at
150,000 pods), the simulated time, the events and whether the API server answers. The snapshot has the
``api`` (``get``, ``list``, ``check_available``), ``store``, ``now`` and ``events`` a read command uses;
whatever the simulator does afterwards does not show in it. It has no write operations: a write command
run against it fails with AttributeError (reported by :meth:`Kubectl.run` as a failed command), so callers
send only :func:`is_read_command` lines to it.
"""

from __future__ import annotations

import shlex

from explorer.sim.api import ApiError, ApiServer, Store

READ_COMMANDS = frozenset({"get", "describe", "explain", "logs", "top", "version", "api-resources", "cluster-info"})


class _SortedKinds(dict):
    """``Store.by_kind`` for a snapshot: a kind's objects are handed out in (namespace, name) order, put in
    that order on first use. ``ApiServer.list`` sorts what it gets; on 150,000 pods that one C-level sort
    holds the GIL for ~100 ms (the window's thread cannot run meanwhile), on input already in order it
    is a single pass. Ordering here is grouped by namespace in Python and sorts only name strings."""

    def __init__(self, kinds: dict):
        super().__init__(kinds)
        self._ordered: set = set()

    def get(self, kind, default=None):
        objs = super().get(kind)
        if objs is None:
            return default
        if kind not in self._ordered:
            objs = _in_list_order(objs)
            self[kind] = objs
            self._ordered.add(kind)
        return objs


def _in_list_order(objs: dict) -> dict:
    groups: dict = {}
    for key, obj in objs.items():
        names = groups.get(obj.namespace)
        if names is None:
            names = groups[obj.namespace] = {}
        if obj.name in names:           # not for objects from a Store (one key per name): keep them in order
            return dict(sorted(objs.items(), key=lambda kv: (kv[1].namespace, kv[1].name)))
        names[obj.name] = key
    out = {}
    for namespace in sorted(groups):
        names = groups[namespace]
        for name in sorted(names):
            key = names[name]
            out[key] = objs[key]
    return out


class ReadSnapshot:
    """What kubectl's read commands see of a simulator, frozen. Build with :func:`read_snapshot`."""

    def __init__(self, store: Store, now: int, events: list, unavailable: str | None):
        self.store = store
        self.now = now
        self.events = events
        self.api = ApiServer(store, gate=lambda: unavailable)


def read_snapshot(sim) -> ReadSnapshot:
    """Freeze ``sim`` (a Simulator) for read commands; call it on the thread that drives the simulator."""
    store = Store()
    store.objects = dict(sim.store.objects)
    store.by_kind = _SortedKinds({kind: dict(objs) for kind, objs in sim.store.by_kind.items()})
    store.resource_version = sim.store.resource_version
    try:
        sim.api.check_available()
        unavailable = None
    except ApiError as exc:
        unavailable = exc.message
    return ReadSnapshot(store, sim.now, list(sim.events), unavailable)


def is_read_command(argv) -> bool:
    """True when the command line (a string split like a shell, or a list; a leading ``kubectl`` ignored)
    only reads: ``get``, ``describe``, ``explain``, ``logs``, ``top``, ``version``, ``api-resources``,
    ``cluster-info``. Writes (apply, delete, scale, cordon, rollout ...), ``config`` (it changes the console's
    namespace), ``help`` and unparsable lines are not."""
    if isinstance(argv, str):
        try:
            argv = shlex.split(argv)
        except ValueError:
            return False
    argv = list(argv)
    if argv and argv[0] == "kubectl":
        argv = argv[1:]
    return bool(argv) and argv[0] in READ_COMMANDS


__all__ = ["READ_COMMANDS", "ReadSnapshot", "is_read_command", "read_snapshot"]
