"""A user-visible string literal in explorer/ui that bypasses Qt translation fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from untranslated import violations, violations_in_source

UI = Path(__file__).resolve().parents[2] / "explorer" / "ui"

CASES = [
    ("self_tr", 'label.setText(self.tr("Nodes"))', []),
    ("translate", 'QLabel(QCoreApplication.translate("Ctx", "Nodes"), self)', []),
    ("module_tr_helper_format", 'item.setToolTip(tr("node: {0}").format(name))', []),
    ("noop_marker", 'w.setWindowTitle(QT_TRANSLATE_NOOP("Help", "Pod"))', []),
    ("variable", "label.setText(obj.name)", []),
    ("symbols_only", 'label.setText("×")', []),
    ("allowlisted_unit", 'spin.setSuffix(" MiB")', []),
    ("product_name", 'w.setWindowTitle("Kubernetes Architecture Explorer")', []),
    ("html_around_values", 'label.setText(f"<b>{title}</b> {count}")', []),
    ("html_split_across_fstring_parts", "label.setText(f\"<span style='color:{c}'>{s}</span>\")", []),
    ("not_a_sink", 'self.setObjectName("inspectorDock")', []),
    ("combo_values_verbatim", 'combo.addItems(["ClusterIP", "NodePort"])', []),
    ("bare_settext", 'label.setText("Nodes")', ["t.py:1: setText(...): 'Nodes'"]),
    ("bare_constructor", 'a = QAction("Open…", self)', ["t.py:1: QAction(...): 'Open…'"]),
    ("qualified_constructor", 'QtWidgets.QPushButton("Run")', ["t.py:1: QPushButton(...): 'Run'"]),
    ("keyword_argument", 'QDockWidget(title="Events")', ["t.py:1: QDockWidget(...): 'Events'"]),
    ("fstring_with_words", 'label.setText(f"{n} pods")', ["t.py:1: setText(...): '{} pods'"]),
    ("format_on_literal", 'bar.showMessage("Saved {0}".format(p))', ["t.py:1: showMessage(...): 'Saved {0}'"]),
    ("percent_format", 'label.setText("%d nodes" % n)', ["t.py:1: setText(...): '%d nodes'"]),
    ("concatenation", 'label.setText(self.tr("Nodes") + " total")',
     ["t.py:1: setText(...): ' total'"]),
    ("or_default", 'label.setText(name or "(none)")', ["t.py:1: setText(...): '(none)'"]),
    ("conditional", 'label.setText(self.tr("Up") if ok else "Down")', ["t.py:1: setText(...): 'Down'"]),
    ("header_list", 'table.setHorizontalHeaderLabels(["Time", self.tr("Type")])',
     ["t.py:1: setHorizontalHeaderLabels(...): 'Time'"]),
    ("message_box_static", 'QMessageBox.warning(self, "Error", msg)', ["t.py:1: warning(...): 'Error'"]),
    ("file_dialog_filter", 'QFileDialog.getOpenFileName(self, self.tr("Open"), "", "YAML files (*.yaml)")',
     ["t.py:1: getOpenFileName(...): 'YAML files (*.yaml)'"]),
    ("painter_text", 'painter.drawText(rect, Qt.AlignCenter, "Internet")', ["t.py:1: drawText(...): 'Internet'"]),
    ("add_tab", 'tabs.addTab(w, "YAML")', ["t.py:1: addTab(...): 'YAML'"]),
    ("helper_named_tr", 'def tr(t):\n    return QCoreApplication.translate("Diagram", t)\nx = tr("Nodes")', []),
    ("helper_aliased_for_lupdate", 'def _t(t):\n    return QCoreApplication.translate("Problems", t)\nx = _t("No nodes")',
     []),
    ("helper_hidden_from_lupdate", 'def tx(t):\n    return QCoreApplication.translate("Problems", t)\nx = tx("No nodes")',
     ["t.py:3: tx(...) hides 'No nodes' from lupdate (name the helper tr or _t, or call "
      "QCoreApplication.translate directly)"]),
    ("helper_with_variable", 'def tx(t):\n    return QCoreApplication.translate("Palette", t)\nx = tx(title)', []),
    ("menu_and_action", 'm = bar.addMenu("&File")\nm.addAction(self.tr("Quit"))',
     ["t.py:1: addMenu(...): '&File'"]),
]


@pytest.mark.parametrize("source, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_detector(source, expected):
    assert violations_in_source(source, "t.py") == expected


def test_ui_package_has_no_untranslated_literals():
    """Every user-visible literal in explorer/ui goes through tr()/translate(); see tests/i18n/untranslated.py
    for the sinks and the allowlist."""
    assert violations(UI) == []
