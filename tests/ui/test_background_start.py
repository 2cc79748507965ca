"""Big designs build (and settle) their simulator in a worker thread (issue 5: the UI never freezes; at
150,000 pods that is seconds of work); the requested action follows on the UI thread, and Reset (or Cancel
in the progress dialog) drops a start in flight. The example cluster stands in for a big design here
(BACKGROUND_START_PODS lowered to 0)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from explorer.ui import mainwindow, simulation


@pytest.fixture
def big(monkeypatch):
    monkeypatch.setattr(simulation, "BACKGROUND_START_PODS", 0)


def wait_shown(qtbot, window):
    """Until the simulator is built, no step/seek/run is under way, its state is read and drawn, and no
    redraw is queued."""
    qtbot.waitUntil(lambda: window.sim.active and not window.sim.starting_in_background
                    and not window.sim.reading and not window.sim.busy and not window.scene.updating
                    and not getattr(window, "_redraw_after_update", False)
                    and not getattr(window, "_reread_state", False), timeout=30_000)


def app_phases(state):
    return sorted(p.phase for p in state.pods() if not p.is_static)


def _step(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_F10)


def _settle(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_F6)


def _fault(qtbot, window):
    window.fault("cordon", "worker-1")


@pytest.mark.parametrize("gesture, expected", [
    (_step, {"has_events": True, "settled": False, "cordoned": False}),
    (_settle, {"has_events": True, "settled": True, "cordoned": False}),
    (_fault, {"has_events": True, "settled": True, "cordoned": True}),
], ids=["F10-step", "F6-settle", "fault-from-design"])
def test_big_design_starts_in_the_background_then_acts(qtbot, window, big, gesture, expected):
    design = window.document.cluster.copy()
    gesture(qtbot, window)
    started_in_background = window.sim.starting_in_background
    wait_shown(qtbot, window)
    state = window.sim.sim.cluster()
    # a freshly built simulator has recorded one event (leader election); a step records more
    result = {"has_events": len(window.sim.sim.events) > 1,
              "settled": app_phases(state) == ["Running"] * 5,
              "cordoned": state.find("Node", "worker-1").unschedulable}
    assert (started_in_background, window.scene.simulating, window.document.cluster.same_design(design),
            result) == (True, True, True, expected)


def test_reset_drops_a_start_in_flight(qtbot, window, big):
    qtbot.keyClick(window.view, Qt.Key_F10)
    assert window.sim.starting_in_background
    qtbot.keyClick(window.view, Qt.Key_F5, Qt.ControlModifier)     # Reset
    window.sim.wait_for_start()
    qtbot.wait(50)      # let the worker's queued result arrive (and be dropped)
    assert (window.sim.active, window.sim.starting_in_background, window.scene.simulating) == (False, False, False)


def test_big_simulated_state_is_read_in_the_background_and_shown(qtbot, window, big):
    _settle(qtbot, window)
    wait_shown(qtbot, window)
    window.fault("cordon", "worker-1")
    read_in_background = window.sim.reading
    wait_shown(qtbot, window)
    shown = window.scene.state
    expected = window.sim.sim.cluster()
    assert (read_in_background, shown.find("Node", "worker-1").unschedulable, app_phases(shown)) == \
        (True, True, app_phases(expected))


@pytest.mark.parametrize("edit, expected_new", [
    ("delete-the-mysql-deployment", [("warning", "Service mysql selects no pods")]),
    ("nothing", []),
], ids=["delete-the-mysql-deployment", "nothing"])
def test_big_design_is_validated_in_slices(qtbot, window, big, monkeypatch, edit, expected_new):
    from explorer.ui import problems
    from explorer.ui.problems import design_problems
    monkeypatch.setattr(problems, "STEP", 2)    # the example cluster is small: tiny steps make several slices
    monkeypatch.setattr(mainwindow, "PROBLEMS_SLICE_S", 0.0)    # ...of one step each
    before = {(f.severity, f.message) for f in design_problems(window.document.cluster)}
    if edit == "delete-the-mysql-deployment":
        window.scene.select_keys([("Deployment", "shop", "mysql")])
        qtbot.keyClick(window.view, Qt.Key_Delete)
    window.refresh_problems()       # (an edit also schedules one after a short pause)
    in_background = window._problems_job is not None
    qtbot.waitUntil(lambda: window._problems_job is None and not window._problems_timer.isActive(),
                    timeout=30_000)
    expected = design_problems(window.document.cluster)
    assert (in_background, window.problems.rows,
            sorted({(f.severity, f.message) for f in expected} - before)) == \
        (True, [(f.severity, f.key, f.message) for f in expected], expected_new)


def test_big_design_validation_waits_while_a_button_is_held_on_the_canvas(qtbot, window, big, monkeypatch):
    """A drag gets every event-loop turn: the sliced validation makes no progress while a mouse button is
    held on the canvas, and finishes after the release (issue 6: drag steps stay smooth after an open)."""
    from explorer.ui import problems
    from explorer.ui.problems import design_problems
    monkeypatch.setattr(problems, "STEP", 2)
    monkeypatch.setattr(mainwindow, "PROBLEMS_SLICE_S", 0.0)
    monkeypatch.setattr(mainwindow, "PROBLEMS_WAIT_MS", 5)
    steps = []
    original = mainwindow.design_problems_steps
    monkeypatch.setattr(mainwindow, "design_problems_steps", lambda *a, **k: _returning(original(*a, **k), steps))
    vp = window.view.viewport()
    spot = vp.rect().center()
    qtbot.mousePress(vp, Qt.LeftButton, pos=spot)
    window.refresh_problems()
    qtbot.wait(300)
    during = (len(steps), window._problems_job is not None)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: window._problems_job is None and not window._problems_timer.isActive(),
                    timeout=30_000)
    expected = [(f.severity, f.key, f.message) for f in design_problems(window.document.cluster)]
    assert (during, window.problems.rows, len(steps) > 1) == ((0, True), expected, True)


def _returning(gen, steps):
    """``gen`` with every step counted in ``steps``; returns what ``gen`` returns."""
    try:
        while True:
            item = next(gen)
            steps.append(1)
            yield item
    except StopIteration as stop:
        return stop.value


def test_big_design_validation_refreshed_while_it_waits_still_finishes(qtbot, window, big, monkeypatch):
    """Refreshes while the validation waits for a held button (each refresh replaces and closes the run in
    flight) end in one finished run of the newest design once the button is released."""
    from explorer.ui import problems
    from explorer.ui.problems import design_problems
    monkeypatch.setattr(problems, "STEP", 2)
    monkeypatch.setattr(mainwindow, "PROBLEMS_SLICE_S", 0.0)
    monkeypatch.setattr(mainwindow, "PROBLEMS_WAIT_MS", 5)
    vp = window.view.viewport()
    spot = vp.rect().center()
    qtbot.mousePress(vp, Qt.LeftButton, pos=spot)
    jobs = []
    for _ in range(3):
        window.refresh_problems()
        jobs.append(window._problems_job)
        qtbot.wait(50)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: window._problems_job is None, timeout=30_000)
    expected = [(f.severity, f.key, f.message) for f in design_problems(window.document.cluster)]
    closed = [job.gi_frame is None for job in jobs[:-1]]
    assert (window.problems.rows, closed) == (expected, [True, True])


def test_no_ui_slice_runs_while_the_window_waits_for_a_background_start(qtbot, window, big):
    """The console and tracing wait for a big design's simulator in a local event loop; UI slices (and the
    repaints they cause) wait too, so they do not take the GIL back from the worker thousands of times."""
    from explorer.ui.turns import NextTurn
    order = []
    window.sim.starting.connect(lambda on: order.append("started") if not on else None)
    turn = NextTurn()
    turn.call(lambda: order.append("slice"))
    ok = window.sim.start_and_wait()
    qtbot.waitUntil(lambda: "slice" in order, timeout=10_000)
    assert (ok, order) == (True, ["started", "slice"])


def test_repaints_asked_for_are_done_before_the_background_start_begins(qtbot, window, big):
    """A canvas repaint behind the worker competes with it for the GIL (0.1-0.3 s at 5,000 nodes): what is
    already asked for (a dock just shown, the busy dialog) is painted before the worker starts."""
    from PySide6.QtCore import QEvent, QObject
    qtbot.waitExposed(window)

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event):  # noqa: N802 - Qt name
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False
    paints = Paints()
    window.view.viewport().installEventFilter(paints)
    window.view.viewport().update()
    before = paints.count
    started_in_background = not window.sim.start_in_background(None)
    painted_before_the_worker = paints.count > before
    window.view.viewport().removeEventFilter(paints)
    window.sim.start_and_wait()
    assert (started_in_background, painted_before_the_worker) == (True, True)


def test_a_context_menu_ends_the_held_button(qtbot, window, monkeypatch):
    """A right-button press opens the context menu, which takes the mouse (the release never reaches the
    canvas): the canvas no longer counts the button as held, so background validation is not held up."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu
    monkeypatch.setattr(QMenu, "exec", lambda *args, **kwargs: None)
    vp = window.view.viewport()
    spot = vp.rect().center()
    qtbot.mousePress(vp, Qt.RightButton, pos=spot)
    held_after_press = window.view.pointer_held
    QApplication.sendEvent(vp, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, spot, vp.mapToGlobal(spot)))
    held_after_menu = window.view.pointer_held
    qtbot.mouseRelease(vp, Qt.RightButton, pos=spot)     # QtTest keeps its own button state for later tests
    assert (held_after_press, held_after_menu) == (True, False)


def test_the_worker_imports_nothing_the_window_has_not_imported(tmp_path):
    """The first simulator built in a worker imported the 19 scheduler modules there, holding the GIL in long
    compile and exec calls (the window froze for over 100 ms). Now the window imports them while it is made.
    A fresh interpreter makes the window, then builds and settles a simulator in a thread, and lists the
    modules that thread imported."""
    import os
    import subprocess
    import sys
    script = """
import sys, threading
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui.app import create_window
window = create_window(None, offer_recovery=False)
app.processEvents()
from explorer.model import example_cluster
from explorer.ui.simulation import simulator_class
cluster = example_cluster()
before = set(sys.modules)
def build():
    sim = simulator_class()(cluster.copy())
    sim.settle()
    sim.cluster()
worker = threading.Thread(target=build)
worker.start()
worker.join()
print(sorted(m for m in set(sys.modules) - before if m.startswith("explorer")))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert (proc.returncode, proc.stdout.strip().splitlines()[-1:]) == (0, ["[]"])
