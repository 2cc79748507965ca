"""A script or a crash path that leaves the main window open when the interpreter exits must not print a
traceback (the undo stack announces its clean state while it is destroyed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = """
import os, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui.mainwindow import MainWindow
w = MainWindow(settings=QSettings(os.path.join(tempfile.mkdtemp(dir=os.environ["XDG_CACHE_HOME"]), "s.ini"),
                                  QSettings.IniFormat))
w.show(); app.processEvents()
{edit}
print("done")
"""

# name: what the window does before the interpreter exits with it still open
CASES = {
    "untouched": "",
    "edited": 'w.scene.select_keys([("Node", "", "worker-1")]); w.nudge(10, 0); app.processEvents()',
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_exit_with_the_window_open_prints_no_traceback(name, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(edit=CASES[name])], env=env, capture_output=True,
                          text=True, timeout=120)
    lines = [ln for ln in done.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert (done.returncode, done.stdout.strip(), [ln for ln in lines if "Traceback" in ln or "Error" in ln]) == \
        (0, "done", [])
