"""Which items the user may drag (``ItemIsMovable``) follows the mode and each item's object: in the design,
cards, nodes and pods without a controller; in a simulated state, nothing. The scene sets the flag on new items
and on items shown with another object, and on every item only when the mode changes (issue 6: a pass over
12,000 items cost ~40 ms of every update). Each case runs steps on a scene and compares the whole set of
movable items with what the rule says of every item."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGraphicsItem

from explorer.model import example_cluster, from_dict
from explorer.ui.document import Document
from explorer.ui.items import PodItem
from explorer.ui.scene import DiagramScene

FREE = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "free", "namespace": "default"},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
OWNED = {**FREE, "metadata": {**FREE["metadata"], "ownerReferences": [
    {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u", "controller": True}]}}


def _design(scene):
    scene.show_state(None, animate=False)
    scene.finish_update()


def _simulate(scene):
    scene.show_state(scene.document.cluster.copy(), animate=False)
    scene.finish_update()


def _own_the_free_pod(scene):
    scene.document.cluster.replace(from_dict(OWNED))
    scene.finish_update()


def _free_the_pod_again(scene):
    scene.document.cluster.replace(from_dict(FREE))
    scene.finish_update()


CASES = {
    # name: (steps after the design is shown, whether anything moves)
    "the design": ([], True),
    "a simulated state": ([_simulate], False),
    "the design again": ([_simulate, _design], True),
    "a pod given a controller": ([_own_the_free_pod], True),
    "a pod given a controller, then freed": ([_own_the_free_pod, _free_the_pod_again], True),
}


@pytest.mark.parametrize("steps, design", CASES.values(), ids=CASES.keys())
def test_what_moves_follows_the_mode_and_the_objects(qtbot, steps, design):
    cluster = example_cluster()
    cluster.add(from_dict(FREE))
    document = Document(cluster)
    scene = DiagramScene(document)
    scene.set_cluster(cluster)
    scene.finish_update()
    for step in steps:
        step(scene)
    items = scene.items_by_key
    movable = {k for k, it in items.items() if it.flags() & QGraphicsItem.ItemIsMovable}
    rule = {k for k, it in items.items()
            if design and (not isinstance(it, PodItem) or not it.obj.controller_owner)}
    assert (movable, ("Pod", "default", "free") in movable) == (
        rule, design and steps[-1:] != [_own_the_free_pod])
