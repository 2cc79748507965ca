"""File menu paths: save/open/recent, import (merge), export manifests and image, bad files, autosave and
recovery, the unsaved-changes prompt and remembered window state."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from explorer.io import load_text, load_topology
from explorer.model import builders as b
from explorer.model.commands import AddObjects
from explorer.ui import file_actions, mainwindow


def test_save_then_open_round_trips_design_and_layout(qtbot, window, tmp_path):
    path = tmp_path / "cluster.yaml"
    assert window.save_to(str(path))
    original = window.document.cluster.copy()
    window.new_file()
    assert len(window.document.cluster) == 0
    assert window.open_path(str(path), ask=False)
    assert (window.document.cluster.same_design(original), window.recent_files()[0], window.document.modified) == (
        True, str(path), False)


BAD_FILES = [
    ("yaml-syntax", "kind: Pod\n  metadata: [\n", "cluster.yaml:"),
    ("bad-name", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers: []\n",
     "metadata.name"),
]


@pytest.mark.parametrize("text, mentions", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_file_shows_clear_error_and_keeps_work(qtbot, window, tmp_path, text, mentions):
    path = tmp_path / "cluster.yaml"
    path.write_text(text)
    before = window.document.cluster.copy()
    ok = window.open_path(str(path), ask=False)
    kinds = [k for k, _msg in window.answers["shown"]]
    assert (ok, kinds, window.document.cluster.same_design(before)) == (False, ["critical"], True)


def test_missing_file_is_reported(qtbot, window, tmp_path):
    assert (window.open_path(str(tmp_path / "nope.yaml"), ask=False), [k for k, _ in window.answers["shown"]]) == (
        False, ["critical"])


def test_import_merges_new_objects_as_one_undo_step(qtbot, window, tmp_path):
    path = tmp_path / "extra.yaml"
    from explorer.io import dump_manifests
    from explorer.model import Cluster
    extra = Cluster()
    extra.add_many([b.deployment("web", "shop", "nginx:1.27", 2), b.service("web", "shop", {"app": "web"}, 80),
                    b.namespace("shop")])
    path.write_text(dump_manifests(extra))
    before = {o.key for o in window.document.cluster}
    assert window.import_path(str(path))
    added = sorted(o.key for o in window.document.cluster if o.key not in before)
    positioned = all(window.document.cluster.position(k) is not None for k in added)
    window.document.undo_stack.undo()
    assert (added, positioned, {o.key for o in window.document.cluster} == before) == (
        [("Deployment", "shop", "web"), ("Service", "shop", "web")], True, True)


def test_export_manifests_writes_apply_ready_yaml(qtbot, window, tmp_path):
    path = tmp_path / "out.yaml"
    assert window.export_manifests(str(path))
    result = load_text(path.read_text(), str(path))
    names = sorted(f"{o.kind}/{o.namespace}/{o.name}" for o in result.cluster if o.kind in ("Deployment", "Service",
                                                                                           "Ingress"))
    assert (result.ok, names) == (True, ["Deployment/ingress-nginx/ingress-nginx-controller",
                                         "Deployment/shop/api", "Deployment/shop/mysql",
                                         "Ingress/shop/shop", "Service/ingress-nginx/ingress-nginx-controller",
                                         "Service/shop/api", "Service/shop/mysql"])


@pytest.mark.parametrize("name, magic", [("diagram.png", b"\x89PNG"), ("diagram.svg", b"<?xml")],
                         ids=["png", "svg"])
def test_export_image(qtbot, window, tmp_path, name, magic):
    path = tmp_path / name
    assert window.export_image(str(path))
    assert path.read_bytes()[:len(magic)] == magic


def test_autosave_writes_recovery_and_next_start_offers_it(qtbot, window, tmp_path):
    window.document.push(AddObjects([b.namespace("team-a")]))
    assert window.autosave()
    recovered = load_topology(str(tmp_path / "recovery.yaml")).cluster
    assert ("Namespace", "", "team-a") in recovered
    settings = QSettings(str(tmp_path / "settings2.ini"), QSettings.IniFormat)
    other = mainwindow.MainWindow(settings=settings)
    qtbot.addWidget(other)
    window.answers["question"] = QMessageBox.Yes
    assert other.offer_recovery()
    assert (("Namespace", "", "team-a") in other.document.cluster, other.document.modified) == (True, True)
    other.document.undo_stack.setClean()


def test_autosave_skips_clean_documents(qtbot, window, tmp_path):
    assert (window.autosave(), (tmp_path / "recovery.yaml").exists()) == (False, False)


def _add(window, name):
    window.document.push(AddObjects([b.namespace(name)]))


def _undo(window):
    window.document.undo_stack.undo()


def _lose_the_file(window):
    (file_actions.recovery_path()).unlink()


AUTOSAVE_RUNS = [
    # name, what happens before each of three autosaves, what each returned
    ("an edit, then nothing new", [[_add], [], []], [True, False, False]),
    ("a new edit each time", [[_add], [_add], [_add]], [True, True, True]),
    ("an edit, then undone and redone", [[_add, _add], [_undo], []], [True, True, False]),
    ("the recovery file went away", [[_add], [_lose_the_file], []], [True, True, False]),
]


@pytest.mark.parametrize("steps, expected", [c[1:] for c in AUTOSAVE_RUNS], ids=[c[0] for c in AUTOSAVE_RUNS])
def test_autosave_writes_only_what_changed_since_the_last_one(qtbot, window, tmp_path, steps, expected):
    """A design left modified was written again every 30 s (a 150,000-pod design: 33 s of a worker's time
    each), though nothing had changed since the last autosave."""
    results = []
    for n, before in enumerate(steps):
        for i, step in enumerate(before):
            step(window, f"ns-{n}-{i}") if step is _add else step(window)
        results.append(window.autosave())
    assert results == expected


CLOSES = [
    ("cancel-keeps-window", QMessageBox.Cancel, False),
    ("discard-closes", QMessageBox.Discard, True),
]


@pytest.mark.parametrize("answer, closed", [c[1:] for c in CLOSES], ids=[c[0] for c in CLOSES])
def test_close_with_unsaved_changes_asks(qtbot, window, answer, closed):
    window.document.push(AddObjects([b.namespace("team-b")]))
    window.answers["question"] = answer
    result = window.close()
    asked = [k for k, _ in window.answers["shown"]]
    assert (result, asked) == (closed, ["question"])
    if not closed:
        window.document.undo_stack.setClean()


def test_window_state_and_recent_files_are_remembered(qtbot, window, tmp_path):
    window.add_recent(str(tmp_path / "a.yaml"))
    window.resize(700, 500)   # the offscreen screen is 800x600; restoreGeometry keeps windows on it
    window.close()
    again = mainwindow.MainWindow(settings=window.settings)
    qtbot.addWidget(again)
    assert (again.recent_files(), again.size().width()) == ([str(tmp_path / "a.yaml")], 700)


def test_big_file_loads_in_background_and_can_be_cancelled(qtbot, window, tmp_path):
    path = tmp_path / "cluster.yaml"
    assert window.save_to(str(path))
    window.new_file()
    assert window.open_path(str(path), ask=False, background=True)
    qtbot.waitUntil(lambda: len(window.document.cluster) > 0, timeout=10000)
    assert window.document.path == str(path)
    window.new_file()
    window.open_path(str(path), ask=False, background=True)
    window.loading[1].cancel()
    window.loading[1].canceled.emit()
    qtbot.waitUntil(lambda: window.loading[0].isFinished(), timeout=10000)
    qtbot.wait(50)
    assert len(window.document.cluster) == 0


def test_big_import_runs_in_background(qtbot, window, tmp_path):
    from explorer.io import dump_manifests
    from explorer.model import Cluster
    extra = Cluster()
    extra.add_many([b.namespace("bg")])
    path = tmp_path / "bg.yaml"
    path.write_text(dump_manifests(extra))
    assert window.import_path(str(path), background=True)
    qtbot.waitUntil(lambda: ("Namespace", "", "bg") in window.document.cluster, timeout=10000)


def _slow_save(monkeypatch, seconds: float = 0.3):
    """explorer.io.save_topology, taking ``seconds`` longer (in the worker, for a big design)."""
    import time

    import explorer.io
    real = explorer.io.save_topology

    def slow(cluster, path, progress=None):
        time.sleep(seconds)
        real(cluster, path, progress)
    monkeypatch.setattr(explorer.io, "save_topology", slow)


SAVES_OFF_THREAD = {
    # name: (edit while the worker writes, expected (saved, the window took the edit during the save,
    # team-b in the file, modified afterwards))
    "nothing changes meanwhile": (False, (True, False, False, False)),
    "an edit meanwhile stays unsaved": (True, (True, True, False, True)),
}


@pytest.mark.parametrize("name", SAVES_OFF_THREAD, ids=list(SAVES_OFF_THREAD))
def test_a_big_design_is_saved_from_a_snapshot_in_a_worker(name, qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    edit, expected = SAVES_OFF_THREAD[name]
    monkeypatch.setattr(file_actions, "SAVE_OFF_THREAD_OBJECTS", 0)     # the example cluster counts as big
    _slow_save(monkeypatch)
    window.document.push(AddObjects([b.namespace("team-a")]))
    during = []
    if edit:        # the window stays live while the worker writes: this edit lands in the middle of the save
        QTimer.singleShot(50, lambda: (window.document.push(AddObjects([b.namespace("team-b")])),
                                       during.append(True)))
    path = tmp_path / "big.yaml"
    saved = window.save_to(str(path))
    took = bool(during)
    on_disk = load_topology(str(path)).cluster
    assert (saved, took, ("Namespace", "", "team-b") in on_disk, window.document.modified) == expected
    assert ("Namespace", "", "team-a") in on_disk
    window.document.undo_stack.setClean()


def _stepped(monkeypatch, name: str, steps: int = 200):
    """explorer.io.<name> (save_topology or save_manifests) reporting ``steps`` steps 10 ms apart before the
    real write, as the real one reports its documents."""
    import time

    import explorer.io
    real = getattr(explorer.io, name)

    def stepped(cluster, path, progress=None):
        for done in range(steps):
            if progress is not None:
                progress(done, steps)
            time.sleep(0.01)
        real(cluster, path, progress)
    monkeypatch.setattr(explorer.io, name, stepped)


BACKGROUND_WRITES = {
    # name: (io function, the window's call, the status message after Cancel)
    "save": ("save_topology", lambda w, path: w.save_to(path), "Save cancelled: {0} is as it was."),
    "export manifests": ("save_manifests", lambda w, path: w.export_manifests(path),
                         "Export cancelled: {0} is as it was."),
}


@pytest.mark.parametrize("name", BACKGROUND_WRITES, ids=list(BACKGROUND_WRITES))
def test_a_big_write_shows_progress_and_cancel_keeps_the_old_file(name, qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    function, call, message = BACKGROUND_WRITES[name]
    monkeypatch.setattr(file_actions, "SAVE_OFF_THREAD_OBJECTS", 0)
    _stepped(monkeypatch, function)
    window.document.push(AddObjects([b.namespace("team-a")]))
    path = tmp_path / "out.yaml"
    path.write_text("# old\n")
    bar = window.background
    seen = []

    def click_cancel():     # what the user sees half-way, then a click on the status bar's Cancel button
        seen.append((bar.isVisible(), bar.bar.maximum(), 0 < bar.bar.value() < 200))
        qtbot.mouseClick(bar.cancel_button, Qt.LeftButton)
    QTimer.singleShot(600, click_cancel)
    ok = call(window, str(path))
    assert (ok, seen, path.read_text(), sorted(os.listdir(tmp_path)), bar.isVisible(),
            window.statusBar().currentMessage(), window.document.modified) == (
        False, [(True, 200, True)], "# old\n", ["out.yaml"], False, message.format(path), True)
    window.document.undo_stack.setClean()


def test_cancelling_an_autosave_says_when_the_next_one_is(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    monkeypatch.setattr(file_actions, "SAVE_OFF_THREAD_OBJECTS", 0)
    _stepped(monkeypatch, "save_topology")
    window.document.push(AddObjects([b.namespace("team-a")]))
    QTimer.singleShot(300, lambda: qtbot.mouseClick(window.background.cancel_button, Qt.LeftButton))
    ok = window.autosave()
    assert (ok, (tmp_path / "recovery.yaml").exists(), window.statusBar().currentMessage()) == (
        False, False, "Autosave cancelled; the next one is in 30 s.")
    window.document.undo_stack.setClean()


def test_a_big_design_is_autosaved_in_a_worker(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(file_actions, "SAVE_OFF_THREAD_OBJECTS", 0)
    _slow_save(monkeypatch, 0.1)
    window.document.push(AddObjects([b.namespace("team-a")]))
    ok = window.autosave()
    recovered = load_topology(str(tmp_path / "recovery.yaml")).cluster
    assert (ok, ("Namespace", "", "team-a") in recovered, window.document.modified) == (True, True, True)
    window.document.undo_stack.setClean()


def _gc_state(result) -> dict:
    """What the cyclic collector knows after a load: on, no pause left open, and whether the loaded design
    is among the objects its collections walk."""
    import gc

    from explorer.ui import memory
    walked = {id(o) for o in gc.get_objects()}
    raws = [o.raw for o in result.cluster] if result is not None else []
    return {"enabled": gc.isenabled(), "pauses": memory._pauses[0],
            "design walked": bool(raws) and any(id(r) in walked for r in raws)}


GC_AFTER_LOAD = [
    # a good file: its objects are frozen out of the collector before it resumes (else its first collection
    # walks all of them, ~0.7 s at 150,000 pods)
    ("good file", "good", {"enabled": True, "pauses": 0, "design walked": False}),
    ("file with errors", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers: []\n",
     {"enabled": True, "pauses": 0, "design walked": False}),
    ("missing file", None, {"enabled": True, "pauses": 0, "design walked": False}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in GC_AFTER_LOAD], ids=[c[0] for c in GC_AFTER_LOAD])
def test_loading_leaves_the_collector_on_and_the_loaded_design_frozen(qtbot, window, tmp_path, text, expected):
    from explorer.io import dump_manifests
    from explorer.model import Cluster
    path = tmp_path / "cluster.yaml"
    if text == "good":
        cluster = Cluster()
        cluster.add_many([b.deployment(f"web-{i}", "shop", "nginx:1.27", 2) for i in range(300)])
        text = dump_manifests(cluster)
    if text is not None:
        path.write_text(text)
    result, _error = window.files._load(str(path))
    assert _gc_state(result if result is not None and result.ok else None) == expected


@pytest.mark.parametrize("background, expected", [
    (False, {"laid out": 1, "on the window's thread": [True], "every drawn object placed": True}),
    # a big file: the layout (0.24 s at 150,000 pods) runs in the loader's thread, not after it on the window's
    (True, {"laid out": 1, "on the window's thread": [False], "every drawn object placed": True}),
], ids=["open in the window's thread", "open in a worker thread"])
def test_opening_lays_out_the_design_where_it_is_loaded(qtbot, window, tmp_path, monkeypatch, background,
                                                        expected):
    import threading

    from explorer.ui.layout import auto_layout
    path = tmp_path / "cluster.yaml"
    window.document.cluster.layout.clear()      # nothing placed: the open must place everything
    assert window.save_to(str(path))
    window.new_file()
    threads = []
    real = file_actions.apply_missing_layout

    def spy(cluster, scan=None):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(cluster, scan)
    monkeypatch.setattr(file_actions, "apply_missing_layout", spy)
    window.open_path(str(path), ask=False, background=background)
    qtbot.waitUntil(lambda: window.document.path == str(path), timeout=10000)
    cluster = window.document.cluster
    assert {"laid out": len(threads), "on the window's thread": threads,
            "every drawn object placed": len(cluster) > 0 and auto_layout(cluster) == {}} == expected


def _slow_load(window, monkeypatch, path):
    import time
    real = window.files._load

    def slow(path, lay_out=False):
        time.sleep(0.8)
        return real(path, lay_out)
    monkeypatch.setattr(window.files, "_load", slow)
    return lambda: window.open_path(path, ask=False, background=True) and window.loading[1]


def _slow_start(window, monkeypatch, _path):
    import time

    from explorer.ui import simulation

    class SlowSimulator:
        def __init__(self, design):
            time.sleep(0.8)
    monkeypatch.setattr(simulation, "simulator_class", lambda: SlowSimulator)
    monkeypatch.setattr(simulation, "BACKGROUND_START_PODS", -1)     # even a design without pods

    def start():
        window.sim.start_in_background()
        return window.start_dialog
    return start


BUSY_DIALOGS = {"loading a big file": _slow_load, "starting the simulation of a big design": _slow_start}


@pytest.mark.parametrize("make", BUSY_DIALOGS.values(), ids=BUSY_DIALOGS.keys())
def test_busy_dialogs_appear_while_the_work_goes_on_and_cancel_it(qtbot, window, tmp_path, monkeypatch, make):
    """A busy QProgressDialog shows itself after its minimum duration only once setValue was called: without
    it these never appeared (nothing on screen for seconds, no way to cancel)."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton
    path = str(tmp_path / "cluster.yaml")
    assert window.save_to(path)
    window.new_file()       # the file holds the example; the design is now empty
    window.document.cluster.add(b.namespace("kept"))
    before = window.document.cluster.copy()
    dialog = make(window, monkeypatch, path)()
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    shown = dialog.isVisible()
    dialog.findChild(QPushButton).click()   # Cancel, as the user does
    qtbot.wait(1200)    # the worker finishes; what it made is dropped, and the dialog goes
    assert (shown, window.sim.sim is None, window.document.cluster.same_design(before),
            window.findChildren(QProgressDialog)) == (True, True, True, [])


NODE_ODD_ADDRESS = ("apiVersion: v1\nkind: Node\nmetadata:\n  name: odd\nstatus:\n  addresses: [oops]\n")


def _label_the_api_deployment(window):
    from explorer.model.commands import ReplaceObject
    old = window.document.cluster.get(("Deployment", "shop", "api"))
    window.document.push(ReplaceObject(old.edited(lambda r: r["metadata"].setdefault("labels", {}).update(x="y"))))


@pytest.mark.parametrize("edit, validated_again", [
    (None, 0),
    (_label_the_api_deployment, 1),     # an object edited after the open is a new object: checked afresh
], ids=["as opened", "one object edited after the open"])
def test_problems_of_an_opened_file_come_from_its_load(qtbot, window, tmp_path, monkeypatch, edit,
                                                       validated_again):
    """The load already ran validate_object on every object (LoadResult.object_problems); the Problems dock
    takes that instead of checking them all again (2.4 s at 150,000 pods), and shows the same findings."""
    from explorer.io import dump_topology
    from explorer.model import example_cluster
    from explorer.ui import problems
    path = tmp_path / "cluster.yaml"
    path.write_text(dump_topology(example_cluster()) + "---\n" + NODE_ODD_ADDRESS)
    calls = []
    real = problems.validate_object
    monkeypatch.setattr(problems, "validate_object", lambda raw, memo=None: calls.append(raw) or real(raw, memo))
    assert window.open_path(str(path), ask=False, background=False)
    if edit is not None:
        edit(window)
    window.refresh_problems()
    shown = window.problems.rows
    monkeypatch.setattr(problems, "validate_object", real)
    fresh = [(f.severity, f.key, f.message) for f in problems.design_problems(window.document.cluster)]
    fresh += [(d.severity, None, str(d)) for d in window.document.diagnostics]
    assert (len(calls), shown, any("odd" in m and "must be an object" in m for _s, _k, m in shown)) == (
        validated_again, fresh, True)


def test_a_new_big_design_never_shows_the_previous_designs_findings(qtbot, window, tmp_path, monkeypatch):
    """While a big design is checked in slices, the Problems dock shows the file's own diagnostics under
    "Problems (checking…)", not the findings of the design it replaced; then its own findings."""
    from explorer.io import dump_topology
    from explorer.model import example_cluster
    from explorer.ui import simulation
    path = tmp_path / "cluster.yaml"
    path.write_text(dump_topology(example_cluster()) + "---\n" + NODE_ODD_ADDRESS)
    window.refresh_problems()
    before = list(window.problems.rows)     # the example: one finding about its single control-plane node
    monkeypatch.setattr(simulation, "BACKGROUND_START_PODS", -1)    # checked in slices, as a big design is
    assert window.open_path(str(path), ask=False, background=False)
    during = (window.problems_dock.windowTitle(), list(window.problems.rows))
    diagnostics = [(d.severity, None, str(d)) for d in window.document.diagnostics]    # the file's own
    qtbot.waitUntil(lambda: window._problems_job is None, timeout=10000)
    after = [m for _s, _k, m in window.problems.rows]
    assert (bool(before), during, any("must be an object" in m for m in after),
            window.problems_dock.windowTitle()) == (
        True, ("Problems (checking…)", diagnostics), True, f"Problems ({len(after)})")


def test_a_big_designs_checks_wait_for_its_first_frame(qtbot, window, monkeypatch):
    """The Problems dock's checks of a big design (the copy of the design they check included) wait while the
    canvas's sliced update is in flight, its last turns too (the far layer, the fit): they never delay a
    first frame. Then they run on the design as it is."""
    from explorer.model import Cluster
    from explorer.ui import scene, simulation
    monkeypatch.setattr(simulation, "BACKGROUND_START_PODS", -1)    # checked in slices, as a big design is
    updating = [True]   # the build is over (building is False), its last turns are not
    monkeypatch.setattr(scene.DiagramScene, "updating", property(lambda self: updating[0]))
    copied = []
    copy = Cluster.copy

    def spy(cluster):
        copied.append(updating[0])
        return copy(cluster)
    monkeypatch.setattr(Cluster, "copy", spy)
    window.refresh_problems()
    qtbot.wait(300)
    during = (list(copied), window._problems_job is not None)
    updating[0] = False
    qtbot.waitUntil(lambda: window._problems_job is None, timeout=10000)
    assert (window.scene.building, during, copied) == (False, ([], True), [False])
