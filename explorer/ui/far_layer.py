"""A big design seen from very far, drawn by one item (issue 6: repaints and zoom steps at 5,000 nodes).

Below :data:`~explorer.ui.items.PHASE_BARS_LOD` a node of a compact scene (5,000 nodes, pods drawn as cells) is
a white box, its header and one bar per pod phase, and a card is a coloured rectangle: a few filled rectangles
each. Drawn by 7,300 items, that cost a call into Python per item and, with their cached pictures, a new
pixmap per item at every zoom step: 218 ms per wheel notch at 5,000 nodes on a slow 2-core machine.

:class:`FarLayer` draws those rectangles for every node and card at once, a ``drawRects`` call per colour,
from each item's ``far_rects`` (the same rectangles the item paints itself). Meanwhile the items it draws have
``ItemHasNoContents``: Qt does not ask them to paint, but they stay in the scene, so hover, tooltips, clicks,
rubber-band selection and drags work as before. A selected item draws itself (its outline must show) and the
layer leaves it out; so does a hidden one.

The layer is in the scene only while it is active. It caches its picture at screen resolution: a repaint that does not zoom is one pixmap. What it shows
is taken from the items when it paints, so the scene only has to call :meth:`FarLayer.refresh` after it
changed items (a sliced update's slice, a move, a selection change); the layer then paints again once.

It is active only in a compact scene, below the phase-bar zoom, and not while a design is being built (the
build draws each new item once; redrawing the whole layer at every build repaint would cost more).
Exported images paint the items themselves (``far_drawn`` tells them apart) and leave the layer out.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsItem

from explorer.ui.items import PHASE_BARS_LOD, BoxItem, NodeItem

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
LAYER_Z = 1.5       # above the nodes (1) and the edges, below the cards (2) that draw themselves when selected


class FarLayer(QGraphicsItem):
    """The far look of a compact scene's nodes and cards (see the module docstring). ``set_state`` turns it
    on and off; ``refresh`` after items changed. Never part of an exported image (``in_images``)."""

    in_images = False

    def __init__(self, scene):
        super().__init__()
        self._home = scene          # the scene it joins while active (it is not in the scene otherwise)
        self.setZValue(LAYER_Z)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setAcceptHoverEvents(False)
        self.active = False
        self._bounds = QRectF()
        self._drawn: list = []      # the items whose contents the layer draws (flagged ItemHasNoContents)
        self._steps: list = []      # what paint() draws, gathered by refresh() (see _take)

    # ------------------------------------------------------------------------------------------ state
    def set_state(self, active: bool, members) -> None:
        """Draw ``members`` (the scene's node and card items) from now on, or give them back their own
        painting (``active`` False)."""
        if not active:
            if self.active:
                self.active = False
                self._release()
                self._home.removeItem(self)
            return
        self.active = True
        self._take(members)
        self._home.addItem(self)

    def refresh(self, members) -> None:
        """Items were added, removed, changed, moved, selected or deselected: take in the new ones, give up
        the gone or selected ones, and paint again (once, at the next repaint)."""
        if self.active:
            self._take(members)
            self.update()

    def _take(self, members) -> None:
        drawn = []
        steps: list = [{}, {}, {}, {}]      # node bodies, node headers, phase bars, cards: {rgba: (QColor, [QRectF])}
        bounds = QRectF()
        for item in members:
            if not isinstance(item, (NodeItem, BoxItem)):
                continue
            mine = item.isVisible() and not item.isSelected()
            if mine != bool(item.flags() & NO_CONTENTS):
                item.setFlag(NO_CONTENTS, mine)
            item.far_drawn = mine
            if not mine:
                continue
            drawn.append(item)
            for step, rgba, color, rect in _placed_rects(item):
                entry = steps[step].get(rgba)
                if entry is None:
                    steps[step][rgba] = entry = (color, [])
                entry[1].append(rect)
            bounds = bounds.united(item.sceneBoundingRect())
        kept = set(map(id, drawn))
        for item in self._drawn:
            if id(item) not in kept and _alive(item):
                item.setFlag(NO_CONTENTS, False)
                item.far_drawn = False
        self._drawn = drawn
        self._steps = steps
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds

    def _release(self) -> None:
        for item in self._drawn:
            if _alive(item):
                item.setFlag(NO_CONTENTS, False)
                item.far_drawn = False
        self._drawn = []
        self._steps = []

    # ------------------------------------------------------------------------------------------ drawing
    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        """Every drawn item's ``far_rects`` at its position (gathered by :meth:`refresh`): nodes first (bodies,
        headers, phase bars), then the cards, as the items' stacking order has them; one ``drawRects`` per
        colour and step."""
        painter.setPen(Qt.NoPen)
        for step in self._steps:
            for color, rects in step.values():
                painter.setBrush(QBrush(color))
                painter.drawRects(rects)


def _placed_rects(item) -> list:
    """``[(step, rgba, QColor, QRectF in scene coordinates)]`` of ``item``'s far look, remembered on the item
    until its object, its cells, its size or its position change (a node's header colour reads its conditions)."""
    x, y = item.x(), item.y()
    cells, counts, size = getattr(item, "cells", None), getattr(item, "_phase_counts", None), getattr(item, "_size", None)
    memo = item.__dict__.get("_far_rects")
    if memo is not None and memo[0] is item.obj and memo[1] is cells and memo[2] is counts and memo[3] == size \
            and memo[4] == x and memo[5] == y:
        return memo[6]
    card = isinstance(item, BoxItem)
    out = []
    for i, (color, rect) in enumerate(item.far_rects()):
        rect.translate(x, y)
        out.append((3 if card else min(i, 2), color.rgba(), color, rect))
    item._far_rects = (item.obj, cells, counts, size, x, y, out)
    return out


def layer_wanted(compact: bool, building: bool, scale: float) -> bool:
    """Whether a scene draws its nodes and cards through a :class:`FarLayer` at view ``scale``."""
    return compact and not building and scale < PHASE_BARS_LOD


def _alive(item) -> bool:
    try:
        item.flags()
    except RuntimeError:    # its C++ object is gone (removed from the scene and deleted)
        return False
    return True
