"""Background work never races with edits.

The desktop app runs all background work (simulation play and long runs, load generation, import) on the Qt
thread in short timer slices, and the simulation works on a COPY of the design taken when it starts; while a
simulation is shown the design is read-only (edits are refused with a status message) until Reset. These
tests start work, interleave user actions while it is in flight, and check that (a) the design is never
changed by the work, (b) a refused edit changes nothing, (c) an edit that is allowed (after Reset, Open,
New) cancels the work, so no stale slice of an old run touches the new state.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.io import dump_topology, save_topology
from explorer.model import builders as b
from explorer.model import example_cluster
from explorer.model.commands import AddObjects
from explorer.ui import file_actions, mainwindow
from tests.robustness.gui_monkey import patch_dialogs


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(file_actions, "recovery_path", lambda: tmp_path / "recovery.yaml")
    answers = {"question": QMessageBox.Discard, "questions": 0, "warnings": 0, "criticals": 0,
               "informations": 0, "int": 3, "text": "x"}
    patch_dialogs(monkeypatch, {"open": tmp_path / "a.yaml", "save": tmp_path / "b.yaml"}, answers)
    w = mainwindow.MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    w.scene.animate = False
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.sim.reset()
    w.document.undo_stack.setClean()
    w.close()


LONG = 10_000_000   # simulated seconds: far more than the test lets run; cancelled at the end


def _in_flight(qtbot, window, seconds=LONG) -> None:
    """Start a long run and let a couple of slices happen, so it is still going."""
    window.run_long(seconds)
    qtbot.waitUntil(lambda: window.sim.active and window.sim.sim.now > 0, timeout=10000)
    assert window.sim._target is not None, "the run finished before the test could interleave"


def _finish(qtbot, window) -> None:
    window.sim.cancel()
    qtbot.waitUntil(lambda: window.sim._target is None, timeout=60000)


def _add_namespace(window) -> bool:
    return window.push(AddObjects([b.namespace("interleaved")]))


def test_edit_during_a_long_run_is_refused_and_changes_nothing(qtbot, window):
    design = dump_topology(window.document.cluster)
    _in_flight(qtbot, window)
    outcome = (_add_namespace(window), window.document.undo_stack.count())
    _finish(qtbot, window)
    assert (outcome, dump_topology(window.document.cluster), window.sim.active) == ((False, 0), design, True)


def test_undo_while_a_simulation_is_shown_leaves_the_design_alone(qtbot, window):
    """The design is read-only while a simulation is shown: Ctrl+Z must not change it behind the simulation."""
    assert _add_namespace(window)
    design = dump_topology(window.document.cluster)
    _in_flight(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)    # the shortcut
    window.undo_act.trigger()                               # Edit > Undo
    _finish(qtbot, window)
    assert dump_topology(window.document.cluster) == design


def test_simulation_works_on_a_copy_taken_at_start(qtbot, window):
    design = dump_topology(window.document.cluster)
    window.settle()
    sim_cluster = window.sim.sim.cluster()
    window.sim.play()
    qtbot.wait(300)
    window.sim.pause()
    window.generate_load("http://shop.example.com/api", count=50)
    assert (dump_topology(window.document.cluster), ("Namespace", "", "interleaved") in sim_cluster) == (design, False)


def test_reset_cancels_the_run_in_flight(qtbot, window):
    _in_flight(qtbot, window)
    window.reset_simulation()
    QApplication.processEvents()
    assert _add_namespace(window)
    window.sim.step()           # a NEW simulation, from the edited design
    now = window.sim.sim.now
    qtbot.wait(300)             # any stale slice of the old run would advance this one
    assert (window.sim.sim.now, ("Namespace", "", "interleaved") in window.sim.sim.cluster()) == (now, True)


def test_open_cancels_the_run_in_flight(qtbot, window, tmp_path):
    other = example_cluster()
    other.add(b.namespace("opened"))
    save_topology(other, tmp_path / "a.yaml")
    _in_flight(qtbot, window)
    assert window.open_path(str(tmp_path / "a.yaml"), ask=False)
    qtbot.wait(300)
    assert (window.sim.active, ("Namespace", "", "opened") in window.document.cluster) == (False, True)


def test_seek_during_a_long_run_stays_where_the_user_put_it(qtbot, window):
    """Jumping back on the timeline while a long run is in flight: the run must stop (the user's jump is
    the newer intent), not carry the simulation forward again behind the user's back."""
    _in_flight(qtbot, window)
    window.sim.seek(0)
    qtbot.wait(500)
    now = window.sim.sim.now
    _finish(qtbot, window)
    assert now == 0


def test_import_during_a_simulation_is_refused(qtbot, window, tmp_path):
    other = example_cluster()
    other.add(b.namespace("imported"))
    save_topology(other, tmp_path / "a.yaml")
    design = dump_topology(window.document.cluster)
    _in_flight(qtbot, window)
    outcome = (window.import_path(str(tmp_path / "a.yaml")), dump_topology(window.document.cluster))
    _finish(qtbot, window)
    assert outcome == (False, design)


# ---------------------------------------------------------------------------------------------------------
# Background import/open: the file is parsed in a worker thread (its own new cluster, nothing shared); the
# merge happens on the UI thread against the design as it is THEN.

def _big_topology(path, namespace: str, objects: int = 300) -> None:
    cluster = example_cluster()
    cluster.add(b.namespace(namespace))
    cluster.add_many([b.deployment(f"bulk-{i}", namespace, replicas=1) for i in range(objects)])
    save_topology(cluster, path)


def _wait_loaded(qtbot, window) -> None:
    loader = window.loading[0]
    qtbot.waitUntil(lambda: loader.isFinished(), timeout=120000)
    QApplication.processEvents()


def test_edit_during_a_background_import_is_kept_and_undone_separately(qtbot, window, tmp_path):
    _big_topology(tmp_path / "big.yaml", "bulk")
    start = dump_topology(window.document.cluster)
    assert window.import_path(str(tmp_path / "big.yaml"), background=True)
    assert _add_namespace(window)                       # while the worker parses
    _wait_loaded(qtbot, window)
    cluster = window.document.cluster
    after_import = (("Namespace", "", "interleaved") in cluster, ("Deployment", "bulk", "bulk-7") in cluster)
    window.document.undo_stack.undo()                   # the import, one step
    after_one_undo = (("Namespace", "", "interleaved") in cluster, ("Deployment", "bulk", "bulk-7") in cluster)
    window.document.undo_stack.undo()                   # the edit
    assert (after_import, after_one_undo, dump_topology(window.document.cluster)) == (
        (True, True), (True, False), start)


def test_background_import_finishing_during_a_simulation_is_refused(qtbot, window, tmp_path):
    _big_topology(tmp_path / "big.yaml", "bulk")
    design = dump_topology(window.document.cluster)
    assert window.import_path(str(tmp_path / "big.yaml"), background=True)
    window.sim.step()                                   # a simulation is shown when the parse finishes
    _wait_loaded(qtbot, window)
    assert (dump_topology(window.document.cluster), window.document.undo_stack.count()) == (design, 0)


def test_cancelled_background_open_changes_nothing(qtbot, window, tmp_path):
    _big_topology(tmp_path / "big.yaml", "bulk")
    design = dump_topology(window.document.cluster)
    assert window.open_path(str(tmp_path / "big.yaml"), ask=False, background=True)
    window.loading[1].canceled.emit()                   # what the dialog's Cancel button emits
    _wait_loaded(qtbot, window)
    assert (dump_topology(window.document.cluster), window.document.path) == (design, None)


CLOSE_DURING_LOAD = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from explorer.ui import mainwindow
app = QApplication([])
w = mainwindow.MainWindow(settings=QSettings(sys.argv[2], QSettings.IniFormat))
w.show()
w.open_path(sys.argv[1], ask=False, background=True)
w.close()
w.deleteLater()
QTimer.singleShot(50, app.quit)
app.exec()
print("clean exit", flush=True)
"""


def test_closing_the_window_during_a_background_load_does_not_crash(tmp_path):
    import subprocess
    import sys
    from tests.robustness.bounded import ROOT
    _big_topology(tmp_path / "big.yaml", "bulk", objects=4000)
    proc = subprocess.run([sys.executable, "-c", CLOSE_DURING_LOAD, str(tmp_path / "big.yaml"),
                           str(tmp_path / "settings.ini")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout, [l for l in proc.stderr.splitlines() if "QThread" in l]) == (
        0, "clean exit\n", [])
