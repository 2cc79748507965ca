"""Editing the design with real gestures; every assertion is on the MODEL (document.cluster)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from conftest import drag, drop_palette, empty_point, free_point, item_point, show_all, view_point

API = ("Deployment", "shop", "api")
MYSQL = ("Deployment", "shop", "mysql")
SVC_API = ("Service", "shop", "api")
SVC_MYSQL = ("Service", "shop", "mysql")
W2 = ("Node", "", "worker-2")


def summary(cluster, before):
    """What a gesture added: {key: the fields that matter for that kind}."""
    out = {}
    for obj in cluster:
        if obj.key in before:
            continue
        info = {}
        if obj.kind == "Pod":
            info = {"nodeName": obj.node_name, "static": obj.is_static}
        elif obj.kind == "Node":
            info = {"control_plane": obj.is_control_plane}
        elif obj.kind == "Service":
            info = {"type": obj.type}
        elif obj.kind == "Ingress":
            info = {"class": obj.ingress_class_name}
        elif obj.kind == "Deployment":
            info = {"replicas": obj.replicas}
        out[obj.key] = info
    return out


DROPS = [
    ("worker-node", "empty", {("Node", "", "worker-4"): {"control_plane": False}}),
    ("control-plane", "empty", {("Node", "", "control-plane-1"): {"control_plane": True},
                                ("Pod", "kube-system", "etcd-control-plane-1"): {"nodeName": "control-plane-1",
                                                                                 "static": True},
                                ("Pod", "kube-system", "kube-apiserver-control-plane-1"): {
                                    "nodeName": "control-plane-1", "static": True},
                                ("Pod", "kube-system", "kube-controller-manager-control-plane-1"): {
                                    "nodeName": "control-plane-1", "static": True},
                                ("Pod", "kube-system", "kube-scheduler-control-plane-1"): {
                                    "nodeName": "control-plane-1", "static": True}}),
    ("pod", "empty", {("Pod", "default", "pod-1"): {"nodeName": "", "static": False}}),
    ("pod", "worker-2", {("Pod", "default", "pod-1"): {"nodeName": "worker-2", "static": False}}),
    ("deployment", "empty", {("Deployment", "default", "app-1"): {"replicas": 2}}),
    ("service-clusterip", "empty", {("Service", "default", "svc-1"): {"type": "ClusterIP"}}),
    ("service-nodeport", "empty", {("Service", "default", "svc-1"): {"type": "NodePort"}}),
    ("service-loadbalancer", "empty", {("Service", "default", "svc-1"): {"type": "LoadBalancer"}}),
    ("ingress-nginx", "empty", {("Ingress", "default", "ingress-1"): {"class": "nginx"}}),
    ("ingress-traefik", "empty", {("Ingress", "default", "ingress-1"): {"class": "traefik"},
                                  ("Namespace", "", "traefik"): {}, ("IngressClass", "", "traefik"): {},
                                  ("Deployment", "traefik", "traefik-controller"): {"replicas": 1},
                                  ("Service", "traefik", "traefik-controller"): {"type": "LoadBalancer"}}),
    ("ingress-envoy", "empty", {("Ingress", "default", "ingress-1"): {"class": "contour"},
                                ("Namespace", "", "projectcontour"): {}, ("IngressClass", "", "contour"): {},
                                ("Deployment", "projectcontour", "envoy-controller"): {"replicas": 1},
                                ("Service", "projectcontour", "envoy-controller"): {"type": "LoadBalancer"}}),
    ("networkpolicy", "empty", {("NetworkPolicy", "default", "policy-1"): {}}),
    ("namespace", "empty", {("Namespace", "", "namespace-1"): {}}),
]


@pytest.mark.parametrize("key, onto, expected", DROPS, ids=[f"{c[0]}-on-{c[1]}" for c in DROPS])
def test_drop_from_palette_creates_objects_in_one_undo_step(qtbot, window, key, onto, expected):
    cluster = window.document.cluster
    before = {o.key for o in cluster}
    point = empty_point(window) if onto == "empty" else item_point(window, ("Node", "", onto), 40, 80)
    drop_palette(window, key, point)
    assert summary(cluster, before) == expected
    window.document.undo_stack.undo()
    assert {o.key for o in cluster} == before


def test_dropped_object_lands_where_dropped_on_the_grid(qtbot, window):
    point = empty_point(window)
    scene_pos = window.view.mapToScene(point)
    drop_palette(window, "deployment", point)
    x, y = window.document.cluster.position(("Deployment", "default", "app-1"))
    assert (x % 10, y % 10, abs(x - scene_pos.x()) <= 5, abs(y - scene_pos.y()) <= 5) == (0, 0, True, True)


def test_multi_item_drag_is_one_undo_step(qtbot, window):
    cluster = window.document.cluster
    before = {k: cluster.position(k) for k in (SVC_API, SVC_MYSQL)}
    vp = window.view.viewport()
    qtbot.mouseClick(vp, Qt.LeftButton, Qt.NoModifier, item_point(window, SVC_API))
    qtbot.mouseClick(vp, Qt.LeftButton, Qt.ControlModifier, item_point(window, SVC_MYSQL))
    assert sorted(window.scene.selected_keys()) == sorted([SVC_API, SVC_MYSQL])
    depth = window.document.undo_stack.count()
    start = item_point(window, SVC_API)
    drag(qtbot, window, start, start + QPoint(60, 40))
    after = {k: cluster.position(k) for k in (SVC_API, SVC_MYSQL)}
    moved = {k: (round(after[k][0] - before[k][0]), round(after[k][1] - before[k][1])) for k in after}
    assert (window.document.undo_stack.count() - depth, moved) == (1, {SVC_API: (60, 40), SVC_MYSQL: (60, 40)})
    window.document.undo_stack.undo()
    assert {k: cluster.position(k) for k in before} == before


def test_drag_pending_pod_onto_node_pins_it_and_back_off_unpins(qtbot, window):
    drop_palette(window, "pod", empty_point(window))
    key = ("Pod", "default", "pod-1")
    cluster = window.document.cluster
    assert cluster.get(key).node_name == ""
    window.scene.clearSelection()
    show_all(window, [key, W2])
    drag(qtbot, window, item_point(window, key, ensure=False), item_point(window, W2, 20, 60, ensure=False))
    pinned = cluster.get(key).node_name
    window.scene.clearSelection()
    show_all(window, [key, W2])
    drag(qtbot, window, item_point(window, key, ensure=False), free_point(window))
    assert (pinned, cluster.get(key).node_name, cluster.position(key) is not None) == ("worker-2", "", True)
    window.document.undo_stack.undo()
    assert cluster.get(key).node_name == "worker-2"


def test_service_handle_dragged_to_deployment_sets_selector(qtbot, window):
    drop_palette(window, "service-clusterip", empty_point(window))
    svc = ("Service", "default", "svc-1")
    cluster = window.document.cluster
    assert cluster.get(svc).selector == {"app": "svc-1"}
    app_dep = ("Deployment", "default", "app-1")
    drop_palette(window, "deployment", empty_point(window) + QPoint(0, 200))
    item = window.scene.items_by_key[svc]
    handle = [c for c in item.childItems() if type(c).__name__ == "LinkHandle"][0]
    window.view.ensureVisible(item.sceneBoundingRect().united(window.scene.items_by_key[app_dep].sceneBoundingRect()))
    QApplication.processEvents()
    drag(qtbot, window, view_point(window, handle.scenePos()), item_point(window, app_dep))
    assert (cluster.get(svc).selector, cluster.get(svc).ports[0].target_port) == ({"app": "app-1"}, 80)


def test_ingress_handle_dragged_to_service_adds_rule(qtbot, window):
    ing = ("Ingress", "shop", "shop")
    item = window.scene.items_by_key[ing]
    handle = [c for c in item.childItems() if type(c).__name__ == "LinkHandle"][0]
    window.view.ensureVisible(item.sceneBoundingRect().united(window.scene.items_by_key[SVC_MYSQL].sceneBoundingRect()))
    QApplication.processEvents()
    drag(qtbot, window, view_point(window, handle.scenePos()), item_point(window, SVC_MYSQL))
    paths = [(p.host, p.path, p.service, p.port) for p in window.document.cluster.get(ing).paths]
    assert paths == [("shop.example.com", "/api", "api", 80), ("", "/mysql", "mysql", 3306)]


def select(qtbot, window, key):
    window.scene.clearSelection()
    qtbot.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, item_point(window, key))
    assert window.scene.selected_keys() == [key]


def test_delete_key_then_undo_redo_shortcuts(qtbot, window):
    cluster = window.document.cluster
    select(qtbot, window, SVC_MYSQL)
    qtbot.keyClick(window.view, Qt.Key_Delete)
    assert SVC_MYSQL not in cluster
    qtbot.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier)
    assert SVC_MYSQL in cluster
    qtbot.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert SVC_MYSQL not in cluster


def test_deleting_a_control_plane_node_takes_its_static_pods(qtbot, window):
    cluster = window.document.cluster
    select(qtbot, window, ("Node", "", "control-plane"))
    qtbot.keyClick(window.view, Qt.Key_Delete)
    left = sorted(p.name for p in cluster.pods("kube-system"))
    assert (("Node", "", "control-plane") in cluster, left) == (False, [])


def test_copy_paste_and_duplicate_shortcuts(qtbot, window):
    cluster = window.document.cluster
    select(qtbot, window, MYSQL)
    qtbot.keyClick(window.view, Qt.Key_C, Qt.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key_V, Qt.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key_D, Qt.ControlModifier)   # duplicates the pasted (selected) copy
    names = sorted(d.name for d in cluster.objects("Deployment", "shop"))
    copy = cluster.get(("Deployment", "shop", "mysql-copy"))
    assert (names, copy.replicas, copy.template_labels) == (["api", "mysql", "mysql-copy", "mysql-copy-copy"], 1,
                                                            {"app": "mysql"})


def test_duplicate_control_plane_node_brings_new_static_pods(qtbot, window):
    cluster = window.document.cluster
    select(qtbot, window, ("Node", "", "control-plane"))
    qtbot.keyClick(window.view, Qt.Key_D, Qt.ControlModifier)
    pods = sorted(p.name for p in cluster.pods("kube-system") if p.node_name == "control-plane-copy")
    assert pods == ["etcd-control-plane-copy", "kube-apiserver-control-plane-copy",
                    "kube-controller-manager-control-plane-copy", "kube-scheduler-control-plane-copy"]


def test_f2_renames_in_place(qtbot, window):
    cluster = window.document.cluster
    select(qtbot, window, SVC_MYSQL)
    qtbot.keyClick(window.view, Qt.Key_F2)
    editor = window.rename_editor
    editor.selectAll()
    qtbot.keyClicks(editor, "database")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert (SVC_MYSQL in cluster, ("Service", "shop", "database") in cluster,
            window.scene.selected_keys()) == (False, True, [("Service", "shop", "database")])


def test_f2_escape_cancels(qtbot, window):
    select(qtbot, window, SVC_MYSQL)
    depth = window.document.undo_stack.count()
    qtbot.keyClick(window.view, Qt.Key_F2)
    qtbot.keyClicks(window.rename_editor, "zzz")
    qtbot.keyClick(window.rename_editor, Qt.Key_Escape)
    QApplication.processEvents()
    assert (SVC_MYSQL in window.document.cluster, window.document.undo_stack.count()) == (True, depth)


def test_rubber_band_selects_everything_inside(qtbot, window):
    r = window.scene.content_rect()
    window.view.fit()
    QApplication.processEvents()
    start = view_point(window, r.topLeft()) + QPoint(2, 2)
    end = view_point(window, r.bottomRight()) - QPoint(2, 2)
    drag(qtbot, window, start, end)
    drawn = {k for k, it in window.scene.items_by_key.items() if it.parentItem() is None}
    assert drawn <= set(window.scene.selected_keys())


ZOOMS = [("zoom_in", Qt.Key_Plus, 1.25), ("zoom_out", Qt.Key_Minus, 0.8)]


@pytest.mark.parametrize("key, factor", [z[1:] for z in ZOOMS], ids=[z[0] for z in ZOOMS])
def test_zoom_shortcuts(qtbot, window, key, factor):
    before = window.view.scale_factor()
    qtbot.keyClick(window.view, key, Qt.ControlModifier)
    assert round(window.view.scale_factor() / before, 3) == factor


def test_palette_enter_adds_at_view_centre(qtbot, window):
    palette = window.palette
    palette.setCurrentRow(3)            # Deployment
    qtbot.keyClick(palette, Qt.Key_Return)
    assert ("Deployment", "default", "app-1") in window.document.cluster


RENAMES = [
    ("worker-keeps-pinned-pod", ("Node", "", "worker-2"), "worker-b",
     lambda c: sorted((p.name, p.node_name) for p in c.pods() if not p.is_static), [("pod-1", "worker-b")]),
    ("control-plane-renames-static-pods", ("Node", "", "control-plane"), "cp-a",
     lambda c: sorted((p.name, p.node_name, p.controller_owner["name"]) for p in c.pods("kube-system")),
     [("etcd-cp-a", "cp-a", "cp-a"), ("kube-apiserver-cp-a", "cp-a", "cp-a"),
      ("kube-controller-manager-cp-a", "cp-a", "cp-a"), ("kube-scheduler-cp-a", "cp-a", "cp-a")]),
]


@pytest.mark.parametrize("key, name, read, expected", [r[1:] for r in RENAMES], ids=[r[0] for r in RENAMES])
def test_renaming_a_node_moves_its_pods_along_in_one_step(qtbot, window, key, name, read, expected):
    drop_palette(window, "pod", item_point(window, W2, 40, 80))
    select(qtbot, window, key)
    qtbot.keyClick(window.view, Qt.Key_F2)
    window.rename_editor.selectAll()
    qtbot.keyClicks(window.rename_editor, name)
    qtbot.keyClick(window.rename_editor, Qt.Key_Return)
    cluster = window.document.cluster
    after = read(cluster)
    window.document.undo_stack.undo()
    assert (after, ("Node", "", name) in cluster, key in cluster) == (expected, False, True)


NUDGES = [("right", Qt.Key_Right, Qt.NoModifier, (10, 0)), ("up-shift", Qt.Key_Up, Qt.ShiftModifier, (0, -50))]


@pytest.mark.parametrize("key, modifier, delta", [n[1:] for n in NUDGES], ids=[n[0] for n in NUDGES])
def test_arrow_keys_nudge_selection_one_step_each(qtbot, window, key, modifier, delta):
    cluster = window.document.cluster
    before = cluster.position(SVC_MYSQL)
    select(qtbot, window, SVC_MYSQL)
    qtbot.keyClick(window.view, key, modifier)
    after = cluster.position(SVC_MYSQL)
    window.document.undo_stack.undo()
    assert ((after[0] - before[0], after[1] - before[1]), cluster.position(SVC_MYSQL)) == (delta, before)
