"""What a full-view repaint or a zoom step of a big design costs (issue 6: ≤ 50 ms at 5,000 nodes): item
bounding rects are answered in C++; the link handles, which draw nothing from far, are hidden there (images
still show them); a compact design seen from very far is drawn by one far layer (explorer/ui/far_layer.py).
Times belong to benchmarks/; these tests check the mechanisms."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from benchmarks.generate import generate
from explorer.model import builders as b
from explorer.model.commands import AddObjects
from explorer.ui import items, theme
from explorer.ui import scene as scene_module
from explorer.ui.far_layer import NO_CONTENTS
from explorer.ui.image_export import paint_all
from explorer.ui.items import (BOX_W, PHASE_BARS_LOD, POD_H, POD_W, BoxItem, DiagramItem, LinkHandle, NamespaceItem,
                               NodeItem, PodItem, node_size)
from explorer.ui.layout import apply_missing_layout


def _item_classes() -> list:
    found, todo = [], [DiagramItem]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in found if c.__module__ == items.__name__] + [LinkHandle]


def test_no_item_class_answers_its_bounding_rect_in_python():
    """Qt asks for it two or three times per item per repaint: a Python override is a call into Python each
    time (~11 ms of a 5,000-node full view)."""
    overriding = sorted(c.__name__ for c in _item_classes() if "boundingRect" in vars(c))
    assert (overriding, len(_item_classes()) >= 9) == ([], True)


def _rect(r: QRectF) -> tuple:
    return (r.x(), r.y(), r.width(), r.height())


def _node_with(pods: int, control_plane: bool = False) -> NodeItem:
    node = b.control_plane_node("n")[0] if control_plane else b.worker_node("n")
    item = NodeItem(node)
    item.set_cells([b.pod(f"p{i}", "default", node_name="n") for i in range(pods)])
    return item


def _handle() -> LinkHandle:
    card = items.ServiceItem(b.service("s", "shop", {"app": "s"}))
    handle = LinkHandle(card)
    handle.card = card      # the card owns the handle: it must outlive the test's use of it
    return handle


BOUNDS = {
    # name: (item maker, expected bounding rect (x, y, w, h))
    "a Deployment card": (lambda: items.DeploymentItem(b.deployment("web", "shop")),
                          (-3, -3, BOX_W + 6, items.BOX_H + 6)),
    "a Namespace tag": (lambda: NamespaceItem(b.namespace("shop")), (-3, -3, BOX_W * 0.7 + 6, NamespaceItem.H + 6)),
    "a Pod": (lambda: PodItem(b.pod("p", "shop")), (-2, -2, POD_W + 4, POD_H + 4)),
    "a link handle": (lambda: _handle(),
                      (-LinkHandle.R - 1, -LinkHandle.R - 1, 2 * LinkHandle.R + 2, 2 * LinkHandle.R + 2)),
    "an empty worker node": (lambda: _node_with(0), (-3, -3, node_size(0, False)[0] + 6, node_size(0, False)[1] + 6)),
    "a worker node with 30 pods": (lambda: _node_with(30),
                                   (-3, -3, node_size(30, False)[0] + 6, node_size(30, False)[1] + 6)),
    "a control-plane node with 5 pods": (lambda: _node_with(5, True),
                                         (-3, -3, node_size(5, True)[0] + 6, node_size(5, True)[1] + 6)),
}


@pytest.mark.parametrize("name", BOUNDS, ids=list(BOUNDS))
def test_item_bounds(name, qapp):
    make, expected = BOUNDS[name]
    assert _rect(make().boundingRect()) == tuple(float(v) for v in expected)


def test_a_node_that_grows_moves_its_bounds_in_the_scene_index(qtbot, window):
    """setRect tells the scene the geometry changes: the node is found where it now extends."""
    item = window.scene.items_by_key[("Node", "", "worker-1")]
    before = item.sceneBoundingRect()
    item.set_cells([b.pod(f"p{i}", "default", node_name="worker-1") for i in range(60)])
    after = item.sceneBoundingRect()
    corner = QPointF(after.right() - 1, after.bottom() - 1)
    assert (after.height() > before.height(), item in window.scene.items(corner)) == (True, True)


def _handles(window) -> dict:
    """{"shown"/"hidden": count} over the link handles of the scene."""
    out = {"shown": 0, "hidden": 0}
    for item in window.scene.items():
        if isinstance(item, LinkHandle):
            out["shown" if item.isVisible() else "hidden"] += 1
    return out


def _zoom(window, scale: float) -> None:
    window.view.zoom_by(scale / window.view.scale_factor())
    QApplication.processEvents()


HANDLE_CASES = {
    # name: (zooms in turn, add a Service at the end?, expected {"shown", "hidden"})
    "at 100 %": ([1.0], False, {"shown": 4, "hidden": 0}),
    "just at the text zoom": ([theme.LOD_TEXT], False, {"shown": 4, "hidden": 0}),
    "below the text zoom": ([theme.LOD_TEXT * 0.9], False, {"shown": 0, "hidden": 4}),
    "far, then back to 100 %": ([0.1, 1.0], False, {"shown": 4, "hidden": 0}),
    "a Service added while far": ([0.1], True, {"shown": 0, "hidden": 5}),
    "a Service added while far, then zoomed in": ([0.1], True, {"shown": 0, "hidden": 5}),
}


@pytest.mark.parametrize("name", HANDLE_CASES, ids=list(HANDLE_CASES))
def test_link_handles_are_hidden_from_far(name, qtbot, window):
    zooms, add, expected = HANDLE_CASES[name]
    for scale in zooms:
        _zoom(window, scale)
    if add:
        window.document.push(AddObjects([b.service("extra", "shop", {"app": "api"})]))
        QApplication.processEvents()
        if name.endswith("zoomed in"):
            _zoom(window, 1.0)
            expected = {"shown": 5, "hidden": 0}
    assert _handles(window) == expected


def test_an_image_shows_the_handles_whatever_the_view_zoom(qtbot, window, tmp_path):
    """The image is drawn at its own scale: a view seen from far (handles hidden) exports the same picture."""
    _zoom(window, 1.0)
    paint_all(window.scene, tmp_path / "near.png")
    _zoom(window, 0.1)
    paint_all(window.scene, tmp_path / "far.png")
    near, far = (QImage(str(tmp_path / f"{n}.png")) for n in ("near", "far"))
    as_array = [np.frombuffer(i.constBits(), np.uint8, i.sizeInBytes()).copy() for i in (near, far)]
    assert (_handles(window)["hidden"], np.array_equal(*as_array)) == (4, True)


# ------------------------------------------------------------------------------------------ the far layer
def _settle(window) -> None:
    """Until the scene's update is over and the far layer has taken it in."""
    deadline = time.perf_counter() + 60
    while (window.scene.updating or window.scene.far_pending) and time.perf_counter() < deadline:
        QApplication.processEvents()
    QApplication.processEvents()


@pytest.fixture(scope="module")
def far_design():
    """100 nodes, 3,000 pods drawn as cells (a compact scene), ~30,000 x 6,000 scene units."""
    design = generate(100, seed=1)
    apply_missing_layout(design)
    return design


def _open_far(window, design) -> None:
    window.document.set_cluster(design.copy())
    _settle(window)
    window.view.fit()
    _settle(window)


def _layer(window) -> dict:
    """What the far layer does now, as plain data."""
    scene = window.scene
    members = [i for i in scene.items_by_key.values() if isinstance(i, (NodeItem, BoxItem))]
    flagged = [i for i in members if i.flags() & NO_CONTENTS]
    return {"active": scene.far.active, "drawn by the layer": len(flagged),
            "drawing themselves": len(members) - len(flagged), "selected": len(scene.selectedItems())}


def _select_a_node(window):
    node = window.scene.items_by_key[("Node", "", "worker-3")]
    node.setSelected(True)


def _deselect(window):
    window.scene.clearSelection()


def _zoom_to(scale):
    return lambda window: _zoom(window, scale)


LAYER_CASES = {
    # name: (steps after opening the 100-node design and fitting it, expected picture of the layer)
    "seen whole": ([], {"active": True, "drawn by the layer": "all", "drawing themselves": 0, "selected": 0}),
    "zoomed in to the phase bars' zoom": ([_zoom_to(PHASE_BARS_LOD)],
                                          {"active": False, "drawn by the layer": 0, "drawing themselves": "all",
                                           "selected": 0}),
    "zoomed in, then out again": ([_zoom_to(0.5), _zoom_to(0.05)],
                                  {"active": True, "drawn by the layer": "all", "drawing themselves": 0,
                                   "selected": 0}),
    "a node selected draws itself": ([_select_a_node],
                                     {"active": True, "drawn by the layer": "all but one", "drawing themselves": 1,
                                      "selected": 1}),
    "and deselected, the layer again": ([_select_a_node, _deselect],
                                        {"active": True, "drawn by the layer": "all", "drawing themselves": 0,
                                         "selected": 0}),
}


@pytest.mark.parametrize("name", LAYER_CASES, ids=list(LAYER_CASES))
def test_the_far_layer_draws_a_compact_design_seen_from_far(name, qtbot, window, far_design):
    steps, expected = LAYER_CASES[name]
    _open_far(window, far_design)
    for step in steps:
        step(window)
        _settle(window)
    members = sum(isinstance(i, (NodeItem, BoxItem)) for i in window.scene.items_by_key.values())
    count = {"all": members, "all but one": members - 1}
    assert (_layer(window), members > 2000) == ({k: count.get(v, v) for k, v in expected.items()}, True)


def test_no_far_layer_for_a_design_that_is_not_compact(qtbot, window):
    window.view.zoom_by(0.05 / window.view.scale_factor())      # the example cluster, tiny: not compact
    _settle(window)
    assert (window.scene.compact, window.scene.far.active) == (False, False)


def test_a_design_being_built_is_drawn_by_the_layer_slice_by_slice(qtbot, window, far_design):
    """While a compact design is built at a far zoom, the nodes and cards each slice adds are drawn by the
    layer from that slice on (a build repaint draws rectangles, not the new items' first pictures). Items that
    change later in the build keep their first look in the layer until the pass at the end, which gathers
    everything again: then the picture holds exactly the items' far looks."""
    window.view.zoom_by(0.05 / window.view.scale_factor())      # seen from far
    _settle(window)
    scene = window.scene
    design = far_design.copy()
    new_keys = {o.key for o in design.objects()} - set(scene.items_by_key)     # (items kept join later)
    window.document.set_cluster(design)                          # built in slices
    seen = []
    deadline = time.perf_counter() + 60
    while scene.updating and time.perf_counter() < deadline:
        built = [i for i in scene.items_by_key.values() if isinstance(i, (NodeItem, BoxItem))
                 and i.scene() is scene and i.key in new_keys]
        seen.append((scene.building, scene.far.active, len(built), sum(not i.far_drawn for i in built)))
        QApplication.processEvents()
    _settle(window)
    members = [i for i in scene.items_by_key.values() if isinstance(i, (NodeItem, BoxItem))]
    rects = sum(len(rs) for step in scene.far._steps for _, rs in step.values())
    slices_with_new_items = [entry for entry in seen if entry[2] and entry[0]]
    assert (len(slices_with_new_items) > 3, {(b, a, themselves) for b, a, _, themselves in slices_with_new_items},
            rects, _layer(window)["drawing themselves"]) == (
        True, {(True, True, 0)}, sum(len(i.far_rects()) for i in members), 0)


def _grab(window) -> np.ndarray:
    image = window.view.viewport().grab().toImage().convertToFormat(QImage.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(
        image.height(), image.width(), 4).astype(int)


def test_the_far_layer_looks_like_the_items_it_draws(qtbot, window, far_design, monkeypatch):
    """The same picture, but for the edges of rectangles (the items' cached pictures are whole pixels): compared
    in 8x8 blocks, where a missing node or a wrong colour shows and an edge a pixel off does not (measured:
    mean 1.3-2.4 levels, 99th percentile ~20; with every other rectangle left out: 26 and 209)."""
    _open_far(window, far_design)
    with_layer = _grab(window)
    monkeypatch.setattr(scene_module, "layer_wanted", lambda *args: False)
    window.scene._apply_far_layer()
    _settle(window)
    without = _grab(window)
    h, w = (with_layer.shape[0] // 8) * 8, (with_layer.shape[1] // 8) * 8
    blocks = [a[:h, :w, :3].reshape(h // 8, 8, w // 8, 8, 3).mean(axis=(1, 3)) for a in (with_layer, without)]
    difference = np.abs(blocks[0] - blocks[1]).max(axis=2)     # per 8x8 block, the most a channel differs
    drawn = (without != without[0, 0]).any(axis=2)              # what is not background
    assert (window.scene.far.active, drawn.mean() > 0.2, difference.mean() < 6.0,
            np.percentile(difference, 99) < 60.0) == (False, True, True, True), \
        (drawn.mean(), difference.mean(), np.percentile(difference, 99))


def test_a_node_is_clicked_and_hovered_while_the_layer_draws_it(qtbot, window, far_design):
    _open_far(window, far_design)
    node = window.scene.items_by_key[("Node", "", "worker-3")]
    centre = window.view.mapFromScene(node.sceneBoundingRect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, centre)
    _settle(window)
    assert (node.isSelected(), bool(node.flags() & NO_CONTENTS), window.scene.far.active) == (True, False, True)


def test_a_node_moved_while_far_is_drawn_where_it_went(qtbot, window, far_design):
    _open_far(window, far_design)
    key = ("Node", "", "worker-3")
    node = window.scene.items_by_key[key]
    x, y = node.x() + 4000, node.y()
    window.document.cluster.set_position(key, (x, y))
    _settle(window)
    bodies = [r for _color, rects in window.scene.far._steps[0].values() for r in rects]
    assert (node.x(), any(r.x() == x and r.y() == y for r in bodies), node.far_drawn) == (x, True, True)


def test_the_far_layer_changes_neither_images_nor_the_items_bounds(qtbot, window, far_design, monkeypatch,
                                                                    tmp_path):
    _open_far(window, far_design)
    on = (window.scene.far.active, window.scene.itemsBoundingRect())
    paint_all(window.scene, tmp_path / "on.png", scale=0.05)
    monkeypatch.setattr(scene_module, "layer_wanted", lambda *args: False)
    window.scene._apply_far_layer()
    off = (window.scene.far.active, window.scene.itemsBoundingRect())
    paint_all(window.scene, tmp_path / "off.png", scale=0.05)
    images = [QImage(str(tmp_path / f"{n}.png")) for n in ("on", "off")]
    arrays = [np.frombuffer(i.constBits(), np.uint8, i.sizeInBytes()).copy() for i in images]
    assert (on[0], off[0], on[1] == off[1], np.array_equal(*arrays)) == (True, False, True, True)


def test_a_node_cordoned_while_far_shows_its_new_header(qtbot, window, far_design):
    """Its look changed (set_object): the layer draws it again, with the cordoned header colour."""
    import copy

    from explorer.model.commands import ReplaceObject
    from explorer.model.objects import from_dict
    _open_far(window, far_design)
    key = ("Node", "", "worker-3")
    raw = copy.deepcopy(window.document.cluster.get(key).raw)
    raw.setdefault("spec", {})["unschedulable"] = True
    window.document.push(ReplaceObject(from_dict(raw)))
    _settle(window)
    node = window.scene.items_by_key[key]
    headers = {rgba for rgba, (_color, rects) in window.scene.far._steps[1].items()
               if any(r.x() == node.x() and r.y() == node.y() for r in rects)}
    assert (headers, node.far_drawn) == ({theme.NODE_CORDONED.rgba()}, True)


def test_a_design_opened_from_far_is_gathered_once(qtbot, window, far_design, monkeypatch):
    """The layer, on from the start of the build (it takes in each slice's new items), gathers every item
    once at the end of the build: one pass over what the scene held when the build began, one at its end."""
    from explorer.ui import far_layer
    passes = []
    gather = far_layer.FarLayer._gather_steps

    def counted(layer, members):
        passes.append(len(members))
        return gather(layer, members)
    monkeypatch.setattr(far_layer.FarLayer, "_gather_steps", counted)
    window.view.zoom_by(0.05 / window.view.scale_factor())
    before = len(window.scene.items_by_key)
    _open_far(window, far_design)
    members = sum(isinstance(i, (NodeItem, BoxItem)) for i in window.scene.items_by_key.values())
    assert (passes, window.scene.far.active) == ([before, len(window.scene.items_by_key)], True), members


def _cordon_a_node(window):
    import copy

    from explorer.model.commands import ReplaceObject
    from explorer.model.objects import from_dict
    raw = copy.deepcopy(window.document.cluster.get(("Node", "", "worker-3")).raw)
    raw.setdefault("spec", {})["unschedulable"] = True
    window.document.push(ReplaceObject(from_dict(raw)))


def _overview(window, monkeypatch, from_layer: bool) -> tuple:
    """(the overview's schematic as an array, the items it drew one by one)."""
    from explorer.ui import view as view_module
    walked = []
    real = view_module.overview_box
    with monkeypatch.context() as m:
        m.setattr(view_module, "overview_box", lambda item: walked.append(item) or real(item))
        if not from_layer:
            m.setattr(window.scene.far, "overview_boxes", lambda: None)
        image = window.minimap._render_snapshot().toImage()
    return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).copy(), walked


OVERVIEW_CASES = {
    # name: (steps after opening the 100-node design and fitting it, items the schematic walks one by one)
    "seen whole: every node and card comes from the far layer": ([], "none"),
    "a node selected (the layer leaves it out) is walked alone": ([_select_a_node], "the selected node"),
    "a node cordoned: the layer's new picture has its header": ([_cordon_a_node], "none"),
    "zoomed in, the layer off: every item is walked": ([_zoom_to(PHASE_BARS_LOD)], "all"),
}


@pytest.mark.parametrize("name", OVERVIEW_CASES, ids=list(OVERVIEW_CASES))
def test_the_overview_of_a_far_design_takes_the_layers_boxes(name, qtbot, window, far_design, monkeypatch):
    """The overview's schematic after every simulation step: 5,000 nodes one by one took ~54 ms on a slow
    machine (each header colour reads the node's conditions), ~6 ms from the far layer's boxes. The picture
    must be the one the items give one by one, pixel for pixel."""
    steps, walked_expected = OVERVIEW_CASES[name]
    _open_far(window, far_design)
    window.minimap_dock.show()
    for step in steps:
        step(window)
        _settle(window)
    window.minimap.refit()
    fast, walked = _overview(window, monkeypatch, from_layer=True)
    slow, every = _overview(window, monkeypatch, from_layer=False)
    node = window.scene.items_by_key[("Node", "", "worker-3")]
    expected = {"none": [], "the selected node": [node], "all": every}[walked_expected]
    cordoned = theme.NODE_CORDONED.rgba() in {rgba for rgba, _boxes in
                                              (window.scene.far.overview_boxes() or {}).items()}
    assert (walked == expected, len(every) > 2000, np.array_equal(fast, slow),
            cordoned) == (True, True, True, name.startswith("a node cordoned"))


def test_a_node_that_grows_has_a_bigger_overview_box(qtbot, window):
    """Outside compact mode a node grows with its pod items (relayout): what it remembers of its far look goes."""
    from explorer.ui.far_layer import overview_box
    item = NodeItem(b.worker_node("n"))
    window.scene.addItem(item)
    item.relayout()
    before = _rect(overview_box(item)[2])
    item.pods.extend(PodItem(b.pod(f"p{i}", "default", node_name="n")) for i in range(12))
    item.relayout()
    after = _rect(overview_box(item)[2])
    assert (before, after) == ((0, 0, *node_size(0, False)), (0, 0, *node_size(12, False)))
