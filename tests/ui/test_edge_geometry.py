"""An edge's arrowhead direction is the chord from the point at 97 % of its curve to its end: computed from the
curve's formula (``items._curve_point``), it equals what QPainterPath.pointAtPercent gives for the same path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from explorer.ui.items import _curve_point

CASES = {
    "straight down": ((100, 20), (100, 400)),
    "down and right": ((10, 20), (300, 400)),
    "down and left": ((500, 0), (20, 90)),
    "upwards": ((40, 500), (260, 120)),
    "level": ((0, 50), (200, 50)),
}


@pytest.mark.parametrize("t", [0.0, 0.5, 0.97, 1.0])
@pytest.mark.parametrize("ends", CASES.values(), ids=CASES.keys())
def test_curve_point_is_qt_point_at_percent(ends, t):
    p1, p2 = QPointF(*ends[0]), QPointF(*ends[1])
    dy = (p2.y() - p1.y()) * 0.5
    path = QPainterPath(p1)
    path.cubicTo(QPointF(p1.x(), p1.y() + dy), QPointF(p2.x(), p2.y() - dy), p2)
    ours, qt = _curve_point(p1, dy, p2, t), path.pointAtPercent(t)
    assert (round(ours.x(), 6), round(ours.y(), 6)) == (round(qt.x(), 6), round(qt.y(), 6))
