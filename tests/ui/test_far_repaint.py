"""What a full-view repaint of a big design costs (issue 6: ≤ 50 ms at 5,000 nodes): item bounding rects are
answered in C++, and the link handles, which draw nothing from far, are hidden there (images still show
them). Times belong to benchmarks/; these tests check the mechanisms."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.model import builders as b
from explorer.model.commands import AddObjects
from explorer.ui import items, theme
from explorer.ui.image_export import paint_all
from explorer.ui.items import (BOX_W, POD_H, POD_W, DiagramItem, LinkHandle, NamespaceItem, NodeItem, PodItem,
                               node_size)


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
