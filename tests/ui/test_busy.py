"""Progress dialogs show themselves with the workers held back (explorer/ui/busy.py): a window-modal dialog
appearing behind a worker that builds a simulator froze the window for 140-200 ms."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from explorer.ui import busy, memory

MINIMUM_MS = 40


def _as_is(dialog):
    pass


def _reset(dialog):
    dialog.reset()      # the work ended before the dialog's time


def _cancel(dialog):
    dialog.cancel()


def _finished(dialog):
    dialog.setValue(dialog.maximum())   # auto-reset: the last step of a counted run


CASES = {
    # name: (maximum, what happens before the minimum duration, (shown, what the workers saw))
    "busy, still working: shown, workers held from before the show to a few turns after it":
        (0, _as_is, (True, [("hold", False), ("release", True)])),
    "counted, still working: shown the same way": (10, _as_is, (True, [("hold", False), ("release", True)])),
    "reset before its time: never shown, workers never held": (0, _reset, (False, [])),
    "cancelled before its time: never shown": (0, _cancel, (False, [])),
    "counted run finished before its time: never shown": (10, _finished, (False, [])),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_progress_dialog_appears_after_its_minimum_duration_with_the_workers_held(qtbot, monkeypatch, case):
    maximum, before, expected = case
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen = []
    dialogs = []
    hold, release = busy.hold_workers, busy.release_workers
    monkeypatch.setattr(busy, "hold_workers", lambda: (seen.append(("hold", dialogs[0].isVisible())), hold()))
    monkeypatch.setattr(busy, "release_workers",
                        lambda: (seen.append(("release", dialogs[0].isVisible())), release()))
    dialog = busy.progress_dialog(parent, "Working…", "Cancel", MINIMUM_MS, maximum)
    dialogs.append(dialog)
    before(dialog)
    qtbot.wait(MINIMUM_MS + 300)
    assert (dialog.isVisible(), seen) == expected
    assert memory._ui_idle.is_set()     # every hold was released
    dialog.reset()


def test_a_worker_waits_while_the_dialog_appears(qtbot):
    """What the hold is for: a worker calling let_ui_run between two steps waits from the show until a few
    turns after it (not a timing test: it records whether the window's thread was marked busy)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = busy.progress_dialog(parent, "Working…", "Cancel", MINIMUM_MS)
    waits = []
    stop = threading.Event()

    def worker():
        while not stop.is_set():
            if not memory._ui_idle.is_set():
                waits.append(True)
            memory.let_ui_run()
    thread = threading.Thread(target=worker)
    thread.start()
    try:
        qtbot.waitUntil(dialog.isVisible, timeout=2000)
        qtbot.wait(200)
    finally:
        stop.set()
        thread.join()
        dialog.reset()
    assert (bool(waits), memory._ui_idle.is_set()) == (True, True)
