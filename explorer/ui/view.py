"""The canvas view (zoom, pan, fit, rubber-band selection) and the overview minimap."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsView, QWidget

from explorer.ui import theme, turns
from explorer.ui.far_layer import overview_box
from explorer.ui.memory import ui_busy
from explorer.ui.turns import NextTurn

MIN_SCALE, MAX_SCALE = 0.02, 4.0
OVERVIEW_BACKGROUND = QColor("#eef1f5")
BUILD_BAR_H = 4            # the progress bar shown while a big design is drawn in slices
BUILD_REPAINT_S = 0.15     # while a big design is built in slices, what is there is drawn this often...
BUILD_REPAINT_ITEMS = 600  # ...or as soon as this many items were added or redrawn (each new picture is costly)
BUILD_PAINT_TARGET_S = 0.05    # ...fewer, down to BUILD_REPAINT_MIN_ITEMS, when drawing them took longer than this
BUILD_REPAINT_MIN_ITEMS = 100
REFIT_ZOOM = 1.3           # after a build, the view zooms to fit only if that shows the diagram this much larger
FIT_SLACK = 1.03           # Fit leaves the zoom as it is when all is in view and fitting would enlarge it less
FIT_MARGIN_PX = 16         # Fit leaves at least this much room (pixels) around the diagram, at any zoom
ROOM_CHECK_MS = 200        # how often at most the area the view scrolls over is checked against the items
BUILD_BAR_FILL, BUILD_BAR_TRACK = QColor("#2f7de1"), QColor("#d3e2f7")


class BuildBar(QWidget):
    """The progress bar along the top of the canvas while a big design is drawn in slices: a widget of its
    own, opaque, so moving it repaints 4 pixels, not the canvas under it (57 such repaints took 0.15 s of a
    150,000-pod open, each asking the scene for the items along the top)."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setAttribute(Qt.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WA_TransparentForMouseEvents, True)
        self.fraction = 0.0
        self.hide()

    def set_fraction(self, fraction: float) -> None:
        rect = QRect(0, 0, self.parentWidget().width(), BUILD_BAR_H)
        if self.geometry() != rect:
            self.setGeometry(rect)
        if fraction != self.fraction or not self.isVisible():
            self.fraction = fraction
            self.show()
            self.update()

    def paintEvent(self, event):  # noqa: N802 - Qt name
        painter = QPainter(self)
        painter.fillRect(self.rect(), BUILD_BAR_TRACK)
        painter.fillRect(QRectF(0, 0, self.width() * self.fraction, self.height()), BUILD_BAR_FILL)
        painter.end()
SCHEMATIC_ITEMS = 1500      # more items and edges than this: the overview draws a schematic, not the scene


class DiagramView(QGraphicsView):
    """Wheel zooms around the cursor (Ctrl not needed), middle button or Space+drag pans, left drag on empty
    canvas draws a rubber band. ``zoom_changed(float)`` reports the scale."""

    zoom_changed = Signal(float)
    viewport_changed = Signal()
    nudge_requested = Signal(float, float)      # arrow keys on a selection (Shift: a bigger step)

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.DontSavePainterState, True)
        self.setCacheMode(QGraphicsView.CacheBackground)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self._pan_start = None
        self._space = False
        self._buttons_held = False
        self._build_painted = 0.0
        self._build_painted_items = 0
        self._build_batch = 0           # new pictures the last build repaint asked for (see _learn_build_paint)
        self.build_repaint_items = BUILD_REPAINT_ITEMS  # new pictures per build repaint, learnt from the last
        self._build_dirty = QRectF()    # what changed in the scene since the last repaint of a build
        self.build_bar = BuildBar(self.viewport())
        self._room = None               # what the view scrolls over, once fit() set it (see _set_room)
        self._room_timer = QTimer(self)
        self._room_timer.setSingleShot(True)
        self._room_timer.setInterval(ROOM_CHECK_MS)
        self._room_timer.timeout.connect(self._keep_room)
        self._fit_after_update = False
        if hasattr(scene, "set_view_scale"):
            self.zoom_changed.connect(scene.set_view_scale)
        self.viewport_changed.connect(self._tell_scene_the_view)
        if hasattr(scene, "build_progress"):
            scene.build_progress.connect(self._build_progress)
            scene.changed.connect(self._note_build_change)
        scene.changed.connect(self._scene_moved)

    def _tell_scene_the_view(self) -> None:
        scene = self.scene()        # None once the scene is gone (the window closing)
        if scene is not None and hasattr(scene, "set_view_rect"):
            scene.set_view_rect(self.visible_scene_rect())

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        current = self.scale_factor()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.zoom_changed.emit(self.scale_factor())
        self.viewport_changed.emit()

    def zoom_in(self):
        self.zoom_by(1.25)

    def zoom_out(self):
        self.zoom_by(0.8)

    def reset_zoom(self):
        self.zoom_by(1.0 / self.scale_factor())

    def fit(self) -> None:
        """Fit the whole diagram in the view. While the scene is being drawn in slices, fit what is there now
        (while a new design is built: where it is expected to extend, see ``DiagramScene.expected_rect``) and
        the whole diagram again when the update is done (unless it is all in view at about that zoom)."""
        scene = self.scene()
        if getattr(scene, "updating", False) and not self._fit_after_update:
            self._fit_after_update = True
            scene.update_finished.connect(self._fit_when_updated)
        expected = scene.expected_rect() if getattr(scene, "building", False) else None
        rect = self._with_margin(expected if expected is not None else scene.content_rect())
        self._set_room(expected if expected is not None else scene.itemsBoundingRect())
        if self._shows_about_fitted(rect, FIT_SLACK):
            # already all in view at (nearly) the fitting zoom: a new zoom, even 1 % off, would draw every
            # item's pixmap again in one frame (136 ms at 5,000 nodes) for no visible difference
            self.centerOn(rect.center())
            self.viewport_changed.emit()
            return
        self.fitInView(rect, Qt.KeepAspectRatio)
        if self.scale_factor() > 1.2:
            self.reset_zoom()
            self.centerOn(rect.center())
        self.zoom_changed.emit(self.scale_factor())
        self.viewport_changed.emit()

    def _set_room(self, rect: QRectF) -> None:
        """Scroll over ``rect``: the items (or, while a design is built, where it is expected to extend), as Qt
        does by itself for a new scene. Left to Qt, that area only ever grows: a design opened after a bigger
        one sat in a corner of the old one's area, with scroll bars over nothing, and Fit could not centre it."""
        self._room = QRectF(rect)
        self.setSceneRect(self._room)

    def _scene_moved(self, _regions) -> None:
        if self._room is not None and not self._room_timer.isActive():
            self._room_timer.start()    # (at most every ROOM_CHECK_MS: it measures every item)

    def _keep_room(self) -> None:
        """Items dragged, added or grown beyond the room: it grows to take them in (never while a design is
        being built: what it removes is not what it will show)."""
        scene = self.scene()
        if scene is None or self._room is None or getattr(scene, "updating", False):
            return
        content = scene.itemsBoundingRect()
        if not self._room.contains(content):
            self._room = self._room.united(content)
            self.setSceneRect(self._room)

    def _with_margin(self, rect: QRectF) -> QRectF:
        """``rect`` (a content rect: 40 scene units of room around the items) grown so that, fitted, it leaves
        at least :data:`FIT_MARGIN_PX` pixels around the items: at 1 % zoom (5,000 nodes) those 40 units are
        less than a pixel, and the diagram touched the edges of the view."""
        vp = self.viewport()
        if vp.width() < 2 * FIT_MARGIN_PX or vp.height() < 2 * FIT_MARGIN_PX:
            return rect     # not laid out yet, or squeezed to nothing: no room to leave
        scale = min(vp.width() / max(rect.width(), 1.0), vp.height() / max(rect.height(), 1.0))
        grow = max(0.0, FIT_MARGIN_PX / max(scale, 1e-9) - 40.0)
        return rect.adjusted(-grow, -grow, grow, grow)

    def _shows_about_fitted(self, rect: QRectF, slack: float) -> bool:
        """True when all of ``rect`` is in view and fitting it would zoom in by at most ``slack`` times."""
        shown = self.visible_scene_rect()
        if not shown.contains(rect):
            return False
        closer = min(shown.width() / max(rect.width(), 1.0), shown.height() / max(rect.height(), 1.0))
        return closer <= slack

    def _fit_when_updated(self) -> None:
        self.scene().update_finished.disconnect(self._fit_when_updated)
        self._fit_after_update = False
        rect = self._with_margin(self.scene().content_rect())
        self._set_room(self.scene().itemsBoundingRect())
        if self._shows_about_fitted(rect, REFIT_ZOOM):
            # all of it is in view at about the fitting zoom: a new zoom would draw every item's pixmap
            # again in one frame (thousands of items on a big design), for a few per cent of size;
            # centring it only scrolls (the pixmaps stay)
            self.centerOn(rect.center())
            self.viewport_changed.emit()
            return
        self.fit()

    def _build_progress(self, fraction: float) -> None:
        """A big design is being drawn in slices, at the zoom that fits where it is expected to extend. The
        items added so far are drawn (their pixmaps made) every BUILD_REPAINT_S or ``build_repaint_items`` new
        items, so no frame has to draw thousands of new items at once (a repaint after every slice would
        cost more than the slices); in between, only the progress bar along the top moves (:class:`BuildBar`).
        Such a repaint covers only what changed since the last one (the scene's ``changed`` rects): the items
        drawn before stay on screen as they were, and drawing them all again each time took ~1 s of a
        150,000-pod open."""
        building = getattr(self.scene(), "building", False)
        mode = QGraphicsView.NoViewportUpdate if building else QGraphicsView.SmartViewportUpdate
        if self.viewportUpdateMode() != mode:
            self.setViewportUpdateMode(mode)
        if building:
            self.build_bar.set_fraction(fraction)
        else:
            self.build_bar.hide()
        now = time.perf_counter()
        added = getattr(self.scene(), "new_pictures", 0)
        if building and now - self._build_painted < BUILD_REPAINT_S and \
                added - self._build_painted_items < min(self.build_repaint_items, BUILD_REPAINT_ITEMS):
            return
        self._build_painted = now
        self._build_batch = added - self._build_painted_items if building else 0
        self._build_painted_items = added
        dirty, self._build_dirty = self._build_dirty, QRectF()
        if building and fraction > 0.0:
            if not dirty.isNull():
                self.viewport().update(self.mapFromScene(dirty).boundingRect().adjusted(-2, -2, 2, 2))
        else:
            self.viewport().update()    # the build starts (what was there goes) or ends

    def _note_build_change(self, regions) -> None:
        if getattr(self.scene(), "building", False):
            for rect in regions:
                self._build_dirty = self._build_dirty.united(rect)

    def wheelEvent(self, event):
        delta = event.angleDelta().y()
        if delta == 0:
            return super().wheelEvent(event)
        self.zoom_by(1.0015 ** delta, event.position())
        event.accept()

    def keyPressEvent(self, event):
        arrows = {Qt.Key_Left: (-1, 0), Qt.Key_Right: (1, 0), Qt.Key_Up: (0, -1), Qt.Key_Down: (0, 1)}
        if event.key() in arrows and self.scene().selectedItems():
            step = 50.0 if event.modifiers() & Qt.ShiftModifier else 10.0
            dx, dy = arrows[event.key()]
            self.nudge_requested.emit(dx * step, dy * step)
            event.accept()
            return
        if event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setDragMode(QGraphicsView.ScrollHandDrag)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event):
        if event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.setDragMode(QGraphicsView.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    def paintEvent(self, event):  # noqa: N802 - Qt name
        start = time.perf_counter()
        with ui_busy():     # a worker building a simulator holds back meanwhile (see memory.ui_busy)
            super().paintEvent(event)
        end = time.perf_counter()
        turns.painted(start, end)   # a slice due in this pass waits if this was long
        if self._build_batch:
            self._learn_build_paint(end - start)

    def _learn_build_paint(self, seconds: float) -> None:
        """A build repaint drew ``_build_batch`` new pictures in ``seconds``: when that took longer than
        :data:`BUILD_PAINT_TARGET_S`, the next ones draw only as many as fit in it (at least
        :data:`BUILD_REPAINT_MIN_ITEMS`); a full batch drawn in less than half of it lets them draw a quarter
        more (up to :data:`BUILD_REPAINT_ITEMS`). Each picture costs what the machine makes of it: on a slow one, 600
        new node pictures in one repaint froze the window for 120-150 ms while a 5,000-node design opened."""
        batch, self._build_batch = self._build_batch, 0
        items = self.build_repaint_items
        if batch < min(BUILD_REPAINT_MIN_ITEMS, BUILD_REPAINT_ITEMS):
            return      # the repaint's own cost (what else it covers) outweighs so few new pictures
        if seconds > BUILD_PAINT_TARGET_S:
            items = min(items, int(batch * BUILD_PAINT_TARGET_S / seconds))
        elif seconds < BUILD_PAINT_TARGET_S / 2 and batch >= items * 0.8:
            items = int(items * 1.25)   # fast again (another zoom, a lighter design): more per repaint
        self.build_repaint_items = max(min(BUILD_REPAINT_MIN_ITEMS, BUILD_REPAINT_ITEMS),
                                       min(items, BUILD_REPAINT_ITEMS))

    @property
    def pointer_held(self) -> bool:
        """True while a mouse button pressed on the canvas is held (a drag, a rubber band, a pan): background
        work on the UI thread waits meanwhile, so every step of the gesture repaints at once."""
        return self._buttons_held

    def contextMenuEvent(self, event):  # noqa: N802 - Qt name
        self._buttons_held = False      # the menu takes the mouse: the release will not come here
        super().contextMenuEvent(event)

    def focusOutEvent(self, event):  # noqa: N802 - Qt name
        self._buttons_held = False      # a dialog or another window took over mid-gesture
        super().focusOutEvent(event)

    def mousePressEvent(self, event):
        self._buttons_held = event.buttons() != Qt.NoButton
        if event.button() == Qt.MiddleButton:
            self._pan_start = event.position()
            self.setCursor(Qt.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._pan_start is not None:
            delta = event.position() - self._pan_start
            self._pan_start = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):
        self._buttons_held = event.buttons() != Qt.NoButton
        if event.button() == Qt.MiddleButton and self._pan_start is not None:
            self._pan_start = None
            self.unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def scrollContentsBy(self, dx, dy):
        super().scrollContentsBy(dx, dy)
        self.viewport_changed.emit()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.viewport_changed.emit()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


class MiniMap(QGraphicsView):
    """An overview of the whole diagram with the main view's visible area; click or drag to navigate.

    It paints a cached snapshot of the scene, not the live items: a change anywhere in a big scene (a node
    dragged, the network bus redrawn, a simulation step) would otherwise repaint every item at overview scale
    on each mouse move. The snapshot is re-rendered when the scene has been quiet for ``SETTLE_MS`` (or at
    least every ``MAX_STALE_MS`` while it keeps changing), on resize, and only when the overview is painted.
    """

    SETTLE_MS = 300
    MAX_STALE_MS = 1500

    def __init__(self, main: DiagramView, parent=None):
        super().__init__(main.scene(), parent)
        self.main = main
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setRenderHints(QPainter.Antialiasing)
        self.setMinimumSize(180, 120)
        self.retranslate_ui()
        self._snapshot: QPixmap | None = None
        self._snapshot_size = None
        self._snapshotting = False
        self._render_turn = NextTurn(self)
        main.viewport_changed.connect(self.viewport().update)
        self._settle_timer = self._single_shot(self.SETTLE_MS)
        self._stale_timer = self._single_shot(self.MAX_STALE_MS)
        main.scene().changed.connect(self._scene_changed)
        if hasattr(main.scene(), "build_progress"):
            main.scene().build_progress.connect(self._build_progress)

    def retranslate_ui(self) -> None:
        self.setToolTip(self.tr("Overview: click or drag to move the main view"))

    def changeEvent(self, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refit()            # the snapshot shows the diagram's texts: draw it again
        super().changeEvent(event)

    def _single_shot(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(self.refit)
        return timer

    def _build_progress(self, fraction: float) -> None:
        if fraction >= 1.0:
            self.refit()        # the build is done (scene changes during it are ignored)
        elif fraction == 0.0:
            self._clear_for_build()

    def _clear_for_build(self) -> None:
        """A new design is being drawn: the snapshot of the previous one goes (it showed another design for
        the whole build); the overview shows where the new one is expected to extend, empty, with the main
        view's frame, until it is drawn."""
        scene = self.scene()
        rect = scene.expected_rect() if hasattr(scene, "expected_rect") else scene.content_rect()
        self.fitInView(rect, Qt.KeepAspectRatio)
        vp = self.viewport()
        blank = QPixmap(vp.size() * vp.devicePixelRatioF())
        blank.setDevicePixelRatio(vp.devicePixelRatioF())
        blank.fill(OVERVIEW_BACKGROUND)
        self._snapshot, self._snapshot_size = blank, vp.size()
        vp.update()

    def _scene_changed(self, _regions) -> None:
        if getattr(self.scene(), "building", False):
            return
        self._settle_timer.start()                 # restarts: wait until the scene is quiet...
        if not self._stale_timer.isActive():
            self._stale_timer.start()              # ...but not longer than this

    def refit(self):
        """Fit the whole diagram and render the snapshot again on a later event-loop turn (its own turn: on a
        big design it costs as much as a repaint of the canvas, which the same change usually needs too); the
        old snapshot shows meanwhile."""
        self._settle_timer.stop()
        self._stale_timer.stop()
        self.fitInView(self.scene().content_rect(), Qt.KeepAspectRatio)
        self._render_turn.call(self._render_now)

    def _render_now(self) -> None:
        self._snapshot_size = self.viewport().size()
        self._snapshot = self._render_snapshot()
        self.viewport().update()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.refit()

    def _render_snapshot(self) -> QPixmap:
        vp = self.viewport()
        ratio = vp.devicePixelRatioF()
        pixmap = QPixmap(vp.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        painter.setRenderHints(QPainter.Antialiasing)
        self._snapshotting = True
        try:
            scene = self.scene()
            if getattr(scene, "compact", False) or len(getattr(scene, "items_by_key", ())) + \
                    len(getattr(scene, "edges", ())) > SCHEMATIC_ITEMS:
                self._paint_schematic(painter)
            else:
                self.render(painter, QRectF(0, 0, vp.width(), vp.height()), vp.rect())
        finally:
            self._snapshotting = False
            painter.end()
        return pixmap

    def _paint_schematic(self, painter: QPainter) -> None:
        """Big scenes (compact, or more than SCHEMATIC_ITEMS items and edges): one filled box per top-level
        item (nodes in their header colour, see :func:`~explorer.ui.far_layer.overview_box`) and the network
        bars. At overview scale that is all a big scene shows anyway, at a fraction of the cost of rendering
        it (the 1,500 pod items and 5,000 edges of a simulated 50-node design: ~250 ms).

        While the canvas's far layer is on, the boxes of the items it draws come from it, gathered already:
        5,000 nodes took ~54 ms one by one (on a slow 2-core machine, after every simulation step), ~5 ms so.
        The other top-level items (selected, added since the layer's last pass, not a node or card) are
        drawn one by one."""
        scene = self.scene()
        painter.fillRect(QRectF(self.viewport().rect()), OVERVIEW_BACKGROUND)
        painter.setTransform(self.viewportTransform())
        for bar in scene.bus.bars():
            painter.fillRect(bar, theme.NETWORK)
        painter.setPen(Qt.NoPen)
        painter.setRenderHint(QPainter.Antialiasing, False)
        far = getattr(scene, "far", None)
        gathered = far.overview_boxes() if far is not None else None
        by_color: dict = {}     # one drawRects call per colour: {rgba: (QColor, [QRectF])}
        skip = far.drawn_ids() if gathered else ()
        for item in scene.items_by_key.values():
            if id(item) not in skip and item.parentItem() is None and item.isVisible():
                rgba, color, rect = overview_box(item)
                entry = by_color.get(rgba)
                if entry is None:
                    by_color[rgba] = entry = (color, [])
                entry[1].append(rect)
        for boxes in (gathered or {}, by_color):
            for color, rects in boxes.values():
                painter.setBrush(color)
                painter.drawRects(rects)

    def paintEvent(self, event):
        with ui_busy():
            self._paint(event)

    def _paint(self, event):
        if self._snapshot is None or self._snapshot_size != self.viewport().size():
            self._snapshot_size = self.viewport().size()    # (a pixmap's own size may round at fractional scales)
            self._snapshot = self._render_snapshot()
        painter = QPainter(self.viewport())
        painter.drawPixmap(0, 0, self._snapshot)
        painter.setTransform(self.viewportTransform())
        self.drawForeground(painter, QRectF())
        painter.end()

    def drawForeground(self, painter, rect):
        if self._snapshotting:
            return                                  # the visible-area frame is drawn over the snapshot
        visible = self.main.visible_scene_rect()
        pen = QPen(QColor("#2f7de1"), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QColor(47, 125, 225, 30))
        painter.drawRect(visible)

    def drawBackground(self, painter, rect):
        painter.fillRect(rect, OVERVIEW_BACKGROUND)

    def mousePressEvent(self, event):
        self.main.centerOn(self.mapToScene(event.position().toPoint()))

    def mouseMoveEvent(self, event):
        if event.buttons() & Qt.LeftButton:
            self.main.centerOn(self.mapToScene(event.position().toPoint()))
