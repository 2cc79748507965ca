"""Loading the scheduler's compiled loop once the window is quiet.

Importing numba and loading the compiled loop from numba's cache is ~0.9 s of Python in a background thread on
a slow 2-core machine (~20 s the first time after an install: numba compiles it). Module imports hold the GIL
in long stretches and cannot be paused in the middle (a worker waiting for the window inside an import holds
the import lock the window may need). Started with the window, that load overlapped the opening of a big
design and froze the window for 100-160 ms. :class:`KernelWhenQuiet` starts it once the window has been quiet
for :attr:`KernelWhenQuiet.QUIET_S`: nothing being built, validated, simulated or loaded, and the view neither
zoomed nor scrolled. Until it is loaded, the scheduler runs its Python loop: the same placements.

While the loader thread runs, automatic collections are held and what is alive when it ends is frozen
(:func:`~explorer.ui.memory.hold_gc`, :func:`~explorer.ui.memory.release_gc`): numba's imports make hundreds of
thousands of objects, and a full collection among them, in the loader thread, held the GIL for ~60 ms (a
stack-sampled image export caught one and froze the window 136 ms). And the interpreter switches threads
every 20 us instead of 5 ms (:func:`~explorer.ui.memory.fast_switching`): the window's thread gives the GIL up
around every Qt call, and with the loader's Python running it waited up to 5 ms to get it back each time
(an image export's slice painting one node's 30 pod cells took 40 ms while numba loaded).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from explorer.ui.memory import fast_switching, hold_gc, release_gc, ui_idle


class KernelWhenQuiet(QObject):
    """Polls every :attr:`CHECK_MS`; ``busy()`` says whether the window has work under way; ``moved`` (a
    signal) marks the view zoomed or scrolled. ``start`` loads the kernel in the background (by default
    ``compiled.load_in_background``) and is called once; if it returns a thread, collections are held and
    threads switch fast until that thread ends (:attr:`waiter`, a thread of its own, lets go of them then,
    whether or not the window is still there). ``clock`` gives seconds (tests)."""

    CHECK_MS = 250
    QUIET_S = 1.0

    def __init__(self, busy: Callable[[], bool], moved=None, parent=None, start: Callable | None = None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self._busy = busy
        self._start = start or _load_in_background
        self._clock = clock
        self._quiet_since = clock()
        self.started = False
        self.waiter: threading.Thread | None = None
        if moved is not None:
            moved.connect(self.stir)
        self._timer = QTimer(self)
        self._timer.setInterval(self.CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def loading(self) -> bool:
        """True from the start of the load until collections and thread switches are back to normal."""
        return self.waiter is not None and self.waiter.is_alive()

    def stir(self) -> None:
        """Something happened in the window: the quiet starts again from now."""
        self._quiet_since = self._clock()

    def check(self) -> None:
        """Start the load if the window has been quiet long enough (the timer calls this)."""
        if self.started:
            return
        if self._busy() or not ui_idle():
            self.stir()
            return
        if self._clock() - self._quiet_since >= self.QUIET_S:
            self.started = True
            self._timer.stop()
            held = contextlib.ExitStack()
            hold_gc()
            held.callback(release_gc, freeze=True)
            held.enter_context(fast_switching())
            thread = None
            try:
                thread = self._start()
            finally:
                if isinstance(thread, threading.Thread):
                    self.waiter = threading.Thread(target=_release_after, args=(thread, held),
                                                   name="scheduler-kernel-wait", daemon=True)
                    self.waiter.start()
                    _waiters.append(self.waiter)
                else:
                    held.close()


_waiters: list[threading.Thread] = []


def _release_after(thread: threading.Thread, held: contextlib.ExitStack) -> None:
    thread.join()
    held.close()


def wait_for_loads(timeout: float = 300.0) -> None:
    """Wait until every load started here has ended and let go of what it held (tests: a window closed
    while the kernel loaded leaves collections held and threads switching fast until the load ends)."""
    while _waiters:
        _waiters.pop().join(timeout)


def _load_in_background() -> threading.Thread:
    from explorer.sim.scheduler import compiled
    return compiled.load_in_background()
