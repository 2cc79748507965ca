"""Runs an :class:`explorer.sim.Simulator` for the window: step, play at 1×/10×/100×, seek, faults, reset.

The simulation is separate from the design: it starts from a COPY of the design, never touches the undo
stack, and reports its state through ``state_changed`` so the scene can show ``sim.cluster()`` as an
overlay. Playing advances in small slices from a QTimer so the UI never blocks; long runs
(:meth:`SimulationController.run_for`) go in chunks with progress and can be cancelled.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from explorer.ui.memory import gc_paused, keep_long_lived

TICK_MS = 100
SLICE_BUDGET_S = 0.06       # time allowed per timer slice before yielding back to the event loop
BACKGROUND_START_PODS = 5000  # designs with more pods build (and settle) their Simulator in a worker thread


class _Starter(QThread):
    """Builds ``Simulator(design)`` (and settles it when asked) off the UI thread: seconds at 150,000 pods.
    ``started_sim(self, sim or None, error or None)``; the controller hands the simulator over on the UI
    thread, so no other thread ever touches it afterwards."""

    started_sim = Signal(object, object, object)

    def __init__(self, cls, design, settle: bool, parent=None):
        super().__init__(parent)
        self._cls, self._design, self._settle = cls, design, settle

    def run(self):
        try:
            with gc_paused():
                sim = self._cls(self._design)
                if self._settle:
                    sim.settle()
            keep_long_lived()
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


class _Reader(QThread):
    """Reads ``sim.cluster()`` and ``sim.control_plane()`` off the UI thread (~0.7 s at 150,000 pods).
    While it runs the controller does not touch the simulator (ticks and slices wait; user operations
    wait for it to finish). ``read(self, state, control_plane, now, error)``."""

    read = Signal(object, object, object, object, object)

    def __init__(self, sim, parent=None):
        super().__init__(parent)
        self._sim = sim

    def run(self):
        try:
            sim = self._sim
            with gc_paused():
                state = sim.cluster()
                cp = sim.control_plane() if hasattr(sim, "control_plane") else None
            keep_long_lived()
        except Exception as exc:  # noqa: BLE001 - shown by the window
            self.read.emit(self, None, None, None, exc)
            return
        self.read.emit(self, state, cp, sim.now, None)


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
        self.document = document
        self.sim = None
        self.speed = 1
        self.max_time = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._carry = 0.0
        self._target = None
        self._cancelled = False
        self._starter = None            # (_Starter, then) while a simulator is built in the background
        self._reader = None             # (_Reader, done) while the shown state is read in the background

    @property
    def active(self) -> bool:
        return self.sim is not None

    @property
    def big(self) -> bool:
        """A design big enough that the simulator is started and read off the UI thread."""
        return len(self.document.cluster.objects("Pod")) > BACKGROUND_START_PODS

    @property
    def reading(self) -> bool:
        return self._reader is not None

    def read_state_in_background(self, done) -> bool:
        """Read the simulated state in a worker thread, then ``done(state, control_plane, now, error)`` on the
        UI thread. False if a read is already running (its ``done`` stays)."""
        if self._reader is not None or self.sim is None:
            return False
        reader = _Reader(self.sim, self)
        reader.read.connect(self._background_read)      # queued: delivered on the UI thread
        self._reader = (reader, done)
        reader.start()
        return True

    def wait_for_reading(self) -> None:
        """Block until a background read has finished (before anything touches the simulator)."""
        if self._reader is not None:
            self._reader[0].wait()

    def _background_read(self, reader, state, cp, now, error) -> None:
        pending = self._reader
        if pending is None or pending[0] is not reader:
            return
        self._reader = None
        if reader.parent() is self and self.sim is reader._sim:
            pending[1](state, cp, now, error)

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
        starter.start()
        return False

    def cancel_start(self) -> None:
        """Forget a background start (its result is dropped when it arrives)."""
        if self._starter is not None:
            self._starter = None
            self.starting.emit(False)

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
        self._guard(lambda: self.sim.step(None))

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
        self.wait_for_reading()
        self._reader = None
        self.pause()
        self._target = None
        self.sim = None
        self.max_time = 0
        self.state_changed.emit()

    def seek(self, t: int) -> None:
        if self.sim is None:
            return
        self.wait_for_reading()
        self.pause()
        self._target = None         # a jump on the timeline is the newer intent: stop any long run
        self._guard(lambda: self.sim.seek(int(t)))

    def run_for(self, seconds: int) -> None:
        """Advance ``seconds`` simulated seconds in slices, reporting ``progress(done, total)``;
        :meth:`cancel` stops it."""
        if not self.ensure_started():
            return
        self._cancelled = False
        self._target = (self.sim.now, self.sim.now + int(seconds))
        QTimer.singleShot(0, self._run_slice)

    def cancel(self) -> None:
        self._cancelled = True

    def _run_slice(self) -> None:
        if self.sim is None or self._target is None:
            return
        if self._reader is not None:    # the state is being read: do not change it under the reader
            QTimer.singleShot(20, self._run_slice)
            return
        start, end = self._target
        deadline = time.perf_counter() + SLICE_BUDGET_S
        try:
            while self.sim.now < end and time.perf_counter() < deadline and not self._cancelled:
                self.sim.step(min(10, end - self.sim.now))
        except Exception as exc:  # noqa: BLE001
            self._target = None
            self.failed.emit(str(exc))
            return
        self.progress.emit(self.sim.now - start, end - start)
        self._changed()
        if self.sim.now < end and not self._cancelled:
            QTimer.singleShot(0, self._run_slice)
        else:
            self._target = None

    def apply(self, op: str, *args) -> bool:
        """Apply a fault or operation now (``stop_node``, ``delete_pod``, ``scale``...). Returns success."""
        if not self.ensure_started():
            return False
        self.wait_for_reading()
        fn = getattr(self.sim, op, None)
        if fn is None:
            self.failed.emit(self.tr("The simulator cannot do {0}").format(op))
            return False
        return self._guard(lambda: fn(*args))

    def _tick(self) -> None:
        if self.sim is None:
            self.pause()
            return
        if self._reader is not None:    # the state is being read: this tick's time is not lost, it waits
            self._carry += self.speed * TICK_MS / 1000.0
            return
        self._carry += self.speed * TICK_MS / 1000.0
        whole = int(self._carry)
        if whole <= 0:
            return
        self._carry -= whole
        self._guard(lambda: self.sim.step(whole))

    def _guard(self, fn) -> bool:
        self.wait_for_reading()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - simulator errors (ApiError, ValueError) go to the user
            self.failed.emit(str(exc))
            self._changed()
            return False
        self._changed()
        return True

    def _changed(self) -> None:
        if self.sim is not None:
            self.max_time = max(self.max_time, int(self.sim.now))
        self.state_changed.emit()
