"""Fixtures for the desktop UI tests: a main window on the example cluster with private settings, plus helpers
that perform REAL gestures (mouse press/move/release on the canvas viewport, drops, key presses)."""

from __future__ import annotations

import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.ui import file_actions, mainwindow
from explorer.ui.scene import PALETTE_MIME


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The main window on the example cluster; settings and the recovery file live in tmp_path; message boxes
    never block (they answer as configured in ``window.answers``)."""
    monkeypatch.setattr(file_actions, "recovery_path", lambda: tmp_path / "recovery.yaml")
    answers = {"question": QMessageBox.Discard, "shown": []}

    def question(*args, **kwargs):
        answers["shown"].append(("question", args[2] if len(args) > 2 else ""))
        return answers["question"]

    def record(kind):
        def show(*args, **kwargs):
            answers["shown"].append((kind, args[2] if len(args) > 2 else ""))
            return QMessageBox.Ok
        return show
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(record("warning")))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(record("critical")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    w = mainwindow.MainWindow(settings=settings)
    w.answers = answers
    w.scene.animate = False
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    w.view.reset_zoom()
    w.view.centerOn(w.scene.content_rect().center())
    QApplication.processEvents()
    yield w
    w.document.undo_stack.setClean()
    w.close()


def view_point(window, scene_pos) -> QPoint:
    return window.view.mapFromScene(QPointF(scene_pos))


def show_all(window, keys) -> None:
    """Scroll/zoom so every item of ``keys`` is visible at once (then use item_point(..., ensure=False))."""
    rect = None
    for key in keys:
        r = window.scene.items_by_key[key].sceneBoundingRect()
        rect = r if rect is None else rect.united(r)
    window.view.fitInView(rect.adjusted(-60, -60, 60, 60), Qt.KeepAspectRatio)
    QApplication.processEvents()


def item_point(window, key, dx=0.0, dy=0.0, ensure=True) -> QPoint:
    """Viewport point over the item of ``key`` (its top-left + 24, 14 + offset: on the card, off the handle)."""
    item = window.scene.items_by_key[key]
    r = item.sceneBoundingRect()
    if ensure:
        window.view.ensureVisible(r, 20, 20)
        QApplication.processEvents()
    return view_point(window, QPointF(r.left() + 24 + dx, r.top() + 14 + dy))


def drag(qtbot, window, start: QPoint, end: QPoint, modifier=Qt.NoModifier, steps=6) -> None:
    """Press at ``start``, move in steps, release at ``end`` on the canvas viewport."""
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, modifier, start)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        qtbot.mouseMove(vp, QPoint(int(p.x()), int(p.y())))
    qtbot.mouseRelease(vp, Qt.LeftButton, modifier, end)
    QApplication.processEvents()


def drop_palette(window, key: str, pos: QPoint) -> None:
    """Drop palette entry ``key`` at viewport point ``pos`` (the events a real drag-and-drop delivers)."""
    vp = window.view.viewport()
    mime = QMimeData()
    mime.setData(PALETTE_MIME, key.encode())
    p = QPointF(pos)
    with warnings.catch_warnings():   # PySide marks the QPoint constructors deprecated; Qt has no other
        warnings.simplefilter("ignore", DeprecationWarning)
        for cls in (QDragEnterEvent, QDragMoveEvent):
            ev = cls(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
            QApplication.sendEvent(vp, ev)
    ev = QDropEvent(p, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(vp, ev)
    QApplication.processEvents()


def empty_point(window) -> QPoint:
    """A viewport point over empty canvas (left of everything)."""
    r = window.scene.content_rect()
    target = QPointF(r.left() - 300, r.top() + 40)
    window.view.centerOn(target)
    QApplication.processEvents()
    return view_point(window, target)


def free_point(window) -> QPoint:
    """A viewport point over empty canvas inside the CURRENT view (the view does not move)."""
    vp = window.view.viewport().rect()
    for y in range(vp.top() + 30, vp.bottom() - 30, 25):
        for x in range(vp.left() + 30, vp.right() - 30, 25):
            area = window.view.mapToScene(x - 40, y - 30, 80, 60).boundingRect()
            if not [it for it in window.scene.items(area) if it.zValue() >= 0]:
                return QPoint(x, y)
    raise AssertionError("no free spot in view")


def wait_idle(window, seconds: float = 20.0) -> None:
    """Process events until the scene is neither updating nor switching its caches (at most ``seconds``)."""
    import time
    deadline = time.perf_counter() + seconds
    while (window.scene.updating or window.scene.caching.switching) and time.perf_counter() < deadline:
        QApplication.processEvents()
    QApplication.processEvents()
