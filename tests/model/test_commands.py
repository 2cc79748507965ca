"""Undoable commands: each applies, reverts to the exact design, and fails without half-applying."""

from __future__ import annotations

import pytest

from explorer.model import DuplicateObjectError, NetworkConfig, ValidationError, example_cluster
from explorer.model import builders as b
from explorer.model.commands import (AddObjects, History, Macro, MoveObjects, RemoveObjects, ReplaceObject,
                                     SetNetwork)

API = ("Deployment", "shop", "api")


def scale(obj, n):
    return obj.edited(lambda r: r["spec"].update(replicas=n))


CASES = [
    ("add node", lambda c: AddObjects([b.worker_node("worker-4")], {("Node", "", "worker-4"): (5, 6)})),
    ("add several", lambda c: AddObjects([b.namespace("x"), b.deployment("d", "x")])),
    ("remove with position", lambda c: c.set_position(API, (1, 2)) or RemoveObjects([API])),
    ("remove middle keeps order", lambda c: RemoveObjects([("Node", "", "worker-2")])),
    ("scale", lambda c: ReplaceObject(scale(c.get(API), 5))),
    ("rename", lambda c: ReplaceObject(c.get(API).edited(lambda r: r["metadata"].update(name="api2")), API)),
    ("move", lambda c: MoveObjects({API: (None, (10.0, 20.0))})),
    ("network", lambda c: SetNetwork(NetworkConfig(pod_cidr="10.200.0.0/16"))),
    ("macro", lambda c: Macro([ReplaceObject(scale(c.get(API), 2)), RemoveObjects([("Service", "shop", "mysql")])])),
]


@pytest.mark.parametrize("name,make", CASES, ids=[c[0] for c in CASES])
def test_apply_undo_redo_round_trip(name, make):
    cluster = example_cluster()
    cmd = make(cluster)  # may prepare the cluster (a position) before the snapshot
    start = cluster.copy()
    history = History(cluster)
    history.push(cmd)
    after = cluster.copy()
    assert not cluster.same_design(start)
    assert history.undo()
    assert cluster.same_design(start)
    assert history.redo()
    assert cluster.same_design(after)


FAILING = [
    ("duplicate add", lambda c: AddObjects([b.worker_node("worker-1")]), DuplicateObjectError),
    ("invalid replace", lambda c: ReplaceObject(scale(c.get(API), -3)), ValidationError),
    ("macro second fails", lambda c: Macro([ReplaceObject(scale(c.get(API), 2)),
                                            AddObjects([b.worker_node("worker-1")])]), DuplicateObjectError),
]


@pytest.mark.parametrize("name,make,error", FAILING, ids=[c[0] for c in FAILING])
def test_failed_command_changes_nothing(name, make, error):
    cluster = example_cluster()
    start = cluster.copy()
    history = History(cluster)
    with pytest.raises(error):
        history.push(make(cluster))
    assert cluster.same_design(start) and not history.can_undo
