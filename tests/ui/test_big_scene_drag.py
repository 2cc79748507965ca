"""Dragging on the canvas: the edges of the dragged items follow every mouse move without the scene working out
every edge of the design again (a 50-node design's 3,500 edges cost ~100 ms per mouse move), on small and big
scenes alike. The network bus (which walks every item) follows live on small scenes and is redrawn once, when
the drag ends, on big ones. Real mouse events on the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from explorer.ui import scene as scene_module
from tests.ui.conftest import item_point

NODE = ("Node", "", "worker-1")
API = ("Deployment", "shop", "api")
API_SERVICE = ("Service", "shop", "api")


def node_drop_x(window) -> float:
    """The x of worker-1's drop line on the network bus."""
    rect = window.scene.items_by_key[NODE].sceneBoundingRect()
    xs = [x for x, y, _top in window.scene.bus._drops if abs(y - (rect.bottom() - 3)) < 1]
    return min(xs, key=lambda x: abs(x - rect.center().x()))


def select_edge_end_x(window) -> float:
    """The x where the api Service's edge meets the api Deployment."""
    edge = next(e for e in window.scene.edges if getattr(e.src, "key", None) == API_SERVICE and e.dst.key == API)
    return edge.path().pointAtPercent(1.0).x()


def drag(qtbot, window, key, probe):
    """Drag ``key`` 40 px right in four mouse moves; ``probe()`` before, during (button held) and after."""
    vp = window.view.viewport()
    start = item_point(window, key)
    before = probe()
    qtbot.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 5):
        qtbot.mouseMove(vp, start + QPoint(10 * step, 0))
        QApplication.processEvents()
    during = probe()
    qtbot.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, start + QPoint(40, 0))
    QApplication.processEvents()
    return before, during, probe()


# name: (compact scene, BUS_LIVE_MAX, dragged item,
#        expected: (the bus drop / edge end follows during the drag, ... after the release,
#                   every edge pair worked out again during the gesture))
CASES = {
    "small-scene-node-bus-live": (False, 1000, NODE, (True, True, False)),
    "big-scene-node-bus-on-release": (True, 0, NODE, (False, True, False)),
    "many-items-not-compact-bus-on-release": (False, 0, NODE, (False, True, False)),
    "small-scene-deployment-edge-live": (False, 1000, API, (True, True, False)),
    "big-scene-deployment-edge-live": (True, 0, API, (True, True, False)),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_dragged_items_edges_and_bus_follow(name, qtbot, window, monkeypatch):
    compact, live_max, key, _expected = CASES[name]
    window.scene.compact = compact
    monkeypatch.setattr(scene_module, "BUS_LIVE_MAX", live_max)
    pair_runs = []
    real_pairs = window.scene._edge_pairs_steps

    def counted(out):
        pair_runs.append(1)
        return real_pairs(out)
    monkeypatch.setattr(window.scene, "_edge_pairs_steps", counted)
    centre = []

    def probe():
        centre.append(window.scene.items_by_key[key].sceneBoundingRect().center().x())
        return node_drop_x(window) if key == NODE else select_edge_end_x(window)
    before, during, after = drag(qtbot, window, key, probe)
    runs_during = len(pair_runs)
    assert centre[0] != centre[1]       # it did move
    assert (during == centre[1], after == centre[2], runs_during > 0) == CASES[name][3]
    assert before != after
