"""Snapshots and the timeline: full snapshots (the backup), the timeline's cheap snapshots (journal marks
plus small copies), restore, and seek. A mixin of :class:`explorer.sim.simulator.Simulator`.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.sim.cooperative import exhaust


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


class TimelineMixin:
    # snapshots and the timeline ------------------------------------------------------------------------
    def _state(self, full: bool = False) -> tuple:
        return (self.loop.state(), (self.store.mark(), self.store.state() if full else None), self.rng.getstate(),
                self.ipam.copy(pods=full), self.kubelets.state(full),
                self.cp.state(), {n: (c.state(full) if n == "endpointslice" else c.state())
                                  for n, c in self._controllers.items()},
                self.node_lifecycle.state(), self.scheduling.state(), dict(self._api_deferred),
                self._was_available, self._cursor)

    def snapshot(self) -> Snapshot:
        """The whole state, exactly (events included)."""
        return Snapshot(self.loop.now, self.loop.processed, len(self.events),
                        self._state(full=True) + (tuple(self.events), tuple(self._inputs[:self._cursor])),
                        full=True)

    def restore(self, snapshot: Snapshot) -> None:
        """Bring everything back to ``snapshot`` (taken from this simulator). Raises ValueError for a timeline
        snapshot that no longer belongs to the current timeline."""
        state = snapshot.state
        (loop, store, rng, ipam, kubelets, cp, controllers, lifecycle, scheduling, deferred, was_available,
         cursor) = state[:12]
        store_mark, store_full = store
        if self.store.valid(store_mark):        # on the current timeline: undo what changed since
            changed = self.store.undo_to(store_mark)
            self._snapshots = [s for s in self._snapshots if s.processed <= snapshot.processed]
        elif snapshot.full:                     # from a discarded branch: load the copy, start afresh
            changed = self.store.load(store_full)
            self._snapshots = []
            self._inputs = list(state[13])
        else:
            raise ValueError("that snapshot is not part of the current timeline")
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
        if snapshot.full:
            self.recorder.events[:] = list(state[12])
        else:
            del self.recorder.events[snapshot.events:]
        self._next_snapshot = (self.loop.now // self.config.snapshot_interval + 1) * self.config.snapshot_interval
        if not self._snapshots or self._snapshots[-1].processed != self.loop.processed:
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
        exhaust(self.seek_steps(t))

    def seek_steps(self, t: int):
        """:meth:`seek` as a generator (see :mod:`explorer.sim.cooperative`); raises ValueError at once
        (on the first ``next``) for t < 0 or when no snapshot is early enough."""
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
            yield from self.run_steps(t)
            return
        if best is None:
            raise ValueError(f"no snapshot at or before {t}")
        self.restore(best)
        yield from self._advance_steps(t)

    @property
    def inputs(self) -> list:
        """The recorded inputs [(time, op, args)] of the current branch of the timeline."""
        return [(t, op, args) for t, _, op, args in self._inputs]
