"""Runs an :class:`explorer.sim.Simulator` for the window: step, play at 1×/10×/100×, seek, faults, reset.

The simulation is separate from the design: it starts from a COPY of the design, never touches the undo
stack, and reports its state through ``state_changed`` so the scene can show ``sim.cluster()`` as an
overlay. Playing advances in small slices from a QTimer so the UI never blocks.

Long work never blocks the window (issue 5):

* Long runs (:meth:`SimulationController.run_for`) and, on big designs, seeks on the timeline run the
  simulator's generator forms (:mod:`explorer.sim.cooperative`) on the UI thread, :data:`SLICE_BUDGET_S` of
  work per event-loop turn, with ``progress`` and :meth:`~SimulationController.cancel`.
* A big design's simulator is built and settled in a worker thread (:class:`_Starter`), which runs the
  generator forms too: between two pieces of work it checks for Cancel and hands the GIL to the window, and
  the interpreter's switch interval is lowered meanwhile (:func:`explorer.ui.memory.fast_switching`).
* Reading the simulated state is incremental (``sim.cluster()`` applies only what changed), so it is done on
  the UI thread, one event-loop turn after the change (:meth:`~SimulationController.read_state_in_background`).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QThread, QTimer, Signal

from explorer.ui import turns
from explorer.ui.memory import (fast_switching, gc_paused, hold_gc, keep_long_lived, let_ui_run, release_gc,
                                release_steps)
from explorer.ui.turns import NextTurn

TICK_MS = 100
SLICE_BUDGET_S = 0.025      # simulator work per event-loop turn before yielding back to the event loop
RELEASE_SLICE_S = 0.015    # freeing a dropped simulator per event-loop turn (memory.release_steps)
BACKGROUND_START_PODS = 500   # designs with more pods build (and settle) their Simulator in a worker thread


RUN_CHUNK_S = 10           # a long run advances this many simulated seconds at a time (progress moves evenly)


def _then_mirror(sim, steps):
    """``steps``, then the simulator's state mirror brought up to date in steps too (``mirror_steps``): after
    a seek back at 150,000 pods, the read did that in one turn, 0.1-0.4 s (freeing a later moment's
    EndpointSlices, merging objects the undo brought back)."""
    yield from steps
    if hasattr(sim, "mirror_steps"):
        yield from sim.mirror_steps()


def _chunked_run(sim, end: int):
    """``sim.run(end)`` as a generator that also yields after every RUN_CHUNK_S simulated seconds."""
    while sim.now < end:
        yield from sim.run_steps(min(end, sim.now + RUN_CHUNK_S))
        yield


class StartCancelled(Exception):
    """A background start was cancelled before it finished."""


class _Starter(QThread):
    """Builds ``Simulator(design)`` (and settles it when asked) off the UI thread: seconds at 150,000 pods.
    ``started_sim(self, sim or None, error or None)``; the controller hands the simulator over on the UI
    thread, so no other thread ever touches it afterwards. :meth:`cancel` stops the work at its next
    yield (then nothing is emitted)."""

    started_sim = Signal(object, object, object)

    def __init__(self, cls, design, settle: bool, parent=None):
        super().__init__(parent)
        self._cls, self._design, self._settle = cls, design, settle
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _drive(self, steps):
        """Exhaust a generator of the simulator, letting the window's thread in between two yields."""
        try:
            while True:
                if self._cancelled:
                    steps.close()
                    raise StartCancelled()
                next(steps)
                let_ui_run()        # release the GIL, and wait while the window paints or runs a slice
        except StopIteration as stop:
            return stop.value

    def run(self):
        try:
            with fast_switching(), gc_paused():
                building = getattr(self._cls, "building", None)
                sim = self._drive(building(self._design)) if building else self._cls(self._design)
                if self._settle:
                    if hasattr(sim, "settle_steps"):
                        self._drive(sim.settle_steps())
                    else:
                        sim.settle()
                if hasattr(sim, "cluster_steps"):   # builds the incremental mirror here, in steps: the
                    self._drive(sim.cluster_steps())    # window's first read only applies changes
                elif hasattr(sim, "cluster"):
                    sim.cluster()
                # freeze while the collector is still off: the millions of objects made meanwhile sit in its
                # youngest generation, and the first collection after it comes back would walk them all
                # (measured: 2.2 s holding the GIL at 150,000 pods)
                keep_long_lived()
        except StartCancelled:
            return
        except Exception as exc:  # noqa: BLE001 - reported to the user by the controller
            self.started_sim.emit(self, None, exc)
            return
        self.started_sim.emit(self, sim, None)


def simulator_class():
    """The Simulator class, or None while explorer.sim is not available."""
    try:
        from explorer.sim import Simulator
        return Simulator
    except ImportError:
        return None


def import_scheduler() -> None:
    """Import the scheduler package now (the window calls this while it is being made). The first scheduling
    pass imports its 19 modules on first use, and on a big design that is in the worker thread that builds the
    simulator: compiling and executing modules holds the GIL in long C calls, so the window froze for over
    100 ms while the worker started its first simulator. No scheduling pass waits for the compiled loop
    (numba): the window loads it in a background thread once it is quiet (explorer/ui/kernel_loader.py), and
    the Python loop schedules until then."""
    try:
        import explorer.sim.scheduler  # noqa: F401
        import explorer.sim.scheduler.fast  # noqa: F401
        from explorer.sim.scheduler import compiled
    except ImportError:
        return
    compiled.defer_load()


class SimulationController(QObject):
    """Signals: ``state_changed()`` (read :attr:`sim`), ``running_changed(bool)``, ``progress(int, int)``,
    ``failed(str)``, ``starting(bool)`` while a big design's simulator is built in the background."""

    state_changed = Signal()
    starting = Signal(bool)
    running_changed = Signal(bool)
    progress = Signal(int, int)
    failed = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        import_scheduler()
        self.document = document
        self.sim = None
        self.speed = 1
        self.max_time = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._carry = 0.0
        self._cancelled = False
        self._starter = None            # (_Starter, then) while a simulator is built in the background
        self._reader = None             # (token, done) while a read of the shown state is queued
        self._gc_held = False           # a big design's job holds the cyclic collector off (see _job)
        self._job = None                # (kind, generator, start, end) while a run or seek is under way
        self._resuming = 0              # runs held for an operation, going on at the next event-loop turn
        self._next_turn = NextTurn(self)    # the job's next slice, one per event-loop turn
        self._read_turn = NextTurn(self)    # a queued read of the shown state
        self._release_turn = NextTurn(self)     # freeing dropped simulators, a slice per turn
        self._releases: list = []           # their release generators (memory.release_steps)

    @property
    def active(self) -> bool:
        return self.sim is not None

    @property
    def big(self) -> bool:
        """A design big enough that the simulator is started and read off the UI thread."""
        return self.document.cluster.count("Pod") > BACKGROUND_START_PODS

    @property
    def _job(self):
        return self.__job

    @_job.setter
    def _job(self, job) -> None:
        """While a big design's run, seek, step or settle is under way (over many event-loop turns) the
        cyclic collector stays off: a seek's undo or a scheduler rebuild allocates millions of objects, and
        full collections on this thread then walked them for 0.2-0.7 s each. When it ends, what is alive is
        frozen before the collector comes back."""
        self.__job = job
        if job is not None and not self._gc_held and self.big:
            hold_gc()
            self._gc_held = True
        elif job is None and self._gc_held:
            self._gc_held = False
            release_gc(freeze=True)

    @property
    def reading(self) -> bool:
        return self._reader is not None

    @property
    def busy(self) -> bool:
        """A long run, a settle, or (big designs) a seek or step is under way in slices."""
        return self._job is not None or self._resuming > 0

    def read_state_in_background(self, done) -> bool:
        """Read the simulated state on the next event-loop turn (reads are incremental: milliseconds), then
        ``done(state, control_plane, now, error)``. Reads queued meanwhile are one read. False if a read is
        already queued (its ``done`` stays)."""
        if self._reader is not None or self.sim is None:
            return False
        token = object()
        self._reader = (token, done)
        self._read_turn.call(lambda: self._read_now(token))    # its own turn, not the slice's that changed it
        return True

    def _read_now(self, token) -> None:
        pending = self._reader
        if pending is None or pending[0] is not token:
            return
        self._reader = None
        sim = self.sim
        if sim is None:
            return
        if self._job is not None and self._job[0] != "run":
            # half-way through a seek or step the state is a moment the user never asked for: read when done
            self._reader = (token, pending[1])
            QTimer.singleShot(20, lambda: self._read_now(token))
            return
        try:
            state = sim.cluster()
            cp = sim.control_plane() if hasattr(sim, "control_plane") else None
        except Exception as exc:  # noqa: BLE001 - shown by the window
            pending[1](None, None, None, exc)
            return
        if self.big:
            keep_long_lived()   # the state is shown for a while: out of the full collections' way
        pending[1](state, cp, sim.now, None)

    def wait_for_reading(self) -> None:
        """Before the window reads the simulator: a seek or step under way is completed at once (half-way it
        is at a moment nobody asked for); a long run or settle is held between two loop items (the window may
        change the simulator next, e.g. settle it) and goes on at the next event-loop turn. Reads happen on
        this thread, so there is nothing else to wait for."""
        self._finish_job()
        resume = self._pause_job()
        if resume is not None:
            self._resume_later(resume)

    def _resume_later(self, resume) -> None:
        self._resuming += 1

        def go():
            self._resuming -= 1
            resume()
        QTimer.singleShot(0, go)

    @property
    def starting_in_background(self) -> bool:
        return self._starter is not None

    def start_in_background(self, then=None, settle: bool = False) -> bool:
        """Big designs: build the simulator (and settle it when ``settle``) in a worker thread, then call
        ``then()`` on the UI thread. Returns True when the simulator is already there (``then`` is NOT called:
        the caller goes on), False when the start was handed to the worker (or is already running: only
        the first ``then`` is kept). Small designs start synchronously (and settle) and return True.
        :meth:`cancel_start` drops a start in flight."""
        if self.sim is not None:
            return True
        if self._starter is not None:
            return False
        cls = simulator_class()
        if cls is None or len(self.document.cluster.objects("Pod")) <= BACKGROUND_START_PODS:
            if not self.ensure_started():
                return False
            if settle:
                self._guard(lambda: self.sim.settle())
            return True
        starter = _Starter(cls, self.document.cluster.copy(), settle, self)
        starter.started_sim.connect(self._background_started)     # queued: delivered on the UI thread
        self._starter = (starter, then)
        self.starting.emit(True)
        # layouts and repaints already asked for (the busy dialog, a dock just shown) are done now, before the
        # worker competes with them for the GIL (a canvas repaint took 0.1-0.3 s behind the worker)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
        starter.start()
        return False

    def cancel_start(self) -> None:
        """Stop a background start (the worker stops at its next yield; a result still arriving is dropped)."""
        if self._starter is not None:
            self._starter[0].cancel()
            self._starter = None
            self.starting.emit(False)

    def start_and_wait(self, settle: bool = True) -> bool:
        """Make sure a simulator runs (started, and settled when ``settle``, if there was none), as the
        kubectl console and request tracing need: a big design's simulator starts in the background behind
        its cancellable dialog while a local event loop keeps the window live. True when a simulator is
        there; False when the start failed or was cancelled (``failed`` already said why)."""
        if self.sim is not None:
            self.wait_for_reading()     # the caller (kubectl) may write: only between two items
            return True
        if self.start_in_background(None, settle=settle):
            return self.sim is not None
        if self._starter is not None:
            loop = QEventLoop()

            def finished(starting):
                if not starting:
                    loop.quit()
            self.starting.connect(finished)
            try:
                if self._starter is not None:
                    with turns.held():      # no UI slice (nor the repaint it causes) competes with the worker
                        loop.exec()
            finally:
                self.starting.disconnect(finished)
        return self.sim is not None

    def wait_for_start(self) -> None:
        """Closing: let a worker still building a simulator finish (a running QThread must not be destroyed)."""
        for thread in self.findChildren(_Starter):
            thread.wait()

    def _background_started(self, starter, sim, error) -> None:
        pending, self._starter = self._starter, None
        if pending is None or pending[0] is not starter:
            return      # cancelled (or superseded): drop it
        self.starting.emit(False)
        if error is not None:
            self.failed.emit(self.tr("Cannot simulate this design: {0}").format(error))
            return
        self.sim = sim
        self.max_time = 0
        self._changed()
        then = pending[1]
        if then is not None:
            then()

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def ensure_started(self) -> bool:
        """Create the simulator from a copy of the design if none runs yet. False (and ``failed``) if the
        simulator is unavailable or rejects the design."""
        if self.sim is not None:
            return True
        cls = simulator_class()
        if cls is None:
            self.failed.emit(self.tr("The simulator is not available in this build."))
            return False
        try:
            self.sim = cls(self.document.cluster.copy())
        except Exception as exc:  # noqa: BLE001 - shown to the user; the design is untouched
            self.failed.emit(self.tr("Cannot simulate this design: {0}").format(exc))
            return False
        self.max_time = 0
        self.state_changed.emit()
        return True

    def step(self) -> None:
        """Advance to the next pending event (one scheduling decision, one controller action...)."""
        if not self.start_in_background(self.step):
            return
        if self.big and hasattr(self.sim, "step_steps"):    # one moment can hold a controller's long pass
            self._start_job("step", self.sim.step_steps(None))
            return
        self._guard(lambda: self.sim.step(None))

    def settle(self) -> None:
        """Run until nothing is pending (see ``Simulator.settle``): on a big design in slices (``progress``
        busy, cancellable: the simulator stays where it got to), else at once. Starts the simulator first
        (in the background on a big design) when none runs."""
        if not self.start_in_background(None, settle=True):
            return
        if self.big and hasattr(self.sim, "settle_steps"):
            self._start_job("settle", self.sim.settle_steps())
            return
        self._guard(lambda: self.sim.settle())

    def _start_job(self, kind: str, steps) -> None:
        self._close_job()
        if self.big:
            keep_long_lived()   # a seek's undo allocates a lot: full collections should not walk the rest
        self._cancelled = False
        self._job = (kind, steps, self.sim.now, self.sim.now)
        self._next_turn.call(self._run_slice)

    def play(self) -> None:
        if not self.start_in_background(self.play):
            return
        self._carry = 0.0
        self._timer.start()
        self.running_changed.emit(True)

    def pause(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.running_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: int) -> None:
        self.speed = max(1, int(speed))

    def reset(self) -> None:
        """Drop the simulation; the scene goes back to the design."""
        self.cancel_start()
        self._close_job()
        self._reader = None
        self.pause()
        old, self.sim = self.sim, None
        self.max_time = 0
        self.state_changed.emit()
        if old is not None:
            # a big design's simulator was frozen out of the cyclic collector (keep_long_lived), and it is full
            # of cycles (its controllers point back at it): only reference counting can free it, once the
            # simulator lets go of its parts. Dropping them at once held the GIL 0.1-0.3 s at 150,000 pods:
            # they go a slice per event-loop turn (memory.release_steps)
            self._releases.append(release_steps(old, own=("explorer.sim",)))
            del old
            self._release_turn.call(self._release_slice)

    def release_later(self, obj) -> None:
        """Free ``obj``, a simulated state the window let go of and nothing else holds, a slice per turn
        (:func:`~explorer.ui.memory.release_steps`), like a dropped simulator."""
        self._releases.append(release_steps(obj))
        self._release_turn.call(self._release_slice)

    @property
    def releasing(self) -> bool:
        """True while a dropped simulator or state is still being freed (a slice per turn)."""
        return bool(self._releases)

    def _release_slice(self) -> None:
        """Free dropped simulators for about RELEASE_SLICE_S, then again on a later turn."""
        deadline = time.perf_counter() + RELEASE_SLICE_S
        while self._releases:
            try:
                next(self._releases[0])
            except StopIteration:
                self._releases.pop(0)
                continue
            if time.perf_counter() > deadline:
                break
        if self._releases:
            self._release_turn.call(self._release_slice)

    def seek(self, t: int) -> None:
        """Go to simulated time ``t``. On a big design in slices (``progress``, cancellable; the state is
        shown when it is done), else at once. A jump on the timeline stops a long run."""
        if self.sim is None:
            return
        self._close_job()
        self.pause()
        if not self.big or not hasattr(self.sim, "seek_steps"):
            self._guard(lambda: self.sim.seek(int(t)))
            return
        self._start_job("seek", _then_mirror(self.sim, self.sim.seek_steps(int(t))))

    def run_for(self, seconds: int) -> None:
        """Advance ``seconds`` simulated seconds in slices, reporting ``progress(done, total)``;
        :meth:`cancel` stops it."""
        if not self.ensure_started():
            return
        self._close_job()
        self._cancelled = False
        start = self.sim.now
        end = start + int(seconds)
        steps = _chunked_run(self.sim, end) if hasattr(self.sim, "run_steps") else None
        self._job = ("run", steps, start, end)
        self._next_turn.call(self._run_slice)

    @property
    def _target(self):
        """(start, end) of the long run under way, or None."""
        return self._job[2:] if self._job is not None and self._job[0] == "run" else None

    def cancel(self) -> None:
        """Stop the long run (or seek) under way at its next slice."""
        self._cancelled = True

    def _close_job(self) -> None:
        """Abandon a run or seek under way (the simulator stays at the moment it reached)."""
        job, self._job = self._job, None
        if job is not None and job[1] is not None:
            job[1].close()
            self._changed()

    def _finish_job(self) -> None:
        """A seek or step under way is completed at once (a seek replays at most a snapshot interval)."""
        job = self._job
        if job is not None and job[0] in ("seek", "step"):
            self._job = None
            self._guard_steps(job[1])

    def _pause_job(self):
        """Before an operation changes the simulator: a seek or step under way is completed; a long run or
        settle is stopped between two loop items (an input recorded half-way through an item would not
        replay the same) and returned as ``resume()``, which goes on towards the same end. None when
        nothing is to be resumed."""
        self._finish_job()
        job, self._job = self._job, None
        if job is None:
            return None
        kind, steps, start, end = job
        if steps is not None:
            steps.close()

        def resume():
            if self._job is not None or self.sim is None or self._cancelled:
                return
            if kind == "run":
                if self.sim.now >= end:
                    self.progress.emit(end - start, end - start)
                    return
                steps = _chunked_run(self.sim, end) if hasattr(self.sim, "run_steps") else None
            else:
                steps = self.sim.settle_steps()
            self._job = (kind, steps, start, end)
            self._next_turn.call(self._run_slice)
        return resume

    def _guard_steps(self, steps) -> bool:
        try:
            for _ in steps:
                pass
        except Exception as exc:  # noqa: BLE001 - simulator errors go to the user
            self.failed.emit(str(exc))
            self._changed()
            return False
        self._changed()
        return True

    def _run_slice(self) -> None:
        job = self._job
        if self.sim is None or job is None:
            return
        kind, steps, start, end = job
        deadline = time.perf_counter() + SLICE_BUDGET_S
        done = False
        try:
            if steps is None:       # a simulator without generator forms: 10 s at a time
                while self.sim.now < end and not self._cancelled:
                    self.sim.step(min(10, end - self.sim.now))
                    if time.perf_counter() >= deadline:
                        break
                done = self.sim.now >= end
            else:
                while not self._cancelled:      # at least one piece of work per slice
                    next(steps)
                    if time.perf_counter() >= deadline:
                        break
        except StopIteration:
            done = True
        except Exception as exc:  # noqa: BLE001
            self._job = None
            self.failed.emit(str(exc))
            self._changed()
            return
        if self._job is not job:
            return
        if done or self._cancelled:
            self._job = None
            if steps is not None and not done:
                steps.close()
        if kind == "run":
            self.progress.emit(max(0, min(end - start, self.sim.now - start)), end - start)
        elif self._job is not None:
            self.progress.emit(0, 0)
        if kind == "run" or self._job is None:
            self._changed()
        if self._job is job:
            self._next_turn.call(self._run_slice)

    def apply(self, op: str, *args) -> bool:
        """Apply a fault or operation now (``stop_node``, ``delete_pod``, ``scale``...). Returns success."""
        if not self.ensure_started():
            return False
        fn = getattr(self.sim, op, None)
        if fn is None:
            self.failed.emit(self.tr("The simulator cannot do {0}").format(op))
            return False
        return self._guard(lambda: fn(*args))

    def _tick(self) -> None:
        if self.sim is None:
            self.pause()
            return
        if self._job is not None:       # a long run or seek is under way: this tick's time waits
            self._carry += self.speed * TICK_MS / 1000.0
            return
        self._carry += self.speed * TICK_MS / 1000.0
        whole = int(self._carry)
        if whole <= 0:
            return
        self._carry -= whole
        self._guard(lambda: self.sim.step(whole))

    def _guard(self, fn) -> bool:
        resume = self._pause_job()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - simulator errors (ApiError, ValueError) go to the user
            self.failed.emit(str(exc))
            self._changed()
            return False
        finally:
            if resume is not None:
                resume()
        self._changed()
        return True

    def _changed(self) -> None:
        if self.sim is not None:
            self.max_time = max(self.max_time, int(self.sim.now))
        self.state_changed.emit()
