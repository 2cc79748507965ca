"""UI failures the GUI monkey found: each kept as a named case with its exact expected outcome."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from explorer.io import load_text
from explorer.ui import file_actions, mainwindow
from tests.robustness.gui_monkey import patch_dialogs

# A Node whose status.addresses has an empty entry ("  -" with nothing after it): the loader accepts it.
NODE_WITH_EMPTY_ADDRESS = """\
apiVersion: v1
kind: Node
metadata:
  name: n1
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.1
  -
"""


def _window(qtbot, tmp_path, monkeypatch, text):
    monkeypatch.setattr(file_actions, "recovery_path", lambda: tmp_path / "recovery.yaml")
    answers = {"question": QMessageBox.Discard, "questions": 0, "warnings": 0, "criticals": 0,
               "informations": 0, "int": 1, "text": "x"}
    patch_dialogs(monkeypatch, {"open": tmp_path / "a.yaml", "save": tmp_path / "b.yaml"}, answers)
    result = load_text(text, "found.yaml")
    assert result.ok
    w = mainwindow.MainWindow(result.cluster, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    w.scene.animate = False
    qtbot.addWidget(w)
    w.answers = answers
    return w


def _duplicate_node(w):
    w.scene.select_keys([("Node", "", "n1")])
    w.duplicate_selected()
    return sorted(n.name for n in w.document.cluster.nodes()), w.answers["warnings"] + w.answers["criticals"]


FOUND = {
    "duplicate-node-with-an-empty-address-entry": (NODE_WITH_EMPTY_ADDRESS, _duplicate_node, (["n1", "n1-copy"], 0)),
}


@pytest.mark.parametrize("text,action,expected", [v for v in FOUND.values()], ids=FOUND.keys())
def test_gui_found_case(qtbot, tmp_path, monkeypatch, text, action, expected):
    w = _window(qtbot, tmp_path, monkeypatch, text)
    try:
        assert action(w) == expected
    finally:
        w.document.undo_stack.setClean()
