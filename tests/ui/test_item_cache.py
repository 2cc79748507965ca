"""Cache regimes of a big design's cards and pods (explorer/ui/item_cache.py): far, mid and near pictures by
zoom, switched a few hundred per turn with the items in view first; compact scenes untouched (exported images
are drawn without the cached pictures: test_image_export.py)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsItem

from benchmarks.generate import generate
from explorer.ui import item_cache, scene as scene_mod
from explorer.ui.item_cache import FAR, MID, NEAR, regime_for
from explorer.ui.items import BoxItem, PodItem
from explorer.ui.layout import apply_missing_layout


@pytest.mark.parametrize("scale, regime", [(0.05, FAR), (0.29, FAR), (0.3, MID), (0.74, MID), (0.75, NEAR),
                                           (3.0, NEAR)])
def test_regime_for_a_zoom(scale, regime):
    assert regime_for(scale) == regime


def _settle(window, seconds: float = 20.0) -> None:
    deadline = time.perf_counter() + seconds
    while (window.scene.updating or window.scene.caching.switching) and time.perf_counter() < deadline:
        QApplication.processEvents()
    QApplication.processEvents()


def _open_big(window):
    cluster = generate(11, 0, deployments=500)      # ~1,700 objects, 330 pods: cached, not compact
    apply_missing_layout(cluster)
    window.document.set_cluster(cluster, None, [])
    _settle(window)
    return cluster


def _regimes(window) -> dict:
    """{"regime/cache mode/far look": count} over the cards and pods."""
    out: dict = {}
    for item in window.scene.items():
        if isinstance(item, (BoxItem, PodItem)):
            mode = item.cacheMode()
            name = {QGraphicsItem.ItemCoordinateCache: "item", QGraphicsItem.DeviceCoordinateCache: "device",
                    QGraphicsItem.NoCache: "none"}[mode]
            key = f"{getattr(item, 'cache_regime', '-')}/{name}" + ("/far look" if item.far_look else "")
            out[key] = out.get(key, 0) + 1
    return out


def _cards_and_pods(window) -> int:
    return sum(isinstance(i, (BoxItem, PodItem)) for i in window.scene.items())


def _zoom_to(window, scale: float) -> None:
    view = window.view
    view.zoom_by(scale / view.scale_factor(), QPointF(view.viewport().width() / 2, view.viewport().height() / 2))


ZOOMS = {
    "whole design in view": (None, FAR, "item/far look"),
    "half size": (0.5, MID, "item"),
    "readable": (1.0, NEAR, "device"),
    "back far": (0.1, FAR, "item/far look"),
}


@pytest.mark.parametrize("name", ZOOMS, ids=list(ZOOMS))
def test_cards_and_pods_follow_the_zoom(name, window):
    _open_big(window)
    window.view.fit()
    _settle(window)
    scale, regime, mode = ZOOMS[name]
    if scale is not None:
        _zoom_to(window, scale)
        _settle(window)
    assert _regimes(window) == {f"{regime}/{mode}": _cards_and_pods(window)}


def test_a_switch_starts_with_the_items_in_view(window, monkeypatch):
    monkeypatch.setattr(item_cache, "SWITCH_BATCH", 20)
    _open_big(window)
    window.view.fit()
    _settle(window)
    _zoom_to(window, 0.5)
    QApplication.processEvents()        # the view reports its new rect; the first slice runs on a later turn
    caching = window.scene.caching
    while caching.switching and not any(getattr(i, "cache_regime", None) == MID for i in window.scene.items()):
        QApplication.processEvents()
    switched = [i for i in window.scene.items() if getattr(i, "cache_regime", None) == MID]
    view_rect = window.view.visible_scene_rect()
    assert (len(switched), all(view_rect.intersects(i.sceneBoundingRect()) for i in switched)) == (20, True)


def test_compact_scenes_keep_screen_resolution_pictures(window, monkeypatch):
    monkeypatch.setattr(scene_mod, "COMPACT_PODS", 100)
    _open_big(window)
    window.view.fit()
    _settle(window)
    assert _regimes(window) == {f"-/device": _cards_and_pods(window)}


def test_selected_items_keep_screen_resolution_pictures(window):
    _open_big(window)
    window.view.fit()
    _settle(window)
    cards = [i for i in window.scene.items() if isinstance(i, BoxItem)][:3]
    for card in cards:
        card.setSelected(True)
    selected = _regimes(window)
    window.scene.clearSelection()
    total = _cards_and_pods(window)
    assert (selected, _regimes(window)) == (
        {"far/device/far look": 3, "far/item/far look": total - 3}, {"far/item/far look": total})
