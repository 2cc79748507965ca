"""Read-only work off the window's thread, waited for in a local event loop (the window stays live).

``run_and_wait(fn)`` runs ``fn()`` in a worker QThread and returns its result (or raises its exception) once
it is done; meanwhile a local event loop handles input and painting. ``fn`` must only read data nobody
changes meanwhile: an immutable snapshot (a ``Cluster`` copy, :func:`explorer.kubectl.read_snapshot`), never
the live simulator. While the worker runs, the interpreter's switch interval is lowered
(:func:`memory.fast_switching`: the window's thread gets the GIL back within ~20 µs instead of 5 ms) and
automatic cyclic collections are paused (:func:`memory.gc_paused`: a full collection would hold the GIL).

Used by the kubectl console (read commands: ``get pods -A`` formats 150,000 rows) and request tracing
(routing view, trace, load). Work smaller than the callers' thresholds runs at once on the calling thread
(:func:`run_maybe_off_thread`), so small designs behave exactly as before, with no event-loop turn.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QThread

from explorer.ui import memory, turns

_running: list = []     # worker threads being waited for (nested waits are possible)


class _Worker(QThread):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.result = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, which raises it
            self.error = exc


def run_and_wait(fn, keep: bool = False):
    """``fn()`` in a worker thread; the caller's event loop keeps running until it is done. Returns what
    ``fn`` returned; raises what it raised. Re-entrant: events handled meanwhile may start another wait
    (the outer one returns after the inner one). ``keep``: what ``fn`` returns lives on (a routing view of
    150,000 pods): what is alive when it ends is frozen out of the cyclic collector before collections
    resume (:func:`memory.release_gc`), else the first young-generation collection walks all of it while
    holding the GIL (~0.5 s measured)."""
    worker = _Worker(fn)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    _running.append(worker)
    try:
        with memory.fast_switching(), turns.held():
            memory.hold_gc()
            try:
                worker.start()
                if not worker.isFinished():
                    loop.exec()
                worker.wait()
            finally:
                memory.release_gc(freeze=keep and worker.error is None)
    finally:
        _running.remove(worker)
    if worker.error is not None:
        raise worker.error
    return worker.result


class Cancelled(Exception):
    """The user cancelled work a worker was doing (raised in the worker by :class:`Progress`)."""


class Progress:
    """How far a worker is, for the window's thread to show, and the way to cancel it.

    Hand it to the worker's function as the ``progress(done, total)`` callback of the io writers: each call
    records the figures (plain attributes: the window's thread only reads them, on a timer) and raises
    :class:`Cancelled` once :meth:`cancel` was called, so the work stops at its next report."""

    def __init__(self):
        self.done = 0
        self.total = 0
        self.cancelled = False

    def __call__(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self.done, self.total = done, total

    def cancel(self) -> None:
        self.cancelled = True


def run_maybe_off_thread(fn, off_thread: bool, keep: bool = False):
    """``run_and_wait(fn, keep)`` when ``off_thread``, else ``fn()`` right here."""
    return run_and_wait(fn, keep) if off_thread else fn()


def busy() -> bool:
    """True while some caller waits for a worker (its local event loop is running)."""
    return bool(_running)
