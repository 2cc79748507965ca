"""Runs an :class:`explorer.sim.Simulator` for the window: step, play at 1×/10×/100×, seek, faults, reset.

The simulation is separate from the design: it starts from a COPY of the design, never touches the undo
stack, and reports its state through ``state_changed`` so the scene can show ``sim.cluster()`` as an
overlay. Playing advances in small slices from a QTimer so the UI never blocks; long runs
(:meth:`SimulationController.run_for`) go in chunks with progress and can be cancelled.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

TICK_MS = 100
SLICE_BUDGET_S = 0.06       # time allowed per timer slice before yielding back to the event loop


def simulator_class():
    """The Simulator class, or None while explorer.sim is not available."""
    try:
        from explorer.sim import Simulator
        return Simulator
    except ImportError:
        return None


class SimulationController(QObject):
    """Signals: ``state_changed()`` (read :attr:`sim`), ``running_changed(bool)``, ``progress(int, int)``,
    ``failed(str)``."""

    state_changed = Signal()
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

    @property
    def active(self) -> bool:
        return self.sim is not None

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
        if not self.ensure_started():
            return
        self._guard(lambda: self.sim.step(None))

    def play(self) -> None:
        if not self.ensure_started():
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
        self.pause()
        self._target = None
        self.sim = None
        self.max_time = 0
        self.state_changed.emit()

    def seek(self, t: int) -> None:
        if self.sim is None:
            return
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
        fn = getattr(self.sim, op, None)
        if fn is None:
            self.failed.emit(self.tr("The simulator cannot do {0}").format(op))
            return False
        return self._guard(lambda: fn(*args))

    def _tick(self) -> None:
        if self.sim is None:
            self.pause()
            return
        self._carry += self.speed * TICK_MS / 1000.0
        whole = int(self._carry)
        if whole <= 0:
            return
        self._carry -= whole
        self._guard(lambda: self.sim.step(whole))

    def _guard(self, fn) -> bool:
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
