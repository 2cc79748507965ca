"""GUI monkey test: thousands of random user actions on the main window (gui_monkey.Monkey) with no exception
(pytest-qt fails the test on any exception raised inside Qt's event loop; the actions' own calls raise
directly) and no Qt warning (a qInstallMessageHandler records them). At the end every design object is valid
and undoing the whole undo stack gives back the design as it was last opened (or the starting design).

Quick run: 300 actions in the default suite; slow run: 5,000.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model import validate_object
from explorer.ui import file_actions, mainwindow
from tests.robustness.gui_monkey import Monkey, QtMessages, patch_dialogs


@pytest.fixture
def monkey_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(file_actions, "recovery_path", lambda: tmp_path / "recovery.yaml")
    answers = {"question": QMessageBox.Discard, "questions": 0, "warnings": 0, "criticals": 0,
               "informations": 0, "int": 3, "text": "renamed"}
    patch_dialogs(monkeypatch, {"open": tmp_path / "saved-0.yaml", "save": tmp_path / "saved-1.yaml"}, answers)
    w = mainwindow.MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    w.scene.animate = False
    w.answers = answers
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.sim.reset()
    w.document.undo_stack.setClean()
    w.close()


def _run(qtbot, window, tmp_path, actions: int, seed: int, figures) -> None:
    baseline = {"design": window.document.cluster.copy()}
    window.document.cluster_replaced.connect(lambda c: baseline.__setitem__("design", c.copy()))
    monkey = Monkey(qtbot, window, tmp_path, seed)
    errors: dict[str, str] = {}     # distinct exceptions raised by an action: first occurrence kept
    with QtMessages() as qt:
        for n in range(actions):
            try:
                monkey.act()
            except Exception as exc:  # noqa: BLE001 - counted, the monkey goes on
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
                errors.setdefault(where, f"action {n} ({monkey.last}): {exc}")
        window.sim.reset()
        QApplication.processEvents()
        invalid = [(o.key, p.message) for o in window.document.cluster for p in validate_object(o.raw)
                   if p.severity == "error"]
        window.document.undo_stack.setIndex(0)
        QApplication.processEvents()
        restored = window.document.cluster.same_design(baseline["design"])
    figures.record(actions=actions, kinds=len(monkey.counts), while_simulating=monkey.in_simulation, undo_steps=window.document.undo_stack.count(),
                   user_errors_shown=window.answers["warnings"] + window.answers["criticals"],
                   qt_warnings=len(qt.messages), offscreen_plugin_notes=qt.ignored,
                   failures=len(errors) + len(set(qt.messages)) + len(invalid) + (not restored))
    print("actions by kind:", dict(sorted(monkey.counts.items())))
    assert (errors, sorted(set(qt.messages)), invalid, restored) == ({}, [], [], True)


def test_gui_monkey_quick(qtbot, monkey_window, tmp_path, figures):
    _run(qtbot, monkey_window, tmp_path, 300, 1, figures)


@pytest.mark.slow
def test_gui_monkey_5000(qtbot, monkey_window, tmp_path, figures):
    _run(qtbot, monkey_window, tmp_path, 5000, 2, figures)
