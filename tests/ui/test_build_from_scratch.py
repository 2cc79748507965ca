"""The issue's "done when": from an empty canvas, build a cluster with the mouse, run a node failure and a
request, and export manifests that load back cleanly. Every step is a real gesture; assertions are on models."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from conftest import drag, drop_palette, item_point, show_all, view_point
from explorer.io import load_text


def drop_at(window, key, x, y, node=None):
    pos = QPointF(x, y)
    window.view.centerOn(pos)
    QApplication.processEvents()
    drop_palette(window, key, view_point(window, pos))


def handle_of(window, key):
    item = window.scene.items_by_key[key]
    return next(c for c in item.childItems() if type(c).__name__ == "LinkHandle")


def link(qtbot, window, src, dst):
    show_all(window, [src, dst])
    drag(qtbot, window, view_point(window, handle_of(window, src).scenePos()), item_point(window, dst, ensure=False))


def test_build_run_fail_request_export(qtbot, window, tmp_path):
    qtbot.keyClick(window.view, Qt.Key_N, Qt.ControlModifier)
    cluster = window.document.cluster
    assert len(cluster) == 0
    drop_at(window, "control-plane", 0, 500)
    drop_at(window, "worker-node", 330, 500)
    drop_at(window, "worker-node", 660, 500)
    drop_at(window, "deployment", 300, 260)
    drop_at(window, "service-clusterip", 300, 120)
    drop_at(window, "ingress-nginx", 560, -20)
    window.scene.select_keys([("Deployment", "default", "app-1")])
    _f, replicas, _e = window.inspector.editors["replicas"]
    replicas.selectAll()
    qtbot.keyClicks(replicas, "3")
    qtbot.keyClick(replicas, Qt.Key_Return)
    link(qtbot, window, ("Service", "default", "svc-1"), ("Deployment", "default", "app-1"))
    link(qtbot, window, ("Ingress", "default", "ingress-1"), ("Service", "default", "svc-1"))
    built = sorted(f"{o.kind}/{o.name}" for o in cluster if o.kind in ("Node", "Deployment", "Service", "Ingress"))
    assert built == ["Deployment/app-1", "Deployment/ingress-nginx-controller", "Ingress/ingress-1",
                     "Node/control-plane-1", "Node/worker-1", "Node/worker-2", "Service/ingress-nginx-controller",
                     "Service/svc-1"]
    assert (cluster.get(("Service", "default", "svc-1")).selector,
            [(p.path, p.service) for p in cluster.get(("Ingress", "default", "ingress-1")).paths]) == (
        {"app": "app-1"}, [("/svc-1", "svc-1")])

    qtbot.keyClick(window.view, Qt.Key_F6)                      # run until settled
    state = window.sim.sim.cluster()
    app = sorted(p.node_name for p in state.pods("default") if p.name.startswith("app-1-"))
    assert (len(app), set(app) <= {"worker-1", "worker-2"}) == (3, True)

    window.fault("stop_node", "worker-1")                       # (the context-menu path is tested elsewhere)
    window.sim.sim.run(window.sim.sim.now + 400)
    window.sim.sim.settle()
    window.sim._changed()
    state = window.sim.sim.cluster()
    live = sorted(p.node_name for p in state.pods("default") if p.name.startswith("app-1-")
                  and not p.metadata.get("deletionTimestamp"))
    assert live == ["worker-2", "worker-2", "worker-2"]

    lb = state.get(("Service", "ingress-nginx", "ingress-nginx-controller")).external_ips[0]
    trace = window.send_request(f"http://{lb}/svc-1", "internet")
    assert (trace.result["status"], trace.result["service"]) == (200, "default/svc-1")

    qtbot.keyClick(window.view, Qt.Key_F5, Qt.ControlModifier)  # reset to the design
    out = tmp_path / "manifests.yaml"
    assert window.export_manifests(str(out))
    result = load_text(out.read_text(), str(out))
    assert (result.ok, sorted(o.name for o in result.cluster.objects("Deployment"))) == (
        True, ["app-1", "ingress-nginx-controller"])
