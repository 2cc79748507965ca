"""How the cards and pods of a big design cache their pictures, by zoom (issue 5: no frame over 100 ms).

Qt's ``DeviceCoordinateCache`` keeps each item's picture at screen resolution, so every zoom step redraws
every item in view: 100–150 ms a frame for the 3,850 items of a 50-node design seen whole. An
``ItemCoordinateCache`` keeps the picture in the item's own coordinates and the view only scales it, so a
zoom step redraws nothing. One picture cannot serve every zoom, though, hence three regimes
(:func:`regime_for`):

- ``far`` (below :data:`theme.LOD_TEXT`, where items draw as filled rectangles): the far look
  (``DiagramItem.far_look``), cached in item coordinates;
- ``mid`` (up to :data:`NEAR_SCALE`): the detailed look, cached in item coordinates and scaled down;
- ``near``: ``DeviceCoordinateCache``, crisp at any zoom (few items are in view there).
(Qt's fixed-size item cache, which would keep far pictures small, draws them at the wrong size in Qt 6.)
Selected items keep screen-resolution pictures (their outline must show at any zoom).

In the ``far`` regime a pod inside a node is drawn by its node (``PodItem.node_drawn``, :func:`follow_node`;
the pod has ``ItemHasNoContents`` meanwhile, so hover, clicks and selection work as before): a simulated
state that changes 1,500 pods of a 50-node design then repaints 50 small node pictures, not 1,500 pictures of
~60 us each. A selected pod, one fading out or one an animation moves draws itself.

When the zoom crosses into another regime, :class:`CacheRegimes` switches the items a few hundred per
event-loop turn, those in view first (:data:`SWITCH_BATCH`); meanwhile the others show their old picture,
scaled (a pod its node still draws shows its far look). Compact scenes (nodes draw their pods as cells;
5,000 nodes) and small ones (no caching) are left as they are. Nothing here touches the model.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QGraphicsItem

from explorer.ui import theme
from explorer.ui.items import BoxItem, NodeItem, PodItem
from explorer.ui.turns import NextTurn

NEAR_SCALE = 0.75       # from this zoom on, pictures at screen resolution (crisp text)
SWITCH_BATCH = 250      # items in view whose cache changes per event-loop turn (each draws a new picture)
SWITCH_OFFSCREEN = 2000     # ...and items out of view (nothing drawn until they come into view)
PIXMAP_CACHE_KB = 256 * 1024    # QPixmapCache limit while regimes apply (pictures: ~170 MB at 50 nodes)

FAR, MID, NEAR = "far", "mid", "near"
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def regime_for(scale: float) -> str:
    """The cache regime for a view at ``scale``."""
    if scale < theme.LOD_TEXT:
        return FAR
    return MID if scale < NEAR_SCALE else NEAR


def cache_as(item: QGraphicsItem, regime: str) -> None:
    """Give ``item`` the cache and look of ``regime`` (and remember it on the item). A selected item keeps
    a picture at screen resolution: its outline must stay visible however small the item is."""
    far = regime == FAR
    if regime == NEAR or item.isSelected():
        item.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
    else:
        item.setCacheMode(QGraphicsItem.ItemCoordinateCache)
    if item.far_look != far:
        item.far_look = far
        item.update()       # the cached picture shows the other look: draw it again
    item.cache_regime = regime
    if isinstance(item, PodItem):
        follow_node(item)


def follow_node(pod: PodItem) -> None:
    """Let ``pod``'s node draw it, or give it back its own painting: its node draws it in the far regime
    while it sits in a node and is neither selected, fading out (``evicting``) nor moved by an animation
    (``moving``). Call it when one of those changes; the node repaints when it must."""
    want = getattr(pod, "cache_regime", None) == FAR and isinstance(pod.parentItem(), NodeItem) and \
        not pod.isSelected() and not pod.evicting and not pod.moving
    _draw_by_node(pod, want)


def release_from_node(pod: PodItem) -> None:
    """``pod`` is about to leave its node (a new parent, none): its node stops drawing it; :func:`follow_node`
    decides again once it has its new place."""
    _draw_by_node(pod, False)


def _draw_by_node(pod: PodItem, on: bool) -> None:
    """Make ``pod``'s node draw it (``on``) or not, repainting the node either way."""
    if on == pod.node_drawn:
        return
    if not on:
        pod.update()            # (while node_drawn: its node repaints without it)
    pod.node_drawn = on
    pod.setFlag(NO_CONTENTS, on)
    if on:
        pod.update()            # its node draws it from now on


class CacheRegimes:
    """The cache regimes of one scene's cards and pods (see the module docstring)."""

    def __init__(self, scene):
        self.scene = scene
        self.regime = NEAR
        self.view_rect = QRectF()
        self._turn = NextTurn(scene)
        self._todo = None       # items still to switch, in view first (None: to be listed on the next turn)
        self._selected: dict = {}   # id -> item: the selection when last seen (see _selection_changed)
        scene.selectionChanged.connect(self._selection_changed)

    def adopt(self, item: QGraphicsItem, cache) -> None:
        """A new item on a scene that caches (``cache`` is what the scene would give it): cards and pods of a
        non-compact scene follow the regime; every other item gets ``cache``."""
        if cache == QGraphicsItem.NoCache:
            return
        if self.scene.compact or not isinstance(item, (BoxItem, PodItem)):
            item.setCacheMode(cache)
            return
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)   # the default 10 MB would evict pictures every frame
        cache_as(item, self.regime)

    def set_scale(self, scale: float) -> None:
        """The main view's zoom changed: when it crossed into another regime, switch items over the next
        turns."""
        regime = regime_for(scale)
        if regime != self.regime:
            self.regime = regime
            self._todo = None
            self._turn.call(self._switch_slice)

    def set_view_rect(self, rect: QRectF) -> None:
        self.view_rect = QRectF(rect)

    def _selection_changed(self) -> None:
        """Items selected or deselected get the picture their state needs (see :func:`cache_as`)."""
        try:
            selected = self.scene.selectedItems()
        except RuntimeError:    # the scene is being destroyed (it clears its selection on the way)
            return
        now = {id(it): it for it in selected if hasattr(it, "cache_regime")}
        changed = [it for key, it in now.items() if key not in self._selected]
        changed += [it for key, it in self._selected.items() if key not in now]
        self._selected = now
        for item in changed:
            if item.scene() is self.scene:
                cache_as(item, item.cache_regime)

    @property
    def switching(self) -> bool:
        return self._turn.pending

    def _switch_slice(self) -> None:
        if self._todo is None:
            want = self.regime
            items = [it for it in self.scene.items_by_key.values()
                     if getattr(it, "cache_regime", want) != want]
            rect = self.view_rect
            in_view = [it for it in items if rect.intersects(it.sceneBoundingRect())]
            seen = set(map(id, in_view))
            self._todo = (in_view, [it for it in items if id(it) not in seen])
        in_view, rest = self._todo
        if in_view:
            batch, self._todo = in_view[:SWITCH_BATCH], (in_view[SWITCH_BATCH:], rest)
        else:
            batch, self._todo = rest[:SWITCH_OFFSCREEN], ([], rest[SWITCH_OFFSCREEN:])
        for item in batch:
            if item.scene() is self.scene:      # still drawn (a sync may have removed it meanwhile)
                cache_as(item, self.regime)
        if self._todo[0] or self._todo[1]:
            self._turn.call(self._switch_slice)
        else:
            self._todo = None
