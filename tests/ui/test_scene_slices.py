"""Issue 5, "the UI never freezes for more than 100 ms", the canvas side: a big design's scene is built in slices
when it is opened (with progress), simulated states reach it in slices cut by counted work AND by time, edges are
recomputed only when their end items moved or resized, cells are compared only where the pod objects differ, and
many edges seen from far are drawn by one bundle item. Every sliced result is compared WHOLE with the all-at-once
result. Work is counted, not timed: the time budget is set to 0 (a slice ends after TIMED_AFTER work items) or
to a day (only the counted limits cut)."""

from __future__ import annotations

import gc
import random
import time

import pytest
from PySide6.QtWidgets import QApplication, QGraphicsView

from benchmarks.generate import generate
from explorer.ui import scene as scene_module
from explorer.ui import view as view_module
from explorer.ui.benchmark import failed_node_state
from explorer.ui.document import Document
from explorer.ui.items import EDGE_FAR_LOD, EdgeItem, cells_look_same
from explorer.ui.layout import apply_missing_layout
from explorer.ui.scene import CHUNK, SLICE_ITEMS, TIMED_AFTER, DiagramScene
from explorer.ui.view import DiagramView


def designed(nodes: int, seed: int = 1):
    cluster = generate(nodes, seed=seed)
    apply_missing_layout(cluster)
    return cluster


@pytest.fixture(scope="module")
def designs():
    """50 nodes: 1,500 pods drawn as pod items, ~3,500 edges; 100 nodes: 3,000 pods drawn as cells."""
    return {50: designed(50), 100: designed(100)}


def picture(scene) -> dict:
    """What the scene shows, as plain data: items, positions, each node's cells and pod items, edges with their
    curves."""
    return {"items": sorted(map(str, scene.items_by_key)),
            "positions": sorted((str(k), it.pos().x(), it.pos().y()) for k, it in scene.items_by_key.items()),
            "cells": {it.obj.name: [p.name for p in it.cells or ()] for it in scene.items_by_key.values()
                      if it.obj.kind == "Node"},
            "node_pods": {it.obj.name: [p.obj.name for p in it.pods] for it in scene.items_by_key.values()
                          if it.obj.kind == "Node"},
            "edges": sorted((str(getattr(e.src, "key", "client")), str(e.dst.key), e.kind, curve(e))
                            for e in scene.edges)}


def curve(edge) -> tuple:
    path = edge.path()
    return tuple((round(path.elementAt(i).x, 3), round(path.elementAt(i).y, 3)) for i in range(path.elementCount()))


def new_scene(design, sliced_build: bool = False):
    scene = DiagramScene(Document(design.copy() if sliced_build else design))
    scene.animate = False
    return scene


def all_at_once(design, state=None) -> dict:
    scene = new_scene(design)
    if state is not None:
        scene.simulating = True
        scene.state = state
        scene.sync()
    return picture(scene)


_RUNNING: dict = {}


def running(design):
    """The first simulated state as the scene sees it: every pod's status differs from the design's (made
    once per design; the model is immutable, so sharing it between cases is safe)."""
    if id(design) not in _RUNNING:
        _RUNNING[id(design)] = (design, _running(design))
    return _RUNNING[id(design)][1]


def _running(design):
    state = design.copy()
    for i, pod in enumerate([p for p in state.objects("Pod") if not p.is_static]):
        def run(raw, i=i):
            raw.setdefault("status", {}).update({"phase": "Running", "podIP": f"10.{i // 65536}.{i // 256 % 256}."
                                                                             f"{i % 256}"})
        state.replace(pod.edited(run), validate=False)
    return state


class Yields:
    """Records every yield of the scene's update generators (the work items between two yield points)."""

    def __init__(self, scene):
        self.sizes = []
        original = scene._sync_steps

        def steps(animate):
            for n in original(animate):
                self.sizes.append(n)
                yield n
        scene._sync_steps = steps


def shown_view(qtbot, scene, width: int = 900, height: int = 600) -> DiagramView:
    """A view of ``scene``, shown and exposed."""
    view = DiagramView(scene)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def run_to_end(qtbot, scene):
    qtbot.waitUntil(lambda: not scene.updating, timeout=120_000)


OPEN_CASES = {
    "50-nodes-pod-items": 50,
    "100-nodes-cells": 100,
}


@pytest.mark.parametrize("name", OPEN_CASES, ids=list(OPEN_CASES))
def test_opening_a_big_design_builds_its_scene_in_slices(qtbot, monkeypatch, designs, name):
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    design = designs[OPEN_CASES[name]]
    reference = new_scene(designed(11))     # a small design first, as the window starts
    reference.set_cluster(design, sliced=False)
    expected = picture(reference)
    scene = new_scene(designed(11))
    progress = []
    scene.build_progress.connect(progress.append)
    scene._design.changed.disconnect(scene._on_model_event)
    scene.document.cluster_replaced.disconnect(scene.set_cluster)
    scene.set_cluster(design)           # what Document.set_cluster (File > Open) triggers
    building = (scene.updating, scene.building)
    run_to_end(qtbot, scene)
    result = {"building_while_sliced": building, "building_after": scene.building,
              "several_slices": len(scene.slice_log) > 3,
              "slices_cut_by_time": all(n >= TIMED_AFTER for n in scene.slice_log[:-1]),
              "progress_rises_to_1": progress == sorted(progress) and progress[-1] == 1.0 and len(progress) > 3,
              "picture": picture(scene)}
    assert result == {"building_while_sliced": (True, True), "building_after": False, "several_slices": True,
                      "slices_cut_by_time": True, "progress_rises_to_1": True, "picture": expected}


def _failed(n):
    return lambda design: failed_node_state(design, n)


# name: (design size, the state shown after the design)
UPDATE_CASES = {
    "50-nodes-first-state-all-running": (50, running),
    "50-nodes-3-nodes-fail": (50, _failed(3)),
    "100-nodes-first-state-all-running": (100, running),
    "100-nodes-10-nodes-fail": (100, _failed(10)),
}


@pytest.mark.parametrize("name", UPDATE_CASES, ids=list(UPDATE_CASES))
def test_counted_slices_are_small_and_end_where_all_at_once_ends(qtbot, monkeypatch, designs, name):
    """Only the counted limits cut (a day of time budget): no yield above CHUNK, no slice above SLICE_ITEMS."""
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 86400.0)
    size, make_state = UPDATE_CASES[name]
    design = designs[size]
    state = make_state(design)
    expected = all_at_once(design, state)
    scene = new_scene(design)
    yields = Yields(scene)
    scene.show_state(state, animate=False)
    run_to_end(qtbot, scene)
    result = {"yields_over_chunk": [n for n in yields.sizes if n > CHUNK],
              "slices_over_budget": [n for n in scene.slice_log if n > SLICE_ITEMS],
              "several_slices": len(scene.slice_log) > 1, "picture": picture(scene)}
    assert result == {"yields_over_chunk": [], "slices_over_budget": [], "several_slices": True,
                      "picture": expected}


TIME_CUT_CASES = ["50-nodes-first-state-all-running", "100-nodes-10-nodes-fail"]


@pytest.mark.parametrize("name", TIME_CUT_CASES, ids=TIME_CUT_CASES)
def test_time_cut_slices_end_where_all_at_once_ends(qtbot, monkeypatch, designs, name):
    """A slice ends after TIMED_AFTER work items (time budget 0): many more slices, the same picture."""
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    size, make_state = UPDATE_CASES[name]
    design = designs[size]
    state = make_state(design)
    expected = all_at_once(design, state)
    scene = new_scene(design)
    scene.show_state(state, animate=False)
    run_to_end(qtbot, scene)
    result = {"slices_within": all(TIMED_AFTER <= n < TIMED_AFTER + CHUNK for n in scene.slice_log[:-1]),
              "picture": picture(scene)}
    assert result == {"slices_within": True, "picture": expected}


class RefreshCounter:
    """Counts the edges whose curve was recomputed (EdgeItem.refresh returned True)."""

    def __init__(self, monkeypatch):
        self.recomputed = 0
        original = EdgeItem.refresh

        def refresh(edge):
            changed = original(edge)
            self.recomputed += changed
            return changed
        monkeypatch.setattr(EdgeItem, "refresh", refresh)


# name: (design size, the first state, the next state, whether edges must be recomputed by the next state)
EDGE_CASES = {
    "50-nodes-same-look-new-objects": (50, running, lambda d, first: _running(d), False),
    "50-nodes-3-nodes-fail": (50, running, lambda d, first: failed_node_state(first, 3), True),
    "100-nodes-10-nodes-fail": (100, running, lambda d, first: failed_node_state(first, 10), False),   # cells only
}


@pytest.mark.parametrize("name", EDGE_CASES, ids=list(EDGE_CASES))
def test_edges_are_recomputed_only_when_their_ends_moved(qtbot, monkeypatch, designs, name):
    size, make_first, make_next, recomputes = EDGE_CASES[name]
    design = designs[size]
    first = make_first(design)
    following = make_next(design, first)
    expected = all_at_once(design, following)
    scene = new_scene(design)
    scene.show_state(first, animate=False)
    run_to_end(qtbot, scene)
    counter = RefreshCounter(monkeypatch)
    scene.show_state(following, animate=False)
    run_to_end(qtbot, scene)
    recomputed = counter.recomputed
    fresh = sorted(curve(EdgeItem(e.src, e.dst, e.kind)) for e in scene.edges)
    result = {"recomputed_some": recomputed > 0, "recomputed_all": recomputed >= len(scene.edges),
              "curves_as_if_new": sorted(curve(e) for e in scene.edges) == fresh, "picture": picture(scene)}
    assert result == {"recomputed_some": recomputes, "recomputed_all": False, "curves_as_if_new": True,
                      "picture": expected}


def _pods(design, n=3):
    return [p for p in design.objects("Pod") if not p.is_static][:n]


def _edit(pod, change):
    return pod.edited(change)


def _status(**fields):
    return lambda raw: raw.setdefault("status", {}).update(fields)


# name: (old cells, new cells) built from three pods of the design -> whether they look the same
LOOK_CASES = {
    "same-objects": (lambda ps: (ps, list(ps)), True),
    "new-objects-same-look": (lambda ps: (ps, [_edit(p, lambda raw: None) for p in ps]), True),
    "a-phase-differs": (lambda ps: (ps, ps[:2] + [_edit(ps[2], _status(phase="Failed"))]), False),
    "readiness-differs": (lambda ps: (ps, ps[:2] + [_edit(ps[2], _status(phase="Running", conditions=[
        {"type": "Ready", "status": "False"}]))]), False),
    "an-ip-differs": (lambda ps: (ps, [_edit(ps[0], _status(podIP="10.9.9.9"))] + ps[1:]), False),
    "terminating": (lambda ps: (ps, [_edit(ps[0], lambda raw: raw["metadata"].update(
        deletionTimestamp="2026-01-01T00:00:00Z"))] + ps[1:]), False),
    "other-order": (lambda ps: (ps, [ps[1], ps[0], ps[2]]), False),
    "one-pod-fewer": (lambda ps: (ps, ps[:2]), False),
}


def test_cells_look_same(designs):
    pods = _pods(designs[50])
    result = {name: cells_look_same(*make(pods)) for name, (make, _same) in LOOK_CASES.items()}
    assert result == {name: same for name, (_make, same) in LOOK_CASES.items()}


# name: (view scale, edges bundled, every non-active edge item hidden, bundle visible)
BUNDLE_CASES = {
    "far": (EDGE_FAR_LOD / 3, True, True, True),
    "near": (EDGE_FAR_LOD * 2, False, False, False),
}


@pytest.mark.parametrize("name", BUNDLE_CASES, ids=list(BUNDLE_CASES))
def test_many_edges_seen_from_far_are_drawn_by_one_bundle(qtbot, designs, name):
    scale, *expected = BUNDLE_CASES[name]
    scene = new_scene(designs[50])
    scene.set_view_scale(EDGE_FAR_LOD / 3)
    scene.set_view_scale(scale)
    traced = scene.edges[0]
    traced.active = True        # on a traced request's path: drawn by itself, also when bundled
    others = scene.edges[1:]
    bundle = scene.edge_bundle
    result = (scene.edges_bundled, all(not e.isVisible() for e in others),
              bundle is not None and bundle.isVisible())
    assert (result, traced.isVisible(), bundle.count) == (tuple(expected), True, len(scene.edges))


def test_fit_during_a_sliced_build_fits_the_whole_diagram_when_done(qtbot, monkeypatch, designs):
    """File > Open fits where the design is expected to extend (DiagramScene.expected_rect) while it is built;
    when the build is done, all of it is in view at about the fitting zoom, so the zoom is kept (a new zoom
    would draw every item's pixmap again in one frame); Fit then fits it exactly."""
    from explorer.ui import view as view_module
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    scene = new_scene(designed(11))
    view = shown_view(qtbot, scene)
    collector_on = gc.isenabled()
    scene.set_cluster(designs[100].copy())
    view.fit()                          # what the window does on File > Open
    early = round(view.scale_factor(), 6)
    during = (view.viewportUpdateMode(), gc.isenabled())
    run_to_end(qtbot, scene)
    QApplication.processEvents()
    done = round(view.scale_factor(), 6)
    after = (view.viewportUpdateMode(), gc.isenabled())
    content = scene.content_rect().adjusted(1, 1, -1, -1)
    all_in_view = view.visible_scene_rect().contains(content)
    view.fit()                          # fitting the finished diagram
    fitted = round(view.scale_factor(), 6)
    assert (early == done, all_in_view, done <= fitted <= done * view_module.REFIT_ZOOM,
            view.visible_scene_rect().contains(content), during, after) == \
        (True, True, True, True, (QGraphicsView.NoViewportUpdate, False),
         (QGraphicsView.SmartViewportUpdate, collector_on))


def _with_empty_worker(cluster):
    from explorer.model import builders
    cluster.add(builders.worker_node("zz-empty"), validate=False)
    cluster.layout[("Node", "", "zz-empty")] = (0.0, -900.0)     # a row of its own, above everything
    return cluster


def _without_a_position(cluster):
    del cluster.layout[next(k for k in cluster.layout if k[0] == "Service")]
    return cluster


EXPECTED_RECT_CASES = {
    # name: (the design, whether the scene is told its drawn_rect first, as File > Open does; whether
    # expected_rect is then the built scene's content rect exactly)
    "pods as cells": (lambda d: d, True, True),
    "a worker with no pods in a row of its own": (_with_empty_worker, True, True),
    "a Service without a position: placed by the scene": (_without_a_position, True, False),
    "not told (a design handed over in memory): an estimate": (lambda d: d, False, False),
}


@pytest.mark.parametrize("name", EXPECTED_RECT_CASES, ids=list(EXPECTED_RECT_CASES))
def test_a_design_being_built_knows_the_rect_it_will_fill(qtbot, monkeypatch, designs, name):
    """File > Open fits DiagramScene.expected_rect before anything is drawn. drawn_rect, computed from the
    layout (nodes sized by their pods, the cards, the Internet, the network bus), is the finished scene's
    content rect, so the view fitted at the start is the fitted view at the end: no zoom, and no repaint of
    every item, when the build is done. When the scene must place something itself, or it was not told (the
    scan of every pod is the loader's, not the window's thread's), it is an estimate that holds the whole."""
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    make, told, exact = EXPECTED_RECT_CASES[name]
    scene = new_scene(designed(11))
    design = make(designs[100].copy())
    if told:
        scene.expect(design, scene_module.drawn_rect(design))
    scene.set_cluster(design)
    expected = scene.expected_rect()
    run_to_end(qtbot, scene)
    content = scene.content_rect()
    assert (expected == content, expected.contains(content)) == (exact, True)


def test_opening_a_file_fits_the_rect_the_loader_computed(qtbot, monkeypatch, designs, window, tmp_path):
    """File > Open: the loader thread, which scans every pod for the layout anyway, computes the rect the
    scene will fill and hands the scan over, so the window's thread does not scan them again (0.15 s for the
    rect and 0.2 s for the cells at 150,000 pods) and the view fitted at the start shows all of the finished
    design at the fitting zoom."""
    from explorer.io import dump_topology
    path = tmp_path / "big.yaml"
    path.write_text(dump_topology(designs[100]))
    counted = []
    monkeypatch.setattr(scene_module, "pods_per_node", lambda cluster: counted.append("rect") or {})
    scan = scene_module.scan_pods_steps
    monkeypatch.setattr(scene_module, "scan_pods_steps", lambda *a: counted.append("cells") or scan(*a))
    window.open_path(str(path), ask=False, background=False)
    early = window.view.scale_factor()
    run_to_end(qtbot, window.scene)
    QApplication.processEvents()
    scene = window.scene
    assert (counted, scene.expected_rect() == scene.content_rect(), window.view.scale_factor() == early,
            window.view.visible_scene_rect().contains(scene.content_rect())) == ([], True, True, True)


def test_a_sliced_build_draws_a_new_node_once_with_its_pods(qtbot, monkeypatch, designs):
    """While a big design is built, what is there is drawn every so many new pictures (here: every 40). A new
    node is drawn with its pods from the start: drawing it empty first, then again with its cells, cost 5,000
    node pictures more at 150,000 pods."""
    from explorer.ui import items as items_module
    from explorer.ui import view as view_module
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    monkeypatch.setattr(view_module, "BUILD_REPAINT_S", 1e9)
    monkeypatch.setattr(view_module, "BUILD_REPAINT_ITEMS", 40)
    # every node paints itself, also once the build is over (else the far layer draws them from far)
    monkeypatch.setattr(scene_module, "layer_wanted", lambda *args: False)
    scene = new_scene(designed(11))
    view = shown_view(qtbot, scene)
    before = list(scene.items_by_key.values())  # (held: a new item must not get the id of a removed one)
    kept = {id(item) for item in before}        # (kept nodes get their cells later)
    drawn = []
    node_paint = items_module.NodeItem.paint

    def paint_node(item, painter, option, widget=None):
        if id(item) not in kept:
            drawn.append(item.cells is not None)
        node_paint(item, painter, option, widget)
    monkeypatch.setattr(items_module.NodeItem, "paint", paint_node)
    scene.set_cluster(designs[100].copy())
    view.fit()
    run_to_end(qtbot, scene)
    view.viewport().repaint()   # the last repaint may still wait in the queue: what was not drawn yet is now
    assert (len(drawn) >= 80, all(drawn)) == (True, True)


def test_a_repaint_during_a_build_covers_what_changed_since_the_last(qtbot, monkeypatch, designs):
    """The items drawn before stay on screen as they were: a build's repaint covers the scene's changes since
    the last one (drawing the whole view each time took ~1 s of a 150,000-pod open); the first covers the
    whole view (the previous design goes), and so does the last (the build is done). The progress bar is a
    widget of its own: moving it repaints nothing of the canvas."""
    from PySide6.QtWidgets import QWidget
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    scene = new_scene(designed(11))
    view = shown_view(qtbot, scene)
    asked = []
    monkeypatch.setattr(QWidget, "update", lambda widget, *rect: asked.append("all" if not rect else rect[0])
                        if widget is view.viewport() else None)
    scene.set_cluster(designs[100].copy())       # the first slice, then progress 0.0: all of it
    first = list(asked)
    bar = (view.build_bar.isVisible(), view.build_bar.width() == view.viewport().width())
    node = next(it for k, it in scene.items_by_key.items() if k[0] == "Node")
    band = node.sceneBoundingRect()
    view._build_painted = 0.0                    # a repaint is due
    del asked[:]
    view._note_build_change([band, band.translated(0, 100)])
    view._build_progress(0.5)
    middle = list(asked)
    changed = view.mapFromScene(band.united(band.translated(0, 100))).boundingRect().adjusted(-2, -2, 2, 2)
    view._build_progress(0.6)                    # a slice later: only the bar moves
    assert (first[-1], bar, middle, asked[len(middle):]) == ("all", (True, True), [changed], [])
    run_to_end(qtbot, scene)
    assert (asked[-1], view.build_bar.isVisible()) == ("all", False)


def test_a_tangle_of_edges_in_view_is_drawn_by_the_bundle_at_any_zoom(qtbot):
    """More than DENSE_EDGES edges crossing the view: the bundle draws them (hairlines, one cached item) and
    the edge items are hidden, even at readable zoom; where few edges cross, the edge items draw themselves.
    (The automatic layout draws each Service over its Deployments, so the Deployments trade places here to
    make a tangle of long edges.)"""
    cluster = generate(50, seed=2)          # 1,500 pods: ~3,500 edges
    apply_missing_layout(cluster)
    deployments = sorted(k for k in cluster.layout if k[0] == "Deployment")
    places = [cluster.layout[k] for k in deployments]
    random.Random(2).shuffle(places)
    cluster.layout.update(zip(deployments, places))
    sampled = set(deployments[::10])
    scene = new_scene(cluster)
    view = shown_view(qtbot, scene, 1000, 700)
    run_to_end(qtbot, scene)
    view.reset_zoom()

    def spot(rect_filter):
        """The node or Deployment whose surroundings (a view at 100 %) the filter picks, by edges crossing
        them."""
        best = None
        for key, item in scene.items_by_key.items():
            if key[0] != "Node" and key not in sampled:
                continue
            view.centerOn(item)
            crossing = scene._edges_crossing(view.visible_scene_rect())
            if best is None or rect_filter(crossing, best[0]):
                best = (crossing, item)
        view.centerOn(best[1])
        QApplication.processEvents()
        shown = sum(1 for e in scene.edges if e.isVisible())
        return best[0] > scene_module.DENSE_EDGES, scene.edges_bundled, scene.edge_bundle is not None and \
            scene.edge_bundle.isVisible(), shown == 0
    tangle = spot(lambda crossing, best: crossing > best)
    quiet = spot(lambda crossing, best: crossing < best)
    assert (round(view.scale_factor(), 3), tangle, quiet) == (1.0, (True, True, True, True),
                                                             (False, False, False, False))


def _slow_pictures(item, painter, option, widget=None):
    time.sleep(0.001)


# name: (new pictures per build repaint before, the repaint's new pictures, its seconds, per repaint after)
LEARN_CASES = {
    "600 in 150 ms: as many as fit in 50 ms": (600, 600, 0.150, 200),
    "600 in 20 ms: as many as allowed": (600, 600, 0.020, 600),
    "200 in 20 ms: a quarter more": (200, 200, 0.020, 250),
    "100 in 10 ms when 400 are allowed: as it was": (400, 100, 0.010, 400),
    "50 in 300 ms: too few to learn from": (600, 50, 0.300, 600),
    "300 in 3 s: the fewest allowed": (600, 300, 3.0, view_module.BUILD_REPAINT_MIN_ITEMS),
}


@pytest.mark.parametrize("name", LEARN_CASES, ids=list(LEARN_CASES))
def test_build_repaints_learn_how_many_new_pictures_fit_in_their_time(name, qtbot):
    before, batch, seconds, after = LEARN_CASES[name]
    view = DiagramView(new_scene(designed(11)))
    qtbot.addWidget(view)
    view.build_repaint_items, view._build_batch = before, batch
    view._learn_build_paint(seconds)
    assert (view.build_repaint_items, view._build_batch) == (after, 0)


def test_a_build_of_slow_pictures_draws_as_few_per_repaint_as_allowed(qtbot, monkeypatch, designs):
    """On a slow machine 600 new node pictures in one build repaint froze the window for 120-150 ms. (Built
    closer than the far layer's zoom, or without it: items draw their own first pictures.)"""
    from explorer.ui import items as items_module
    monkeypatch.setattr(scene_module, "layer_wanted", lambda *args: False)
    for cls in (items_module.NodeItem, items_module.BoxItem):
        monkeypatch.setattr(cls, "paint", _slow_pictures)
    scene = new_scene(designed(11))
    view = shown_view(qtbot, scene)
    scene.set_cluster(designs[100].copy())
    view.fit()
    run_to_end(qtbot, scene)
    assert view.build_repaint_items == view_module.BUILD_REPAINT_MIN_ITEMS


# name: (CHUNK for the test: the bus's two long steps end a slice from 4 * CHUNK nodes on, the design's nodes)
BUS_CASES = {
    "as many nodes as 4 chunks: geometry and paths in two slices": (25, 100, True),
    "fewer nodes: one slice may do both": (250, 100, False),
}


@pytest.mark.parametrize("name", BUS_CASES, ids=list(BUS_CASES))
def test_the_network_bus_of_many_nodes_is_made_over_two_slices(name, qtbot, monkeypatch, designs):
    """Its geometry and its paths took ~30 ms each at 5,000 nodes on a slow machine, in the same slice."""
    from explorer.ui import items as items_module
    chunk, nodes, apart = BUS_CASES[name]
    monkeypatch.setattr(scene_module, "CHUNK", chunk)
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)
    scene = new_scene(designed(11))
    seen = {}
    geometry, paths = scene_module.bus_geometry, items_module.NetworkBusItem.set_geometry

    def timed_geometry(rects):
        seen["geometry"] = len(scene.slice_log)
        return geometry(rects)

    def timed_paths(bus, *args):
        seen["paths"] = len(scene.slice_log)
        return paths(bus, *args)
    monkeypatch.setattr(scene_module, "bus_geometry", timed_geometry)
    monkeypatch.setattr(items_module.NetworkBusItem, "set_geometry", timed_paths)
    scene.set_cluster(designs[nodes].copy())
    run_to_end(qtbot, scene)
    assert (seen["paths"] != seen["geometry"], len(scene.slice_log) > 2) == (apart, True)


def test_the_end_of_a_sliced_build_takes_turns_of_its_own(qtbot, monkeypatch, designs):
    """The end of the build (progress bar, overview) and then the far layer with ``update_finished`` (the
    view's fit) run on event-loop turns after the last slice: together with it they were one ~85 ms turn at
    5,000 nodes on a slow machine. Each of those turns measures the items' bounds at most once (three
    itemsBoundingRect walks of ~10 ms each before)."""
    from PySide6.QtWidgets import QGraphicsScene
    walks = []
    measure = QGraphicsScene.itemsBoundingRect
    monkeypatch.setattr(QGraphicsScene, "itemsBoundingRect", lambda self: walks.append(1) or measure(self))
    scene = new_scene(designed(11))
    view = shown_view(qtbot, scene)
    finishing = scene._finish_job
    turns = []

    def finish(job, stage, at_once=False):
        walks.clear()
        finishing(job, stage, at_once)
        turns.append((stage, at_once, scene.updating, len(walks)))
    monkeypatch.setattr(scene, "_finish_job", finish)
    finished = []
    scene.update_finished.connect(lambda: finished.append(len(turns)))    # turns finished before it
    scene.set_cluster(designs[100].copy())
    view.fit()
    run_to_end(qtbot, scene)
    stage_walks = [w for _, _, _, w in turns]
    assert ([(stage, at_once, updating) for stage, at_once, updating, _ in turns], finished,
            max(stage_walks) <= 1) == ([(0, False, True), (1, False, False)], [1], True)
