"""A Running pod whose Ready condition is not True (the node lifecycle controller marks the pods of a node that
stopped answering, before it evicts them) is drawn with a hollow status dot and "not ready"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from explorer.model.objects import from_dict
from explorer.ui.items import PodItem, running_not_ready


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
