"""Drive the real app under Xvfb and capture the README screenshots with ImageMagick's ``import``.

Usage (from the repository root)::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/make_screenshots.py

Writes example-cluster.png, drag-in-progress.png, node-failure.png and request-trace.png next to this file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent


def shot(name: str) -> None:
    QApplication.processEvents()
    subprocess.run(["import", "-window", "root", str(HERE / name)], check=True, env=os.environ)
    print("wrote", HERE / name)


def wait(ms: int) -> None:
    QTest.qWait(ms)


def main() -> int:
    app = QApplication(sys.argv[:1])
    from explorer.ui.app import create_window
    from explorer.ui.mainwindow import MainWindow
    MainWindow.restore_settings = lambda self: None   # a clean, reproducible layout
    w = create_window(offer_recovery=False)
    w.setGeometry(0, 0, 1600, 1000)
    w.default_dock_sizes()
    wait(600)
    w.settle()
    wait(900)
    w.view.fit()
    api = next(k for k in w.scene.items_by_key if k[0] == "Pod" and k[2].startswith("api-"))
    w.scene.select_keys([api])
    wait(300)
    shot(sys.argv[1] if len(sys.argv) > 1 else "example-cluster.png")

    # drag in progress: back to the design, press on the mysql Service card and move it
    w.reset_simulation()
    wait(300)
    w.view.fit()
    wait(200)
    item = w.scene.items_by_key[("Deployment", "shop", "mysql")]
    r = item.sceneBoundingRect()
    vp = w.view.viewport()
    start = w.view.mapFromScene(QPointF(r.left() + 30, r.top() + 15))
    w.scene.clearSelection()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    for i in range(1, 16):
        QTest.mouseMove(vp, start + QPoint(9 * i, 5 * i))
        wait(15)
    w.statusBar().showMessage(w.tr("Dragging mysql: release to move it (one undo step)"))
    wait(200)
    shot("drag-in-progress.png")
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, start + QPoint(135, 75))
    wait(100)
    w.document.undo_stack.undo()
    wait(200)

    # node failure mid-eviction
    w.settle()
    wait(900)
    w.fault("stop_node", "worker-1")
    sim = w.sim.sim
    sim.run(sim.now + 299)
    w.sim._changed()
    wait(200)
    while sim.now < 400:
        before = len(sim.events)
        sim.step(None)
        if any(e.reason == "TaintManagerEviction" for e in sim.events[before:]):
            break
    w.sim._changed()
    w.events_dock.raise_()
    w.scene.select_keys([("Node", "", "worker-1")])
    wait(450)
    shot("node-failure.png")

    # request trace
    w.reset_simulation()
    wait(200)
    w.settle()
    wait(900)
    w.view.fit()
    w.send_request("http://shop.example.com/api", "internet")
    wait(4300)
    shot("request-trace.png")
    w.document.undo_stack.setClean()
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
