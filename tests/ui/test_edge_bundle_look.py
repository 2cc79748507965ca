"""The edge bundle (thousands of edges seen from far or crossing the view) draws each edge colour washed out
into the canvas background, opaque: a light haze the cards of a big design stand out of."""

from __future__ import annotations

import pytest
from conftest import wait_idle

from explorer.ui import theme
from explorer.ui.items import BUNDLE_STRENGTH, EdgeBundleItem, EdgeItem, washed

CASES = {
    # name: (colour, strength, expected (r, g, b, alpha))
    "full strength is the colour": ("#c0392b", 1.0, (0xc0, 0x39, 0x2b, 255)),
    "no strength is the background": ("#c0392b", 0.0, (0xf4, 0xf6, 0xfa, 255)),
    "half way": ("#000000", 0.5, (0x7a, 0x7b, 0x7d, 255)),
}


@pytest.mark.parametrize("color, strength, expected", CASES.values(), ids=CASES.keys())
def test_washed_mixes_with_the_background_and_stays_opaque(color, strength, expected):
    c = washed(color, strength)
    assert (theme.BACKGROUND.name(), (c.red(), c.green(), c.blue(), c.alpha())) == ("#f4f6fa", expected)


def test_the_bundle_draws_every_edge_colour_washed(qtbot):
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene
    scene = QGraphicsScene()
    ends = [QGraphicsRectItem(i * 300, (i % 2) * 200, 100, 40) for i in range(6)]
    for item in ends:
        scene.addItem(item)
    kinds = ["select", "route", "policy", "enter", "own"]
    edges = [EdgeItem(ends[i], ends[i + 1], kind) for i, kind in enumerate(kinds)]
    bundle = EdgeBundleItem()
    bundle.set_edges(edges)
    drawn = sorted(c.name() for c, _path in bundle._paths)
    assert drawn == sorted(washed(EdgeItem.STYLES[k][0], BUNDLE_STRENGTH).name() for k in kinds)


def _key(item):
    return getattr(item, "key", "the Internet")


def _drawn_alone(window) -> set:
    """(kind, source key, target key) of the edges drawn by themselves (visible edge items)."""
    return {(e.kind, _key(e.src), _key(e.dst)) for e in window.scene.edges if e.isVisible()}


def _edges_of(window, key) -> set:
    return {(e.kind, _key(e.src), _key(e.dst)) for e in window.scene.edges if key in (_key(e.src), _key(e.dst))}


def test_the_selected_items_edges_are_drawn_alone_over_the_bundle(qtbot, window):
    """In a big design seen from far the bundle draws the edges; selecting a Service draws its edges by
    themselves (in their colours), selecting another moves that to its edges, and clearing the selection
    leaves the bundle alone again."""
    from benchmarks.generate import generate
    from explorer.ui.layout import apply_missing_layout
    cluster = generate(11, 0, deployments=500)
    apply_missing_layout(cluster)
    window.document.set_cluster(cluster, None, [])
    window.view.fit()
    wait_idle(window, 30)
    services = sorted(k for k in window.scene.items_by_key if k[0] == "Service" and _edges_of(window, k))
    first, second = services[0], services[len(services) // 2]
    seen = [window.scene.edges_bundled, _drawn_alone(window)]
    window.scene.select_keys([first])
    seen.append(_drawn_alone(window))
    window.scene.select_keys([second])
    seen.append(_drawn_alone(window))
    window.scene.clearSelection()
    seen.append(_drawn_alone(window))
    assert seen == [True, set(), _edges_of(window, first), _edges_of(window, second), set()]
