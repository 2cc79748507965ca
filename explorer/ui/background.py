"""The status bar's view of work a worker thread does while the window stays live (saving or exporting a big
design): what is being done, a progress bar and a Cancel button.

The worker reports through an :class:`explorer.ui.offthread.Progress`; this widget reads it on a timer (the
worker never touches a widget) and Cancel asks the worker to stop at its next report.
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton

from explorer.ui.offthread import Progress
from explorer.ui.panels import Retranslating

REFRESH_MS = 100


class BackgroundProgress(Retranslating):
    """Hidden until :meth:`watching` shows it for the length of a ``with`` block."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.retranslate_ui()
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self._watched: list = []      # (text, Progress), innermost last
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.hide()

    def retranslate_ui(self) -> None:
        """The button's texts in the current interface language (the label is the caller's)."""
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop; the file on disk stays as it was"))

    @property
    def progress(self) -> Progress | None:
        """The progress shown (the innermost ``watching`` block's), or None."""
        return self._watched[-1][1] if self._watched else None

    @contextmanager
    def watching(self, text: str, progress: Progress | None = None):
        """Show ``text`` and the figures of ``progress`` (a new one when None, which the block gets) until the
        block ends."""
        progress = progress if progress is not None else Progress()
        self._watched.append((text, progress))
        self._show_current()
        try:
            yield progress
        finally:
            self._watched.remove((text, progress))
            self._show_current()

    def _show_current(self) -> None:
        if not self._watched:
            self._timer.stop()
            self.hide()
            return
        text, progress = self._watched[-1]
        self.label.setText(text)
        self.cancel_button.setEnabled(not progress.cancelled)
        self.bar.setRange(0, 0)       # busy until the first figures come
        self.refresh()
        self.show()
        self._timer.start()

    def refresh(self) -> None:
        """Show the watched progress's latest figures (the timer calls this)."""
        progress = self.progress
        if progress is None or not progress.total:
            return
        if self.bar.maximum() != progress.total:
            self.bar.setRange(0, progress.total)
        self.bar.setValue(min(progress.done, progress.total))

    def cancel(self) -> None:
        """Ask the shown work to stop (at the worker's next report)."""
        progress = self.progress
        if progress is not None and not progress.cancelled:
            progress.cancel()
            self.label.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)
