"""Big clusters (issue 5: the UI never freezes for long; issue 6: 5,000 nodes): a simulation step's scene
update is delivered in slices of at most SLICE_ITEMS counted work items, the event loop runs between two
slices, a newer state supersedes an update in flight, and the sliced result is exactly the all-at-once one.
Work is counted, not timed (no timed assertions; the times are in explorer.ui.benchmark)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from benchmarks.generate import generate
from explorer.model.example import example_cluster
from explorer.ui.benchmark import failed_node_state
from explorer.ui.document import Document
from explorer.ui.layout import apply_missing_layout
from explorer.ui.scene import SLICE_ITEMS, DiagramScene


@pytest.fixture(scope="module")
def big_design():
    cluster = generate(500, seed=1)      # 500 nodes, 15,000 pods: big enough for many slices, quick for CI
    apply_missing_layout(cluster)
    return cluster


def picture(scene) -> dict:
    """What the scene shows, as plain data: items, each node's pod cells, edges."""
    return {"items": sorted(map(str, scene.items_by_key)),
            "cells": {it.obj.name: [p.name for p in it.cells or ()] for it in scene.items_by_key.values()
                      if it.obj.kind == "Node"},
            "positions": sorted((str(k), it.pos().x(), it.pos().y()) for k, it in scene.items_by_key.items()),
            "edges": sorted((str(getattr(e.src, "key", "client")), str(e.dst.key), e.kind) for e in scene.edges)}


def new_scene(design):
    scene = DiagramScene(Document(design))
    scene.animate = False
    return scene


def all_at_once(design, state) -> dict:
    scene = new_scene(design)
    scene.simulating = True
    scene.state = state
    scene.sync()
    return picture(scene)


class EventLoopProbe:
    """Stands for the user's input: every slice posts an event; the next slice notes whether that event was
    handled before it started (it is, when the event loop runs between slices)."""

    def __init__(self, scene):
        self.handled = True
        self.handled_before_slice = []
        original = scene._run_slice

        def run_slice(job):
            self.handled_before_slice.append(self.handled)
            self.handled = False
            QTimer.singleShot(0, self._handle)
            original(job)
        scene._run_slice = run_slice

    def _handle(self):
        self.handled = True


def _failed(n):
    return lambda design: failed_node_state(design, n)


@pytest.mark.parametrize("make_state", [_failed(10), _failed(60), lambda d: d.copy()],
                         ids=["10-nodes-fail", "60-nodes-fail", "first-state-unchanged"])
def test_simulation_step_is_delivered_in_slices(qtbot, big_design, make_state):
    state = make_state(big_design)
    expected_picture = all_at_once(big_design, state)
    scene = new_scene(big_design)
    probe = EventLoopProbe(scene)
    scene.show_state(state, animate=False)
    assert scene.updating      # a big update does not finish inside the call
    qtbot.waitUntil(lambda: not scene.updating, timeout=120_000)
    result = {"slices_over_budget": [n for n in scene.slice_log if n > SLICE_ITEMS],
              "several_slices": len(scene.slice_log) > 3,
              "event_loop_ran_between_slices": all(probe.handled_before_slice),
              "picture": picture(scene)}
    assert result == {"slices_over_budget": [], "several_slices": True, "event_loop_ran_between_slices": True,
                      "picture": expected_picture}


def test_newer_state_supersedes_an_update_in_flight(qtbot, big_design):
    first, second = failed_node_state(big_design, 10), failed_node_state(big_design, 40)
    scene = new_scene(big_design)
    scene.show_state(first, animate=False)
    assert scene.updating
    scene.show_state(second, animate=False)
    qtbot.waitUntil(lambda: not scene.updating, timeout=120_000)
    assert picture(scene) == all_at_once(big_design, second)


@pytest.mark.parametrize("state", ["simulated", "design-again"], ids=["simulated", "design-again"])
def test_small_cluster_updates_at_once(qtbot, state):
    design = example_cluster()
    apply_missing_layout(design)
    scene = new_scene(design)
    shown = design.copy() if state == "simulated" else None
    scene.show_state(shown, animate=False)
    assert (scene.updating, scene.slice_log) == (False, [scene.slice_log[0]])
