"""An opened design's copied pods get their dicts on the event loop's turns after the first frame
(explorer.ui.whole_copies): none while the canvas is built or a gesture is under way, all of them after."""

from __future__ import annotations

import gc

import pytest

from explorer.io import dump_topology, fast_yaml
from explorer.model import Cluster, from_dict
from explorer.model import copies as lazy
from explorer.ui.whole_copies import WholeCopies


def _design(pods: int) -> Cluster:
    cluster = Cluster()
    objs = [from_dict({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "worker-1"}})]
    for i in range(pods):
        objs.append(from_dict({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"web-5d8-{i:05d}", "namespace": "shop", "uid": f"uid-{i:05d}",
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8",
                                              "uid": "r", "controller": True}]},
            "spec": {"containers": [{"name": "web", "image": "nginx"}], "nodeName": "worker-1"},
            "status": {"phase": "Running", "podIP": f"10.244.1.{i + 2}"}}))
    cluster.add_many(objs, validate=False)
    return cluster


def _pending(cluster) -> int:
    return sum(1 for o in cluster.objects() if lazy.is_pending(o))


def test_an_opened_files_copies_are_made_after_its_first_frame(qtbot, window, tmp_path, monkeypatch):
    """A big design's canvas draws its pods as cells (scene.COMPACT_PODS) and its checks run in slices after
    the first frame (simulation.BACKGROUND_START_PODS): the open leaves the copies be until then."""
    from explorer.ui import scene, simulation
    monkeypatch.setattr(scene, "COMPACT_PODS", 10)
    monkeypatch.setattr(simulation, "BACKGROUND_START_PODS", -1)
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(_design(40)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    building = []
    start = WholeCopies.start
    monkeypatch.setattr(WholeCopies, "start", lambda self, c: building.append(_pending(c)) or start(self, c))
    assert window.open_path(str(path), ask=False, background=False)
    cluster = window.document.cluster
    qtbot.waitUntil(lambda: not window.scene.updating, timeout=10000)
    framed = _pending(cluster)
    qtbot.waitUntil(lambda: not window.whole_copies.pending, timeout=10000)
    # (the checks' slices, on the same turns, make those they look at first: here, all of them)
    assert (building, framed, _pending(cluster), len(cluster.objects("Pod"))) == ([38], 38, 0, 40)


def _hold_canvas(window, monkeypatch, held):
    from explorer.ui import scene
    monkeypatch.setattr(scene.DiagramScene, "updating", property(lambda self: held[0]))


def _hold_pointer(window, monkeypatch, held):
    monkeypatch.setattr(type(window.view), "pointer_held", property(lambda self: held[0]))


# name: how the window is kept busy while ``held[0]`` is true
WAITS = {
    "a canvas being built (its last turns included)": _hold_canvas,
    "a button held on the canvas (a drag, a pan)": _hold_pointer,
}


@pytest.mark.parametrize("hold", WAITS.values(), ids=WAITS.keys())
def test_slices_wait_while_the_window_is_busy(qtbot, window, tmp_path, monkeypatch, hold):
    from explorer.io import load_topology
    from explorer.ui import whole_copies
    monkeypatch.setattr(whole_copies, "WAIT_MS", 5)
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(_design(30)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    cluster = load_topology(path).cluster
    held = [True]
    hold(window, monkeypatch, held)
    window.whole_copies.start(cluster)
    qtbot.wait(100)
    during = (_pending(cluster), window.whole_copies.pending)
    held[0] = False
    qtbot.waitUntil(lambda: not window.whole_copies.pending, timeout=5000)
    assert (during, window.whole_copies.made, _pending(cluster)) == ((28, True), 28, 0)


def test_slices_are_short(qtbot, tmp_path, monkeypatch):
    """A slice stops at the first look at the clock past SLICE_S: with none, each makes STEP objects."""
    from explorer.io import load_topology
    from explorer.ui import whole_copies
    monkeypatch.setattr(whole_copies, "STEP", 4)
    monkeypatch.setattr(whole_copies, "SLICE_S", 0.0)
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(_design(30)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    cluster = load_topology(path).cluster
    made = WholeCopies(lambda: False)
    seen = []
    slice_ = made._slice
    monkeypatch.setattr(made, "_slice", lambda: (slice_(), seen.append(_pending(cluster))))
    made.start(cluster)
    qtbot.waitUntil(lambda: not made.pending, timeout=5000)
    # (the node and the two pods sent whole come first; the last turn finds the end)
    assert (seen, gc.isenabled()) == ([27, 23, 19, 15, 11, 7, 3, 0, 0], True)


def test_a_newer_design_replaces_the_one_in_progress(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(_design(12)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    from explorer.io import load_topology
    first, second = load_topology(path).cluster, load_topology(path).cluster
    made = WholeCopies(lambda: False)
    made.start(first)
    made.start(second)
    qtbot.waitUntil(lambda: not made.pending, timeout=5000)
    assert (_pending(first), _pending(second), made.made) == (10, 0, 10)


def test_collections_are_held_while_it_works_and_come_back_when_it_stops(qtbot, tmp_path, monkeypatch):
    from explorer.io import load_topology
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(_design(12)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    from explorer.ui import whole_copies
    monkeypatch.setattr(whole_copies, "STEP", 1)
    monkeypatch.setattr(whole_copies, "SLICE_S", 0.0)
    cluster = load_topology(path).cluster
    made = WholeCopies(lambda: False)
    made.start(cluster)
    for _ in range(4):      # (the turns' own calls, without waiting for them: the node, two pods sent whole, a copy)
        made._slice()
    during = gc.isenabled()
    made.stop()
    assert (during, made.made, gc.isenabled(), made.pending, _pending(cluster)) == (False, 1, True, False, 9)


def test_an_imported_files_copies_are_made_with_the_designs(qtbot, window, tmp_path, monkeypatch):
    """An import starts the job on the whole design: the copies it brings and any the open left are made."""
    from explorer.ui import scene
    monkeypatch.setattr(scene, "COMPACT_PODS", 10)
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(_design(20)))
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    started = []
    start = WholeCopies.start
    monkeypatch.setattr(WholeCopies, "start", lambda self, c: started.append(c) or start(self, c))
    assert window.import_path(str(path), background=False)
    cluster = window.document.cluster
    qtbot.waitUntil(lambda: not window.whole_copies.pending, timeout=10000)
    assert (started[-1] is cluster, _pending(cluster), len(cluster.objects("Pod")) >= 20) == (True, 0, True)
