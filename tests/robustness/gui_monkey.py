"""A GUI monkey: random user actions on the main window through real events where it matters.

:class:`Monkey` performs one random action per :meth:`Monkey.act` call: mouse drags of diagram items on the
canvas viewport, palette drops (the drag-and-drop events a real drop delivers), selection, delete, copy,
paste, duplicate, undo and redo (keyboard shortcuts), auto-layout, zoom, simulation step/play/pause/settle/
run-for/timeline seek/reset, node and control-plane faults, scaling, requests and load generation, and file
operations on temporary files (save, save as, open, import, export manifests, new, autosave). Message boxes
and file dialogs are answered by :func:`patch_dialogs`. Qt's own warnings are recorded by
:class:`QtMessages` (a ``qInstallMessageHandler``).
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from explorer.ui.palette import ENTRIES
from explorer.ui.scene import PALETTE_MIME

PALETTE_KEYS = [e[0] for e in ENTRIES if e[0] != "external-client"]
NODE_FAULTS = ["stop_node", "start_node", "stop_kubelet", "start_kubelet", "cordon", "uncordon", "drain",
               "partition_node", "heal_partition"]
MEMBER_FAULTS = ["stop_member", "start_member", "stop_etcd", "start_etcd"]


# Messages of the headless "offscreen" platform plugin itself (it implements no window-manager hints); they
# say nothing about the application and never appear on a real desktop platform.
OFFSCREEN_PLUGIN = ("This plugin does not support propagateSizeHints()",)


class QtMessages:
    """Records every Qt warning, critical and fatal message while installed (a context manager), except the
    offscreen platform plugin's own (OFFSCREEN_PLUGIN, counted in ``ignored``)."""

    def __init__(self):
        self.messages: list[str] = []
        self.ignored = 0
        self._previous = None

    def _handler(self, msg_type, context, message):
        if message in OFFSCREEN_PLUGIN:
            self.ignored += 1
        elif msg_type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.messages.append(f"{msg_type.name}: {message}")

    def __enter__(self):
        self._previous = qInstallMessageHandler(self._handler)
        return self

    def __exit__(self, *exc):
        qInstallMessageHandler(self._previous)


def patch_dialogs(monkeypatch, files: dict, answers: dict) -> None:
    """Dialogs never block: questions get ``answers["question"]``, warnings/criticals are counted in
    ``answers``, file dialogs return ``files["open"]`` / ``files["save"]``, input dialogs return values."""
    def question(*args, **kwargs):
        answers["questions"] += 1
        return answers["question"]

    def shown(kind):
        def show(*args, **kwargs):
            answers[kind] += 1
            return QMessageBox.Ok
        return show
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(shown("warnings")))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(shown("criticals")))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(shown("informations")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(files["open"]), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(files["save"]), "")))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (answers["int"], True)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (answers["text"], True)))


class Monkey:
    def __init__(self, qtbot, window, tmp: Path, seed: int):
        self.qtbot, self.w, self.tmp = qtbot, window, tmp
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.last = ""
        self.in_simulation = 0      # actions taken while a simulation was shown (design read-only)
        self.actions = [(name[4:], getattr(self, name)) for name in sorted(dir(self)) if name.startswith("act_")]
        self.weights = [getattr(fn, "weight", 1) for _, fn in self.actions]

    def act(self) -> str:
        name, fn = self.rng.choices(self.actions, self.weights)[0]
        self.last = name
        self.counts[name] = self.counts.get(name, 0) + 1
        self.in_simulation += self.w.sim.active
        fn()
        QApplication.processEvents()
        return name

    # helpers ----------------------------------------------------------------------------------------
    @property
    def vp(self):
        return self.w.view.viewport()

    def _items(self):
        return list(self.w.scene.items_by_key.items())

    def _random_key(self):
        items = self._items()
        return self.rng.choice(items)[0] if items else None

    def _point_on(self, key) -> QPoint | None:
        item = self.w.scene.items_by_key.get(key)
        if item is None:
            return None
        r = item.sceneBoundingRect()
        self.w.view.ensureVisible(r, 20, 20)
        QApplication.processEvents()
        return self.w.view.mapFromScene(QPointF(r.left() + min(24, r.width() / 2), r.top() + min(14, r.height() / 2)))

    def _random_viewport_point(self) -> QPoint:
        rect = self.vp.rect()
        return QPoint(self.rng.randrange(5, max(6, rect.width() - 5)), self.rng.randrange(5, max(6, rect.height() - 5)))

    def _drag(self, start: QPoint, end: QPoint, modifier=Qt.NoModifier) -> None:
        self.qtbot.mousePress(self.vp, Qt.LeftButton, modifier, start)
        for i in range(1, 5):
            p = start + (end - start) * (i / 4)
            self.qtbot.mouseMove(self.vp, QPoint(int(p.x()), int(p.y())))
        self.qtbot.mouseRelease(self.vp, Qt.LeftButton, modifier, end)

    def _nodes(self):
        state = self.w.sim.sim.cluster() if self.w.sim.active else self.w.document.cluster
        return [n.name for n in state.nodes()]

    # actions (weight = relative frequency) -------------------------------------------------------------
    def act_drag_item(self):
        key = self._random_key()
        start = self._point_on(key) if key else None
        if start is not None:
            end = start + QPoint(self.rng.randint(-250, 250), self.rng.randint(-200, 200))
            self._drag(start, end, self.rng.choice([Qt.NoModifier, Qt.NoModifier, Qt.ShiftModifier]))
    act_drag_item.weight = 6

    def act_drag_empty_canvas(self):
        self._drag(self._random_viewport_point(), self._random_viewport_point())
    act_drag_empty_canvas.weight = 2

    def act_drop_palette_item(self):
        mime = QMimeData()
        mime.setData(PALETTE_MIME, self.rng.choice(PALETTE_KEYS).encode())
        pos = self._random_viewport_point()
        with warnings.catch_warnings():  # PySide marks the QPoint constructors deprecated; Qt has no other
            warnings.simplefilter("ignore", DeprecationWarning)
            for cls in (QDragEnterEvent, QDragMoveEvent):
                QApplication.sendEvent(self.vp, cls(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
        QApplication.sendEvent(self.vp, QDropEvent(QPointF(pos), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    act_drop_palette_item.weight = 4

    def act_click_select(self):
        key = self._random_key()
        point = self._point_on(key) if key else None
        if point is not None:
            self.qtbot.mouseClick(self.vp, Qt.LeftButton, self.rng.choice([Qt.NoModifier, Qt.ControlModifier]),
                                  point)
    act_click_select.weight = 4

    def act_delete(self):
        self.act_click_select()
        self.qtbot.keyClick(self.w, Qt.Key_Delete)
    act_delete.weight = 3

    def act_undo(self):
        self.qtbot.keyClick(self.w, Qt.Key_Z, Qt.ControlModifier)
    act_undo.weight = 4

    def act_redo(self):
        self.qtbot.keyClick(self.w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    act_redo.weight = 2

    def act_copy_paste(self):
        self.act_click_select()
        self.w.copy_selected()
        self.w.paste()

    def act_duplicate(self):
        self.act_click_select()
        self.w.duplicate_selected()

    def act_select_all(self):
        self.w.select_all()

    def act_auto_layout(self):
        self.w.auto_arrange()
    act_auto_layout.weight = 0.5

    def act_zoom(self):
        self.rng.choice([self.w.view.zoom_in, self.w.view.zoom_out, self.w.view.fit, self.w.view.reset_zoom])()

    def act_scale(self):
        deps = [o for o in (self.w.sim.sim.cluster() if self.w.sim.active else self.w.document.cluster)
                .objects("Deployment")]
        if deps:
            self.w.scale(self.rng.choice(deps), self.rng.randint(0, 5))

    def act_sim_step(self):
        self.w.step_act.trigger()
    act_sim_step.weight = 4

    def act_sim_play_pause(self):
        self.w.play_act.trigger()
        self.qtbot.wait(self.rng.choice([0, 20, 120]))

    def act_sim_settle(self):
        self.w.settle_act.trigger()

    def act_sim_run_for(self):
        self.w.run_long(self.rng.choice([30, 200]))
        self.qtbot.wait(self.rng.choice([0, 50, 200]))
        if self.rng.random() < 0.5:
            self.w.sim.cancel()

    def act_sim_seek(self):
        if self.w.sim.active:
            t = self.rng.randint(0, max(0, self.w.timeline.maximum()))
            self.w.timeline.setValue(t)

    def act_sim_reset(self):
        self.w.reset_act.trigger()
    act_sim_reset.weight = 12

    def act_node_fault(self):
        nodes = self._nodes()
        if nodes:
            self.w.fault(self.rng.choice(NODE_FAULTS), self.rng.choice(nodes))
    act_node_fault.weight = 2

    def act_control_plane_fault(self):
        state = self.w.sim.sim.cluster() if self.w.sim.active else self.w.document.cluster
        members = [n.name for n in state.nodes() if n.is_control_plane]
        if members:
            self.w.fault(self.rng.choice(MEMBER_FAULTS), self.rng.choice(members))

    def act_send_request(self):
        self.w.send_request(self.rng.choice(["http://shop.example.com/api", "http://shop.example.com/nothing",
                                             "http://unknown.example/"]))

    def act_generate_load(self):
        self.w.generate_load("http://shop.example.com/api", count=self.rng.choice([5, 40]))

    def act_clear_overlay(self):
        self.w.clear_overlay_act.trigger()

    def act_save_as(self):
        self.w.save_to(str(self.tmp / f"saved-{self.rng.randrange(3)}.yaml"))

    def act_open(self):
        files = sorted(self.tmp.glob("saved-*.yaml")) + sorted(self.tmp.glob("damaged-*.yaml"))
        if files:
            self.w.open_path(str(self.rng.choice(files)), ask=self.rng.random() < 0.5)
    act_open.weight = 0.5

    def act_damage_a_file(self):
        """A saved file truncated at random, then opened: refused, current work untouched."""
        files = sorted(self.tmp.glob("saved-*.yaml"))
        if files:
            data = self.rng.choice(files).read_bytes()
            target = self.tmp / "damaged-0.yaml"
            target.write_bytes(data[:self.rng.randrange(len(data) + 1)] + self.rng.choice([b"", b"\t: [", b"\xff"]))
            self.w.open_path(str(target), ask=False)
    act_damage_a_file.weight = 0.5

    def act_import(self):
        files = sorted(self.tmp.glob("saved-*.yaml"))
        if files:
            self.w.import_path(str(self.rng.choice(files)))
    act_import.weight = 0.5

    def act_export_manifests(self):
        self.w.export_manifests(str(self.tmp / "manifests.yaml"))
    act_export_manifests.weight = 0.5

    def act_new_file(self):
        self.w.new_act.trigger()
    act_new_file.weight = 0.2

    def act_autosave(self):
        self.w.autosave()
    act_autosave.weight = 0.5
