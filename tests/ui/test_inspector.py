"""Inspector: fields validated as you type (inline errors), Enter commits one undoable ReplaceObject."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from explorer.ui.problems import design_problems

API = ("Deployment", "shop", "api")
SVC = ("Service", "shop", "api")
W1 = ("Node", "", "worker-1")
ING = ("Ingress", "shop", "shop")

EDITS = [
    ("replicas", API, "replicas", "5", lambda o: o.replicas, 5),
    ("image", API, "image", "ghcr.io/example/shop-api:2.0", lambda o: o.pod_spec["containers"][0]["image"],
     "ghcr.io/example/shop-api:2.0"),
    ("cpu-request", API, "cpu", "500m", lambda o: o.pod_spec["containers"][0]["resources"]["requests"]["cpu"],
     "500m"),
    ("labels", API, "labels", "app=api, tier=backend", lambda o: o.labels, {"app": "api", "tier": "backend"}),
    ("taints", W1, "taints", "dedicated=db:NoSchedule", lambda o: [str(t) for t in o.taints],
     ["dedicated=db:NoSchedule"]),
    ("node-cpu", W1, "cpu", "8", lambda o: o.allocatable["cpu"], 8000),
    ("ports", SVC, "ports", "http=80:8080, metrics=9090", lambda o: [(p.name, p.port, p.target_port)
                                                                    for p in o.ports],
     [("http", 80, 8080), ("metrics", 9090, 9090)]),
    ("selector", SVC, "selector", "app=web", lambda o: o.selector, {"app": "web"}),
    ("rules", ING, "rules", "shop.example.com/v2 -> api:80", lambda o: [(p.host, p.path, p.service, p.port)
                                                                       for p in o.paths],
     [("shop.example.com", "/v2", "api", 80)]),
]


def edit(qtbot, window, key, field, text):
    window.scene.select_keys([key])
    _field, widget, error = window.inspector.editors[field]
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    return widget, error


@pytest.mark.parametrize("key, field, text, read, expected", [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_valid_edit_commits_on_enter_and_undoes(qtbot, window, key, field, text, read, expected):
    before = read(window.document.cluster.get(key))
    widget, error = edit(qtbot, window, key, field, text)
    qtbot.keyClick(widget, Qt.Key_Return)
    after = read(window.document.cluster.get(key))
    shown = not error.isHidden()
    window.document.undo_stack.undo()
    assert (after, shown, read(window.document.cluster.get(key))) == (expected, False, before)


INVALID = [
    ("replicas-not-number", API, "replicas", "many", "replicas 'many': must be a whole number"),
    ("negative-replicas", API, "replicas", "-1", "spec.replicas"),
    ("bad-name", SVC, "name", "Bad_Name", "metadata.name"),
    ("bad-cpu", API, "cpu", "lots", "cpu"),
    ("bad-taint", W1, "taints", "dedicated=db:Sometimes", "taint"),
    ("bad-port", SVC, "ports", "99999", "port"),
    ("bad-rule", ING, "rules", "/x api", "rule '/x api': write host/path -> service:port"),
]


@pytest.mark.parametrize("key, field, text, mention", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_input_shows_inline_error_and_changes_nothing(qtbot, window, key, field, text, mention):
    before = window.document.cluster.get(key)
    widget, error = edit(qtbot, window, key, field, text)
    shown_while_typing = not error.isHidden()
    qtbot.keyClick(widget, Qt.Key_Return)
    assert (shown_while_typing, mention in error.text(), window.document.cluster.get(key) == before,
            window.document.undo_stack.count()) == (True, True, True, 0)


def test_service_type_combo_commits(qtbot, window):
    window.scene.select_keys([SVC])
    widget = window.inspector.editors["type"][1]
    assert isinstance(widget, QComboBox)
    widget.setCurrentText("NodePort")
    assert window.document.cluster.get(SVC).type == "NodePort"


def test_rename_in_inspector_keeps_selection(qtbot, window):
    widget, _error = edit(qtbot, window, SVC, "name", "backend")
    qtbot.keyClick(widget, Qt.Key_Return)
    assert (("Service", "shop", "backend") in window.document.cluster, window.scene.selected_keys()) == (
        True, [("Service", "shop", "backend")])


def test_problems_dock_lists_service_that_selects_nothing(qtbot, window):
    widget, _error = edit(qtbot, window, SVC, "selector", "app=nothing")
    qtbot.keyClick(widget, Qt.Key_Return)
    window.refresh_problems()
    rows = [window.problems.table.item(r, 2).text() for r in range(window.problems.table.rowCount())]
    assert "Service api selects no pods" in rows


PROBLEM_CASES = [
    ("example", [], [("info", "1 control-plane member: the cluster's API goes down with it")]),
    ("two-members", ["control-plane-2"], [("warning", "2 control-plane members: losing one loses etcd quorum")]),
    ("three-members", ["control-plane-2", "control-plane-3"], []),
]


@pytest.mark.parametrize("extra, expected", [c[1:] for c in PROBLEM_CASES], ids=[c[0] for c in PROBLEM_CASES])
def test_etcd_membership_findings(extra, expected):
    from explorer.model import builders as b
    from explorer.model import example_cluster
    cluster = example_cluster()
    for name in extra:
        cluster.add_many(b.control_plane_node(name))
    assert [(f.severity, f.message) for f in design_problems(cluster)] == expected


NO_NODES = ("info", "No nodes: the pods have nowhere to run; add a Control plane and Worker nodes from the palette")
# name: (objects of a design, what design_problems finds)
NODELESS_CASES = {
    "a deployment and no node": (lambda b: [b.deployment("web", "shop")], [NO_NODES]),
    "a bare pod and no node": (lambda b: [b.pod("job", "shop")], [NO_NODES]),
    "a deployment scaled to zero": (lambda b: [b.deployment("web", "shop", replicas=0)], []),
    "a service only": (lambda b: [b.service("web", "shop", {})], []),
    "a deployment and a worker": (lambda b: [b.deployment("web", "shop"), b.worker_node("w-1")],
                                  [("warning", "No control-plane node: nothing runs the API server or the scheduler")]),
}


@pytest.mark.parametrize("make, expected", NODELESS_CASES.values(), ids=NODELESS_CASES.keys())
def test_a_design_without_nodes_says_where_to_add_them(make, expected):
    from explorer.model import Cluster
    from explorer.model import builders as b
    cluster = Cluster()
    cluster.add_many(make(b), validate=False)
    assert [(f.severity, f.message) for f in design_problems(cluster)] == expected
