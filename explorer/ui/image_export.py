"""Painting a diagram into a PNG or SVG file a slice at a time (File ▸ Export image and ``k8s-explorer render``).

``QGraphicsScene.render`` paints everything in one call: seconds on the window's thread for a 5,000-node design.
:class:`ImagePainter` paints the same picture in pieces: first the background, then every visible item
(and the link handles a view seen from far hides: they draw nothing there; not the far layer, whose nodes
and cards paint themselves here) in stacking order (``scene.items(Qt.AscendingOrder)``, the order the scene paints them in), each through its own
``paint`` with its scene transform and opacity. :meth:`ImagePainter.paint_some` paints for a time budget, so
the window can paint a few items per event-loop turn and stay live.

The image never shows the editing aids: the canvas's dot grid (the background is its plain colour) and the
selection (items are painted as unselected; the user's selection is kept). Nor does it use cached
pictures made for the screen: items are painted directly, and an item drawn with its far look for the screen
(``far_look``, item_cache.py) is drawn with the look of the image's own scale; a pod its node draws on the
screen (``node_drawn``) paints itself.

PNG files are encoded by :meth:`ImagePainter.encode` (QImage.save releases the GIL: a worker may run it); SVG
files are written as they are painted. Both go to a temporary file next to ``out`` that replaces ``out`` only
when complete (:meth:`ImagePainter.commit`): a failed or cancelled export leaves any earlier file as it was.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtWidgets import QStyle, QStyleOptionGraphicsItem
from shiboken6 import isValid

from explorer.io.atomic import target_mode

FORMATS = (".png", ".svg")
PNG_SCALE = 1.5             # image pixels per scene unit...
PNG_MAX_SIDE = 16_000       # ...unless the longer side would be longer than this
BAND_BYTES = 2 << 20        # image memory of background per piece: filling it is the first touch of that memory
                            # (~13 us a 4 KiB page on some virtual machines: 256 rows of a 16,000-pixel-wide
                            # image, 16 MB, froze the window 50-300 ms a piece there)


def bands(width: int, height: int, size: int = BAND_BYTES) -> list:
    """The background pieces of a ``width`` x ``height`` PNG: bands of whole rows, each of at most ``size``
    bytes (4 a pixel) but at least one row, top to bottom, covering every row once."""
    rows = max(1, size // (4 * max(1, width)))
    return [QRect(0, top, width, min(rows, height - top)) for top in range(0, height, rows)]


class ImagePainter:
    """One export of ``scene`` to ``out``: :meth:`paint_some` until it returns True, then :meth:`save`; or
    :meth:`abort`. :func:`paint_all` does it in one go.

    Raises ValueError (from the constructor) when ``out`` does not end in .png or .svg, and OSError (from the
    constructor or :meth:`save`) when the file cannot be written. Nothing may change the scene meanwhile."""

    def __init__(self, scene, out, scale: float = PNG_SCALE):
        self.out = str(out)
        self.suffix = Path(self.out).suffix.lower()
        if self.suffix not in FORMATS:
            raise ValueError(f"{self.out}: the image must end in .png or .svg")
        self.scene = scene
        self.rect = scene.content_rect()
        self.pieces = _pieces(scene)    # (item, part): part(painter) paints a piece of the item, None: item.paint
        self.bands = [None]     # background pieces: an SVG's is the content rect
        self.done = 0
        try:
            fd, self._tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(self.out)),
                                             prefix="." + os.path.basename(self.out) + ".", suffix=self.suffix)
        except OSError as exc:
            raise OSError(f"{self.out}: cannot be written: {exc.strerror or exc}") from exc
        os.close(fd)
        self.image = None
        self.generator = None
        if self.suffix == ".svg":
            width, height = self.rect.width(), self.rect.height()
            self.painter = self._svg_painter(width, height)
        else:
            width, height = _png_size(self.rect, scale)
            self.image = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
            if self.image.isNull():
                self._remove_tmp()
                raise OSError(f"{self.out}: not enough memory for a {width}×{height} image")
            # the background in bands of image rows (filling a 16,000-pixel image at once takes 0.2 s)
            self.bands = bands(width, height)
            self.painter = self._png_painter()
        self.total = len(self.bands) + len(self.pieces)
        ratio = min(width / self.rect.width(), height / self.rect.height())    # as QGraphicsScene.render:
        self.base = (QTransform.fromTranslate(-self.rect.left(), -self.rect.top())   # the aspect ratio is kept
                     * QTransform.fromScale(ratio, ratio))
        self.option = QStyleOptionGraphicsItem()
        self.option.state = QStyle.State_Enabled     # never State_Selected: the image shows no selection

    def _svg_painter(self, width: float, height: float) -> QPainter:
        from PySide6.QtSvg import QSvgGenerator
        self.generator = QSvgGenerator()
        self.generator.setFileName(self._tmp)
        self.generator.setSize(QSize(int(width), int(height)))
        self.generator.setViewBox(QRectF(0, 0, width, height))
        self.generator.setTitle("Kubernetes Architecture Explorer")
        painter = QPainter(self.generator)
        if not painter.isActive():
            self._remove_tmp()
            raise OSError(f"{self.out}: could not be written")
        return painter

    def _png_painter(self) -> QPainter:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        return painter

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def paint_some(self, budget_s: float = float("inf")) -> bool:
        """Paint pieces until ``budget_s`` seconds have passed (at least one piece); True once all are painted."""
        end = time.perf_counter() + budget_s
        painter = self.painter
        bands = len(self.bands)
        while self.done < self.total:
            if self.done < bands:
                band = self.bands[self.done]
                if band is None:
                    painter.setTransform(self.base)
                    painter.fillRect(self.rect, self.scene.backgroundBrush())
                else:           # the image's memory is not initialised: every pixel is covered, opaquely
                    painter.resetTransform()
                    painter.fillRect(band, self.scene.backgroundBrush().color())
            else:
                self._paint_piece(*self.pieces[self.done - bands])
            self.done += 1
            if time.perf_counter() >= end:
                break
        return self.finished

    def _paint_piece(self, item, part) -> None:
        if not isValid(item) or item.scene() is not self.scene:
            return      # gone meanwhile (an animation ended, a packet arrived)
        opacity = item.effectiveOpacity()
        if opacity <= 0.0 or item.flags() & item.GraphicsItemFlag.ItemHasNoContents and \
                not getattr(item, "far_drawn", False) and not getattr(item, "node_drawn", False):
            return
        painter = self.painter
        painter.save()
        painter.setTransform(item.sceneTransform() * self.base)
        painter.setOpacity(opacity)
        self.option.exposedRect = item.boundingRect()
        far = getattr(item, "far_look", False)
        if far:
            item.far_look = False       # the image's own scale decides the look
        item.painting_image = True      # (a node leaves the pods it draws on screen to paint themselves)
        try:
            if part is None:
                item.paint(painter, self.option, None)
            elif part is IMAGE_LOOK:
                item.paint_for_image(painter, self.option)
            else:
                part(painter)
        finally:
            if far:
                item.far_look = True
            item.painting_image = False
            painter.restore()

    def save(self) -> None:
        """:meth:`encode`, then :meth:`commit`. Raises OSError."""
        self.encode()
        self.commit()

    def encode(self) -> None:
        """End painting and write the temporary file. Raises OSError (the temporary file is then gone). A PNG's
        encoding (seconds for a 16,000-pixel image) releases the GIL and touches no shared Python object: a
        worker thread may call this."""
        self._end()
        ok = self.image.save(self._tmp, "PNG") if self.image is not None else _non_empty(self._tmp)
        self.image = None
        if not ok:
            self._remove_tmp()
            raise OSError(f"{self.out}: could not be written")

    def commit(self) -> None:
        """Put the encoded file in place of ``out``. Raises OSError (``out`` is then as it was)."""
        try:
            os.chmod(self._tmp, target_mode(self.out))
            os.replace(self._tmp, self.out)
        except OSError as exc:
            self._remove_tmp()
            raise OSError(f"{self.out}: {exc.strerror or exc}") from exc

    def abort(self) -> None:
        """Stop: nothing is written and any earlier ``out`` stays as it was."""
        self._end()
        self.image = None
        self._remove_tmp()

    def _end(self) -> None:
        if self.painter is not None and self.painter.isActive():
            self.painter.end()
        self.painter = None
        self.pieces = []

    def _remove_tmp(self) -> None:
        try:
            os.unlink(self._tmp)
        except OSError:
            pass


def paint_all(scene, out, scale: float = PNG_SCALE) -> None:
    """Write the whole diagram to ``out`` at once (the CLI; tests). Raises ValueError and OSError as
    :class:`ImagePainter` does."""
    job = ImagePainter(scene, out, scale)
    try:
        job.paint_some()
    except BaseException:
        job.abort()
        raise
    job.save()


def _non_empty(path: str) -> bool:
    try:
        return os.path.getsize(path) > 0
    except OSError:
        return False


IMAGE_LOOK = object()    # a piece's part: the item's paint_for_image (its look without the selection's aids)


def _pieces(scene) -> list:
    """``[(item, part)]`` to paint, in stacking order: every visible item (and each link handle hidden from
    far), an item with ``export_parts`` as its parts, one with ``paint_for_image`` through that (an edge of a
    selected item; left out when it is drawn by itself only for the selection: ``only_for_selection``). What
    the per-item questions depend on is asked once per item class (``in_images``: the far layer is left out,
    its items paint themselves here; a class attribute): 12,000 items took 55 ms on a slow machine, asked
    item by item through getattr."""
    pieces = []
    append, classes = pieces.append, {}
    for item in scene.items(Qt.AscendingOrder):
        cls = item.__class__
        known = classes.get(cls)
        if known is None:
            known = classes[cls] = (getattr(cls, "in_images", True), hasattr(cls, "export_parts"),
                                    hasattr(cls, "hidden_from_far"), hasattr(cls, "paint_for_image"))
        in_images, has_parts, hides, own_look = known
        if not in_images:
            continue
        if item.isVisible() or hides and item.hidden_from_far and item.parentItem().isVisible():
            if has_parts:
                pieces.extend([(item, part) for part in item.export_parts()])
            elif own_look:
                if not item.only_for_selection:
                    append((item, IMAGE_LOOK))
            else:
                append((item, None))
    return pieces


def _png_size(rect: QRectF, scale: float) -> tuple[int, int]:
    width = max(1, int(rect.width() * scale))
    height = max(1, int(rect.height() * scale))
    if max(width, height) > PNG_MAX_SIDE:
        shrink = PNG_MAX_SIDE / max(width, height)
        width, height = max(1, int(width * shrink)), max(1, int(height * shrink))
    return width, height


SLICE_S = 0.025         # painting per event-loop turn in the window
REFRESH_MS = 100        # the progress dialog's figures
WAIT_MS = 50            # checking again whether the diagram has finished drawing


def export_in_turns(make_job, parent, label: str, ready=lambda: True) -> bool:
    """Wait until ``ready()`` (the diagram has finished drawing), then paint the :class:`ImagePainter`
    ``make_job()`` returns a slice per event-loop turn, behind a window-modal progress dialog with Cancel (shown
    after 0.4 s); then encode it (a PNG in a worker thread) and put it in place. The window stays live
    throughout; its input is blocked by the dialog, and an item that goes away meanwhile (an animation ending)
    is left out. Returns True when the file was written, False when the user cancelled (nothing written).
    Raises what ``make_job`` raises, and OSError when the file cannot be written."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from explorer.ui import offthread
    from explorer.ui.busy import progress_dialog
    from explorer.ui.turns import NextTurn

    dialog = progress_dialog(parent, label, QCoreApplication.translate("ImageExport", "Cancel"), 400)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    loop = QEventLoop()
    turn = NextTurn(dialog)
    failure: list = []
    jobs: list = []

    def paint_slice():
        if dialog.wasCanceled():
            loop.quit()
            return
        try:
            if not jobs:
                if not ready():                     # the diagram is still being drawn: wait for it
                    QTimer.singleShot(WAIT_MS, lambda: turn.call(paint_slice))
                    return
                jobs.append(make_job())
                dialog.setMaximum(jobs[0].total)
            if not jobs[0].paint_some(SLICE_S):
                turn.call(paint_slice)
                return
        except BaseException as exc:  # noqa: BLE001 - raised below, on the caller's stack
            failure.append(exc)
        loop.quit()

    def refresh():
        if jobs:
            dialog.setValue(min(jobs[0].done, jobs[0].total - 1))
    timer = QTimer(dialog)
    timer.setInterval(REFRESH_MS)
    timer.timeout.connect(refresh)
    dialog.rejected.connect(dialog.cancel)      # Escape closes a window-modal dialog without cancelling it
    dialog.canceled.connect(loop.quit)
    try:
        turn.call(paint_slice)
        timer.start()
        loop.exec()
        timer.stop()
        if failure:
            raise failure[0]
        job = jobs[0] if jobs else None
        if dialog.wasCanceled() or job is None:
            if job is not None:
                job.abort()
            return False
        dialog.setLabelText(QCoreApplication.translate("ImageExport", "Writing {0}…").format(Path(job.out).name))
        offthread.run_and_wait(job.encode)
        if dialog.wasCanceled():        # cancelled while the file was being encoded: it is not put in place
            job.abort()
            return False
        job.commit()
        return True
    except BaseException:
        if jobs:
            jobs[0].abort()
        raise
    finally:
        timer.stop()
        dialog.reset()
        dialog.deleteLater()
