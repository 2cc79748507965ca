"""Desktop figures for the benchmarks (issue 6): scene build, first painted frame, full and zoomed repaints.

``measure_desktop(cluster)`` runs offscreen and returns seconds for each step; it needs a QApplication (it
creates an offscreen one when none exists). The caller generates the topology (see ``benchmarks/``).
Nothing here asserts; the numbers go in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import time


def measure_desktop(cluster, width: int = 1400, height: int = 900) -> dict:
    """{"layout", "scene", "first_paint", "open_to_first_frame", "repaint_full", "repaint_zoomed"} in seconds,
    for ``cluster`` (positions are computed for objects without one, as when a file is opened)."""
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.ui.document import Document
    from explorer.ui.layout import apply_missing_layout
    from explorer.ui.scene import DiagramScene
    from explorer.ui.view import DiagramView

    out = {}
    t0 = time.perf_counter()
    apply_missing_layout(cluster)
    out["layout"] = time.perf_counter() - t0
    t = time.perf_counter()
    scene = DiagramScene(Document(cluster))
    scene.animate = False
    out["scene"] = time.perf_counter() - t
    view = DiagramView(scene)
    view.resize(width, height)
    view.show()
    t = time.perf_counter()
    view.fit()
    app.processEvents()
    view.viewport().repaint()
    out["first_paint"] = time.perf_counter() - t
    out["open_to_first_frame"] = time.perf_counter() - t0
    view.viewport().repaint()
    t = time.perf_counter()
    view.viewport().repaint()
    out["repaint_full"] = time.perf_counter() - t
    view.reset_zoom()
    view.centerOn(scene.content_rect().center())
    app.processEvents()
    view.viewport().repaint()
    t = time.perf_counter()
    view.viewport().repaint()
    out["repaint_zoomed"] = time.perf_counter() - t
    view.close()
    return out
