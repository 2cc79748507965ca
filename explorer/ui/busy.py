"""Window-modal progress dialogs that appear without freezing the window behind a busy worker thread.

A ``QProgressDialog`` shows itself, from a timer of its own, once its minimum duration has passed. For a big
design that moment falls while a worker thread (a loader, a simulator being built) runs Python, and showing a
window-modal dialog is a burst of Qt calls on the window's thread (activation, focus, polish, layout), many
of which call into Python and so take the GIL back from the worker each time. Starting the simulation of a
5,000-node design froze the window for 140-200 ms that way, 0.3 s after F6, when "Starting the simulation…"
appeared (nothing of it happened with the worker held back: the dialog took 2-5 ms to show).

:func:`progress_dialog` turns Qt's clock off and shows the dialog from its own timer, with the workers held
back (:func:`explorer.ui.memory.hold_workers`) for the show and the :data:`SHOW_TURNS` event-loop turns after
it, where the rest of that burst is delivered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.ui.memory import hold_workers, release_workers

SHOW_TURNS = 3          # event-loop turns after the show during which workers still hold back
NEVER_MS = 2 ** 31 - 1  # Qt's own minimum duration: its clock never shows the dialog


def progress_dialog(parent: QWidget, label: str, cancel_text: str, minimum_ms: int,
                    maximum: int = 0) -> QProgressDialog:
    """A window-modal, cancellable progress dialog over ``parent`` with the range 0..``maximum`` (0: busy,
    no percentage), its value set to 0. It shows itself after ``minimum_ms`` unless by then it was reset
    (``reset()``: the work is done), cancelled, or is already visible. Do not call its
    ``setMinimumDuration``: it would bring back Qt's own clock, which shows the dialog behind a busy worker.
    Never raises."""
    dialog = QProgressDialog(label, cancel_text, 0, maximum, parent)
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(NEVER_MS)
    dialog.setValue(0)
    timer = QTimer(dialog)      # goes with the dialog
    timer.setSingleShot(True)
    timer.setInterval(minimum_ms)
    timer.timeout.connect(lambda: _show(dialog))
    timer.start()
    return dialog


def _show(dialog: QProgressDialog) -> None:
    if dialog.wasCanceled() or dialog.value() < dialog.minimum() or dialog.isVisible():
        return
    hold_workers()
    try:
        dialog.forceShow()      # (Qt's own show: sized to its texts, and later setValue calls repaint it)
    finally:
        _release_after(SHOW_TURNS)


def _release_after(turns: int) -> None:
    """Release the workers after ``turns`` more turns of the event loop (whatever becomes of the dialog)."""
    if turns <= 0:
        release_workers()
        return
    QTimer.singleShot(0, lambda: _release_after(turns - 1))
