"""Dragging a node on a big (compact) scene: edges follow every mouse move, the network bus (which walks every
item) is redrawn once, when the drag ends; small scenes redraw it live. Real mouse events on the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import item_point

NODE = ("Node", "", "worker-1")


def node_drop_x(window) -> float:
    """The x of worker-1's drop line on the network bus."""
    rect = window.scene.items_by_key[NODE].sceneBoundingRect()
    xs = [x for x, y, _top in window.scene.bus._drops if abs(y - (rect.bottom() - 3)) < 1]
    return min(xs, key=lambda x: abs(x - rect.center().x()))


# name: (compact scene, the drop follows during the drag, the drop follows after the release)
CASES = {
    "small-scene-live": (False, True, True),
    "big-scene-on-release": (True, False, True),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_bus_follows_a_dragged_node(name, qtbot, window):
    compact, _live, _after = CASES[name]
    window.scene.compact = compact
    vp = window.view.viewport()
    start = item_point(window, NODE)
    before = node_drop_x(window)
    qtbot.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 5):
        qtbot.mouseMove(vp, start + QPoint(10 * step, 0))
    QApplication.processEvents()
    centre = window.scene.items_by_key[NODE].sceneBoundingRect().center().x()
    during = node_drop_x(window)
    qtbot.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, start + QPoint(40, 0))
    QApplication.processEvents()
    centre_after = window.scene.items_by_key[NODE].sceneBoundingRect().center().x()
    after = node_drop_x(window)
    assert (centre != before, during == centre, after == centre_after) == (True, *CASES[name][1:])
