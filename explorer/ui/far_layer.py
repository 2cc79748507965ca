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

The layer is in the scene only while it is active. It caches its picture at screen resolution: a repaint that
does not zoom is one pixmap. What it draws is gathered from the items, a few hundred per event-loop turn,
whenever the scene calls :meth:`FarLayer.refresh` (after an update, a move, a selection change); each item
remembers its rectangles until it moves or its look changes.

It is active only in a compact scene, below the phase-bar zoom. While a design is being built it takes in
each slice's new items at once (:meth:`FarLayer.add_built`): a build repaint then draws the layer's
rectangles instead of asking hundreds of new items for their first picture (54-103 ms per repaint at 5,000
nodes on a slow machine); the pass at the end of the build gathers everything again. Exported images paint
the items themselves (``far_drawn`` tells them apart) and leave the layer out. The overview's schematic takes
the boxes of the items the layer draws from it (:meth:`FarLayer.overview_boxes`, filed by the same passes).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from explorer.ui import theme
from explorer.ui.items import PHASE_BARS_LOD, BoxItem, NodeItem
from explorer.ui.turns import NextTurn

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
LAYER_Z = 1.5       # above the nodes (1) and the edges, below the cards (2) that draw themselves when selected
BORDER_RGBA = theme.BORDER.rgba()
GATHER_CHUNK = 800  # items a pass gathers per event-loop turn (~40 ms on a slow 2-core machine)


class FarLayer(QGraphicsItem):
    """The far look of a compact scene's nodes and cards (see the module docstring). ``set_state`` turns it
    on and off; ``refresh`` after items changed. Never part of an exported image (``in_images``).

    What it draws is gathered from the items a :data:`GATHER_CHUNK` per event-loop turn (a pass over 7,300
    items took 115-325 ms in one go) and replaces the previous picture when the pass is complete, so the
    picture is never half old, half new; items change ``ItemHasNoContents`` only then. A change during a pass
    starts another one when it ends."""

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
        self._steps: list = []      # what paint() draws (see _gather_steps)
        self._overview: dict = {}   # the same items as the overview draws them (see overview_boxes)
        self._members = None        # callable: the scene's node and card items now
        self._pass = None           # the gathering pass in flight (a generator), see refresh()
        self._pass_members: list = []   # what that pass walks (add_built appends to it)
        self._again = False         # items changed during that pass: another one follows it
        self._turn = NextTurn(scene)

    # ------------------------------------------------------------------------------------------ state
    def set_state(self, active: bool, members) -> None:
        """Draw the items ``members()`` gives (the scene's node and card items) from now on, or give them back
        their own painting at once (``active`` False). Turned on, the layer draws nothing until its first
        pass is complete; the items draw themselves meanwhile."""
        if not active:
            if self.active:
                self.active = False
                self._pass, self._again = None, False
                self._release()
                self._home.removeItem(self)
            return
        if self.active:
            return
        self.active = True
        self._members = members
        self._home.addItem(self)
        self._start()

    def refresh(self) -> None:
        """Items were added, removed, changed, moved, selected or deselected: gather them again over the next
        turns. A selected item draws itself at once (its outline must show)."""
        if not self.active:
            return
        for item in self._home.selectedItems():
            if getattr(item, "far_drawn", False):
                item.setFlag(NO_CONTENTS, False)
                item.far_drawn = False
        if self._pass is not None:
            self._again = True
        else:
            self._start()

    @property
    def gathering(self) -> bool:
        """True while a pass gathers what the layer will draw."""
        return self._pass is not None

    def finish(self) -> None:
        """Run the passes in flight to their end now (tests, offscreen rendering)."""
        while self._pass is not None:
            self._step()

    def add_built(self, items) -> None:
        """New items of a design being built, complete (placed where the layout puts them, their cells set):
        the layer draws them from now on, added to its picture at once, so a build repaint draws rectangles
        instead of the items' first pictures. A pass in flight walks them too. Items that change later in
        the build keep their first look here until the pass at the end of the build."""
        if not self.active:
            return
        if self._pass is not None:
            self._pass_members.extend(items)
            return
        steps, overview = self._steps, self._overview
        if not steps:
            self._steps = steps = _no_steps()
        home = self._home
        b = self._bounds
        extent = _no_extent() if b.isNull() else [b.left(), b.top(), b.right(), b.bottom()]
        added = False
        for item in items:
            if item.far_drawn or not _drawable(item, home):
                continue
            _file(item, steps, extent, overview)
            item.setFlag(NO_CONTENTS, True)
            item.far_drawn = True
            self._drawn.append(item)
            added = True
        if not added:
            return
        bounds = _rect(extent)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def _start(self) -> None:
        self._pass_members = list(self._members())
        self._pass = self._gather_steps(self._pass_members)
        self._turn.call(self._step)

    def _step(self) -> None:
        gathering = self._pass
        if gathering is None:
            return
        try:
            next(gathering)
        except StopIteration:
            self._pass = None
            if self._again and self.active:
                self._again = False
                self._start()
            return
        self._turn.call(self._step)

    def _gather_steps(self, members):
        """A pass (a generator: one :data:`GATHER_CHUNK` of items per ``next``), then the new picture."""
        drawn = []
        steps = _no_steps()
        overview: dict = {}
        extent = _no_extent()
        home = self._home
        for n, item in enumerate(members):
            if n and n % GATHER_CHUNK == 0:
                yield
            if not _drawable(item, home):
                continue
            drawn.append(item)
            _file(item, steps, extent, overview)
        kept = set(map(id, drawn))
        for item in self._drawn:
            if id(item) not in kept and item.far_drawn and isValid(item):
                item.setFlag(NO_CONTENTS, False)
                item.far_drawn = False
        for item in drawn:
            if not item.far_drawn:
                item.setFlag(NO_CONTENTS, True)
                item.far_drawn = True
        self._drawn = drawn
        self._steps = steps
        self._overview = overview
        bounds = _rect(extent) if drawn else QRectF()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def _release(self) -> None:
        for item in self._drawn:
            if item.far_drawn and isValid(item):
                item.setFlag(NO_CONTENTS, False)
                item.far_drawn = False
        self._drawn = []
        self._steps = []
        self._overview = {}
        self.prepareGeometryChange()
        self._bounds = QRectF()

    # ------------------------------------------------------------------------------------------ drawing
    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        """Every drawn item's ``far_rects`` at its position (gathered by a pass): nodes first (bodies,
        headers, phase bars), then the cards, as the items' stacking order has them; one ``drawRects`` per
        colour and step."""
        painter.setPen(Qt.NoPen)
        for step in self._steps:
            for color, rects in step.values():
                painter.setBrush(QBrush(color))
                painter.drawRects(rects)

    def overview_boxes(self) -> dict | None:
        """What the overview draws of the items the layer draws, ``{rgba: (QColor, [QRectF])}`` in scene
        coordinates (see :func:`overview_box`), as of the layer's last complete picture; None when the layer
        is off or has no picture yet. Selected and hidden items are not in it (the layer leaves them out)."""
        return self._overview if self.active and self._steps else None

    def drawn_ids(self) -> set:
        """The ``id`` of every item in the layer's last complete picture."""
        return set(map(id, self._drawn))


def overview_box(item) -> tuple:
    """``(rgba, QColor, QRectF in scene coordinates)``: how the overview's schematic draws the top-level
    ``item``: a node as its body in its header colour, anything else as its outline in the border colour.
    Nodes and cards read the rectangles their far look remembers (:func:`_placed_rects`): no look-up in the
    model (a node's header colour reads its conditions: 5,000 of them were half of a 54 ms overview)."""
    if isinstance(item, (NodeItem, BoxItem)):
        return _box(item, _placed_rects(item))
    return BORDER_RGBA, theme.BORDER, item.sceneBoundingRect()


def _box(item, placed: list) -> tuple:
    """:func:`overview_box` of a node or card whose :func:`_placed_rects` are ``placed``."""
    if isinstance(item, NodeItem):
        return placed[1][1], placed[1][2], placed[0][3]
    return BORDER_RGBA, theme.BORDER, placed[0][3]


def _no_steps() -> list:
    """What the layer draws, empty: node bodies, node headers, phase bars, cards: {rgba: (QColor, [QRectF])}."""
    return [{}, {}, {}, {}]


def _no_extent() -> list:
    return [float("inf"), float("inf"), float("-inf"), float("-inf")]


def _drawable(item, home) -> bool:
    """Whether the layer draws ``item``: a node or card of its scene, shown and not selected."""
    return isinstance(item, (NodeItem, BoxItem)) and item.scene() is home and item.isVisible() \
        and not item.isSelected()


def _file(item, steps: list, extent: list, overview: dict) -> None:
    """Put ``item``'s far rectangles in ``steps`` (by step and colour) and its :func:`overview_box` in
    ``overview`` (by colour), and widen ``extent`` (left, top, right, bottom) to take them in."""
    placed = _placed_rects(item)
    rgba, color, box = _box(item, placed)
    entry = overview.get(rgba)
    if entry is None:
        overview[rgba] = entry = (color, [])
    entry[1].append(box)
    for step, rgba, color, rect in placed:
        entry = steps[step].get(rgba)
        if entry is None:
            steps[step][rgba] = entry = (color, [])
        entry[1].append(rect)
        extent[0], extent[1] = min(extent[0], rect.left()), min(extent[1], rect.top())
        extent[2], extent[3] = max(extent[2], rect.right()), max(extent[3], rect.bottom())


def _rect(extent: list) -> QRectF:
    left, top, right, bottom = extent
    return QRectF(left, top, right - left, bottom - top)


def _placed_rects(item) -> list:
    """``[(step, rgba, QColor, QRectF in scene coordinates)]`` of ``item``'s far look, remembered on the item
    (``far_memo``) until it moves or its look changes (``DiagramItem.set_object`` and ``NodeItem.set_cells``
    forget it; a node's header colour reads its conditions)."""
    x, y = item.x(), item.y()
    memo = item.far_memo
    if memo is not None and memo[0] == x and memo[1] == y:
        return memo[2]
    card = isinstance(item, BoxItem)
    out = []
    for i, (color, rect) in enumerate(item.far_rects()):
        rect.translate(x, y)
        out.append((3 if card else min(i, 2), color.rgba(), color, rect))
    item.far_memo = (x, y, out)
    return out


def layer_wanted(compact: bool, scale: float) -> bool:
    """Whether a scene draws its nodes and cards through a :class:`FarLayer` at view ``scale``."""
    return compact and scale < PHASE_BARS_LOD
