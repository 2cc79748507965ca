"""A big design draws its pods as cells of their node (compact mode), not as items: right-clicking a cell
offers that pod's entries (kill it, explain its scheduling) before the node's, as a pod item's menu does, each
under a heading naming the pod or the node."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from benchmarks.generate import generate
from explorer.ui.layout import apply_missing_layout

NODE = ("Node", "", "worker-3")


@pytest.fixture(scope="module")
def compact_design():
    """100 nodes, 3,000 pods: drawn as cells."""
    design = generate(100, seed=1)
    apply_missing_layout(design)
    return design


def _open(qtbot, window, design):
    window.document.set_cluster(design.copy())
    qtbot.waitUntil(lambda: not window.scene.updating, timeout=60000)
    node = window.scene.items_by_key[NODE]
    window.view.reset_zoom()
    window.view.centerOn(node)
    QApplication.processEvents()
    return node


def _cell_point(node, index):
    slot = node.slot(index)
    return node.mapToScene(slot + QPointF(20, 10))


def _header_point(node):
    return node.mapToScene(QPointF(60, 10))


def _menu_at(window, scene_pos) -> list:
    point = window.view.mapFromScene(scene_pos)
    event = QContextMenuEvent(QContextMenuEvent.Mouse, point, window.view.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.view.viewport(), event)
    menu = window.edits.context_menu_shown
    texts = [a.text().replace("&", "") for a in menu.actions()]
    menu.close()
    return texts


# name: (where to right-click on worker-3) -> the menu's first entries ("{pod}": the first cell's pod)
CASES = {
    "its first cell": (lambda node: _cell_point(node, 0),
                       ["Pod {pod}", "Kill pod {pod}", "Explain scheduling", "Node worker-3", "Rename"]),
    "its header": (_header_point, ["Rename", "Duplicate", "Delete", "", "Faults"]),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_a_cells_menu_offers_its_pod(name, qtbot, window, compact_design):
    node = _open(qtbot, window, compact_design)
    where, expected = CASES[name]
    pod = node.cells[0].name
    texts = _menu_at(window, where(node))
    assert (window.scene.compact, texts[:5]) == (True, [e.format(pod=pod) for e in expected])


def test_explain_scheduling_from_a_cell_explains_its_pod(qtbot, window, compact_design):
    node = _open(qtbot, window, compact_design)
    pod = node.cells[1]
    point = window.view.mapFromScene(_cell_point(node, 1))
    event = QContextMenuEvent(QContextMenuEvent.Mouse, point, window.view.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.view.viewport(), event)
    menu = window.edits.context_menu_shown
    action = next(a for a in menu.actions() if a.text().replace("&", "") == "Explain scheduling")
    menu.close()
    action.trigger()
    assert pod.name in window.scheduling.summary.text()
