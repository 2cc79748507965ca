"""A compact design seen from far hides its edges: they are made without their curves (``EdgeItem.pending``,
~0.1 s of a 5,000-node design's first frame), which later event-loop turns work out once the update is over,
and anything that needs one first (showing it, the bundle, counting the edges across the view) works it out
itself. Each case compares, after its steps, which edges wait and every curve with those of the same design
built with its edges shown from the start."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from explorer.ui.document import Document
from explorer.ui.scene import EDGE_MIN_SCALE, DiagramScene
from tests.ui.test_scene_slices import curve, designed


@pytest.fixture(scope="module")
def design():
    return designed(100)    # 3,000 pods, drawn as cells: a compact scene


def _scene(design, scale: float) -> DiagramScene:
    scene = DiagramScene(Document())    # (empty: the design is built below, at the view's scale)
    scene.animate = False
    scene.set_view_scale(scale)
    scene.set_cluster(design, sliced=False)
    return scene


def _curves(scene) -> list:
    return sorted((str(getattr(e.src, "key", "client")), str(e.dst.key), e.kind, curve(e)) for e in scene.edges)


def _turns(qtbot, scene) -> None:
    qtbot.waitUntil(lambda: not any(e.pending for e in scene.edges), timeout=10000)


def _zoom_in(qtbot, scene) -> None:
    scene.set_view_scale(1.0)


CASES = {
    # name: (steps after the build, edges still waiting after them, visible edges (all with their curves))
    "seen whole: all wait": ([], "all", 0),
    "then later turns work them out": ([_turns], "none", 0),
    "zoomed in at once: each edge shown has its curve": ([_zoom_in], "none", "some"),
}


@pytest.mark.parametrize("steps, waiting, visible", CASES.values(), ids=CASES.keys())
def test_hidden_edges_get_their_curves_when_needed(qtbot, design, steps, waiting, visible):
    eager = _curves(_scene(design, 1.0))
    scene = _scene(design, EDGE_MIN_SCALE / 2)
    for step in steps:
        step(qtbot, scene)
    pending = [e for e in scene.edges if e.pending]
    shown = [e for e in scene.edges if e.isVisible()]
    got = ("all" if len(pending) == len(scene.edges) else "none" if not pending else "some",
           0 if not shown else "some" if all(not e.pending for e in shown) else "some, waiting")
    assert (got, _curves(scene) == eager, len(scene.edges) > 1000) == ((waiting, visible), True, True)
    QApplication.processEvents()
