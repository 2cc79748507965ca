"""Exported images (explorer/ui/image_export.py): painted a piece at a time, the same picture Qt's one-call
``QGraphicsScene.render`` makes with every cache off, no selection, no dot grid and each item's own look; in
the window a slice per turn behind a progress dialog whose Cancel leaves any earlier file as it was."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QProgressDialog, QPushButton

from conftest import wait_idle
from benchmarks.generate import generate
from explorer.model import example_cluster
from explorer.ui import image_export
from explorer.ui.image_export import ImagePainter, paint_all
from explorer.ui.layout import apply_missing_layout
from explorer.ui.render import build_scene


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 4].copy()


@contextmanager
def _plain_background(scene):
    """The scene's background without the editing grid while the block runs."""
    scene.drawBackground = lambda painter, rect: painter.fillRect(rect, scene.backgroundBrush())
    try:
        yield
    finally:
        del scene.drawBackground


def _qt_svg(scene, path) -> None:
    rect = scene.content_rect()
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(int(rect.width()), int(rect.height())))
    gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    gen.setTitle("Kubernetes Architecture Explorer")
    painter = QPainter(gen)
    with _plain_background(scene):
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()


def _qt_reference(scene, scale: float = image_export.PNG_SCALE) -> np.ndarray:
    """What QGraphicsScene.render paints in one call with every cache off, every item with its own look,
    nothing selected and no dot grid (the scene is left as it was)."""
    saved = [(i, i.cacheMode(), getattr(i, "far_look", False), i.isSelected()) for i in scene.items()]
    for item, _mode, _far, _selected in saved:
        item.setCacheMode(QGraphicsItem.NoCache)
        if _far:
            item.far_look = False
        item.setSelected(False)
    try:
        rect = scene.content_rect()
        width, height = image_export._png_size(rect, scale)
        image = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
        image.fill(scene.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        with _plain_background(scene):
            scene.render(painter, QRectF(0, 0, width, height), rect)
        painter.end()
        return _pixels(image)
    finally:
        for item, mode, far, selected in saved:
            item.setCacheMode(mode)
            item.far_look = far
            item.setSelected(selected)


def _example_scene(selected: int = 0):
    doc, scene = build_scene(example_cluster())
    for item in [i for i in scene.items() if i.flags() & QGraphicsItem.ItemIsSelectable][:selected]:
        item.setSelected(True)
    return doc, scene


PICTURES = {
    # name: (scene maker, budget per paint_some call: None = all at once, 0 = one piece per call)
    "example, at once": (lambda: _example_scene(), None),
    "example, one piece per call": (lambda: _example_scene(), 0.0),
    "example with a selection (not shown)": (lambda: _example_scene(selected=3), 0.0),
}


@pytest.mark.parametrize("name", PICTURES, ids=list(PICTURES))
def test_the_png_is_qts_own_picture(name, qtbot, tmp_path):
    make, budget = PICTURES[name]
    _doc, scene = make()
    selected_before = len(scene.selectedItems())
    out = tmp_path / "out.png"
    job = ImagePainter(scene, out)
    calls = 1 if budget is None else 0
    if budget is None:
        job.paint_some()
    else:
        while not job.paint_some(budget):
            calls += 1
        calls += 1
    job.save()
    same = np.array_equal(_pixels(QImage(str(out))), _qt_reference(scene))
    assert (same, calls == (1 if budget is None else job.total), len(scene.selectedItems()),
            os.listdir(tmp_path)) == (True, True, selected_before, ["out.png"])


def test_the_svg_is_qts_own_drawing(qtbot, tmp_path):
    """Piece by piece, the SVG generator gets the same drawing commands as from QGraphicsScene.render (which
    also writes empty groups for pen changes that draw nothing)."""
    _doc, scene = _example_scene()
    paint_all(scene, tmp_path / "ours.svg")
    _qt_svg(scene, tmp_path / "qt.svg")
    ours, qts = (_drawn((tmp_path / name).read_text()) for name in ("ours.svg", "qt.svg"))
    assert (len(ours) > 10_000, ours == qts) == (True, True)


def _drawn(svg: str) -> str:
    return re.sub(r"<g [^>]*>\s*</g>\s*", "", svg)


def test_a_far_design_exports_with_its_own_look_and_keeps_its_caches(window, tmp_path):
    """A big design seen from far has cached far-look pictures on screen; the image is drawn directly, with
    the look of its own scale, and the window's caches and selection are as they were afterwards. (The
    network bus's unantialiased far look differs from Qt's one-call picture by a few levels in ~0.03 % of the
    pixels: at most 8 of 255 is allowed; a wrong look, a cached picture or a highlight differs by far more.)"""
    cluster = generate(11, 0, deployments=500)
    apply_missing_layout(cluster)
    window.document.set_cluster(cluster, None, [])
    window.view.fit()
    wait_idle(window)
    card = next(i for i in window.scene.items() if getattr(i, "far_look", False))
    card.setSelected(True)
    before = [(i.cacheMode(), getattr(i, "far_look", None), i.isSelected()) for i in window.scene.items()]
    ok = window.export_image(str(tmp_path / "far.png"))
    after = [(i.cacheMode(), getattr(i, "far_look", None), i.isSelected()) for i in window.scene.items()]
    far_looks = sum(1 for mode, far, _sel in before if far)
    window.scene.clearSelection()       # (and what it highlights)
    small = tmp_path / "small.png"      # the same painting at a scale small enough to compare quickly
    paint_all(window.scene, small, scale=0.25)
    difference = np.abs(_pixels(QImage(str(small))).astype(int) - _qt_reference(window.scene, 0.25).astype(int))
    assert (ok, far_looks > 100, after == before, int(difference.max()) <= 8) == (True, True, True, True)


def _slow_pieces(monkeypatch, seconds: float):
    """Each item takes ``seconds`` longer to paint and a slice paints for 5 ms: the export spans many turns."""
    import time
    real = ImagePainter._paint_piece
    monkeypatch.setattr(ImagePainter, "_paint_piece", lambda self, item, part: (time.sleep(seconds),
                                                                                 real(self, item, part)))
    monkeypatch.setattr(image_export, "SLICE_S", 0.005)


def test_the_window_paints_a_slice_per_turn_and_stays_live(qtbot, window, tmp_path, monkeypatch):
    _slow_pieces(monkeypatch, 0.006)    # an item per slice: the example's 24 items take 20 or more turns
    slices = []
    real = ImagePainter.paint_some
    monkeypatch.setattr(ImagePainter, "paint_some", lambda self, budget=float("inf"): (
        slices.append(budget), real(self, budget))[1])
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    ok = window.export_image(str(tmp_path / "out.png"))
    timer.stop()
    assert (ok, len(slices) >= 20, set(slices), len(ticks) > 10) == (True, True, {0.005}, True)


CANCELS = {
    # name: (file name, what the user does once the dialog shows)
    "cancel button, png": ("out.png", lambda qtbot, d: qtbot.mouseClick(d.findChild(QPushButton), Qt.LeftButton)),
    "escape, svg": ("out.svg", lambda qtbot, d: qtbot.keyClick(d, Qt.Key_Escape)),
}


@pytest.mark.parametrize("name", CANCELS, ids=list(CANCELS))
def test_cancel_leaves_the_earlier_file_as_it_was(name, qtbot, window, tmp_path, monkeypatch):
    file_name, gesture = CANCELS[name]
    _slow_pieces(monkeypatch, 0.1)      # the example's 24 items take 2.4 s: the dialog shows after 0.4 s
    out = tmp_path / file_name
    out.write_bytes(b"earlier")
    shown = []
    state = {"exporting": True}

    def when_shown():
        if not state["exporting"]:
            return
        dialog = next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, when_shown)
            return
        shown.append(dialog.labelText())
        gesture(qtbot, dialog)
    QTimer.singleShot(50, when_shown)
    ok = window.export_image(str(out))
    state["exporting"] = False
    assert (ok, shown, out.read_bytes(), os.listdir(tmp_path), window.statusBar().currentMessage()) == (
        False, [f"Exporting {file_name}…"], b"earlier", [file_name], f"Export cancelled: {out} is as it was.")


def test_an_unwritable_place_is_a_clean_message(qtbot, window, tmp_path):
    out = tmp_path / "missing" / "out.png"
    ok = window.export_image(str(out))
    assert (ok, window.answers["shown"][-1][0], out.exists()) == (False, "critical", False)


def test_the_edge_bundle_in_parts_paints_the_same_pixels(window):
    """A big design's edges seen from far are one bundle item; an export paints it in parts of
    EXPORT_PART_EDGES edges (one stroke of every edge took most of a second), pixel for pixel the same."""
    from explorer.ui.items import EXPORT_PART_EDGES, EdgeBundleItem
    cluster = generate(11, 0, deployments=500)
    apply_missing_layout(cluster)
    window.document.set_cluster(cluster, None, [])
    window.view.fit()
    wait_idle(window)
    bundle = next(i for i in window.scene.items() if isinstance(i, EdgeBundleItem))
    images = []
    for whole in (True, False):
        rect = bundle.boundingRect()
        image = QImage(int(rect.width() / 4) + 1, int(rect.height() / 4) + 1, QImage.Format_ARGB32_Premultiplied)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.scale(0.25, 0.25)
        painter.translate(-rect.left(), -rect.top())
        if whole:
            bundle.paint(painter, None)
        else:
            for part in bundle.export_parts():
                part(painter)
        painter.end()
        images.append(_pixels(image))
    parts = len(bundle.export_parts())
    assert (bundle.count > 3 * EXPORT_PART_EDGES, parts >= bundle.count // EXPORT_PART_EDGES,
            np.array_equal(*images), bool((images[0] != 255).any())) == (True, True, True, True)


MODES = {
    # name: (permission bits of an earlier file or None, expected bits of the image)
    "new file: 0666 minus the umask": (None, 0o644),
    "an earlier file keeps its bits": (0o640, 0o640),
}


@pytest.mark.parametrize("name", MODES, ids=list(MODES))
def test_the_image_gets_the_permissions_of_a_normal_file(name, qtbot, tmp_path):
    earlier, expected = MODES[name]
    out = tmp_path / "out.png"
    if earlier is not None:
        out.write_bytes(b"earlier")
        out.chmod(earlier)
    old = os.umask(0o022)
    try:
        _doc, scene = _example_scene()
        paint_all(scene, out)
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == oct(expected)


def test_an_export_asked_while_the_diagram_is_still_drawn_waits_for_all_of_it(qtbot, window, tmp_path, monkeypatch):
    made = []
    real_init = ImagePainter.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        made.append((window.scene.updating, len(self.pieces)))
    monkeypatch.setattr(ImagePainter, "__init__", init)
    cluster = generate(11, 0, deployments=500)
    apply_missing_layout(cluster)
    window.document.set_cluster(cluster, None, [])
    drawing = window.scene.updating
    ok = window.export_image(str(tmp_path / "big.svg"))
    visible = sum(1 for i in window.scene.items() if i.isVisible())
    assert (drawing, ok, made[0][0], made[0][1] >= visible) == (True, True, False, True)


def test_an_item_that_goes_away_during_an_export_is_left_out(qtbot, window, tmp_path, monkeypatch):
    import shiboken6
    from PySide6.QtWidgets import QGraphicsRectItem
    _slow_pieces(monkeypatch, 0.02)
    passing = QGraphicsRectItem(0, 0, 40, 40)     # like a packet of a trace animation: on top, painted last
    passing.setZValue(100)
    window.scene.addItem(passing)

    def arrive():
        window.scene.removeItem(passing)
        shiboken6.delete(passing)
    QTimer.singleShot(150, arrive)
    ok = window.export_image(str(tmp_path / "out.png"))
    assert (ok, shiboken6.isValid(passing), (tmp_path / "out.png").stat().st_size > 1000) == (True, False, True)


@pytest.mark.parametrize("bundled", [True, False], ids=["edges bundled", "edges drawn one by one"])
def test_a_selected_items_emphasized_edges_are_not_in_the_image(window, tmp_path, bundled):
    """Selecting an item draws its edges by themselves and thicker (over the bundle of a big design); an
    image shows no selection: the same pixels with and without it."""
    cluster = generate(11, 0, deployments=500) if bundled else window.document.cluster.copy()
    apply_missing_layout(cluster)
    window.document.set_cluster(cluster, None, [])
    window.view.fit()
    wait_idle(window)
    service = sorted(k for k in window.scene.items_by_key if k[0] == "Service")[0]
    images = []
    for selected in (False, True):
        window.scene.select_keys([service] if selected else [])
        out = tmp_path / f"{selected}.png"
        paint_all(window.scene, out, scale=0.5)
        images.append(_pixels(QImage(str(out))))
    emphasized = [e for e in window.scene.edges if e.emphasized]
    assert (window.scene.edges_bundled, bool(emphasized), np.array_equal(*images)) == (bundled, True, True)


# name: (width, height, bytes a band may hold, the bands as (top, rows))
BAND_CASES = {
    "a 16,000-pixel-wide image: 32 rows a band": (16_000, 70, 2 << 20, [(0, 32), (32, 32), (64, 6)]),
    "a narrow image: one band": (100, 50, 2 << 20, [(0, 50)]),
    "wider than a band: a row each": (1_000, 3, 100, [(0, 1), (1, 1), (2, 1)]),
    "exactly two bands": (256, 8, 4096, [(0, 4), (4, 4)]),
    "no rows": (256, 0, 4096, []),
}


@pytest.mark.parametrize("width, height, size, expected", BAND_CASES.values(), ids=BAND_CASES.keys())
def test_background_bands_cover_the_image_in_pieces_of_bounded_memory(width, height, size, expected):
    got = image_export.bands(width, height, size)
    assert ([(r.top(), r.height()) for r in got], {(r.left(), r.width()) for r in got} <= {(0, width)}) == \
        (expected, True)
