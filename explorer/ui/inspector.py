"""The Inspector dock: edits the selected object's fields, validated as you type.

Each keystroke builds the edited object (``obj.edited``) and runs :func:`explorer.model.validate_object`;
problems show in red under the field they belong to. Pressing Enter (or leaving the field) pushes ONE
:class:`~explorer.model.commands.ReplaceObject` through the document when the edit is valid.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget)

from explorer.model import validate_object
from explorer.ui.edits import replace_command
from explorer.model.errors import format_path
from explorer.ui.fields import fields_for


class Inspector(QWidget):
    """``show_object(obj, editable)``; emits ``edit_failed(str)`` when the model rejects an edit."""

    edit_failed = Signal(str)
    renamed = Signal(object)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.obj = None
        self.editable = True
        self.editors: dict = {}     # field key -> (Field, widget, error QLabel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.header = QLabel(self.tr("Select an object on the canvas to edit it."))
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        outer.addWidget(self.header)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

    def changeEvent(self, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Show the same object again with labels in the current language (an edit not yet committed with
        Enter is dropped, as when the selection changes)."""
        obj, self.obj = self.obj, None
        self.show_object(obj, self.editable)

    def field_labels(self) -> dict:
        return {"name": self.tr("Name"), "namespace": self.tr("Namespace"), "labels": self.tr("Labels"), "replicas": self.tr("Replicas"),
                "pod_labels": self.tr("Pod labels"), "image": self.tr("Image"), "cpu": self.tr("CPU"),
                "memory": self.tr("Memory"), "pods": self.tr("Max pods"), "node": self.tr("Node (pinned)"),
                "taints": self.tr("Taints"), "unschedulable": self.tr("Cordoned"), "type": self.tr("Type"),
                "ports": self.tr("Ports"), "selector": self.tr("Selector"), "class": self.tr("Ingress class"),
                "rules": self.tr("Rules"), "pod_selector": self.tr("Pod selector"),
                "policy_types": self.tr("Policy types")}

    def placeholders(self) -> dict:
        return {"labels": "app=web, tier=frontend", "pod_labels": "app=web", "ports": "http=80:8080, 53/UDP",
                "selector": "app=web", "taints": "dedicated=gpu:NoSchedule", "rules": "shop.example.com/api -> "
                "api:80; /web -> web:http", "pod_selector": "app=db", "cpu": "250m", "memory": "256Mi"}

    def show_object(self, obj, editable: bool = True) -> None:
        """Show ``obj`` (None clears). ``editable`` False while a simulation is shown."""
        if obj is not None and self.obj is not None and obj.key == self.obj.key and editable == self.editable \
                and obj == self.obj:
            return
        self.obj = obj
        self.editable = editable
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.status.setText("")
        if obj is None:
            self.header.setText(self.tr("Select an object on the canvas to edit it."))
            return
        ns = f"{obj.namespace}/" if obj.namespace else ""
        self.header.setText(f"<b>{obj.kind}</b> {ns}{obj.name}" +
                            ("" if editable else "<br><i>" + self.tr("Simulation shown: reset it to edit the "
                                                                     "design.") + "</i>"))
        classes = [c.name for c in self.document.cluster.objects("IngressClass")] or ["nginx"]
        namespaces = sorted(set(self.document.cluster.namespaces()) | {"default"})
        labels = self.field_labels()
        holders = self.placeholders()
        for field in fields_for(obj, classes, namespaces):
            if field.choices:
                widget = QComboBox()
                editable_text = field.key in ("class", "namespace")
                widget.setEditable(editable_text)
                widget.addItems(list(field.choices))
                widget.setCurrentText(field.get(obj.raw))
                if editable_text:   # typed text commits on Enter/focus-out, a picked entry at once
                    widget.lineEdit().editingFinished.connect(lambda k=field.key: self._commit(k))
                    widget.lineEdit().textEdited.connect(lambda _t, k=field.key: self._check(k))
                    widget.activated.connect(lambda _i, k=field.key: self._commit(k))
                else:
                    widget.currentTextChanged.connect(lambda _t, k=field.key: self._commit(k))
            else:
                widget = QLineEdit(field.get(obj.raw))
                if editable and field.key in holders:
                    widget.setPlaceholderText(self.tr("e.g. {0}").format(holders[field.key]))
                widget.textEdited.connect(lambda _t, k=field.key: self._check(k))
                widget.editingFinished.connect(lambda k=field.key: self._commit(k))
            widget.setObjectName(f"inspector_{field.key}")
            widget.setEnabled(editable)
            error = QLabel("")
            error.setStyleSheet("color: #c0392b;")
            error.setWordWrap(True)
            error.setVisible(False)
            error.setObjectName(f"inspector_{field.key}_error")
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(1)
            lay.addWidget(widget)
            lay.addWidget(error)
            self.form.addRow(labels.get(field.key, field.label), box)
            self.editors[field.key] = (field, widget, error)

    def _text(self, widget) -> str:
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def candidate(self, key: str):
        """(edited object or None, [error messages]) for the current text of field ``key``."""
        field, widget, _error = self.editors[key]
        try:
            new = self.obj.edited(lambda raw: field.set(raw, self._text(widget)))
        except ValueError as exc:
            return None, [str(exc)]
        problems = [p for p in validate_object(new.raw) if p.severity == "error"]
        mine = [p for p in problems if tuple(p.path[:len(field.path_prefix)]) == tuple(field.path_prefix)]
        shown = mine or problems
        return new, [f"{format_path(p.path)}: {p.message}" if p.path else p.message for p in shown]

    def _check(self, key: str) -> bool:
        if key not in self.editors or self.obj is None:
            return False
        _new, errors = self.candidate(key)
        error = self.editors[key][2]
        error.setText("\n".join(errors[:3]))
        error.setVisible(bool(errors))
        return not errors

    def _commit(self, key: str) -> None:
        if key not in self.editors or self.obj is None or not self.editable:
            return
        new, errors = self.candidate(key)
        error = self.editors[key][2]
        error.setText("\n".join(errors[:3]))
        error.setVisible(bool(errors))
        if errors or new is None or new == self.obj:
            return
        old = self.obj
        label = self.editors[key][0].label.lower()
        self.obj = new      # the model's change notification then finds the form already up to date
        try:
            self.document.push(replace_command(self.document.cluster, old, new),
                               self.tr("Edit {0} of {1}").format(label, old.name))
        except Exception as exc:  # noqa: BLE001 - model errors become inline messages
            self.obj = old
            error.setText(str(exc))
            error.setVisible(True)
            self.edit_failed.emit(str(exc))
            return
        self.status.setText(self.tr("Saved."))
        if new.key != old.key:
            self.renamed.emit(new.key)
