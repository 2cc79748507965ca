"""cProfile of dragging a node (real mouse events, 5 px steps, repaint after each) after opening FILE.

    python -m benchmarks.profiles.drag FILE
"""
import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.figures import _drag  # noqa: E402

app = QApplication([])
from explorer.ui.mainwindow import MainWindow  # noqa: E402

settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.IniFormat)
w = MainWindow(settings=settings)
w.autosave_timer.stop()
w.resize(1600, 1000)
w.show()
w.open_path(sys.argv[1], ask=False, background=False)
app.processEvents()
w.view.reset_zoom()
nodes = [k for k in w.scene.items_by_key if k[0] == "Node"]
item = w.scene.items_by_key[nodes[len(nodes) // 2]]
w.view.centerOn(item)
w.view.viewport().grab()
pr = cProfile.Profile()
pr.enable()
print(_drag(app, w.view, item, int(os.environ.get("STEPS", "3")), {}))
pr.disable()
st = pstats.Stats(pr)
st.sort_stats("cumtime").print_stats(25)
