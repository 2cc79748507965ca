#!/usr/bin/env python3
"""Render the app icon SVG to the PNG sizes desktops ask for (16..512 px), with Qt's SVG renderer.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Writes resources/app/k8s-explorer-<size>.png next to resources/app/k8s-explorer.svg. Run it after editing the SVG
and commit the PNGs (the build and the app use them as they are).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP = Path(__file__).resolve().parent.parent / "resources" / "app"


def render(svg: Path = APP / "k8s-explorer.svg", out_dir: Path = APP, sizes=SIZES) -> list[Path]:
    """Render ``svg`` at each size into ``out_dir``; returns the files written. Raises ValueError when the SVG
    does not parse."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"k8s-explorer-{size}.png"
        if not image.save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in render():
        print(p)
