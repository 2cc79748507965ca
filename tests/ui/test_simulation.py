"""Simulation from the window: toolbar/shortcuts, context-menu faults, timeline, reset. Assertions are on the
simulated state (``sim.cluster()``) and on the design, which must never change while simulating."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import item_point
from explorer.ui.items import NodeItem, PodItem


def app_pods(state, deployment=None):
    return sorted((p.name.rsplit("-", 2)[0], p.node_name, p.phase) for p in state.pods()
                  if not p.is_static and (deployment is None or p.name.startswith(deployment + "-"))
                  and not p.metadata.get("deletionTimestamp"))


def settle(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_F6)
    return window.sim.sim.cluster()


def test_step_shows_simulation_without_touching_design_or_undo(qtbot, window):
    design = window.document.cluster.copy()
    qtbot.keyClick(window.view, Qt.Key_F10)
    assert (window.sim.active, window.scene.simulating, window.document.undo_stack.count(),
            window.document.cluster.same_design(design)) == (True, True, 0, True)


def test_settle_places_every_pod_and_the_scene_puts_them_in_their_nodes(qtbot, window):
    state = settle(qtbot, window)
    placed = sorted(p for p in app_pods(state))
    assert [(name, phase) for name, _node, phase in placed] == [
        ("api", "Running"), ("api", "Running"), ("api", "Running"), ("ingress-nginx-controller", "Running"),
        ("mysql", "Running")]
    in_nodes = {it.obj.name: it.parentItem().obj.name for it in window.scene.items_by_key.values()
                if isinstance(it, PodItem)}
    assert in_nodes == {p.name: p.node_name for p in state.pods() if not p.is_static}


def test_play_pause_and_speed(qtbot, window):
    window.speed_box.setCurrentIndex(2)      # 100x
    qtbot.keyClick(window.view, Qt.Key_F5)
    qtbot.waitUntil(lambda: window.sim.sim is not None and window.sim.sim.now >= 20, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key_F5)
    now = window.sim.sim.now
    qtbot.wait(250)
    assert (window.sim.playing, window.sim.sim.now, window.sim.speed) == (False, now, 100)


def test_reset_returns_to_the_design(qtbot, window):
    settle(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key_F5, Qt.ControlModifier)
    design_keys = {k for k, o in ((o.key, o) for o in window.document.cluster)
                   if o.kind in ("Node", "Deployment", "Service", "Ingress", "Namespace")}
    shown = set(window.scene.items_by_key)
    assert (window.sim.active, window.scene.simulating, window.document.read_only_reason, shown) == (
        False, False, None, design_keys)


def test_editing_is_refused_while_simulating(qtbot, window):
    settle(qtbot, window)
    window.scene.clearSelection()
    window.scene.select_keys([("Service", "shop", "mysql")])
    qtbot.keyClick(window.view, Qt.Key_Delete)
    assert (("Service", "shop", "mysql") in window.document.cluster, window.document.undo_stack.count()) == (True, 0)


def test_timeline_seeks_back(qtbot, window):
    settle(qtbot, window)
    window.sim.sim.run(200)
    window.sim._changed()
    window.timeline.setValue(2)
    assert (window.sim.sim.now, window.timeline.maximum()) == (2, 200)


def context_action(qtbot, window, key, text):
    """Right-click the item of ``key`` on the canvas and trigger the menu entry whose text starts with
    ``text`` (searching submenus)."""
    point = item_point(window, key)
    window.view.viewport().setFocus()
    from PySide6.QtGui import QContextMenuEvent
    ev = QContextMenuEvent(QContextMenuEvent.Mouse, point, window.view.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.view.viewport(), ev)
    menu = window.edits.context_menu_shown

    def find(m):
        for a in m.actions():
            if a.menu() is not None:
                found = find(a.menu())
                if found:
                    return found
            elif a.text().replace("&", "").startswith(text):
                return a
        return None
    action = find(menu)
    assert action is not None, [a.text() for a in menu.actions()]
    menu.close()
    action.trigger()
    QApplication.processEvents()


def test_stop_node_from_context_menu_evicts_and_reschedules(qtbot, window):
    settle(qtbot, window)
    context_action(qtbot, window, ("Node", "", "worker-1"), "Stop node")
    window.sim.sim.run(window.sim.sim.now + 400)
    window.sim._changed()
    state = window.sim.sim.cluster()
    node = state.get(("Node", "", "worker-1"))
    live = [(name, node_name) for name, node_name, _phase in app_pods(state)]
    assert (node.ready, len(live), [n for _name, n in live if n == "worker-1"]) == (False, 5, [])
    assert isinstance(window.scene.items_by_key[("Node", "", "worker-1")], NodeItem)


def test_kill_pod_from_context_menu_gets_replaced(qtbot, window):
    state = settle(qtbot, window)
    victim = next(p for p in state.pods("shop") if p.name.startswith("mysql-"))
    context_action(qtbot, window, victim.key, "Kill pod")
    window.sim.sim.settle()
    window.sim._changed()
    state = window.sim.sim.cluster()
    mysql = [p.name for p in state.pods("shop") if p.name.startswith("mysql-")]
    assert (victim.name in mysql, len(mysql)) == (False, 1)


NODE_OPS = [
    ("cordon", "Cordon", lambda st: st.get(("Node", "", "worker-2")).unschedulable, True),
    ("drain", "Drain", lambda st: [p.name for p in st.pods() if p.node_name == "worker-2" and not p.is_static
                                   and not p.metadata.get("deletionTimestamp")], []),
]


@pytest.mark.parametrize("text, check, expected", [c[1:] for c in NODE_OPS], ids=[c[0] for c in NODE_OPS])
def test_node_operations_from_context_menu(qtbot, window, text, check, expected):
    settle(qtbot, window)
    context_action(qtbot, window, ("Node", "", "worker-2"), text)
    window.sim.sim.settle()
    window.sim._changed()
    assert check(window.sim.sim.cluster()) == expected


def test_stop_etcd_member_loses_quorum_and_node_item_shows_it(qtbot, window):
    settle(qtbot, window)
    context_action(qtbot, window, ("Node", "", "control-plane"), "Stop etcd member")
    window.sim._changed()
    item = window.scene.items_by_key[("Node", "", "control-plane")]
    assert (window.sim.sim.control_plane().etcd_quorum, item.quorum, item.components["etcd"]) == (
        False, (0, 1, False), False)


def test_scale_deployment_in_simulation(qtbot, window):
    settle(qtbot, window)
    window.scale(window.sim.sim.cluster().get(("Deployment", "shop", "api")), 5)
    window.sim.sim.settle()
    window.sim._changed()
    assert len(app_pods(window.sim.sim.cluster(), "api")) == 5
    assert window.document.cluster.get(("Deployment", "shop", "api")).replicas == 3


def test_scale_deployment_in_design_is_undoable(qtbot, window):
    window.scale(window.document.cluster.get(("Deployment", "shop", "api")), 6)
    replicas = window.document.cluster.get(("Deployment", "shop", "api")).replicas
    window.document.undo_stack.undo()
    assert (replicas, window.document.cluster.get(("Deployment", "shop", "api")).replicas) == (6, 3)


def test_long_run_goes_in_slices_and_can_be_cancelled(qtbot, window):
    window.run_long(1000)
    qtbot.waitUntil(lambda: window.sim.sim.now >= 1000, timeout=20000)
    window.run_long(100000)
    qtbot.wait(50)
    window.progress_dialog.cancel()
    qtbot.wait(100)
    now = window.sim.sim.now
    qtbot.wait(200)
    assert (window.sim.sim.now == now, 1000 < now < 101000) == (True, True)


def test_event_log_filters_by_kind_and_text(qtbot, window):
    settle(qtbot, window)
    panel = window.events
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("Node"))
    kinds = {e.object[0] for e in panel.visible_events()}
    panel.kind_filter.setCurrentIndex(0)
    qtbot.keyClicks(panel.text_filter, "mysql")
    names = {e.object[2].split("-")[0] for e in panel.visible_events()}
    assert (kinds <= {"Node"}, panel.table.rowCount() == len(panel.visible_events()), names) == (True, True,
                                                                                                 {"mysql"})


def test_scheduling_panel_explains_selected_pod(qtbot, window):
    state = settle(qtbot, window)
    pod = next(p for p in state.pods("shop") if p.name.startswith("api-"))
    window.scene.select_keys([pod.key])
    table = window.scheduling.table
    rows = {table.item(r, 0).text().lstrip("★ "): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows == {"control-plane": "TaintToleration", "worker-1": "passed", "worker-2": "passed",
                    "worker-3": "passed"}


FAULT_PAIRS = [
    ("stop-start-node", ("Node", "", "worker-3"), ["Stop node", "Start node"],
     lambda st, w: st.get(("Node", "", "worker-3")).ready, True),
    ("stop-member", ("Node", "", "control-plane"), ["Stop control-plane member"],
     lambda st, w: (w.sim.sim.control_plane().api_available, w.scene.items_by_key[("Node", "", "control-plane")]
                    .components["kube-apiserver"]), (False, False)),
    ("stop-start-etcd", ("Node", "", "control-plane"), ["Stop etcd member", "Start etcd member"],
     lambda st, w: w.sim.sim.control_plane().etcd_quorum, True),
]


@pytest.mark.parametrize("key, texts, read, expected", [f[1:] for f in FAULT_PAIRS], ids=[f[0] for f in FAULT_PAIRS])
def test_fault_sequences_from_context_menu(qtbot, window, key, texts, read, expected):
    settle(qtbot, window)
    for text in texts:
        context_action(qtbot, window, key, text)
        window.sim.sim.run(window.sim.sim.now + 60)
        window.sim._changed()
    assert read(window.sim.sim.cluster(), window) == expected


def test_a_redraw_waiting_for_the_scene_runs_once_when_the_update_finishes_twice(qtbot, window, recwarn):
    """The window waits for a sliced update to finish before it draws the newest simulated state (a queued
    connection). The update can finish twice before the queued call runs: the second call found nothing to
    disconnect, and PySide warned ("Failed to disconnect") in the slow GUI monkey test."""
    qtbot.keyClick(window.view, Qt.Key_F10)     # a simulated state is shown
    drawn = []
    window._sim_changed = lambda: drawn.append(1)
    window._sim_state_changed_deferred = lambda: None
    window._redraw_after_update = True
    window.scene.update_finished.connect(window._scene_update_finished, Qt.QueuedConnection)
    window.scene.update_finished.emit()
    window.scene.update_finished.emit()
    QApplication.processEvents()
    assert ([str(w.message) for w in recwarn if "disconnect" in str(w.message)], window._redraw_after_update,
            len(drawn) <= 1) == ([], False, True)


def _progress_dialogs(window) -> list:
    from PySide6.QtWidgets import QProgressDialog
    return [d for d in window.findChildren(QProgressDialog) if "Simulating" in d.labelText()]


RUN_DIALOG_CASES = {
    "the first run ends before the second": (True, [("Simulating 1000 s…", 1000)]),
    "the second run cuts the first short": (False, [("Simulating 1000 s…", 1000)]),
}


@pytest.mark.parametrize("wait_first, dialogs", RUN_DIALOG_CASES.values(), ids=RUN_DIALOG_CASES.keys())
def test_one_run_dialog_stays_and_it_follows_its_own_run(qtbot, window, wait_first, dialogs):
    """Each "Run for N s" makes a progress dialog; the previous one is deleted (they piled up as hidden
    children of the window), and a run cut short by the next one no longer feeds that one's dialog."""
    window.run_long(5000 if not wait_first else 200)
    if wait_first:
        qtbot.waitUntil(lambda: window.sim.sim.now >= 200, timeout=20000)
    start = window.sim.sim.now
    window.run_long(1000)
    qtbot.waitUntil(lambda: window.sim.sim.now >= start + 1000 and not window.sim.busy, timeout=30000)
    qtbot.wait(50)      # deleteLater
    assert [(d.labelText(), d.maximum()) for d in _progress_dialogs(window)] == dialogs
