"""One slice of UI-thread work per event-loop turn, whoever it belongs to.

``QTimer.singleShot(0, fn)`` posts an event, and Qt delivers events posted while it delivers posted events in
the same pass: a chain of slices that each scheduled the next that way ran two or more slices back to back
(25 ms each) before any timer or input got its turn. Separate zero-interval timers are no better when several
jobs are under way (a scene update, the Problems validation, a simulator run): Qt fires every due timer in one
pass, so their slices add up. Every :class:`NextTurn` therefore waits in one queue, served by one
zero-interval timer that runs a single pending slice per pass of the event loop, in the order they were asked
for; input, paints and other timers get their turn between two slices.
"""

from __future__ import annotations

import time
from collections import deque
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer
from shiboken6 import isValid

from explorer.ui.memory import ui_busy

LONG_PAINT_S = 0.02     # a repaint this long...
JUST_NOW_S = 0.003      # ...that ended this recently (the same pass) makes the next slice wait one turn


class _Turns:
    """The queue of pending :class:`NextTurn` objects and its timer (made on first use, on the UI thread)."""

    def __init__(self):
        self.queue: deque = deque()
        self.timer: QTimer | None = None
        self.held = 0               # > 0: no slice runs (see held())
        self.painted = (0.0, 0.0)   # (end, duration) of the canvas's last repaint (see painted())
        self.waited = False         # the last turn was left to input after a long repaint

    def ask(self, turn: "NextTurn") -> None:
        if turn not in self.queue:
            self.queue.append(turn)
        if self.timer is None:
            self.timer = QTimer()
            self.timer.setSingleShot(True)
            self.timer.setInterval(0)
            self.timer.timeout.connect(self._serve)
        if not self.timer.isActive() and not self.held:
            self.timer.start()

    def _serve(self) -> None:
        if self.held:
            return              # held() starts the timer again when it ends
        end, duration = self.painted
        if not self.waited and duration >= LONG_PAINT_S and time.perf_counter() - end < JUST_NOW_S:
            # a long repaint just ran in this pass of the event loop: the slice waits one turn, so the
            # window's longest freeze is the longer of the two, not their sum
            self.waited = True
            self.timer.start()
            return
        self.waited = False
        try:
            while self.queue:
                turn = self.queue.popleft()
                if not isValid(turn):
                    continue    # its owner was destroyed
                with ui_busy():
                    fired = turn._fire()
                if fired:
                    break       # one slice per turn
        finally:                # a slice that raised does not stop the others
            if self.queue:
                self.timer.start()


_turns = _Turns()


def painted(start: float, end: float) -> None:
    """The canvas has just been repainted (``time.perf_counter()`` values): a slice due in the same pass of
    the event loop waits for the next one if that repaint was long."""
    _turns.painted = (end, end - start)


@contextmanager
def held():
    """No slice runs inside the block (nesting is fine); the queued ones go on after it. For a local event
    loop waiting for a worker thread (offthread.run_and_wait): a slice, or the repaint it causes, makes
    thousands of calls into Python, each taking the GIL back from the busy worker (a 25 ms slice took
    100-200 ms); input and paints of what did not change still go on."""
    _turns.held += 1
    try:
        yield
    finally:
        _turns.held -= 1
        if not _turns.held and _turns.queue and _turns.timer is not None:
            _turns.timer.start()


class NextTurn(QObject):
    """Calls one pending callable on a later event-loop turn (see the module doc). :meth:`call` while one is
    pending replaces it (slice chains schedule only their own next slice; a newer job supersedes an older one
    anyway). Destroying the owner (``parent``) drops a pending call."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._fn = None

    def call(self, fn) -> None:
        """Run ``fn()`` on a later turn (instead of any call still pending)."""
        self._fn = fn
        _turns.ask(self)

    @property
    def pending(self) -> bool:
        return self._fn is not None

    def _fire(self) -> bool:
        fn, self._fn = self._fn, None
        if fn is None:
            return False
        fn()
        return True


__all__ = ["NextTurn", "held"]
