"""The window loads the scheduler's compiled loop in a background thread once it is quiet, and never waits for
it (explorer/ui/kernel_loader.py)."""

from __future__ import annotations

import sys
import threading

import pytest

from explorer.sim.scheduler import compiled
from explorer.ui.kernel_loader import KernelWhenQuiet
from explorer.ui.memory import SWITCH_INTERVAL_S, ui_busy
from explorer.ui.simulation import import_scheduler


def test_the_window_defers_the_compiled_loop_and_loads_it_in_the_background(monkeypatch):
    monkeypatch.setattr(compiled, "load_on_first_use", True)
    monkeypatch.setattr(compiled, "_loader", None)
    monkeypatch.setattr(compiled, "_state", None)
    import_scheduler()
    deferred = (compiled.load_on_first_use, compiled._loader)
    thread = compiled.load_in_background()
    thread.join(timeout=300)
    again = compiled.load_in_background()
    assert (deferred, thread.daemon, thread.name, thread.is_alive(), compiled.ready(), again is thread) == (
        (False, None), True, "scheduler-kernel", False, True, True)


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


MOVED_EVERY_HALF_SECOND = [("quiet", 0.5), ("moved",)] * 6      # 3 s of zooming or scrolling

QUIET_CASES = {
    # name: (what happens, in turn, checked every CHECK_MS: expected clock times at which the load started)
    "quiet from the start: after QUIET_S": ([("quiet", 3.0)], [1.0]),
    "busy for 3 s: QUIET_S after it ends": ([("busy", 3.0), ("quiet", 3.0)], [4.0]),
    "the view moving for 3 s: QUIET_S after it stops": (MOVED_EVERY_HALF_SECOND + [("quiet", 3.0)], [4.0]),
    "the window painting for 3 s: QUIET_S after it ends": ([("painting", 3.0), ("quiet", 3.0)], [4.0]),
    "quiet for less than QUIET_S, then busy: not yet": ([("quiet", 0.75), ("busy", 3.0)], []),
    "once started, never again": ([("quiet", 3.0), ("busy", 1.0), ("quiet", 3.0)], [1.0]),
}


@pytest.mark.parametrize("name", QUIET_CASES, ids=list(QUIET_CASES))
def test_the_compiled_loop_loads_once_the_window_is_quiet(name, qtbot):
    from PySide6.QtCore import QObject, Signal

    class View(QObject):
        moved = Signal()
    events, expected = QUIET_CASES[name]
    clock, busy, started = _Clock(), [False], []
    view = View()
    loader = KernelWhenQuiet(lambda: busy[0], view.moved, start=lambda: started.append(clock.now), clock=clock)
    loader._timer.stop()    # the test drives the checks
    for what, *seconds in events:
        if what == "moved":
            view.moved.emit()
            continue
        busy[0] = what == "busy"
        for _ in range(round(seconds[0] * 1000 / loader.CHECK_MS)):
            clock.now += loader.CHECK_MS / 1000
            if what == "painting":
                with ui_busy():     # the window's thread in a paint or a slice at the check
                    loader.check()
            else:
                loader.check()
    assert (started, loader.QUIET_S, loader.CHECK_MS) == (expected, 1.0, 250)


def test_the_window_starts_the_load_when_it_is_quiet(qtbot, window, monkeypatch):
    started = []
    monkeypatch.setattr(window.kernel_loader, "_start", lambda: started.append(True))
    qtbot.waitUntil(lambda: window.kernel_loader.started, timeout=10000)
    assert (started, window.work_under_way()) == ([True], False)


WORK_CASES = {
    # name: (what is under way, set up on the window's parts)
    "a file loading": lambda w: w.files._pending_loads.setdefault(object(), {}),
    # freeing a dropped simulator runs in slices on the window's thread (a load then froze reset for 103 ms)
    "a dropped simulator being freed": lambda w: w.sim._releases.append(iter(())),
}


@pytest.mark.parametrize("name", WORK_CASES)
def test_work_under_way_holds_the_load_back(name, window):
    before = window.work_under_way()
    WORK_CASES[name](window)
    try:
        assert (before, window.work_under_way()) == (False, True)
    finally:
        window.files._pending_loads.clear()
        window.sim._releases.clear()


def test_a_failing_load_leaves_the_python_loop(monkeypatch):
    def broken():
        raise RuntimeError("no LLVM here")
    monkeypatch.setattr(compiled, "load_on_first_use", True)
    monkeypatch.setattr(compiled, "_loader", None)
    monkeypatch.setattr(compiled, "_state", None)
    monkeypatch.setattr(compiled, "_error", None)
    monkeypatch.setattr(compiled, "_compile", broken)
    thread = compiled.load_in_background()
    thread.join(timeout=60)
    assert (compiled.ready(), compiled.load_on_first_use, compiled.unavailable_reason(),
            isinstance(thread, threading.Thread)) == (False, False, "no LLVM here", True)


def _thread_until(event: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=event.wait, daemon=True)
    thread.start()
    return thread


# name: (what start returns, given an event that ends the load) -> (automatic collections on and the thread
# switch interval while the load runs; the same after it; what was made meanwhile frozen at its end; still
# loading)
HOLD_CASES = {
    "a loader thread: held until it ends": (_thread_until, (False, "fast", True, "as before", True, False)),
    "nothing to wait for (a test's start)": (lambda event: None, (True, "as before", True, "as before", False,
                                                                 False)),
}


def _switching(before: float):
    now = sys.getswitchinterval()
    # (the interpreter keeps it in microseconds: 2e-05 reads back as 1.9999999999999998e-05)
    return "fast" if abs(now - SWITCH_INTERVAL_S) < 1e-9 else "as before" if abs(now - before) < 1e-9 else now


@pytest.mark.parametrize("name", HOLD_CASES, ids=list(HOLD_CASES))
def test_collections_are_held_and_threads_switch_fast_while_the_compiled_loop_loads(name, qtbot):
    """numba's imports make hundreds of thousands of objects: a full collection among them in the loader
    thread held the GIL for ~60 ms (the window froze), so the collector waits for the thread and what it
    made is frozen; and threads switch fast meanwhile (the window's thread waited up to 5 ms for the GIL after
    each Qt call)."""
    import gc
    start, expected = HOLD_CASES[name]
    event = threading.Event()
    clock = _Clock()
    enabled, interval = gc.isenabled(), sys.getswitchinterval()
    gc.enable()
    try:
        loader = KernelWhenQuiet(lambda: False, start=lambda: start(event), clock=clock)
        loader._timer.stop()
        clock.now += loader.QUIET_S
        loader.check()
        during = (gc.isenabled(), _switching(interval))
        frozen = gc.get_freeze_count()
        made = [[] for _ in range(100)]     # what the load makes meanwhile
        event.set()
        if loader.waiter is not None:
            loader.waiter.join(timeout=10)
        after = (gc.isenabled(), _switching(interval), gc.get_freeze_count() > frozen, loader.loading)
        del made
    finally:
        gc.enable() if enabled else gc.disable()
    assert (*during, *after) == expected
