"""The kubectl console dock: type kubectl commands against the running simulation.

``KubectlConsole(simulator)`` takes the Simulator or a callable returning the current one (None when no
simulation runs). Output goes to a monospace pane; the input line keeps a history (Up/Down) and completes
commands, resource types and object names with Tab. ``command_executed(str, int)`` is emitted after each
command with its text and exit code, so the window can redraw the diagram from the simulation.

Big clusters: a read command (get, describe, top ...) on a simulator holding more than ``OFF_THREAD_OBJECTS``
objects runs in a worker thread against a frozen snapshot (:func:`explorer.kubectl.read_snapshot`) while the
window stays live; write commands always run here, in order with everything else the window does. Output of
more than ``CHUNK_LINES`` lines reaches the pane ``CHUNK_LINES`` lines per event-loop turn, and only the lines
the pane keeps (its last ``MAX_BLOCKS``, like a terminal's scrollback) are written. A command typed while
another one still runs is run after it.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from explorer.kubectl import Kubectl, complete, is_read_command, read_snapshot
from explorer.ui import offthread

MAX_BLOCKS = 5000           # lines the output pane keeps (older ones scroll away)
OFF_THREAD_OBJECTS = 5000   # read commands on a simulator with more objects than this run in a worker thread
CHUNK_LINES = 500           # longer output is written this many lines per event-loop turn (~15 ms each)


class CommandLine(QLineEdit):
    """The input line: Up/Down walk the history, Tab asks the console to complete."""

    tab_pressed = Signal()
    history_moved = Signal(int)

    def event(self, event) -> bool:  # Tab never reaches keyPressEvent: focus handling takes it first
        if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Tab:
            self.tab_pressed.emit()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Up:
            self.history_moved.emit(-1)
            return
        if event.key() == Qt.Key_Down:
            self.history_moved.emit(1)
            return
        super().keyPressEvent(event)


class KubectlConsole(QWidget):
    command_executed = Signal(str, int)

    def __init__(self, simulator, parent=None):
        super().__init__(parent)
        self._provider = simulator if callable(simulator) and not hasattr(simulator, "api") else (lambda: simulator)
        self._kubectl = Kubectl(self._current)
        self.history: list[str] = []
        self._history_pos = 0
        self._draft = ""
        self._running = False
        self._pending: list[str] = []
        self.last_chunks = 0        # pieces the last output was written in (for tests)
        fixed = QFontDatabase.systemFont(QFontDatabase.FixedFont)

        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        self.output.setFont(fixed)
        self.output.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.output.setMaximumBlockCount(MAX_BLOCKS)
        self.output.setObjectName("kubectl_output")

        self.prompt = QLabel(self)
        self.prompt.setFont(fixed)
        self.input = CommandLine(self)
        self.input.setFont(fixed)
        self.input.setObjectName("kubectl_input")
        self.input.returnPressed.connect(self.submit)
        self.input.tab_pressed.connect(self.complete_current)
        self.input.history_moved.connect(self.move_history)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.prompt)
        row.addWidget(self.input, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.output, 1)
        layout.addLayout(row)
        self._greeting = self._greeting_text()
        self._write(self._greeting, "note")
        self.retranslate_ui()

    def _greeting_text(self) -> str:
        return self.tr("kubectl against the simulated cluster. Try: get nodes, get pods -A -o wide, "
                       "scale deployment api -n shop --replicas=5, drain worker-1 --ignore-daemonsets. "
                       "Type \"help\" for the commands.") + "\n"

    def retranslate_ui(self) -> None:
        """Prompt, placeholder and tooltip in the current language; the greeting too while it is all the output
        shows (commands already run and their output stay as they were printed)."""
        self.prompt.setText(self.tr("kubectl"))
        self.input.setPlaceholderText(self.tr("get pods -A   (Tab completes, Up/Down recall, \"clear\" empties)"))
        self.input.setToolTip(self.tr("A kubectl command, run against the simulated cluster's API server"))
        greeting = self._greeting_text()
        if greeting != self._greeting and self.output.toPlainText().rstrip("\n") == self._greeting.rstrip("\n"):
            self.output.clear()
            self._write(greeting, "note")
        self._greeting = greeting

    def changeEvent(self, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # the simulator -------------------------------------------------------------------------------------
    def _current(self):
        return self._provider()

    # running -------------------------------------------------------------------------------------------
    def run_command(self, text: str) -> int:
        """Run one command line (as if typed); returns kubectl's exit code (-1 when nothing could run). While
        a command still runs (the window stays live meanwhile), another one is queued and run after it (-1)."""
        text = text.strip()
        if not text:
            return 0
        if self._running:
            self._pending.append(text)
            return -1
        self._running = True
        try:
            return self._run(text)
        finally:
            self._running = False
            if self._pending:
                QTimer.singleShot(0, self._run_pending)

    def _run_pending(self) -> None:
        if self._pending and not self._running:
            self.run_command(self._pending.pop(0))

    def _run(self, text: str) -> int:
        if not self.history or self.history[-1] != text:
            self.history.append(text)
        self._history_pos = len(self.history)
        self._draft = ""
        if text in ("clear", "cls"):
            self.output.clear()
            return 0
        self._write(f"$ kubectl {text[len('kubectl'):].strip() if text.startswith('kubectl') else text}\n",
                    "command")
        if self._current() is None:
            self._write(self.tr("No simulation is running: start the simulation first.") + "\n", "error")
            return -1
        result = self._execute(text)
        self.last_chunks = 0
        if result.stdout:
            self._write_long(result.stdout if result.stdout.endswith("\n") else result.stdout + "\n", "out")
        if result.stderr:
            self._write_long(result.stderr if result.stderr.endswith("\n") else result.stderr + "\n", "error")
        self.command_executed.emit(text, result.exit_code)
        return result.exit_code

    def _execute(self, text: str):
        """kubectl's Result: a read on a big simulator in a worker thread against a snapshot (the same text
        as running it here), anything else here."""
        sim = self._current()
        store = getattr(sim, "store", None)
        if store is None or len(store.objects) <= OFF_THREAD_OBJECTS or not is_read_command(text):
            return self._kubectl.run(text)
        reader = Kubectl(read_snapshot(sim), self._kubectl.default_namespace, self._kubectl.max_wait)
        return offthread.run_and_wait(lambda: reader.run(text), keep=True)

    def submit(self) -> None:
        text = self.input.text()
        self.input.clear()
        self.run_command(text)

    # history -------------------------------------------------------------------------------------------
    def move_history(self, delta: int) -> None:
        if not self.history:
            return
        if self._history_pos == len(self.history):
            self._draft = self.input.text()
        pos = max(0, min(len(self.history), self._history_pos + delta))
        self._history_pos = pos
        self.input.setText(self.history[pos] if pos < len(self.history) else self._draft)

    # completion ----------------------------------------------------------------------------------------
    def complete_current(self) -> list:
        """Complete the word before the cursor; several candidates are listed in the output. Returns them."""
        sim = self._current()
        text = self.input.text()
        cursor = self.input.cursorPosition()
        before, after = text[:cursor], text[cursor:]
        word, candidates = complete(before, sim, self._kubectl.default_namespace) if sim is not None \
            else complete(before, _NoSim(), self._kubectl.default_namespace)
        if not candidates:
            return []
        if len(candidates) == 1:
            replacement = candidates[0] + ("" if candidates[0].endswith("/") else " ")
        else:
            replacement = os.path.commonprefix(candidates)
            self._write("  ".join(candidates) + "\n", "note")
        head = before[:len(before) - len(word)]
        self.input.setText(head + replacement + after)
        self.input.setCursorPosition(len(head + replacement))
        return candidates

    # output --------------------------------------------------------------------------------------------
    def _write(self, text: str, style: str) -> None:
        fmt = QTextCharFormat()
        colors = {"error": QColor("#c0392b"), "command": QColor("#1f6feb"), "note": QColor("#6a737d")}
        if style in colors:
            fmt.setForeground(colors[style])
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.End)
        cursor.insertText(text, fmt)
        self.output.setTextCursor(cursor)
        self.output.ensureCursorVisible()

    def _write_long(self, text: str, style: str) -> None:
        """:meth:`_write` in pieces of ``CHUNK_LINES`` lines, one per event-loop turn (a local loop waits for
        the last one). Only the lines the pane keeps are written: the same text stays as writing it all."""
        keep = self.output.maximumBlockCount()
        if text.count("\n") <= CHUNK_LINES:
            self._write(text, style)
            self.last_chunks += 1
            return
        lines = _last_lines(text, keep).splitlines(keepends=True)
        pieces = iter(["".join(lines[i:i + CHUNK_LINES]) for i in range(0, len(lines), CHUNK_LINES)])
        self._write(next(pieces), style)
        self.last_chunks += 1
        loop = QEventLoop()
        timer = QTimer(self)
        timer.setInterval(0)

        def write_next():
            piece = next(pieces, None)
            if piece is None:
                timer.stop()
                loop.quit()
                return
            self._write(piece, style)
            self.last_chunks += 1
        timer.timeout.connect(write_next)
        timer.start()
        try:
            loop.exec()
        finally:
            timer.stop()
            timer.deleteLater()

    def text(self) -> str:
        """Everything in the output pane (for tests)."""
        return self.output.toPlainText()


def _last_lines(text: str, count: int) -> str:
    """The end of ``text`` holding its last ``count`` lines (all of it when ``count`` is 0 or it has fewer);
    found from the end, so 150,000 lines are not all split."""
    if count <= 0:
        return text
    end = len(text) - 1 if text.endswith("\n") else len(text)
    pos = end
    for _ in range(count):
        pos = text.rfind("\n", 0, pos)
        if pos < 0:
            return text
    return text[pos + 1:]


class _NoSim:
    """Stands in for a simulator when none runs: completion then offers commands and types only."""

    class api:  # noqa: N801 - mimics Simulator.api
        @staticmethod
        def list(*args, **kwargs):
            return []
