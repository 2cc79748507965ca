"""A big (cached, not compact) design seen from far: each node draws the far look of its pods
(``PodItem.node_drawn``, explorer/ui/item_cache.py), so a simulated state that changes many pods repaints a
few node pictures instead of a picture per pod. What the canvas shows must not change: every case compares
whether the node draws the pod and the colour the viewport shows at the pod's centre."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from explorer.ui.items import NodeItem, PodItem
from tests.ui.test_item_cache import _open_big, _settle, _zoom_to

TINT = QColor(20, 120, 220)


def _pod_in_a_node(window) -> PodItem:
    """The last pod of a node with several (deleted, no other pod takes its place)."""
    nodes = sorted((i for i in window.scene.items_by_key.values() if isinstance(i, NodeItem) and len(i.pods) > 3),
                   key=lambda n: n.key)
    return nodes[len(nodes) // 2].pods[-1]


def _shown_at(window, scene_point: QPointF) -> tuple:
    """The (r, g, b) the viewport shows at ``scene_point``."""
    QApplication.processEvents()
    image = window.view.viewport().grab().toImage()
    p = window.view.mapFromScene(scene_point)
    c = image.pixelColor(p.x(), p.y())
    return c.red(), c.green(), c.blue()


def _rgb(color: QColor) -> tuple:
    return color.red(), color.green(), color.blue()


def _select(window, pod):
    pod.setSelected(True)


def _tint(window, pod):
    window.scene.set_highlight({pod.key: TINT})


def _animate(window, pod):
    window.scene._move_animated(pod, pod.pos(), pod.pos())     # an animation under way that ends where it began


def _animate_and_end(window, pod):
    _animate(window, pod)
    window.scene.finish_animations()


def _delete(window, pod):
    window.scene.clearSelection()
    pod.setSelected(True)
    window.delete_act.trigger()
    _settle(window)


# name: (what happens to the pod, seen at this zoom) -> (its node draws it, the colour shown at its centre:
#        "phase" = its phase's colour, "gone" = anything else, else an (r, g, b))
CASES = {
    "far": (None, 0.2, (True, "phase")),
    "far-selected": (_select, 0.2, (False, "phase")),
    "far-tinted": (_tint, 0.2, (True, _rgb(TINT))),
    "far-moving": (_animate, 0.2, (False, "phase")),
    "far-moved": (_animate_and_end, 0.2, (True, "phase")),
    "far-deleted": (_delete, 0.2, (False, "gone")),
    "very-far": (None, 0.08, (True, "phase")),
    "mid-zoom": (None, 0.5, (False, None)),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_a_node_draws_its_pods_from_far_as_they_would_draw_themselves(name, window):
    action, scale, (expected_drawn, expected_colour) = CASES[name]
    _open_big(window)
    pod = _pod_in_a_node(window)
    _zoom_to(window, scale)
    window.view.centerOn(pod)
    _settle(window)
    centre = pod.sceneBoundingRect().center()
    phase = _rgb(pod.far_color())
    if action is not None:
        action(window, pod)
    shown = _shown_at(window, centre)
    if expected_colour == "gone":
        shown = "gone" if shown != phase else shown
    colour = phase if expected_colour == "phase" else expected_colour
    assert (pod.node_drawn, shown if colour is not None else None) == (expected_drawn, colour)
