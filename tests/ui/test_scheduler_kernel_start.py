"""The window loads the scheduler's compiled loop in a background thread and never waits for it."""

from __future__ import annotations

import threading

from explorer.sim.scheduler import compiled
from explorer.ui.simulation import import_scheduler


def test_the_window_loads_the_compiled_loop_in_the_background(monkeypatch):
    monkeypatch.setattr(compiled, "load_on_first_use", True)
    monkeypatch.setattr(compiled, "_loader", None)
    monkeypatch.setattr(compiled, "_state", None)
    import_scheduler()
    thread = compiled._loader
    waits_for_it = compiled.load_on_first_use
    thread.join(timeout=300)
    again = compiled.load_in_background()
    assert (thread.daemon, thread.name, waits_for_it, thread.is_alive(), compiled.ready(), again is thread) == (
        True, "scheduler-kernel", False, False, True, True)


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
