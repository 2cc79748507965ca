"""Navigation and layout: wheel zoom, middle-button pan, minimap, fit, auto-layout (one undo step), snap, LOD."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from explorer.ui import theme
from explorer.ui.items import NodeItem
from explorer.ui.layout import auto_layout


def test_wheel_zooms_around_cursor(qtbot, window):
    vp = window.view.viewport()
    before = window.view.scale_factor()
    pos = QPointF(vp.width() / 2, vp.height() / 2)
    ev = QWheelEvent(pos, QPointF(vp.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, 240), Qt.NoButton,
                     Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(vp, ev)
    assert window.view.scale_factor() > before * 1.3


def test_middle_button_pans(qtbot, window):
    window.view.zoom_by(3.0)
    QApplication.processEvents()
    vp = window.view.viewport()
    h, v = window.view.horizontalScrollBar().value(), window.view.verticalScrollBar().value()
    qtbot.mousePress(vp, Qt.MiddleButton, Qt.NoModifier, QPoint(300, 300))
    qtbot.mouseMove(vp, QPoint(250, 260))
    qtbot.mouseRelease(vp, Qt.MiddleButton, Qt.NoModifier, QPoint(250, 260))
    assert (window.view.horizontalScrollBar().value() - h, window.view.verticalScrollBar().value() - v) == (50, 40)


def test_minimap_click_centres_main_view(qtbot, window):
    window.view.zoom_by(2.0)
    mini = window.minimap
    mini.refit()
    target = window.scene.items_by_key[("Node", "", "worker-1")].sceneBoundingRect().center()
    qtbot.mouseClick(mini.viewport(), Qt.LeftButton, Qt.NoModifier, mini.mapFromScene(target))
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert (abs(centre.x() - target.x()) < 40, abs(centre.y() - target.y()) < 40) == (True, True), (centre, target)


def test_minimap_repaints_from_a_snapshot_refreshed_when_the_scene_is_quiet(qtbot, window, monkeypatch):
    """A drag changes the scene on every mouse move; the overview re-renders the scene once it is quiet, not on
    every move (at 5,000 nodes each re-render repaints every node)."""
    mini = window.minimap
    window.minimap_dock.show()
    renders = []
    real = mini._render_snapshot
    monkeypatch.setattr(mini, "_render_snapshot", lambda: renders.append(1) or real())
    mini._settle_timer.setInterval(1000)        # generous: a loaded CI machine must not see the drag as "quiet"
    mini.refit()
    mini.viewport().repaint()
    node = window.scene.items_by_key[("Node", "", "worker-1")]
    for i in range(10):
        node.setPos(node.pos() + QPointF(5, 0))
        QApplication.processEvents()
        mini.viewport().repaint()
    during_drag = len(renders)
    # quiet: the settle timer fires, and the snapshot is rendered on its own event-loop turn
    qtbot.waitUntil(lambda: not mini._settle_timer.isActive() and not mini._render_turn.pending, timeout=5000)
    mini.viewport().repaint()
    assert (during_drag, len(renders)) == (1, 2)


# name: (compact scene, the overview renders the scene's items)
OVERVIEW_CASES = {"small-scene-rendered": (False, True), "big-scene-schematic": (True, False)}


@pytest.mark.parametrize("name", OVERVIEW_CASES, ids=list(OVERVIEW_CASES))
def test_overview_snapshot_shows_the_nodes(name, qtbot, window, monkeypatch):
    compact, rendered = OVERVIEW_CASES[name]
    mini = window.minimap
    window.minimap_dock.show()
    mini.refit()
    window.scene.compact = compact
    calls = []
    real = mini.render
    monkeypatch.setattr(mini, "render", lambda *a: calls.append(1) or real(*a))
    image = mini._render_snapshot().toImage()
    header = theme.NODE_HEADER.rgb()
    shows_nodes = any(image.pixel(x, y) == header for x in range(image.width()) for y in range(image.height()))
    assert (bool(calls), shows_nodes) == (rendered, True)


def test_fit_shows_everything(qtbot, window):
    window.view.zoom_by(4.0)
    qtbot.keyClick(window.view, Qt.Key_0, Qt.ControlModifier)
    visible = window.view.visible_scene_rect()
    drawn = [it.sceneBoundingRect() for it in window.scene.items_by_key.values() if it.parentItem() is None]
    assert all(visible.contains(r) for r in drawn)


def _far_design():
    from benchmarks.generate import generate
    from explorer.ui.layout import apply_missing_layout
    design = generate(100, seed=1)      # ~30,000 x 6,000 scene units: a few per cent zoom
    apply_missing_layout(design)
    return design


# name: (the design, or None for the example cluster)
MARGIN_CASES = {"the example cluster": None, "100 nodes, seen from far": _far_design}


@pytest.mark.parametrize("name", MARGIN_CASES, ids=list(MARGIN_CASES))
def test_fit_leaves_room_around_the_diagram_at_any_zoom(name, qtbot, window):
    """At least FIT_MARGIN_PX pixels between the items and the edges of the view (the content rect's 40 scene
    units are less than a pixel at 1 % zoom: a big design touched the edges)."""
    from explorer.ui.view import FIT_MARGIN_PX
    make = MARGIN_CASES[name]
    if make is not None:
        window.document.set_cluster(make())
        qtbot.waitUntil(lambda: not window.scene.updating, timeout=60_000)
    view = window.view
    view.zoom_by(3.0)
    view.fit()
    items = view.mapFromScene(window.scene.itemsBoundingRect()).boundingRect()
    room = view.viewport().rect().adjusted(FIT_MARGIN_PX - 1, FIT_MARGIN_PX - 1, 1 - FIT_MARGIN_PX, 1 - FIT_MARGIN_PX)
    assert (room.contains(items), view.scale_factor() < 0.2 if make else True) == (True, True)


def test_auto_layout_is_one_undo_step(qtbot, window):
    cluster = window.document.cluster
    cluster.set_position(("Service", "shop", "api"), (5000.0, 5000.0))
    before = dict(cluster.layout)
    depth = window.document.undo_stack.count()
    qtbot.keyClick(window.view, Qt.Key_L, Qt.ControlModifier)
    expected = auto_layout(cluster, only_missing=False)
    after = {k: cluster.position(k) for k in expected}
    steps = window.document.undo_stack.count() - depth
    window.document.undo_stack.undo()
    assert (after == expected, steps, dict(cluster.layout) == before) == (True, 1, True)


def test_imported_topology_without_positions_gets_a_layered_layout():
    from explorer.model import example_cluster
    pos = auto_layout(example_cluster())
    ys = {k[0]: v[1] for k, v in pos.items() if k[0] in ("Ingress", "Service", "Deployment", "Node")}
    assert ys["Ingress"] < ys["Service"] < ys["Deployment"] < ys["Node"]


def _paint(scene, rect, scale):
    image = QImage(int(rect.width() * scale) + 1, int(rect.height() * scale) + 1, QImage.Format_ARGB32)
    p = QPainter(image)
    scene.render(p, image.rect(), rect)
    p.end()


def test_level_of_detail_skips_text_when_tiny(qtbot, window, monkeypatch):
    calls = []
    from explorer.ui import items
    original = items.elide
    monkeypatch.setattr(items, "elide", lambda *a: (calls.append(1), original(*a))[1])
    node = window.scene.items_by_key[("Node", "", "worker-1")]
    _paint(window.scene, node.sceneBoundingRect(), 0.1)
    tiny = len(calls)
    _paint(window.scene, node.sceneBoundingRect(), 1.0)
    assert (tiny, len(calls) > 0, isinstance(node, NodeItem)) == (0, True, True)


def test_edges_follow_the_model(qtbot, window):
    """Edges are derived from selectors and rules: Ingress→Service, Service→Deployment, Internet→LoadBalancer
    Service and NetworkPolicy→selected Deployments."""
    from explorer.model import builders as b
    from explorer.model.commands import AddObjects
    window.document.push(AddObjects([b.network_policy("db-only", "shop", {"app": "mysql"})]))
    edges = sorted((getattr(e.src, "key", ("Internet",))[-1], e.dst.key[-1], e.kind) for e in window.scene.edges)
    assert edges == [("Internet", "ingress-nginx-controller", "enter"), ("api", "api", "select"),
                     ("db-only", "mysql", "policy"),
                     ("ingress-nginx-controller", "ingress-nginx-controller", "select"),
                     ("mysql", "mysql", "select"), ("shop", "api", "route")]


def test_the_overview_drops_the_previous_design_while_a_new_one_is_built(qtbot, window, monkeypatch):
    """While a big design is drawn in slices the overview ignores the scene's changes (rendering it costs as
    much as a canvas repaint); it showed the previous design all along. Now it is empty until the build ends,
    then shows the new design."""
    from explorer.ui.view import OVERVIEW_BACKGROUND
    mini = window.minimap
    window.minimap_dock.show()
    mini.refit()
    qtbot.waitUntil(lambda: not mini._render_turn.pending, timeout=5000)

    def colours():
        image = mini._snapshot.toImage()
        return {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    before = colours()
    from benchmarks.generate import generate
    from explorer.ui import scene as scene_module
    from explorer.ui.layout import apply_missing_layout
    monkeypatch.setattr(scene_module, "SLICE_BUDGET_S", 0.0)    # several slices even on a fast machine
    design = generate(50, seed=1)
    apply_missing_layout(design)
    window.document.set_cluster(design)
    during = colours() if window.scene.building else None
    qtbot.waitUntil(lambda: not window.scene.building and not mini._render_turn.pending, timeout=10000)
    after = colours()
    assert (len(before) > 1, during, len(after) > 1) == (True, {OVERVIEW_BACKGROUND.rgb()}, True)


# name: (zoom applied after an exact fit, then Fit keeps that zoom?)
FIT_CASES = {
    "already fitted": (1.0, True),
    "1 % smaller than fitted": (0.99, True),            # a new zoom would redraw every pixmap for nothing
    "half the fitting size": (0.5, False),
    "zoomed in, part of it out of view": (1.5, False),
}


@pytest.mark.parametrize("name", FIT_CASES, ids=list(FIT_CASES))
def test_fit_keeps_a_zoom_that_already_shows_everything_at_about_the_fitting_size(name, qtbot, window):
    factor, kept = FIT_CASES[name]
    view = window.view
    view.fit()
    qtbot.wait(1)   # what is in view once the scroll bars a fit hides have gone (the viewport then grows)
    fitted = view.scale_factor()
    view.zoom_by(factor)
    before = view.scale_factor()
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 3)     # off centre a little
    view.fit()
    qtbot.wait(1)
    content = window.scene.content_rect()
    assert (abs(view.scale_factor() - before) < 1e-9, view.visible_scene_rect().contains(content),
            abs(view.scale_factor() - fitted) / fitted < 0.035) == (kept, True, True)


def _scan_cluster():
    from explorer.model import example_cluster
    from explorer.model import builders as b
    cluster = example_cluster()
    running = b.pod("run", node_name="worker-1").edited(lambda r: r.update(status={"phase": "Running"}))
    leaving = b.pod("bye", node_name="worker-1").edited(
        lambda r: r["metadata"].update(deletionTimestamp="2026-01-01T00:00:00Z"))
    owned = b.pod("owned").edited(lambda r: r["metadata"].update(ownerReferences=[
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u", "controller": True}]))
    sick = b.pod("sick", node_name="worker-1").edited(lambda r: r.update(status={
        "phase": "Running", "conditions": [{"type": "Ready", "status": "False"}]}))
    cluster.add_many([running, leaving, sick, b.pod("free"), owned, b.pod("lost", node_name="no-such-node")])
    return cluster


def test_one_scan_of_the_pods_serves_the_layout_the_rect_and_the_cells():
    """scan_pods: per node its pods (static pods aside, as their control-plane components) with their drawn
    phases, and the free pods (no node, no owner), in one pass; a pod bound to an unknown node still counts
    there."""
    from explorer.ui.layout import NOT_READY, scan_pods
    scan = scan_pods(_scan_cluster())
    summary = ({node: ([p.name for p in pods], phases) for node, (pods, phases) in scan.by_node.items()},
               {node: sorted(parts) for node, parts in scan.static.items()}, [p.name for p in scan.free],
               scan.counts())
    assert summary == (
        {"worker-1": (["run", "bye", "sick"], {"Running": 1, "Terminating": 1, NOT_READY: 1}),
         "no-such-node": (["lost"], {"Pending": 1})},
        {"control-plane": ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]},
        ["free"], {"worker-1": 3, "no-such-node": 1})


def test_fit_in_a_view_squeezed_to_nothing_leaves_no_room_and_no_nonsense(qtbot, window):
    """A viewport narrower than twice the margin (a docked canvas squeezed away) fits the content rect as it
    is: the margin would ask for a zoom of millions of scene units per pixel."""
    view = window.view
    view.viewport().resize(20, 20)
    rect = window.scene.content_rect()
    assert view._with_margin(rect) == rect


def test_a_smaller_design_after_a_bigger_one_is_centred_without_the_old_area(qtbot, window):
    """The area the view scrolls over is what Fit shows and as much again around it: left to Qt it only grew,
    so a design opened after a bigger one sat in a corner of the old one's area and Fit could not centre it."""
    from explorer.model import example_cluster
    from explorer.ui.layout import apply_missing_layout
    window.document.set_cluster(_far_design())
    qtbot.waitUntil(lambda: not window.scene.updating, timeout=60_000)
    big_room = window.view.sceneRect()
    small = example_cluster()
    apply_missing_layout(small)                         # as every open does
    window.document.set_cluster(small)                  # File > Open of a small design fits it
    QApplication.processEvents()
    view = window.view
    content = window.scene.content_rect()
    shown = view.visible_scene_rect()
    off_centre = (shown.center() - content.center()).manhattanLength() * view.scale_factor()   # pixels
    assert (big_room.contains(view.sceneRect()), view.sceneRect() != big_room, shown.contains(content),
            off_centre < 2.0) == (True, True, True, True)


def test_an_item_moved_beyond_the_room_can_still_be_scrolled_to(qtbot, window):
    view = window.view
    view.fit()
    far = view.sceneRect().bottomRight() + QPointF(5000, 5000)
    window.document.cluster.set_position(("Service", "shop", "api"), (far.x(), far.y()))
    QApplication.processEvents()
    item = window.scene.items_by_key[("Service", "shop", "api")]
    qtbot.waitUntil(lambda: view.sceneRect().contains(item.sceneBoundingRect()), timeout=5000)


def _copied_scan_cluster():
    """:func:`_scan_cluster` with four pods of each look (their copies differ in name, node and address only),
    static pods on three more nodes among them: what a reader reads as copies of the first."""
    cluster = _scan_cluster()
    extra = []
    for pod in [p for p in cluster.objects("Pod")]:
        for i in range(1, 4):
            def rename(raw, i=i, name=pod.name):
                raw["metadata"]["name"] = f"{name}-{i}"
                node = raw.get("spec", {}).get("nodeName")
                if node:
                    raw["spec"]["nodeName"] = f"{node}-{i}" if node.startswith("control-plane") else node
                    raw.setdefault("status", {})["podIP"] = f"10.244.9.{i}"
            extra.append(pod.edited(rename))
    cluster.add_many(extra, validate=False)
    return cluster


SCAN_FILES = {
    # name: (the cluster, read through the parse child, the scanner takes runs of copies at once)
    "in this process": (_scan_cluster, False, False),
    "through the parse child, with copies, one at a time": (_copied_scan_cluster, True, False),
    "through the parse child, with runs of copies at once": (_copied_scan_cluster, True, True),
}


@pytest.mark.parametrize("make, child, runs", SCAN_FILES.values(), ids=SCAN_FILES.keys())
def test_the_scan_the_reader_feeds_is_the_scan_of_the_loaded_cluster(tmp_path, monkeypatch, make, child, runs):
    """Opening a file, the reader hands each object it keeps to a PodScanner (load_topology's ``observe``):
    its scan is the one scan_pods makes of the loaded cluster, static pods, free pods and phases included;
    also where it reads pods as copies (each filed as the pod it copies was, on its own node), one at a time
    (``PodScanner.add``) or a run at a time (``PodScanner.observer``, as the window reads)."""
    from explorer.io import dump_topology, fast_yaml, load_topology
    from explorer.ui.layout import PodScanner, scan_pods
    path = tmp_path / "c.yaml"
    path.write_text(dump_topology(make()))
    if child:
        monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    copies = []
    read = fast_yaml.ChildValues.__iter__
    monkeypatch.setattr(fast_yaml.ChildValues, "__iter__", lambda self: copies.append(self) or read(self))
    scanners = []

    def observe():
        scanners.append(PodScanner())
        if not runs:
            return scanners[-1].add
        observer = scanners[-1].observer()
        take = observer.copies
        observer.copies = lambda objs, nodes, template: heard.append(len(objs)) or take(objs, nodes, template)
        return observer
    heard: list = []    # the length of each run the scanner took at once
    result = load_topology(path, observe=observe)

    def summary(scan):
        return ({node: ([p.key for p in pods], phases) for node, (pods, phases) in scan.by_node.items()},
                scan.static, [p.key for p in scan.free])
    assert (len(scanners), bool(copies and copies[0].copies), bool(heard), summary(scanners[0].scan())) == (
        1, child, runs, summary(scan_pods(result.cluster)))
