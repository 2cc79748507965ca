"""The canvas background's grid of dots: drawn from a cached pattern, it must give the pixels of every grid
point drawn one by one (the plain way, kept here as the reference), at any zoom and for any painted area,
whatever pattern an earlier repaint left cached."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QTransform

from explorer.ui import scene as scene_module
from explorer.ui import theme


def reference_background(painter, rect) -> None:
    """Every dot of the grid, one point each, from a step before ``rect`` to a step past it, clipped to
    ``rect`` (a dot just outside it shows its half inside)."""
    painter.fillRect(rect, theme.BACKGROUND)
    scale = painter.worldTransform().m11()
    step = 20 if scale >= 0.7 else 80
    if scale * step < 8:
        return
    pen = QPen(theme.GRID_DOT, 2.0)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setClipRect(rect)
    x = int(rect.left()) - int(rect.left()) % step - step
    points = []
    while x < rect.right() + step:
        y = int(rect.top()) - int(rect.top()) % step - step
        while y < rect.bottom() + step:
            points.append(QPointF(x, y))
            y += step
        x += step
    painter.drawPoints(points)


def painted(draw, scale, dx, dy, rect) -> QImage:
    image = QImage(400, 300, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.white)
    painter = QPainter(image)
    painter.setWorldTransform(QTransform(scale, 0, 0, scale, dx, dy))
    draw(painter, rect)
    painter.end()
    return image


# name: (scale, translation x, y, painted scene rect)
CASES = {
    "zoom-100-whole-view": (1.0, 0.0, 0.0, QRectF(0, 0, 400, 300)),
    "zoom-100-exposed-strip": (1.0, -13.0, 7.0, QRectF(113, 40, 57, 200)),
    "zoom-70-negative-origin": (0.7, 150.0, 90.0, QRectF(-214, -128, 571, 428)),
    "zoom-40-coarse-step": (0.4, 3.5, -2.25, QRectF(-8, 5, 1000, 750)),
    "zoom-11-far": (0.11, 0.0, 0.0, QRectF(0, 0, 3636, 2727)),
    "zoom-8-no-dots": (0.08, 0.0, 0.0, QRectF(0, 0, 5000, 3750)),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_grid_dots_look_as_drawn_one_by_one(name, window):
    scale, dx, dy, rect = CASES[name]
    draw = window.scene.drawBackground
    scene_module._grid_patterns.clear()
    corner = QRectF(rect.left(), rect.top(), 40 / scale, 40 / scale)     # first a small pattern, then grown
    results = [painted(draw, scale, dx, dy, r) == painted(reference_background, scale, dx, dy, r)
               for r in (corner, rect, corner)]
    assert results == [True, True, True]
