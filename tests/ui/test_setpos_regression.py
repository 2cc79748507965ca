"""Regression: PySide6 6.12 on Python 3.11 aborted ("none_dealloc") after ~5,000 QGraphicsItem.setPos calls.
Run in a subprocess so an interpreter abort is reported as a failure instead of killing the test run."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene
app = QApplication([])
scene = QGraphicsScene()
item = QGraphicsRectItem(0, 0, 10, 10)
scene.addItem(item)
for i in range(20000):
    item.setPos(QPointF(i % 500, i % 300))
    item.setPos(i % 77, i % 55)
print("moved", item.pos().x(), item.pos().y())
"""


def test_setpos_20000_times_survives():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"moved {19999 % 77}.0 {19999 % 55}.0"), proc.stderr
