"""A Running pod whose Ready condition is not True (the node lifecycle controller marks the pods of a node that
stopped answering, before it evicts them) is drawn with a hollow status dot and "not ready"; in a compact node
its cell says "not ready" and is pale from afar, and the node's phase bars count it apart."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from explorer.model import builders as b
from explorer.model.objects import from_dict
from explorer.ui import theme
from explorer.ui.items import NodeItem, PodItem, cells_look_same, running_not_ready
from explorer.ui.layout import NOT_READY, drawn_phase


def _pod(phase="Running", ready=None, deleting=False):
    raw = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
           "spec": {"containers": [{"name": "web", "image": "nginx"}]}, "status": {"phase": phase}}
    if ready is not None:
        raw["status"]["conditions"] = [{"type": "PodScheduled", "status": "True"},
                                       {"type": "Ready", "status": ready}]
    if deleting:
        raw["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    return from_dict(raw)


CASES = {
    "running and ready": (_pod(ready="True"), False),
    "running, Ready False": (_pod(ready="False"), True),
    "running, Ready Unknown": (_pod(ready="Unknown"), True),
    "running without a Ready condition (a design as written)": (_pod(), False),
    "pending, Ready False": (_pod("Pending", ready="False"), False),
    "being deleted, Ready False": (_pod(ready="False", deleting=True), False),
}


@pytest.mark.parametrize("pod, expected", CASES.values(), ids=CASES.keys())
def test_running_not_ready(pod, expected):
    assert running_not_ready(pod) == expected


def test_the_pods_of_a_stopped_node_turn_not_ready_and_back(qtbot, window):
    """Stop worker-1: once the node is NotReady its pods are drawn not ready (and say so in their tooltip);
    start it again: they are ready again."""
    window.settle()
    qtbot.waitUntil(lambda: not window.sim.busy and not window.scene.updating, timeout=20000)

    def pods_on_worker_1():
        QApplication.processEvents()
        items = [it for it in window.scene.items() if isinstance(it, PodItem) and it.obj.node_name == "worker-1"
                 and not it.obj.is_static]
        return sorted((it.obj.name, it.not_ready(), "not ready" in it.tooltip()) for it in items)

    before = pods_on_worker_1()
    window.fault("stop_node", "worker-1")
    window.sim.sim.run(window.sim.sim.now + 60)     # NotReady after the grace period; eviction only after 300 s
    window.sim._changed()
    qtbot.waitUntil(lambda: not window.scene.updating, timeout=20000)
    stopped = pods_on_worker_1()
    window.fault("start_node", "worker-1")
    window.sim.sim.run(window.sim.sim.now + 30)
    window.sim._changed()
    qtbot.waitUntil(lambda: not window.scene.updating, timeout=20000)
    again = pods_on_worker_1()
    names = [name for name, _, _ in before]
    assert (bool(names), stopped, again) == (True, [(n, True, True) for n in names], [(n, False, False) for n in names])


# name: (pod, drawn phase): what a compact cell and its node's phase bars show
DRAWN = {
    "running and ready": (_pod(ready="True"), "Running"),
    "running, Ready False": (_pod(ready="False"), NOT_READY),
    "running, Ready Unknown": (_pod(ready="Unknown"), NOT_READY),
    "running without a Ready condition": (_pod(), "Running"),
    "pending, Ready False": (_pod("Pending", ready="False"), "Pending"),
    "no phase": (from_dict({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}}), "Pending"),
    "being deleted": (_pod(ready="False", deleting=True), "Terminating"),
    "failed": (_pod("Failed", ready="False"), "Failed"),
}


def test_drawn_phase():
    assert {name: drawn_phase(pod.raw) for name, (pod, _) in DRAWN.items()} == \
        {name: phase for name, (_, phase) in DRAWN.items()}


def _named(pod, name):
    return pod.edited(lambda raw: raw["metadata"].update(name=name))


def _compact_node(pods) -> NodeItem:
    item = NodeItem(b.worker_node("n"))
    item.set_cells(pods)
    return item


def _render(item, scale: float) -> QImage:
    w, h = item.size()
    image = QImage(int(w * scale) + 2, int(h * scale) + 2, QImage.Format_ARGB32)
    image.fill(0xffffffff)
    painter = QPainter(image)
    painter.scale(scale, scale)
    option = QStyleOptionGraphicsItem()
    item.paint(painter, option)
    painter.end()
    return image


def test_a_compact_node_counts_not_ready_pods_as_a_bar_of_their_own(qapp):
    """Seen from very far, a compact node draws one bar per drawn phase: not-ready pods are a pale green bar
    beside the Running one, and the counts follow new cells."""
    ready, not_ready = _pod(ready="True"), _pod(ready="False")
    item = _compact_node([_named(ready, "a"), _named(not_ready, "b"), _named(not_ready, "c")])
    first = (item.phase_counts(), [c.name() for c, _ in item.far_rects()[2:]])
    item.set_cells([_named(ready, "a"), _named(ready, "b"), _named(ready, "c")])
    second = (item.phase_counts(), [c.name() for c, _ in item.far_rects()[2:]])
    assert (first, second) == (
        ({"Running": 1, NOT_READY: 2}, [theme.PHASE_COLORS["Running"].name(), theme.NOT_READY_COLOR.name()]),
        ({"Running": 3}, [theme.PHASE_COLORS["Running"].name()]))


@pytest.mark.parametrize("scale", [0.3, 1.0], ids=["cells as colour", "cells with text"])
def test_a_not_ready_cell_looks_different_and_repaints(qapp, scale):
    """A compact node's cell of a not-ready pod looks unlike a ready one's, both as a filled cell (from
    afar) and with its text (near), and a change of readiness alone is a change of the cells' look."""
    ready = [_named(_pod(ready="True"), n) for n in "abc"]
    flipped = ready[:2] + [_named(_pod(ready="False"), "c")]
    item = _compact_node(ready)
    before = _render(item, scale)
    repainted = item.set_cells_if_changed(flipped)
    after = _render(item, scale)
    assert (repainted, before == after, cells_look_same(ready, flipped)) == (True, False, False)


def test_the_pod_scan_counts_the_drawn_phase():
    """scan_pods counts phases inline (its dicts are at hand there): the same as drawn_phase, case by case."""
    from explorer.model import Cluster
    from explorer.ui.layout import scan_pods
    cluster = Cluster()
    names = {}
    for i, (name, (pod, _)) in enumerate(DRAWN.items()):
        node = f"n{i}"
        names[node] = name
        cluster.add_many([pod.edited(lambda raw, node=node: (raw["spec"].update(nodeName=node),
                                                              raw["metadata"].update(name=node)))], validate=False)
    scanned = {names[node]: phases for node, (_pods, phases) in scan_pods(cluster).by_node.items()}
    assert scanned == {name: {phase: 1} for name, (_, phase) in DRAWN.items()}
