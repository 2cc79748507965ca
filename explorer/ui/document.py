"""The open document: one design :class:`~explorer.model.Cluster`, its file path and its undo stack.

Every edit is a model command (:mod:`explorer.model.commands`) pushed through :meth:`Document.push`, which
applies it FIRST (so an invalid edit raises and nothing is recorded) and then records it on the QUndoStack as
a :class:`ModelUndoCommand`. The scene never holds the truth: it follows ``cluster.changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from explorer.model import Cluster
from explorer.model.commands import Command


class ModelUndoCommand(QUndoCommand):
    """A QUndoCommand around a model command; the first redo is skipped (already applied by push)."""

    def __init__(self, document: "Document", command: Command, text: str):
        super().__init__(text)
        self.document = document
        self.command = command
        self._applied = True

    def redo(self):
        if self._applied:
            self._applied = False
            return
        self.command.apply(self.document.cluster)

    def undo(self):
        self.command.revert(self.document.cluster)


class Document(QObject):
    """Holds the design being edited.

    Signals: ``cluster_replaced(Cluster)`` after New/Open, ``path_changed(str)``, ``edited()`` after any
    pushed, undone or redone command. ``revision`` counts those changes (it never repeats: an undo is a
    change too).
    """

    cluster_replaced = Signal(object)
    path_changed = Signal(str)
    edited = Signal()

    def __init__(self, cluster: Cluster | None = None, parent=None):
        super().__init__(parent)
        self.cluster = cluster if cluster is not None else Cluster()
        self.path: str | None = None
        self.diagnostics: list = []     # io diagnostics of the last load
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._index_changed)
        self.read_only_reason: str | None = None   # set while a simulation is shown
        self.revision = 0

    def _index_changed(self, _index) -> None:
        self.revision += 1
        self.edited.emit()

    def push(self, command: Command, text: str | None = None) -> None:
        """Apply ``command`` to the design and record it for undo.

        Raises the model's errors (ValidationError, DuplicateObjectError, ObjectNotFoundError,
        InvalidValueError) unchanged, with nothing applied and nothing recorded; raises PermissionError
        while the design is read-only (a simulation is being shown).
        """
        if self.read_only_reason:
            raise PermissionError(self.read_only_reason)
        command.apply(self.cluster)
        self.undo_stack.push(ModelUndoCommand(self, command, text or command.text))

    def set_cluster(self, cluster: Cluster, path: str | None = None, diagnostics=None) -> None:
        """Replace the whole design (New, Open). Clears undo history and marks the document clean."""
        self.cluster = cluster
        self.diagnostics = list(diagnostics or [])
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.path = path
        self.revision += 1
        self.cluster_replaced.emit(cluster)
        self.path_changed.emit(path or "")
        self.edited.emit()

    def set_path(self, path: str) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.path_changed.emit(path)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()
