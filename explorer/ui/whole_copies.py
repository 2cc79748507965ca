"""Making an opened design's copies whole once its first frame is up (issue 6).

A big file's reader keeps the pods that copy another pod but for a few strings as objects whose dict is made
when first asked for (explorer.model.copies): the first frame needs none of them. Whatever later reads every
pod (a simulator's start, a save, the routing view) would otherwise make 150,000 dicts at once, inside its
own slices. :class:`WholeCopies` makes them on the event loop's turns after the open instead, a few
milliseconds a turn, waiting while the canvas is built or a gesture is under way.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from explorer.model.copies import make_whole
from explorer.ui.memory import gc_held_steps
from explorer.ui.turns import NextTurn

SLICE_S = 0.006     # a turn's work: the window stays as smooth as with nothing under way
STEP = 200          # objects between two looks at the clock
WAIT_MS = 50        # how long a slice waits while the canvas is being built or the pointer is held


class WholeCopies(QObject):
    """Makes the copies of the design last given to :meth:`start` whole, a slice per event-loop turn, after
    ``waiting()`` has turned false (a function: true while the canvas is being built or dragged on).
    :attr:`pending`: true until every object of that design was looked at; ``made``: how many it made.
    Automatic collections are held from the first slice to the last and what is alive then is frozen
    (``memory.gc_held_steps``): a collection between two slices would walk every dict made so far."""

    def __init__(self, waiting, parent: QObject | None = None):
        super().__init__(parent)
        self._waiting = waiting
        self._turn = NextTurn(self)
        self._job = None
        self.made = 0

    @property
    def pending(self) -> bool:
        return self._job is not None

    def start(self, cluster) -> None:
        """Make the copies among ``cluster``'s objects whole (instead of those of a design given earlier);
        objects added later are not looked at (their dicts are made when asked for)."""
        self.stop()
        self.made = 0
        self._job = gc_held_steps(self._steps(list(cluster.objects())))
        self._turn.call(self._slice)

    def stop(self) -> None:
        """Drop the work in progress, if any (the copies not made yet are made when asked for)."""
        job, self._job = self._job, None
        if job is not None:
            job.close()

    def _steps(self, todo: list):
        """Make ``todo``'s copies whole, yielding every :data:`STEP` objects."""
        for at in range(0, len(todo), STEP):
            self.made += make_whole(todo[at:at + STEP])
            yield

    def _slice(self) -> None:
        job = self._job
        if job is None:
            return
        if self._waiting():
            QTimer.singleShot(WAIT_MS, lambda: self._turn.call(self._slice))
            return
        deadline = time.perf_counter() + SLICE_S
        try:
            next(job)
            while time.perf_counter() < deadline:
                next(job)
        except StopIteration:
            self._job = None
            return
        self._turn.call(self._slice)
