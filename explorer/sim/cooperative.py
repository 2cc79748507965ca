"""Long simulator work as generators, so a caller (the desktop window) can run it a few milliseconds at a time
between other work instead of blocking, and stop it at any point.

Every long operation of :class:`~explorer.sim.simulator.Simulator` has a generator form (``building``,
``step_steps``, ``run_steps``, ``settle_steps``, ``seek_steps``) that yields about every :data:`YIELD_EVERY_S`
seconds of work and returns (``StopIteration.value``) what the blocking form returns; the blocking forms are
those generators run to the end (:func:`exhaust`), so both give exactly the same result. A generator yields a
float in [0, 1] when it knows how far it got, else None. Between two yields the simulator is consistent, but
nothing else may touch it until the generator is exhausted or closed (``close()`` abandons the work: a build
leaves no simulator; a run, settle or seek leaves the simulator at some moment between its start and end).
"""

from __future__ import annotations

import time

YIELD_EVERY_S = 0.004


class Pacer:
    """``due()`` is True about every ``quantum`` seconds: generators ask it between units of work."""

    __slots__ = ("quantum", "_next")

    def __init__(self, quantum: float | None = None):
        self.quantum = YIELD_EVERY_S if quantum is None else quantum
        self._next = time.perf_counter() + self.quantum

    def due(self) -> bool:
        now = time.perf_counter()
        if now >= self._next:
            self._next = now + self.quantum
            return True
        return False


def exhaust(steps):
    """Run a generator to its end; return its return value."""
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        return stop.value
